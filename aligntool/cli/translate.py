"""CLI command: aligntool translate (thin layer over :func:`aligntool.jobs.translate.translate_files`)."""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer

from aligntool.cli.corpus import (
    CpusPerWorker,
    DocumentsPerCall,
    Executor,
    GpusPerWorker,
    RayAddress,
    RunReport,
    Workers,
    echo_summary,
    executor_options,
)
from aligntool.cli.decoding import (
    BatchMemory,
    BatchTokens,
    Beams,
    ComputeType,
    Device,
    Engine,
    MaxLength,
    Models,
    TargetTokens,
    Threads,
    engine_options,
)
from aligntool.cli.help import check_language, stdin_inputs
from aligntool.cli.segment import MaxSegmentCharsOpt
from aligntool.core.defaults import (
    DEFAULT_BATCH_MEMORY_MB,
    DEFAULT_ENGINE,
    DEFAULT_MAX_SEGMENT_CHARS,
    DEFAULT_TM_MIN_SCORE,
)
from aligntool.core.errors import ConfigError
from aligntool.core.languages import parse_language_overrides
from aligntool.formats.documents.registry import INPUT_FORMAT_METAVAR


def _split_languages(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def translate_command(
    inputs: list[Path] = typer.Argument(
        ..., metavar="FILE...",
        help="Documents to translate: text, docx, html, md, xlf, pdf (by extension; '-': UTF-8 text on stdin, "
             "written as stdin.<src>-<tgt>.tmx); or collections: a "
             "directory, a quoted glob ('news/*.txt'), a manifest (.jsonl/.csv/.tsv with id, path, src_lang, to)."),
    to: str = typer.Option("ru,kk", "--to", metavar="LANG,…", help="Target languages, comma-separated."),
    out: Path = typer.Option(
        Path("out"), "--out", "-o", metavar="DIR", help="Output directory for the TMX/XLIFF files."),
    output_format: str = typer.Option(
        "tmx", "--format", metavar="tmx|xliff|both|document|omegat[,…]",
        help="tmx: translation memory; xliff: XLIFF for post-editing in a CAT tool (MT marked for review); "
             "document: the translated document itself, OUT/<name>.<lang>.<ext> (docx, html, md, xlf, txt), "
             "formatting kept; omegat: a ready-to-open OmegaT project per target language (as --omegat-project); "
             "several joined by commas (tmx,document,omegat).",
    ),
    xliff_version: str = typer.Option("1.2", "--xliff-version", metavar="1.2|2.1", help="XLIFF version to write."),
    omegat_project: bool = typer.Option(
        False, "--omegat-project",
        help="Also write a ready-to-open OmegaT project per target language: OUT/omegat-<src>-<tgt>/ (the documents, "
             "our translations in tm/auto/, our sentence rules, the glossary)."),
    input_format: str | None = typer.Option(
        None, "--input-format", metavar=INPUT_FORMAT_METAVAR,
        help="Read every input as this format (default: each by its extension; unknown ones as plain text).",
    ),
    source_lang: str = typer.Option("en", "--from", metavar="LANG", help="Source language of the inputs."),
    model: Models = None,
    target_token: TargetTokens = None,
    config: Path | None = typer.Option(
        None, "--config", metavar="FILE",
        help="TOML file with [models.<lang>] tables and a [translate] table of option defaults.",
    ),
    lang_tag: list[str] = typer.Option(
        [], "--lang-tag", metavar="LANG=TAG", help="TMX language tag, e.g. ru=ru-RU (default en-US, ru-RU, kk-KZ)."
    ),
    beams: Beams = None,
    max_length: MaxLength = None,
    batch_tokens: BatchTokens = 4096,
    batch_memory_mb: BatchMemory = DEFAULT_BATCH_MEMORY_MB,
    device: Device = "auto",
    engine: Engine = DEFAULT_ENGINE,
    compute_type: ComputeType = "auto",
    threads: Threads = 0,
    multilingual: bool = typer.Option(False, "--multilingual", help="One TMX with all languages per unit."),
    tm: list[Path] = typer.Option([], "--tm", metavar="FILE",
    help="Translation memory: one TM database (aligntool tm import) or TMX files (repeatable). Exact matches "
         "replace MT; fuzzy matches are offered beside it."),
    tm_min_score: int = typer.Option(
        DEFAULT_TM_MIN_SCORE, "--tm-min-score", metavar="N",
        help="With --tm: offer fuzzy matches scoring at least N (0..100)."),
    tm_fill_fuzzy: int | None = typer.Option(
        None, "--tm-fill-fuzzy", metavar="N",
        help="With --tm: fill the target from a fuzzy match scoring at least N instead of MT, marked for review."),
    tm_db: Path | None = typer.Option(
        None, "--tm-db", metavar="TM.sqlite", help="Add the TMX this run writes to this TM database (created if "
        "missing), with their x-origin (mt, tm)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line."),
    json_output: bool = typer.Option(False, "--json", help="Print the run summary as JSON on stdout."),
    resume: bool = typer.Option(True, "--resume/--no-resume",
                                help="Reuse the translations a killed run journaled in OUT (default), or ignore them."),
    max_segment_chars: MaxSegmentCharsOpt = DEFAULT_MAX_SEGMENT_CHARS,
    glossary: Path | None = typer.Option(
        None, "--glossary", metavar="FILE", help="Glossary whose terms must appear in the translations."
    ),
    terms: str | None = typer.Option(
        None, "--terms", metavar="enforce|check|off",
        help="With --glossary: enforce terms (default), only check and report them, or ignore the glossary.",
    ),
    executor: Executor = "local",
    ray_address: RayAddress = None,
    workers: Workers = 1,
    cpus_per_worker: CpusPerWorker = 1.0,
    gpus_per_worker: GpusPerWorker = 0.0,
    documents_per_call: DocumentsPerCall = 1,
    lines_as_documents: bool = typer.Option(
        False, "--lines-as-documents", help="Each line of a text input is one document (a crawl); read in shards."),
    run_report: RunReport = None,
) -> int:
    """Translate documents into each target language and write one TMX per language pair.

    Collections (a directory, glob or manifest, --lines-as-documents, or --executor ray) are translated
    document by document into OUT/<id>.<src>-<tgt>.tmx: a rerun skips documents already done with the same
    signature, a failing document is reported in the run report and the others go on (exit 1 if any failed).
    """
    from aligntool.engines.segmentation.cap import check_max_chars, long_segment_warning
    from aligntool.engines.terminology.constraints import TerminologyWarning
    from aligntool.jobs.translate import TranslateJob, translate_files, wants_project

    # Options are checked (engine against the registry, device, threads, …) before any file is read.
    check_language(source_lang, "--from")
    options = engine_options(engine=engine, device=device, compute_type=compute_type, threads=threads, beams=beams,
                             max_length=max_length, batch_tokens=batch_tokens, batch_memory_mb=batch_memory_mb)

    if tm_fill_fuzzy is not None and not (tm and tm_min_score <= tm_fill_fuzzy <= 100):
        raise ConfigError(f"--tm-fill-fuzzy {tm_fill_fuzzy} needs --tm and a score from --tm-min-score "
                          f"({tm_min_score}) to 100")
    if tm_db is not None and output_format == "xliff":
        raise ConfigError("--tm-db adds the TMX files translate writes: use --format tmx or both")
    job = TranslateJob(
        inputs=inputs, targets=_split_languages(to), out_dir=out, source_lang=source_lang, models=model or [],
        target_tokens=target_token or [], config=config, lang_tags=parse_language_overrides(lang_tag),
        options=options,
        multilingual=multilingual, tm=tm, progress=not quiet, glossary=glossary,
        resume=resume, max_segment_chars=check_max_chars(max_segment_chars),
        terms=_terms_mode(terms, glossary), input_format=input_format, output_format=output_format,
        xliff_version=xliff_version, tm_min_score=tm_min_score, tm_fill_fuzzy=tm_fill_fuzzy,
        omegat_project=omegat_project,
    )
    from aligntool.jobs.corpus.inputs import is_collection

    corpus_options = executor_options(executor, ray_address, workers, cpus_per_worker, gpus_per_worker,
                                          documents_per_call)
    if executor == "ray" or lines_as_documents or any(is_collection(str(path)) for path in inputs):
        if wants_project(job):
            raise ConfigError("an OmegaT project (--omegat-project, --format omegat) takes document files, not a "
                              "collection (directory, glob, manifest, --lines-as-documents or --executor ray): list "
                              "the files to put in the project")
        if tm_db is not None:
            raise ConfigError("--tm-db works with single documents; for a collection, add its TMX files after the "
                              f"run: aligntool tm import {out}/*.tmx --db {tm_db}")
        return _translate_collection(job, inputs, corpus_options, lines_as_documents, run_report, quiet,
                                     json_output)
    with stdin_inputs(list(inputs)) as paths, warnings.catch_warnings():
        warnings.simplefilter("ignore", TerminologyWarning)  # reported once each in the summary below
        summary = translate_files(replace(job, inputs=paths))
    if tm_db is not None:
        from aligntool.cli.tm import add_outputs

        add_outputs(tm_db, [p for p in summary.files if p.suffix == ".tmx" and not p.name.endswith(".tm-fuzzy.tmx")],
                    quiet)
    if json_output:
        typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    for path in summary.empty_inputs:  # even with --quiet: an empty TMX is easy to miss
        typer.echo(f"aligntool: warning: {path} has no text to translate (empty or only whitespace); its TMX "
                   "files have a header and no units", err=True)
    for path in summary.left_out:  # even with --quiet: the project lacks a document the user asked for
        typer.echo(f"aligntool: warning: {path} is not in the OmegaT project: OmegaT has no filter for "
                   f"'{path.suffix}' files here (its translations are in the TMX)", err=True)
    if summary.long_segments:
        typer.echo(f"aligntool: warning: {long_segment_warning(summary.long_segments, max_segment_chars)}", err=True)
    if not quiet:
        for lang, report in summary.languages.items():
            if report.capped_outputs:
                typer.echo(f"aligntool: warning: {lang}: {report.capped_outputs} sentence(s) reached the "
                           "output length limit and may be cut short; raise --max-length", err=True)
            if len(report.engines) > 1:
                used = ", ".join(f"{engine} {count}" for engine, count in report.engines.items())
                typer.echo(f"aligntool: {lang}: sentences per engine: {used}", err=True)
            elif report.engine:
                typer.echo(f"aligntool: {lang}: engine {report.engine}", err=True)
            if report.repaired:
                typer.echo(f"aligntool: {lang}: {report.repaired} sentence(s) the engine could not complete with "
                           "their terms were decoded by the transformers engine (last resort)", err=True)
        if summary.skipped_units:
            typer.echo(f"aligntool: warning: {summary.skipped_units} unit(s) had an empty translation and were not "
                       "written to the TMX", err=True)
        if summary.replaced_characters:
            typer.echo(f"aligntool: {summary.replaced_characters} character(s) not allowed in XML were replaced "
                       "by U+FFFD", err=True)
        _echo_terms(summary)
        for lang, report in summary.languages.items():
            if report.codes.fallbacks:
                typer.echo(f"aligntool: {lang}: {report.codes.fallbacks} of {report.codes.sentences} sentence(s) "
                           "with inline codes had them put in source order (x-codes-fallback); check them", err=True)
        for document in summary.documents_written:
            typer.echo(f"aligntool: {document.format()}", err=True)
        typer.echo(f"wrote {', '.join(str(p) for p in summary.files)}", err=True)
        resumed = f" ({summary.resumed} resumed from {out}/.aligntool-journal.sqlite)" if summary.resumed else ""
        typer.echo(f"{summary.sentences} sentences{resumed}, {summary.seconds:.2f} s, "
                   f"{summary.sentences_per_second:.2f} sentences/s", err=True)
    return 0


def _translate_collection(job: Any, inputs: list[Path], options: Any, lines_as_documents: bool,
                          report: Path | None, quiet: bool, json_output: bool) -> int:
    from aligntool.engines.terminology.constraints import TerminologyWarning
    from aligntool.jobs.corpus.run import CorpusTranslateJob, translate_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TerminologyWarning)
        summary = translate_corpus(CorpusTranslateJob(job, [str(p) for p in inputs], lines_as_documents, report),
                                   options)
    return echo_summary(summary, quiet, json_output)


def _terms_mode(terms: str | None, glossary: Path | None) -> str:
    from aligntool.engines.terminology.enforce import check_mode

    if terms is not None and glossary is None and terms != "off":
        raise ConfigError(f"--terms {terms} needs --glossary FILE")
    return check_mode(terms or "enforce")


def _echo_terms(summary: Any) -> None:
    from aligntool.engines.terminology.report import TermSummary

    for message in summary.term_warnings:
        typer.echo(f"aligntool: warning: {message}", err=True)
    for lang, report in summary.languages.items():
        if report.terms:
            typer.echo(TermSummary.from_dict(report.terms).format(lang), err=True)


def register(app: typer.Typer) -> None:
    """Add ``translate`` to the main app."""
    app.command("translate")(translate_command)
