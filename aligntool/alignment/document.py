"""Turning a file into the sentence list the aligner takes, with paragraph starts kept as anchors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from aligntool.documents import read_document, segment_document
from aligntool.errors import InputError

_BLANK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class SentenceDocument:
    """Sentences of one document and the indices of those that start a paragraph."""

    sentences: list[str]
    breaks: list[int]


def split_presegmented(text: str) -> SentenceDocument:
    """One sentence per line; a blank line marks a paragraph break (it is not a sentence)."""
    sentences: list[str] = []
    breaks: list[int] = []
    pending_break = True
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            pending_break = True
            continue
        if pending_break:
            breaks.append(len(sentences))
            pending_break = False
        sentences.append(stripped)
    return SentenceDocument(sentences, breaks)


def split_raw(text: str, lang: str) -> SentenceDocument:
    """Paragraphs (blank-line separated, or one per line when the text has no blank lines) → sentences."""
    from aligntool.segmentation import segment

    # Blank lines separate paragraphs when there are any (lines inside are wrapped text); else each line.
    blank_separated = bool(_BLANK.search(text))
    paragraphs = [" ".join(part.split()) for part in _BLANK.split(text)] if blank_separated else text.split("\n")
    sentences: list[str] = []
    breaks: list[int] = []
    for paragraph in paragraphs:
        if not paragraph.strip():
            continue
        pieces = [piece.text.strip() for piece in segment(paragraph, lang)]
        pieces = [piece for piece in pieces if piece]
        if pieces:
            breaks.append(len(sentences))
            sentences.extend(pieces)
    return SentenceDocument(sentences, breaks)


def load_document(path: str | Path, lang: str, presegmented: bool = False,
                  input_format: str | None = None) -> SentenceDocument:
    """Read (any format :mod:`aligntool.formats` reads) and split a document; InputError when it has no text.

    Plain text keeps the rules above; other formats' paragraphs come from their reader.
    """
    source = read_document(path, input_format)
    if source.text is not None:
        document = split_presegmented(source.text) if presegmented else split_raw(source.text, lang)
    else:
        sentences = segment_document(source, lang)
        breaks = [i for i, s in enumerate(sentences) if i == 0 or s.paragraph != sentences[i - 1].paragraph]
        document = SentenceDocument([s.text for s in sentences], breaks)
    if not document.sentences:
        raise InputError(f"{path}: the document is empty; nothing to align")
    return document
