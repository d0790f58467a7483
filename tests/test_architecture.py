"""The package shows the flow: every module says what it is, imports only its own stage or a lower layer,
and the import graph (lazy imports inside functions included) has no loop."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipelines" / "guidestat"

# Lower layers first. A module may import its own package (stage) and any lower layer, never a higher one
# or a sibling stage: stages meet in the warehouse, not in code.
LAYERS = [
    {"guidestat", "config", "contract", "failpoints", "languages", "warehouse"},
    {"ingest", "transform", "gate", "publication"},
    {"operations"},
    {"defs"},
    {"tools"},
    {"cli"},
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("guidestat"):
            for alias in node.names:   # `from guidestat.x import y` may import the module guidestat.x.y
                sub = f"{node.module}.{alias.name}"
                found.add(sub if (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists()
                          or (PACKAGE.parent / sub.replace(".", "/") / "__init__.py").exists() else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("guidestat")}
    return found


def graph() -> dict[str, set[str]]:
    """module -> the guidestat modules it imports."""
    return {module_name(p): imports_of(p) - {module_name(p)} for p in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> tuple[int, str]:
    top = module.split(".")[1] if "." in module else "guidestat"
    for i, names in enumerate(LAYERS):
        if top in names:
            return i, top
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def test_the_import_graph_has_no_loop():
    # a package's __init__ importing its own modules is how a package is built, not a loop between concerns
    g = {a: {b for b in bs if not b.startswith(a + ".")} for a, bs in graph().items()}
    graphlib.TopologicalSorter(g).prepare()   # raises CycleError naming the loop


def test_no_module_reaches_up_a_layer_or_across_to_another_stage():
    wrong = []
    for a, b in ((a, b) for a, bs in graph().items() for b in bs):
        (la, pa), (lb, pb) = layer_of(a), layer_of(b)
        if lb > la or (lb == la and la > 0 and pa != pb):
            wrong.append(f"{a} imports {b}")
    assert wrong == []


def test_every_module_says_in_its_first_line_what_it_is():
    silent = [module_name(p) for p in PACKAGE.rglob("*.py") if ast.get_docstring(ast.parse(p.read_text())) is None]
    assert silent == []


def test_the_checks_see_real_edges():
    g = graph()   # the checks above would pass on an empty graph
    assert "guidestat.ingest.load" in g["guidestat.defs.assets"]
    assert "guidestat.publication.extracts" in g["guidestat.publication.release"]
    assert sum(map(len, g.values())) > 50
    bad = {**g, "guidestat.publication.extracts": g["guidestat.publication.extracts"] | {"guidestat.publication.release"}}
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter(bad).prepare()
