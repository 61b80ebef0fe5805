"""The demo dialogues' outcome document: an executive summary and the organizer's logo (an SVG, so the
demo goes through the same check and rasterisation as an upload), per dialogue language."""
from sqlalchemy import select

from ..extensions import db
from ..roundtable.models import Dialogue, Participant, Role
from . import outcome

SUMMARIES = {"es": (
    "Durante una jornada en La Paz, cooperativas mineras auríferas, el Estado y la sociedad civil debatieron "
    "cómo avanzar hacia una **minería aurífera responsable**.\n\n"
    "- El reemplazo del mercurio por concentración gravimétrica fue **adoptado** con apoyo de todos los grupos.\n"
    "- El financiamiento de tecnologías limpias reúne apoyo conjunto y espera su adopción formal.\n"
    "- La ventanilla única de formalización sigue impugnada por el gobierno: se propuso una enmienda.\n\n"
    "Este documento recoge la posición de cada grupo de actores y los compromisos de seguimiento."
), "fr": (
    "Pendant deux jours à Ouagadougou, la fédération nationale des orpailleurs, les coopératives, l'État et la "
    "société civile ont examiné comment appliquer le **devoir de diligence** dans la chaîne de l'or artisanal.\n\n"
    "- La traçabilité de l'or des coopératives jusqu'au comptoir a été **adoptée** avec l'appui de tous les groupes.\n"
    "- Les recommandations restantes recueillent un appui conjoint ou attendent leur adoption formelle.\n\n"
    "Ce document rend compte de la position de chaque groupe d'acteurs et des engagements de suivi."
)}
LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="440" height="100" viewBox="0 0 440 100">
<circle cx="50" cy="50" r="42" fill="#d4a017"/><circle cx="50" cy="50" r="28" fill="#fff8e1"/>
<path d="M32 62 L50 30 L68 62 Z" fill="#8a6d0b"/>
<text x="105" y="46" font-family="DejaVu Sans" font-size="26" font-weight="bold" fill="#5d4a07">Cumbre del Sajama</text>
<text x="105" y="76" font-family="DejaVu Sans" font-size="16" fill="#5d4a07">Diálogos del Oro</text></svg>""".encode()


def seed(dialogue: Dialogue) -> None:
    if dialogue.language not in SUMMARIES:
        return
    organizer = db.session.scalars(select(Participant).where(
        Participant.dialogue_id == dialogue.id, Participant.role == Role.ORGANIZER).order_by(Participant.id)).first()
    outcome.save_summary(dialogue, organizer.user, SUMMARIES[dialogue.language])
    if dialogue.language == "es":  # the logo is the Bolivian demo's organizer's
        outcome.add_logo(dialogue, organizer.user, "organizer", "Cumbre del Sajama", LOGO)
