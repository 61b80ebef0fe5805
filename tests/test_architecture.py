"""The shape of the code that the design notes promise (docs/architecture.md), kept by tests.

- Routes never commit: every HTTP write goes through the door in ``dialogues/web.py``.
- No import cycle between the package's modules, not even one hidden behind a function-level import.
- "May this person do this" is asked one way (``permissions.can``/``require``): nobody else catches
  NotPermitted to turn a rule into a yes or no.
- "This row of this dialogue, or not found" is written once (``rows.load``).
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dialogues"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


MODULES = _modules()


def _trees():
    for name, path in MODULES.items():
        yield name, path, ast.parse(path.read_text(encoding="utf-8"))


def _imported(module: str, path: Path, node: ast.AST) -> list[str]:
    """The package's modules that one import statement names."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in MODULES]
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(base + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    names = [f"{base}.{alias.name}" for alias in node.names]
    return [name if name in MODULES else base for name in names if (name if name in MODULES else base) in MODULES]


def _graph() -> dict[str, set[str]]:
    """Every import, at module level or inside a function, between the package's modules. The root
    package (the app factory, which wires every area together) is left out: nothing imports it."""
    graph = {name: set() for name in MODULES if name != "dialogues"}
    for name, path, tree in _trees():
        if name == "dialogues":
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                graph[name].update(t for t in _imported(name, path, node) if t not in (name, "dialogues"))
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_in_the_package():
    graph = _graph()
    assert graph["dialogues.comments.services"]  # the graph is read, not empty
    assert _cycles(graph) == []


def test_routes_never_commit():
    """The HTTP door commits (dialogues/web.py); a route that commits itself bypasses it."""
    offenders = []
    for name, path, tree in _trees():
        if path.name != "routes.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "commit":
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []


def test_permissions_are_asked_one_way():
    """Only permissions.can turns a rule's NotPermitted into a yes or no."""
    offenders = []
    for name, path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and "NotPermitted" in ast.unparse(node.type or ast.Name("")):
                if name != "dialogues.permissions":
                    offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []


def test_rows_are_loaded_one_way():
    """Nobody but rows.load compares a row's owner to decide "not found"."""
    offenders = []
    for name, path, tree in _trees():
        if name == "dialogues.rows":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "NotFound" in ast.unparse(node) and ".dialogue_id !=" in ast.unparse(node.test):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []


def test_every_area_registers_itself():
    from dialogues import AREAS

    for area in AREAS:
        assert "def init_app" in (PACKAGE / area / "__init__.py").read_text(encoding="utf-8"), area
