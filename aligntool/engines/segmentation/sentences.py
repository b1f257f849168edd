"""A document's sentences: every reader's paragraphs through the one segment/paragraph policy.

``document_sentences`` gives every sentence of a :class:`SourceDocument` with its paragraph and context;
``segmented_document`` is the aligner's view (segments and the indices that start a paragraph).
"""

from __future__ import annotations

from pathlib import Path

from aligntool.core.datatypes import Segment
from aligntool.core.inline import CodedText, split_coded
from aligntool.engines.segmentation.document import SegmentedDocument, line_segments, segment_document
from aligntool.engines.segmentation.segmenter import segment
from aligntool.formats.documents.base import Sentence, SourceDocument


def document_sentences(document: SourceDocument, lang: str, newlines: str = "break",
                       srx: str | Path | None = None, presegmented: bool = False) -> list[Sentence]:
    """Every sentence of a document in order, with its paragraph and that paragraph's context.

    Plain text goes whole to :func:`aligntool.engines.segmentation.document.segment_document` (the one segment/paragraph
    policy; offsets count characters of the decoded file). Other formats' paragraphs come from their
    reader, each segmented alone (offsets count characters of the paragraph); ``presegmented``: one
    sentence per line.
    """
    sentences: list[Sentence] = []
    if document.text is not None:
        text = document.text
        segmented = segment_document(text, lang, newlines=newlines, srx=srx, presegmented=presegmented)
        starts = set(segmented.breaks)
        paragraph, line, counted = -1, 1, 0
        for index, piece in enumerate(segmented.segments):
            paragraph += index in starts or index == 0
            line += text.count("\n", counted, piece.start)
            counted = piece.start
            sentences.append(Sentence(piece.text, piece.start, piece.end, paragraph, f"line {line}"))
        return sentences
    for index, paragraph_ in enumerate(document.paragraphs):
        pieces = (line_segments(paragraph_.text) if presegmented
                  else segment(paragraph_.text, lang, newlines=newlines, srx=srx))
        if not paragraph_.codes:
            sentences.extend(Sentence(p.text, p.start, p.end, index, paragraph_.context) for p in pieces)
            continue
        # codes never move a boundary: the text was segmented without them, now each code goes to one piece
        coded = split_coded(CodedText(paragraph_.text, paragraph_.codes), [(p.start, p.end) for p in pieces])
        sentences.extend(Sentence(p.text, p.start, p.end, index, paragraph_.context, c.codes)
                         for p, c in zip(pieces, coded, strict=True))
    return sentences


def segmented_document(document: SourceDocument, lang: str, newlines: str = "break",
                       srx: str | Path | None = None, presegmented: bool = False) -> SegmentedDocument:
    """The aligner's view of any document: its segments and the indices that start a paragraph."""
    sentences = document_sentences(document, lang, newlines, srx, presegmented)
    breaks = [i for i, s in enumerate(sentences) if i == 0 or s.paragraph != sentences[i - 1].paragraph]
    codes = [s.codes for s in sentences] if any(s.codes for s in sentences) else []
    return SegmentedDocument([Segment(s.text, s.start, s.end) for s in sentences], breaks, codes)
