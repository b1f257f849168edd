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


def _top_level_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of the package imported when ``name`` is imported (not lazy, not TYPE_CHECKING)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    deps: set[str] = set()
    for stmt in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test):
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*parent, base] if base else parent)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    deps.add(sub if sub in known else base)
            elif isinstance(node, ast.Import):
                deps.update(alias.name for alias in node.names)
    return (deps & known) - {name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _top_level_imports(name, path, set(modules)) for name, path in modules.items()}


def test_no_import_cycles_between_modules() -> None:
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


def test_glossary_inflection_does_not_import_the_model() -> None:
    graph = _graph()
    assert "aligntool.formats.glossary.model" not in graph["aligntool.engines.terminology.inflect"]
    assert "aligntool.engines.terminology.inflect" in graph["aligntool.formats.glossary.model"]


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


def test_lazy_public_names_resolve() -> None:
    """Every lazily exported name of ``aligntool`` and ``aligntool.engines.translation`` imports (aligntool.core.lazy)."""
    import importlib

    import pytest

    for package in ("aligntool",):
        module = importlib.import_module(package)
        for name in module._LAZY:
            assert getattr(module, name) is not None, f"{package}.{name}"
        with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'no_such_name'"):
            module.no_such_name  # noqa: B018
