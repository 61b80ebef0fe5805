"""The demo dialogue's agenda, after the Gold Dialogues held in La Paz; the first item is already running."""
from datetime import timedelta

from ..clock import utcnow
from ..extensions import db
from ..roundtable.models import Dialogue
from .models import AgendaItem, ItemState

# (title, presenter, planned minutes, description)
ITEMS = [
    ("Apertura y encuadre del diálogo", "Viceministerio de Cooperativas Mineras", 20,
     "Bienvenida, objetivos del diálogo y reglas de participación. Marco de la Ley de Minería y Metalurgia."),
    ("Financiamiento para la inversión en tecnologías limpias", "Fondo Financiero Minero", 45,
     "Mecanismos de crédito y garantías para que las cooperativas auríferas inviertan en tecnología "
     "limpia y en asistencia técnica y administrativa."),
    ("Interacción minero–Estado en el marco de la nueva ley minera", "AJAM y FENCOMIN", 45,
     "Trámites de contratos mineros, formalización, plazos de la AJAM y canales de diálogo permanentes "
     "entre las federaciones y el Estado."),
    ("Seguridad y salud ocupacional", "FERRECO", 30,
     "Condiciones de trabajo en las cooperativas, prevención de accidentes y acceso a servicios de salud."),
    ("Reemplazo del mercurio y tecnología gravimétrica", "Alianza por la Minería Responsable (ARM)", 40,
     "Experiencias de concentración gravimétrica, reducción de emisiones de mercurio y el camino hacia "
     "la certificación Fairmined."),
    ("Participación de las mujeres mineras", "Red Nacional de Mujeres y Minería de Bolivia", 30,
     "Barreras que enfrentan las mujeres en las cooperativas (incluidas las seleccionadoras de roca) "
     "y propuestas para su participación en la toma de decisiones."),
    ("Cierre y recomendaciones conjuntas", "Organización del diálogo", 30,
     "Lectura, ajuste y respaldo de las recomendaciones conjuntas para el Ministerio de Minería, "
     "las federaciones y la cooperación internacional."),
]


def seed(dialogue: Dialogue) -> list[AgendaItem]:
    """Add the agenda: the opening is over and funding started twelve minutes ago, so the timer ticks."""
    items = [AgendaItem(dialogue_id=dialogue.id, position=position, title=title, presenter=presenter,
                        planned_minutes=minutes, description=description)
             for position, (title, presenter, minutes, description) in enumerate(ITEMS)]
    now = utcnow()
    opening, funding = items[0], items[1]
    opening.state, opening.started_at = ItemState.DONE, now - timedelta(minutes=36)
    opening.ended_at = now - timedelta(minutes=12)
    opening.elapsed_seconds = 24 * 60
    funding.state, funding.started_at = ItemState.RUNNING, now - timedelta(minutes=12)
    funding.running_since = funding.started_at
    db.session.add_all(items)
    db.session.flush()
    return items
