"""aligntool: segment, translate with MarianMT, enforce terminology, align, and write TMX.

Heavy dependencies (torch, transformers, lxml, pymorphy3) are imported lazily, on first use of the
function that needs them, so ``import aligntool`` and ``aligntool --help`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aligntool.lazy import lazy_attributes
from aligntool.version import __version__

# public name -> module that defines it
_LAZY = {
    "segment": "aligntool.segmentation",
    "translate": "aligntool.pipeline",
    "translate_file": "aligntool.pipeline",
    "from_pretrained": "aligntool.pipeline",
    "EngineOptions": "aligntool.translation",
    "Translator": "aligntool.translation",
    "align_sentences": "aligntool.alignment",
    "AlignJob": "aligntool.align_pipeline",
    "AlignSummary": "aligntool.align_pipeline",
    "align_file": "aligntool.align_pipeline",
    "align_files": "aligntool.align_pipeline",
    "Glossary": "aligntool.glossary",
    "Segment": "aligntool.datatypes",
    "TranslationUnit": "aligntool.datatypes",
    "AligntoolError": "aligntool.errors",
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:
    from aligntool.align_pipeline import AlignJob, AlignSummary, align_file, align_files
    from aligntool.alignment import align_sentences
    from aligntool.datatypes import Segment, TranslationUnit
    from aligntool.errors import AligntoolError
    from aligntool.glossary import Glossary
    from aligntool.pipeline import from_pretrained, translate, translate_file
    from aligntool.segmentation import segment
    from aligntool.translation import EngineOptions, Translator


__getattr__ = lazy_attributes(__name__, _LAZY, globals())
