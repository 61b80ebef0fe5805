"""Every language is complete: every string the code and templates mark for translation has a text in
each catalogue, not fuzzy, with the same placeholders as the English source."""
import ast
import re
from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dialogues.config import LANGUAGES
from dialogues.templating import decimal, local_datetime, percent

from .conftest import login
from .factories import make_user

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("dialogues/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None,
            "counted": (1, 2)}  # as `make extract`: exports/labels.py's plural helper


def marked_strings() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, METHODS, keywords=KEYWORDS, directory_filter=lambda path: not Path(path).name.startswith(".")):
        found.add(message if isinstance(message, str) else message[0])
    return found


TRANSLATED = [code for code in LANGUAGES if code != "en"]  # English is the source text
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def read_catalogue(code: str):
    with open(ROOT / f"dialogues/translations/{code}/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle, locale=code)


def _forms(value) -> list[str]:
    return list(value) if isinstance(value, (tuple, list)) else [value]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_string_is_translated(code):
    catalog = read_catalogue(code)
    translated = {_forms(m.id)[0] for m in catalog if m.id and all(_forms(m.string)) and not m.fuzzy}
    missing = sorted(marked_strings() - translated)
    assert not missing, f"{len(missing)} strings without {code} (run `make extract` and translate): {missing[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_translation_is_fuzzy_empty_or_loses_a_placeholder(code):
    problems = []
    for message in read_catalogue(code):
        if not message.id:
            continue
        source = _forms(message.id)
        if message.fuzzy or not all(_forms(message.string)):
            problems.append(("fuzzy or empty", source[0]))
            continue
        wanted = set(PLACEHOLDER.findall(source[-1]))  # a plural form may leave the count out
        for text in _forms(message.string):
            if set(PLACEHOLDER.findall(text)) - set(PLACEHOLDER.findall(" ".join(source))) or \
                    not wanted - {"%(num)d"} <= set(PLACEHOLDER.findall(text)):
                problems.append(("placeholders differ", source[0], text))
    assert not problems, f"{len(problems)} problems in {code}: {problems[:10]}"


def test_every_language_has_a_catalogue_and_is_offered():
    """A language in config is one the switch offers and Babel can load."""
    from dialogues.accounts.forms import LanguageForm

    assert [code for code, _name in LanguageForm.lang.kwargs["choices"]] == list(LANGUAGES)
    for code in TRANSLATED:
        assert (ROOT / f"dialogues/translations/{code}/LC_MESSAGES/messages.po").exists(), code


def test_no_string_is_marked_inside_an_f_string():
    """Babel's extractor does not look inside f-strings, so such a string never reaches the
    catalogue and stays English in a Spanish page or export (the check above cannot see it)."""
    hidden = []
    for path in sorted((ROOT / "dialogues").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FormattedValue):
                hidden += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in ast.walk(node.value)
                           if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in KEYWORDS]
    assert not hidden, f"translation calls inside f-strings (take them out, then `make extract`): {hidden}"


@pytest.mark.parametrize("code, too_long, bad_email", [
    ("es", "no puede tener más de 120 caracteres", "Email inválido"),
    ("fr", "ne peut pas contenir plus de 120 caractères", "Adresse électronique non valide")])
def test_form_errors_are_in_the_readers_language_beside_their_field(client, code, too_long, bad_email):
    """WTForms' own messages come from its catalogues in the page's language (Flask-WTF's i18n)."""
    page = client.post("/accounts/signup", headers={"Accept-Language": code},
                       data={"name": "x" * 121, "email": "not-an-email", "password": "long-enough-1",
                             "confirm": "long-enough-1", "locale": code}).get_data(as_text=True)
    assert f'lang="{code}"' in page
    assert re.search(rf'id="name-error"[^>]*>[^<]*{too_long}', page), page
    assert re.search(rf'id="email-error"[^>]*>[^<]*{bad_email}', page), page


@pytest.mark.parametrize("header, language", [
    ("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7", "fr"),  # the first the app speaks, not the first listed
    ("fr-BF", "fr"), ("fr-CI,fr;q=0.9", "fr"), ("pt-BR,es;q=0.5", "es"), ("en-GB,fr;q=0.5", "en"), ("zh", "es")])
def test_the_browser_picks_the_first_language_the_app_speaks(client, header, language):
    assert f'lang="{language}"' in client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)


def test_the_chosen_language_is_remembered_for_anonymous_readers_and_accounts(client, login_as):
    client.post("/accounts/language", data={"lang": "fr"})
    assert 'lang="fr"' in client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    user = make_user(locale="es")
    login_as(user)
    client.post("/accounts/language", data={"lang": "fr"})
    assert user.locale == "fr"
    client.post("/accounts/logout")
    fresh = client.application.test_client()  # another device: the account remembers
    login(fresh, user)
    assert 'lang="fr"' in fresh.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)


@pytest.mark.parametrize("code, share, score, date", [("es", "45\u00a0%", "0,83", "1/12/2026, 09:00"),
                                                      ("en", "45%", "0.83", "12/1/2026, 09:00"),
                                                      ("fr", "45\u00a0%", "0,83", "01/12/2026 09:00")])
def test_numbers_percentages_and_dates_are_written_by_babel(app, code, share, score, date):
    with app.test_request_context(headers={"Accept-Language": code}):
        assert percent(45) == share and decimal(0.8312) == score and percent(None) == "—"
        assert local_datetime(datetime(2026, 12, 1, 9, 0), "Africa/Ouagadougou").startswith(date)


def test_a_new_account_keeps_the_language_its_page_was_read_in(client):
    page = client.get("/accounts/signup", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert re.search(r'<option selected value="fr">|<option value="fr" selected>', page), page
