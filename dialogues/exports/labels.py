"""Wording shared by every document format (HTML/PDF, DOCX, Markdown), in the forced locale: dates,
times, numbers and percentages all through Babel, in the document's language."""
import base64
import re
from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from ..templating import colon, listed, timezone_name

STANCE_KEYS = ("support", "reservations", "oppose", "abstain")
UTC = ZoneInfo("UTC")


def stance_headers() -> list[str]:
    return [_("Support"), _("Support with reservations"), _("Oppose"), _("Abstain")]


# The PDF's stance table gives the four counts in one cell ("23 · 3 · 3 · 4" under "Support · Support with
# reservations · Oppose · Abstain"): each cell is a piece of text WeasyPrint lays out, paints and tags, and
# the 50 tables of a big dialogue had 2,000 of them. The DOCX, Markdown and CSV keep a column per stance.
STANCE_SEPARATOR = " · "


def stance_heading() -> str:
    return STANCE_SEPARATOR.join(stance_headers())


def stance_counts(cell: dict) -> str:
    return STANCE_SEPARATOR.join(number(cell[k]) for k in STANCE_KEYS)


def yes_no(value: bool) -> str:
    """A yes/no cell of a CSV table, in the export's language."""
    return _("yes") if value else _("no")


def day(value: date | datetime | None, tz: str | None = None) -> str:
    """A date in words ("1 de diciembre de 2026"); a naive-UTC datetime is first moved into ``tz``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=UTC).astimezone(ZoneInfo(tz or "UTC")).date()
    return format_date(value, "long", locale=get_locale())


def time(value: datetime, tz: str) -> str:
    """A time of day without seconds, in the dialogue's time zone ("9:00"; "9:00 AM" in English)."""
    return format_time(value.replace(tzinfo=UTC), "short", tzinfo=ZoneInfo(tz), locale=get_locale())


def zone(tz: str) -> str:
    """The time zone in words ("hora de Bolivia"), as every page names it."""
    return timezone_name(tz)


def number(value: int) -> str:
    return format_decimal(value)


def percent(value: int | None) -> str:
    return "—" if value is None else format_percent(value / 100)


def span(start: datetime | None, end: datetime | None, tz: str) -> str:
    """'9:00 – 9:45' in the dialogue's time zone; '—' when it did not happen."""
    if start is None:
        return "—"
    return f"{time(start, tz)} – {time(end, tz)}" if end else time(start, tz)


def dates_line(d: dict) -> str:
    """When the dialogue took place, in words, with its time zone named."""
    tz, local = d["timezone"], lambda value: value.replace(tzinfo=UTC).astimezone(ZoneInfo(d["timezone"]))
    start, end = local(d["starts_at"]), local(d["ends_at"])
    first_day = format_date(start.date(), "full", locale=get_locale())
    if start.date() == end.date():
        return _("%(day)s, from %(start)s to %(end)s (%(zone)s)", day=first_day, start=time(d["starts_at"], tz),
                 end=time(d["ends_at"], tz), zone=zone(tz))
    return _("From %(first_day)s, %(start)s, to %(last_day)s, %(end)s (%(zone)s)", first_day=first_day,
             start=time(d["starts_at"], tz), last_day=format_date(end.date(), "full", locale=get_locale()),
             end=time(d["ends_at"], tz), zone=zone(tz))


def cover_lines(d: dict) -> list[str]:
    place = ", ".join(filter(None, (d["venue"], d["region"], d["country"])))
    lines = [colon(_("Dates")) + " " + dates_line(d)]
    if place:
        lines.append(colon(_("Place")) + " " + place)
    if d["organizers"]:
        lines.append(colon(_("Organized by")) + " " + listed(d["organizers"]))
    if d["funders"]:
        lines.append(colon(_("With the support of")) + " " + listed(d["funders"]))
    return lines


def version_line(doc: dict) -> str:
    """"Final · version 2 · 3 de diciembre de 2026": the status, version and its date."""
    outcome = doc["outcome"]
    return _("%(status)s · version %(version)d · %(date)s", status=outcome["status_label"],
             version=outcome["version"], date=day(outcome["date"], doc["dialogue"]["timezone"]))


def checksum_line(doc: dict) -> str:
    return _("Content checksum (SHA-256): %(checksum)s", checksum=doc["checksum"])


def tallies_line(doc: dict) -> str:
    """Each figure with its own plural ("1 adoptada", "2 adoptadas")."""
    t = doc["outcome"]["tallies"]

    def counted(singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n, count=number(n))

    return _("%(discussed)s: %(adopted)s, %(joint)s, %(contested)s.",
             discussed=counted("%(count)s recommendation discussed", "%(count)s recommendations discussed", t["recommendations"]),
             adopted=counted("%(count)s adopted", "%(count)s adopted", t["adopted"]),
             joint=counted("%(count)s with joint support of every group that took a stance",
                           "%(count)s with joint support of every group that took a stance", t["joint"]),
             contested=counted("%(count)s contested", "%(count)s contested", t["contested"]))


def absent_groups_line(matrix: dict) -> str:
    return _("No participants who may take a stance from: %(groups)s.", groups=listed(matrix["absent_groups"]))


def annex_groups(participants: list[dict]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """The annex (already in order) as [(group, [(organization, [names])])]."""
    return [(group, [(organization, [p["name"] for p in people])
                     for organization, people in groupby(rows, key=lambda p: p["organization"])])
            for group, rows in groupby(participants, key=lambda p: p["group"])]


def amendment_line(a: dict) -> str:
    line = colon(a["state_label"]) + " " + a["body"]
    if a["reason"]:
        line += " — " + _("Reason given: %(reason)s", reason=a["reason"])
    if a["decision_reason"]:
        line += " — " + _("Decision: %(reason)s", reason=a["decision_reason"])
    return line


def endorsement_line(e: dict, tz: str) -> str:
    line = _("%(organization)s, by %(representative)s, on %(day)s", organization=e["organization"],
             representative=e["representative"], day=day(e["endorsed_at"], tz))
    return colon(line) + " " + _("“%(quote)s”", quote=e["statement"]) if e["statement"] else line


def recommendation_lists(r: dict, tz: str) -> list[tuple[str, list[str]]]:
    """The lists under a recommendation that has them: (heading, lines)."""
    lists = ((_("Reservations and objections"), [objection_line(o) for o in r["objections"]]),
             (_("Amendments"), [amendment_line(a) for a in r["amendments"]]),
             (_("Endorsed by"), [endorsement_line(e, tz) for e in r["endorsements"]]))
    return [(title, lines) for title, lines in lists if lines]


def follow_up_line(f: dict) -> str:
    return " · ".join((colon(_("Responsible")) + " " + (f["responsible_actor"] or "—"),
                       colon(_("Due")) + " " + (day(f["due_date"]) or "—"), colon(_("Status")) + " " + (f["status_label"] or "—")))


def note_line(note: dict) -> str:
    return colon(day(note["on"])) + " " + note["body"]


def signature_lines(block: dict, tz: str) -> list[str]:
    return [_("Representative: %(name)s", name=block["representative"]),
            _("Endorsed in the application on %(day)s", day=day(block["endorsed_at"], tz)),
            _("Recommendations endorsed: %(numbers)s", numbers=", ".join(map(str, block["recommendations"])))]


def totals_line(figures: dict) -> str:
    """"6 registered participants, 1 attended.": each figure with its own plural ("1 présent", "2 présents")."""
    registered, attended = figures["registered"], figures["attended"]
    return _("%(registered)s, %(attended)s.",
             registered=ngettext("%(count)s registered participant", "%(count)s registered participants", registered,
                                 count=number(registered)),
             attended=ngettext("%(count)s attended", "%(count)s attended", attended, count=number(attended)))


def objection_line(o: dict) -> str:
    """A named person with their group in brackets; an unnamed one is already "a participant from <group>"."""
    who = f'{o["who"]} ({o["group"]})' if o["named"] else o["who"]
    return f'{who} — {o["kind_label"]}: {o["note"]}'


def poll_status(poll: dict) -> str:
    """"Closed · 12 voters"; an open poll says it is still being voted on."""
    state = _("Open: still being voted on") if poll["open"] else poll["state_label"]
    if not poll["results"]:
        return state
    voters = poll["results"]["voters"]
    return state + " · " + ngettext("%(count)s voter", "%(count)s voters", voters, count=number(voters))


def poll_header(poll: dict) -> list[str]:
    return [_("Group"), *[o["label"] for o in poll["results"]["options"]], _("Voters")]


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def line(text: str) -> str:
    """Markdown: one list item per text (line breaks folded)."""
    return " ".join((text or "").split())


def cell(text: str) -> str:
    """Markdown: a table cell (pipes escaped, line breaks folded)."""
    return line(text).replace("|", "\\|")


def count(value: int | None) -> str:
    """A figure, or "not shown" for a suppressed cell (``figures.suppress_small_cells``)."""
    return number(value) if value is not None else _("not shown")


# A Markdown link or image whose target has a scheme other than the web's or mail's.
_UNSAFE_LINK = re.compile(r"\]\(\s*<?(?!https?:|mailto:)[a-z][\w+.-]*:", re.IGNORECASE)


def markdown_text(value) -> str:
    """Everything the Markdown export prints: HTML shown as text, links only to web or mail addresses,
    so that nothing a participant typed runs in whatever viewer opens the file."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _UNSAFE_LINK.sub("](#", text)
