"""Jinja filters and globals: dates in the dialogue's time zone (one format everywhere), numbers and
percentages in the page's language, counts the page's JavaScript words, the language switcher."""
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.core import get_global
from babel.dates import format_date, format_skeleton, format_time, get_datetime_format, get_timezone_name
from babel.numbers import format_decimal, format_percent
from flask import Flask, request
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from .accounts.forms import LanguageForm
from .permissions import can


# A part of a moment, and the CLDR width of the pattern that joins its date and time.
DATETIME_PARTS = {"datetime": "short", "long": "long", "date": None, "time": None}


def local_datetime(value: datetime | None, tz: str = "UTC", part: str = "datetime") -> str:
    """A naive-UTC datetime in ``tz``, the one way every page shows a moment: the reader's date order
    with a four-digit year and a 24-hour time without seconds, joined as the reader's language joins a
    short date and time (es: 1/12/2026, 09:00; en: 12/1/2026, 09:00; fr: 01/12/2026 09:00). ``part``:
    "datetime", "date", "time", or "long" — the date in words with its time, for mail and the record
    (es: 1 de diciembre de 2026, 09:00; en: December 1, 2026, 09:00; fr: 1 décembre 2026, 09:00).

    Raises ``ValueError`` for any other ``part``: a misspelt name fails where it is written instead of
    quietly showing another format."""
    if part not in DATETIME_PARTS:
        raise ValueError(f"local_datetime: unknown part {part!r}, not one of {', '.join(DATETIME_PARTS)}")
    if value is None:
        return ""
    locale = get_locale()
    moment = value.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(tz))
    time = format_time(moment, "HH:mm", locale=locale)
    if part == "long":
        date = format_date(moment, "long", locale=locale)
    else:
        date = format_skeleton("yMd", moment, locale=locale)
    if part in ("date", "time"):
        return date if part == "date" else time
    # CLDR's pattern joining a date and its time at that width, read as Babel's format_datetime reads it
    # ('…' quotes a literal)
    joined = get_datetime_format(DATETIME_PARTS[part], locale=locale)
    return joined.replace("'", "").replace("{0}", time).replace("{1}", date)


def timezone_name(tz: str) -> str:
    """The time zone in words, in the reader's language: CLDR's generic name ("hora de Perú", "heure du
    Pérou", "Peru Time"), or its standard name where CLDR has no generic one ("hora de Bolivia", "heure
    de Bolivie", "Bolivia Time"; "heure moyenne de Greenwich" in Ouagadougou).

    Babel goes from a missing generic name straight to CLDR's location format, which French writes
    "heure : Bolivie"; CLDR's own type fallback (UTS #35: no generic name, take the standard one) is
    what reads naturally, so the variant is chosen here and Babel words it."""
    zone, locale = ZoneInfo(tz), get_locale()
    key = get_global("zone_aliases").get(tz, tz)
    # The long names CLDR has for the zone itself (UTC's) and for its metazone (Bolivia's), as Babel looks them up
    names = {**locale.meta_zones.get(get_global("meta_zones").get(key), {}).get("long", {}),
             **locale.time_zones.get(key, {}).get("long", {})}
    variant = "standard" if "generic" not in names and "standard" in names else "generic"
    return get_timezone_name(zone, "long", zone_variant=variant, locale=locale)


# Whole numbers among which every CLDR plural category of a language shows (French's and Spanish's
# "many" is the millions), so that each category's form can be rendered through ngettext.
_PLURAL_SAMPLES = (*range(200), 1_000_000)


def plural_texts(render: Callable[[int], str]) -> dict:
    """A count's wording in the page's language for its JavaScript, which fills in the number:
    ``render(n)`` is the string ngettext gives for ``n`` (a template macro calling ngettext, with the
    placeholders passed through). Returns ``{"when": [[rule, text], …], "other": text}``: a text for
    each CLDR plural category that reads differently from "other", with Babel's rule for that category
    ("i in 0..1" in French, so 0 and 1 take the singular; "n in 1" in Spanish). GoldLive.plural
    (live.js) picks the text for a whole number."""
    rule = get_locale().plural_form
    samples: dict[str, int] = {}
    for n in _PLURAL_SAMPLES:
        samples.setdefault(rule(n), n)
    other = str(render(samples.pop("other")))
    when = [[rule.rules[tag], text] for tag, n in samples.items() if (text := str(render(n))) != other]
    return {"when": when, "other": other}


def percent(value: int | None) -> str:
    """A whole percentage (0–100) as the page's language writes it (45 %, 45%); "—" for none."""
    return "—" if value is None else format_percent(value / 100, locale=get_locale())


def decimal(value: float | None, places: int = 2) -> str:
    """A number with ``places`` decimals in the page's language (0,83 / 0.83); "—" for none."""
    return "—" if value is None else format_decimal(value, format="0." + "0" * places, locale=get_locale())


def colon(label: str) -> str:
    """A label and its colon as the reader's language writes them ("Lugar:", "Lieu :")."""
    return _("%(label)s:", label=label)


def listed(items) -> str:
    """Names one after another, set apart by semicolons as the reader's language writes them
    ("A; B", "A ; B"): organizations' names may hold commas of their own."""
    items = list(items)
    joined = items[0] if items else ""
    for item in items[1:]:
        joined = _("%(list)s; %(item)s", list=joined, item=item)
    return joined


def breakable_url(url: str) -> Markup:
    """A URL that wraps after its slashes only, so a join code at its end is never cut in two."""
    return Markup("/<wbr>").join(url.split("/"))


def register_templating(app: Flask) -> None:
    app.jinja_env.filters["colon"] = colon
    app.jinja_env.filters["listed"] = listed
    app.jinja_env.filters["breakable_url"] = breakable_url
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.globals["can"] = can  # templates ask a rule by name, never decide it
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["timezone_name"] = timezone_name
    app.jinja_env.globals["plural_texts"] = plural_texts
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def globals_():
        # formdata=None: this form is only drawn here (reading the body would fail again on a 413 page).
        return {"language_form": LanguageForm(formdata=None, lang=str(get_locale())),
                "current_locale": str(get_locale()), "current_path": request.full_path.rstrip("?")}
