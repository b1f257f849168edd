"""Lemma-level term check (WMT 2023 terminology style): any inflection of the term's words, in order.

Russian compares pymorphy3 normal forms, or, for words pymorphy3 guesses differently (names:
Тасмагамбетовом), the term word's stem as a prefix; Kazakh compares stems (a word counts if it starts with the
term word's stem, so attached or hyphenated suffixes are accepted); English ignores case and a plural
or possessive ending.
"""

from __future__ import annotations

import functools
import re

from aligntool.engines.terminology.matcher import fold_case, normalise
from aligntool.engines.terminology.morphology_ru import lemma

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_KK_VOICING = {"п": "б", "қ": "ғ", "к": "г"}


def tokens(text: str) -> list[str]:
    """Word tokens (hyphenated words stay one token: ҰҚШҰ-ның, CSTO-led)."""
    return _TOKEN.findall(normalise(text))


def _ru_key(word: str) -> str:

    return lemma(word)


def _en_key(word: str) -> str:
    word = fold_case(word)
    for ending in ("'s", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)]
    return word


def _ru_stem(word: str) -> str:
    """The part of a Russian word no ending changes (Тасмагамбетов, Бордюж(а), Зас(ь)); whole short words."""
    word = fold_case(word)
    if len(word) < 5:
        return word + " "  # never a prefix of a token: short words must match by lemma
    return word[:-1] if word[-1] in "аяоеыиьйуюё" else word


def _kk_stem(word: str) -> str:
    word = fold_case(word).split("-", 1)[0]
    if len(word) > 4 and word[-1] in "ыі":
        word = word[:-1]
    if len(word) > 3 and word[-1] in "сн" and word[-2] in "ыі":
        word = word[:-2]
    return word


def _kk_matches(text_word: str, term_word: str) -> bool:
    stem = _kk_stem(term_word)
    word = fold_case(text_word)
    if word.startswith(stem):
        return True
    last = stem[-1:]
    return last in _KK_VOICING and word.startswith(stem[:-1] + _KK_VOICING[last])


def count_lemma_sequence(text: str, term: str, lang: str) -> int:
    """Non-overlapping places where every word of ``term`` occurs, in order and adjacent, in some inflection."""
    words = tokens(text)
    needle = tokens(term)
    if not needle or len(needle) > len(words):
        return 0
    if lang == "kk":
        def same(i: int) -> bool:
            return all(_kk_matches(words[i + j], w) for j, w in enumerate(needle))
    else:
        keys, _ = _word_keys(term, lang)
        text_keys, folded = _word_keys(text, lang)
        stems = [_ru_stem(w) for w in needle] if lang == "ru" else []

        def same(i: int) -> bool:
            if text_keys[i:i + len(keys)] == keys:
                return True
            return bool(stems) and all(folded[i + j].startswith(stem) for j, stem in enumerate(stems))
    count, i = 0, 0
    while i <= len(words) - len(needle):
        if same(i):
            count += 1
            i += len(needle)
        else:
            i += 1
    return count


@functools.lru_cache(maxsize=4096)
def _word_keys(text: str, lang: str) -> tuple[list[str], list[str]]:
    """Each word's comparison key (Russian lemma, English stem) and its folded form: a sentence is compared
    with every term of the glossary it mentions, so its words are keyed once. Callers do not modify them."""
    key = _ru_key if lang == "ru" else _en_key
    words = tokens(text)
    return [key(w) for w in words], [fold_case(w) for w in words]


def contains_lemma_sequence(text: str, term: str, lang: str) -> bool:
    """True when every word of ``term`` occurs, in order and adjacent, in ``text`` in some inflection."""
    return count_lemma_sequence(text, term, lang) > 0
