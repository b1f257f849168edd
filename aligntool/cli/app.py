"""The ``aligntool`` command line: parses options and calls the API; errors become one line + exit code."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

import typer
from typer.exceptions import TyperException

from aligntool.cli import align as cli_align
from aligntool.cli import cache as cli_cache
from aligntool.cli import evaluate as cli_evaluate
from aligntool.cli import glossary as cli_glossary
from aligntool.cli import review as cli_review
from aligntool.cli import segment as cli_segment
from aligntool.cli import tm as cli_tm
from aligntool.cli import tmx as cli_tmx
from aligntool.cli import translate as cli_translate
from aligntool.cli.help import click_command
from aligntool.core.errors import EXIT_INTERRUPTED, EXIT_OS, EXIT_USAGE, AligntoolError, AligntoolWarning, Interrupted
from aligntool.version import __version__

app = typer.Typer(
    name="aligntool",
    help="Segment, translate (MarianMT), enforce terminology, align, and write TMX translation memories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # rich markup eats bracketed words in help texts (see aligntool.cli.help)
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


for _module in (cli_translate, cli_segment, cli_align, cli_glossary, cli_tmx, cli_tm, cli_evaluate, cli_review,
                cli_cache):
    _module.register(app)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """aligntool's own warnings (lossy PDF, skipped content, damaged journal rows) as one line each, like errors."""
    if issubclass(category, AligntoolWarning):
        typer.echo(f"aligntool: warning: {message}", err=True)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


_default_showwarning = warnings.showwarning


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C (temporary files removed, journal committed) instead of killing outright."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _StdoutClosed(Exception):
    """Standard output's reader has gone (EPIPE): carried past click, which would turn it into exit code 1."""


def _stdout_reader_gone() -> bool:
    """True when standard output is a pipe or socket whose reading end is closed (poll reports an error)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _fd, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows), stdout replaced or closed
        return True


def _guard_stdout(command: Any) -> Any:
    """``command`` whose parsing and invocation turn a BrokenPipeError on stdout into :class:`_StdoutClosed`.

    click catches every EPIPE raised while it parses (``--help`` prints then) or runs a command and exits with
    1 before :func:`run_cli` sees it, so the error has to change its type on the way out. A broken pipe that is
    not standard output's (a socket, a child process) stays an OSError and is reported.
    """

    def guard(method: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except BrokenPipeError as exc:
                if _stdout_reader_gone():
                    raise _StdoutClosed from exc
                raise

        return guarded

    command.make_context = guard(command.make_context)
    command.invoke = guard(command.invoke)
    return command


def _stdout_closed() -> int:
    """``aligntool … | head``: the reader has gone; that is not an error. Silence the final flush too."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return 0


def run_cli(args: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (see docs/reliability.md).

    This is the one place where failures become messages: an AligntoolError or an OSError is one line on
    stderr that names the file, the cause and what was (not) written; SIGTERM and Ctrl-C say the same.
    """
    from aligntool.core import atomic
    from aligntool.core.config import default_map
    from aligntool.core.errors import os_error_message, output_state
    from aligntool.jobs import journal

    atomic.reset_output_log()
    journal.reset_notes()
    argv = list(sys.argv[1:] if args is None else args)
    try:
        with _sigterm_as_interrupt(), warnings.catch_warnings():
            warnings.showwarning = _show_warning
            root = _guard_stdout(click_command(app))
            # a --config file's [translate]/[align] table becomes option defaults: the command line wins
            result = root.main(args=argv, prog_name="aligntool", standalone_mode=False,
                               default_map=default_map(argv, root))
            sys.stdout.flush()  # inside the try: a closed pipe surfaces here, not at interpreter exit
    except AligntoolError as exc:
        typer.echo(f"aligntool: error: {exc}", err=True)
        return exc.exit_code
    except TyperException as exc:  # usage errors (typer vendors its own click)
        exc.show()
        return int(getattr(exc, "exit_code", EXIT_USAGE))
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except _StdoutClosed:
        return _stdout_closed()
    except BrokenPipeError as exc:
        if _stdout_reader_gone():
            return _stdout_closed()
        message = os_error_message(exc, atomic.written_outputs(), atomic.abandoned_outputs())
        typer.echo(f"aligntool: error: {message}", err=True)
        return EXIT_OS
    except OSError as exc:
        message = os_error_message(exc, atomic.written_outputs(), atomic.abandoned_outputs())
        message += journal.interrupted_note()
        typer.echo(f"aligntool: error: {message}", err=True)
        return EXIT_OS
    except Interrupted as exc:
        state = output_state(atomic.written_outputs(), atomic.abandoned_outputs())
        typer.echo(f"aligntool: terminated (SIGTERM); {state}{journal.interrupted_note()}", err=True)
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        state = output_state(atomic.written_outputs(), atomic.abandoned_outputs())
        typer.echo(f"aligntool: interrupted; {state}{journal.interrupted_note()}", err=True)
        return EXIT_INTERRUPTED
    return result if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run_cli())
