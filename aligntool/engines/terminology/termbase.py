"""The Glossary: load the source-of-truth file, look terms up, find them in text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aligntool.core.errors import ParseError
from aligntool.core.signature import content_hash
from aligntool.engines.terminology.forms import entry_forms, term_forms
from aligntool.engines.terminology.glossary_cache import load_entries
from aligntool.engines.terminology.matcher import FormIndex
from aligntool.formats.glossary.model import STATUSES, Entry, Term, TermMatch


class Glossary:
    """A list of entries with lookup and in-text matching (indexes are built lazily per language)."""

    def __init__(self, entries: Iterable[Entry], languages: Iterable[str] = (),
                 path: str | None = None) -> None:
        self.entries: list[Entry] = list(entries)
        self.languages: list[str] = list(languages) or list(
            dict.fromkeys(t.lang for e in self.entries for t in e.terms))
        self.path = path
        self._indexes: dict[str, FormIndex[tuple[Entry, Term, str]]] = {}

    @classmethod
    def load(cls, path: str | Path, validated: bool = False) -> Glossary:
        """Read a glossary file; the first structural problem raises ParseError with file:line. With
        ``validated`` (``translate --glossary``) any ``glossary validate`` error refuses the file too."""
        entries, languages, problems = load_entries(path, validated)  # parsed once per file content
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            more = (f" (and {len(errors) - 1} more error(s); run `aligntool glossary validate {path}`)"
                    if len(errors) > 1 else "")
            raise ParseError(errors[0].message + more, path, errors[0].line)
        return cls(entries, languages, str(path))

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        """The entry with that id, or None."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None

    def lookup(self, text: str, lang: str | None = None) -> list[Entry]:
        """Entries that have ``text`` as a term or a form (any status), case-insensitively."""
        folded = text.strip().casefold()
        found = []
        for entry in self.entries:
            langs = [lang] if lang else entry.languages
            if any(folded == t.text.casefold() for t in entry.terms if t.lang in langs) or any(
                    folded == f.casefold() for code in langs for f in entry_forms(entry, code)):
                found.append(entry)
        return found

    def signature(self) -> str:
        """Short hash of the glossary content (ids, terms, statuses, overrides) for reproducibility."""
        parts: list[str] = []
        for entry in self.entries:
            parts.append(f"{entry.id}\t{entry.type}\t{','.join(entry.owner)}")
            parts.extend(f"{t.lang}\t{t.text}\t{t.status}\t{t.kind}\t{t.case}\t{t.fixed}\t{t.poss}\t{t.plural}"
                         for t in entry.terms)
            parts.extend(f"{lang}\t{'|'.join(forms)}" for lang, forms in entry.overrides.items())
        return content_hash(*parts)

    def _index(self, lang: str) -> FormIndex[tuple[Entry, Term, str]]:
        if lang not in self._indexes:
            forms: list[tuple[str, str, tuple[Entry, Term, str]]] = []
            rank = {status: index for index, status in enumerate(STATUSES)}
            for entry in self.entries:
                terms = [t for t in entry.terms if t.lang == lang and t.status in rank]
                if not terms:
                    continue
                # by status (preferred first), file order within one: one pass instead of one per status
                for term in sorted(terms, key=lambda t: rank[t.status]) if len(terms) > 1 else terms:
                    forms.extend((f, term.case, (entry, term, f)) for f in term_forms(entry, term))
                preferred = terms[0]
                if entry.overrides.get(lang):
                    forms.extend((f, preferred.case, (entry, preferred, f))
                                 for f in entry.overrides.get(lang, []))
            self._indexes[lang] = FormIndex(forms, lang)
        return self._indexes[lang]

    def find(self, text: str, lang: str) -> list[TermMatch]:
        """Glossary terms in ``text``: non-overlapping, longest first, any inflected form in ru/kk."""
        return [TermMatch(entry, text[start:end], start, end, form, term.status)
                for start, end, (entry, term, form) in self._index(lang).find(text)]
