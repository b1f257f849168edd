"""Java regex building blocks for the SRX form of the rules (java.util.regex, as OmegaT compiles it)."""

from __future__ import annotations

from aligntool.engines.segmentation.candidates import CLOSERS, OPENERS, SPACES, TERMINALS
from aligntool.engines.segmentation.resources import LanguageResources

SrxRule = tuple[bool, str, str]  # (break, beforebreak, afterbreak); "" means no pattern


def jclass(chars: str, negate: bool = False) -> str:
    """A Java character class of exactly these characters."""
    out = []
    for char in chars:
        if char in "\\]^-[&":
            out.append("\\" + char)
        elif char.isspace() or not char.isprintable():
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "[" + ("^" if negate else "") + "".join(out) + "]"


def jalt(words: frozenset[str] | set[str]) -> str:
    """``(?:w1|w2|…)``, longest first, regex characters escaped."""
    escaped = ["".join("\\" + c if c in ".^$|?*+()[]{}\\" else c for c in w)
               for w in sorted(words, key=lambda w: (-len(w), w))]
    return "(?:" + "|".join(escaped) + ")"


WS = jclass(SPACES)
NWS = jclass(SPACES, negate=True)
PQ = jclass(TERMINALS) + "+" + jclass(CLOSERS) + "*"
Q = jclass(CLOSERS) + "*"
OPEN = jclass(OPENERS) + "*"
TOKEN_START = r"(?<![\p{L}\p{N}.°])"
DOTTED = r"\p{L}{1,4}(?:\.\p{L}{1,4})+"
NOT_AFTER_END = "(?<!" + jclass(TERMINALS + CLOSERS) + ")"
GUARD = "(?=" + jclass(TERMINALS) + ")"  # lets a regex engine skip the look-behind at most positions


def no_srx(_: LanguageResources) -> list[SrxRule]:
    """For rules that need no SRX rule of their own."""
    return []
