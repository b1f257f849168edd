"""The unit of corpus work: translate (or align) one document, skip it when done, report its outcome.

A worker loads its models once (one :class:`~aligntool.jobs.translate.TranslationSession` per language setting)
and is handed work items; the local executor runs one in-process, the Ray executor one per actor. Every
document ends as one :class:`DocumentStatus` — written, skipped (its outputs exist with the same
signature) or failed (the error's first line) — so one bad document never stops the others.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from aligntool.core.errors import first_line
from aligntool.core.signature import Signature, content_hash, file_hash
from aligntool.engines.alignment.corpus import align_pair
from aligntool.engines.alignment.lexical import LexicalModel
from aligntool.formats.documents.reading import read_document, text_document
from aligntool.formats.manifest import DocumentPair
from aligntool.formats.tmx.reader import read_tmx_header
from aligntool.jobs.align import CorpusAlignJob, pair_output, pair_signature, write_pair
from aligntool.jobs.align_output import select
from aligntool.jobs.corpus.inputs import WorkItem
from aligntool.jobs.translate import TranslateJob, TranslationSession

#: Test hook for fault tolerance (a failpoint, as in etcd or TiKV): ``kill-worker:<document id>`` makes the
#: Ray worker that first meets that document exit abruptly, as an out-of-memory kill would.
FAILPOINT_VARIABLE = "ALIGNTOOL_FAILPOINT"
STATUSES = ("written", "skipped", "failed")


@dataclass
class DocumentStatus:
    """What happened to one document (a row of the run report)."""

    id: str
    source: str
    status: str
    error: str = ""
    sentences: int = 0
    units: int = 0
    skipped_units: int = 0  # sentences without a usable translation: not written (see the TMX writer)
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    item: str = ""  # the work item it came from (a file, or a shard of a one-document-per-line file)
    worker: str = ""  # host:pid of the process that ran it
    worker_rss_mb: float = 0.0  # that process's peak resident memory so far

    def stamp(self) -> DocumentStatus:
        """Record which process ran it and that process's peak memory (Linux: ru_maxrss in KiB)."""
        import resource
        import socket

        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.worker_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        return self

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**asdict(self), "seconds": round(self.seconds, 3)}


def _failpoint(document_id: str, out_dir: Path) -> None:
    wanted = os.environ.get(FAILPOINT_VARIABLE, "")
    if wanted != f"kill-worker:{document_id}":
        return
    marker = out_dir / f".aligntool-failpoint-{document_id}"
    if marker.exists():
        return
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    os._exit(137)


class TranslateWorker:
    """Translates work items with sessions built from one job template (models loaded on first use)."""

    def __init__(self, job: TranslateJob, *, failpoints: bool = False) -> None:
        self.job = replace(job, inputs=(), progress=False)
        self.failpoints = failpoints
        self._sessions: dict[tuple[str, tuple[str, ...]], TranslationSession] = {}

    def session(self, item: WorkItem) -> TranslationSession:
        """The session for the item's languages (the job's, unless its manifest row says otherwise)."""

        key = (item.src_lang or self.job.source_lang, tuple(item.to) or tuple(self.job.targets))
        if key not in self._sessions:
            self._sessions[key] = TranslationSession(replace(self.job, source_lang=key[0], targets=key[1]))
        return self._sessions[key]

    def close(self) -> None:
        """Close the sessions (their resume journals keep what was translated)."""
        for session in self._sessions.values():
            session.close()
        self._sessions.clear()

    def run(self, item: WorkItem) -> list[DocumentStatus]:
        """Every document of the item: one status each."""

        if not item.sharded:
            return [self._document(item, item.id, item.path, None)]
        try:
            lines = list(item.lines())
        except (OSError, UnicodeDecodeError) as exc:
            return [DocumentStatus(item.id, item.path, "failed", f"{item.path}: {first_line(exc)}", item=item.id)]
        stem = Path(item.path).stem
        return [self._document(item, f"{stem}-{number}", f"{item.path}:{number}",
                               (text_document(text, f"{stem}-{number}"), content_hash(text)))
                for number, text in lines]

    def _document(self, item: WorkItem, document_id: str, source: str, loaded: tuple[Any, str] | None
                  ) -> DocumentStatus:

        started = time.perf_counter()
        status = DocumentStatus(document_id, source, "failed", item=item.id)
        try:
            if self.failpoints:
                _failpoint(document_id, self.job.out_dir)
            session = self.session(item)
            document, digest = loaded if loaded is not None else (read_document(item.path, self.job.input_format),
                                                                  file_hash(item.path))
            outputs = session.output_paths(document_id)
            status.files = [str(p) for p in outputs]
            expected = session.header_props(digest)
            tmx = [p for p in outputs if p.suffix == ".tmx"]
            if outputs and all(p.is_file() for p in outputs) and all(
                    read_tmx_header(p).props == expected for p in tmx):
                status.status = "skipped"
                return status
            before = session.summary.skipped_units
            status.sentences = session.translate_document(document, document_id, digest)
            status.skipped_units = session.summary.skipped_units - before
            status.units = status.sentences * len(tmx) - status.skipped_units
            status.status = "written"
        except Exception as exc:  # a poisoned document is reported, never the end of the run
            message = first_line(exc)
            status.error = message if message.startswith(str(item.path)) else f"{source}: {message}"
        finally:
            status.seconds = time.perf_counter() - started
        return status.stamp()


class AlignWorker:
    """Aligns document pairs of a collection with its shared translation table (the second pass)."""

    def __init__(self, job: CorpusAlignJob, model: LexicalModel | None) -> None:
        self.job, self.model = job, model
        self.glossary = job.load_glossary()
        # one per worker: each distinct source sentence is translated once per worker (and, journaled in the
        # output directory, once per collection across reruns)
        self.translate = job.translator(job.out)
        self._signature: Signature | None = None

    @property
    def signature(self) -> Signature:
        """The pairs' signature, made here rather than by the driver: with --mt it names the model and engine
        this worker runs (its device may resolve another precision). Made on first use, in the thread that
        aligns (Ray builds the actor in another one; the MT journal's SQLite connection belongs to one)."""
        if self._signature is None:
            self._signature = self.job.signature(self.translate, self.job.languages(),
                                                 **{"align-corpus": str(len(self.job.pairs))})
        return self._signature

    def close(self) -> None:
        """Close the MT resume journal (the interface the executors call)."""
        if self.translate is not None:
            self.translate.close()

    def run(self, item: WorkItem) -> list[DocumentStatus]:
        """The pair's status (one per item)."""
        return [self._pair(item)]

    def _pair(self, item: WorkItem) -> DocumentStatus:

        started = time.perf_counter()
        status = DocumentStatus(item.id, item.path, "failed", item=item.id)
        try:
            pair = DocumentPair(item.id, Path(item.path), Path(item.target), item.src_lang,
                                item.to[0] if item.to else None)
            path = pair_output(self.job, pair.id)
            status.files = [str(path)]
            if (path.is_file() and self.job.output_format == "tmx"
                    and read_tmx_header(path).props == pair_signature(self.signature, pair).props()):
                status.status = "skipped"
                return status
            doc = align_pair(pair, self.job.source_lang, self.job.target_lang, self.model,
                             presegmented=self.job.presegmented, glossary=self.glossary, options=self.job.options,
                             translate=self.translate, input_format=self.job.input_format)
            kept = select(doc.beads, self.job.min_score).kept
            write_pair(self.job, doc, kept, self.signature)
            status.sentences, status.units, status.status = len(doc.src.sentences), len(kept), "written"
        except Exception as exc:  # a poisoned pair is reported, never the end of the run
            status.error = f"{item.path}: {first_line(exc)}"
        finally:
            status.seconds = time.perf_counter() - started
        return status.stamp()
