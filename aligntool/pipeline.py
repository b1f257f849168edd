"""The translation job: read → segment → translate per target language → write TMX.

Documents are processed in chunks of sentences so that memory does not grow with corpus size; each chunk
is translated (length-sorted batches inside the engine) and its units streamed to the TMX writers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligntool.datatypes import TranslationUnit
from aligntool.documents import document_sentences, read_document, text_document
from aligntool.errors import ConfigError
from aligntool.formats import Sentence
from aligntool.languages import base_language, tmx_tag
from aligntool.signature import Signature, base_signature, file_hash
from aligntool.tmx import TmxHeader, TmxWriter, unit_props
from aligntool.translation import DecodingOptions, Translator, load_translator, resolve_models
from aligntool.translation.registry import ModelSpec
from aligntool.xliff import XliffWriter, check_output_format, sentence_unit


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
    device: str = "auto"
    decoding: DecodingOptions = field(default_factory=DecodingOptions)
    engine: str = "transformers"
    compute_type: str = "auto"
    threads: int = 0
    multilingual: bool = False
    tm: Sequence[Path] = ()
    progress: bool = True
    chunk_sentences: int = 1000
    glossary: Path | None = None
    terms: str = "enforce"  # with a glossary: enforce | check | off (see aligntool.terminology)
    input_format: str | None = None  # a name from aligntool.formats.READERS; None: by file extension
    output_format: str = "tmx"  # tmx | xliff | both (aligntool.xliff: one bilingual XLIFF per target language)
    xliff_version: str = "1.2"


@dataclass
class LanguageReport:
    """Per target language: where the translations came from."""

    model: str
    sentences: int = 0
    from_tm: int = 0
    split_sentences: int = 0
    capped_outputs: int = 0
    terms: dict[str, Any] = field(default_factory=dict)  # term success (TermSummary.as_dict) with a glossary


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
            "languages": {lang: vars(report) for lang, report in self.languages.items()},
            "signature": self.signature,
            "term_warnings": list(self.term_warnings),
            "empty_inputs": [str(p) for p in self.empty_inputs],
        }


def _segmenter_signature(lang: str) -> str | None:
    from aligntool import segmentation

    signature = getattr(segmentation, "segmenter_signature", None)
    return signature(lang) if callable(signature) else None


def _chunks(segments: list[Sentence], size: int) -> Iterator[tuple[int, list[Sentence]]]:
    for start in range(0, len(segments), size):
        yield start, segments[start:start + size]


def _progress_bar(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="sent", desc="translating", file=sys.stderr, leave=False,
                disable=not enabled or not sys.stderr.isatty())


def _output_paths(job: TranslateJob, stem: str, targets: list[str]) -> dict[str, Path]:
    if job.multilingual:
        return {"*": job.out_dir / f"{stem}.tmx"}
    return {lang: job.out_dir / f"{stem}.{base_language(job.source_lang)}-{lang}.tmx" for lang in targets}


def translate_files(job: TranslateJob) -> RunSummary:
    """Translate every input into every target language and write the TMX files; returns a summary."""
    started = time.perf_counter()
    targets = [base_language(t) for t in job.targets]
    if not targets:
        raise ConfigError("--to: give at least one target language, e.g. --to ru,kk")
    if len(set(targets)) != len(targets):
        raise ConfigError(f"--to {','.join(job.targets)}: a language is listed twice")
    check_output_format(job.output_format, job.xliff_version)
    specs = resolve_models(targets, list(job.models), list(job.target_tokens), job.config)
    for path in job.inputs:  # a bad input fails the run before models load; texts are re-read one at a time
        read_document(path, job.input_format)
    enforcer = _load_enforcer(job)
    translators = {lang: load_translator(spec, device=job.device, options=job.decoding, engine=job.engine,
                                         compute_type=job.compute_type, threads=job.threads)
                   for lang, spec in specs.items()}
    source_tag = tmx_tag(job.source_lang, job.lang_tags)
    target_tags = {lang: tmx_tag(lang, job.lang_tags) for lang in targets}
    memory = _load_memory(job, source_tag, list(target_tags.values()))

    signature = _run_signature(job, specs, translators)
    if enforcer is not None:
        signature = signature.with_fields(glossary=enforcer.glossary.signature(), terms=enforcer.mode)
    summary = RunSummary(signature=signature.format())
    summary.languages = {lang: LanguageReport(translators[lang].model_identity) for lang in targets}
    for path in job.inputs:
        segments = document_sentences(read_document(path, job.input_format), base_language(job.source_lang))
        if not segments:
            summary.empty_inputs.append(path)
        _translate_document(job, path, segments, translators, source_tag, target_tags, memory, signature, summary,
                            enforcer)
    for lang, translator in translators.items():
        summary.languages[lang].split_sentences = translator.stats.split_sentences
        summary.languages[lang].capped_outputs = translator.stats.capped_outputs
        if enforcer is not None and lang in enforcer.summaries:
            summary.languages[lang].terms = enforcer.summaries[lang].as_dict()
    if enforcer is not None:
        summary.term_warnings = enforcer.warnings
    summary.seconds = time.perf_counter() - started
    return summary


def _load_enforcer(job: TranslateJob) -> Any:
    if job.glossary is None or job.terms == "off":
        from aligntool.terminology import check_mode

        check_mode(job.terms)
        return None
    from aligntool.glossary import Glossary
    from aligntool.terminology import TermEnforcer

    return TermEnforcer(Glossary.load(job.glossary), base_language(job.source_lang), job.terms)


def _load_memory(job: TranslateJob, source_tag: str, target_tags: list[str]) -> Any:
    if not job.tm:
        return None
    from aligntool.tmx.memory import TranslationMemory

    return TranslationMemory.load(list(job.tm), source_tag, target_tags)


def _run_signature(job: TranslateJob, specs: dict[str, ModelSpec], translators: dict[str, Translator]) -> Signature:
    fields: dict[str, str | None] = {"segmenter": _segmenter_signature(base_language(job.source_lang)),
                                     "engine": job.engine}
    for lang, translator in translators.items():
        fields[f"model-{lang}"] = translator.model_identity
        fields[f"engine-{lang}"] = translator.engine_identity  # the one that ran (after any fallback)
        if translator.loaded.target_token:
            fields[f"target-token-{lang}"] = translator.loaded.target_token
        fields[f"beams-{lang}"] = str(translator.num_beams)
    if job.decoding.max_new_tokens is not None:
        fields["max-new-tokens"] = str(job.decoding.max_new_tokens)
    for path in job.tm:
        fields[f"tm-{Path(path).name}"] = file_hash(path)
    return base_signature().with_fields(**fields)


def _translate_document(
    job: TranslateJob, path: Path, segments: list[Sentence], translators: dict[str, Translator],
    source_tag: str, target_tags: dict[str, str], memory: Any, signature: Signature, summary: RunSummary,
    enforcer: Any = None,
) -> None:
    targets = list(target_tags)
    outputs = _output_paths(job, path.stem, targets) if job.output_format != "xliff" else {}
    header_props = signature.with_fields(document=file_hash(path)).props()
    with ExitStack() as stack:
        writers: dict[str, TmxWriter] = {
            key: stack.enter_context(TmxWriter(out, TmxHeader(srclang=source_tag, props=header_props)))
            for key, out in outputs.items()
        }
        xliffs: dict[str, XliffWriter] = {} if job.output_format == "tmx" else {
            lang: stack.enter_context(XliffWriter(
                job.out_dir / f"{path.stem}.{base_language(job.source_lang)}-{lang}.xlf", source_tag,
                target_tags[lang], path.name, signature.with_fields(document=file_hash(path)).format(),
                job.xliff_version)) for lang in targets}
        bar = stack.enter_context(_progress_bar(len(segments) * len(targets), job.progress))
        for offset, chunk in _chunks(segments, job.chunk_sentences):
            sources = [s.text for s in chunk]
            translated: dict[str, list[str]] = {}
            origins: dict[str, list[str]] = {}
            terms: dict[str, list[str]] = {}
            for lang in targets:
                translated[lang], origins[lang] = _translate_chunk(
                    translators[lang], sources, memory, target_tags[lang], summary.languages[lang], bar.update
                )
                if enforcer is not None:  # glossary terms: check every unit, re-decode failing MT output
                    translated[lang], outcomes = enforcer.process(
                        translators[lang], lang, sources, translated[lang], [o == "mt" for o in origins[lang]])
                    terms[lang] = [o.prop() for o in outcomes]
            for i, source in enumerate(sources):
                index = offset + i
                for lang, xliff in xliffs.items():
                    xliff.write(sentence_unit(index, source, translated[lang][i], origins[lang][i], chunk[i].paragraph,
                                              chunk[i].context, terms[lang][i] if terms.get(lang) else None))
                if not writers:
                    continue
                if job.multilingual:
                    variants = {source_tag: source, **{target_tags[lang]: translated[lang][i] for lang in targets}}
                    props = unit_props(document=path.name, segment=index, context=chunk[i].context)
                    for lang in targets:
                        props += _target_props(translators[lang], origins[lang][i], terms.get(lang), i, lang)
                    writers["*"].write(TranslationUnit(variants, props, tuid=f"{path.stem}-{index + 1}"))
                    continue
                for lang in targets:
                    props = [*unit_props(document=path.name, segment=index, context=chunk[i].context),
                             *_target_props(translators[lang], origins[lang][i], terms.get(lang), i)]
                    unit = TranslationUnit({source_tag: source, target_tags[lang]: translated[lang][i]}, props,
                                           tuid=f"{path.stem}-{index + 1}")
                    writers[lang].write(unit)
        summary.documents += 1
        summary.sentences += len(segments)
    summary.files.extend([*outputs.values(), *(x.path for x in xliffs.values())])
    summary.replaced_characters += sum(w.replaced_characters for w in [*writers.values(), *xliffs.values()])
    summary.skipped_units += sum(w.skipped_units for w in writers.values())


def _target_props(translator: Translator, origin: str, terms: list[str] | None, i: int,
                  lang: str | None = None) -> list[tuple[str, str]]:
    """One target's props (suffixed with ``lang`` in a multilingual unit); the model only for MT output."""
    return unit_props(origin=origin, mt_model=translator.model_identity if origin == "mt" else None,
                      terms=terms[i] if terms else None, lang=lang)


def _translate_chunk(
    translator: Translator, sources: list[str], memory: Any, target_tag: str, report: LanguageReport,
    progress: Any,
) -> tuple[list[str], list[str]]:
    """Translations and their origin (``tm`` or ``mt``) for one chunk of source sentences."""
    results: list[str | None] = [memory.lookup(s, target_tag) if memory else None for s in sources]
    origins = ["tm" if r is not None else "mt" for r in results]
    missing = [i for i, r in enumerate(results) if r is None]
    if len(missing) < len(sources):
        progress(len(sources) - len(missing))
    machine = translator.translate([sources[i] for i in missing], progress=progress)
    for i, text in zip(missing, machine, strict=True):
        results[i] = text
    report.sentences += len(sources)
    report.from_tm += len(sources) - len(missing)
    return [r or "" for r in results], origins


_TRANSLATORS: dict[tuple[str, str | None, str, DecodingOptions], Translator] = {}


def translate(
    text: str | Sequence[str], to: str = "ru", *, model: str | None = None, target_token: str | None = None,
    source_lang: str = "en", device: str = "auto", beams: int | None = None, max_length: int | None = None,
) -> list[str]:
    """Translate a document (a string, segmented first) or a list of sentences into ``to``.

    ``model`` defaults to the registry's model for the language; loaded models are reused across calls.
    """
    lang = base_language(to)
    spec = resolve_models([lang], [f"{lang}={model}"] if model else [],
                          [f"{lang}={target_token}"] if target_token else [])[lang]
    options = DecodingOptions(num_beams=beams, max_new_tokens=max_length)
    key = (spec.model, spec.target_token, device, options)
    if key not in _TRANSLATORS:
        _TRANSLATORS[key] = load_translator(spec, device=device, options=options)
    if isinstance(text, str):
        sentences = [s.text for s in document_sentences(text_document(text, "<text>"), base_language(source_lang))]
    else:
        sentences = list(text)
    return _TRANSLATORS[key].translate(sentences)


def translate_file(path: str | Path, to: str | Sequence[str] = ("ru", "kk"), out_dir: str | Path = "out",
                   **options: Any) -> RunSummary:
    """Translate one file into TMX files in ``out_dir`` (options as in :class:`TranslateJob`)."""
    targets = [to] if isinstance(to, str) else list(to)
    return translate_files(TranslateJob(inputs=[Path(path)], targets=targets, out_dir=Path(out_dir), **options))
