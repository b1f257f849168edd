"""Glossary-enforced decoding on tiny random-weight MarianMT models: the guarantee holds whatever the model prefers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligntool.api import from_pretrained
from aligntool.engines.terminology.constraints import TerminologyWarning, build_constraint, constraint_from_strings
from aligntool.engines.terminology.enforce import TermEnforcer
from aligntool.engines.terminology.forms import satisfied_by
from aligntool.engines.terminology.report import SentenceTerms, TermCheck, TermSummary
from aligntool.engines.terminology.scoring import score_segment
from aligntool.engines.terminology.termbase import Glossary
from aligntool.engines.translation.constraints import WORD_START
from aligntool.formats.glossary.model import Entry, Term, default_case, default_kind

TERM_SENTENCES = [
    "The CSTO held a meeting.",  # one term
    "NATO and the CSTO met.",  # two
    "NATO, the CSTO and Minsk.",  # three
    "The CSTO said the CSTO would act.",  # the same term twice
    "The CSTO Secretary General spoke about the CSTO.",  # CSTO inside CSTO Secretary General, and alone
]
MAX_NEW = 16  # random weights run to the length cap: keep outputs short so the tests stay fast
PLAIN_SENTENCES = ["The lesson is that we responded almost instantly.", "It's probably unprecedented."]


def _term(text: str, lang: str, **extra: object) -> Term:
    return Term(text, lang, kind=default_kind(text), case=default_case(text), **extra)  # type: ignore[arg-type]


def _glossary(*extra: Entry) -> Glossary:
    entries = [
        Entry("csto", "organisation", [_term("CSTO", "en"), _term("ОДКБ", "ru"),
                                       _term("Организация Договора о коллективной безопасности", "ru"),
                                       _term("ҰҚШҰ", "kk")]),
        Entry("csto-sg", "post", [_term("CSTO Secretary General", "en"), _term("Генеральный секретарь ОДКБ", "ru"),
                                  _term("ҰҚШҰ Бас хатшысы", "kk", poss=True)]),
        Entry("nato", "organisation", [_term("NATO", "en"), _term("НАТО", "ru"), _term("НАТО", "kk")]),
        Entry("minsk", "place", [_term("Minsk", "en"), _term("Минск", "ru"), _term("Минск", "kk")]),
        *extra,
    ]
    return Glossary(entries, ["en", "ru", "kk"])


@pytest.fixture(scope="module")
def ru(tiny_en_ru: Path):
    return from_pretrained(str(tiny_en_ru), lang="ru", max_length=MAX_NEW)


@pytest.fixture(scope="module")
def ru_transformers(tiny_en_ru: Path):
    """The transformers engine, whose beam search takes the constraints (the default engine places terms after a
    free pass: tests/test_term_placement.py)."""
    return from_pretrained(str(tiny_en_ru), lang="ru", max_length=MAX_NEW, engine="transformers")


@pytest.fixture(scope="module")
def kk(tiny_en_trk: Path):
    return from_pretrained(str(tiny_en_trk), lang="kk", target_token=">>kaz_Cyrl<<", max_length=MAX_NEW)


_BY_BEAMS: dict[int, object] = {}


def _with_beams(ru, beams: int):
    """The same tiny model with another beam size (loaded once per size)."""
    if beams not in _BY_BEAMS:
        _BY_BEAMS[beams] = from_pretrained(str(ru.loaded.directory), lang="ru", beams=beams, max_length=MAX_NEW)
    return _BY_BEAMS[beams]


def _assert_all_terms(enforcer: TermEnforcer, lang: str, sources: list[str], outputs: list[str],
                      outcomes: list[SentenceTerms]) -> None:
    for source, output, terms in zip(sources, outputs, outcomes, strict=True):
        expected = enforcer.source_terms(source)
        assert {c.entry_id: c.occurrences for c in terms.checks} == dict(expected)
        for entry_id in expected:
            entry = enforcer.glossary.get(entry_id)
            assert entry is not None
            assert satisfied_by(entry, output, lang) is not None, (source, output, entry_id)
        scored = score_segment(enforcer.glossary, source, output, "en", lang)  # the one scorer, fresh
        assert {t.entry_id: t.exact for t in scored.terms} == dict(expected), (source, output)
        assert terms.satisfied


@pytest.mark.parametrize("beams", [1, 4, 8])
def test_enforce_places_every_term_occurrence_ru(tiny_en_ru: Path, ru, beams: int) -> None:
    translator = ru if beams == 4 else from_pretrained(str(tiny_en_ru), lang="ru", beams=beams,
                                                       max_length=MAX_NEW)
    enforcer = TermEnforcer(_glossary(), "en", "enforce")
    sources = TERM_SENTENCES + PLAIN_SENTENCES
    plain = translator.translate(sources)
    outputs, outcomes = enforcer.process(translator, "ru", sources, plain)
    _assert_all_terms(enforcer, "ru", sources, outputs, outcomes)
    assert outputs[len(TERM_SENTENCES):] == plain[len(TERM_SENTENCES):]  # no terms: the normal output
    summary = enforcer.summaries["ru"]
    assert summary.occurrences == 1 + 2 + 3 + 2 + 2
    assert summary.exact_after == summary.occurrences
    assert summary.exact_before < summary.occurrences  # random weights never produce the terms themselves


def test_enforce_with_multi_target_model_and_its_target_token(kk) -> None:
    enforcer = TermEnforcer(_glossary(), "en", "enforce")
    outputs, outcomes = enforcer.process(kk, "kk", TERM_SENTENCES, kk.translate(TERM_SENTENCES))
    _assert_all_terms(enforcer, "kk", TERM_SENTENCES, outputs, outcomes)
    assert all(">>" not in o for o in outputs)


def test_mixed_batch_equals_one_sentence_at_a_time(ru) -> None:
    enforcer = TermEnforcer(_glossary(), "en", "enforce")
    sources = [*TERM_SENTENCES, PLAIN_SENTENCES[0]]
    constraints = [enforcer.constraints_for(ru, s, "ru") for s in sources]
    batched = ru.translate(sources, constraints)
    single = [ru.translate([s], [c])[0] for s, c in zip(sources, constraints, strict=True)]
    assert batched == single


def test_one_pass_enforcement_decodes_term_sentences_constrained_from_the_start(ru_transformers) -> None:
    ru = ru_transformers
    enforcer = TermEnforcer(_glossary(), "en", "enforce")
    sources = TERM_SENTENCES + PLAIN_SENTENCES
    outputs, outcomes = enforcer.translate(ru, "ru", sources)
    _assert_all_terms(enforcer, "ru", sources, outputs, outcomes)
    assert outputs[len(TERM_SENTENCES):] == ru.translate(PLAIN_SENTENCES)  # no terms: the free output
    assert outputs.constrained == [True] * len(TERM_SENTENCES) + [False] * len(PLAIN_SENTENCES)
    assert all("=enforced" in o.prop() and "=ok" not in o.prop() for o in outcomes[:len(TERM_SENTENCES)])
    summary = enforcer.summaries["ru"]
    assert summary.unmeasured == summary.occurrences == summary.exact_after  # no free output to measure
    assert "exact_before" not in summary.rates()
    assert "not measured" in summary.format("ru") and "exact 100.0%" in summary.format("ru")


def test_check_mode_reports_without_changing_translations(ru) -> None:
    enforcer = TermEnforcer(_glossary(), "en", "check")
    plain = ru.translate(TERM_SENTENCES)
    outputs, outcomes = enforcer.process(ru, "ru", TERM_SENTENCES, plain)
    assert outputs == plain
    summary = enforcer.summaries["ru"]
    assert summary.redecoded == 0
    assert summary.exact_after == summary.exact_before < summary.occurrences
    assert any("=missing" in o.prop() for o in outcomes)


def test_untokenizable_term_warns_and_does_not_crash(ru) -> None:
    unwritable = Entry("quantum", "concept", [_term("quantum computer", "en"), _term("量子计算机", "ru")])
    partly = Entry("minsk-x", "place", [_term("Minsk region", "en"), _term("Минская область", "ru"),
                                        Term("Мінск量", "ru", status="admitted")])
    enforcer = TermEnforcer(_glossary(unwritable, partly), "en", "enforce")
    sources = ["The quantum computer in the Minsk region.", "The quantum computer."]
    plain = ru.translate(sources)
    with pytest.warns(TerminologyWarning) as caught:
        outputs, outcomes = enforcer.process(ru, "ru", sources, plain)
    messages = [str(w.message) for w in caught]
    assert any("'quantum' (ru) cannot be enforced" in m for m in messages)
    assert any("'minsk-x' (ru)" in m and "Мінск量" in m for m in messages)
    assert enforcer.summaries["ru"].unenforceable == ["quantum"]
    assert outcomes[0].prop() == "quantum=missing; minsk-x=enforced"
    assert outputs[1] == plain[1]  # nothing enforceable is missing: not re-decoded
    assert len(enforcer.warnings) == 2  # once per term, however often it occurs


def test_constraint_alternatives_cover_forms_cases_and_word_starts(ru) -> None:
    enforcer = TermEnforcer(_glossary(), "en")
    vocabulary = enforcer.vocabulary(ru)
    constraint = build_constraint("csto-sg", [("Генеральный секретарь ОДКБ", "first")], vocabulary, "ru")
    assert constraint is not None
    texts = {vocabulary.spm.decode_pieces([vocabulary.pieces[t] for t in s]) for s in constraint.sequences}
    assert texts == {"Генеральный секретарь ОДКБ", "генеральный секретарь ОДКБ"}
    starts = {vocabulary.pieces[s[0]].startswith(WORD_START) for s in constraint.sequences}
    assert starts == {True, False}
    assert all(free == (not vocabulary.pieces[s[0]].startswith(WORD_START))
               for s, free in zip(constraint.sequences, constraint.free_start, strict=True))
    name = build_constraint("minsk", [("Минск", "first")], vocabulary, "ru", lowercase=False)
    assert name is not None
    assert {vocabulary.spm.decode_pieces([vocabulary.pieces[t] for t in s]) for s in name.sequences} == {"Минск"}
    minsk = enforcer.glossary.get("minsk")
    assert minsk is not None and enforcer.constraint(ru, minsk, "ru") is not None
    forms = enforcer.constraint(ru, minsk, "ru")
    assert forms is not None and set(name.sequences) <= set(forms.sequences)
    decoded = {vocabulary.spm.decode_pieces([vocabulary.pieces[t] for t in s]) for s in forms.sequences}
    assert {"Минск", "Минске"} <= decoded and all(text[0] == "М" for text in decoded)  # case forms, no минск
    acronym = build_constraint("csto", [("ОДКБ", "sensitive")], vocabulary, "ru")
    assert acronym is not None
    assert {vocabulary.spm.decode_pieces([vocabulary.pieces[t] for t in s]) for s in acronym.sequences} == {"ОДКБ"}


def test_cap_is_raised_to_fit_the_constraints(ru) -> None:
    enforcer = TermEnforcer(_glossary(), "en")
    vocabulary = enforcer.vocabulary(ru)
    long_term = constraint_from_strings("csto", ["Организация Договора о коллективной безопасности"], vocabulary)
    assert long_term is not None and long_term.min_length > 3
    short = from_pretrained(str(ru.loaded.directory), lang="ru", max_length=2)
    out = short.translate(["Hello."], [[long_term]])
    assert "рганизация Договора о коллективной безопасности" in out[0]


_WORDS = ["Минск", "НАТО", "безопасности", "министр", "конференции", "Беларуси", "ОДКБ", "сотрудничество"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picked=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3), beams=st.integers(1, 8))
def test_any_constraints_any_beam_size_appear_as_words(ru, picked: list[str], beams: int) -> None:
    vocabulary = TermEnforcer(_glossary(), "en").vocabulary(ru)
    constraints = [constraint_from_strings(w, [w], vocabulary) for w in picked]
    assert all(c is not None for c in constraints)
    translator = ru if beams == 4 else _with_beams(ru, beams)
    text = translator.translate(["The delegation arrived for the meeting."], [constraints])[0]
    for word in set(picked):
        pattern = rf"(?<!\w)[{word[0].upper()}{word[0].lower()}]{re.escape(word[1:])}(?!\w)"
        assert len(re.findall(pattern, text)) >= picked.count(word), (picked, beams, text)


def test_report_props_and_rates() -> None:
    terms = SentenceTerms([TermCheck("csto", 2, 0, 0, 2, 2, enforced=True), TermCheck("nato", 1, 1, 1, 1, 1),
                           TermCheck("un", 1, 0, 1, 0, 1), TermCheck("tass", 1)])
    assert terms.prop() == "csto(2)=enforced; nato=ok; un=lemma; tass=missing"
    summary = TermSummary("enforce")
    summary.add(terms)
    summary.add(SentenceTerms())
    assert (summary.sentences, summary.occurrences) == (1, 5)
    assert summary.rates() == {"exact_before": 20.0, "lemma_before": 40.0, "exact_after": 60.0, "lemma_after": 80.0,
                               "case_after": 60.0}
    assert TermSummary.from_dict(summary.as_dict()) == summary
    assert "exact 20.0%" in summary.format("ru") and "exact 60.0%" in summary.format("ru")
    assert "case-aware 60.0% (3/5 in a case their context allows" in summary.format("ru")
    wrong = SentenceTerms([TermCheck("belarus", 1, 1, 1, 1, 1, failure="wrong-case", case_after=0)])
    assert wrong.prop() == "belarus=wrong-case"
    summary.add(wrong)
    assert (summary.exact_after, summary.case_after) == (4, 3)
