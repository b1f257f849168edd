"""CLI commands: aligntool align (parses options into an AlignJob; aligntool.align_pipeline does the work)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from aligntool.formats import INPUT_FORMAT_METAVAR


def align_command(
    src_file: Annotated[Path, typer.Argument(help="The original document (text, docx, html, md, xlf, pdf).")],
    tgt_file: Annotated[Path, typer.Argument(help="Its human translation (any of those formats).")],
    src_lang: Annotated[str, typer.Option("--src-lang", help="Language of SRC_FILE (en, ru, kk, …).")],
    tgt_lang: Annotated[str, typer.Option("--tgt-lang", help="Language of TGT_FILE.")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Output file (required for tmx; beads and tsv go to stdout without it).")] = None,
    presegmented: Annotated[bool, typer.Option(
        "--presegmented", help="Inputs have one sentence per line (blank lines: paragraph breaks).")] = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="tmx: translation memory; beads: one bead per line ([3]:[3, 4]); tsv: src, tgt, score.")]
    = "tmx",
    min_score: Annotated[float, typer.Option(
        "--min-score", help="Beads scoring below this (0..1) are left out of tmx/tsv and reported.")] = 0.0,
    glossary: Annotated[Path | None, typer.Option(
        "--glossary", help="Glossary file: its terms on both sides anchor the alignment.")] = None,
    mt: Annotated[bool, typer.Option(
        "--mt", help="Also translate the source with aligntool's model and compare (chrF).")] = False,
    report: Annotated[Path | None, typer.Option(
        "--report", help="Write the beads left out of the TM here (default: stderr).")] = None,
    input_format: Annotated[str | None, typer.Option(
        "--input-format", metavar=INPUT_FORMAT_METAVAR,
        help="Read both files as this format (default: each by its extension).")] = None,
) -> int:
    """Align a document with its translation, sentence by sentence, and write a TMX (or beads, TSV).

    1-0 and 0-1 beads (a sentence without counterpart) and beads under --min-score never enter the TMX;
    they are listed in the report so nothing disappears silently.
    """
    from aligntool.align_pipeline import AlignJob, align_files

    job = AlignJob(source=src_file, target=tgt_file, source_lang=src_lang, target_lang=tgt_lang, out=out,
                   output_format=output_format, presegmented=presegmented, min_score=min_score, glossary=glossary,
                   mt=mt, report=report, input_format=input_format)
    summary = align_files(job, report_stream=sys.stderr)
    typer.echo(f"aligntool: {summary.line()}", err=True)
    return 0


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("align")(align_command)
