"""Wording shared by every document format (HTML/PDF, DOCX, Markdown), in the forced locale."""
import re
from datetime import date, datetime

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import gettext as _

from ..templating import local_datetime

STANCE_KEYS = ("support", "reservations", "oppose", "abstain")
CHART_COLOURS = {"support": "#2e7d32", "reservations": "#9ccc65", "oppose": "#c62828", "abstain": "#bdbdbd"}


def stance_headers() -> list[str]:
    return [_("Support"), _("Support with reservations"), _("Oppose"), _("Abstain")]


def yes_no(value: bool) -> str:
    """A yes/no cell of a CSV table, in the export's language."""
    return _("yes") if value else _("no")


def day(value: date | None) -> str:
    return format_date(value, "long", locale=get_locale()) if value else ""


def span(start: datetime | None, end: datetime | None, tz: str) -> str:
    """'10:00 – 10:45' in the dialogue's time zone; '—' when it did not happen."""
    if start is None:
        return "—"
    first = local_datetime(start, tz, "short")
    return f"{first} – {local_datetime(end, tz, 'HH:mm')}" if end else first


def cover_lines(d: dict) -> list[str]:
    place = ", ".join(filter(None, (d["venue"], d["region"], d["country"])))
    lines = [_("Dates") + f': {local_datetime(d["starts_at"], d["timezone"])} – '
                           f'{local_datetime(d["ends_at"], d["timezone"])} ({d["timezone"]})']
    if place:
        lines.append(_("Place") + f": {place}")
    if d["organizers"]:
        lines.append(_("Organized by") + f': {"; ".join(d["organizers"])}')
    if d["funders"]:
        lines.append(_("With the support of") + f': {"; ".join(d["funders"])}')
    return lines


def totals_line(figures: dict) -> str:
    return _("%(registered)d registered participants, %(attended)d attended.",
             registered=figures["registered"], attended=figures["attended"])


def objection_line(o: dict) -> str:
    return f'{o["who"]} ({o["group"]}) — {o["kind_label"]}: {o["note"]}'


def poll_status(poll: dict) -> str:
    """"Closed · 12 voters"; an open poll says it is still being voted on."""
    state = _("Open: still being voted on") if poll["open"] else poll["state_label"]
    return state + " · " + _("%(n)d voters", n=poll["results"]["voters"]) if poll["results"] else state


def poll_header(poll: dict) -> list[str]:
    return [_("Group"), *[o["label"] for o in poll["results"]["options"]], _("Voters")]


def chart_segments(cell: dict) -> list[tuple[str, float]]:
    """(stance, share of all stances incl. abstentions) for a small stacked bar; empty without stances."""
    total = sum(cell[k] for k in STANCE_KEYS)
    return [(k, cell[k] / total) for k in STANCE_KEYS if cell[k]] if total else []


def line(text: str) -> str:
    """Markdown: one list item per text (line breaks folded)."""
    return " ".join((text or "").split())


def cell(text: str) -> str:
    """Markdown: a table cell (pipes escaped, line breaks folded)."""
    return line(text).replace("|", "\\|")


def count(value: int | None, minimum: int) -> str:
    """A figure, or "fewer than N" for a suppressed small cell."""
    return str(value) if value is not None else _("fewer than %(n)d", n=minimum)


# A Markdown link or image whose target has a scheme other than the web's or mail's.
_UNSAFE_LINK = re.compile(r"\]\(\s*<?(?!https?:|mailto:)[a-z][\w+.-]*:", re.IGNORECASE)


def markdown_text(value) -> str:
    """Everything the Markdown export prints: HTML shown as text, links only to web or mail addresses,
    so that nothing a participant typed runs in whatever viewer opens the file."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _UNSAFE_LINK.sub("](#", text)
