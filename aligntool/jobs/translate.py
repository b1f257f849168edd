"""The translation job: read → segment → translate per target language → write TMX, XLIFF, documents.

Documents are processed in chunks of sentences so that memory does not grow with corpus size; each chunk
is translated (length-sorted batches inside the engine), each sentence's inline codes are placed in its
translations (:mod:`aligntool.jobs.coded`), and its units are streamed to the sinks (:mod:`aligntool.jobs.sinks`).
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligntool.core.defaults import DEFAULT_MAX_SEGMENT_CHARS, DEFAULT_TM_MIN_SCORE
from aligntool.core.errors import ConfigError
from aligntool.core.inline import CodeAt, CodedText
from aligntool.core.languages import base_language, tmx_tag
from aligntool.core.signature import Signature, base_signature, file_hash
from aligntool.engines.segmentation import segmenter as segmentation
from aligntool.engines.segmentation.cap import cap_segments
from aligntool.engines.segmentation.sentences import document_sentences
from aligntool.engines.terminology.enforce import TermEnforcer, check_mode
from aligntool.engines.terminology.termbase import Glossary
from aligntool.engines.translation.engine import Translations, Translator
from aligntool.engines.translation.factory import load_translator
from aligntool.engines.translation.loading import locate_model
from aligntool.engines.translation.options import EngineOptions
from aligntool.engines.translation.registry import ModelSpec, resolve_models
from aligntool.formats.documents.base import DocumentWarning, Sentence, SourceDocument
from aligntool.formats.documents.reading import read_document
from aligntool.formats.tmdb.memory import TmMatcher, tm_fingerprint
from aligntool.formats.tmdb.search import Match
from aligntool.formats.xliff.writer import check_output_format, output_kinds
from aligntool.jobs.coded import CodeReport, glossary_links, translated_codes
from aligntool.jobs.journal import Journal, JournaledTranslator
from aligntool.jobs.omegat_project import OmegatProjects
from aligntool.jobs.sinks import (
    ChunkTranslation,
    DocumentOutput,
    DocumentSink,
    Sink,
    TargetTexts,
    open_sinks,
    planned_paths,
)
from aligntool.jobs.translated_document import DocumentReport, check_writable


@dataclass(frozen=True)
class TranslateJob:
    """Everything ``aligntool translate`` needs; the CLI builds one from its options."""

    inputs: Sequence[Path]
    targets: Sequence[str]
    out_dir: Path
    source_lang: str = "en"
    models: Sequence[str] = ()
    target_tokens: Sequence[str] = ()
    config: Path | None = None
    lang_tags: dict[str, str] = field(default_factory=dict)
    options: EngineOptions = field(default_factory=EngineOptions)
    multilingual: bool = False
    tm: Sequence[Path] = ()  # one TM database, or TMX files (aligntool.formats.tmdb.memory)
    tm_min_score: int = DEFAULT_TM_MIN_SCORE  # fuzzy matches at or above this are offered (XLIFF, TMX props)
    tm_fill_fuzzy: int | None = None  # fuzzy matches at or above this fill the target, marked for review
    progress: bool = True
    chunk_sentences: int = 1000
    glossary: Path | None = None
    terms: str = "enforce"  # with a glossary: enforce | check | off (see aligntool.engines.terminology)
    input_format: str | None = None  # a name from aligntool.formats.documents.registry.READERS; None: by file extension
    resume: bool = True  # journal finished sentences in OUT and reuse them on a rerun (aligntool.jobs.journal)
    #: split longer segments (aligntool.engines.segmentation.cap); 0: no cap
    max_segment_chars: int = DEFAULT_MAX_SEGMENT_CHARS
    #: tmx | xliff | both | document, or several joined by commas (aligntool.formats.xliff.writer.output_kinds):
    #: XLIFF is one bilingual file per target language, document the translated document itself
    #: (aligntool.jobs.translated_document)
    output_format: str = "tmx"
    xliff_version: str = "1.2"
    omegat_project: bool = False  # also OUT/omegat-<src>-<tgt>/ per target language (aligntool.jobs.omegat_project)


@dataclass
class LanguageReport:
    """Per target language: where the translations came from."""

    model: str
    sentences: int = 0
    from_tm: int = 0
    from_tm_fuzzy: int = 0  # targets filled from a fuzzy match (--tm-fill-fuzzy), marked for review
    tm_offers: int = 0  # sentences whose output offers fuzzy matches
    split_sentences: int = 0
    capped_outputs: int = 0  # sentences with output that reached the length cap
    terms: dict[str, Any] = field(default_factory=dict)  # term success (TermSummary.as_dict) with a glossary
    engines: dict[str, int] = field(default_factory=dict)  # engine identity → sentences it produced text for
    resumed: int = 0  # sentences taken from the resume journal instead of decoded
    engine: str = ""  # the engine that ran (after ``--engine auto`` chose, or a fallback), e.g. ctranslate2-4.8.5/int8
    repaired: int = 0  # constrained sentences the engine could not complete: decoded by transformers (last resort)
    codes: CodeReport = field(default_factory=CodeReport)  # inline codes in, out, placed without full evidence


@dataclass
class RunSummary:
    """What a translation run did, for the final line, ``--json`` and tests."""

    files: list[Path] = field(default_factory=list)
    documents: int = 0
    sentences: int = 0
    seconds: float = 0.0
    languages: dict[str, LanguageReport] = field(default_factory=dict)
    replaced_characters: int = 0
    skipped_units: int = 0  # units without a non-empty translation: not written (a CAT tool would misread them)
    signature: str = ""
    term_warnings: list[str] = field(default_factory=list)
    empty_inputs: list[Path] = field(default_factory=list)  # no sentences: their TMX files have no units
    long_segments: int = 0  # segments over max_segment_chars, split
    documents_written: list[DocumentReport] = field(default_factory=list)  # --format document: per file
    left_out: list[Path] = field(default_factory=list)  # inputs an OmegaT project cannot hold (no OmegaT filter)

    @property
    def resumed(self) -> int:
        """Sentence translations taken from the resume journal (all languages)."""
        return sum(report.resumed for report in self.languages.values())

    @property
    def sentences_per_second(self) -> float:
        """Source sentences per second of wall time (each translated into every target language)."""
        return self.sentences / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "files": [str(p) for p in self.files],
            "documents": self.documents,
            "sentences": self.sentences,
            "seconds": round(self.seconds, 3),
            "sentences_per_second": round(self.sentences_per_second, 3),
            "replaced_characters": self.replaced_characters,
            "skipped_units": self.skipped_units,
            "languages": {lang: {**vars(report), "codes": vars(report.codes)}
                          for lang, report in self.languages.items()},
            "signature": self.signature,
            "term_warnings": list(self.term_warnings),
            "empty_inputs": [str(p) for p in self.empty_inputs],
            "resumed": self.resumed,
            "long_segments": self.long_segments,
            "documents_written": [report.as_dict() for report in self.documents_written],
            "left_out": [str(p) for p in self.left_out],
        }


def _segmenter_signature(lang: str) -> str | None:

    signature = getattr(segmentation, "segmenter_signature", None)
    return signature(lang) if callable(signature) else None


def _chunks(segments: list[Sentence], size: int) -> Iterator[tuple[int, list[Sentence]]]:
    for start in range(0, len(segments), size):
        yield start, segments[start:start + size]


def _progress_bar(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="sent", desc="translating", file=sys.stderr, leave=False,
                disable=not enabled or not sys.stderr.isatty())


def translate_files(job: TranslateJob) -> RunSummary:
    """Translate every input into every target language and write the TMX files; returns a summary."""
    _check_stems(job)
    session = TranslationSession(job)
    try:
        for path in job.inputs:
            session.translate_document(read_document(path, job.input_format), path.stem, file_hash(path))
        return session.finish()
    finally:
        session.close()


def job_models(job: TranslateJob) -> dict[str, ModelSpec]:
    """The model for each target language of ``job`` (target list and output format checked first)."""
    targets = [base_language(t) for t in job.targets]
    if not targets:
        raise ConfigError("--to: give at least one target language, e.g. --to ru,kk")
    if len(set(targets)) != len(targets):
        raise ConfigError(f"--to {','.join(job.targets)}: a language is listed twice")
    check_output_format(job.output_format, job.xliff_version)
    return resolve_models(targets, list(job.models), list(job.target_tokens), job.config, job.source_lang)


class TranslationSession:
    """Models, glossary, translation memory and signature loaded once; documents translated one at a time.

    :func:`translate_files` runs one over the job's inputs; a corpus executor (local or one per Ray actor,
    :mod:`aligntool.jobs.corpus`) runs one over whatever documents it is handed.
    """

    def __init__(self, job: TranslateJob) -> None:
        self.started = time.perf_counter()
        self.job = job
        specs = job_models(job)
        targets = list(specs)
        with warnings.catch_warnings():  # their warnings are told once, when each is read to be translated
            warnings.simplefilter("ignore", DocumentWarning)
            for path in job.inputs:  # a bad input fails the run before models load; texts are re-read one at a time
                checked = read_document(path, job.input_format)
                if "document" in output_kinds(job.output_format):  # a PDF cannot be written back: say so now
                    check_writable(checked)
        self.enforcer = _load_enforcer(job)
        for spec in specs.values():  # a missing model is one error line, before the loading notice
            locate_model(spec)
        if job.progress:
            print("aligntool: loading model…", file=sys.stderr, flush=True)
        self.translators = {lang: load_translator(spec, job.options) for lang, spec in specs.items()}
        self.journal: Journal | None = None
        if job.resume:  # finished sentences survive a kill; a rerun decodes only the rest

            self.journal = Journal.beside(job.out_dir)
            self.translators = {lang: JournaledTranslator(t, self.journal) for lang, t in self.translators.items()}
        self.source_tag = tmx_tag(job.source_lang, job.lang_tags)
        self.target_tags = {lang: tmx_tag(lang, job.lang_tags) for lang in targets}
        self.memory = _load_memory(job, self.source_tag, list(self.target_tags.values()))
        enforcer = self.enforcer
        signature = _run_signature(job, specs, self.translators, enforcer is not None and enforcer.mode == "enforce")
        if enforcer is not None:
            signature = signature.with_fields(glossary=enforcer.glossary.signature(), terms=enforcer.mode)
        self.signature = signature
        self.summary = RunSummary(signature=signature.format())
        self.summary.languages = {lang: LanguageReport(self.translators[lang].model_identity,
                                                       engine=self.translators[lang].engine_identity)
                                  for lang in targets}
        self.projects = OmegatProjects(job.out_dir, job.source_lang, self.source_tag, self.target_tags, job.glossary,
                                       self.signature.props()) if wants_project(job) else None

    def output_paths(self, stem: str) -> list[Path]:
        """The files :meth:`translate_document` writes for a document named ``stem``."""
        job = self.job
        return planned_paths(job.out_dir, stem, job.source_lang, list(self.target_tags), job.output_format,
                             job.multilingual)

    def header_props(self, digest: str) -> list[tuple[str, str]]:
        """The signature props a document's TMX header carries (the run's signature and the document's hash)."""
        return self.signature.with_fields(document=digest).props()

    def translate_document(self, document: SourceDocument, stem: str, digest: str) -> int:
        """Translate one document (``stem`` names its outputs, ``digest`` is its content hash); returns its
        sentence count."""
        segments = document_sentences(document, base_language(self.job.source_lang))
        segments, split = cap_segments(segments, self.job.max_segment_chars)
        self.summary.long_segments += split
        if not segments:
            self.summary.empty_inputs.append(document.path)
        project = self.projects.sink(document) if self.projects is not None else None
        _translate_document(self.job, document, stem, digest, segments, self.translators,
                            self.source_tag, self.target_tags, self.memory, self.signature, self.summary,
                            self.enforcer, [project] if project is not None else [])
        if self.projects is not None and project is not None:
            self.projects.add(project)
        return len(segments)

    def finish(self) -> RunSummary:
        """The run's summary, with the engines' and the term enforcer's totals."""
        summary = self.summary
        for lang, translator in self.translators.items():
            summary.languages[lang].split_sentences = translator.stats.split_sentences
            summary.languages[lang].capped_outputs = translator.stats.capped_outputs
            summary.languages[lang].resumed = getattr(translator, "resumed", 0)
            summary.languages[lang].repaired = translator.stats.repaired
            if self.enforcer is not None and lang in self.enforcer.summaries:
                summary.languages[lang].terms = self.enforcer.summaries[lang].as_dict()
        if self.enforcer is not None:
            summary.term_warnings = self.enforcer.warnings
        if self.projects is not None:
            for report in self.projects.write():
                summary.files.append(report.root / "omegat.project")
                summary.left_out.extend(path for path in report.left_out if path not in summary.left_out)
        summary.seconds = time.perf_counter() - self.started
        return summary

    def close(self) -> None:
        """Close the resume journal (its finished sentences stay for a rerun) and the translation memory."""
        if self.memory is not None:
            self.memory.close()
            self.memory = None
        if self.journal is not None:
            self.journal.close()
            self.journal = None


def _load_enforcer(job: TranslateJob) -> TermEnforcer | None:
    if job.glossary is None or job.terms == "off":

        check_mode(job.terms)
        return None

    # an invalid glossary is refused with the `glossary validate` message (not silently half-used)
    return TermEnforcer(Glossary.load(job.glossary, validated=True), base_language(job.source_lang), job.terms)


def _load_memory(job: TranslateJob, source_tag: str, target_tags: list[str]) -> TmMatcher | None:
    if not job.tm:
        return None
    return TmMatcher.open(list(job.tm), source_tag, min_score=job.tm_min_score)


def _run_signature(job: TranslateJob, specs: dict[str, ModelSpec], translators: dict[str, Translator],
                   constrained: bool = False) -> Signature:
    fields: dict[str, str | None] = {"segmenter": _segmenter_signature(base_language(job.source_lang)),
                                     "engine": job.options.engine}
    for lang, translator in translators.items():
        fields.update(translator.signature_fields(lang))  # engine: the one that ran (after any fallback)
        if constrained and translator.repair_identity:  # it hands constrained sentences to another engine
            fields[f"engine-{lang}"] = f"{translator.engine_identity}+{translator.repair_identity}"
    if job.options.max_length is not None:
        fields["max-new-tokens"] = str(job.options.max_length)
    for path in job.tm:
        fields[f"tm-{Path(path).name}"] = tm_fingerprint(path)
    if job.tm and job.tm_fill_fuzzy is not None:
        fields["tm-fill-fuzzy"] = str(job.tm_fill_fuzzy)
    return base_signature().with_fields(**fields)


def _check_stems(job: TranslateJob) -> None:
    """Refuse two inputs whose outputs would have one name (``report.docx`` and ``report.html`` both write
    ``OUT/report.en-ru.tmx``): the second would silently replace the first."""
    seen: dict[str, Path] = {}
    for path in job.inputs:
        other = seen.setdefault(path.stem, path)
        if other != path:
            raise ConfigError(f"{other} and {path} would both write {job.out_dir / path.stem}.*: rename one of them "
                              "or translate them in separate runs (another --out)")


def wants_project(job: TranslateJob) -> bool:
    """Whether the job writes OmegaT projects (``--omegat-project`` or ``--format …,omegat``)."""
    return job.omegat_project or "omegat" in output_kinds(job.output_format)


def _translate_document(
    job: TranslateJob, document: SourceDocument, stem: str, digest: str, segments: list[Sentence],
    translators: dict[str, Translator], source_tag: str, target_tags: dict[str, str],
    memory: TmMatcher | None, signature: Signature, summary: RunSummary, enforcer: TermEnforcer | None = None,
    extra_sinks: Sequence[Sink] = (),
) -> None:
    targets = list(target_tags)
    document_signature = signature.with_fields(document=digest)
    output = DocumentOutput(job.out_dir, stem, document.path.name, job.source_lang, source_tag, target_tags,
                            document_signature.props(), document_signature.format(),
                            {lang: translators[lang].model_identity for lang in targets})
    with ExitStack() as stack:
        sinks = [*open_sinks(output, stack, job.output_format, job.multilingual, job.xliff_version,
                             offers=memory is not None, document=document, sentences=segments), *extra_sinks]
        bar = stack.enter_context(_progress_bar(len(segments) * len(targets), job.progress))
        for offset, chunk in _chunks(segments, job.chunk_sentences):
            sources = [s.text for s in chunk]
            results = {lang: _translate_chunk(translators[lang], lang, sources, memory, target_tags[lang],
                                              summary.languages[lang], bar.update, enforcer, job.tm_fill_fuzzy,
                                              [s.codes for s in chunk])
                       for lang in targets}
            for lang, target in results.items():
                _place_codes(chunk, target, memory, target_tags[lang], summary.languages[lang].codes, enforcer,
                             job.source_lang, lang)
            translated = ChunkTranslation(offset, chunk, results)
            for sink in sinks:
                sink.write(translated)
        summary.documents += 1
        summary.sentences += len(segments)
    for sink in sinks:
        summary.files.extend(sink.paths)
        summary.replaced_characters += sink.replaced_characters
        summary.skipped_units += sink.skipped_units
        if isinstance(sink, DocumentSink):
            summary.documents_written.extend(sink.reports)


def _place_codes(chunk: list[Sentence], target: TargetTexts, memory: TmMatcher | None, target_tag: str,
                 report: CodeReport, enforcer: TermEnforcer | None, source_lang: str, lang: str) -> None:
    """Each sentence's inline codes in its translation (``target.codes``; () without codes), counted in
    ``report``; with a glossary, its terms found on both sides are word links for the placement."""
    for i, sentence in enumerate(chunk):
        if not sentence.codes:
            target.codes.append(())
            target.codes_fallback.append(False)
            continue
        translation = target.texts[i]
        stored = (memory.codes(sentence.text, target_tag, sentence.codes)
                  if memory is not None and target.origins[i] == "tm" else None)
        links = (glossary_links(enforcer.glossary, sentence.text, translation, base_language(source_lang), lang)
                 if enforcer is not None else None)
        placement, from_tm = translated_codes(CodedText(sentence.text, sentence.codes), translation, stored, links)
        report.add(sentence.codes, placement, from_tm)
        target.codes.append(placement.coded.codes)
        target.codes_fallback.append(not placement.confident)


def _translate_chunk(
    translator: Translator, lang: str, sources: list[str], memory: TmMatcher | None, target_tag: str,
    report: LanguageReport, progress: Callable[[int], object], enforcer: TermEnforcer | None = None,
    fill: int | None = None, codes: Sequence[tuple[CodeAt, ...]] = (),
) -> TargetTexts:
    """One target language's results for one chunk of source sentences (see :class:`TargetTexts`).

    With a TM an exact match replaces MT; fuzzy matches are offered beside it (``TargetTexts.matches``) or, at
    or above ``fill``, fill the target (origin ``tm-fuzzy``, to be reviewed). With a glossary the MT sentences go
    through the enforcer (constraints under ``enforce``) and every sentence, TM matches included, is checked.
    ``codes``: each sentence's inline codes, for the TM's tag penalty (empty: not compared).
    """
    results: list[str | None] = []
    origins: list[str] = []
    offered: list[list[Match]] = []
    for i, source in enumerate(sources):
        found, offers = (memory.matches(source, target_tag, codes[i] if codes else None) if memory is not None
                         else (None, []))
        offered.append(offers)
        if found is not None:
            results.append(found.target.strip())  # as the sentence: trimmed (the match's codes are at trimmed offsets)
            origins.append("tm")
        elif offers and fill is not None and offers[0].score >= fill:
            results.append(offers[0].suggestion)
            origins.append("tm-fuzzy")
            report.from_tm_fuzzy += 1
        else:
            results.append(None)
            origins.append("mt")
            report.tm_offers += bool(offers)
    missing = [i for i, r in enumerate(results) if r is None]
    if len(missing) < len(sources):
        progress(len(sources) - len(missing))
    texts = [sources[i] for i in missing]
    outcomes: list[Any] = [None] * len(sources)
    if enforcer is not None:
        machine, checked = enforcer.translate(translator, lang, texts, progress=progress)
        matched = [i for i, r in enumerate(results) if r is not None]
        tm = Translations([results[i] or "" for i in matched], ["" for _ in matched], [False for _ in matched],
                          [None for _ in matched])
        for i, outcome in zip(matched, enforcer.outcomes(lang, [sources[i] for i in matched], tm), strict=True):
            outcomes[i] = outcome
        for i, outcome in zip(missing, checked, strict=True):
            outcomes[i] = outcome
    else:
        machine = translator.translate(texts, progress=progress)
    other_engine = [""] * len(sources)
    capped = [False] * len(sources)
    for i, text, engine, cut in zip(missing, machine, machine.engines, machine.capped, strict=True):
        results[i] = text
        capped[i] = cut
        if engine:
            report.engines[engine] = report.engines.get(engine, 0) + 1
        if engine and engine != translator.engine_identity:
            other_engine[i] = engine
    report.sentences += len(sources)
    report.from_tm += len(sources) - len(missing) - origins.count("tm-fuzzy")
    terms = [o.prop() if o is not None else "" for o in outcomes]
    return TargetTexts([r or "" for r in results], origins, terms, other_engine, capped, offered)
