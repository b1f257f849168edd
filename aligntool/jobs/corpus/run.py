"""Corpus runs: translate whole collections, locally or on a Ray cluster, resumable, with a run report.

Typical use::

    job = TranslateJob(inputs=(), targets=("ru", "kk"), out_dir=Path("out"))
    summary = translate_corpus(CorpusTranslateJob(job, inputs=["corpus_dir/"]),
                               ExecutorOptions(executor="ray", workers=2))
    print(summary.table())

Outputs are named by document id (``<id>.en-ru.tmx``) and written atomically, one document at a time; a
rerun skips documents whose outputs exist with the same signature; a document that fails is reported and
the others go on. The run report (JSONL, one row per document) reconciles: documents in = written +
skipped + failed, and per written document sentences × output files = units + skipped units.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from aligntool.core.atomic import atomic_output
from aligntool.core.errors import ConfigError
from aligntool.engines.alignment.corpus import corpus_model
from aligntool.engines.alignment.lexical import LexicalModel
from aligntool.engines.terminology.termbase import Glossary
from aligntool.engines.translation.loading import locate_model
from aligntool.jobs.align import CorpusAlignJob
from aligntool.jobs.corpus.executors import EXECUTORS, ExecutorOptions, import_ray, run
from aligntool.jobs.corpus.inputs import WorkItem, collect, is_collection
from aligntool.jobs.corpus.worker import STATUSES, AlignWorker, DocumentStatus, TranslateWorker
from aligntool.jobs.translate import TranslateJob, job_models

__all__ = ["EXECUTORS", "CorpusSummary", "CorpusTranslateJob", "ExecutorOptions", "WorkItem", "align_corpus",
           "import_ray", "is_collection", "translate_corpus"]


@dataclass(frozen=True)
class CorpusTranslateJob:
    """A translation job template (languages, models, options, ``out_dir``) and the collection to run it on."""

    job: TranslateJob  # its ``inputs`` are ignored
    inputs: Sequence[str | Path]
    lines_as_documents: bool = False  # each line of a plain file is one document (sharded)
    report: Path | None = None  # default: <out_dir>/aligntool-run.jsonl


@dataclass
class CorpusSummary:
    """What a corpus run did: counts that reconcile, throughput, the report's path."""

    executor: str
    workers: int
    documents: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0
    sentences: int = 0
    units: int = 0
    skipped_units: int = 0
    seconds: float = 0.0
    report: Path | None = None
    failures: list[DocumentStatus] = field(default_factory=list)

    def add(self, status: DocumentStatus) -> None:
        """Count one document's outcome."""
        self.documents += 1
        setattr(self, status.status, getattr(self, status.status) + 1)
        self.sentences += status.sentences
        self.units += status.units
        self.skipped_units += status.skipped_units
        if status.status == "failed":
            self.failures.append(status)

    def reconciles(self) -> bool:
        """Every document is written, skipped or failed."""
        return self.documents == self.written + self.skipped + self.failed

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``--json``)."""
        return {"executor": self.executor, "workers": self.workers, "documents": self.documents,
                "written": self.written, "skipped": self.skipped, "failed": self.failed,
                "sentences": self.sentences, "units": self.units, "skipped_units": self.skipped_units,
                "seconds": round(self.seconds, 3), "report": str(self.report) if self.report else None,
                "failures": [f.as_dict() for f in self.failures]}

    def table(self) -> str:
        """The final table on the terminal."""
        rate = self.written / self.seconds if self.seconds > 0 else 0.0
        speed = self.sentences / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"{'executor':<10} {'workers':>7} {'documents':>9} {'written':>7} {'skipped':>7} {'failed':>6} "
            f"{'sentences':>9} {'docs/s':>7} {'sent/s':>7}",
            f"{self.executor:<10} {self.workers:>7} {self.documents:>9} {self.written:>7} {self.skipped:>7} "
            f"{self.failed:>6} {self.sentences:>9} {rate:>7.2f} {speed:>7.2f}",
        ]
        lines += [f"failed: {f.error}" for f in self.failures[:10]]
        if len(self.failures) > 10:
            lines.append(f"… and {len(self.failures) - 10} more failures (see {self.report})")
        if self.report:
            lines.append(f"run report: {self.report}")
        return "\n".join(lines)


def _make_translate_worker(job: TranslateJob, failpoints: bool) -> TranslateWorker:
    return TranslateWorker(job, failpoints=failpoints)


def check_translate_job(job: TranslateJob) -> None:
    """The checks a run makes before any document is handed out (so a bad option is one error, not N)."""

    for spec in job_models(job).values():
        locate_model(spec)
    if job.glossary is not None:

        Glossary.load(job.glossary, validated=True)


def translate_corpus(corpus: CorpusTranslateJob, options: ExecutorOptions | None = None) -> CorpusSummary:
    """Translate every document of the collection; returns the reconciled summary (report written too)."""
    options = options or ExecutorOptions()
    options.validate()
    if options.executor == "ray":
        import_ray()
    started = time.perf_counter()
    job = corpus.job
    check_translate_job(job)
    items = collect(corpus.inputs, lines_as_documents=corpus.lines_as_documents)
    job.out_dir.mkdir(parents=True, exist_ok=True)
    return _execute(items, partial(_make_translate_worker, job), options,
                    corpus.report or job.out_dir / "aligntool-run.jsonl", started)


def _make_align_worker(job: CorpusAlignJob, model: LexicalModel | None, failpoints: bool) -> AlignWorker:
    return AlignWorker(job, model)


def align_corpus(job: CorpusAlignJob, options: ExecutorOptions | None = None,
                 report: Path | None = None) -> CorpusSummary:
    """Align a collection (:class:`aligntool.jobs.align.CorpusAlignJob`, one file per pair) on an executor.

    The translation table is trained once, here, on all pairs' first passes (as the local corpus mode does);
    the second pass runs per pair on the executor, so ``--executor ray`` writes the files the local corpus
    mode writes.
    """

    options = options or ExecutorOptions()
    options.validate()
    if options.executor == "ray":
        import_ray()
    if job.merge:

        raise ConfigError("--merge writes one file from every pair; it runs with --executor local only")
    started = time.perf_counter()
    job.validate()
    translate = job.translator()
    if translate is not None:  # a missing MT model is one error here, not one per pair on the workers
        translate.check(job.languages())
    readable = [pair for pair in job.pairs if pair.src.is_file() and pair.tgt.is_file()]  # the rest fail per pair
    model = corpus_model(readable, job.source_lang, job.target_lang, presegmented=job.presegmented,
                         glossary=job.load_glossary(), options=job.options,
                         input_format=job.input_format) if job.options.lexical_model else None
    items = [WorkItem(pair.id, str(pair.src), pair.src_lang, (pair.tgt_lang,) if pair.tgt_lang else (),
                      target=str(pair.tgt)) for pair in job.pairs]
    job.out.mkdir(parents=True, exist_ok=True)
    return _execute(items, partial(_make_align_worker, job, model), options,
                    report or job.out / "aligntool-run.jsonl", started)


def _execute(items: list[WorkItem], make_worker: Any, options: ExecutorOptions, report: Path,
             started: float) -> CorpusSummary:

    summary = CorpusSummary(options.executor, options.workers, report=report)
    with atomic_output(report, "w", encoding="utf-8") as handle:
        for status in run(items, make_worker, options):
            if status.status not in STATUSES:
                raise ValueError(f"unknown document status {status.status!r}")
            summary.add(status)
            handle.write(json.dumps(status.as_dict(), ensure_ascii=False) + "\n")
    summary.seconds = time.perf_counter() - started
    return summary
