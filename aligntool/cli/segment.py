"""CLI commands: aligntool segment, aligntool segment-srx (thin layer over aligntool.engines.segmentation)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from aligntool.cli.help import OldOutput, check_language, renamed
from aligntool.core.atomic import text_output
from aligntool.core.defaults import DEFAULT_MAX_SEGMENT_CHARS
from aligntool.formats.documents.registry import INPUT_FORMAT_METAVAR

FORMATS = ("text", "jsonl")
# Shared by every command that segments (one option, one help text).
MaxSegmentCharsOpt = Annotated[int, typer.Option(
    "--max-segment-chars", metavar="N",
    help="Split a segment longer than N characters at clause punctuation or a space (0: no cap).")]

def segment_command(
    file: Annotated[Path, typer.Argument(
        metavar="FILE",
        help="Document to split into sentences: text, docx, html, md, xlf, pdf ('-' reads UTF-8 text on stdin).")],
    lang: Annotated[str, typer.Option(
        "--lang", "-l", metavar="LANG", help="Language: en, ru, kk; others get the generic rules.")]
    = "en",
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="text|jsonl",
        help="text: one segment a line; jsonl: {start, end, text} per line.")]
    = "text",
    srx: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Segment with the rules of this SRX 2.0 file instead.")]
    = None,
    newlines: Annotated[str, typer.Option(
        metavar="break|space",
        help="break: a line break ends a segment (headings, lists); space: only blank lines do.")]
    = "break",
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", help="Write here instead of stdout ('-': stdout).")]
    = None,
    max_segment_chars: MaxSegmentCharsOpt = DEFAULT_MAX_SEGMENT_CHARS,
    output_old: OldOutput = None,
    input_format: Annotated[str | None, typer.Option(
        "--input-format", metavar=INPUT_FORMAT_METAVAR,
        help="Read FILE as this format (default: from its extension; anything unknown is plain text).")]
    = None,
) -> int:
    """Split a document into sentences: one per line, or JSON lines with offsets, paragraph and context.

    Plain text offsets count characters of the decoded text (UTF-8, BOM dropped, CRLF read as LF); for other
    formats they count characters of the paragraph the sentence is in.
    """
    from aligntool.core.errors import ConfigError
    from aligntool.core.safeio import decode_document
    from aligntool.engines.segmentation.base import check_newlines
    from aligntool.engines.segmentation.cap import cap_segments, check_max_chars, long_segment_warning
    from aligntool.engines.segmentation.sentences import document_sentences
    from aligntool.formats.documents.reading import read_document, text_document

    check_max_chars(max_segment_chars)
    if output_format not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    check_newlines(newlines)
    check_language(lang, "--lang")
    output = renamed(output, output_old, "--output", "--out")
    if str(file) == "-":
        document = text_document(decode_document(sys.stdin.buffer.read(), "<stdin>"))
    else:
        document = read_document(file, input_format)
    sentences, split = cap_segments(document_sentences(document, lang, newlines=newlines, srx=srx),
                                    max_segment_chars)
    if not sentences:
        typer.echo(f"aligntool: warning: {document.path} has no text to segment (empty or only "
                   "whitespace); the output is empty", err=True)
    if split:
        typer.echo(f"aligntool: warning: {long_segment_warning(split, max_segment_chars)}", err=True)
    with text_output(output) as out:
        for index, seg in enumerate(sentences):
            if output_format == "jsonl":
                record = {"index": index, "start": seg.start, "end": seg.end, "text": seg.text,
                          "paragraph": seg.paragraph, "context": seg.context}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(" ".join(seg.text.split()) + "\n")
    return 0


def segment_srx_command(
    lang: Annotated[str, typer.Option(
        "--lang", "-l", metavar="LANG,…", help="Comma-separated languages (plus a default set).")]
    = "en,ru,kk",
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", help="Write here instead of stdout ('-': stdout).")]
    = None,
    output_old: OldOutput = None,
) -> int:
    """Export aligntool's segmentation rules as SRX 2.0 (for OmegaT and other CAT tools)."""
    from aligntool.engines.segmentation.srx_export import export_srx

    langs = [code.strip() for code in lang.split(",") if code.strip()]
    output = renamed(output, output_old, "--output", "--out")
    with text_output(output) as out:
        out.write(export_srx(langs))
    return 0


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("segment")(segment_command)
    app.command("segment-srx")(segment_srx_command)
