"""CLI commands: aligntool align (thin layer over aligntool.alignment)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from aligntool.atomic import text_output


def align_command(
    src_file: Annotated[Path, typer.Argument(help="The original document (UTF-8 text).")],
    tgt_file: Annotated[Path, typer.Argument(help="Its human translation (UTF-8 text).")],
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
) -> int:
    """Align a document with its translation, sentence by sentence, and write a TMX (or beads, TSV).

    1-0 and 0-1 beads (a sentence without counterpart) and beads under --min-score never enter the TMX;
    they are listed in the report so nothing disappears silently.
    """
    from aligntool.alignment import align_sentences
    from aligntool.alignment.document import load_document
    from aligntool.alignment.output import FORMATS, select, write_beads, write_report, write_tmx_units, write_tsv
    from aligntool.alignment.scoring import AlignOptions
    from aligntool.errors import ConfigError
    from aligntool.languages import normalise_tag, tmx_tag
    from aligntool.signature import base_signature, file_hash

    problems = []
    if output_format not in FORMATS:
        problems.append(f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    if output_format == "tmx" and out is None:
        problems.append("--format tmx needs --out FILE.tmx")
    if not 0.0 <= min_score <= 1.0:
        problems.append(f"--min-score must be between 0 and 1, not {min_score:g}")
    for option, code in (("--src-lang", src_lang), ("--tgt-lang", tgt_lang)):
        try:
            normalise_tag(code)
        except ConfigError as exc:
            problems.append(f"{option}: {exc}")
    if problems:
        raise ConfigError("; ".join(problems))
    src_tag, tgt_tag = tmx_tag(src_lang), tmx_tag(tgt_lang)
    src_doc = load_document(src_file, src_lang, presegmented)
    tgt_doc = load_document(tgt_file, tgt_lang, presegmented)
    term_base = None
    if glossary is not None:
        from aligntool.glossary import Glossary

        term_base = Glossary.load(glossary)
    translations = None
    if mt:
        from aligntool.alignment.mt import translate_source

        translations = translate_source(src_doc.sentences, src_lang, tgt_lang)
    options = AlignOptions()
    beads = align_sentences(src_doc.sentences, tgt_doc.sentences, src_lang, tgt_lang,
                            src_breaks=src_doc.breaks, tgt_breaks=tgt_doc.breaks, glossary=term_base,
                            src_translations=translations, options=options)
    selection = select(beads, min_score)
    if output_format == "beads":
        with text_output(out) as handle:
            write_beads(handle, beads)
    elif output_format == "tsv":
        with text_output(out) as handle:
            write_tsv(handle, selection.kept, src_doc.sentences, tgt_doc.sentences)
    elif out is not None:
        signature = base_signature().with_fields(
            aligner="gale-church+lexical", **options.signature_fields(),
            **{"align-min-score": f"{min_score:g}", "align-mt": "chrf" if mt else None,
               "glossary": file_hash(glossary) if glossary else None,
               "source-file": file_hash(src_file), "target-file": file_hash(tgt_file)})
        write_tmx_units(out, selection.kept, src_doc.sentences, tgt_doc.sentences, src_tag, tgt_tag,
                        signature, src_file.name)
    with text_output(report) if report is not None else contextlib.nullcontext(sys.stderr) as handle:
        write_report(handle, beads, src_doc.sentences, tgt_doc.sentences, min_score)
    typer.echo(f"aligntool: {len(beads)} beads: {len(selection.kept)} kept, {len(selection.doubtful)} below "
               f"--min-score, {len(selection.unmatched)} without counterpart", err=True)
    return 0


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("align")(align_command)
