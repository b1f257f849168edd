"""Corpus mode: many document pairs share one translation table.

The first pass aligns each pair with length, anchors and cheap evidence and keeps its confident 1-1
beads; one IBM Model 1 table is trained on all of them (up to :data:`lexical.MAX_PAIRS` word pairs,
so memory stays bounded however large the corpus); the second pass aligns every pair with it. One
document pair is in memory at a time: each is read once per pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from aligntool.engines.alignment.aligner import align_sentences
from aligntool.engines.alignment.beads import Bead
from aligntool.engines.alignment.document import load_document
from aligntool.engines.alignment.features import GlossaryLike
from aligntool.engines.alignment.lexical import MAX_PAIRS, LexicalModel, confident_pairs, train, words
from aligntool.engines.alignment.scoring import AlignOptions
from aligntool.engines.segmentation.document import SegmentedDocument
from aligntool.formats.manifest import DocumentPair

Translate = Callable[[Sequence[str], str, str], list[str]]  # (sentences, source lang, target lang)


@dataclass
class AlignedDocument:
    """One aligned pair: its sentences and beads."""

    pair: DocumentPair
    src_lang: str
    tgt_lang: str
    src: SegmentedDocument
    tgt: SegmentedDocument
    beads: list[Bead]


def _load(pair: DocumentPair, src_lang: str, tgt_lang: str, presegmented: bool, input_format: str | None
          ) -> tuple[str, str, SegmentedDocument, SegmentedDocument]:
    s_lang, t_lang = pair.languages(src_lang, tgt_lang)
    return (s_lang, t_lang, load_document(pair.src, s_lang, presegmented, input_format),
            load_document(pair.tgt, t_lang, presegmented, input_format))


@dataclass(frozen=True)
class Sentences:
    """One document pair in memory: sentences, languages, paragraph starts."""

    src: Sequence[str]
    tgt: Sequence[str]
    src_lang: str
    tgt_lang: str
    src_breaks: Sequence[int] | None = None
    tgt_breaks: Sequence[int] | None = None


def shared_model(documents: Iterable[Sentences], glossary: GlossaryLike | None = None,
                 options: AlignOptions | None = None) -> LexicalModel:
    """One translation table from the first-pass confident beads of all ``documents`` (read lazily;
    reading stops once the training budget is full)."""
    training: list[tuple[str, str]] = []
    budget = MAX_PAIRS
    for doc in documents:
        first = align_sentences(doc.src, doc.tgt, doc.src_lang, doc.tgt_lang, src_breaks=doc.src_breaks,
                                tgt_breaks=doc.tgt_breaks, glossary=glossary, options=options, lexical_model=False)
        for src_text, tgt_text in confident_pairs(first, doc.src, doc.tgt):
            training.append((src_text, tgt_text))
            budget -= (len(words(src_text)) + 1) * (len(words(tgt_text)) + 1)
        if budget < 0:
            break  # enough to train on; the rest of the corpus only needs the second pass
    return train(training)


def corpus_model(pairs: Iterable[DocumentPair], src_lang: str, tgt_lang: str, *, presegmented: bool = False,
                 glossary: GlossaryLike | None = None, options: AlignOptions | None = None,
                 input_format: str | None = None) -> LexicalModel:
    """The translation table of a whole collection, from each pair's first-pass confident beads."""

    def documents() -> Iterator[Sentences]:
        for pair in pairs:
            s_lang, t_lang, src, tgt = _load(pair, src_lang, tgt_lang, presegmented, input_format)
            yield Sentences(src.sentences, tgt.sentences, s_lang, t_lang, src.breaks, tgt.breaks)

    return shared_model(documents(), glossary, options)


def align_pairs(pairs: Sequence[DocumentPair], src_lang: str, tgt_lang: str, *, presegmented: bool = False,
                 glossary: GlossaryLike | None = None, options: AlignOptions | None = None,
                 translate: Translate | None = None, input_format: str | None = None
                 ) -> Iterator[AlignedDocument]:
    """Align every pair with one shared translation table (trained first); yields pairs in order.

    ``translate`` (``--mt``) turns a document's source sentences into the target language.
    """
    options = options or AlignOptions()
    model = corpus_model(pairs, src_lang, tgt_lang, presegmented=presegmented, glossary=glossary,
                         options=options, input_format=input_format) if options.lexical_model else None
    for pair in pairs:
        yield align_pair(pair, src_lang, tgt_lang, model, presegmented=presegmented, glossary=glossary,
                         options=options, translate=translate, input_format=input_format)


def align_pair(pair: DocumentPair, src_lang: str, tgt_lang: str, model: LexicalModel | None, *,
               presegmented: bool = False, glossary: GlossaryLike | None = None, options: AlignOptions | None = None,
               translate: Translate | None = None, input_format: str | None = None) -> AlignedDocument:
    """The second pass for one pair, with the collection's translation table (None: no lexical model)."""
    s_lang, t_lang, src, tgt = _load(pair, src_lang, tgt_lang, presegmented, input_format)
    translations = translate(src.sentences, s_lang, t_lang) if translate is not None else None
    beads = align_sentences(src.sentences, tgt.sentences, s_lang, t_lang, src_breaks=src.breaks,
                            tgt_breaks=tgt.breaks, glossary=glossary, options=options,
                            src_translations=translations, lexical=model)
    return AlignedDocument(pair, s_lang, t_lang, src, tgt, beads)
