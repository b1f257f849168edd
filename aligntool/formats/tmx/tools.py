"""TMX maintenance: stats, merge, dedupe, split. Everything streams except multilingual merge.

Outputs are written with :class:`TmxWriter`, so they get fresh ``tuid`` values, atomic writes and the
same guarantees as files from ``aligntool translate``.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.errors import ConfigError, ParseError
from aligntool.core.languages import base_language
from aligntool.core.signature import Signature, base_signature
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.writer import PROP_ORIGIN, TmxHeader, TmxWriter, parse_language_prop

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class TmxStats:
    """Counts for one TMX file."""

    path: str
    srclang: str
    units: int = 0
    segments: Counter[str] = field(default_factory=Counter)  # language → tuv count
    words: Counter[str] = field(default_factory=Counter)
    characters: Counter[str] = field(default_factory=Counter)
    pairs: Counter[str] = field(default_factory=Counter)  # "en-US→ru-RU" → units
    origins: Counter[str] = field(default_factory=Counter)  # x-origin value → units

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"path": self.path, "srclang": self.srclang, "units": self.units,
                "segments": dict(self.segments), "words": dict(self.words),
                "characters": dict(self.characters), "pairs": dict(self.pairs), "origins": dict(self.origins)}


def _source_tag(unit: TranslationUnit, srclang: str) -> str | None:
    base = base_language(srclang) if srclang and srclang != "*all*" else None
    for tag in unit.variants:
        if base is None or base_language(tag) == base:
            return tag
    return None


def tmx_stats(path: str | Path) -> TmxStats:
    """Units, segments/words/characters per language, units per language pair and per x-origin."""
    reader = TmxReader(path)
    stats = TmxStats(str(path), "")
    for unit in reader:
        stats.units += 1
        for tag, text in unit.variants.items():
            stats.segments[tag] += 1
            stats.words[tag] += len(text.split())
            stats.characters[tag] += len(text)
        source = _source_tag(unit, reader.header.srclang if reader.header else "")
        if source is not None:
            for tag in unit.variants:
                if tag != source:
                    stats.pairs[f"{source}→{tag}"] += 1
        origins = [("" if kind == PROP_ORIGIN else parsed[1], value) for kind, value in unit.props
                   if kind == PROP_ORIGIN or ((parsed := parse_language_prop(kind)) and parsed[0] == PROP_ORIGIN)]
        for lang, value in origins or [("", "-")]:
            stats.origins[f"{lang}:{value}" if lang else value] += 1
    stats.srclang = reader.header.srclang if reader.header else ""
    return stats


def _output_header(srclang: str, sources: Iterable[str | Path], action: str) -> TmxHeader:
    names = ", ".join(Path(p).name for p in sources)
    return TmxHeader(srclang=srclang, props=base_signature().with_fields(**{f"{action}-from": names}).props())


def _fresh(unit: TranslationUnit) -> TranslationUnit:
    # Input tuids are only unique within their file; the writer numbers units anew.
    return replace(unit, tuid=None, line=None)


def _units_with_header(path: str | Path) -> tuple[TmxHeader, Iterator[TranslationUnit]]:
    reader = TmxReader(path)
    units = iter(reader)
    first = next(units, None)
    if reader.header is None:
        raise ParseError("no <header> element", str(path))

    def chain() -> Iterator[TranslationUnit]:
        if first is not None:
            yield first
        yield from units

    return reader.header, chain()


def merge_tmx(inputs: list[str | Path], output: str | Path, *, multilingual: bool = False) -> TmxWriter:
    """Merge TMX files with the same source language.

    By default units are concatenated (streamed). With ``multilingual``, units with the same source
    text are combined into one unit holding every language (this keeps one entry per distinct
    source text in memory).
    """
    if not inputs:
        raise ConfigError("merge needs at least one input TMX file")
    opened = [_units_with_header(path) for path in inputs]
    srclangs = {base_language(header.srclang) for header, _ in opened}
    if len(srclangs) != 1 or "*all*" in srclangs:
        names = ", ".join(f"{Path(p).name} ({h.srclang or 'none'})"
                          for p, (h, _) in zip(inputs, opened, strict=True))
        raise ConfigError(f"cannot merge files with different or unknown source languages: {names}")
    srclang = opened[0][0].srclang
    header = _output_header(srclang, inputs, "merged")
    with TmxWriter(output, header) as writer:
        if not multilingual:
            first: tuple[frozenset[str], str | Path] | None = None
            for path, (_header, units) in zip(inputs, opened, strict=True):
                for unit in units:
                    langs = frozenset(base_language(tag) for tag, text in unit.variants.items() if text.strip())
                    if len(langs) >= 2:  # the writer skips the others
                        first = first or (langs, path)
                        if langs != first[0]:
                            raise _mixed_languages(srclang, first, (langs, path), unit.line)
                    writer.write(_fresh(unit))
            return writer
        combined: dict[str, TranslationUnit] = {}
        for _header, units in opened:
            for unit in units:
                source = _source_tag(unit, srclang)
                if source is None:
                    continue
                key = unit.variants[source].strip()
                target = combined.setdefault(key, _fresh(replace(unit, variants={}, props=list(unit.props))))
                if not target.variants:
                    target.variants[srclang] = unit.variants[source]
                for tag, text in unit.variants.items():
                    have = {base_language(t) for t in target.variants}
                    if tag != source and base_language(tag) not in have:
                        target.variants[tag] = text
        for unit in combined.values():
            writer.write(unit)
    return writer


def _mixed_languages(srclang: str, first: tuple[frozenset[str], str | Path],
                     other: tuple[frozenset[str], str | Path], line: int | None) -> ConfigError:
    # A file whose units differ in languages fails `tmx validate` and makes OmegaT insert a wrong-language text.
    source = base_language(srclang)

    def pair(langs: frozenset[str]) -> str:
        return "-".join([source, *sorted(langs - {source})])

    where = f"{Path(other[1]).name}:{line}" if line else Path(other[1]).name
    return ConfigError(
        f"{Path(first[1]).name} has {pair(first[0])} units but {where} has {pair(other[0])}: a plain merge would "
        "write units lacking a language, which CAT tools fill with another language's text; use --multilingual "
        "to join units with the same source text into one unit with every language, or merge files of one "
        "language pair"
    )


def bilingual_props(props: list[tuple[str, str]], target: str,
                    languages: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Props of a multilingual unit as they apply to one target: ``x-origin-ru`` → ``x-origin`` for ru.

    Every per-target prop (see :func:`~aligntool.formats.tmx.writer.parse_language_prop`; ``languages`` are the
    unit's) loses its suffix for its own target and is left out for the others.
    """
    base = base_language(target)
    out: list[tuple[str, str]] = []
    for kind, value in props:
        parsed = parse_language_prop(kind, languages)
        if parsed is None:
            out.append((kind, value))
        elif parsed[1] == base:
            out.append((parsed[0], value))
    return out


def unit_identity(unit: TranslationUnit) -> bytes:
    """What makes two units duplicates: their texts in every language (base language, trimmed)."""
    digest = hashlib.blake2b(digest_size=16)
    for tag, text in sorted((base_language(t), v.strip()) for t, v in unit.variants.items()):
        digest.update(tag.encode() + b"\0" + text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.digest()


def dedupe_tmx(path: str | Path, output: str | Path, *, keep: str = "first") -> TmxWriter:
    """Drop units whose texts (all languages) equal an earlier unit's.

    ``keep="newest"`` keeps the unit with the latest ``changedate`` (else ``creationdate``) instead;
    it reads the file twice and holds only a 16-byte digest per distinct unit.
    """
    if keep not in ("first", "newest"):
        raise ConfigError(f"--keep must be 'first' or 'newest', not '{keep}'")
    winners: dict[bytes, tuple[datetime, int]] = {}
    if keep == "newest":
        for index, unit in enumerate(TmxReader(path)):
            date = unit.changedate or unit.creationdate or _EPOCH
            key = unit_identity(unit)
            if key not in winners or date > winners[key][0]:
                winners[key] = (date, index)
    seen: set[bytes] = set()
    header, units = _units_with_header(path)
    out_header = replace(header, creationdate=datetime.now(timezone.utc),
                         props=[*header.props, *Signature({"deduped-from": Path(path).name}).props()])
    with TmxWriter(output, out_header) as writer:
        for index, unit in enumerate(units):
            key = unit_identity(unit)
            if keep == "newest":
                if winners[key][1] != index:
                    continue
            elif key in seen:
                continue
            else:
                seen.add(key)
            writer.write(_fresh(unit))
    return writer


def split_tmx(path: str | Path, out_dir: str | Path) -> dict[str, TmxWriter]:
    """Split a multilingual TMX into one bilingual file per target language: ``<stem>.<src>-<tgt>.tmx``."""
    header, units = _units_with_header(path)
    srclang = header.srclang
    if not srclang or srclang == "*all*":
        raise ConfigError(f"{path}: the header's srclang is '{srclang or 'missing'}'; "
                          "splitting needs one source language")
    stem = Path(path).name.removesuffix(".tmx")
    writers: dict[str, TmxWriter] = {}
    with contextlib.ExitStack() as stack:
        for unit in units:
            source = _source_tag(unit, srclang)
            if source is None:
                continue
            for tag, text in unit.variants.items():
                if tag == source:
                    continue
                writer = writers.get(tag)
                if writer is None:
                    target = Path(out_dir) / f"{stem}.{base_language(srclang)}-{base_language(tag)}.tmx"
                    props = [*header.props, *Signature({"split-from": Path(path).name}).props()]
                    new_header = replace(header, props=props, creationdate=datetime.now(timezone.utc))
                    writer = stack.enter_context(TmxWriter(target, new_header))
                    writers[tag] = writer
                writer.write(replace(_fresh(unit), variants={source: unit.variants[source], tag: text},
                                     props=bilingual_props(unit.props, tag, unit.variants)))
    return writers
