"""Where a translation job's results go: every output format behind one interface.

A job translates a document chunk by chunk into a :class:`ChunkTranslation` (the chunk's sentences and,
per target language, a :class:`TargetTexts`) and hands it to each of its sinks in turn: bilingual TMX (one file
per target language), multilingual TMX (one file), XLIFF (one file per target language), the translated
document (one per target language, written when the document is done). A new output format is a new sink;
the job's loop does not change. Sentences with inline codes carry them to every sink (TMX level 2, XLIFF
inline elements, the document's own markup).
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Protocol

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.inline import CodeAt, CodedText
from aligntool.core.languages import base_language
from aligntool.core.safepath import confined_output
from aligntool.formats.documents.base import Sentence, SourceDocument
from aligntool.formats.tmdb.offers import FuzzyTmx
from aligntool.formats.tmdb.search import Match
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter, unit_props
from aligntool.formats.xliff.writer import XliffMatch, XliffWriter, output_kinds, sentence_unit
from aligntool.jobs.translated_document import DocumentReport, document_path, write_translated_document


def pair_path(out_dir: Path, stem: str, source_lang: str, lang: str, suffix: str) -> Path:
    """The file of one language pair: ``OUT/STEM.SRC-LANG.SUFFIX`` (``doc.en-ru.tmx``), confined to ``OUT``."""
    return confined_output(out_dir, f"{stem}.{base_language(source_lang)}-{lang}.{suffix}")


def planned_paths(out_dir: Path, stem: str, source_lang: str, targets: list[str], output_format: str,
                  multilingual: bool) -> list[Path]:
    """The TMX and XLIFF files :func:`open_sinks` writes for a document named ``stem``, in the same order (a
    translated document's name also needs the source's extension: :func:`document_path`)."""
    kinds = output_kinds(output_format)
    tmx: list[Path] = []
    if "tmx" in kinds:
        tmx = ([confined_output(out_dir, f"{stem}.tmx")] if multilingual
               else [pair_path(out_dir, stem, source_lang, lang, "tmx") for lang in targets])
    xliff = [pair_path(out_dir, stem, source_lang, lang, "xlf") for lang in targets] if "xliff" in kinds else []
    return [*tmx, *xliff]


@dataclass
class TargetTexts:
    """One target language's results for a chunk, one entry per sentence.

    ``origins``: ``tm``, ``tm-fuzzy`` (filled from a fuzzy TM match, to be reviewed) or ``mt``; ``terms``: the
    ``x-terms`` value ('' without a glossary); ``engines``: the engine that produced the text where it is not
    the translator's own (else ''); ``capped``: whether the output reached its length cap; ``matches``: the
    fuzzy TM matches offered, best first (none without a TM); ``codes``: the sentence's inline codes placed in
    the translation (() for a sentence without codes); ``codes_fallback``: whether they were put in source order
    (``x-codes-fallback``).
    """

    texts: list[str]
    origins: list[str]
    terms: list[str]
    engines: list[str]
    capped: list[bool]
    matches: list[list[Match]] = field(default_factory=list)
    codes: list[tuple[CodeAt, ...]] = field(default_factory=list)
    codes_fallback: list[bool] = field(default_factory=list)

    def offers(self, i: int) -> list[Match]:
        """The fuzzy matches offered for sentence ``i``."""
        return self.matches[i] if i < len(self.matches) else []

    def coded(self, i: int) -> tuple[CodeAt, ...]:
        """The i-th translation's codes (() before the job placed them)."""
        return self.codes[i] if i < len(self.codes) else ()

    def fallback(self, i: int) -> bool:
        """Whether the i-th translation's codes were put in source order."""
        return i < len(self.codes_fallback) and self.codes_fallback[i]


@dataclass
class ChunkTranslation:
    """A chunk of a document's sentences (``offset``: the first one's index) and their translations."""

    offset: int
    sentences: list[Sentence]
    targets: dict[str, TargetTexts]


@dataclass(frozen=True)
class DocumentOutput:
    """What every sink of one document needs to know: names, language tags, the signature, the models."""

    out_dir: Path
    stem: str  # output file names start with it
    name: str  # the document's file name (``x-document``, XLIFF ``original``)
    source_lang: str
    source_tag: str
    target_tags: dict[str, str]  # target language → TMX/XLIFF language tag, in output order
    header_props: list[tuple[str, str]]  # the signature with the document's hash, as TMX header props
    signature: str  # the same, formatted (XLIFF header note)
    model_identity: dict[str, str]  # target language → the model named in ``x-mt-model``

    def pair_path(self, lang: str, suffix: str) -> Path:
        """``OUT/STEM.SRC-LANG.SUFFIX``."""
        return pair_path(self.out_dir, self.stem, self.source_lang, lang, suffix)

    def target_props(self, lang: str, target: TargetTexts, i: int, suffix_lang: bool) -> list[tuple[str, str]]:
        """One target's props (suffixed with ``lang`` in a multilingual unit); the model only for MT output,
        the engine only where another engine than the run's produced the text, ``x-mt-capped`` where the
        output reached its length cap; the best fuzzy TM match's score and origin where one was offered or
        filled in, and its text where MT was kept."""
        origin = target.origins[i]
        offers = target.offers(i)
        best = offers[0] if offers else None
        return unit_props(origin="tm" if origin == "tm-fuzzy" else origin,
                          mt_model=self.model_identity[lang] if origin == "mt" else None,
                          terms=target.terms[i], lang=lang if suffix_lang else None,
                          mt_engine=target.engines[i] or None, mt_capped=target.capped[i],
                          tm_score=best.score if best else None, tm_origin=(best.origin or "-") if best else None,
                          tm_match=best.suggestion if best and origin == "mt" else None,
                          codes_fallback=target.fallback(i))


class Sink(Protocol):
    """An open output of one document."""

    def write(self, chunk: ChunkTranslation) -> None:
        """Write the chunk's units."""

    @property
    def paths(self) -> list[Path]:
        """The files it writes."""

    @property
    def replaced_characters(self) -> int:
        """Characters XML forbids that it replaced."""

    @property
    def skipped_units(self) -> int:
        """Units it could not write (and left out, counted)."""


class UncountedSink:
    """Base of the sinks whose outputs keep every unit and character as given (fuzzy offers, translated documents,
    OmegaT projects): they have nothing to add to the run's replaced/skipped counts."""

    replaced_characters = 0
    skipped_units = 0


class PerLanguageSink:
    """A sink with one writer per target language (bilingual TMX, XLIFF)."""

    writers: dict[str, TmxWriter | XliffWriter]

    @property
    def paths(self) -> list[Path]:
        return [writer.path for writer in self.writers.values()]

    @property
    def replaced_characters(self) -> int:
        return sum(writer.replaced_characters for writer in self.writers.values())

    @property
    def skipped_units(self) -> int:
        return sum(writer.skipped_units for writer in self.writers.values())


class BilingualTmxSink(PerLanguageSink):
    """One TMX per target language, a unit per source sentence."""

    def __init__(self, output: DocumentOutput, stack: ExitStack) -> None:
        self.output = output
        header = TmxHeader(srclang=output.source_tag, props=output.header_props)
        self.tmx: dict[str, TmxWriter] = {
            lang: stack.enter_context(TmxWriter(output.pair_path(lang, "tmx"), header)) for lang in output.target_tags}
        self.writers = dict(self.tmx)

    def write(self, chunk: ChunkTranslation) -> None:
        out = self.output
        for i, sentence in enumerate(chunk.sentences):
            index = chunk.offset + i
            for lang, target in chunk.targets.items():
                props = [*unit_props(document=out.name, segment=index, context=sentence.context),
                         *out.target_props(lang, target, i, suffix_lang=False)]
                codes = ({out.source_tag: sentence.codes, out.target_tags[lang]: target.coded(i)}
                         if sentence.codes else {})
                self.tmx[lang].write(TranslationUnit(
                    {out.source_tag: sentence.text, out.target_tags[lang]: target.texts[i]}, props,
                    tuid=f"{out.stem}-{index + 1}", codes=codes))


class MultilingualTmxSink(PerLanguageSink):
    """One TMX for all target languages: each unit holds the source and every translation."""

    def __init__(self, output: DocumentOutput, stack: ExitStack) -> None:
        self.output = output
        header = TmxHeader(srclang=output.source_tag, props=output.header_props)
        self.tmx = stack.enter_context(TmxWriter(confined_output(output.out_dir, f"{output.stem}.tmx"), header))
        self.writers = {"*": self.tmx}

    def write(self, chunk: ChunkTranslation) -> None:
        out = self.output
        for i, sentence in enumerate(chunk.sentences):
            index = chunk.offset + i
            variants = {out.source_tag: sentence.text,
                        **{out.target_tags[lang]: target.texts[i] for lang, target in chunk.targets.items()}}
            props = unit_props(document=out.name, segment=index, context=sentence.context)
            for lang, target in chunk.targets.items():
                props += out.target_props(lang, target, i, suffix_lang=True)
            codes = ({out.source_tag: sentence.codes,
                      **{out.target_tags[lang]: target.coded(i) for lang, target in chunk.targets.items()}}
                     if sentence.codes else {})
            self.tmx.write(TranslationUnit(variants, props, tuid=f"{out.stem}-{index + 1}", codes=codes))


class XliffSink(PerLanguageSink):
    """One bilingual XLIFF per target language (1.2 or 2.1), a unit per source sentence."""

    def __init__(self, output: DocumentOutput, stack: ExitStack, version: str) -> None:
        self.xliff: dict[str, XliffWriter] = {
            lang: stack.enter_context(XliffWriter(output.pair_path(lang, "xlf"), output.source_tag, tag, output.name,
                                                  output.signature, version))
            for lang, tag in output.target_tags.items()}
        self.writers = dict(self.xliff)

    def write(self, chunk: ChunkTranslation) -> None:
        for i, sentence in enumerate(chunk.sentences):
            for lang, writer in self.xliff.items():
                target = chunk.targets[lang]
                offers = [XliffMatch(m.source, m.suggestion, m.score, m.origin, m.source_codes,
                                     m.target_codes if m.suggestion == m.target else ()) for m in target.offers(i)]
                writer.write(sentence_unit(chunk.offset + i, sentence.text, target.texts[i], target.origins[i],
                                           sentence.paragraph, sentence.context, target.terms[i], sentence.codes,
                                           target.coded(i), offers))


@dataclass
class FuzzyMatchSink(UncountedSink):
    """With a TM: per target language, the fuzzy matches offered as a TMX for the translator's CAT tool (an OmegaT
    project's ``tm/``): ``OUT/STEM.SRC-LANG.tm-fuzzy.tmx``, written only when a match was offered."""

    output: DocumentOutput
    stack: ExitStack
    files: dict[str, FuzzyTmx] = field(default_factory=dict)

    def __post_init__(self) -> None:
        out = self.output
        for lang, tag in out.target_tags.items():
            self.files[lang] = self.stack.enter_context(FuzzyTmx(out.pair_path(lang, "tm-fuzzy.tmx"), out.source_tag,
                                                                 tag, out.header_props))

    def write(self, chunk: ChunkTranslation) -> None:
        for lang, target in chunk.targets.items():
            for i in range(len(chunk.sentences)):
                self.files[lang].add(target.offers(i))

    @property
    def paths(self) -> list[Path]:
        return [file.path for file in self.files.values() if file.units_written]


@dataclass
class DocumentSink(UncountedSink):
    """The translated document, one per target language (:mod:`aligntool.jobs.translated_document`): the
    translations and their codes are kept as chunks come, and each file is written when the document is done
    (and only then: a failed run leaves none)."""

    output: DocumentOutput
    stack: ExitStack
    document: SourceDocument
    sentences: list[Sentence]
    translations: dict[str, list[CodedText]] = field(default_factory=dict)
    fallbacks: dict[str, int] = field(default_factory=dict)
    reports: list[DocumentReport] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.translations = {lang: [] for lang in self.output.target_tags}
        self.fallbacks = dict.fromkeys(self.output.target_tags, 0)
        self.stack.push(self._finish)

    def write(self, chunk: ChunkTranslation) -> None:
        for lang, target in chunk.targets.items():
            for i in range(len(chunk.sentences)):
                self.translations[lang].append(CodedText(target.texts[i], target.coded(i)))
                self.fallbacks[lang] += target.fallback(i)

    def _finish(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                tb: TracebackType | None) -> bool:
        if exc_type is None:
            for lang, tag in self.output.target_tags.items():
                out = document_path(self.output.out_dir, self.document, self.output.stem, lang)
                self.reports.append(write_translated_document(self.document, self.sentences, self.translations[lang],
                                                              out, tag, self.fallbacks[lang]))
        return False

    @property
    def paths(self) -> list[Path]:
        return [report.path for report in self.reports]


def open_sinks(output: DocumentOutput, stack: ExitStack, output_format: str, multilingual: bool,
               xliff_version: str, offers: bool = False, document: SourceDocument | None = None,
               sentences: list[Sentence] | None = None) -> list[Sink]:
    """The sinks ``output_format`` (tmx, xliff, both, document, or several joined by commas) asks for, opened on
    ``stack``; TMX comes first; with ``offers`` (a TM) also the TMX of the fuzzy matches offered.
    ``document``/``sentences``: the source and its sentences (for ``document``)."""
    kinds = output_kinds(output_format)
    sinks: list[Sink] = []
    if "tmx" in kinds:
        sinks.append(MultilingualTmxSink(output, stack) if multilingual else BilingualTmxSink(output, stack))
    if "xliff" in kinds:
        sinks.append(XliffSink(output, stack, xliff_version))
    if offers:
        sinks.append(FuzzyMatchSink(output, stack))
    if "document" in kinds and document is not None:
        sinks.append(DocumentSink(output, stack, document, list(sentences or [])))
    return sinks
