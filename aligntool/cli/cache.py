"""CLI commands: aligntool cache list|clear (thin layer over :mod:`aligntool.engines.translation.cache`)."""

from __future__ import annotations

from typing import Annotated

import typer

cache_app = typer.Typer(
    name="cache",
    help="Show or delete what aligntool keeps on disk: the models converted for --engine ctranslate2.",
    no_args_is_help=True,
)


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 2**20:,.1f} MiB"


@cache_app.command("list")
def list_cache() -> int:
    """The cache folder and each converted model in it: folder, model, revision, precision, size."""
    from aligntool.engines.translation.cache import cached_models
    from aligntool.engines.translation.ct2 import cache_root

    entries = cached_models()
    typer.echo(f"{cache_root()}: {len(entries)} converted model(s), {_size(sum(e.size_bytes for e in entries))} "
               "(move it with ALIGNTOOL_CT2_CACHE)", err=True)
    for entry in entries:
        state = "" if entry.complete else "  (incomplete: an interrupted conversion)"
        typer.echo(f"{entry.path}\t{entry.model}@{entry.revision}\t{entry.precision}\t{_size(entry.size_bytes)}"
                   f"{state}")
    return 0


@cache_app.command("clear")
def clear(
    match: Annotated[str | None, typer.Argument(
        metavar="MODEL", help="Only folders whose name or model contains this text (default: all).")] = None,
) -> int:
    """Delete converted models; the next --engine ctranslate2 run converts again (seconds to minutes)."""
    from aligntool.engines.translation.cache import clear_cache
    from aligntool.engines.translation.ct2 import cache_root

    removed = clear_cache(match)
    for entry in removed:
        typer.echo(f"deleted {entry.path}")
    typer.echo(f"{cache_root()}: deleted {len(removed)} converted model(s), "
               f"{_size(sum(e.size_bytes for e in removed))}", err=True)
    return 0


def register(app: typer.Typer) -> None:
    """Add the ``cache`` command group to the main app."""
    app.add_typer(cache_app, name="cache")
