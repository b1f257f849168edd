"""Latin ↔ Cyrillic transliteration and cross-script match keys for names and cognates.

The tables live in ``data/*.tsv``. :func:`match_key` folds a word from either script (Russian,
Kazakh ә ғ қ ң ө ұ ү һ і, Latin with diacritics) to a short ASCII key, so that ``Pankin`` and ``Панкина``
or ``Kazakhstan`` and ``Қазақстан`` get the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_DATA = "aligntool.engines.alignment.data"
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")


def _read_table(name: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition("\t")
        rows.append((key, value))
    return rows


@lru_cache(maxsize=1)
def _cyrillic_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for letter, latin in _read_table("cyrillic_latin.tsv"):
        table[ord(letter)] = latin
        upper = letter.upper()
        if upper != letter:
            table[ord(upper)] = latin[:1].upper() + latin[1:]
    return table


@lru_cache(maxsize=1)
def _latin_table() -> list[tuple[str, str]]:
    return sorted(_read_table("latin_cyrillic.tsv"), key=lambda row: -len(row[0]))


@lru_cache(maxsize=1)
def _folding() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), replacement) for pattern, replacement in _read_table("match_folding.tsv")]


def to_latin(text: str) -> str:
    """Cyrillic letters to Latin (``Қазақстан`` → ``Qazaqstan``); other characters are kept."""
    return text.translate(_cyrillic_table())


def to_cyrillic(text: str) -> str:
    """Latin letters to Cyrillic, Russian conventions (``Pankin`` → ``Панкин``); other characters kept."""
    table = _latin_table()
    out: list[str] = []
    i = 0
    lower = text.lower()
    while i < len(text):
        for latin, cyrillic in table:
            if lower.startswith(latin, i):
                piece = cyrillic
                if latin == "y" and out and out[-1][-1:].lower() in _CONSONANTS:
                    piece = "ы"  # Ryzhenkov → Рыженков; word-initial and after vowels y stays й
                if text[i].isupper():
                    piece = piece[:1].upper() + piece[1:]
                out.append(piece)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters only: diacritics dropped (``é`` → ``e``), ``ß`` → ``ss``."""
    text = text.lower().replace("ß", "ss").replace("æ", "ae").replace("œ", "oe")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


@lru_cache(maxsize=65536)
def match_key(word: str, length: int = 5) -> str:
    """Cross-script key of a word: transliterate, fold spelling variants, squeeze doubled letters, cut.

    The cut to ``length`` letters lets inflected forms meet (``Минске``/``Minsk``, ``Коллективной``/
    ``Collective``).
    """
    folded = ascii_fold(to_latin(word))
    for pattern, replacement in _folding():
        folded = pattern.sub(replacement, folded)
    squeezed = []
    for ch in folded:
        if not squeezed or squeezed[-1] != ch:
            squeezed.append(ch)
    return "".join(squeezed)[:length]
