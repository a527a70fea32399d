"""The shape of the code: layers import only downward, and no module imports
itself back through others.

Layers, lowest first (a module may import its own layer and those below):
models → ingest → nlp → coding → pipeline/extract → store → fuse/analyze →
alerts/intake/watch/scale/charts/web/report/export → bench → cli. Imports under
``if TYPE_CHECKING:`` are type hints, never run, and do not count.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "flashpoint"

RANKS = {
    "flashpoint": 0, "models": 0, "datafiles": 0, "links": 0,
    "ingest": 1,
    "nlp": 2,
    "coding": 3,
    "pipeline": 4, "extract": 4,
    "store": 5,
    "fuse": 6, "analyze": 6,
    "alerts": 7,
    "intake": 7, "watch": 7, "scale": 7, "charts": 7, "web": 7, "report": 7, "export": 7,
    "bench": 8,
    "cli": 9, "cli_common": 9, "cli_analysis": 9, "cli_report": 9, "cli_watch": 9, "cli_web": 9,
}  # fmt: skip


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, package: str):
    """Every module name an import statement reaches, TYPE_CHECKING blocks left out."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module, tuple(alias.name for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for module, names in _imports(ast.parse(path.read_text()), package):
            subs = [f"{module}.{n}" for n in names if f"{module}.{n}" in mods]
            for target in subs or [module]:
                # a module's own package runs first anyway: not an edge
                if target in mods and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_every_top_level_module_has_a_layer():
    assert {_layer(m) for m in _modules()} <= set(RANKS)


def test_layers_import_only_downward():
    upward = sorted(
        f"{a} -> {b}"
        for a, targets in import_graph().items()
        for b in targets
        if RANKS[_layer(b)] > RANKS[_layer(a)]
    )
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert _cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
