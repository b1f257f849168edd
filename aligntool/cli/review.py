"""CLI command: aligntool review (thin layer over aligntool.jobs.review)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer


def review_command(
    tmx_file: Annotated[Path, typer.Argument(
        metavar="FILE.tmx", help="The TMX to review (what align or translate wrote).")],
    glossary: Annotated[Path | None, typer.Option(
        "--glossary", metavar="FILE", help="Glossary: highlight its terms and re-check them on save.")] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="FILE", help="The report 'aligntool align --report' wrote: its beads join the rows.")]
    = None,
    port: Annotated[int, typer.Option("--port", metavar="N", help="Port on 127.0.0.1 (default: a free one).")] = 0,
    no_browser: Annotated[bool, typer.Option(
        "--no-browser", help="Print the address instead of opening it in the browser.")] = False,
    doubt_below: Annotated[float, typer.Option(
        "--doubt-below", metavar="SCORE", help="Rows scoring below this (0..1) count as doubtful.")] = 0.5,
    idle_minutes: Annotated[float, typer.Option(
        "--idle-minutes", metavar="N", help="Stop after N minutes without the page open.")] = 30.0,
    tm_db: Annotated[Path | None, typer.Option(
        "--tm-db", metavar="TM.sqlite", help="Show this TM database's best match beside each row; saving writes "
        "the reviewed rows back to it (x-origin=reviewed).")] = None,
) -> int:
    """Review a TMX side by side in the browser: evidence, filters, corrections, safe save.

    The server listens on 127.0.0.1 only and needs the random token in the address it prints. Saving
    writes FILE.tmx atomically and keeps the original once as FILE.tmx.orig. Stop with Ctrl-C.
    """
    from aligntool.core.errors import ConfigError
    from aligntool.jobs.review.server import ReviewServer, ServerOptions
    from aligntool.jobs.review.session import ReviewSession

    if not 0.0 <= doubt_below <= 1.0:
        raise ConfigError(f"--doubt-below must be between 0 and 1, not {doubt_below:g}")
    if not 0 <= port <= 65535 or idle_minutes <= 0:
        raise ConfigError("--port must be 0..65535 and --idle-minutes above 0")
    session = ReviewSession(tmx_file, report=report, glossary=glossary, doubt_below=doubt_below, tm_db=tm_db)
    try:
        server = ReviewServer(session, ServerOptions(port=port, idle_timeout=idle_minutes * 60))
    except OSError as exc:
        raise ConfigError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); choose another --port") from exc
    typer.echo(f"aligntool: reviewing {tmx_file} ({len(session.rows)} rows) at {server.url}", err=True)
    typer.echo("aligntool: press Ctrl-C to stop", err=True)
    if not no_browser:
        import webbrowser

        webbrowser.open(server.url)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the server has closed its socket; say so below
        server.serve_until_stopped()
    if session.tm is not None:
        session.tm.close()
    why = "idle" if server.stopped_idle else "stopped"
    unsaved = " with unsaved corrections (they are lost)" if session.dirty else ""
    typer.echo(f"aligntool: review {why}{unsaved}", err=True)
    return 0


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("review")(review_command)
