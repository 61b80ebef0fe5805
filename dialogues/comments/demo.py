"""Demo threads on the demo dialogue's agenda items: miners, officials and the NGO in their own words.

Goes through the services, so the comments have their events like real ones. Without agenda
items (the agenda's demo seeds them first) it creates nothing.
"""
from sqlalchemy import select

from ..accounts.services import find_user_by_email
from ..agenda.models import AgendaItem
from ..extensions import db
from ..roundtable.models import Dialogue
from . import services

# One thread per agenda item, in agenda order: (author e-mail, text, anonymous, [(e-mail, text, anonymous)]).
# (agenda position, thread): funding, then occupational health and safety.
THREADS = [
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
]


def _post(dialogue: Dialogue, item: AgendaItem, email: str, body: str, anonymous: bool, parent=None):
    return services.post_comment(dialogue, find_user_by_email(email), item, body, anonymous=anonymous,
                                 parent_id=parent.id if parent else None, show_group=True)


def seed(dialogue: Dialogue) -> None:
    items = {item.position: item for item in db.session.scalars(
        select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id))}
    for item, thread in ((items[position], thread) for position, thread in THREADS if position in items):
        for email, body, anonymous, replies in thread:
            top = _post(dialogue, item, email, body, anonymous)
            for reply in replies:
                _post(dialogue, item, *reply, parent=top)
