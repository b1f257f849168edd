"""aligntool: segment, translate with MarianMT, enforce terminology, align, and write TMX.

Heavy dependencies (torch, transformers, lxml, pymorphy3) are imported lazily, on first use of the
function that needs them, so ``import aligntool`` and ``aligntool --help`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aligntool.core.lazy import lazy_attributes
from aligntool.version import __version__

# public name -> module that defines it (everything public lives in aligntool.api)
_LAZY = {
    "AlignJob": "aligntool.api",
    "AlignSummary": "aligntool.api",
    "AligntoolError": "aligntool.api",
    "EngineOptions": "aligntool.api",
    "Glossary": "aligntool.api",
    "GlossaryTranslator": "aligntool.api",
    "Segment": "aligntool.api",
    "TranslationUnit": "aligntool.api",
    "Translator": "aligntool.api",
    "align_file": "aligntool.api",
    "align_files": "aligntool.api",
    "align_sentences": "aligntool.api",
    "from_pretrained": "aligntool.api",
    "load_translator": "aligntool.api",
    "segment": "aligntool.api",
    "translate": "aligntool.api",
    "translate_file": "aligntool.api",
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:
    from aligntool.api import (
        AlignJob,
        AlignSummary,
        AligntoolError,
        EngineOptions,
        Glossary,
        GlossaryTranslator,
        Segment,
        TranslationUnit,
        Translator,
        align_file,
        align_files,
        align_sentences,
        from_pretrained,
        load_translator,
        segment,
        translate,
        translate_file,
    )


__getattr__ = lazy_attributes(__name__, _LAZY, globals())
