"""CLI commands: aligntool align (parses options into an AlignJob; aligntool.jobs.align does the work)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

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
    ENGINE_FIELDS,
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
    given_on_command_line,
)
from aligntool.cli.help import check_language, renamed, stdin_inputs
from aligntool.core.defaults import DEFAULT_BATCH_MEMORY_MB, DEFAULT_ENGINE
from aligntool.formats.documents.registry import INPUT_FORMAT_METAVAR


def align_command(
    ctx: typer.Context,
    src_file: Annotated[Path | None, typer.Argument(
        metavar="SRC_FILE", help="The original document (text, docx, html, md, xlf, pdf), or a directory of them "
        "('-': UTF-8 text on stdin).")] = None,
    tgt_file: Annotated[Path | None, typer.Argument(
        metavar="TGT_FILE", help="Its human translation (any of those formats), or a directory with files of the "
        "same names ('-': stdin).")] = None,
    *,
    src_lang: Annotated[str | None, typer.Option(
        "--from", metavar="LANG", help="Language of SRC_FILE (en, ru, kk, …).  [required]")] = None,
    tgt_lang: Annotated[str | None, typer.Option(
        "--to", metavar="LANG", help="Language of TGT_FILE.  [required]")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE",
        help="Output file (required for tmx; '-' or none: stdout for beads and tsv, '-' for tmx too); for a "
        "collection, a directory (one file per pair) or, with --merge, the TMX file.")] = None,
    src_lang_old: Annotated[str | None, typer.Option("--src-lang", hidden=True)] = None,
    tgt_lang_old: Annotated[str | None, typer.Option("--tgt-lang", hidden=True)] = None,
    presegmented: Annotated[bool, typer.Option(
        "--presegmented", help="Inputs have one sentence per line (blank lines: paragraph breaks).")] = False,
    output_format: Annotated[str, typer.Option(
        "--format", metavar="tmx|beads|tsv",
        help="tmx: translation memory; beads: one bead per line ([3]:[3, 4]); tsv: src, tgt, score.")]
    = "tmx",
    min_score: Annotated[float, typer.Option(
        "--min-score", metavar="SCORE",
        help="Beads scoring below this (0..1) are left out of tmx/tsv and reported.")] = 0.0,
    glossary: Annotated[Path | None, typer.Option(
        "--glossary", metavar="FILE", help="Glossary file: its terms on both sides anchor the alignment.")] = None,
    mt: Annotated[bool, typer.Option(
        "--mt", help="Also translate the source and compare the translation with the target (chrF); the "
        "options from --model to --resume below (translate's) choose how, and apply only then.")] = False,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="FILE", help="Write the beads left out of the TM here (default: stderr).")] = None,
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", metavar="FILE",
        help="Align the document pairs listed here (JSONL or CSV: id, src, tgt, src_lang, tgt_lang).")]
    = None,
    merge: Annotated[bool, typer.Option(
        "--merge", help="With a collection: write one TMX (--out FILE) instead of one per pair (--out DIR).")] = False,
    lexical_model: Annotated[bool, typer.Option(
        "--lexical-model/--no-lexical-model",
        help="Learn a word translation table from the documents and align twice (default: on).")] = True,
    input_format: Annotated[str | None, typer.Option(
        "--input-format", metavar=INPUT_FORMAT_METAVAR,
        help="Read both files as this format (default: each by its extension).")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE",
        help="TOML file with [models.<lang>] tables (for --mt) and an [align] table of option defaults.")] = None,
    model: Models = None,
    target_token: TargetTokens = None,
    engine: Engine = DEFAULT_ENGINE,
    device: Device = "auto",
    compute_type: ComputeType = "auto",
    threads: Threads = 0,
    beams: Beams = None,
    max_length: MaxLength = None,
    batch_tokens: BatchTokens = 4096,
    batch_memory_mb: BatchMemory = DEFAULT_BATCH_MEMORY_MB,
    resume: Annotated[bool, typer.Option(
        "--resume/--no-resume", help="With --mt: reuse the source translations journaled beside the output "
        "(.aligntool-journal.sqlite) by an earlier run (default), or ignore them.")] = True,
    executor: Executor = "local",
    ray_address: RayAddress = None,
    workers: Workers = 1,
    cpus_per_worker: CpusPerWorker = 1.0,
    gpus_per_worker: GpusPerWorker = 0.0,
    documents_per_call: DocumentsPerCall = 1,
    run_report: RunReport = None,
    tm_db: Annotated[Path | None, typer.Option(
        "--tm-db", metavar="TM.sqlite", help="Add the TMX written to this TM database (created if missing), one "
        "transaction per file.")] = None,
) -> int:
    """Align a document with its translation, sentence by sentence, and write a TMX (or beads, TSV).

    1-0 and 0-1 beads (a sentence without counterpart) and beads under --min-score never enter the TMX;
    they are listed in the report, with doubtful beads and the reason, so nothing disappears silently.
    Two directories or --manifest align a collection with one translation table learned from all pairs;
    with --executor ray its pairs are aligned by Ray workers (one file per pair, resumable, run report).
    """
    from aligntool.core.errors import ConfigError
    from aligntool.engines.alignment.scoring import AlignOptions
    from aligntool.jobs.align import AlignJob, CorpusAlignJob, align_corpus_files, align_files

    # the [align] table of --config was read by aligntool.cli.app before the options were parsed; its
    # [models.LANG] tables choose the --mt model
    src_lang = renamed(src_lang, src_lang_old, "--src-lang", "--from")
    tgt_lang = renamed(tgt_lang, tgt_lang_old, "--tgt-lang", "--to")
    if src_lang is None or tgt_lang is None:
        raise ConfigError("give the languages of the two documents with --from LANG --to LANG, e.g. --from en --to ru")
    check_language(src_lang, "--from", strict=False)  # AlignJob reports a bad tag with the other problems
    check_language(tgt_lang, "--to", strict=False)
    options = AlignOptions(lexical_model=lexical_model)
    if tm_db is not None and (output_format != "tmx" or out is None or str(out) == "-" or executor == "ray"):
        raise ConfigError("--tm-db adds the TMX align writes: give --format tmx and --out FILE (or DIR), and run "
                          "without --executor ray")
    mt_only = given_on_command_line(ctx, ["model", "target_token", *ENGINE_FIELDS, "resume"])
    if mt_only and not mt:
        verb = "matters" if len(mt_only) == 1 else "matter"
        raise ConfigError(f"{', '.join(mt_only)} only {verb} with --mt (the source is translated only then)")
    settings: dict[str, Any] = {  # the AlignSettings fields, shared by one pair and a collection
        "source_lang": src_lang, "target_lang": tgt_lang, "output_format": output_format,
        "presegmented": presegmented, "min_score": min_score, "glossary": glossary, "mt": mt, "report": report,
        "input_format": input_format, "options": options}
    if mt:
        settings.update(mt_models=model or [], mt_target_tokens=target_token or [], config=config, resume=resume,
                        mt_options=engine_options(engine=engine, device=device, compute_type=compute_type,
                                                  threads=threads, beams=beams, max_length=max_length,
                                                  batch_tokens=batch_tokens, batch_memory_mb=batch_memory_mb))
    if manifest is not None or (src_file is not None and src_file.is_dir()):
        from aligntool.formats.manifest import directory_pairs, iter_manifest

        if manifest is not None and src_file is not None:
            raise ConfigError("give either --manifest or two documents/directories, not both")
        if manifest is None and (tgt_file is None or not tgt_file.is_dir()):
            raise ConfigError(f"{src_file} is a directory: TGT_FILE must be the directory of its translations")
        if out is None:
            raise ConfigError("a collection needs --out DIR (or --out FILE.tmx with --merge)")
        pairs = tuple(iter_manifest(manifest)) if manifest is not None else tuple(directory_pairs(src_file, tgt_file))
        corpus = CorpusAlignJob(pairs=pairs, out=out, merge=merge, **settings)
        corpus_options = executor_options(executor, ray_address, workers, cpus_per_worker, gpus_per_worker,
                                              documents_per_call)
        if executor == "ray":
            from aligntool.jobs.corpus.run import align_corpus

            return echo_summary(align_corpus(corpus, corpus_options, run_report), False, False)
        summary = align_corpus_files(corpus, report_stream=sys.stderr)
        typer.echo(f"aligntool: {len(pairs)} document pairs, {summary.line()}", err=True)
        _add_to_tm(tm_db, summary.files)
        return 0
    if executor != "local":
        raise ConfigError("--executor ray is for collections (two directories or --manifest)")
    if src_file is None or tgt_file is None:
        raise ConfigError("give SRC_FILE and TGT_FILE (or two directories, or --manifest FILE)")
    if merge:
        raise ConfigError("--merge is for collections (two directories or --manifest)")
    with stdin_inputs([src_file, tgt_file]) as (source, target):
        job = AlignJob(source=source, target=target, out=out, **settings)
        summary = align_files(job, report_stream=sys.stderr)
    typer.echo(f"aligntool: {summary.line()}", err=True)
    _add_to_tm(tm_db, summary.files)
    return 0


def _add_to_tm(tm_db: Path | None, files: list[Path]) -> None:
    if tm_db is not None:
        from aligntool.cli.tm import add_outputs

        add_outputs(tm_db, [path for path in files if path.suffix.lower() == ".tmx"])


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("align")(align_command)
