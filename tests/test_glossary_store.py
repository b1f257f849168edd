"""The YAML store: what aligntool writes, it reads back identically (any text, any field)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.formats.glossary.model import CASE_RULES, ENTRY_TYPES, KINDS, STATUSES, Entry, Term
from aligntool.formats.glossary.store import format_document, parse_text

_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=25)


@st.composite
def _entry(draw: st.DrawFn, number: int) -> Entry:
    terms = [Term(draw(_text), lang, draw(st.sampled_from(STATUSES)), draw(st.sampled_from(KINDS)),
                  draw(st.sampled_from(CASE_RULES)), draw(st.booleans()), draw(st.booleans()),
                  draw(st.sampled_from(["", "needs-review", "a: b, c # d"])))
             for lang in draw(st.lists(st.sampled_from(["en", "ru", "kk"]), min_size=1, max_size=4))]
    overrides = draw(st.dictionaries(st.sampled_from(["ru", "kk"]), st.lists(_text, min_size=1, max_size=2),
                                     max_size=1))
    return Entry(f"id-{number}{draw(st.sampled_from(['', ':x', ' yes', '#1']))}",
                 draw(st.sampled_from(ENTRY_TYPES)), terms, draw(st.sampled_from(["", "no", "1.0", "x"])),
                 draw(_text), overrides)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(*[_entry(i) for i in range(n)])))
def test_write_then_read_gives_the_same_entries(entries: tuple[Entry, ...]) -> None:
    text = format_document(list(entries), ["en", "ru", "kk"], "# header\n")
    doc = parse_text(text, "mem.yaml")
    assert doc.problems == []
    assert len(doc.entries) == len(entries)
    for old, new in zip(entries, doc.entries, strict=True):
        assert (new.id, new.type, new.note, new.source, new.overrides) == \
            (old.id, old.type, old.note, old.source, old.overrides)
        # terms are grouped by language in the file
        key = lambda t: (t.lang, t.text, t.status, t.kind, t.case, t.fixed, t.poss, t.note)  # noqa: E731
        assert sorted(map(key, new.terms)) == sorted(map(key, old.terms))
        lines = text.splitlines()
        assert lines[(new.line or 1) - 1].startswith("- id: ")
        assert lines[(new.end_line or 1) - 1].strip()
