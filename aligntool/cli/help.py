"""How the command line looks and speaks: plain ``--help`` with conventional metavars, one option vocabulary.

Vocabulary (every command): ``--from LANG``/``--to LANG`` for the languages of a pair (``--lang`` where a
command reads one language), ``-o/--out`` for where output goes, ``-`` for stdin or stdout wherever one file
is read or written. Old spellings stay as hidden aliases (:func:`renamed`) for a release.

typer renders help with rich markup by default, which swallows bracketed words (``[models.<lang>]``,
``aligntool[ray]``), and shows each parameter's Python type (``<list[Path]>``, ``<int>``). Options get their
metavar where they are declared (``metavar="FILE"``); flags show none. Positional arguments always show the
type in typer, so :func:`click_command` swaps them for :class:`_Argument`, which shows only its metavar.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import typer.main
from typer.core import TyperArgument

T = TypeVar("T")

#: ``--output``, the old spelling of ``-o/--out`` (segment, segment-srx, tmx): ``output_old: OldOutput = None``.
OldOutput = Annotated[Path | None, typer.Option("--output", hidden=True)]


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


def renamed(value: T | None, old_value: T | None, old: str, new: str) -> T | None:
    """The value of option ``new``, also accepted under its old, hidden spelling ``old`` (with a note).

    Declare the new option with default None and apply its default after this call, so that giving both
    spellings with different values is caught.
    """
    if old_value is None:
        return value
    if value is not None and value != old_value:
        from aligntool.core.errors import ConfigError

        raise ConfigError(f"{old} is the old spelling of {new}; give only {new}")
    typer.echo(f"aligntool: note: {old} is now {new} (the old spelling will be removed in a later release)",
               err=True)
    return old_value


def output_file(out: Path | None, old: Path | None) -> Path:
    """The file given to a command whose ``-o/--out FILE`` is required (or to its old ``--output``)."""
    out = renamed(out, old, "--output", "--out")
    if out is None:
        from aligntool.core.errors import ConfigError

        raise ConfigError("give the output file with -o FILE ('-' writes to stdout)")
    return out


@contextlib.contextmanager
def stdin_inputs(paths: list[Path]) -> Iterator[list[Path]]:
    """``paths`` with ``-`` replaced by a temporary file ``stdin.txt`` that holds standard input (read once).

    Commands that read an input twice, or hash it for the signature, then treat stdin like any file.
    """
    if sum(str(path) == "-" for path in paths) > 1:
        from aligntool.core.errors import ConfigError

        raise ConfigError("'-' (standard input) can be given only once")
    if not any(str(path) == "-" for path in paths):
        yield paths
        return
    with tempfile.TemporaryDirectory(prefix="aligntool-stdin-") as folder:
        stdin = Path(folder) / "stdin.txt"
        stdin.write_bytes(sys.stdin.buffer.read())
        yield [stdin if str(path) == "-" else path for path in paths]


def check_language(lang: str, option: str, *, strict: bool = True) -> str:
    """Warn when ``lang`` has no segmentation rules of its own; a value that is no language tag is a
    ConfigError (``strict=False``: ignored here, for commands whose job reports it with the other problems)."""
    from aligntool.core.errors import ConfigError
    from aligntool.core.languages import normalise_tag
    from aligntool.engines.segmentation.segmenter import fallback_rules

    try:
        normalise_tag(lang)
    except ConfigError as exc:
        if not strict:
            return lang
        raise ConfigError(f"{option}: {exc}") from None
    fallback = fallback_rules(lang)
    if fallback:
        typer.echo(f"aligntool: warning: {option} {lang}: aligntool has segmentation rules for en, ru and kk; "
                   f"{lang} is segmented with {fallback}", err=True)
    return lang

