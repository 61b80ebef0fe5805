"""The exports package's shape (issue 13): the formats are named in one registry, exports.formats, that
the page, the CLI, the job runner and the renderer read; and no module of the package imports another
that imports it back, directly or around a loop."""
import ast
from pathlib import Path

from dialogues.exports.formats import FORMATS

PACKAGE = Path(__file__).parents[2] / "dialogues" / "exports"
MODULES = {path.stem: ast.parse(path.read_text()) for path in PACKAGE.glob("*.py")}


def _imports(tree: ast.Module) -> set[str]:
    """Modules of the package that this one imports (``from . import x``, ``from .x import y``)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module.split(".")[0]] if node.module else [alias.name for alias in node.names]
            found |= {name for name in names if name in MODULES}
    return found


def test_no_import_cycle_in_exports():
    graph = {name: _imports(tree) for name, tree in MODULES.items()}
    done, path = set(), []

    def visit(name: str) -> None:
        assert name not in path, "import cycle: " + " → ".join(path[path.index(name):] + [name])
        if name in done:
            return
        path.append(name)
        for imported in sorted(graph[name]):
            visit(imported)
        path.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_formats_are_named_in_one_place():
    keys = set(FORMATS) | {"csv"}
    named = {(name, node.value) for name, tree in MODULES.items() for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and node.value in keys}
    assert {name for name, _key in named} == {"formats"}, sorted(named)
