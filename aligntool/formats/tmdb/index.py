"""The inverted index behind fuzzy and concordance lookup: per base language and word, the units holding it.

Postings are packed arrays of 32-bit unit ids, written in chunks (one row per word per flush of an import),
so an import appends and never rewrites; ``vocab`` keeps each word's document frequency, which the candidate
search uses to probe the rarest words of a query first. Units deleted later (dedupe, a review save replacing
its rows) leave stale ids behind; readers skip ids whose unit is gone.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable

import numpy as np

_MAX_ID = (1 << 32) - 1


class IndexWriter:
    """Collects postings in memory during an import and appends them to the database on :meth:`flush`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._postings: dict[str, dict[str, array[int]]] = {}
        self._chunk = int(conn.execute("SELECT coalesce(max(chunk), 0) FROM post").fetchone()[0])

    def add(self, base: str, unit_id: int, words: Iterable[str]) -> None:
        """Index one variant's distinct words (:func:`aligntool.formats.tmdb.tokens.prepare`)."""
        if unit_id > _MAX_ID:
            raise OverflowError("the TM index holds at most 2^32 - 1 units")
        postings = self._postings.get(base)
        if postings is None:
            postings = self._postings[base] = {}
        for word in words:
            ids = postings.get(word)
            if ids is None:
                postings[word] = array("I", (unit_id,))
            else:
                ids.append(unit_id)

    def flush(self) -> None:
        """Write the collected postings as one new chunk, and add their counts to ``vocab``."""
        if not self._postings:
            return
        self._chunk += 1
        chunk = self._chunk
        for base, postings in self._postings.items():
            self.conn.executemany("INSERT INTO post VALUES(?, ?, ?, ?)",
                                  ((base, word, chunk, ids.tobytes()) for word, ids in postings.items()))
            self.conn.executemany(
                "INSERT INTO vocab VALUES(?, ?, ?) ON CONFLICT(base, tok) DO UPDATE SET df = df + excluded.df",
                ((base, word, len(ids)) for word, ids in postings.items()))
        self._postings = {}


def frequencies(conn: sqlite3.Connection, base: str, words: Iterable[str]) -> dict[str, int]:
    """How many units hold each word in language ``base`` (absent words are left out)."""
    wanted = sorted(set(words))
    if not wanted:
        return {}
    placeholders = ",".join("?" * len(wanted))
    rows = conn.execute(f"SELECT tok, df FROM vocab WHERE base = ? AND tok IN ({placeholders})", (base, *wanted))
    return {tok: int(df) for tok, df in rows}


def postings(conn: sqlite3.Connection, base: str, word: str) -> np.ndarray:
    """The ids of the units whose ``base`` variant holds ``word`` (ascending, possibly with stale ids)."""
    blobs = [row[0] for row in conn.execute("SELECT ids FROM post WHERE base = ? AND tok = ? ORDER BY chunk",
                                            (base, word))]
    if not blobs:
        return np.empty(0, dtype=np.uint32)
    if len(blobs) == 1:
        return np.frombuffer(blobs[0], dtype=np.uint32)
    return np.frombuffer(b"".join(blobs), dtype=np.uint32)


def languages(conn: sqlite3.Connection) -> list[str]:
    """The base languages the index holds."""
    found: list[str] = []
    row = conn.execute("SELECT min(base) FROM vocab").fetchone()
    while row is not None and row[0] is not None:  # one index seek per language, not a scan
        found.append(row[0])
        row = conn.execute("SELECT min(base) FROM vocab WHERE base > ?", (row[0],)).fetchone()
    return found
