"""Demo threads on the demo dialogues' agenda items: miners, officials and the NGO in their own words.

Goes through the services, so the comments have their events like real ones. Without agenda
items (the agenda's demo seeds them first) it creates nothing.
"""
from sqlalchemy import select

from ..accounts.services import find_user_by_email
from ..agenda.models import AgendaItem
from ..extensions import db
from ..roundtable.models import Dialogue
from . import services

# Per dialogue language, (agenda position, thread), a thread being
# [(author e-mail, text, anonymous, [(e-mail, text, anonymous)])]: in La Paz funding, then occupational
# health and safety; in Ouagadougou due diligence, then traceability.
THREADS = {"es": [
    (1, [
        ("minero1@demo.oro", "En Yani ya probamos retortas, pero sin crédito no podemos comprar equipos de "
         "concentración gravimétrica. El Fondo Financiero Minero pide garantías que una cooperativa pequeña no tiene.",
         False, [
             ("funcionario3@demo.oro", "El Fondo puede aceptar garantías colectivas de la federación. Proponemos "
              "revisar juntos los requisitos con FENCOMIN antes de fin de mes.", False),
             ("minera2@demo.oro", "Y que los plazos de pago sigan la producción: hay meses en que el oro no sale.",
              False),
         ]),
        ("ong@demo.oro", "Desde ARM podemos acompañar los planes de negocio y la certificación Fairmined; el precio "
         "con prima ayuda a pagar el crédito.", False, []),
    ]),
    (3, [
        ("minera4@demo.oro", "Las mujeres seleccionadoras (palliris) no aparecen en los registros de la cooperativa "
         "y quedan fuera de la seguridad social. Pedimos que la AJAM y el Viceministerio las cuenten.", False, [
             ("funcionaria1@demo.oro", "El Viceministerio puede incluir a las palliris en el próximo censo de "
              "cooperativas. Necesitamos que la Red de Mujeres nos ayude a llegar a ellas.", False),
         ]),
        ("minero3@demo.oro", "En algunas cooperativas se sigue quemando amalgama dentro de la vivienda. Nadie lo "
         "dice en voz alta, pero hay niños cerca.", True, [
             ("moderador@demo.oro", "Gracias por decirlo. Lo anotamos para la recomendación sobre salud "
              "ocupacional y mercurio.", False),
         ]),
    ]),
], "fr": [
    (1, [
        ("orpailleur1@ouaga.demo.oro", "À Kalsaka, les acheteurs nous demandent déjà d’où vient l’or, mais personne "
         "ne nous a expliqué le devoir de diligence. Sans appui, une petite coopérative ne peut pas tenir tous ces "
         "registres.", False, [
             ("fonctionnaire2@ouaga.demo.oro", "L’ANEEMAS peut former un secrétaire par coopérative à la tenue des "
              "registres. Nous proposons de commencer avec les coopératives affiliées à la FNOB.", False),
             ("orpailleuse2@ouaga.demo.oro", "Et que les formations se fassent aussi en mooré et en dioula, sur les "
              "sites, pas seulement à Ouagadougou.", False),
         ]),
        ("ong@ouaga.demo.oro", "ARM peut accompagner les coopératives pilotes dans la cartographie des risques ; "
         "c’est la première étape du Guide de l’OCDE.", False, []),
    ]),
    (3, [
        ("orpailleuse4@ouaga.demo.oro", "Les femmes qui lavent et concassent le minerai n’ont pas de carte "
         "d’orpailleur : leur or passe par d’autres mains et n’apparaît dans aucun registre.", False, [
             ("fonctionnaire1@ouaga.demo.oro", "Le ministère peut délivrer des cartes aux femmes des sites "
              "encadrés. Nous avons besoin du Réseau des femmes pour les recenser.", False),
         ]),
        ("orpailleur3@ouaga.demo.oro", "Sur certains sites, des intermédiaires achètent l’or en espèces la nuit, "
         "sans aucun papier. Tout le monde le sait, personne ne le dit.", True, [
             ("moderateur@ouaga.demo.oro", "Merci de le dire. Nous le retenons pour la recommandation sur la "
              "traçabilité jusqu’au comptoir.", False),
         ]),
    ]),
]}


def _post(dialogue: Dialogue, item: AgendaItem, email: str, body: str, anonymous: bool, parent=None):
    return services.post_comment(dialogue, find_user_by_email(email), item, body, anonymous=anonymous,
                                 parent_id=parent.id if parent else None, show_group=True)


def seed(dialogue: Dialogue) -> None:
    items = {item.position: item for item in db.session.scalars(
        select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id))}
    for item, thread in ((items[position], thread) for position, thread in THREADS[dialogue.language]
                         if position in items):
        for email, body, anonymous, replies in thread:
            top = _post(dialogue, item, email, body, anonymous)
            for reply in replies:
                _post(dialogue, item, *reply, parent=top)
