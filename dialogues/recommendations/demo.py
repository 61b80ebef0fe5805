"""Demo recommendations for the demo dialogues, with stances so the matrix shows every verdict.

Expected verdicts, in both (La Paz / Ouagadougou): financing / due diligence — joint; one-stop window /
traceability — contested (government opposes); safety — too few stances from government; mercury —
adopted, with follow-up; women miners — draft.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..accounts.services import find_user_by_email
from ..agenda.models import AgendaItem
from ..comments.models import Comment
from ..extensions import db
from ..roundtable.models import Dialogue
from ..roundtable.services import membership
from . import services


@dataclass(frozen=True)
class Script:
    """What happens to one demo dialogue's recommendations (e-mails are the demo accounts')."""

    moderator: str
    organizer: str
    drafter: str  # proposes the last one, left as a draft
    # (title, text, actors, status, stances {e-mail: (kind, note)})
    recommendations: list[tuple]
    added_line: str  # the moderator's revision of the first one adds this line…
    added_actor: str  # …and this actor
    amendments: list[tuple[str, int, str, str]]  # (e-mail, recommendation index, text, reason)
    representative: str  # designated for their organization; endorses the first one
    endorsement: str
    responsible: str  # the follow-up of the adopted one
    progress_note: str


_RECOMMENDATIONS_ES = [
    ("Mecanismos de financiamiento flexibles para tecnologías limpias",
     "Que el **Fondo Financiero Minero** abra líneas de crédito con garantías adaptadas a las cooperativas "
     "auríferas, para invertir en tecnologías limpias:\n\n- plazos de gracia acordes al ciclo productivo\n"
     "- garantías sobre maquinaria y producción futura\n- asistencia técnica para preparar los proyectos",
     ["Ministerio de Minería y Metalurgia", "Fondo Financiero Minero", "FENCOMIN"], "discussion",
     {"minero1@demo.oro": ("support", ""), "minera2@demo.oro": ("support", ""), "minero3@demo.oro": ("support", ""),
      "minera4@demo.oro": ("reservations", "Que una parte sea para cooperativas con socias mujeres."),
      "funcionaria1@demo.oro": ("support", ""),
      "funcionario2@demo.oro": ("reservations", "Sujeto al presupuesto 2027."),
      "funcionario3@demo.oro": ("support", ""), "ong@demo.oro": ("support", ""),
      "moderador@demo.oro": ("support", "")}),
    ("Ventanilla única de formalización entre la AJAM y las cooperativas",
     "Crear una **ventanilla única** donde las cooperativas tramiten contratos administrativos mineros, "
     "licencias ambientales y registro en un solo lugar, con plazos máximos publicados.",
     ["AJAM", "Viceministerio de Cooperativas Mineras", "FERRECO"], "discussion",
     {"minero1@demo.oro": ("support", ""), "minera2@demo.oro": ("support", ""), "minero3@demo.oro": ("support", ""),
      "funcionaria1@demo.oro": ("oppose", "Las competencias ambientales no son de la AJAM; hace falta una ley."),
      "funcionario2@demo.oro": ("oppose", "Preferimos fortalecer las oficinas regionales existentes."),
      "funcionario3@demo.oro": ("support", ""), "ong@demo.oro": ("reservations", "Con control social de los plazos.")}),
    ("Programa de seguridad y salud ocupacional con equipos de protección personal",
     "Un programa conjunto de **seguridad y salud ocupacional** con dotación de equipos de protección personal, "
     "capacitación en interior mina y seguimiento de accidentes por cooperativa.",
     ["Ministerio de Trabajo", "Cooperativas mineras", "Caja Nacional de Salud"], "discussion",
     {"minero1@demo.oro": ("support", ""), "minera4@demo.oro": ("support", ""),
      "funcionario3@demo.oro": ("support", "")}),
    ("Reemplazo del mercurio con tecnología gravimétrica y asistencia técnica",
     "Acompañar a las cooperativas en el reemplazo del mercurio por **concentración gravimétrica** (mesas "
     "vibratorias, centrífugas), con asistencia técnica en campo y acceso a mercados *Fairmined*.",
     ["SERGEOMIN", "Viceministerio de Cooperativas Mineras", "Alianza por la Minería Responsable"], "adopted",
     {"minero1@demo.oro": ("support", ""), "minera2@demo.oro": ("support", ""), "minero3@demo.oro": ("support", ""),
      "funcionaria1@demo.oro": ("support", ""), "funcionario3@demo.oro": ("support", ""),
      "ong@demo.oro": ("support", ""), "moderador@demo.oro": ("support", "")}),
    ("Visibilidad de las mujeres mineras y pallaqueras",
     "Reconocer a las **pallaqueras** y a las socias de cooperativas en los registros oficiales y en las "
     "mesas de diálogo, con datos desagregados por género.",
     ["Red Nacional de Mujeres y Minería", "Viceministerio de Cooperativas Mineras"], "draft", {}),
]

_RECOMMENDATIONS_FR = [
    ("Un dispositif d’appui au devoir de diligence pour les coopératives d’orpailleurs",
     "Que l’**ANEEMAS** et la **FNOB** mettent en place un dispositif d’appui au devoir de diligence selon le "
     "Guide de l’OCDE, pour les coopératives d’orpailleurs :\n\n- une cartographie des risques par site\n"
     "- un secrétaire formé par coopérative à la tenue des registres\n- des formations sur les sites, en "
     "langues nationales",
     ["ANEEMAS", "FNOB", "Ministère de l’Énergie, des Mines et des Carrières"], "discussion",
     {"orpailleur1@ouaga.demo.oro": ("support", ""), "orpailleuse2@ouaga.demo.oro": ("support", ""),
      "orpailleur3@ouaga.demo.oro": ("support", ""),
      "orpailleuse4@ouaga.demo.oro": ("reservations", "Que les coopératives de femmes soient dans la phase pilote."),
      "fonctionnaire1@ouaga.demo.oro": ("support", ""),
      "fonctionnaire2@ouaga.demo.oro": ("reservations", "Sous réserve du budget 2027 de l’agence."),
      "fonctionnaire3@ouaga.demo.oro": ("support", ""), "ong@ouaga.demo.oro": ("support", ""),
      "moderateur@ouaga.demo.oro": ("support", "")}),
    ("Traçabilité obligatoire de l’or jusqu’au comptoir d’achat agréé",
     "Rendre obligatoire un **bordereau de traçabilité** pour tout or vendu par un site encadré, contrôlé au "
     "comptoir d’achat agréé, avec un registre public des comptoirs.",
     ["Ministère de l’Énergie, des Mines et des Carrières", "BUMIGEB", "Comptoirs d’achat agréés"], "discussion",
     {"orpailleur1@ouaga.demo.oro": ("support", ""), "orpailleuse2@ouaga.demo.oro": ("support", ""),
      "orpailleur3@ouaga.demo.oro": ("support", ""),
      "fonctionnaire1@ouaga.demo.oro": ("oppose", "Un bordereau obligatoire demande d’abord un décret."),
      "fonctionnaire2@ouaga.demo.oro": ("oppose", "Nous préférons renforcer les contrôles existants de l’ANEEMAS."),
      "fonctionnaire3@ouaga.demo.oro": ("support", ""),
      "ong@ouaga.demo.oro": ("reservations", "Avec un suivi par la société civile.")}),
    ("Sécurisation des puits et équipements de protection sur les sites",
     "Un programme conjoint de **sécurisation des sites** : boisage des puits, équipements de protection "
     "individuelle, et suivi des accidents par site avec l’ONASSIM.",
     ["ONASSIM", "Coopératives d’orpailleurs", "Ministère de la Santé"], "discussion",
     {"orpailleur1@ouaga.demo.oro": ("support", ""), "orpailleuse4@ouaga.demo.oro": ("support", ""),
      "fonctionnaire3@ouaga.demo.oro": ("support", "")}),
    ("Réduction du mercure par la gravimétrie et l’appui technique",
     "Accompagner les coopératives dans la réduction du mercure par la **concentration gravimétrique** (tables "
     "à secousses, concentrateurs centrifuges), avec un appui technique sur site, conformément à la Convention "
     "de *Minamata*.",
     ["BUMIGEB", "ANEEMAS", "Alliance pour une mine responsable"], "adopted",
     {"orpailleur1@ouaga.demo.oro": ("support", ""), "orpailleuse2@ouaga.demo.oro": ("support", ""),
      "orpailleur3@ouaga.demo.oro": ("support", ""), "fonctionnaire1@ouaga.demo.oro": ("support", ""),
      "fonctionnaire3@ouaga.demo.oro": ("support", ""), "ong@ouaga.demo.oro": ("support", ""),
      "moderateur@ouaga.demo.oro": ("support", "")}),
    ("Reconnaissance des femmes orpailleuses",
     "Reconnaître les **femmes orpailleuses** (concassage, lavage, commerce) dans les cartes d’orpailleur et "
     "les registres des coopératives, avec des données ventilées par sexe.",
     ["Réseau des femmes dans les mines du Burkina", "ANEEMAS"], "draft", {}),
]

SCRIPTS = {
    "es": Script(
        moderator="moderador@demo.oro", organizer="organizadora@demo.oro", drafter="minera4@demo.oro",
        recommendations=_RECOMMENDATIONS_ES,
        added_line="- un fondo de garantía compartido con la cooperación", added_actor="BID Lab",
        amendments=[
            ("funcionario2@demo.oro", 1,
             "Fortalecer las oficinas regionales de la AJAM con un **punto de atención** para cooperativas.",
             "Se logra lo mismo sin crear una institución nueva."),
            ("minera2@demo.oro", 4, _RECOMMENDATIONS_ES[4][1]
             + " Incluir a las pallaqueras en los programas de seguridad social.",
             "Sin seguro, las pallaqueras quedan fuera de toda protección."),
        ],
        representative="minero1@demo.oro", endorsement="FENCOMIN respalda esta recomendación.",
        responsible="SERGEOMIN", progress_note="Primera mesa técnica con tres cooperativas de Yani."),
    "fr": Script(
        moderator="moderateur@ouaga.demo.oro", organizer="organisatrice@ouaga.demo.oro",
        drafter="orpailleuse4@ouaga.demo.oro", recommendations=_RECOMMENDATIONS_FR,
        added_line="- un fonds de garantie partagé avec les partenaires techniques et financiers",
        added_actor="Union européenne",
        amendments=[
            ("fonctionnaire2@ouaga.demo.oro", 1,
             "Renforcer les **contrôles de l’ANEEMAS** dans les comptoirs d’achat, avec un registre public des "
             "comptoirs agréés.",
             "On obtient le même résultat sans nouveau texte réglementaire."),
            ("orpailleuse2@ouaga.demo.oro", 4, _RECOMMENDATIONS_FR[4][1]
             + " Inclure les femmes orpailleuses dans les programmes de protection sociale.",
             "Sans protection sociale, les femmes des sites restent sans aucune couverture."),
        ],
        representative="orpailleur1@ouaga.demo.oro", endorsement="La FNOB appuie cette recommandation.",
        responsible="BUMIGEB", progress_note="Première séance technique avec trois coopératives de Kalsaka."),
}


def _discussion(dialogue: Dialogue) -> list[tuple[int, list[int]]]:
    """(agenda item id, its first comments' ids) for the demo agenda's substantive items, in order."""
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id)
                               .order_by(AgendaItem.position)).all()[1:6]
    return [(item.id, db.session.scalars(select(Comment.id).where(Comment.item_id == item.id, Comment.parent_id.is_(None))
                                         .order_by(Comment.id).limit(2)).all()) for item in items]


def seed(dialogue: Dialogue) -> None:
    """Propose, discuss and decide the demo recommendations through the services (events included).

    Each comes from one demo agenda item and cites that item's first comments, where they exist.
    """
    script = SCRIPTS[dialogue.language]
    user = find_user_by_email
    moderator = user(script.moderator)
    dialogue.participants_may_propose = True
    made = []
    origins = _discussion(dialogue)
    for n, (title, body, actors, status, stances) in enumerate(script.recommendations):
        proposer = user(script.drafter) if status == "draft" else moderator
        item_id, source_ids = origins[n] if n < len(origins) else (None, [])
        rec = services.propose(dialogue, proposer, {"title": title, "body": body, "actors": actors, "item_id": item_id,
                                                    "source_ids": source_ids})
        if status != "draft":
            services.set_status(dialogue, moderator, rec, "discussion")
        for email, (kind, note) in stances.items():
            services.set_stance(dialogue, user(email), rec, kind, note)
        if status == "adopted":
            services.set_status(dialogue, moderator, rec, "adopted")
            services.set_follow_up(dialogue, moderator, rec, {
                "responsible_actor": script.responsible, "due_date": date.today() + timedelta(days=120),
                "status": "in_progress"})
            services.add_progress_note(dialogue, moderator, rec, {
                "on": date.today(), "body": script.progress_note})
        made.append(rec)
    first = made[0]
    services.edit(dialogue, moderator, first, {
        "title": first.title, "body": first.body + "\n" + script.added_line,
        "actors": first.actors + [script.added_actor], "base_revision_id": services.latest_revision(first).id})
    for email, index, body, reason in script.amendments:
        services.propose_amendment(dialogue, user(email), made[index], {"body": body, "reason": reason})
    representative = user(script.representative)
    services.designate_representative(dialogue, user(script.organizer), membership(dialogue, representative))
    services.endorse(dialogue, representative, first, True, script.endorsement)
