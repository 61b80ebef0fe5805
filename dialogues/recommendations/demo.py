"""Demo recommendations for the La Paz dialogue, with stances so the matrix shows every verdict.

Expected verdicts: financing — joint; one-stop window — contested (government opposes);
OHS — too few stances from government; mercury — adopted, with follow-up; women miners — draft.
"""
from datetime import date, timedelta

from sqlalchemy import select

from ..accounts.services import find_user_by_email
from ..agenda.models import AgendaItem
from ..comments.models import Comment
from ..extensions import db
from ..roundtable.models import Dialogue
from ..roundtable.services import membership
from . import services

MODERATOR = "moderador@demo.oro"

# (title, text, actors, status, stances {e-mail: (kind, note)})
RECOMMENDATIONS = [
    ("Mecanismos de financiamiento flexibles para tecnologías limpias",
     "Que el **Fondo Financiero Minero** abra líneas de crédito con garantías adaptadas a las cooperativas "
     "auríferas, para invertir en tecnologías limpias:\n\n- plazos de gracia acordes al ciclo productivo\n"
     "- garantías sobre maquinaria y producción futura\n- asistencia técnica para preparar los proyectos",
     ["Ministerio de Minería y Metalurgia", "Fondo Financiero Minero", "FENCOMIN"], "discussion",
     {"minero1@demo.oro": ("support", ""), "minera2@demo.oro": ("support", ""), "minero3@demo.oro": ("support", ""),
      "minera4@demo.oro": ("reservations", "Que una parte sea para cooperativas con socias mujeres."),
      "funcionaria1@demo.oro": ("support", ""),
      "funcionario2@demo.oro": ("reservations", "Sujeto al presupuesto 2027."),
      "funcionario3@demo.oro": ("support", ""), "ong@demo.oro": ("support", ""), MODERATOR: ("support", "")}),
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
      "ong@demo.oro": ("support", ""), MODERATOR: ("support", "")}),
    ("Visibilidad de las mujeres mineras y pallaqueras",
     "Reconocer a las **pallaqueras** y a las socias de cooperativas en los registros oficiales y en las "
     "mesas de diálogo, con datos desagregados por género.",
     ["Red Nacional de Mujeres y Minería", "Viceministerio de Cooperativas Mineras"], "draft", {}),
]


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
    user = find_user_by_email
    moderator = user(MODERATOR)
    dialogue.participants_may_propose = True
    made = []
    origins = _discussion(dialogue)
    for n, (title, body, actors, status, stances) in enumerate(RECOMMENDATIONS):
        proposer = user("minera4@demo.oro") if status == "draft" else moderator
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
                "responsible_actor": "SERGEOMIN", "due_date": date.today() + timedelta(days=120),
                "status": "in_progress"})
            services.add_progress_note(dialogue, moderator, rec, {
                "on": date.today(), "body": "Primera mesa técnica con tres cooperativas de Yani."})
        made.append(rec)
    financing, window, *_rest, women = made
    services.edit(dialogue, moderator, financing, {
        "title": financing.title, "body": financing.body + "\n- un fondo de garantía compartido con la cooperación",
        "actors": financing.actors + ["BID Lab"], "base_revision_id": services.latest_revision(financing).id})
    services.propose_amendment(dialogue, user("funcionario2@demo.oro"), window, {
        "body": "Fortalecer las oficinas regionales de la AJAM con un **punto de atención** para cooperativas.",
        "reason": "Se logra lo mismo sin crear una institución nueva."})
    services.propose_amendment(dialogue, user("minera2@demo.oro"), women, {
        "body": women.body + " Incluir a las pallaqueras en los programas de seguridad social.",
        "reason": "Sin seguro, las pallaqueras quedan fuera de toda protección."})
    fencomin = membership(dialogue, user("minero1@demo.oro"))
    services.designate_representative(dialogue, user("organizadora@demo.oro"), fencomin)
    services.endorse(dialogue, user("minero1@demo.oro"), financing, True, "FENCOMIN respalda esta recomendación.")
