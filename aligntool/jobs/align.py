"""The alignment job: read and segment both documents → align → write TMX (or beads, TSV) and the report.

``aligntool align`` builds an :class:`AlignJob` from its options and calls :func:`align_files`; the Python
API does the same, so both produce the same files.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from aligntool.core.atomic import text_output
from aligntool.core.errors import ConfigError
from aligntool.core.languages import normalise_tag, tmx_tag
from aligntool.core.safepath import confined_output
from aligntool.core.signature import base_signature, file_hash
from aligntool.engines.alignment.aligner import ALIGNER_NAME, align_sentences
from aligntool.engines.alignment.beads import Bead
from aligntool.engines.alignment.corpus import AlignedDocument, align_pairs
from aligntool.engines.alignment.document import load_document
from aligntool.engines.alignment.scoring import AlignOptions
from aligntool.engines.terminology.termbase import Glossary
from aligntool.formats.manifest import DocumentPair
from aligntool.jobs.align_mt import SourceTranslator
from aligntool.jobs.align_output import (
    FORMATS,
    select,
    write_beads,
    write_corpus_tmx,
    write_report,
    write_tmx_units,
    write_tsv,
)

if TYPE_CHECKING:
    from aligntool.core.signature import Signature
    from aligntool.engines.translation.options import EngineOptions
    from aligntool.jobs.align_mt import SourceTranslator




@dataclass(frozen=True, kw_only=True)
class AlignSettings:
    """What aligning one pair (:class:`AlignJob`) and a collection (:class:`CorpusAlignJob`) share.

    ``report``: where the beads a reviewer should see are listed (see :func:`align_files` when None).
    With ``mt``, the source is translated by the model ``translate`` would use: ``mt_models`` and
    ``mt_target_tokens`` are its ``--model LANG=ID_OR_DIR`` and ``--target-token LANG=TOKEN``, ``config`` a TOML
    file with ``[models.LANG]`` tables; ``mt_options`` (:class:`aligntool.EngineOptions`): engine, device,
    beams, …; ``resume``: keep the translations in the resume journal beside the output and reuse them.
    """

    source_lang: str
    target_lang: str
    output_format: str = "tmx"
    presegmented: bool = False
    min_score: float = 0.0
    glossary: Path | None = None
    mt: bool = False
    mt_models: Sequence[str] = ()
    mt_target_tokens: Sequence[str] = ()
    mt_options: EngineOptions | None = None
    config: Path | None = None
    resume: bool = True
    report: Path | None = None
    #: a name from aligntool.formats.documents.registry.READERS; None: each file by its extension
    input_format: str | None = None
    options: AlignOptions = field(default_factory=AlignOptions)

    def problems(self) -> list[str]:
        """Every bad shared option, as messages (the jobs add their own and raise once)."""

        problems = []
        if not 0.0 <= self.min_score <= 1.0:
            problems.append(f"--min-score must be between 0 and 1, not {self.min_score:g}")
        for option, code in (("--from", self.source_lang), ("--to", self.target_lang)):
            try:
                normalise_tag(code)
            except ConfigError as exc:
                problems.append(f"{option}: {exc}")
        try:
            self.options.validate()
        except ConfigError as exc:
            problems.append(str(exc))
        if not self.mt:
            given = [name for name, value in (("mt_models", self.mt_models), ("mt_target_tokens",
                     self.mt_target_tokens), ("mt_options", self.mt_options)) if value]
            if given:
                problems.append(f"{', '.join(given)} only {'matters' if len(given) == 1 else 'matter'} with mt=True "
                                "(--mt)")
        return problems

    def load_glossary(self) -> Glossary | None:
        """The glossary whose terms anchor the alignment, or None."""
        if self.glossary is None:
            return None

        return Glossary.load(self.glossary)

    def translator(self, journal: Path | None = None) -> SourceTranslator | None:
        """With ``mt``: a function translating a document's source sentences (the translation API); with
        ``resume``, journaled in the directory ``journal`` (None: not journaled). Close it when done."""
        if not self.mt:
            return None

        # one model load per language pair; each sentence translated once
        return SourceTranslator(options=self.mt_options, models=self.mt_models, target_tokens=self.mt_target_tokens,
                                config=self.config, journal=journal if self.resume else None)

    def signature(self, translator: SourceTranslator | None = None, languages: Sequence[tuple[str, str]] = (),
                  **fields: str | None) -> Signature:
        """The output signature: aligner, its parameters, these settings, the MT model and engine of
        ``translator`` for each of ``languages`` (source, target) and ``fields``."""

        mt_fields: dict[str, str] = {}
        for src_lang, tgt_lang in dict.fromkeys(languages or [(self.source_lang, self.target_lang)]):
            mt_fields.update(translator.signature_fields(src_lang, tgt_lang) if translator is not None else {})
        return base_signature().with_fields(
            aligner=ALIGNER_NAME, **self.options.signature_fields(),
            **{"align-min-score": f"{self.min_score:g}", "align-mt": "chrf" if self.mt else None, **mt_fields,
               "glossary": file_hash(self.glossary) if self.glossary else None}, **fields)

    def report_output(self, stream: IO[str] | None) -> contextlib.AbstractContextManager[IO[str] | None]:
        """Where the report goes: ``report`` (atomically), else ``stream`` (None: nowhere)."""

        return text_output(self.report) if self.report is not None else contextlib.nullcontext(stream)


@dataclass(frozen=True)
class AlignJob(AlignSettings):
    """Everything ``aligntool align`` needs for one document pair; the CLI builds one from its options.

    ``out``: the output file (required for ``tmx``; ``beads`` and ``tsv`` go to standard output without it).
    The other fields are :class:`AlignSettings` (keyword-only).
    """

    source: Path
    target: Path
    out: Path | None = None

    def validate(self) -> None:
        """Raise one ConfigError naming every bad option (before any file is read)."""
        problems = []
        if self.output_format not in FORMATS:
            problems.append(f"--format must be one of {', '.join(FORMATS)}, not {self.output_format!r}")
        if self.output_format == "tmx" and self.out is None:
            problems.append("--format tmx needs --out FILE.tmx")
        problems += self.problems()
        if problems:
            raise ConfigError("; ".join(problems))


@dataclass
class AlignSummary:
    """What an alignment run did: the beads and how many went into the TM."""

    beads: list[Any] = field(default_factory=list)  # aligntool.engines.alignment.beads.Bead, in document order
    kept: int = 0
    doubtful: int = 0  # below --min-score
    unmatched: int = 0  # 1-0 and 0-1
    reported: int = 0  # beads listed in the report (left out, or kept but doubtful)
    files: list[Path] = field(default_factory=list)
    signature: str = ""
    resumed: int = 0  # --mt: source translations taken from the resume journal instead of decoded

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        resumed = f" ({self.resumed} source translations from the resume journal)" if self.resumed else ""
        return (f"{len(self.beads)} beads: {self.kept} kept, {self.doubtful} below --min-score, "
                f"{self.unmatched} without counterpart{resumed}")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"beads": len(self.beads), "kept": self.kept, "doubtful": self.doubtful, "unmatched": self.unmatched,
                "reported": self.reported, "files": [str(p) for p in self.files], "signature": self.signature,
                "resumed": self.resumed}


def align_files(job: AlignJob, report_stream: IO[str] | None = None) -> AlignSummary:
    """Align ``job.source`` with ``job.target`` and write the outputs; returns a summary.

    The beads left out of the TM are listed in ``job.report`` when given, else in ``report_stream``
    (the CLI passes standard error), else nowhere (they are in the summary's ``beads``).
    """

    job.validate()
    src_doc = load_document(job.source, job.source_lang, job.presegmented, job.input_format)
    tgt_doc = load_document(job.target, job.target_lang, job.presegmented, job.input_format)
    translate = job.translator(job.out.parent if job.out is not None and str(job.out) != "-" else None)
    with contextlib.closing(translate) if translate is not None else contextlib.nullcontext():
        translations = translate(src_doc.sentences, job.source_lang, job.target_lang) if translate else None
        signature = job.signature(translate, **{"source-file": file_hash(job.source),
                                                "target-file": file_hash(job.target)})
        resumed = translate.resumed if translate is not None else 0
    beads = align_sentences(src_doc.sentences, tgt_doc.sentences, job.source_lang, job.target_lang,
                            src_breaks=src_doc.breaks, tgt_breaks=tgt_doc.breaks, glossary=job.load_glossary(),
                            src_translations=translations, options=job.options)
    selection = select(beads, job.min_score)
    summary = AlignSummary(beads=beads, kept=len(selection.kept), doubtful=len(selection.doubtful),
                           unmatched=len(selection.unmatched), signature=signature.format(),
                           resumed=resumed)
    if job.output_format == "beads":
        with text_output(job.out) as handle:
            write_beads(handle, beads)
    elif job.output_format == "tsv":
        with text_output(job.out) as handle:
            write_tsv(handle, selection.kept, src_doc.sentences, tgt_doc.sentences)
    elif job.out is not None:
        write_tmx_units(job.out, selection.kept, src_doc.sentences, tgt_doc.sentences, tmx_tag(job.source_lang),
                        tmx_tag(job.target_lang), signature, job.source.name, src_doc.codes, tgt_doc.codes)
    if job.out is not None:
        summary.files.append(job.out)
    with job.report_output(report_stream) as handle:
        if handle is not None:
            summary.reported = write_report(handle, beads, src_doc.sentences, tgt_doc.sentences, job.min_score)
    if job.report is not None:
        summary.files.append(job.report)
    return summary


def align_file(source: str | Path, target: str | Path, source_lang: str, target_lang: str,
               out: str | Path | None = None, **options: Any) -> AlignSummary:
    """Align one document with its translation into ``out`` (other options as in :class:`AlignJob`)."""
    return align_files(AlignJob(source=Path(source), target=Path(target), source_lang=source_lang,
                                target_lang=target_lang, out=Path(out) if out is not None else None, **options))


@dataclass(frozen=True)
class CorpusAlignJob(AlignSettings):
    """``aligntool align`` over a collection: a directory pair or a manifest (:mod:`aligntool.formats.manifest`).

    One translation table is trained on all pairs (:mod:`aligntool.engines.alignment.corpus`). ``out`` is a
    directory receiving ``<id>.tmx`` (or ``<id>.beads``) per pair, or with ``merge`` one TMX file.
    The other fields are :class:`AlignSettings` (keyword-only).
    """

    pairs: tuple[Any, ...]  # aligntool.formats.manifest.DocumentPair
    out: Path
    merge: bool = False

    def validate(self) -> None:
        """Raise one ConfigError naming every bad option."""
        problems = []
        if self.output_format not in ("tmx", "beads"):
            problems.append(f"a collection is aligned into tmx or beads files, not {self.output_format!r}")
        if self.merge and self.output_format != "tmx":
            problems.append("--merge writes one TMX; it needs --format tmx")
        if self.merge and self.out.is_dir():
            problems.append(f"--merge: --out {self.out} is a directory; give the merged TMX's file name")
        if not self.merge and self.out.exists() and not self.out.is_dir():
            problems.append(f"--out {self.out} must be a directory (one file per pair), or use --merge")
        problems += self.problems()
        if not self.pairs:
            problems.append("the collection lists no document pairs")
        if self.merge and any(pair.languages(self.source_lang, self.target_lang) != (self.source_lang, self.target_lang)
                              for pair in self.pairs):
            problems.append("--merge writes one language pair; the manifest gives some pairs other languages")
        if problems:
            raise ConfigError("; ".join(problems))

    def languages(self) -> list[tuple[str, str]]:
        """The distinct (source, target) languages of the pairs (a manifest may give some pairs others)."""
        return list(dict.fromkeys(pair.languages(self.source_lang, self.target_lang) for pair in self.pairs))


def align_corpus_files(job: CorpusAlignJob, report_stream: IO[str] | None = None) -> AlignSummary:
    """Align every pair of ``job`` with one shared translation table; returns one summary for all.

    The report lists each pair's doubtful beads under a ``## <id>`` line.
    """
    job.validate()
    translate = job.translator(job.out.parent if job.merge else job.out)
    with contextlib.closing(translate) if translate is not None else contextlib.nullcontext():
        return _align_corpus_with(job, translate, report_stream)


def _align_corpus_with(job: CorpusAlignJob, translate: SourceTranslator | None,
                       report_stream: IO[str] | None) -> AlignSummary:

    signature = job.signature(translate, job.languages(), **{"align-corpus": str(len(job.pairs))})
    summary = AlignSummary(signature=signature.format())
    documents = align_pairs(list(job.pairs), job.source_lang, job.target_lang, presegmented=job.presegmented,
                             glossary=job.load_glossary(), options=job.options, translate=translate,
                             input_format=job.input_format)

    def each(handle: IO[str] | None) -> Any:
        for document in documents:
            selection = select(document.beads, job.min_score)
            summary.beads.extend(document.beads)
            summary.kept += len(selection.kept)
            summary.doubtful += len(selection.doubtful)
            summary.unmatched += len(selection.unmatched)
            if handle is not None:
                handle.write(f"## {document.pair.id}\n")
                summary.reported += write_report(handle, document.beads, document.src.sentences,
                                                 document.tgt.sentences, job.min_score)
            yield document, selection

    with job.report_output(report_stream) as handle:
        if job.merge:
            write_corpus_tmx(job.out, ((doc.pair.id, selection.kept, doc.src.sentences, doc.tgt.sentences)
                                       for doc, selection in each(handle)),
                             tmx_tag(job.source_lang), tmx_tag(job.target_lang), signature)
            summary.files.append(job.out)
        else:
            job.out.mkdir(parents=True, exist_ok=True)
            for doc, selection in each(handle):
                summary.files.append(write_pair(job, doc, selection.kept, signature))
    if job.report is not None:
        summary.files.append(job.report)
    summary.resumed = translate.resumed if translate is not None else 0
    return summary


def pair_output(job: CorpusAlignJob, pair_id: str) -> Path:
    """Where one pair of a collection is written (``<out>/<id>.tmx`` or ``.beads``)."""
    return confined_output(job.out, f"{pair_id}.{job.output_format}")


def pair_signature(signature: Signature, pair: DocumentPair) -> Signature:
    """The collection's signature with the pair's two file hashes (a pair's TMX header)."""

    return signature.with_fields(**{"source-file": file_hash(pair.src), "target-file": file_hash(pair.tgt)})


def write_pair(job: CorpusAlignJob, doc: AlignedDocument, kept: list[Bead], signature: Signature) -> Path:
    """Write one aligned pair of a collection (atomically); returns the file."""

    path = pair_output(job, doc.pair.id)
    if job.output_format == "beads":
        with text_output(path) as handle:
            write_beads(handle, doc.beads)
    else:
        write_tmx_units(path, kept, doc.src.sentences, doc.tgt.sentences, tmx_tag(doc.src_lang),
                        tmx_tag(doc.tgt_lang), pair_signature(signature, doc.pair), doc.pair.id)
    return path
