"""How ``--help`` looks: plain text, conventional metavars (FILE, DIR, N, LANG), no Python type names.

typer renders help with rich markup by default, which swallows bracketed words (``[models.<lang>]``,
``aligntool[ct2]``), and shows each parameter's Python type (``<list[Path]>``, ``<int>``). Options get their
metavar where they are declared (``metavar="FILE"``); flags show none. Positional arguments always show the
type in typer, so :func:`click_command` swaps them for :class:`_Argument`, which shows only its metavar.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer
import typer.main
from typer.core import TyperArgument


class _Argument(TyperArgument):
    """A positional argument shown by its metavar (``FILE...``), never by its Python type."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        return self.metavar if self.required else f"[{self.metavar}]"


# An option declared without a metavar still gets a conventional one rather than typer's <type>.
_DEFAULT_METAVARS = {"int": "N", "integer": "N", "float": "NUMBER", "path": "PATH", "str": "TEXT", "text": "TEXT"}


def _default_metavar(param: Any) -> str:
    click_type = getattr(param, "type", None)  # typer before 0.29 kept a click type here
    name = getattr(click_type, "name", None) or param.bare_type()
    name = name.removeprefix("list[").removesuffix("]")
    return _DEFAULT_METAVARS.get(name.lower(), name.upper())


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def click_command(app: typer.Typer) -> Any:
    """The click command tree of ``app`` with plain help (no rich markup) and metavar-only arguments."""
    root = typer.main.get_command(app)
    for command in _commands(root):
        command.rich_markup_mode = None  # sub-apps are separate Typer objects with their own default
        for param in command.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument  # same fields; only how it is displayed changes
                if param.metavar is None:
                    param.metavar = (param.name or "arg").upper() + ("..." if param.nargs != 1 else "")
            elif param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = _default_metavar(param)
    return root
