"""Changes to the glossary file: add, edit, remove and import entries, one entry block at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from aligntool.core.errors import ConfigError
from aligntool.core.languages import split_language_value
from aligntool.engines.terminology.matcher import fold_case
from aligntool.formats.glossary.base import make_term
from aligntool.formats.glossary.model import ENTRY_TYPES, STATUSES, Entry, Term
from aligntool.formats.glossary.store import (
    Document,
    delete_entry,
    insert_entry,
    locked,
    read_glossary_file,
    replace_entry,
)


def parse_assignment(value: str, parts: int = 2) -> list[str]:
    """``ru=ОДКБ`` → ``["ru", "ОДКБ"]``; ``ru=ОДКБ=deprecated`` with parts=3."""
    form, example = ("LANG=TEXT=STATUS", "ru=ОДКБ=deprecated") if parts == 3 else ("LANG=TEXT", "ru=ОДКБ")
    lang, text = split_language_value(value, form, example)
    if parts == 2:
        return [lang, text]
    text, sep, status = text.rpartition("=")
    if not sep or not text.strip() or not status.strip():
        raise ConfigError(f"'{value}': expected {form}, e.g. {example}")
    return [lang, text.strip(), status.strip()]


def _check_type(entry_type: str) -> None:
    if entry_type not in ENTRY_TYPES:
        raise ConfigError(f"type '{entry_type}' is not one of {', '.join(ENTRY_TYPES)}")


def add_entry(path: str | Path, entry_id: str, entry_type: str, terms: dict[str, Sequence[str]],
              note: str = "", source: str = "", after: str | None = None) -> Entry:
    """Append (or insert after ``after``) a new entry; the first term per language is preferred."""
    _check_type(entry_type)
    entry = Entry(entry_id, entry_type, note=note, source=source)
    for lang, texts in terms.items():
        for index, text in enumerate(texts):
            entry.terms.append(make_term(text, lang, "preferred" if index == 0 else "admitted"))
    with locked(path):  # read, change and replace as one step: parallel edits must not lose each other
        insert_entry(read_glossary_file(path), entry, after=after)
    return entry


@dataclass
class EntryChanges:
    """What ``glossary edit`` changes; None/empty means unchanged."""

    new_id: str | None = None
    type: str | None = None
    note: str | None = None
    source: str | None = None
    add_terms: Sequence[str] = ()  # LANG=TEXT (admitted) or LANG=TEXT=STATUS
    remove_terms: Sequence[str] = ()  # LANG=TEXT
    statuses: Sequence[str] = ()  # LANG=TEXT=STATUS


def _find_term(entry: Entry, lang: str, text: str) -> Term:
    for term in entry.terms:
        if term.lang == lang and term.text == text:
            return term
    raise ConfigError(f"entry '{entry.id}' has no {lang} term '{text}'")


def _status(value: str) -> str:
    if value not in STATUSES:
        raise ConfigError(f"status '{value}' is not one of {', '.join(STATUSES)}")
    return value


def apply_changes(entry: Entry, changes: EntryChanges) -> Entry:
    """A changed copy of an entry (the original stays as it was)."""
    new = replace(entry, terms=[replace(t) for t in entry.terms], overrides=dict(entry.overrides), _cache={})
    if changes.type is not None:
        _check_type(changes.type)
        new.type = changes.type
    for name in ("new_id", "note", "source"):
        value = getattr(changes, name)
        if value is not None:
            setattr(new, "id" if name == "new_id" else name, value)
    for item in changes.remove_terms:
        lang, text = parse_assignment(item)
        new.terms.remove(_find_term(new, lang, text))
    for item in changes.add_terms:
        pieces = parse_assignment(item, 3) if item.count("=") >= 2 else [*parse_assignment(item), "admitted"]
        lang, text, status = pieces
        if any(t.lang == lang and t.text == text for t in new.terms):
            raise ConfigError(f"entry '{entry.id}' already has the {lang} term '{text}'")
        position = max((i + 1 for i, t in enumerate(new.terms) if t.lang == lang), default=len(new.terms))
        new.terms.insert(position, make_term(text, lang, _status(status)))
    for item in changes.statuses:
        lang, text, status = parse_assignment(item, 3)
        _find_term(new, lang, text).status = _status(status)
    return new


def edit_entry(path: str | Path, entry_id: str, changes: EntryChanges) -> Entry:
    """Apply changes to one entry and rewrite only its lines."""
    with locked(path):
        doc = read_glossary_file(path)
        entry = next((e for e in doc.entries if e.id == entry_id), None)
        if entry is None:
            raise ConfigError(f"{path}: no entry with id '{entry_id}' (see `aligntool glossary list`)")
        new = apply_changes(entry, changes)
        if new.id != entry.id and any(e.id == new.id for e in doc.entries):
            raise ConfigError(f"{path}: an entry with id '{new.id}' already exists")
        replace_entry(doc, new, old_id=entry.id)
    return new


def remove_entry(path: str | Path, entry_id: str) -> None:
    """Delete one entry's lines."""
    with locked(path):
        delete_entry(read_glossary_file(path), entry_id)


def _match_existing(doc: Document, entry: Entry, source: str) -> Entry | None:
    by_id = {e.id: e for e in doc.entries}
    if entry.id in by_id:
        return by_id[entry.id]
    wanted = {fold_case(t.text) for t in entry.terms if t.lang == source}
    for existing in doc.entries:
        if wanted & {fold_case(t.text) for t in existing.terms if t.lang == source}:
            return existing
    return None


def _merged(existing: Entry, entry: Entry) -> Entry | None:
    """``existing`` plus the terms of ``entry`` it lacks (None if it lacks none)."""
    merged = apply_changes(existing, EntryChanges())
    changed = False
    for term in entry.terms:
        if any(t.lang == term.lang and t.text == term.text for t in merged.terms):
            continue
        # an imported preferred term does not replace ours: it joins as admitted
        status = term.status
        if status == "preferred" and merged.terms_in(term.lang, ("preferred",)):
            status = "admitted"
        position = max((i + 1 for i, t in enumerate(merged.terms) if t.lang == term.lang),
                       default=len(merged.terms))
        merged.terms.insert(position, replace(term, status=status, line=None))
        changed = True
    return merged if changed else None


def merge_entries(path: str | Path, entries: Sequence[Entry], source: str = "en",
                  dry_run: bool = False, problems: list[str] | None = None) -> tuple[int, int, int]:
    """Import entries: new terms join the matching entry (same id or source term) as admitted terms
    (preferred where the entry had none in that language); unknown entries are appended. A new entry
    without a term in some glossary language (unfilled ``glossary extract`` rows) is imported marked
    needs-review, and the gap is added to ``problems``, so the glossary still passes ``validate``.
    Returns (entries added, entries updated, terms added)."""
    with locked(path):  # read, change and replace as one step: parallel edits must not lose each other
        return _merge_locked(path, entries, source, dry_run, problems)


def _merge_locked(path: str | Path, entries: Sequence[Entry], source: str, dry_run: bool,
                  problems: list[str] | None) -> tuple[int, int, int]:
    added = updated = new_terms = 0
    doc = read_glossary_file(path)
    for entry in entries:
        existing = _match_existing(doc, entry, source)
        if existing is None:
            missing = [lang for lang in doc.languages or entry.languages if not entry.terms_in(lang, ("preferred",))]
            if missing:
                gap = f"needs-review: no {', '.join(missing)} term yet"
                entry = replace(entry, note=f"{gap}; {entry.note}" if entry.note else gap)
                if problems is not None:
                    problems.append(f"entry '{entry.id}': no {', '.join(missing)} term; imported as needs-review")
            added += 1
            new_terms += len(entry.terms)
            if not dry_run:
                insert_entry(doc, entry)
                doc = read_glossary_file(path)
            continue
        merged = _merged(existing, entry)
        if merged is None:
            continue
        updated += 1
        new_terms += len(merged.terms) - len(existing.terms)
        if not dry_run:
            replace_entry(doc, merged, old_id=existing.id)
            doc = read_glossary_file(path)
    return added, updated, new_terms
