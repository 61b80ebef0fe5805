"""Spanish is complete: every string the code and templates mark for translation has a Spanish text."""
import ast
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("dialogues/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}


def marked_strings() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, METHODS, keywords=KEYWORDS, directory_filter=lambda path: not Path(path).name.startswith(".")):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_marked_string_has_a_spanish_translation():
    with open(ROOT / "dialogues/translations/es/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle, locale="es")
    translated = {(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog
                  if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])}
    missing = sorted(marked_strings() - translated)
    assert not missing, f"{len(missing)} strings without Spanish (run `make extract` and translate): {missing[:10]}"


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
