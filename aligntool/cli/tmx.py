"""CLI commands: aligntool tmx validate|stats|merge|dedupe|split|convert (thin layer over aligntool.formats.tmx)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from aligntool.cli.help import OldOutput, output_file, renamed

tmx_app = typer.Typer(
    name="tmx",
    help="Check and maintain TMX translation memories (validate, stats, merge, dedupe, split, convert).",
    no_args_is_help=True,
)


@tmx_app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="TMX files to check.")],
    dtd: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Also validate against this DTD (e.g. tmx14.dtd).")] = None,
    xsd: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Also validate against this XML Schema (e.g. tmx14.omegat.xsd).")] = None,
    warnings: Annotated[bool, typer.Option("--warnings/--no-warnings", help="Show warnings too.")] = True,
) -> int:
    """Check TMX 1.4b structure and CAT-tool pitfalls; exit 1 if any file has an error."""
    from aligntool.formats.tmx.validate import count_errors, schema_problems, validate_tmx

    total_errors = 0
    for path in files:
        problems = validate_tmx(path)
        if (dtd or xsd) and count_errors(problems) == 0:
            problems += schema_problems(path, dtd=dtd, xsd=xsd)
        errors = count_errors(problems)
        total_errors += errors
        for problem in problems:
            if warnings or problem.severity == "error":
                typer.echo(problem.format())
        typer.echo(f"{path}: {'OK' if errors == 0 else f'{errors} error(s)'}", err=True)
    return 1 if total_errors else 0


@tmx_app.command("stats")
def stats(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="TMX files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> int:
    """Units, segments, words and characters per language; units per language pair and origin."""
    from aligntool.formats.tmx.tools import tmx_stats

    results = [tmx_stats(path) for path in files]
    if as_json:
        typer.echo(json.dumps([result.as_dict() for result in results], ensure_ascii=False, indent=2))
        return 0
    for result in results:
        typer.echo(f"{result.path}: {result.units} units, source {result.srclang or '-'}")
        for tag in result.segments:
            typer.echo(f"  {tag:<10} {result.segments[tag]:>9} segments {result.words[tag]:>10} words "
                       f"{result.characters[tag]:>12} characters")
        for pair, count in result.pairs.items():
            typer.echo(f"  {pair:<22} {count:>9} units")
        typer.echo("  origin: " + ", ".join(f"{key} {value}" for key, value in result.origins.items()))
    return 0


@tmx_app.command("merge")
def merge(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="TMX files with the same source language.")],
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", help="The merged TMX file ('-': stdout).  [required]")] = None,
    multilingual: Annotated[bool, typer.Option(
        help="Combine units with the same source text into one unit holding every language.")] = False,
    output_old: OldOutput = None,
) -> int:
    """Merge several TMX files into one."""
    from aligntool.formats.tmx.tools import merge_tmx

    output = output_file(output, output_old)
    writer = merge_tmx(list(files), output, multilingual=multilingual)
    typer.echo(f"{output}: {writer.units_written} units", err=True)
    return 0


@tmx_app.command("dedupe")
def dedupe(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="TMX file.")],
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", help="The deduplicated TMX file ('-': stdout).  [required]")] = None,
    keep: Annotated[str, typer.Option(
        metavar="first|newest", help="Which duplicate to keep: first, or newest (by changedate).")] = "first",
    output_old: OldOutput = None,
) -> int:
    """Remove units whose source and target texts repeat an earlier unit."""
    from aligntool.formats.tmx.tools import dedupe_tmx

    output = output_file(output, output_old)
    writer = dedupe_tmx(file, output, keep=keep)
    typer.echo(f"{output}: {writer.units_written} units kept", err=True)
    return 0


@tmx_app.command("split")
def split(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Multilingual TMX file.")],
    out_dir: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="DIR", help="Directory for the bilingual files (default: the current one).")] = None,
    out_dir_old: Annotated[Path | None, typer.Option("--out-dir", hidden=True)] = None,
) -> int:
    """Split a multilingual TMX into bilingual files (one per target language), e.g. for Trados."""
    from aligntool.formats.tmx.tools import split_tmx

    out_dir = renamed(out_dir, out_dir_old, "--out-dir", "--out") or Path()
    for writer in split_tmx(file, out_dir).values():
        typer.echo(f"{writer.path}: {writer.units_written} units", err=True)
    return 0


@tmx_app.command("convert")
def convert(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Input: .tmx, .tsv or .csv.")],
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", help="Output: .tsv/.csv from a TMX, .tmx from a table.  [required]")] = None,
    srclang: Annotated[str | None, typer.Option(
        "--from", metavar="LANG",
        help="Source language column of a table, e.g. en or en-US (default: the first).")] = None,
    output_old: OldOutput = None,
    srclang_old: Annotated[str | None, typer.Option("--srclang", hidden=True)] = None,
) -> int:
    """Convert TMX to TSV/CSV (one column per language) or back."""
    from aligntool.core.errors import ConfigError
    from aligntool.formats.tmx.convert import table_to_tmx, tmx_to_table

    output = output_file(output, output_old)
    srclang = renamed(srclang, srclang_old, "--srclang", "--from")
    if file.suffix.lower() == ".tmx" and output.suffix.lower() != ".tmx":
        rows = tmx_to_table(file, output)
    elif file.suffix.lower() != ".tmx" and output.suffix.lower() == ".tmx":
        rows = table_to_tmx(file, output, srclang=srclang).units_written
    else:
        raise ConfigError("convert needs one .tmx side and one .tsv/.csv side, e.g. "
                          "aligntool tmx convert memory.tmx -o memory.tsv")
    typer.echo(f"{output}: {rows} units", err=True)
    return 0


def register(app: typer.Typer) -> None:
    """Add the ``tmx`` command group to the main app."""
    app.add_typer(tmx_app, name="tmx")
