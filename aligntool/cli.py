"""The ``aligntool`` command line: parses options and calls the API; errors become one line + exit code."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import typer
from typer.exceptions import TyperException

from aligntool import (
    cli_align,
    cli_cache,
    cli_evaluate,
    cli_glossary,
    cli_review,
    cli_segment,
    cli_tmx,
    cli_translate,
)
from aligntool.cli_help import click_command
from aligntool.errors import AligntoolError
from aligntool.version import __version__

app = typer.Typer(
    name="aligntool",
    help="Segment, translate (MarianMT), enforce terminology, align, and write TMX translation memories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # rich markup eats bracketed words in help texts (see aligntool.cli_help)
    context_settings={"max_content_width": 110},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aligntool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """aligntool: multilingual translation and alignment toolkit."""


for _module in (cli_translate, cli_segment, cli_align, cli_glossary, cli_tmx, cli_evaluate, cli_review, cli_cache):
    _module.register(app)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """Readers' warnings (lossy PDF, skipped content) as one line each, like errors."""
    from aligntool.formats import DocumentWarning

    if issubclass(category, DocumentWarning):
        typer.echo(f"aligntool: warning: {message}", err=True)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


_default_showwarning = warnings.showwarning


def run_cli(args: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every AligntoolError becomes one line on stderr."""
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            result = click_command(app).main(args=args, prog_name="aligntool", standalone_mode=False)
    except AligntoolError as exc:
        typer.echo(f"aligntool: error: {exc}", err=True)
        return exc.exit_code
    except TyperException as exc:  # usage errors (typer vendors its own click)
        exc.show()
        return int(getattr(exc, "exit_code", 2))
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("aligntool: interrupted", err=True)
        return 130
    return result if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run_cli())
