"""Rules about the word before the full stop: abbreviations, initials, dotted abbreviations, numbers.

Part of the ordered rule list in :mod:`aligntool.segmentation.rules`; the tables are in ``data/``.
"""

from __future__ import annotations

import re

from aligntool.segmentation.base import JOIN, SPLIT
from aligntool.segmentation.candidates import CLOSERS, DIGITS, TERMINALS, Split
from aligntool.segmentation.patterns import DOTTED, OPEN, TOKEN_START, WS, Q, SrxRule, jalt, jclass
from aligntool.segmentation.resources import LanguageResources

# ---- ABBREVIATIONS THAT NEVER END A SENTENCE -----------------------------------------------------


def head_abbreviation(s: Split) -> str | None:
    """``Mr. Smith``, ``г. Москва``, ``Алматы қ. Абай``: titles and prefixes (data: abbreviations_*)."""
    if s.kind != "run" or s.punct != ".":
        return None
    if s.core in s.res.head:
        return JOIN
    # glued to the previous sentence: "Tuesday.Mr. Smith"
    token = s.token
    last = token.rsplit(".", 1)[-1]
    cut = s.start - len(last)
    if (len(last) < len(token) and last in s.res.head and cut - 2 >= s.para_start
            and s.text[cut - 2].islower()):
        return JOIN
    return None


def _head_srx(res: LanguageResources) -> list[SrxRule]:
    if not res.head:
        return []
    return [(False, TOKEN_START + "[0-9]*" + jalt(res.head) + r"\." + Q, ""),
            (False, r"(?<=\p{Ll}\.)" + jalt(res.head) + r"\." + Q, "")]


# ---- ABBREVIATIONS, INITIALS AND NUMBERS ---------------------------------------------------------


def numeric_abbreviation(s: Split) -> str | None:
    """``No. 5``, ``Fig. 3``, ``N°. 1026``: these abbreviations are followed by a number."""
    if (s.kind == "run" and s.punct == "." and s.right_char in DIGITS and s.right_char
            and s.core in s.res.numeric):
        return JOIN
    return None


def _numeric_srx(res: LanguageResources) -> list[SrxRule]:
    if not res.numeric:
        return []
    return [(False, TOKEN_START + "[0-9]*" + jalt(res.numeric) + r"\." + Q, "(?=" + WS + "+[0-9])")]


def abbreviation_before_digit(s: Split) -> str | None:
    """``p. 55``, ``Б.з.б. 6 ғасыр``, ``млн. 5``: an abbreviation or a single letter before a number."""
    if s.kind == "run" and s.punct == "." and s.right_char and s.right_char in DIGITS:
        core = s.core
        if core in s.res.tail or (len(core) == 1 and core.isalpha()):
            return JOIN
    return None


def _before_digit_srx(res: LanguageResources) -> list[SrxRule]:
    words = jalt(res.tail)[:-1] + "|" if res.tail else "(?:"
    return [(False, TOKEN_START + "[0-9]*" + words + r"\p{L})\." + Q, "(?=" + WS + "+[0-9])")]


_NONSPACE = r"[^ \t\n\x0b\f\r]"
_FRAGMENT_SENTENCE_END = re.compile(r"[.!?…‽][" + re.escape(CLOSERS) + r"]{0,2}[ \t]{1,5}\Z")


def _fragment_body(res: LanguageResources) -> re.Pattern[str]:
    return re.compile(r"(?:[ \t]+" + _NONSPACE + r"{1,20}){0,2}[ \t]+[^\W\d_]{1,4}(?:\.[^\W\d_]{1,4})+\Z")


def fragment(s: Split) -> str | None:
    """``At 5 a.m. Mr. Smith went…``: a short phrase that opens with a preposition (data: fragments_*)
    and ends in a dotted abbreviation is the start of a sentence, not a sentence."""
    res = s.res
    if not res.fragments or s.kind != "run" or s.punct != "." or not s.is_dotted:
        return None
    text, para_start = s.text, s.para_start
    window_start = max(para_start, s.start - 80)
    body = _fragment_body(res)
    for word in res.fragments:
        index = text.find(word, window_start, s.start)
        while index >= 0:
            after = index + len(word)
            if (index == para_start or not text[index - 1].isalnum()) and body.match(text[after:s.start]):
                lead = text[para_start:index]
                if (len(lead) <= 8 and not lead.strip(" \t")) or _FRAGMENT_SENTENCE_END.search(
                        text[max(para_start, index - 8):index]):
                    return JOIN
            index = text.find(word, index + 1, s.start)
    return None


def _fragment_srx(res: LanguageResources) -> list[SrxRule]:
    if not res.fragments:
        return []
    start = ("(?:^[ \t]{0,8}|(?<=" + jclass(TERMINALS) + jclass(CLOSERS) + r"{0,2}[ \t]{1,5}))")
    return [(False, start + jalt(res.fragments) + r"(?:[ \t]+[^\s]{1,20}){0,2}[ \t]+" + DOTTED + r"\." + Q,
             "")]


def initials(s: Split) -> str | None:
    """``Jonas E. Smith``, ``Л.Н. Толстой``, ``U.S. Government`` — but ``you and I. Did``, ``the U.S. The``:
    capitals with periods join a capitalised word unless it is a sentence starter (data: starters_*)."""
    if s.kind != "run" or s.punct != "." or not s.token or not s.is_initials or not s.has_space:
        return None
    text, after = s.text, s.after
    if s.right_char.isupper() and text[after + 1:after + 2] == ".":
        return JOIN
    if s.right_word in s.res.starters:
        return SPLIT
    return JOIN if s.right_upper else None


def _initials_srx(res: LanguageResources) -> list[SrxRule]:
    before = TOKEN_START + r"(?:\p{Lu}\.)*\p{Lu}\." + Q
    rules: list[SrxRule] = [(False, before, "(?=" + WS + r"+\p{Lu}\.)")]
    if res.starters:
        rules.append((True, before, "(?=" + WS + "+" + OPEN + jalt(res.starters) + r"(?![\p{L}\p{N}]))"))
    rules.append((False, before, "(?=" + WS + "+" + OPEN + r"\p{Lu})"))
    return rules


def dotted_abbreviation(s: Split) -> str | None:
    """``6 p.m. Then``… (English): a dotted abbreviation before a capital splits only before a sentence
    starter (``U.S. How``), else the capital word belongs to the sentence (``Ph.D. Smith``)."""
    if (not s.res.starters_after_dotted or s.kind != "run" or s.punct != "." or not s.is_dotted
            or not s.has_space):
        return None
    if s.right_word in s.res.starters:
        return SPLIT
    return JOIN if s.right_upper else None


def _dotted_srx(res: LanguageResources) -> list[SrxRule]:
    if not res.starters_after_dotted:
        return []
    before = TOKEN_START + DOTTED + r"\." + Q
    rules: list[SrxRule] = []
    if res.starters:
        rules.append((True, before, "(?=" + WS + "+" + OPEN + jalt(res.starters) + r"(?![\p{L}\p{N}]))"))
    rules.append((False, before, "(?=" + WS + "+" + OPEN + r"\p{Lu})"))
    return rules
