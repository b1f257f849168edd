"""Language data for the segmentation rules: abbreviation tables, sentence starters, switches.

The tables live in ``aligntool/engines/segmentation/data``; English and Russian also load the Moses
non-breaking prefixes from the installed ``sacremoses`` package (they are not copied here).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from aligntool.core.errors import ConfigError
from aligntool.core.signature import content_hash

KINDS = ("head", "numeric", "tail", "year")


@dataclass(frozen=True)
class LanguageResources:
    """Everything language-specific that the rules read; sets hold every case variant."""

    lang: str
    head: frozenset[str]
    numeric: frozenset[str]
    tail: frozenset[str]
    year: frozenset[str]  # head, except after a number, where they may end a sentence (1898 г.)
    pair_firsts: dict[str, frozenset[str]]  # "д" → {"т", "Т"}: "т. д." is a tail pair, not "д." alone
    pairs: frozenset[str]  # listed two-letter abbreviations ("т.д", "т.е"), also written spaced: "т. д."
    starters: frozenset[str]
    fragments: frozenset[str]
    starters_after_dotted: bool
    question_splits_before_lower: bool
    fingerprint: str  # hash of every table and switch above, for the reproducibility signature


def _data_text(name: str) -> str | None:
    path = resources.files("aligntool.engines.segmentation").joinpath("data", name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _entries(text: str | None) -> list[list[str]]:
    rows = []
    for line in (text or "").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            rows.append(line.split())
    return rows


def _variants(word: str) -> set[str]:
    return {word, word.lower(), word[:1].upper() + word[1:].lower(), word[:1].upper() + word[1:]}


@cache
def _moses_files() -> dict[str, str]:
    """sacremoses' ``nonbreaking_prefix.<lang>`` texts, read without importing sacremoses (its package
    import compiles the tokenizer's regular expressions: over a second)."""
    spec = importlib.util.find_spec("sacremoses")
    if spec is None or spec.origin is None:
        return {}
    root = Path(spec.origin).parent
    folder = root / "data" / "nonbreaking_prefixes"
    if folder.is_dir():  # sacremoses releases that ship the Moses files as they are
        return {path.name: path.read_text(encoding="utf-8") for path in folder.glob("nonbreaking_prefix.*")}
    module_path = root / "_data_nonbreaking_prefixes.py"
    if module_path.is_file():  # releases that ship them as one generated module holding a dict
        module_spec = importlib.util.spec_from_file_location("_aligntool_moses_prefixes", module_path)
        if module_spec is not None and module_spec.loader is not None:
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            return dict(module.NONBREAKING_PREFIXES)
    from sacremoses.corpus import NonbreakingPrefixes  # anything else: the public API

    reader = NonbreakingPrefixes()
    return {f"nonbreaking_prefix.{code}": "\n".join(reader.words(code, ignore_lines_startswith="\0"))
            for code in set(reader.available_langs.values())}


def rule_languages() -> set[str]:
    """Languages with tables of their own in ``languages.json`` (en, ru, kk)."""
    return {code for code in json.loads(_data_text("languages.json") or "{}") if code.isalpha()}


def moses_languages() -> set[str]:
    """Languages for which sacremoses ships Moses non-breaking prefixes."""
    prefix = "nonbreaking_prefix."
    return {name[len(prefix):] for name in _moses_files() if name.startswith(prefix)}


def _moses(lang: str) -> list[tuple[str, str]]:
    """Moses prefixes as (word, kind); single capitals (initials) and digit-glued units are left out."""
    out = []
    for line in _moses_files().get(f"nonbreaking_prefix.{lang}", "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, flag = line.partition("#")
        word = word.strip().rstrip(".")
        if not word or (len(word) == 1 and word.isupper()) or word[0].isdigit():
            continue
        if word[:1] in "IVXLCM" and len(word) > 1 and word[1:].islower() and not word.isascii():
            continue  # "Xвв", "Iв": a Roman numeral glued to a unit
        out.append((word, "numeric" if "NUMERIC_ONLY" in flag else "head"))
    return out


@cache
def load_resources(lang: str) -> LanguageResources:
    """The tables for ``lang``: en, ru, kk have their own; another language gets the generic rules with
    the Moses non-breaking prefixes of sacremoses where it has a list for the language."""
    raw = _data_text("languages.json")
    settings_all = json.loads(raw or "{}")
    settings = settings_all.get(lang)
    if settings is None:
        settings = dict(settings_all.get("*", {}))
        settings["moses"] = lang if lang in moses_languages() else None
    kinds: dict[str, str] = {}
    moses_lang = settings.get("moses")
    if moses_lang:
        for word, kind in _moses(moses_lang):
            kinds[word] = kind
    for row in _entries(_data_text(f"abbreviations_{lang}.txt")):
        if len(row) != 2 or row[1] not in KINDS:
            raise ConfigError(
                f"aligntool/engines/segmentation/data/abbreviations_{lang}.txt: bad entry {' '.join(row)!r}; "
                f"expected '<abbreviation> <{'|'.join(KINDS)}>'"
            )
        kinds[row[0]] = row[1]
    sets: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for word, kind in sorted(kinds.items()):
        sets[kind] |= _variants(word)
    # a word listed as head wins over its case variants listed elsewhere
    sets["numeric"] -= sets["head"]
    sets["tail"] -= sets["head"] | sets["numeric"]
    listed = sets["head"] | sets["tail"] | sets["numeric"] | sets["year"]
    two_letter = {w for w in listed if len(w) == 3 and w[1] == "." and w[0].isalpha() and w[2].isalpha()}
    pairs: dict[str, set[str]] = {}
    for word in two_letter - sets["head"]:
        if word[2] in sets["head"]:
            pairs.setdefault(word[2], set()).add(word[0])
    starters = {w for row in _entries(_data_text(f"starters_{lang}.txt")) for w in row}
    fragments = {w for row in _entries(_data_text(f"fragments_{lang}.txt")) for w in row}
    fingerprint = content_hash(
        lang,
        json.dumps(settings, sort_keys=True),
        *("\n".join(sorted(sets[kind])) for kind in KINDS),
        "\n".join(sorted(starters)),
        "\n".join(sorted(fragments)),
    )
    return LanguageResources(
        lang=lang,
        head=frozenset(sets["head"]),
        numeric=frozenset(sets["numeric"]),
        tail=frozenset(sets["tail"]),
        year=frozenset(sets["year"]),
        pair_firsts={second: frozenset(firsts) for second, firsts in sorted(pairs.items())},
        pairs=frozenset(two_letter),
        starters=frozenset(starters),
        fragments=frozenset(fragments),
        starters_after_dotted=bool(settings.get("starters_after_dotted", False)),
        question_splits_before_lower=bool(settings.get("question_splits_before_lower", False)),
        fingerprint=fingerprint,
    )
