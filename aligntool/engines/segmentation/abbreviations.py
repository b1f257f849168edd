"""Rules about the word before the full stop: abbreviations, initials, dotted abbreviations, numbers.

Part of the ordered rule list in :mod:`aligntool.engines.segmentation.rules`; the tables are in ``data/``.
"""

from __future__ import annotations

import re

from aligntool.engines.segmentation.base import JOIN, SPLIT
from aligntool.engines.segmentation.candidates import CLOSERS, DIGITS, TERMINALS, Split
from aligntool.engines.segmentation.patterns import DOTTED, OPEN, TOKEN_START, WS, Q, SrxRule, jalt, jclass
from aligntool.engines.segmentation.resources import LanguageResources

# ---- ABBREVIATIONS THAT NEVER END A SENTENCE -----------------------------------------------------


def after_number(s: Split) -> bool:
    """``2014г.``, ``1898 г.``, ``XIX в.``: the abbreviation follows a number."""
    token, text = s.token, s.text
    if token != s.core:
        return True
    index = s.start - len(token)
    if index > s.para_start and text[index - 1] in " \u00a0":
        index -= 1
    return index > s.para_start and (text[index - 1] in DIGITS or text[index - 1] in "IVXLCM")


def spaced(words: frozenset[str]) -> frozenset[str]:
    """The words plus the spaced spelling of two-letter pairs (``т.д`` → also ``т. д``), for SRX."""
    return words | {w[0] + ". " + w[2] for w in words if len(w) == 3 and w[1] == "." and w[0].isalpha()
                    and w[2].isalpha()}


def head_abbreviation(s: Split) -> str | None:
    """``Mr. Smith``, ``г. Москва``, ``Алматы қ. Абай``: titles and prefixes (data: abbreviations_*)."""
    if s.punct != ".":
        return None
    res, core = s.res, s.core
    if core in res.year:
        return None if after_number(s) else JOIN
    if core in res.head:
        return JOIN
    # glued to the previous sentence: "Tuesday.Mr. Smith"
    token = s.token
    last = token.rsplit(".", 1)[-1]
    cut = s.start - len(last)
    if (len(last) < len(token) and last in res.head and cut - 2 >= s.para_start
            and s.text[cut - 2].islower()):
        return JOIN
    return None


def _head_srx(res: LanguageResources) -> list[SrxRule]:
    rules: list[SrxRule] = []
    if res.year:
        rules.append((False, TOKEN_START + "(?<![0-9IVXLCM][ \\u00A0]?)" + jalt(res.year) + r"\." + Q, ""))
    plain = res.head - set(res.pair_firsts)
    if plain:
        rules.append((False, TOKEN_START + "[0-9]*" + jalt(plain) + r"\." + Q, ""))
    pairs = spaced(res.head) - res.head  # own rule: a match of "b. A." must not hide the end of "b."
    if pairs:
        rules.append((False, TOKEN_START + jalt(pairs) + r"\." + Q, ""))
    for second, firsts in res.pair_firsts.items():
        rules.append((False, TOKEN_START + "(?<!" + jclass("".join(sorted(firsts))) + r"\.[ ])[0-9]*"
                      + jalt({second}) + r"\." + Q, ""))
    if res.head:
        rules.append((False, r"(?<=\p{Ll}\.)" + jalt(res.head) + r"\." + Q, ""))
    return rules


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
    return [(False, TOKEN_START + "[0-9]*" + jalt(spaced(res.numeric)) + r"\." + Q, "(?=" + WS + "+[0-9])")]


def abbreviation_before_digit(s: Split) -> str | None:
    """``p. 55``, ``Б.з.б. 6 ғасыр``, ``млн. 5``: an abbreviation or a single letter before a number."""
    if s.kind == "run" and s.punct == "." and s.right_char and s.right_char in DIGITS:
        core = s.core
        if core in s.res.tail or core in s.res.year or (len(core) == 1 and core.isalpha()):
            return JOIN
    return None


def _before_digit_srx(res: LanguageResources) -> list[SrxRule]:
    words = jalt(spaced(res.tail | res.year))[:-1] + "|" if res.tail | res.year else "(?:"
    return [(False, TOKEN_START + "[0-9]*" + words + r"\p{L})\." + Q, "(?=" + WS + "+[0-9])")]


_NONSPACE = r"[^ \t\n\x0b\f\r]"
_FRAGMENT_SENTENCE_END = re.compile(r"[.!?…‽][" + re.escape(CLOSERS) + r"]{0,2}[ \t]{1,5}\Z")


_FRAGMENT_BODY = re.compile(r"(?:[ \t]+" + _NONSPACE + r"{1,20}){0,3}[ \t]+\Z")


_DOTTED_PY = re.compile(r"[^\W\d_]{1,4}(?:\.[^\W\d_]{1,4})+")


def _ends_phrase(word: str, res: LanguageResources) -> bool:
    """Whether an earlier word of the phrase already ends it (the SRX form stops at the first one)."""
    for index, char in enumerate(word):
        if char == "." and index:
            head = word[:index]
            if _DOTTED_PY.fullmatch(head) or head.lstrip(DIGITS) in res.tail or head.lstrip(DIGITS) in res.year:
                return True
    return False


def fragment(s: Split) -> str | None:
    """``At 5 a.m. Mr. Smith went…``, ``В 2010-2012 гг. Виктор…``: a short phrase that opens a sentence
    with a preposition (data: fragments_*) and ends in an abbreviation is not a sentence of its own."""
    res = s.res
    if not res.fragments or s.punct != ".":
        return None
    if not (s.is_dotted or s.core in res.tail or s.core in res.year):
        return None
    text, para_start = s.text, s.para_start
    core = s.core
    # a spaced pair ("т. п.") is one word here, as in the SRX alternation
    token_start = s.start - (4 if core != s.token and len(core) == 3 and core[1] == "." else len(s.token))
    window_start = max(para_start, s.start - 90)
    for word in res.fragments:
        index = text.find(word, window_start, token_start)
        while index >= 0:
            after = index + len(word)
            if ((index == para_start or not text[index - 1].isalnum())
                    and _FRAGMENT_BODY.match(text, after, token_start)
                    and not any(_ends_phrase(word, res) for word in text[after:token_start].split())):
                lead = text[para_start:index]
                if (len(lead) <= 8 and not lead.strip(" \t")) or _FRAGMENT_SENTENCE_END.search(
                        text, max(para_start, index - 8), index):
                    return JOIN
            index = text.find(word, index + 1, token_start)
    return None


def _fragment_srx(res: LanguageResources) -> list[SrxRule]:
    if not res.fragments:
        return []
    start = ("(?:^[ \t]{0,8}|(?<=" + jclass(TERMINALS) + jclass(CLOSERS) + r"{0,2}[ \t]{1,5}))")
    words = "(?:" + DOTTED + ("|[0-9]*" + jalt(spaced(res.tail | res.year)) if res.tail | res.year else "") + ")"
    return [(False, start + jalt(res.fragments) + r"(?:[ \t]+[^\s]{1,20}){0,3}?[ \t]+" + words + r"\." + Q,
             "")]


_DATELINE_CITY = re.compile(r"[ \t]{0,8}[^\W\d_]{3,}(?:[- ][^\W\d_]{2,})?")


def dateline(s: Split) -> str | None:
    """``АСТАНА. ҚазАқпарат – …``, ``ASTANA. KAZINFORM – …``: a city in capitals that opens a paragraph
    is the dateline of the first sentence."""
    if s.start - s.para_start > 40 or s.punct != "." or s.closers or not s.has_space or not s.right_upper:
        return None
    head = s.text[s.para_start:s.start]
    if _DATELINE_CITY.fullmatch(head) and head.strip().replace("-", "").replace(" ", "").isupper():
        return JOIN
    return None


def _dateline_srx(_: LanguageResources) -> list[SrxRule]:
    return [(False, r"^[ \t]{0,8}\p{Lu}{3,}(?:[- ]\p{Lu}{2,})?\.", "(?=" + WS + "+" + OPEN + r"\p{Lu})")]


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
