"""The demo dialogues' outcome documents, in each dialogue's language: an executive summary and the
organizer's logo (an SVG, so the demo goes through the same check and rasterisation as an upload)."""
from ..accounts.services import find_user_by_email
from ..roundtable.models import Dialogue
from . import outcome

# Per dialogue language: (the organizer's e-mail, the summary, the logo's organization, the logo's two lines)
OUTCOMES = {
    "es": ("organizadora@demo.oro", (
        "Durante una jornada en La Paz, cooperativas mineras auríferas, el Estado y la sociedad civil debatieron "
        "cómo avanzar hacia una **minería aurífera responsable**.\n\n"
        "- El reemplazo del mercurio por concentración gravimétrica fue **adoptado** con apoyo de todos los grupos.\n"
        "- El financiamiento de tecnologías limpias reúne apoyo conjunto y espera su adopción formal.\n"
        "- La ventanilla única de formalización sigue impugnada por el gobierno: se propuso una enmienda.\n\n"
        "Este documento recoge la posición de cada grupo de actores y los compromisos de seguimiento."),
        "Cumbre del Sajama", ("Cumbre del Sajama", "Diálogos del Oro")),
    "fr": ("organisatrice@ouaga.demo.oro", (
        "Pendant une journée à Ouagadougou, les orpailleurs, l’État et la société civile ont débattu de la mise en "
        "œuvre du **devoir de diligence** dans la filière de l’orpaillage.\n\n"
        "- La réduction du mercure par la concentration gravimétrique a été **adoptée** avec l’appui de tous les "
        "groupes.\n"
        "- Le dispositif d’appui au devoir de diligence réunit un soutien commun et attend son adoption formelle.\n"
        "- La traçabilité obligatoire jusqu’au comptoir reste contestée par l’administration : un amendement a été "
        "proposé.\n\n"
        "Ce document rend compte de la position de chaque groupe de parties prenantes et des engagements de suivi."),
        "Association pour la promotion de l’orpaillage responsable", ("Orpaillage responsable", "Dialogues de l’or")),
}
LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="440" height="100" viewBox="0 0 440 100">
<circle cx="50" cy="50" r="42" fill="#d4a017"/><circle cx="50" cy="50" r="28" fill="#fff8e1"/>
<path d="M32 62 L50 30 L68 62 Z" fill="#8a6d0b"/>
<text x="105" y="46" font-family="DejaVu Sans" font-size="26" font-weight="bold" fill="#5d4a07">{0}</text>
<text x="105" y="76" font-family="DejaVu Sans" font-size="16" fill="#5d4a07">{1}</text></svg>"""


def seed(dialogue: Dialogue) -> None:
    email, summary, name, lines = OUTCOMES[dialogue.language]
    organizer = find_user_by_email(email)
    outcome.save_summary(dialogue, organizer, summary)
    outcome.add_logo(dialogue, organizer, "organizer", name, LOGO.format(*lines).encode())
