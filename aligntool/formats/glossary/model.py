"""Glossary entries: one concept, its terms per language with status, kind and case rule.

Plain data: inflected forms and target-side checks are the terminology engine's business
(:mod:`aligntool.engines.terminology.forms`), which caches them in ``Entry._cache``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Term statuses, best first. ``deprecated``: older or discouraged, still understood (TBX
#: supersededTerm); ``forbidden``: must not be used (TBX deprecatedTerm).
STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
ALLOWED_STATUSES = ("preferred", "admitted")
#: Term kinds: the full name, an abbreviation/acronym, a short form, another variant.
KINDS = ("full", "abbr", "short", "variant")
#: Case rules: ``sensitive`` (acronyms: CSTO ≠ Csto), ``first`` (the first letter may change case,
#: e.g. sentence-initial capitals; the rest is exact), ``insensitive``.
CASE_RULES = ("sensitive", "first", "insensitive")
ENTRY_TYPES = ("organisation", "body", "post", "person", "place", "operation", "event", "media", "concept")
LANGUAGES = ("en", "ru", "kk")
REVIEW_MARK = "needs-review"


def default_case(text: str) -> str:
    """Acronyms (``CSTO``, ``ҰҚШҰ``) are case-sensitive; other terms tolerate a changed first letter."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "sensitive"
    return "first"


def default_kind(text: str) -> str:
    """Terms written in capitals without spaces are abbreviations; everything else a full form."""
    return "abbr" if default_case(text) == "sensitive" and " " not in text.strip() else "full"


@dataclass
class Term:
    """One term of an entry in one language."""

    text: str
    lang: str
    status: str = "preferred"
    kind: str = "full"
    case: str = "first"
    fixed: bool = False  # never inflect (quoted names, foreign words)
    poss: bool = False  # Kazakh: the last word already carries the 3rd-person possessive (…ұйымы)
    plural: bool = False  # also used in the plural: generate the plural paradigm too (миротворческие миссии)
    note: str = ""
    source: str = ""  # where this form is attested (a law, an official site)
    line: int | None = None

    @property
    def allowed(self) -> bool:
        """Preferred or admitted: a translation using it is correct."""
        return self.status in ALLOWED_STATUSES

    @property
    def needs_review(self) -> bool:
        """The form is unverified; a reviewer should confirm it."""
        return REVIEW_MARK in self.note


@dataclass
class Entry:
    """One concept with its terms in every language."""

    id: str
    type: str = "concept"
    terms: list[Term] = field(default_factory=list)
    note: str = ""
    source: str = ""
    overrides: dict[str, list[str]] = field(default_factory=dict)  # extra/corrected forms per language
    #: Ids of the entities the concept belongs to (csto for the CSTO Secretary General). A term that does not
    #: name an owner ("Secretary General") is *generic*: it means this entry only when no other
    #: organisation or country qualifies it ("UN Secretary General", «Генеральный секретарь ООН»).
    owner: list[str] = field(default_factory=list)
    line: int | None = None
    end_line: int | None = None
    #: inflected forms computed by :mod:`aligntool.engines.terminology.forms`, kept with the entry they belong to
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    # ---- terms ---------------------------------------------------------------------------------
    def terms_in(self, lang: str, statuses: tuple[str, ...] = STATUSES) -> list[Term]:
        """Terms of one language with one of the given statuses, in file order."""
        return [t for t in self.terms if t.lang == lang and t.status in statuses]

    @property
    def languages(self) -> list[str]:
        """Languages the entry has terms in, in first-seen order."""
        return list(dict.fromkeys(t.lang for t in self.terms))

    def preferred(self, lang: str, kind: str | None = None) -> str:
        """The preferred term (of a kind, if given, falling back to any preferred term); '' if none."""
        preferred = self.terms_in(lang, ("preferred",))
        if kind is not None:
            # same kind, else the full name (a spelling variant of the full name → the full name)
            for wanted in (kind, "full"):
                for term in preferred:
                    if term.kind == wanted:
                        return term.text
        return preferred[0].text if preferred else ""

    def target_for(self, source_text: str, source_lang: str, target_lang: str) -> str:
        """The target for a source term: the preferred term of the same kind (CSTO → ОДКБ, full name →
        full name), else an admitted one of that kind (North Atlantic Alliance → Североатлантический
        альянс), else the preferred full form."""
        kind = None
        for term in self.terms_in(source_lang):
            if term.text == source_text or term.text.casefold() == source_text.casefold():
                kind = term.kind
                break
        if kind is not None and not any(t.kind == kind for t in self.terms_in(target_lang, ("preferred",))):
            for term in self.terms_in(target_lang, ("admitted",)):
                if term.kind == kind:
                    return term.text
        return self.preferred(target_lang, kind)

    def admitted(self, lang: str) -> list[str]:
        """Admitted (acceptable, not preferred) terms."""
        return [t.text for t in self.terms_in(lang, ("admitted",))]

    def deprecated(self, lang: str) -> list[str]:
        """Older or discouraged terms (warn)."""
        return [t.text for t in self.terms_in(lang, ("deprecated",))]

    def forbidden(self, lang: str) -> list[str]:
        """Terms that must not be used (error)."""
        return [t.text for t in self.terms_in(lang, ("forbidden",))]

    @property
    def needs_review(self) -> bool:
        """Any term or the entry itself is marked for review."""
        return REVIEW_MARK in self.note or any(t.needs_review for t in self.terms)


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text: ``text[start:end] == form``."""

    entry: Entry
    form: str
    start: int
    end: int
    term: str = ""  # the glossary form that matched (``form`` may add a Kazakh suffix)
    status: str = "preferred"
