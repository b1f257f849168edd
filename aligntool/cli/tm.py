"""CLI commands: aligntool tm import|export|search|stats|dedupe (thin layer over aligntool.formats.tmdb)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aligntool.core.defaults import DEFAULT_TM_MIN_SCORE, DEFAULT_TM_WAIT_SECONDS

if TYPE_CHECKING:  # imported where used, so that --help stays light
    from aligntool.formats.tmdb.store import TmDatabase

tm_app = typer.Typer(
    name="tm",
    help="A translation-memory database (SQLite): import TMX, search exact, fuzzy and concordance matches, export.",
    no_args_is_help=True,
)

Db = Annotated[Path, typer.Option("--db", metavar="TM.sqlite", help="The TM database file.")]
Wait = Annotated[float, typer.Option(
    "--wait", metavar="SECONDS", help="How long to wait for another process writing the database.")]


def _open(db: Path, *, create: bool = False, wait: float = DEFAULT_TM_WAIT_SECONDS) -> TmDatabase:
    from aligntool.formats.tmdb.store import TmDatabase

    return TmDatabase(db, create=create, wait=wait)


@tm_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE.tmx...", help="TMX files to add.")],
    db: Db,
    force: Annotated[bool, typer.Option("--force", help="Import a file again even if it was imported before.")]
    = False,
    wait: Wait = DEFAULT_TM_WAIT_SECONDS,
) -> int:
    """Add TMX files to the database (created if missing), each in one transaction: a file is in completely or
    not at all, and a file imported before (same content) is skipped."""
    from aligntool.formats.tmdb.transfer import import_tmx

    with _open(db, create=True, wait=wait) as database:
        for path in files:
            typer.echo(f"{path}: importing…", err=True)
            result = import_tmx(database, path, force=force)
            if result.already:
                typer.echo(f"{path}: imported before (same content): skipped; --force imports it again", err=True)
                continue
            skipped = f", {result.skipped} skipped (fewer than two languages)" if result.skipped else ""
            typer.echo(f"{path}: {result.units} units added to {db}{skipped}", err=True)
    return 0


@tm_app.command("export")
def export_command(
    db: Db,
    output: Annotated[Path, typer.Option("--out", "-o", metavar="FILE.tmx", help="The TMX to write ('-': stdout).")],
    source_lang: Annotated[str | None, typer.Option(
        "--from", metavar="LANG", help="Only units with this source language (and --to targets).")] = None,
    to: Annotated[str | None, typer.Option(
        "--to", metavar="LANG,…", help="Only these target languages (needs --from).")] = None,
) -> int:
    """Write the database as TMX 1.4b: everything (multilingual units stay multilingual) or a language pair."""
    from aligntool.formats.tmdb.transfer import export_tmx

    targets = [code.strip() for code in (to or "").split(",") if code.strip()]
    with _open(db) as database:
        writer = export_tmx(database, output, source_lang=source_lang, target_langs=targets)
    typer.echo(f"{output}: {writer.units_written} units", err=True)
    return 0


@tm_app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="A sentence (exact, fuzzy) or words (concordance).")],
    db: Db,
    source_lang: Annotated[str | None, typer.Option(
        "--from", metavar="LANG", help="Language of TEXT (required for exact and fuzzy).")] = None,
    to: Annotated[str | None, typer.Option("--to", metavar="LANG", help="Language of the matches' targets.")]
    = None,
    mode: Annotated[str, typer.Option(
        "--mode", metavar="fuzzy|exact|concordance",
        help="fuzzy: best matches by score (exact ones included); exact: 100 % only; concordance: units "
             "containing TEXT in any language (or --from's).")] = "fuzzy",
    min_score: Annotated[int, typer.Option(
        "--min-score", metavar="N", help="Fuzzy: lowest score shown (0..100).")] = DEFAULT_TM_MIN_SCORE,
    top: Annotated[int, typer.Option("--top", metavar="N", help="How many matches at most.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> int:
    """Look a sentence or words up in the database; exit 1 when nothing is found."""
    from aligntool.core.errors import ConfigError
    from aligntool.formats.tmdb.search import concordance, exact, fuzzy

    if mode not in ("fuzzy", "exact", "concordance"):
        raise ConfigError(f"--mode must be fuzzy, exact or concordance, not {mode!r}")
    if not 0 <= min_score <= 100 or top < 1:
        raise ConfigError("--min-score must be 0..100 and --top at least 1")
    with _open(db) as database:
        if mode == "concordance":
            records = concordance(database, text, source_lang, limit=top)
            if as_json:
                typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
            for record in records if not as_json else []:
                typer.echo(f"#{record['unit']} ({record['origin'] or '-'}, {record['imported_from']})")
                for lang, value in record["variants"].items():
                    typer.echo(f"  {lang}: {value}")
            return 0 if records else 1
        if source_lang is None or to is None:
            raise ConfigError(f"--mode {mode} needs --from LANG and --to LANG")
        if mode == "exact":
            matches = exact(database, text, source_lang, to)[:top]
        else:
            matches = fuzzy(database, text, source_lang, to, minimum=min_score, top=top)
    if as_json:
        typer.echo(json.dumps([m.as_dict() for m in matches], ensure_ascii=False, indent=2))
    else:
        for match in matches:
            typer.echo(f"{match.score:>3}%  {match.source}")
            typer.echo(f"      {match.suggestion}")
            typer.echo(f"      ({match.origin or '-'}, {match.name}, unit {match.unit})")
    return 0 if matches else 1


@tm_app.command("stats")
def stats_command(
    db: Db,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> int:
    """Units, variants per language, units per origin, imports and file size."""
    from aligntool.formats.tmdb.transfer import tm_stats

    with _open(db) as database:
        stats = tm_stats(database)
    if as_json:
        typer.echo(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
        return 0
    typer.echo(f"{stats.path}: {stats.units} units, {stats.bytes / 1e6:.1f} MB")
    for lang, count in stats.languages.items():
        typer.echo(f"  {lang:<10} {count:>10} segments")
    typer.echo("  origin: " + ", ".join(f"{key} {value}" for key, value in stats.origins.items()))
    for record in stats.imports:
        typer.echo(f"  imported {record['name']}: {record['units']} units ({record['finished'] or 'unfinished'})")
    return 0


@tm_app.command("dedupe")
def dedupe_command(
    db: Db,
    keep: Annotated[str, typer.Option(
        metavar="first|newest", help="Which duplicate to keep: the first imported, or the newest.")] = "first",
    wait: Wait = DEFAULT_TM_WAIT_SECONDS,
) -> int:
    """Remove units whose texts in every language repeat another unit's (the rules of 'tmx dedupe')."""
    from aligntool.formats.tmdb.transfer import dedupe

    with _open(db, wait=wait) as database:
        removed = dedupe(database, keep=keep)
        left = database.count()
    typer.echo(f"{db}: {removed} duplicate units removed, {left} left", err=True)
    return 0


def add_outputs(db: Path, files: list[Path], quiet: bool = False, wait: float = DEFAULT_TM_WAIT_SECONDS) -> None:
    """Import the TMX files a run wrote into ``db`` (translate/align ``--tm-db``), one transaction each."""
    from aligntool.formats.tmdb.transfer import import_tmx

    with _open(db, create=True, wait=wait) as database:
        for path in files:
            result = import_tmx(database, path, force=True, name=str(path))
            if not quiet:
                typer.echo(f"aligntool: {path}: {result.units} units added to {db}", err=True)


def register(app: typer.Typer) -> None:
    """Add the ``tm`` command group to the main app."""
    app.add_typer(tm_app, name="tm")
