"""The demo dialogue's outcome document: an executive summary and the organizer's logo (an SVG, so the
demo goes through the same check and rasterisation as an upload)."""
from ..accounts.services import find_user_by_email
from ..roundtable.models import Dialogue
from . import outcome

ORGANIZER = "organizadora@demo.oro"
SUMMARY = (
    "Durante una jornada en La Paz, cooperativas mineras auríferas, el Estado y la sociedad civil debatieron "
    "cómo avanzar hacia una **minería aurífera responsable**.\n\n"
    "- El reemplazo del mercurio por concentración gravimétrica fue **adoptado** con apoyo de todos los grupos.\n"
    "- El financiamiento de tecnologías limpias reúne apoyo conjunto y espera su adopción formal.\n"
    "- La ventanilla única de formalización sigue impugnada por el gobierno: se propuso una enmienda.\n\n"
    "Este documento recoge la posición de cada grupo de actores y los compromisos de seguimiento."
)
LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="440" height="100" viewBox="0 0 440 100">
<circle cx="50" cy="50" r="42" fill="#d4a017"/><circle cx="50" cy="50" r="28" fill="#fff8e1"/>
<path d="M32 62 L50 30 L68 62 Z" fill="#8a6d0b"/>
<text x="105" y="46" font-family="DejaVu Sans" font-size="26" font-weight="bold" fill="#5d4a07">Cumbre del Sajama</text>
<text x="105" y="76" font-family="DejaVu Sans" font-size="16" fill="#5d4a07">Diálogos del Oro</text></svg>""".encode()


def seed(dialogue: Dialogue) -> None:
    organizer = find_user_by_email(ORGANIZER)
    outcome.save_summary(dialogue, organizer, SUMMARY)
    outcome.add_logo(dialogue, organizer, "organizer", "Cumbre del Sajama", LOGO)
