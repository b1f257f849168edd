"""Lazy package attributes: a public name is imported from its module on first use (PEP 562).

Keeps ``import aligntool`` and ``aligntool --help`` light (torch, transformers, lxml load only when used).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(package: str, table: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``table`` maps a public name to the module defining it;
    a name, once imported, is stored in ``namespace`` (the package's globals) so the lookup runs once."""

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
