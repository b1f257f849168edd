"""The alignment job: read and segment both documents → align → write TMX (or beads, TSV) and the report.

``aligntool align`` builds an :class:`AlignJob` from its options and calls :func:`align_files`; the Python
API does the same, so both produce the same files.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from aligntool.alignment.output import FORMATS
from aligntool.alignment.scoring import AlignOptions
from aligntool.errors import ConfigError

if TYPE_CHECKING:
    from aligntool.translation.options import EngineOptions


@dataclass(frozen=True)
class AlignJob:
    """Everything ``aligntool align`` needs; the CLI builds one from its options.

    ``out``: the output file (required for ``tmx``; ``beads`` and ``tsv`` go to standard output without it).
    ``report``: where the beads left out of the TM are listed (see :func:`align_files` when None).
    ``mt_model``: with ``mt``, a Hub id or directory instead of the registry's model for the target language;
    ``mt_options``: the translation options (:class:`aligntool.EngineOptions`) it decodes with.
    """

    source: Path
    target: Path
    source_lang: str
    target_lang: str
    out: Path | None = None
    output_format: str = "tmx"
    presegmented: bool = False
    min_score: float = 0.0
    glossary: Path | None = None
    mt: bool = False
    mt_model: str | None = None
    mt_options: EngineOptions | None = None  # how --mt decodes (engine, device, beams…; defaults when None)
    report: Path | None = None
    input_format: str | None = None  # a name from aligntool.formats.READERS; None: each file by its extension
    options: AlignOptions = field(default_factory=AlignOptions)

    def validate(self) -> None:
        """Raise one ConfigError naming every bad option (before any file is read)."""
        from aligntool.languages import normalise_tag

        problems = []
        if self.output_format not in FORMATS:
            problems.append(f"--format must be one of {', '.join(FORMATS)}, not {self.output_format!r}")
        if self.output_format == "tmx" and self.out is None:
            problems.append("--format tmx needs --out FILE.tmx")
        if not 0.0 <= self.min_score <= 1.0:
            problems.append(f"--min-score must be between 0 and 1, not {self.min_score:g}")
        for option, code in (("--src-lang", self.source_lang), ("--tgt-lang", self.target_lang)):
            try:
                normalise_tag(code)
            except ConfigError as exc:
                problems.append(f"{option}: {exc}")
        if problems:
            raise ConfigError("; ".join(problems))


@dataclass
class AlignSummary:
    """What an alignment run did: the beads and how many went into the TM."""

    beads: list[Any] = field(default_factory=list)  # aligntool.alignment.Bead, in document order
    kept: int = 0
    doubtful: int = 0  # below --min-score
    unmatched: int = 0  # 1-0 and 0-1
    reported: int = 0  # beads listed in the report (left out, or kept but doubtful)
    files: list[Path] = field(default_factory=list)
    signature: str = ""

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        return (f"{len(self.beads)} beads: {self.kept} kept, {self.doubtful} below --min-score, "
                f"{self.unmatched} without counterpart")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"beads": len(self.beads), "kept": self.kept, "doubtful": self.doubtful, "unmatched": self.unmatched,
                "reported": self.reported, "files": [str(p) for p in self.files], "signature": self.signature}


def align_files(job: AlignJob, report_stream: IO[str] | None = None) -> AlignSummary:
    """Align ``job.source`` with ``job.target`` and write the outputs; returns a summary.

    The beads left out of the TM are listed in ``job.report`` when given, else in ``report_stream``
    (the CLI passes standard error), else nowhere (they are in the summary's ``beads``).
    """
    from aligntool.alignment import ALIGNER_NAME, align_sentences
    from aligntool.alignment.document import load_document
    from aligntool.alignment.output import select, write_beads, write_report, write_tmx_units, write_tsv
    from aligntool.atomic import text_output
    from aligntool.languages import tmx_tag
    from aligntool.signature import base_signature, file_hash

    job.validate()
    job.options.validate()
    src_doc = load_document(job.source, job.source_lang, job.presegmented, job.input_format)
    tgt_doc = load_document(job.target, job.target_lang, job.presegmented, job.input_format)
    term_base = None
    if job.glossary is not None:
        from aligntool.glossary import Glossary

        term_base = Glossary.load(job.glossary)
    translations = None
    if job.mt:
        from aligntool.alignment.mt import translate_source

        translations = translate_source(src_doc.sentences, job.source_lang, job.target_lang, model=job.mt_model,
                                        options=job.mt_options)
    beads = align_sentences(src_doc.sentences, tgt_doc.sentences, job.source_lang, job.target_lang,
                            src_breaks=src_doc.breaks, tgt_breaks=tgt_doc.breaks, glossary=term_base,
                            src_translations=translations, options=job.options)
    selection = select(beads, job.min_score)
    signature = base_signature().with_fields(
        aligner=ALIGNER_NAME, **job.options.signature_fields(),
        **{"align-min-score": f"{job.min_score:g}", "align-mt": "chrf" if job.mt else None,
           "glossary": file_hash(job.glossary) if job.glossary else None,
           "source-file": file_hash(job.source), "target-file": file_hash(job.target)})
    summary = AlignSummary(beads=beads, kept=len(selection.kept), doubtful=len(selection.doubtful),
                           unmatched=len(selection.unmatched), signature=signature.format())
    if job.output_format == "beads":
        with text_output(job.out) as handle:
            write_beads(handle, beads)
    elif job.output_format == "tsv":
        with text_output(job.out) as handle:
            write_tsv(handle, selection.kept, src_doc.sentences, tgt_doc.sentences)
    elif job.out is not None:
        write_tmx_units(job.out, selection.kept, src_doc.sentences, tgt_doc.sentences, tmx_tag(job.source_lang),
                        tmx_tag(job.target_lang), signature, job.source.name)
    if job.out is not None:
        summary.files.append(job.out)
    report: contextlib.AbstractContextManager[IO[str] | None]
    if job.report is not None:
        report = text_output(job.report)
        summary.files.append(job.report)
    else:
        report = contextlib.nullcontext(report_stream)
    with report as handle:
        if handle is not None:
            summary.reported = write_report(handle, beads, src_doc.sentences, tgt_doc.sentences, job.min_score)
    return summary


def align_file(source: str | Path, target: str | Path, source_lang: str, target_lang: str,
               out: str | Path | None = None, **options: Any) -> AlignSummary:
    """Align one document with its translation into ``out`` (other options as in :class:`AlignJob`)."""
    return align_files(AlignJob(source=Path(source), target=Path(target), source_lang=source_lang,
                                target_lang=target_lang, out=Path(out) if out is not None else None, **options))


@dataclass(frozen=True)
class CorpusAlignJob:
    """``aligntool align`` over a collection: a directory pair or a manifest (:mod:`aligntool.manifest`).

    One translation table is trained on all pairs (:mod:`aligntool.alignment.corpus`). ``out`` is a
    directory receiving ``<id>.tmx`` (or ``<id>.beads``) per pair, or with ``merge`` one TMX file.
    """

    pairs: tuple[Any, ...]  # aligntool.manifest.DocumentPair
    source_lang: str
    target_lang: str
    out: Path
    merge: bool = False
    output_format: str = "tmx"
    presegmented: bool = False
    min_score: float = 0.0
    glossary: Path | None = None
    mt: bool = False
    mt_model: str | None = None
    report: Path | None = None
    input_format: str | None = None
    options: AlignOptions = field(default_factory=AlignOptions)

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
        if not 0.0 <= self.min_score <= 1.0:
            problems.append(f"--min-score must be between 0 and 1, not {self.min_score:g}")
        if not self.pairs:
            problems.append("the collection lists no document pairs")
        if self.merge and any(pair.languages(self.source_lang, self.target_lang) != (self.source_lang, self.target_lang)
                              for pair in self.pairs):
            problems.append("--merge writes one language pair; the manifest gives some pairs other languages")
        if problems:
            raise ConfigError("; ".join(problems))


def align_corpus_files(job: CorpusAlignJob, report_stream: IO[str] | None = None) -> AlignSummary:
    """Align every pair of ``job`` with one shared translation table; returns one summary for all.

    The report lists each pair's doubtful beads under a ``## <id>`` line.
    """
    from aligntool.alignment import ALIGNER_NAME
    from aligntool.alignment.corpus import align_corpus
    from aligntool.alignment.output import select, write_beads, write_corpus_tmx, write_report, write_tmx_units
    from aligntool.atomic import text_output
    from aligntool.languages import tmx_tag
    from aligntool.signature import base_signature, file_hash

    job.validate()
    job.options.validate()
    term_base = None
    if job.glossary is not None:
        from aligntool.glossary import Glossary

        term_base = Glossary.load(job.glossary)
    translate = None
    if job.mt:
        from aligntool.alignment.mt import translate_source

        def translate(sentences: Any, src_lang: str, tgt_lang: str) -> list[str]:
            return translate_source(sentences, src_lang, tgt_lang, model=job.mt_model)

    signature = base_signature().with_fields(
        aligner=ALIGNER_NAME, **job.options.signature_fields(),
        **{"align-min-score": f"{job.min_score:g}", "align-mt": "chrf" if job.mt else None,
           "align-corpus": str(len(job.pairs)), "glossary": file_hash(job.glossary) if job.glossary else None})
    summary = AlignSummary(signature=signature.format())
    documents = align_corpus(list(job.pairs), job.source_lang, job.target_lang, presegmented=job.presegmented,
                             glossary=term_base, options=job.options, translate=translate,
                             input_format=job.input_format)
    report: contextlib.AbstractContextManager[IO[str] | None]
    report = text_output(job.report) if job.report is not None else contextlib.nullcontext(report_stream)

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

    with report as handle:
        if job.merge:
            write_corpus_tmx(job.out, ((doc.pair.id, selection.kept, doc.src.sentences, doc.tgt.sentences)
                                       for doc, selection in each(handle)),
                             tmx_tag(job.source_lang), tmx_tag(job.target_lang), signature)
            summary.files.append(job.out)
        else:
            job.out.mkdir(parents=True, exist_ok=True)
            for doc, selection in each(handle):
                path = job.out / f"{doc.pair.id}.{job.output_format}"
                if job.output_format == "beads":
                    with text_output(path) as beads_handle:
                        write_beads(beads_handle, doc.beads)
                else:
                    pair_signature = signature.with_fields(**{"source-file": file_hash(doc.pair.src),
                                                              "target-file": file_hash(doc.pair.tgt)})
                    write_tmx_units(path, selection.kept, doc.src.sentences, doc.tgt.sentences,
                                    tmx_tag(doc.src_lang), tmx_tag(doc.tgt_lang), pair_signature, doc.pair.id)
                summary.files.append(path)
    if job.report is not None:
        summary.files.append(job.report)
    return summary
