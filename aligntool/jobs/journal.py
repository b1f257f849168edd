"""The resume journal: finished translations kept in SQLite as they complete, so a rerun after a crash,
a kill or a reboot decodes only what is missing.

A record is keyed by a *context* (everything that decides a translation apart from the sentence: model
and revision, engine and precision, decoding options, target language token, and the sentence's glossary
constraints) and the source sentence. The journal lives beside the outputs (``OUT/.aligntool-journal.sqlite``)
and is kept after a successful run, so a rerun after a small glossary change re-decodes only the sentences
whose constraints changed. Writes are committed in small groups (WAL mode), so a SIGKILL loses at most
the group being decoded; SQLite keeps the file consistent across crashes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from aligntool.core.errors import AligntoolWarning, InputError
from aligntool.engines.translation.engine import Translations
from aligntool.version import __version__

JOURNAL_NAME = ".aligntool-journal.sqlite"
SCHEMA_VERSION = 1
_LOOKUP_BATCH = 500  # sentences per SELECT (SQLite limits bound parameters)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS translations (
    context TEXT NOT NULL,
    source TEXT NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (context, source)
) WITHOUT ROWID;
"""


def context_key(*parts: Any) -> str:
    """A short stable key for everything (besides the sentence) that decides a translation."""
    text = json.dumps([str(p) if not isinstance(p, (int, float, bool, type(None))) else p for p in parts],
                      ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class JournalWarning(AligntoolWarning):
    """Damaged rows in a resume journal (they are translated again)."""


#: The fields of a journaled result and the types each may have (``text`` is required).
_RESULT_TYPES: dict[str, tuple[type, ...]] = {"text": (str,), "engines": (str,), "constrained": (bool,),
                                              "unconstrained": (str, type(None)), "capped": (bool,)}


def decode_result(stored: object) -> tuple[bool, Any]:
    """``(True, value)`` for a stored JSON value, ``(False, None)`` when the row is damaged (not text, not JSON)."""
    if not isinstance(stored, (str, bytes)):
        return False, None
    try:
        return True, json.loads(stored)
    except (ValueError, RecursionError):
        return False, None


def is_translation_record(value: object) -> bool:
    """Whether a journaled value is a translator's record: an object with ``text`` and known fields only."""
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return False
    return all(name in _RESULT_TYPES and isinstance(item, _RESULT_TYPES[name]) for name, item in value.items())


class Journal:
    """An SQLite table of (context, source sentence) → translation result (a JSON value)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.damaged = 0  # rows found unusable (and translated again) by lookup
        self._warned = False
        if self.path.is_dir():
            raise InputError(f"{self.path}: is a directory, not a resume journal; remove it, or use --no-resume")
        try:
            self._open()
        except sqlite3.OperationalError as exc:
            raise _os_error(exc, self.path) from exc
        except sqlite3.DatabaseError as exc:  # not an SQLite file (damaged, or something else by that name)
            raise InputError(f"{self.path}: not a usable resume journal ({exc}); delete it, or use "
                             "--no-resume") from exc

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        # WAL: a commit is an append, readers never block the writer; NORMAL sync is crash-safe in WAL mode
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif row[0] != str(SCHEMA_VERSION):  # written by another aligntool version: start afresh
            self._db.execute("DELETE FROM translations")
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))

    @classmethod
    def beside(cls, out_dir: str | Path) -> Journal:
        """The journal of an output directory."""
        return cls(Path(out_dir) / JOURNAL_NAME)

    def lookup(self, context: str, sources: Iterable[str],
               check: Callable[[Any], bool] | None = None) -> dict[str, Any]:
        """The recorded results among ``sources`` for ``context``: source → result. A damaged row (not JSON, or
        a value ``check`` refuses) is left out, so that its sentence is done again, and counted in
        ``damaged``; the first one found is told once as a :class:`JournalWarning`."""
        found: dict[str, Any] = {}
        unique = list(dict.fromkeys(sources))
        for start in range(0, len(unique), _LOOKUP_BATCH):
            group = unique[start:start + _LOOKUP_BATCH]
            marks = ",".join("?" * len(group))
            rows = self._db.execute(
                f"SELECT source, result FROM translations WHERE context = ? AND source IN ({marks})",
                (context, *group))
            for source, result in rows:
                usable, value = decode_result(result)
                if not usable or (check is not None and not check(value)):  # edited, truncated, another program's
                    self.damaged += 1
                    continue
                found[source] = value
        if self.damaged and not self._warned:
            self._warned = True
            warnings.warn(f"{self.path}: {self.damaged} damaged row(s) ignored; those sentences are translated "
                          "again", JournalWarning, stacklevel=2)
        return found

    def record(self, context: str, results: Iterable[tuple[str, Any]]) -> None:
        """Store finished results (one transaction: all of them or, after a crash, none)."""
        self.record_rows((context, source, result) for source, result in results)

    def record_rows(self, records: Iterable[tuple[str, str, Any]]) -> None:
        """Store (context, source, result) rows in one transaction."""
        rows = [(context, source, json.dumps(result, ensure_ascii=False)) for context, source, result in records]
        if not rows:
            return
        try:
            with self._transaction():
                self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?)", rows)
        except sqlite3.OperationalError as exc:
            raise _os_error(exc, self.path) from exc

    def count(self) -> int:
        """Number of recorded translations (all contexts)."""
        return int(self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        """Close the database (WAL contents are folded into the main file)."""
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self) -> Any:
        import contextlib

        @contextlib.contextmanager
        def transaction() -> Iterator[None]:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

        return transaction()


def recorded(path: str | Path) -> int:
    """How many translations a journal file holds, read without writing (0 when absent or busy)."""
    import contextlib

    if not Path(path).exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True, timeout=1)) as db:
            return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
    except sqlite3.Error:
        return 0


def _os_error(exc: sqlite3.Error, path: Path) -> OSError:
    """SQLite's own errors as the OSError the CLI maps to one line (a full disk must not be a traceback)."""
    import errno

    text = str(exc).lower()
    code = (errno.ENOSPC if "full" in text else errno.EROFS if "readonly" in text or "read-only" in text
            else errno.EACCES if "unable to open" in text or "permission" in text else errno.EIO)
    return OSError(code, str(exc), str(path))


def groups_by_length(sentences: Sequence[str], indices: Sequence[int], size: int) -> list[list[int]]:
    """``indices`` in groups of about ``size`` sentences of similar length (longest first), so that each
    group decodes as efficiently as the whole would (the engine batches by length anyway)."""
    ordered = sorted(indices, key=lambda i: len(sentences[i]), reverse=True)
    return [ordered[start:start + size] for start in range(0, len(ordered), size)]


# ---- the hook between the pipeline and a translator ---------------------------------------------------------

_notes: list[tuple[Path, int]] = []  # journals this process wrote to, and how many results each got


def interrupted_note() -> str:
    """For the line an interrupted run prints: where its finished translations are kept."""
    kept = [(path, count) for path, count in _notes if count]
    if not kept:
        return ""
    where = ", ".join(f"{count} translation(s) kept in {path}" for path, count in kept)
    return f"; {where}; run the same command again to resume"


def reset_notes() -> None:
    """Forget the journals of an earlier command (the CLI calls this when a command starts)."""
    _notes.clear()


class JournaledTranslator:
    """A translator whose finished sentences are journaled and, on a rerun, taken from the journal.

    It sits where the pipeline sends sentences to the translator: ``translate(sentences, constraints,
    progress)`` looks every sentence up (context + its constraints), decodes only the missing ones in
    groups of similar length (about one engine batch each, committed as each finishes) and returns the
    same :class:`~aligntool.engines.translation.engine.Translations` an uninterrupted run would. Everything else is
    the wrapped translator's.
    """

    def __init__(self, translator: Any, journal: Journal, resume: bool = True, group_size: int = 0) -> None:
        self.translator = translator
        self.journal = journal
        self.resume = resume
        options = getattr(translator, "options", None)
        # about one engine batch per group (a sentence is ~30 tokens): batching stays as efficient as without
        # the journal, and a kill loses at most the group being decoded
        per_batch = int(getattr(options, "batch_tokens", 0) or 4096) // 30
        self.group_size = group_size or max(8, min(int(getattr(options, "max_batch_size", 0) or 64), per_batch))
        self.context = context_key(
            "aligntool", _version(), translator.model_identity, translator.engine_identity,
            getattr(translator, "repair_identity", None), getattr(translator.loaded, "target_token", None),
            translator.num_beams, getattr(options, "max_length", None), getattr(options, "compute_type", None))
        self.resumed = 0
        _notes.append((journal.path, 0))
        self._note = len(_notes) - 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self.translator, name)

    def _key(self, constraints: Any) -> str:
        if not constraints:
            return self.context
        return context_key(self.context, [repr(c) for c in constraints])

    def translate(self, sentences: Sequence[str], constraints: Any = None, progress: Any = None) -> Any:
        """Translate ``sentences`` (see ``Translator.translate``), reusing journaled results."""
        keys = [self._key(constraints[i] if constraints is not None else None) for i in range(len(sentences))]
        results: list[dict[str, Any] | None] = [None] * len(sentences)
        if self.resume:
            by_key: dict[str, list[int]] = {}
            for index, key in enumerate(keys):
                by_key.setdefault(key, []).append(index)
            for key, indices in by_key.items():
                found = self.journal.lookup(key, [sentences[i] for i in indices], is_translation_record)
                for i in indices:
                    results[i] = found.get(sentences[i])
        missing = [i for i, r in enumerate(results) if r is None]
        hits = len(sentences) - len(missing)
        self.resumed += hits
        if hits and progress:
            progress(hits)
        for group in self._groups(sentences, missing):
            texts = [sentences[i] for i in group]
            if constraints is None:
                out = self.translator.translate(texts, progress=progress)
            else:
                out = self.translator.translate(texts, [constraints[i] for i in group], progress=progress)
            records = []
            for j, i in enumerate(group):
                results[i] = {"text": out[j], **{name: values[j] for name in _DETAILS
                                                 if (values := getattr(out, name, None)) is not None}}
                records.append((keys[i], sentences[i], results[i]))
            self._record(records)
        return _translations([r or {"text": ""} for r in results])

    def _groups(self, sentences: Sequence[str], indices: list[int]) -> list[list[int]]:
        """The engine's own batches (``Translator.batch_plan``): decoding them one by one costs what one call
        would, and each finished batch is committed."""
        plan = getattr(self.translator, "batch_plan", None)
        if plan is None:
            return groups_by_length(sentences, indices, self.group_size)
        return [[indices[j] for j in batch] for batch in plan([sentences[i] for i in indices])]

    def _record(self, records: list[tuple[str, str, dict[str, Any]]]) -> None:
        self.journal.record_rows(records)
        path, count = _notes[self._note]
        _notes[self._note] = (path, count + len(records))


_DETAILS = ("engines", "constrained", "unconstrained", "capped")  # per-sentence facts a Translations result carries


def _translations(results: list[dict[str, Any]]) -> Translations:
    """The translator's own result type, rebuilt from journaled records."""
    return Translations([r["text"] for r in results], [r.get("engines", "") for r in results],
                        [bool(r.get("constrained")) for r in results], [r.get("unconstrained") for r in results],
                        [bool(r.get("capped")) for r in results])


def _version() -> str:

    return __version__
