"""The ordered sentence rules: each says JOIN, SPLIT or nothing about a candidate; the first answer wins.

Every rule also gives its SRX 2.0 form (``(break, beforebreak, afterbreak)`` in Java regex syntax), in the
same order, so that a CAT tool loading :func:`aligntool.engines.segmentation.srx.export_srx` cuts where we do.
The SRX form is written to match the Python test exactly unless ``Rule.note`` says otherwise.
SRX tools test every position, we test candidates; positions that are no candidate never break in
SRX either, because every break rule needs sentence punctuation, a glued date or a list marker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from aligntool.engines.segmentation.abbreviations import (
    _before_digit_srx,
    _dateline_srx,
    _dotted_srx,
    _fragment_srx,
    _head_srx,
    _initials_srx,
    _numeric_srx,
    abbreviation_before_digit,
    dateline,
    dotted_abbreviation,
    fragment,
    head_abbreviation,
    initials,
    numeric_abbreviation,
)
from aligntool.engines.segmentation.base import JOIN, SPLIT
from aligntool.engines.segmentation.candidates import (
    BULLETS,
    CLOSERS,
    DASHES,
    DIGITS,
    NONWORD_RIGHT,
    OPENERS,
    SPACES,
    Split,
)
from aligntool.engines.segmentation.patterns import (
    GUARD,
    NOT_AFTER_END,
    NWS,
    OPEN,
    PQ,
    WS,
    Q,
    SrxRule,
    jclass,
    no_srx,
)
from aligntool.engines.segmentation.resources import LanguageResources


@dataclass(frozen=True)
class Rule:
    """A named rule: ``check(split)`` → JOIN / SPLIT / None, and ``srx(resources)`` → its SRX rules."""

    name: str
    check: Callable[[Split], str | None]
    srx: Callable[[LanguageResources], list[SrxRule]]
    note: str = ""  # where the SRX form differs from ``check``
    kinds: tuple[str, ...] = ("run", "chain")  # the candidate kinds ``check`` can answer for
    dot_only: bool = False  # answers only for a single full stop
    needs: str = ""  # a LanguageResources switch or table without which the rule never answers
    right: tuple[str, ...] = ()  # the only candidates.RIGHT_CLASSES it answers for (empty: any)


# ---- LISTS ---------------------------------------------------------------------------------------

_FIRST_MARKER = re.compile(r"[0-9]{1,3}|[^\W\d_]|[IVXivx]{1,5}")


def list_marker(s: Split) -> str | None:
    """``1. The first item``, ``• 9. The item``: the period of a list marker ends nothing."""
    if s.kind != "run" or s.punct != ".":
        return None
    text, start = s.text, s.start
    if start in s.list_dots and text[s.pos:s.pos + 1] in (" ", "\t"):
        return JOIN
    if start - s.para_start <= 14 and text[s.pos:s.pos + 1] in (" ", "\t"):
        token = s.token
        lead = text[s.para_start:start - len(token)]
        if len(lead) <= 8 and not lead.strip(" \t") and _FIRST_MARKER.fullmatch(token):
            return JOIN
    if start > s.para_start and text[start - 1] in DIGITS:
        token = s.token
        if 1 <= len(token) <= 3 and token.isdigit() and token.isascii():
            index = start - len(token)
            while index > s.para_start and text[index - 1] in " \t" and start - len(token) - index < 4:
                index -= 1
            if index > s.para_start and text[index - 1] in BULLETS:
                return JOIN
    return None


def _list_marker_srx(_: LanguageResources) -> list[SrxRule]:
    bullet = jclass(BULLETS)
    rules: list[SrxRule] = [
        (False, r"^[ \t]{0,8}(?:[0-9]{1,3}|\p{L}|[IVXivx]{1,5})\." + Q, r"(?=[ \t])"),
        (False, bullet + r"[ \t]{0,4}[0-9]{1,3}\." + Q, ""),
    ]
    for marker in (r"[0-9]{1,3}", r"\p{Ll}"):
        for close in (r"\.\)", r"\."):
            rules.append((False, r"(?<=^[ \t]{0,8}" + marker + close + r"[ \t][^\n]{0,2000}[ \t])"
                          + marker + close, r"(?=[ \t])"))
    return rules


def list_item(s: Split) -> str | None:
    """``1.) The first item 2.) The second item``: a later marker of the paragraph's list starts an item."""
    return SPLIT if s.kind in ("list", "bullet") else None


def _list_item_srx(_: LanguageResources) -> list[SrxRule]:
    rules: list[SrxRule] = []
    for bullet in BULLETS:
        b = jclass(bullet)
        rules.append((True, r"(?<=^[ \t]{0,8}" + b + r"[^\n]{0,2000})" + NOT_AFTER_END + r"[ \t]",
                      "(?=" + b + ")"))
    for marker in (r"[0-9]{1,3}", r"\p{Ll}"):
        for close in (r"\.\)", r"\.", r"\)"):
            rules.append((True, r"(?<=^[ \t]{0,8}" + marker + close + r"[ \t][^\n]{0,2000})"
                          + NOT_AFTER_END + r"[ \t]", "(?=" + marker + close + r"[ \t])"))
    return rules


# ---- NO SPACE AFTER ------------------------------------------------------------------------------

_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+-]*@")
_URL_LEFT = re.compile(r"(?://|www\.)[^ \t\n\x0b\f\r\u00a0\u2002\u2003\u2009\u200a\u202f\u3000]{0,300}\Z")


def url_or_email(s: Split) -> str | None:
    """``Jane.Doe@example.com``, ``https://x.org/a.html``: periods inside addresses."""
    if s.kind != "run" or s.has_space or s.at_end:
        return None
    if _EMAIL_LOCAL.match(s.text, s.pos) or _URL_LEFT.search(s.left_window(306)):
        return JOIN
    return None


def _url_srx(_: LanguageResources) -> list[SrxRule]:
    return [
        (False, PQ, r"(?=[A-Za-z0-9._%+-]*@)"),
        (False, GUARD + r"(?<=(?://|www\.)" + NWS + "{0,300})" + PQ, "(?=" + NWS + ")"),
    ]


def glued_sentence(s: Split) -> str | None:
    """``Hello world.Today is…``, ``жағдайы.XVIII ғасыр``: a capitalised word glued to a full stop."""
    if s.kind != "run" or s.punct != "." or s.closers or s.has_space or s.at_end:
        return None
    text, start, pos = s.text, s.start, s.pos
    if start - 2 < s.para_start or pos + 1 >= s.para_end:
        return None
    a, b = text[start - 2], text[start - 1]
    left = (a.isalpha() and b.islower()) or (a in DIGITS and b in DIGITS)
    if left and text[pos].isupper() and text[pos + 1].isalpha():
        return SPLIT
    return None


def _glued_srx(_: LanguageResources) -> list[SrxRule]:
    return [(True, r"(?<=\p{L}\p{Ll}|[0-9]{2})\.", r"(?=\p{Lu}\p{L})")]


def glued_date(s: Split) -> str | None:
    """``10.02.2022February 9.``: a date glued to the next line's first word (a lost line break)."""
    if s.kind != "date":
        return None
    text, pos = s.text, s.pos
    return SPLIT if text[pos].isupper() and text[pos + 1].islower() else JOIN


def _date_srx(_: LanguageResources) -> list[SrxRule]:
    return [(True, r"(?<![0-9.])[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{4}", r"(?=\p{Lu}\p{Ll})")]


def no_space(s: Split) -> str | None:
    """``3.5``, ``куб.м``, ``Jr.'s``, end of paragraph: nothing to cut."""
    if s.kind in ("run", "chain") and (not s.has_space or s.at_end):
        return JOIN
    return None


# ---- WHAT FOLLOWS --------------------------------------------------------------------------------


def nonword_right(s: Split) -> str | None:
    """``February 9. /TASS/.``, ``etc. ,``: a slash, comma, closing mark… never starts a sentence."""
    if s.kind in ("run", "chain") and s.right_char in NONWORD_RIGHT:
        return JOIN
    return None


def _nonword_srx(_: LanguageResources) -> list[SrxRule]:
    return [(False, PQ, "(?=" + WS + "+" + jclass(NONWORD_RIGHT) + ")")]


# ---- ELLIPSES ------------------------------------------------------------------------------------


def bracketed_ellipsis(s: Split) -> str | None:
    """``Bohr […] used``: an omission mark in brackets."""
    if (s.kind == "run" and s.punct in ("...", "…") and s.start > s.para_start
            and s.text[s.start - 1] in "[(" and s.closers[:1] in ("]", ")")):
        return JOIN
    return None


def _bracketed_srx(_: LanguageResources) -> list[SrxRule]:
    return [(False, r"(?<=[\[(])(?:\.\.\.|…)[\])]" + Q, "")]


def period_before_ellipsis(s: Split) -> str | None:
    """``compounds. . . . The practice``: a full stop, then an ellipsis that opens the next sentence."""
    if s.kind != "attached":
        return None
    text, index, end = s.text, s.start + 7, s.para_end
    while index < end and text[index] in CLOSERS:
        index += 1
    spaced = index
    while index < end and text[index] in SPACES:
        index += 1
    while index < end and index > spaced and text[index] in OPENERS:
        index += 1
    return SPLIT if index > spaced and index < end and text[index].isupper() else JOIN


def _attached_srx(_: LanguageResources) -> list[SrxRule]:
    return [
        (True, "(?<=" + jclass(SPACES + ".", negate=True) + r")\.",
         r"(?=[ ]\.[ ]\.[ ]\.(?![ ]\.)" + Q + WS + "+" + OPEN + r"\p{Lu})"),
        (False, r"\.", r"(?=[ ]\.)"),  # inside a spaced ellipsis
    ]


def spaced_ellipsis(s: Split) -> str | None:
    """``weakened . . . was``: three spaced periods mark an omission inside a sentence (MLA style);
    the end of a sentence is written with four (``period . . . . Next``)."""
    if s.kind == "chain" and s.punct == ". . ." and (s.start == s.para_start
                                                       or s.text[s.start - 1] in SPACES):
        return JOIN
    return None


def _spaced_srx(_: LanguageResources) -> list[SrxRule]:
    return [(False, "(?<!" + NWS + r")\.[ ]\.[ ]\." + Q, "")]


# ---- BRACKETS, QUOTES AND DASHES -----------------------------------------------------------------

BRACKET_SPAN = 250
QUOTE_SPAN = 300


def _open_before(s: Split, opening: str, closing: str, span: int) -> bool:
    text, start = s.text, s.start
    index = text.rfind(opening, max(s.para_start, start - span - 1), start)
    return index >= 0 and text.find(closing, index, start) < 0 and text.find("\n", index, start) < 0


def _closes_after(text: str, start: int, end: int, opening: str, closing: str, span: int) -> bool:
    for index in range(start, min(end, start + span + 1)):
        char = text[index]
        if char == closing:
            return True
        if char == opening or char == "\n":
            return False
    return False


def inside_brackets(s: Split) -> str | None:
    """``(«Айқын», 2010 жыл. № 70).``: no cut inside a bracket that closes soon after."""
    if s.kind not in ("run", "chain"):
        return None
    for opening, closing in ("()", "[]"):
        if (opening in s.openers and _open_before(s, opening, closing, BRACKET_SPAN)
                and _closes_after(s.text, s.pos, s.para_end, opening, closing, BRACKET_SPAN)):
            return JOIN
    return None


def _brackets_srx(_: LanguageResources) -> list[SrxRule]:
    rules: list[SrxRule] = []
    for o, c in ("()", "[]"):
        inside = jclass(o + c + "\n", negate=True) + f"{{0,{BRACKET_SPAN}}}"
        rules.append((False, GUARD + f"(?<=\\{o}{inside})" + PQ, f"(?={inside}\\{c})"))
    return rules


def _after_dash(s: Split) -> int:
    index, end, text = s.after + 1, s.para_end, s.text
    while index < end and text[index] in SPACES:
        index += 1
    while index < end and text[index] in OPENERS:
        index += 1
    return index


def dash_lower(s: Split) -> str | None:
    """``Бірақ оның енді не керегі бар? — деді.``: the author's words after direct speech; also
    ``2023 ж. – 7``: a dash before a number continues the sentence."""
    if s.kind in ("run", "chain") and s.right_char in DASHES:
        index = _after_dash(s)
        if index < s.para_end and (s.text[index].islower() or s.text[index] in DIGITS):
            return JOIN
    return None


def _dash_lower_srx(_: LanguageResources) -> list[SrxRule]:
    return [(False, PQ, "(?=" + WS + "+" + jclass(DASHES) + WS + "*" + OPEN + r"[\p{Ll}0-9])")]


def dash_in_guillemets(s: Split) -> str | None:
    """``«…? – спросила мама. – Завтра ведь выходной».``: the quotation goes on after the author's words."""
    if (s.kind in ("run", "chain") and s.right_char in DASHES and "«" in s.openers
            and _open_before(s, "«", "»", QUOTE_SPAN)
            and _closes_after(s.text, s.after + 1, s.para_end, "«", "»", QUOTE_SPAN)):
        return JOIN
    return None


def _guillemets_srx(_: LanguageResources) -> list[SrxRule]:
    inside = jclass("«»\n", negate=True) + f"{{0,{QUOTE_SPAN}}}"
    return [(False, GUARD + f"(?<=«{inside})" + PQ, "(?=" + WS + "+" + jclass(DASHES) + inside + "»)")]


def question_before_lower(s: Split) -> str | None:
    """``ауыл шаруашылығы – кім? не?``: in Kazakh and Russian, a question mark ends the question even
    when a lower-case word follows (switched per language in languages.json)."""
    if (s.res.question_splits_before_lower and s.kind == "run" and s.punct.endswith("?")
            and not s.closers and s.has_space and s.right_char.islower()):
        return SPLIT
    return None


def _question_srx(res: LanguageResources) -> list[SrxRule]:
    return [(True, r"\?", "(?=" + WS + r"+\p{Ll})")] if res.question_splits_before_lower else []


def lower_right(s: Split) -> str | None:
    """``Jane and co. at the party``, ``Yahoo! in``, ``"This is great." she said``."""
    if s.kind in ("run", "chain") and s.right_lower:
        return JOIN
    return None


def _lower_srx(_: LanguageResources) -> list[SrxRule]:
    return [(False, PQ, "(?=" + WS + "+" + OPEN + r"\p{Ll})")]


# ---- DEFAULT -------------------------------------------------------------------------------------


def sentence_end(s: Split) -> str | None:
    """Sentence punctuation followed by a space ends a sentence."""
    return SPLIT if s.kind in ("run", "chain") else None


def _default_srx(_: LanguageResources) -> list[SrxRule]:
    return [(True, PQ, "(?=" + WS + ")")]


RULES: tuple[Rule, ...] = (
    Rule("list_marker", list_marker, _list_marker_srx,
         "SRX cannot see where a segment starts; list markers are recognised at the start of a line and "
         "after a space in a line that starts with a marker of the same kind (numbering is not checked).",
         kinds=("run",), dot_only=True),
    Rule("list_item", list_item, _list_item_srx, kinds=("list", "bullet")),
    Rule("head_abbreviation", head_abbreviation, _head_srx, kinds=("run",), dot_only=True),
    Rule("url_or_email", url_or_email, _url_srx, kinds=("run",), right=("tight",)),
    Rule("glued_sentence", glued_sentence, _glued_srx, kinds=("run",), dot_only=True, right=("tight",)),
    Rule("glued_date", glued_date, _date_srx, kinds=("date",)),
    Rule("no_space", no_space, no_srx, right=("tight", "end")),
    Rule("bracketed_ellipsis", bracketed_ellipsis, _bracketed_srx, kinds=("run",)),
    Rule("period_before_ellipsis", period_before_ellipsis, _attached_srx, kinds=("attached",)),
    Rule("spaced_ellipsis", spaced_ellipsis, _spaced_srx, kinds=("chain",)),
    Rule("nonword_right", nonword_right, _nonword_srx, right=("nonword",)),
    Rule("inside_brackets", inside_brackets, _brackets_srx),
    Rule("dash_lower", dash_lower, _dash_lower_srx, right=("dash",)),
    Rule("dash_in_guillemets", dash_in_guillemets, _guillemets_srx, right=("dash",)),
    Rule("question_before_lower", question_before_lower, _question_srx, kinds=("run",), right=("lower",),
         needs="question_splits_before_lower"),
    Rule("lower_right", lower_right, _lower_srx, right=("lower", "opener")),
    Rule("numeric_abbreviation", numeric_abbreviation, _numeric_srx, kinds=("run",), dot_only=True, right=("digit",)),
    Rule("abbreviation_before_digit", abbreviation_before_digit, _before_digit_srx, kinds=("run",),
         dot_only=True, right=("digit",)),
    Rule("fragment", fragment, _fragment_srx, kinds=("run",), dot_only=True, needs="fragments"),
    Rule("dateline", dateline, _dateline_srx, kinds=("run",), dot_only=True, right=("upper", "opener")),
    Rule("initials", initials, _initials_srx, kinds=("run",), dot_only=True, right=("upper", "opener")),
    Rule("dotted_abbreviation", dotted_abbreviation, _dotted_srx, kinds=("run",), dot_only=True,
         needs="starters_after_dotted", right=("upper", "opener")),
    Rule("sentence_end", sentence_end, _default_srx),
)

NOT_IN_SRX = (
    "soft-wrapped lines (a line that goes on in lower case) are joined before any rule runs; SRX tools "
    "see each line as its own paragraph",
)
