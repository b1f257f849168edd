"""SRX 2.0: read a rules file and segment with it the way OmegaT does, and export aligntool's rules.

Reading: ``read_srx(path)`` → :class:`SrxDocument`; :class:`SrxSegmenter` applies the rules of one
language.  The break positions follow OmegaT's ``Segmenter``: every rule's ``beforebreak`` is searched
through the paragraph, a position is a match where ``afterbreak`` matches from it, and the first rule
(in document order) that matches a position decides.  Java regular expressions are translated to the
``regex`` module (``\\p{Lu}``, bounded look-behind, possessive quantifiers, ``\\Q…\\E``, POSIX classes).

Export: ``export_srx(["en", "ru", "kk"])`` → SRX 2.0 text whose rules reproduce :mod:`.rules`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligntool.core.errors import ConfigError, InputError, ParseError
from aligntool.core.safexml import parse_safe
from aligntool.engines.segmentation.base import BaseSegmenter
from aligntool.engines.segmentation.javaregex import java_to_python

SRX_NAMESPACE = "http://www.lisa.org/srx20"


@dataclass(frozen=True)
class SrxRule:
    """One ``<rule>``: ``breaks`` is ``break="yes"``; patterns are Java regex text (None if absent)."""

    breaks: bool
    before: str | None
    after: str | None
    line: int | None = None


@dataclass(frozen=True)
class SrxDocument:
    """The parts of an SRX file that decide segments."""

    cascade: bool
    languagerules: dict[str, list[SrxRule]]
    maps: list[tuple[str, str]]  # (languagepattern, languagerulename) in document order
    path: str = "<srx>"
    map_lines: list[int | None] = field(default_factory=list)

    def rules_for(self, lang: str) -> list[SrxRule]:
        """The rules that apply to ``lang`` (all matching maps when cascading, else the first)."""
        regex = _regex_module()
        rules: list[SrxRule] = []
        for index, (pattern, name) in enumerate(self.maps):
            line = self.map_lines[index] if index < len(self.map_lines) else None
            try:
                compiled = regex.compile(java_to_python(pattern), regex.V1)
            except (regex.error, ValueError) as exc:
                raise ParseError(f"languagepattern {pattern!r} is not a valid regular expression ({exc})",
                                 self.path, line) from None
            if any(compiled.fullmatch(tag) for tag in _tags(lang)):
                if name not in self.languagerules:
                    raise ParseError(f"languagemap refers to languagerule {name!r}, which is not defined",
                                     self.path, line)
                rules.extend(self.languagerules[name])
                if not self.cascade:
                    break
        return rules


def _tags(lang: str) -> list[str]:
    tag = lang.replace("_", "-")
    return [tag, tag.upper(), tag.lower()]


def _regex_module() -> Any:
    import regex  # Java-like regular expressions (\p{Lu}, variable look-behind); imported on first use

    return regex


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_srx(data: bytes, path: str | Path = "<srx>") -> SrxDocument:
    """Parse SRX 1.0/2.0 bytes with the project's safe XML parser (no entities, DTDs or network)."""

    root = parse_safe(io.BytesIO(data), display_name=str(path)).getroot()
    if _local(root.tag) != "srx":
        raise ParseError(f"the root element is <{_local(root.tag)}>, expected <srx>: not an SRX file", path,
                         root.sourceline)
    cascade = True
    languagerules: dict[str, list[SrxRule]] = {}
    maps: list[tuple[str, str]] = []
    lines: list[int | None] = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "header":
            cascade = (element.get("cascade") or "yes").strip().lower() == "yes"
        elif name == "languagerule":
            rulename = element.get("languagerulename")
            if not rulename:
                raise ParseError("<languagerule> without languagerulename", path, element.sourceline)
            languagerules[rulename] = [_rule(child, path) for child in element if _local(child.tag) == "rule"]
        elif name == "languagemap":
            pattern, rulename = element.get("languagepattern"), element.get("languagerulename")
            if pattern is None or rulename is None:
                raise ParseError("<languagemap> needs languagepattern and languagerulename", path,
                                 element.sourceline)
            maps.append((pattern, rulename))
            lines.append(element.sourceline)
    if not maps:
        raise ParseError("no <languagemap> in <maprules>: no rules apply to any language", path)
    return SrxDocument(cascade, languagerules, maps, str(path), lines)


def _rule(element: Any, path: str | Path) -> SrxRule:
    before = after = None
    for child in element:
        if _local(child.tag) == "beforebreak":
            before = child.text or ""
        elif _local(child.tag) == "afterbreak":
            after = child.text or ""
    breaks = (element.get("break") or "yes").strip().lower() != "no"
    return SrxRule(breaks, before or None, after or None, element.sourceline)


def read_srx(path: str | Path) -> SrxDocument:
    """Read an SRX file; errors name the file and line."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such SRX file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_srx(data, path)


@dataclass(frozen=True)
class _Compiled:
    breaks: bool
    before: Any
    after: Any


class SrxSegmenter(BaseSegmenter):
    """Segments with the SRX rules for ``lang``, paragraph by paragraph, as OmegaT does."""

    def __init__(self, document: SrxDocument, lang: str = "en", newlines: str = "break") -> None:
        super().__init__(newlines)
        regex = _regex_module()
        self.lang = lang
        self._default_before = regex.compile(".", regex.DOTALL)
        rules = document.rules_for(lang)
        if not rules:
            raise ConfigError(f"{document.path}: no <languagemap> of this SRX file matches language '{lang}' "
                              "(add one, e.g. languagepattern=\".*\", or choose another --lang)")
        self.rules = [self._compile(rule, document.path) for rule in rules]

    @staticmethod
    def _compile(rule: SrxRule, path: str) -> _Compiled:
        regex = _regex_module()
        compiled = []
        for pattern in (rule.before, rule.after):
            if pattern is None:
                compiled.append(None)
                continue
            try:
                compiled.append(regex.compile(java_to_python(pattern), regex.V1 | regex.DOTALL))
            except (regex.error, ValueError) as exc:
                raise ParseError(f"cannot use the regular expression {pattern!r}: {exc}", path,
                                 rule.line) from None
        return _Compiled(rule.breaks, compiled[0], compiled[1])

    def _positions(self, text: str, rule: _Compiled) -> Iterator[int]:
        # OmegaT Segmenter.getBreaks: both patterns are searched (find) through the paragraph
        if rule.before is None and rule.after is None:
            return
        after_matches = rule.after.finditer(text) if rule.after is not None else None
        after_start = -1
        if after_matches is not None:
            first = next(after_matches, None)
            if first is None:
                return
            after_start = first.start()
        before = rule.before if rule.before is not None else self._default_before
        for match in before.finditer(text):
            end = match.end()
            if after_matches is None:
                yield end
                continue
            while after_start < end:
                following = next(after_matches, None)
                if following is None:
                    return
                after_start = following.start()
            if after_start == end:
                yield end

    def boundaries(self, text: str, start: int, end: int) -> Iterable[int]:
        paragraph = text[start:end]
        decided: dict[int, bool] = {}
        for rule in reversed(self.rules):  # later rules first, so earlier ones overwrite them
            for position in self._positions(paragraph, rule):
                decided[position] = rule.breaks
        return [start + position for position, breaks in decided.items() if breaks]


# ---- export ----------------------------------------------------------------------------------------
