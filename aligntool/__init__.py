"""aligntool: segment, translate with MarianMT, enforce terminology, align, and write TMX.

Heavy dependencies (torch, transformers, lxml, pymorphy3) are imported lazily, on first use of the
function that needs them, so ``import aligntool`` and ``aligntool --help`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aligntool.core.lazy import lazy_attributes
from aligntool.version import __version__

# public name -> module that defines it
_LAZY = {
    "segment": "aligntool.api",
    "translate": "aligntool.api",
    "translate_file": "aligntool.api",
    "from_pretrained": "aligntool.api",
    "EngineOptions": "aligntool.api",
    "Translator": "aligntool.api",
    "align_sentences": "aligntool.api",
    "AlignJob": "aligntool.api",
    "AlignSummary": "aligntool.api",
    "align_file": "aligntool.api",
    "align_files": "aligntool.api",
    "Glossary": "aligntool.api",
    "Segment": "aligntool.api",
    "TranslationUnit": "aligntool.api",
    "AligntoolError": "aligntool.api",
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:
    from aligntool.api import (
        AlignJob,
        AlignSummary,
        AligntoolError,
        EngineOptions,
        Glossary,
        Segment,
        TranslationUnit,
        Translator,
        align_file,
        align_files,
        align_sentences,
        from_pretrained,
        segment,
        translate,
        translate_file,
    )


__getattr__ = lazy_attributes(__name__, _LAZY, globals())
