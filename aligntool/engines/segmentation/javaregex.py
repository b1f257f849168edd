"""Translate a Java (``java.util.regex``) pattern, as SRX files contain, into ``regex``-module syntax.

The ``regex`` module already understands most of Java's syntax (``\\p{Lu}``, bounded look-behind,
possessive quantifiers, atomic groups, nested classes and ``&&`` in V1 mode).  What differs is handled
here: ``\\Q…\\E``; ``\\s \\d \\w`` are ASCII-only in Java (OmegaT compiles without
UNICODE_CHARACTER_CLASS); POSIX and ``java…`` property names; ``\\x{…}``, ``\\0oct``, ``\\e``, ``\\cX``;
``\\h \\v \\R \\z \\Z``; the flags ``d`` and ``U``, which Python does not have.
"""

from __future__ import annotations

import re

_SPACE = " \\t\\n\\x0b\\f\\r"
_CLASS_BODY = {"s": _SPACE, "d": "0-9", "w": "a-zA-Z0-9_", "h": " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a"
               "\\u202f\\u205f\\u3000", "v": "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"}
_POSIX = {
    "Lower": "a-z", "Upper": "A-Z", "ASCII": "\\x00-\\x7f", "Alpha": "a-zA-Z", "Digit": "0-9",
    "Alnum": "a-zA-Z0-9", "Punct": "!-/:-@\\[-`{-~", "Graph": "!-~", "Print": " -~", "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f", "XDigit": "0-9a-fA-F", "Space": _SPACE,
}
_JAVA_PROPERTIES = {
    "javaLowerCase": "Ll", "javaUpperCase": "Lu", "javaTitleCase": "Lt", "javaDigit": "Nd",
    "javaLetter": "L", "javaLetterOrDigit": "Alnum", "javaAlphabetic": "Alphabetic",
    "javaWhitespace": "White_Space", "javaSpaceChar": "Zs", "javaMirrored": "Bidi_Mirrored",
    "javaIdeographic": "Ideographic",
}


def _property(name: str, negated: bool, in_class: bool) -> str:
    """A ``\\p{…}`` in regex-module syntax (as class content when inside ``[…]``)."""
    if name in _POSIX:
        body = _POSIX[name]
        if in_class:
            if negated:
                raise ValueError(f"\\P{{{name}}} inside a character class is not supported; write it outside")
            return body
        return ("[^" if negated else "[") + body + "]"
    if name in _JAVA_PROPERTIES:
        name = _JAVA_PROPERTIES[name]
    elif name.startswith("Is") and len(name) > 2:
        rest = name[2:]
        name = rest if len(rest) <= 2 or rest in ("Alphabetic", "Letter", "Digit", "White_Space") else (
            "Script=" + rest)
    elif name.startswith("In") and len(name) > 2:
        name = "Block=" + name[2:]
    else:
        lowered = name.lower()
        for prefix, replacement in (("sc=", "Script="), ("script=", "Script="), ("blk=", "Block="),
                                    ("block=", "Block="), ("gc=", ""), ("general_category=", "")):
            if lowered.startswith(prefix):
                name = replacement + name[len(prefix):]
                break
    return ("\\P{" if negated else "\\p{") + name + "}"


def java_to_python(pattern: str) -> str:
    """The same pattern for the ``regex`` module (compile with ``regex.V1``)."""
    out: list[str] = []
    depth = 0  # character-class nesting
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\" and i + 1 < n:
            i = _escape(pattern, i, depth > 0, out)
            continue
        if char == "[":
            depth += 1
            out.append(char)
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1:i + 2] == "]":  # a literal ] first in the class
                out.append("\\]")
                i += 1
        elif char == "]" and depth:
            depth -= 1
            out.append(char)
        elif char == "(" and depth == 0 and pattern.startswith("(?", i):
            i = _group(pattern, i, out)
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


_FLAGS = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")


def _group(pattern: str, i: int, out: list[str]) -> int:
    match = _FLAGS.match(pattern, i)
    if match is None or (not match.group(1) and match.group(2) is None):
        out.append("(?")
        return i + 2
    on = match.group(1).replace("d", "").replace("U", "").replace("u", "")
    off = (match.group(2) or "").replace("d", "").replace("U", "").replace("u", "")
    flags = on + ("-" + off if off else "")
    if match.group(3) == ")" and not flags:
        return match.end()  # only flags Python lacks
    out.append("(?" + flags + match.group(3) if flags else "(?:")
    return match.end()


def _escape(pattern: str, i: int, in_class: bool, out: list[str]) -> int:
    code = pattern[i + 1]
    if code == "Q":
        end = pattern.find("\\E", i + 2)
        literal = pattern[i + 2:] if end < 0 else pattern[i + 2:end]
        out.append("".join("\\" + c if not c.isalnum() else c for c in literal))
        return n_after(pattern, end)
    if code in _CLASS_BODY:
        body = _CLASS_BODY[code]
        out.append(body if in_class else "[" + body + "]")
        return i + 2
    if code in "SDWHV" and not in_class:
        out.append("[^" + _CLASS_BODY[code.lower()] + "]")
        return i + 2
    if code in "pP":
        if pattern[i + 2:i + 3] == "{":
            end = pattern.index("}", i + 3)
            name = pattern[i + 3:end]
        else:
            end, name = i + 2, pattern[i + 2:i + 3]
        out.append(_property(name, code == "P", in_class))
        return end + 1
    if code == "x" and pattern[i + 2:i + 3] == "{":
        end = pattern.index("}", i + 3)
        out.append(f"\\U{int(pattern[i + 3:end], 16):08x}")
        return end + 1
    if code == "0":
        digits = re.match(r"[0-7]{1,3}", pattern[i + 2:])
        value = int(digits.group(0), 8) if digits else 0
        out.append(f"\\x{value:02x}" if value < 256 else f"\\u{value:04x}")
        return i + 2 + (len(digits.group(0)) if digits else 0)
    if code == "c" and i + 2 < len(pattern):
        out.append(f"\\x{ord(pattern[i + 2]) ^ 64:02x}")
        return i + 3
    simple = {"e": "\\x1b", "a": "\\x07", "z": "\\Z", "Z": "(?=\\n?\\Z)",
              "R": "(?:\\r\\n|[\\n\\x0b\\f\\r\\x85\\u2028\\u2029])"}
    if code in simple and not (in_class and code in "zZR"):
        out.append(simple[code])
        return i + 2
    out.append(pattern[i:i + 2])
    return i + 2


def n_after(pattern: str, end: int) -> int:
    """Index after a ``\\E`` (or the end of the pattern when there is none)."""
    return len(pattern) if end < 0 else end + 2
