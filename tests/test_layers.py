"""The package's layout as a contract: layers point down, no import cycles, no private names shared.

Every ``import`` and ``from … import`` in checker/ is read from the source (function-level imports
too: a lazy import is still a dependency), except those under ``if TYPE_CHECKING:`` (type hints
only, never run). A failure names the module and the import that broke the contract.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# Top to bottom. A module may import its own layer's modules and those of any layer below it.
LAYERS: list[tuple[str, ...]] = [
    ("checker.__main__",),
    ("checker.cli",),
    ("checker.api",),
    ("checker.run",),
    ("checker.report",),
    ("checker.engine",),
    ("checker.stories",),
    ("checker.rules",),
    ("checker.values",),
    ("checker.config",),
    ("checker.articles",),
    ("checker.match",),
    ("checker.lexicon", "checker.suppress", "checker.globs", "checker.yamlsafe"),
    ("checker.model", "checker"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    best = None
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), rank)
    assert best is not None, f"{module} is in no layer: add its package to LAYERS in {__file__}"
    return best[1]


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(module: str) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every run-time import of ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, list[str], int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [alias.name for alias in node.names]
            submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES]
            if submodules:  # ``from checker.run import work`` imports the module checker.run.work
                found.extend((sub, [], node.lineno) for sub in submodules)
            rest = [n for n in names if f"{base}.{n}" not in MODULES]
            if rest or not submodules:
                found.append((base, rest, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return [(target, names, line) for target, names, line in found if target in MODULES]


GRAPH = {module: imports(module) for module in MODULES}


# The one upward import allowed: the package root re-exports the Python API lazily (a module
# ``__getattr__``, so ``from checker import check`` works and ``import checker`` stays light).
ALLOWED_UPWARD = {("checker", "checker.api")}


def test_layers_point_down() -> None:
    upward = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: {m} imports {target} (a layer above it)"
              for m, edges in GRAPH.items() for target, _, line in edges
              if layer_of(target) < layer_of(m) and (m, target) not in ALLOWED_UPWARD]
    assert not upward, "\n".join(upward)


def test_no_import_cycles() -> None:
    # Tarjan's strongly connected components over the module graph
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w, _, _ in GRAPH[v]:
            if w == v or w == "checker":
                continue
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            connect(module)
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_no_private_names_across_modules() -> None:
    private = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: {m} takes {name} from {target}"
               for m, edges in GRAPH.items() for target, names, line in edges
               for name in names if name.startswith("_") and not name.endswith("__") and target != m]
    assert not private, "\n".join(private)


def test_no_module_named_with_another_modules_prefix() -> None:
    flat = [p.stem for p in PACKAGE.glob("*.py")]
    prefixed = [name for name in flat if "_" in name.strip("_") and name.split("_")[0] in {*flat, "cli", "rule"}]
    prefixed += [name for name in flat if name.startswith("rule")]
    assert not prefixed, f"modules that belong in a folder: {prefixed}"


@pytest.mark.parametrize("package", sorted(m for m, p in MODULES.items() if p.name == "__init__.py"))
def test_every_package_says_what_it_owns(package: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8")))
    assert docstring and len(docstring) > 60, f"{MODULES[package]}: say what the package owns and may import"


def test_the_walker_reads_lazy_imports_and_ranks_layers() -> None:
    """The walker itself, so that the contract cannot pass by reading nothing: an import inside a
    function counts, one under TYPE_CHECKING does not."""
    assert any(t == "checker.run.lint" for t, _, _ in GRAPH["checker.cli.app"])  # imported in a function
    assert not any(t.startswith("checker.rules") for t, _, _ in GRAPH["checker.values.base"])  # a type hint
    assert layer_of("checker.cli.app") < layer_of("checker.engine.extract") < layer_of("checker.model")
