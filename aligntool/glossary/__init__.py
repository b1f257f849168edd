"""CSTO terminology glossary: entries, inflected forms (ru: pymorphy3, kk: suffix rules), matching,
validation and exchange formats (TBX v3, TBX2 martif, OmegaT, CSV).

Typical use::

    glossary = Glossary.load("glossary/csto.yaml")
    for match in glossary.find(text, "ru"):
        print(match.entry.id, match.form, match.start, match.end)
"""

from __future__ import annotations

from aligntool.glossary.model import Entry, Term, TermMatch
from aligntool.glossary.termbase import Glossary

__all__ = ["Entry", "Glossary", "Term", "TermMatch"]
