"""Structural rules of the package, read from the source with ``ast`` (no imports executed)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "aligntool"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


#: The layers, lowest first (docs/index.md, Architecture): a module imports only its own layer and those below.
LAYERS = ("core", "formats", "engines", "jobs", "api", "cli")
#: Imports inside functions that are allowed, and why: the CLI imports its job when the command runs so
#: that ``aligntool --help`` stays light; the transformers engine imports its logits processor (a torch
#: class) only when it decodes. Anything else goes at the top of the module.
DEFERRED_ALLOWED = ("aligntool.cli.", "aligntool.engines.translation.transformers_engine")


def _imports(name: str, path: Path, known: set[str]) -> dict[str, bool]:
    """Modules of the package that ``name`` imports anywhere in the file (TYPE_CHECKING blocks left out),
    each mapped to whether the import sits inside a function or class (deferred)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for branch in ast.walk(tree)
                   if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
                   for node in ast.walk(branch)}
    deps: dict[str, bool] = {}
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        found: set[str] = set()
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
        else:
            found.update(alias.name for alias in node.names)
        for dep in (found & known) - {name}:
            deps[dep] = deps.get(dep, False) or node.col_offset > 0
    return deps


def _graph_with_deferred() -> dict[str, dict[str, bool]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _graph() -> dict[str, set[str]]:
    return {name: set(deps) for name, deps in _graph_with_deferred().items()}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_no_import_cycles_between_modules() -> None:
    """No cycle, counting imports inside functions (a deferred import must not hide one)."""
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert cycles == []


def test_no_import_cycles_between_packages() -> None:
    """Packages (engines.segmentation, engines.alignment, formats.tmx, jobs.corpus, ...) do not import each
    other in a circle either."""
    packages: dict[str, set[str]] = {}
    for module, deps in _graph().items():
        own = ".".join(module.split(".")[:3])
        for dep in deps:
            other = ".".join(dep.split(".")[:3])
            if other != own and not own.startswith(other + ".") and not other.startswith(own + "."):
                packages.setdefault(own, set()).add(other)
    pairs = sorted((a, b) for a, deps in packages.items() for b in deps if a in packages.get(b, set()) and a < b)
    assert pairs == []


def test_each_layer_imports_only_layers_below() -> None:
    violations = sorted(f"{module} -> {dep}" for module, deps in _graph().items() for dep in deps
                        if (mine := _layer(module)) is not None and (theirs := _layer(dep)) is not None
                        and theirs > mine)
    assert violations == []


def test_imports_inside_functions_only_where_allowed() -> None:
    deferred = sorted(f"{module} -> {dep}" for module, deps in _graph_with_deferred().items()
                      for dep, inside in deps.items()
                      if inside and not (module.startswith(DEFERRED_ALLOWED) or module in DEFERRED_ALLOWED))
    assert deferred == []


def test_import_linter_contract_holds() -> None:
    """The same layering, as the build checks it (``lint-imports``, configured in pyproject.toml)."""
    import os
    import shutil
    import subprocess
    import sys

    import pytest

    linter = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(linter).exists():
        pytest.skip("import-linter is not installed (it is in the test extra)")
    result = subprocess.run([linter, "--no-cache"], cwd=PACKAGE.parent, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)}, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_package_root_is_small_and_init_files_hold_no_logic() -> None:
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= 10, root
    assert not [name for name in root if name.startswith("cli_")]
    with_code = []
    for path in PACKAGE.rglob("__init__.py"):
        if path.parent == PACKAGE:
            continue  # the root re-exports the public API (aligntool.api) lazily, to keep imports light
        body = ast.parse(path.read_text(encoding="utf-8")).body
        if [node for node in body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]:
            with_code.append(str(path.relative_to(PACKAGE)))
    assert with_code == []


def test_glossary_data_model_does_not_import_morphology() -> None:
    """Entries are plain data (formats layer); their inflected forms are the terminology engine's business."""
    graph = _graph()
    assert not [dep for dep in graph["aligntool.formats.glossary.model"] if dep.startswith("aligntool.engines")]
    assert "aligntool.formats.glossary.model" in graph["aligntool.engines.terminology.forms"]


def test_no_module_imports_the_package_root() -> None:
    """Low modules take ``__version__`` from ``aligntool.version``, never from the package root."""
    graph = _graph()
    importers = sorted(name for name, deps in graph.items() if "aligntool" in deps)
    assert importers == []


def _string_constants(path: Path) -> list[tuple[int, str]]:
    """Non-docstring string literals (f-string pieces included) of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_tmx_props_are_named_in_one_place() -> None:
    """Unit props come from ``tmx/writer.py`` (``unit_props``), header props from ``signature.py``."""
    owners = {PACKAGE / "formats" / "tmx" / "writer.py", PACKAGE / "core" / "signature.py"}
    literals = [f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
                for path in sorted(PACKAGE.rglob("*.py")) if path not in owners
                for line, text in _string_constants(path) if text.startswith("x-")]
    assert literals == []


def test_first_line_of_an_exception_has_one_owner() -> None:
    from aligntool.core.errors import first_line

    assert first_line(OSError("\n  Repository not found.\nRequest id: 42\n")) == "Repository not found."
    assert first_line(ValueError("")) == "ValueError"
    assert first_line(KeyError()) == "KeyError"
    copies = [f"{path.relative_to(PACKAGE)}" for path in sorted(PACKAGE.rglob("*.py"))
              if ".splitlines()[0]" in path.read_text(encoding="utf-8")]
    assert copies == []


def test_public_api_names_resolve() -> None:
    """Every name ``aligntool`` exports lazily is the one of :mod:`aligntool.api` (aligntool.core.lazy)."""
    import importlib

    import pytest

    root = importlib.import_module("aligntool")
    api = importlib.import_module("aligntool.api")
    for name in root._LAZY:
        assert getattr(root, name) is getattr(api, name), name
    assert sorted(root._LAZY) == sorted(api.__all__)
    with pytest.raises(AttributeError, match="module 'aligntool' has no attribute 'no_such_name'"):
        root.no_such_name  # noqa: B018
