"""CLI command: aligntool evaluate (thin layer over aligntool.jobs.evaluate)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def evaluate_command(
    hypotheses: Annotated[list[Path], typer.Argument(
        metavar="HYP...", help="Translations to score: TMX files or line-aligned text, one per system.")],
    reference: Annotated[Path, typer.Option("--ref", "-r", metavar="FILE",
                                            help="Reference translation: TMX or line-aligned text.")],
    source: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Line-aligned source text (text inputs: needed for --glossary).")] = None,
    source_lang: Annotated[str | None, typer.Option(
        "--from", metavar="LANG", help="Source language (default: the TMX header's, else en).")] = None,
    target_lang: Annotated[str | None, typer.Option(
        "--to", metavar="LANG", help="Target language to score (default: the TMX's only one).")] = None,
    match: Annotated[str, typer.Option(
        metavar="KEY", help="Pair TMX units by 'source' text or by 'tuid'.")] = "source",
    glossary: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Also report term success with this glossary: exact and lemma (WMT style) and "
        "case-aware (an allowed form in a case its context allows).")] = None,
    metrics: Annotated[str, typer.Option(
        metavar="LIST", help="Comma-separated metrics: BLEU, chrF, chrF++, TER.")] = "BLEU,chrF,chrF++,TER",
    significance: Annotated[str, typer.Option(
        metavar="TEST", help="With two or more systems: bs (paired bootstrap), ar (approximate "
                             "randomization) or none.")] = "bs",
    samples: Annotated[int, typer.Option(
        metavar="N", help="Bootstrap resamples or randomization trials (0: sacrebleu's default).")] = 0,
    names: Annotated[str | None, typer.Option(
        metavar="LIST", help="Comma-separated system names (default: the file names).")] = None,
    per_sentence: Annotated[Path | None, typer.Option(
        "--per-sentence", metavar="TSV", help="Write sentence scores here, worst first ('-': stdout).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> int:
    """Score translations against references: BLEU, chrF, chrF++, TER (sacrebleu), term success rate.

    With two or more systems, each is tested against the first for significance. Every hypothesis
    without a reference (and the reverse) is counted in the reconciliation, never dropped silently.
    """
    from aligntool.jobs.evaluate.run import EvaluateJob, evaluate, write_per_sentence

    job = EvaluateJob(
        hypotheses=hypotheses, reference=reference, source=source, source_lang=source_lang,
        target_lang=target_lang, match=match, glossary=glossary,
        metrics=[name.strip() for name in metrics.split(",") if name.strip()],
        significance=significance, samples=samples,
        names=[name.strip() for name in names.split(",")] if names else (),
    )
    report = evaluate(job)
    if per_sentence is not None:
        write_per_sentence(report, per_sentence)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif str(per_sentence) != "-":
        typer.echo(report.format_table())
    return 0


def register(app: typer.Typer) -> None:
    """Add this module's command to the main app."""
    app.command("evaluate")(evaluate_command)
