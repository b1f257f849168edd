"""The source-of-truth glossary file: YAML read with line numbers, written and edited line by line.

The file is YAML (so every editor highlights it and other tools can read it) in one canonical layout
that aligntool writes itself: one block per entry, one line per term as a flow mapping. Reading uses
PyYAML's composer, which keeps the line of every node and never turns ``no`` or ``1.0`` into booleans
or numbers (we read scalars as text). Edits replace, insert or delete only the lines of one entry,
so a diff shows only the change.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligntool.core.atomic import atomic_output
from aligntool.core.errors import InputError, ParseError, first_line
from aligntool.core.safeio import read_utf8
from aligntool.formats.glossary.model import (
    CASE_RULES,
    ENTRY_TYPES,
    KINDS,
    STATUSES,
    Entry,
    Term,
    default_case,
    default_kind,
)

FORMAT_ID = "aligntool-glossary/1"
ENTRY_FIELDS = ("id", "type", "owner", "note", "source", "forms")
TERM_FIELDS = ("term", "status", "kind", "case", "fixed", "poss", "plural", "note", "source")
_LANG_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_YAML_SPECIAL = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|y|Y|n|N|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan|<<)$")
_PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@` ")


@dataclass
class Problem:
    """A problem found while reading or validating: ``file:line: message``."""

    line: int | None
    message: str
    severity: str = "error"  # error | warning

    def format(self, path: str) -> str:
        """``file:line: severity: message``."""
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Document:
    """A parsed glossary file: its entries, declared languages, and the text lines for editing."""

    path: str
    entries: list[Entry]
    languages: list[str]
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    language_line: int | None = None


# ---- reading ------------------------------------------------------------------------------------

def _scalar(node: Any, what: str, problems: list[Problem]) -> str:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    problems.append(Problem(node.start_mark.line + 1, f"{what} must be text, not a list or mapping"))
    return ""


def _flag(node: Any, what: str, problems: list[Problem]) -> bool:
    value = _scalar(node, what, problems).lower()
    if value in ("true", "yes"):
        return True
    if value in ("false", "no", ""):
        return False
    problems.append(Problem(node.start_mark.line + 1, f"{what} must be true or false, not '{value}'"))
    return False


def _parse_term(node: Any, lang: str, problems: list[Problem]) -> Term | None:
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value)
        return Term(text, lang, kind=default_kind(text), case=default_case(text), line=line)
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(line, f"a {lang} term must be text or {{term: …, status: …}}"))
        return None
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in TERM_FIELDS:
            problems.append(Problem(line, f"unknown term field '{key}' "
                                          f"(expected one of {', '.join(TERM_FIELDS)})"))
            continue
        values[key] = value_node
    if "term" not in values:
        problems.append(Problem(line, f"a {lang} term has no 'term:' text"))
        return None
    text = _scalar(values["term"], "term", problems)
    term = Term(text, lang, kind=default_kind(text), case=default_case(text), line=line)
    for name, allowed in (("status", STATUSES), ("kind", KINDS), ("case", CASE_RULES)):
        if name in values:
            value = _scalar(values[name], name, problems)
            if value not in allowed:
                problems.append(Problem(line, f"{name} '{value}' is not one of {', '.join(allowed)}"))
            else:
                setattr(term, name, value)
    term.fixed = _flag(values["fixed"], "fixed", problems) if "fixed" in values else False
    term.poss = _flag(values["poss"], "poss", problems) if "poss" in values else False
    term.plural = _flag(values["plural"], "plural", problems) if "plural" in values else False
    term.note = _scalar(values["note"], "note", problems) if "note" in values else ""
    term.source = _scalar(values["source"], "source", problems) if "source" in values else ""
    return term


def _parse_entry(node: Any, problems: list[Problem]) -> Entry | None:
    import yaml

    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(line, "each entry must be a mapping starting with '- id: …'"))
        return None
    entry = Entry(id="", line=line)
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_line = key_node.start_mark.line + 1
        if key in seen:
            problems.append(Problem(key_line, f"field '{key}' appears twice in one entry"))
        seen.add(key)
        if key in ("id", "type", "note", "source"):
            setattr(entry, key, _scalar(value_node, key, problems))
        elif key == "owner":
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            entry.owner = [_scalar(n, "owner", problems) for n in items]
        elif key == "forms":
            if not isinstance(value_node, yaml.MappingNode):
                problems.append(Problem(key_line, "forms must map a language to a list of forms"))
                continue
            for lang_node, forms_node in value_node.value:
                items = forms_node.value if isinstance(forms_node, yaml.SequenceNode) else [forms_node]
                entry.overrides[str(lang_node.value)] = [_scalar(n, "form", problems) for n in items]
        elif _LANG_KEY.match(key):
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for item in items:
                term = _parse_term(item, key, problems)
                if term is not None:
                    entry.terms.append(term)
        else:
            problems.append(Problem(key_line, f"unknown field '{key}' (expected {', '.join(ENTRY_FIELDS)} "
                                              "or a language code such as en, ru, kk)"))
    if not entry.id:
        problems.append(Problem(line, "entry has no 'id:'"))
    if entry.type not in ENTRY_TYPES:
        problems.append(Problem(line, f"type '{entry.type}' is not one of {', '.join(ENTRY_TYPES)}"))
    return entry


def parse_text(text: str, path: str) -> Document:
    """Parse glossary text; structural problems are collected in ``Document.problems``."""
    import yaml

    problems: list[Problem] = []
    try:
        # libyaml's loader (when PyYAML was built with it) is ~15x faster and keeps the same marks
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ParseError(f"not valid YAML: {exc.problem or exc.context}", path, line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: its line from the position
        raise ParseError(f"not valid YAML: {first_line(exc)}", path, text.count("\n", 0, exc.position) + 1) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"not valid YAML: {first_line(exc)}", path) from None
    doc = Document(path, [], [], text.splitlines(keepends=True), problems)
    if root is None:
        return doc
    if not isinstance(root, yaml.MappingNode):
        raise ParseError("a glossary file is a mapping with 'format:', 'languages:' and 'entries:'",
                         path, root.start_mark.line + 1)
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key == "format":
            if str(value_node.value) != FORMAT_ID:
                problems.append(Problem(line, f"format '{value_node.value}' is not {FORMAT_ID}"))
        elif key == "languages":
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            doc.languages = [str(n.value) for n in items]
            doc.language_line = line
        elif key == "entries":
            if not isinstance(value_node, yaml.SequenceNode):
                problems.append(Problem(line, "entries must be a list of '- id: …' blocks"))
                continue
            for item in value_node.value:
                entry = _parse_entry(item, problems)
                if entry is not None:
                    doc.entries.append(entry)
        else:
            problems.append(Problem(line, f"unknown top-level field '{key}' "
                                          "(expected format, languages, entries)"))
    _set_end_lines(doc)
    return doc


def _set_end_lines(doc: Document) -> None:
    """An entry ends at its last non-blank, non-comment line before the next entry."""
    starts = [e.line or 0 for e in doc.entries] + [len(doc.lines) + 1]
    for index, entry in enumerate(doc.entries):
        end = starts[index + 1] - 1
        while end > (entry.line or 0):
            stripped = doc.lines[end - 1].strip()
            if stripped and not stripped.startswith("#"):
                break
            end -= 1
        entry.end_line = end


def read_glossary_file(path: str | Path) -> Document:
    """Read a glossary file (UTF-8, BOM allowed; line ends kept so that edits write them back unchanged)."""
    return parse_text(read_utf8(path, "glossary"), str(path))


# ---- locking: one read-modify-write at a time per glossary file ----------------------------------------

LOCK_NOTICE_SECONDS = 1.0
_held: dict[str, int] = {}  # files this process has locked → nesting depth (edits call edits)
_held_guard = threading.Lock()


def _flock(path: Path, blocking: bool) -> int | None:
    """An fd of ``path`` holding an exclusive advisory lock, or None when another run holds it.

    The lock is on the glossary file itself: no lock file to leave behind, and the kernel drops it when the
    holder dies, so a crashed run never blocks the next. Because a write replaces the file (a new inode),
    a run that waited re-opens the path after getting the lock and retries if it locked the old file.
    """
    import fcntl

    while True:
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        if current is not None and (current.st_ino, current.st_dev) == (os.fstat(fd).st_ino, os.fstat(fd).st_dev):
            return fd
        os.close(fd)  # replaced while we waited: lock the new file


@contextlib.contextmanager
def locked(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on a glossary file across read, change and atomic replace.

    Other aligntool runs editing the same file wait (saying so on stderr after a second). Re-entrant
    within one process. A missing file is not locked (reading it reports the error).
    """
    path = Path(path)
    key = os.path.realpath(path)
    with _held_guard:
        depth = _held.get(key, 0)
        _held[key] = depth + 1
    fd: int | None = None
    try:
        if depth == 0 and os.name == "posix" and path.is_file():
            fd = _flock(path, blocking=False)
            if fd is None:
                deadline = time.monotonic() + LOCK_NOTICE_SECONDS
                while fd is None and time.monotonic() < deadline:
                    time.sleep(0.02)
                    fd = _flock(path, blocking=False)
                if fd is None:
                    print(f"aligntool: waiting for another run that is editing {path} …", file=sys.stderr,
                          flush=True)
                    fd = _flock(path, blocking=True)
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the lock
        with _held_guard:
            _held[key] -= 1
            if not _held[key]:
                del _held[key]


# ---- writing --------------------------------------------------------------------------------------

def quote(value: str) -> str:
    """A YAML scalar: plain when that is unambiguous, else double-quoted (JSON escaping is valid YAML)."""
    if (value and value[0] not in _PLAIN_UNSAFE_START and value == value.strip()
            and not _YAML_SPECIAL.match(value) and not re.search(r"[:#,\[\]{}\"\\]|\s#|:\s", value)
            and value.isprintable()):
        return value
    return json.dumps(value, ensure_ascii=False)


def format_term(term: Term) -> str:
    """One term as a flow mapping with only the non-default fields."""
    parts = [f"term: {quote(term.text)}"]
    if term.status != "preferred":
        parts.append(f"status: {term.status}")
    if term.kind != default_kind(term.text):
        parts.append(f"kind: {term.kind}")
    if term.case != default_case(term.text):
        parts.append(f"case: {term.case}")
    if term.fixed:
        parts.append("fixed: true")
    if term.poss:
        parts.append("poss: true")
    if term.plural:
        parts.append("plural: true")
    if term.note:
        parts.append(f"note: {quote(term.note)}")
    if term.source:
        parts.append(f"source: {quote(term.source)}")
    return "{" + ", ".join(parts) + "}"


def format_entry(entry: Entry) -> str:
    """The canonical text block of one entry (ends with a newline)."""
    lines = [f"- id: {quote(entry.id)}", f"  type: {entry.type}"]
    if entry.owner:
        lines.append(f"  owner: {quote(entry.owner[0])}" if len(entry.owner) == 1
                     else f"  owner: [{', '.join(quote(o) for o in entry.owner)}]")
    for lang in entry.languages:
        lines.append(f"  {lang}:")
        lines.extend(f"    - {format_term(t)}" for t in entry.terms if t.lang == lang)
    if entry.overrides:
        lines.append("  forms:")
        for lang, forms in entry.overrides.items():
            lines.append(f"    {lang}: [{', '.join(quote(f) for f in forms)}]")
    if entry.note:
        lines.append(f"  note: {quote(entry.note)}")
    if entry.source:
        lines.append(f"  source: {quote(entry.source)}")
    return "\n".join(lines) + "\n"


def format_document(entries: list[Entry], languages: list[str], header: str = "") -> str:
    """A whole glossary file in the canonical layout."""
    out = [header] if header else []
    out.append(f"format: {FORMAT_ID}\nlanguages: [{', '.join(languages)}]\n\nentries:\n")
    for entry in entries:
        out.append("\n" + format_entry(entry))
    return "".join(out)


def _write_lines(path: str, lines: list[str]) -> None:
    with atomic_output(path, "w", encoding="utf-8") as handle:
        handle.write("".join(lines))


def _find(doc: Document, entry_id: str) -> Entry:
    for entry in doc.entries:
        if entry.id == entry_id:
            return entry
    raise InputError(f"{doc.path}: no entry with id '{entry_id}' (see `aligntool glossary list`)")


def replace_entry(doc: Document, entry: Entry, old_id: str | None = None) -> None:
    """Rewrite only the lines of the entry ``old_id`` (default: ``entry.id``) with ``entry``."""
    old = _find(doc, old_id or entry.id)
    start, end = (old.line or 1) - 1, old.end_line or old.line or 1
    lines = doc.lines[:start] + format_entry(entry).splitlines(keepends=True) + doc.lines[end:]
    _write_lines(doc.path, lines)


def insert_entry(doc: Document, entry: Entry, after: str | None = None) -> None:
    """Insert a new entry after ``after`` (an id) or at the end of the file."""
    if any(e.id == entry.id for e in doc.entries):
        raise InputError(f"{doc.path}: an entry with id '{entry.id}' already exists; use `edit`")
    block = ["\n", *format_entry(entry).splitlines(keepends=True)]
    lines = list(doc.lines)
    if after is not None:
        position = _find(doc, after).end_line or len(lines)
    else:
        position = len(lines)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
    if not doc.entries and not any(line.startswith("entries:") for line in lines):
        block.insert(0, "entries:\n")
    lines[position:position] = block
    _write_lines(doc.path, lines)


def delete_entry(doc: Document, entry_id: str) -> None:
    """Remove the lines of one entry (and one blank line before it)."""
    entry = _find(doc, entry_id)
    start, end = (entry.line or 1) - 1, entry.end_line or entry.line or 1
    if start > 0 and not doc.lines[start - 1].strip():
        start -= 1
    _write_lines(doc.path, doc.lines[:start] + doc.lines[end:])
