"""The TM database file: one SQLite file, nothing to start.

Tables (schema version 1):

* ``tu`` — one row per translation unit: tuid, source language, dates, changeid, ``x-origin``, props and notes
  (JSON), the import it came from;
* ``tuv`` — one row per language variant: the tag as written (``en-US``), its base language (``en``), the
  code-free text, its inline codes (JSON, :mod:`aligntool.formats.tmdb.codes`), a 64-bit hash of its match key
  (indexed: exact lookup) and its word count;
* ``post`` / ``vocab`` — the inverted index for fuzzy and concordance lookup (:mod:`aligntool.formats.tmdb.index`):
  per base language and word, packed lists of unit ids and the number of units holding the word;
* ``imports`` — every file (or review save) that added units, with its SHA-256, so a file is imported once.

Writing happens in transactions (``BEGIN IMMEDIATE``): an import of one file is all or nothing, and a process
killed mid-import leaves the database as it was before that file (SQLite's write-ahead log). Any number of
readers work while one process writes; a second writer waits up to ``wait`` seconds, then is refused with
:class:`TmBusyError` and writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.defaults import DEFAULT_TM_WAIT_SECONDS
from aligntool.core.errors import AligntoolError, InputError
from aligntool.core.languages import base_language
from aligntool.formats.tmdb.index import IndexWriter
from aligntool.formats.tmdb.tokens import match_key, prepare
from aligntool.formats.tmx.writer import PROP_ORIGIN

SCHEMA_VERSION = 1
APPLICATION_ID = 0x616C544D  # "alTM"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: at most this many language variants per unit are kept (a TMX unit may hold any number)
MAX_VARIANTS = 64
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS imports(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT, units INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0, started TEXT NOT NULL, finished TEXT);
CREATE INDEX IF NOT EXISTS imports_sha ON imports(sha256);
CREATE TABLE IF NOT EXISTS tu(
    id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL, tuid TEXT, srclang TEXT, created INTEGER, changed INTEGER,
    changeid TEXT, origin TEXT, props TEXT, notes TEXT);
CREATE INDEX IF NOT EXISTS tu_import ON tu(import_id);
CREATE TABLE IF NOT EXISTS tuv(
    tu INTEGER NOT NULL, seq INTEGER NOT NULL, lang TEXT NOT NULL, base TEXT NOT NULL, text TEXT NOT NULL,
    codes TEXT, keyh INTEGER NOT NULL, ntok INTEGER NOT NULL, PRIMARY KEY(tu, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tuv_key ON tuv(base, keyh);
CREATE TABLE IF NOT EXISTS vocab(base TEXT NOT NULL, tok TEXT NOT NULL, df INTEGER NOT NULL,
    PRIMARY KEY(base, tok)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS post(base TEXT NOT NULL, tok TEXT NOT NULL, chunk INTEGER NOT NULL, ids BLOB NOT NULL,
    PRIMARY KEY(base, tok, chunk)) WITHOUT ROWID;
"""


class TmBusyError(AligntoolError):
    """Another process is writing to the TM database (one writer at a time)."""


class NotATmError(InputError):
    """The file is not a TM database aligntool can use."""


def key_hash(text: str) -> int:
    """The signed 64-bit hash of a text's match key (the exact-lookup index)."""
    return _hash(match_key(text))


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little",
                          signed=True)


def is_database(path: str | Path) -> bool:
    """Whether ``path`` is an SQLite file (by its first 16 bytes): how ``--tm`` tells a database from TMX."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _timestamp(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def from_timestamp(value: int | None) -> datetime | None:
    """A stored date back as an aware UTC datetime."""
    return datetime.fromtimestamp(value, timezone.utc) if value is not None else None


def unit_origin(props: Iterable[tuple[str, str]], target_lang: str | None = None) -> str:
    """The unit's ``x-origin`` for ``target_lang`` (``x-origin-ru`` first), else its plain ``x-origin``."""
    plain = ""
    wanted = f"{PROP_ORIGIN}-{base_language(target_lang)}" if target_lang else None
    for kind, value in props:
        if kind == wanted:
            return value
        if kind == PROP_ORIGIN and not plain:
            plain = value
    return plain


@dataclass
class ImportResult:
    """What one import transaction added."""

    name: str
    units: int = 0
    skipped: int = 0  # units with fewer than two non-empty languages (no use as a match)
    already: bool = False  # the same file (SHA-256) was imported before: nothing added
    languages: dict[str, int] = field(default_factory=dict)  # base language → variants added


class TmDatabase:
    """An open TM database: ``with TmDatabase(path, create=True) as db: …``.

    Connections are opened in autocommit mode; writes go through :meth:`writer`. One object may be shared by
    threads (the review server): calls are serialised by SQLite's own connection mutex.
    """

    def __init__(self, path: str | Path, *, create: bool = False, wait: float = DEFAULT_TM_WAIT_SECONDS) -> None:
        self.path = Path(path)
        self.wait = wait
        exists = self.path.exists()
        if not exists and not create:
            raise InputError(f"{self.path}: no such TM database; create one with 'aligntool tm import FILE.tmx "
                             f"--db {self.path}'")
        if exists and self.path.stat().st_size > 0 and not is_database(self.path):
            raise NotATmError(f"{self.path}: not a TM database (not an SQLite file); give the file "
                              "'aligntool tm import --db' created, or a TMX file to --tm")
        self.conn = sqlite3.connect(str(self.path), timeout=wait, isolation_level=None, check_same_thread=False)
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise NotATmError(f"{self.path}: cannot be used as a TM database ({exc})") from exc

    def _setup(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {int(self.wait * 1000)}")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        fresh = app == 0 and version == 0
        if fresh and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise NotATmError(f"{self.path}: an SQLite database of another program (or an empty one), not a TM "
                              "database")
        if not fresh and app != APPLICATION_ID:
            raise NotATmError(f"{self.path}: an SQLite database of another program, not a TM database")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]  # only a TM database of ours gets here
        if mode != "wal":
            with self._busy_message():
                conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if fresh:
            with self.writer():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("INSERT OR REPLACE INTO meta VALUES('created', ?)",
                             (datetime.now(timezone.utc).isoformat(timespec="seconds"),))
        elif version > SCHEMA_VERSION:
            raise NotATmError(f"{self.path}: written by a newer aligntool (TM schema {version}, this one reads "
                              f"{SCHEMA_VERSION}); upgrade aligntool")

    # -- transactions -----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _busy_message(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise TmBusyError(
                    f"{self.path}: another process is writing to this TM database (an import or a review save); "
                    f"waited {self.wait:g} s and wrote nothing. Run again when it has finished, or wait longer "
                    "with --wait SECONDS") from exc
            raise

    @contextlib.contextmanager
    def writer(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends normally, rolled back otherwise."""
        with self._busy_message():
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (the write-ahead log is checkpointed by SQLite when the last one closes)."""
        self.conn.close()

    def __enter__(self) -> TmDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding units -----------------------------------------------------------------------------------

    def imported(self, sha256: str) -> str | None:
        """When a file with this SHA-256 was imported (None: never)."""
        row = self.conn.execute("SELECT finished FROM imports WHERE sha256 = ? AND finished IS NOT NULL",
                                (sha256,)).fetchone()
        return row[0] if row else None

    def add(self, conn: sqlite3.Connection, name: str, units: Iterable[tuple[TranslationUnit, dict[str, str]]],
            sha256: str | None = None, srclang: Callable[[], str] | None = None, batch: int = 20000) -> ImportResult:
        """Add units inside an open :meth:`writer` transaction; ``units`` pairs a unit with the stored codes of
        its variants (language tag → JSON). Streams: at most ``batch`` units are held at a time."""
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        import_id = conn.execute("INSERT INTO imports(name, sha256, started) VALUES(?, ?, ?)",
                                 (name, sha256, started)).lastrowid
        result = ImportResult(name)
        next_id = conn.execute("SELECT coalesce(max(id), 0) FROM tu").fetchone()[0] + 1
        index = IndexWriter(conn)
        bases: dict[str, str] = {}
        tu_rows: list[tuple[object, ...]] = []
        tuv_rows: list[tuple[object, ...]] = []
        languages = result.languages
        for unit, codes in units:
            variants = [(lang, text) for lang, text in unit.variants.items() if text.strip()][:MAX_VARIANTS]
            if len({bases.get(lang) or bases.setdefault(lang, base_language(lang)) for lang, _ in variants}) < 2:
                result.skipped += 1
                continue
            tu_id = next_id
            next_id += 1
            props = unit.props
            source_tag = (srclang() if srclang else None) or variants[0][0]
            tu_rows.append((tu_id, import_id, unit.tuid, source_tag, _timestamp(unit.creationdate),
                            _timestamp(unit.changedate), unit.changeid, unit_origin(props) or None,
                            json.dumps(props, ensure_ascii=False) if props else None,
                            json.dumps(unit.notes, ensure_ascii=False) if unit.notes else None))
            for seq, (lang, text) in enumerate(variants):
                base = bases[lang]
                key, words, count = prepare(text)
                index.add(base, tu_id, words)
                tuv_rows.append((tu_id, seq, lang, base, text, codes.get(lang) if codes else None, _hash(key), count))
                languages[base] = languages.get(base, 0) + 1
            result.units += 1
            if len(tu_rows) >= batch:
                self._flush(conn, tu_rows, tuv_rows, index)
        self._flush(conn, tu_rows, tuv_rows, index)
        conn.execute("UPDATE imports SET units = ?, skipped = ?, finished = ? WHERE id = ?",
                     (result.units, result.skipped, datetime.now(timezone.utc).isoformat(timespec="seconds"),
                      import_id))
        return result

    @staticmethod
    def _flush(conn: sqlite3.Connection, tu_rows: list[tuple[object, ...]], tuv_rows: list[tuple[object, ...]],
               index: IndexWriter) -> None:
        conn.executemany("INSERT INTO tu VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tu_rows)
        conn.executemany("INSERT INTO tuv VALUES(?, ?, ?, ?, ?, ?, ?, ?)", tuv_rows)
        index.flush()
        tu_rows.clear()
        tuv_rows.clear()

    def remove_import(self, conn: sqlite3.Connection, name: str) -> int:
        """Delete the units every import called ``name`` added (inside a transaction); returns how many."""
        ids = [row[0] for row in conn.execute("SELECT id FROM imports WHERE name = ?", (name,))]
        removed = 0
        for import_id in ids:
            removed += self.delete_units(conn, "SELECT id FROM tu WHERE import_id = ?", (import_id,))
        conn.executemany("DELETE FROM imports WHERE id = ?", [(i,) for i in ids])
        return removed

    @staticmethod
    def delete_units(conn: sqlite3.Connection, id_query: str, params: tuple[object, ...] = ()) -> int:
        """Delete the units whose ids ``id_query`` selects (their index entries go stale and are skipped)."""
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS doomed(id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM doomed")
        conn.execute(f"INSERT INTO doomed {id_query}", params)
        count = conn.execute("SELECT count(*) FROM doomed").fetchone()[0]
        conn.execute("DELETE FROM tuv WHERE tu IN (SELECT id FROM doomed)")
        conn.execute("DELETE FROM tu WHERE id IN (SELECT id FROM doomed)")
        conn.execute("DELETE FROM doomed")
        return int(count)

    # -- facts ------------------------------------------------------------------------------------------

    def count(self) -> int:
        """Units in the database."""
        return int(self.conn.execute("SELECT count(*) FROM tu").fetchone()[0])

    def fingerprint(self) -> str:
        """A short identity of the content (units, last import): for the run signature, without hashing the file."""
        units = self.count()
        last = self.conn.execute("SELECT id, coalesce(sha256, name) FROM imports ORDER BY id DESC LIMIT 1").fetchone()
        digest = hashlib.sha256(f"{units}:{last}".encode()).hexdigest()[:16]
        return f"tmdb:{units}:{digest}"
