"""Turning a file into the sentence list the aligner takes, with paragraph starts kept as anchors.

The segments and paragraphs come from :mod:`aligntool.engines.segmentation.document` (the policy every command
shares); this module only reads the file and refuses an empty one.
"""

from __future__ import annotations

from pathlib import Path

from aligntool.core.errors import InputError
from aligntool.engines.segmentation.document import SegmentedDocument
from aligntool.engines.segmentation.sentences import segmented_document
from aligntool.formats.documents.reading import read_document


def load_document(path: str | Path, lang: str, presegmented: bool = False,
                  input_format: str | None = None) -> SegmentedDocument:
    """Read (any format :mod:`aligntool.formats.documents` reads) and segment a document; InputError when it
    has no text."""
    document = segmented_document(read_document(path, input_format), lang, presegmented=presegmented)
    if not document.segments:
        raise InputError(f"{path}: the document is empty; nothing to align")
    return document
