"""The demo dialogues' agendas (La Paz in Spanish, Ouagadougou in French); the second item is running."""
from datetime import timedelta

from ..clock import utcnow
from ..extensions import db
from ..roundtable.models import Dialogue
from .models import AgendaItem, ItemState

# Per dialogue language: (title, presenter, planned minutes, description)
ITEMS = {"es": [
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
], "fr": [
    ("Ouverture et cadrage de l’atelier", "Ministère de l’Énergie, des Mines et des Carrières", 20,
     "Mot de bienvenue, objectifs de l’atelier et règles de participation. Le cadre du Code minier et de "
     "l’encadrement de l’exploitation minière artisanale et à petite échelle (EMAPE)."),
    ("Le devoir de diligence selon le Guide de l’OCDE", "Alliance pour une mine responsable (ARM)", 45,
     "Les cinq étapes du Guide OCDE sur le devoir de diligence pour des chaînes d’approvisionnement "
     "responsables en minerais, et ce qu’elles demandent concrètement à une coopérative d’orpailleurs."),
    ("Cartographie des risques sur les sites d’orpaillage", "ANEEMAS et FNOB", 45,
     "Travail des enfants, sécurité des puits, présence de groupes armés, usage du mercure et du cyanure : "
     "identifier et hiérarchiser les risques site par site."),
    ("Traçabilité de l’or, du site au comptoir d’achat", "BUMIGEB", 30,
     "Registres de production, cartes d’orpailleur, bordereaux de vente et contrôle des comptoirs agréés."),
    ("Réduction du mercure et traitement par gravimétrie", "Alliance pour une mine responsable (ARM)", 40,
     "Expériences de concentration gravimétrique, retortes et appui technique, en lien avec la Convention "
     "de Minamata."),
    ("Place des femmes dans l’orpaillage", "Réseau des femmes dans les mines du Burkina", 30,
     "Les femmes au concassage, au lavage et au commerce sur les sites : reconnaissance, sécurité et "
     "participation aux décisions des coopératives."),
    ("Clôture et recommandations communes", "Organisation de l’atelier", 30,
     "Lecture, ajustement et appui des recommandations communes pour le ministère, l’ANEEMAS, les "
     "fédérations d’orpailleurs et les partenaires techniques et financiers."),
]}


def seed(dialogue: Dialogue) -> list[AgendaItem]:
    """Add the agenda: the opening is over and funding started twelve minutes ago, so the timer ticks."""
    items = [AgendaItem(dialogue_id=dialogue.id, position=position, title=title, presenter=presenter,
                        planned_minutes=minutes, description=description)
             for position, (title, presenter, minutes, description) in enumerate(ITEMS[dialogue.language])]
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
