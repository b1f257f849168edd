"""Organisations that can own a generic title, beyond the glossary (qualifier data for the term scorer).

«Генеральный секретарь ОБСЕ» and «ШЫҰ Бас хатшысы» are other organisations' officials even though the OSCE
and the SCO have no glossary entry. The shipped list (``data/organisations.yaml``: names and abbreviations in
en/ru/kk, the glossary's own syntax, so Russian and Kazakh forms are generated) joins the glossary's
organisations, countries and bodies as qualifiers; besides it, an abbreviation in capitals (2-6 letters) next
to a generic title qualifies it too (:func:`abbreviations`).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import TYPE_CHECKING

from aligntool.formats.glossary.model import Entry, Term
from aligntool.formats.glossary.store import parse_text

if TYPE_CHECKING:
    from aligntool.engines.terminology.termbase import Glossary

DATA = "data/organisations.yaml"
#: An abbreviation in capitals (Latin, Cyrillic, Kazakh letters), with a Kazakh suffix after a hyphen.
_ABBREVIATION = re.compile(r"(?<![\w-])([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,6})(?:-\w+)?(?![\w-])")
_ROMAN = re.compile(r"[IVXLCDM]+")


@functools.lru_cache(maxsize=1)
def shipped() -> tuple[Entry, ...]:
    """The shipped list of international organisations."""
    text = resources.files("aligntool.engines.terminology").joinpath(DATA).read_text("utf-8")
    return tuple(parse_text(text, f"aligntool/engines/terminology/{DATA}").entries)


def qualifiers(glossary: Glossary) -> list[Entry]:
    """Shipped organisations the glossary does not have (by id or by any of their names)."""
    ids = {entry.id for entry in glossary.entries}
    names = {(term.lang, term.text.casefold()) for entry in glossary.entries for term in entry.terms}
    return [entry for entry in shipped() if entry.id not in ids
            and not any((term.lang, term.text.casefold()) in names for term in entry.terms)]


@functools.lru_cache(maxsize=1024)
def abbreviation_entry(text: str, lang: str) -> Entry:
    """A stand-in entry for an abbreviation that is in no list (Генеральный секретарь ОЧЭС)."""
    return Entry(f"abbreviation:{text}", "organisation", [Term(text, lang, kind="abbr", case="sensitive")])


def abbreviations(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, abbreviation)`` of every abbreviation in capitals (with its suffix: ЕҚЫҰ-ның)."""
    return [(m.start(), m.end(), m.group(1)) for m in _ABBREVIATION.finditer(text)
            if not _ROMAN.fullmatch(m.group(1))]
