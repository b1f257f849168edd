"""Exact, fuzzy and concordance lookup in a TM database.

Fuzzy candidates come from the inverted index, probed rarest word first (a prefix filter). A stored source can
reach ``minimum`` % only if its word edit distance to the query is at most ``D`` (:func:`~aligntool.formats.tmdb.score.
max_distance`), so it shares at least ``n − D`` of the query's ``n`` word positions: any ``D + 1`` positions
contain one of its words. The search therefore fetches the postings of the rarest query words until they cover
``D + 1`` positions (words absent from the TM count as positions no candidate can match), ranks the units found
by how many query positions they can match, and scores them best-first until the best possible score of the
next one falls below the k-th score found (or below ``minimum``). Up to ``verify_limit`` candidates are
scored; the result is exact unless that limit is reached, or the query has too few distinct words besides
numbers to cover ``D + 1`` positions (then the units sharing any word with it are searched).
"""

from __future__ import annotations

import heapq
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from aligntool.core.defaults import DEFAULT_TM_MIN_SCORE
from aligntool.core.inline import CodeAt, CodedText
from aligntool.core.languages import base_language
from aligntool.formats.tmdb.codes import codes_from_json, tag_sequence
from aligntool.formats.tmdb.index import frequencies, languages, postings
from aligntool.formats.tmdb.placeables import carry_numbers
from aligntool.formats.tmdb.score import Score, fuzzy_score, length_range, max_distance
from aligntool.formats.tmdb.store import TmDatabase, from_timestamp, key_hash, unit_origin
from aligntool.formats.tmdb.tokens import NUMBER_SLOT, index_words, match_key, tokenize
from aligntool.formats.tmx.inline import seg_markup, x_numbers

#: preference among matches of the same score: a person's work first, machine output last
ORIGIN_RANK = {"reviewed": 0, "tm": 1, "aligned": 2, "": 3, "mt": 4}
VERIFY_BATCH = 64


@dataclass(frozen=True)
class Match:
    """One TM match for a query: the stored unit's source and target, and how well it matches."""

    unit: int
    score: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str = ""  # the unit's x-origin for the target language (reviewed, aligned, tm, mt, or '')
    changed: datetime | None = None  # changedate, else creationdate
    changeid: str | None = None
    tuid: str | None = None
    name: str = ""  # the file (or review) it was imported from
    detail: Score | None = None
    adjusted: str = ""  # the target with the query's numbers carried in (placeables); '' if none were
    carried: int = 0
    source_codes: tuple[CodeAt, ...] = ()  # inline codes of the stored source, at offsets of ``source``
    target_codes: tuple[CodeAt, ...] = ()  # inline codes of the stored target, at offsets of ``target``

    @property
    def suggestion(self) -> str:
        """The text to offer: the target with carried numbers."""
        return self.adjusted or self.target

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = {
            "score": self.score, "source": self.source, "target": self.target, "source_lang": self.source_lang,
            "target_lang": self.target_lang, "origin": self.origin, "tuid": self.tuid, "imported_from": self.name,
            "changed": self.changed.isoformat() if self.changed else None, "changeid": self.changeid,
        }
        if self.adjusted:
            out["suggestion"] = self.adjusted
            out["numbers_carried"] = self.carried
        if self.source_codes or self.target_codes:  # the segments with their codes, as TMX level 2 writes them
            numbers = x_numbers(self.source_codes)
            out["source_seg"] = seg_markup(CodedText(self.source, self.source_codes), numbers)
            out["target_seg"] = seg_markup(CodedText(self.target, self.target_codes), numbers)
        if self.detail is not None:
            out["detail"] = {"base": round(self.detail.base, 2), "word_edits": self.detail.words,
                             "numbers": self.detail.numbers, "punctuation": self.detail.punctuation,
                             "tags": self.detail.tags, "case": self.detail.case}
        return out


def _preference(match: Match) -> tuple[float, int, float, int]:
    stamp = match.changed.timestamp() if match.changed else 0.0
    return (-match.score, ORIGIN_RANK.get(match.origin, 3), -stamp, match.unit)


def _ids_json(ids: list[int]) -> str:
    return json.dumps(ids)


def _targets(conn: sqlite3.Connection, ids: list[int], target: str) -> dict[int, tuple[str, str, str | None]]:
    """``unit → (language tag, text, codes)`` of each unit's first variant in base language ``target``."""
    out: dict[int, tuple[str, str, str | None]] = {}
    rows = conn.execute("SELECT tu, lang, text, codes FROM tuv WHERE tu IN (SELECT value FROM json_each(?)) "
                        "AND +base = ? ORDER BY tu, seq", (_ids_json(ids), target))
    for tu, lang, text, codes in rows:
        out.setdefault(tu, (lang, text, codes))
    return out


def _build(conn: sqlite3.Connection, found: list[tuple[int, str, str, Score | None, str | None]], target: str,
           query: str | None = None) -> list[Match]:
    """Matches for ``(unit, source lang, source text, score, source codes)`` rows that have a ``target`` text."""
    if not found:
        return []
    ids = [row[0] for row in found]
    targets = _targets(conn, ids, target)
    meta = {row[0]: row[1:] for row in conn.execute(
        "SELECT tu.id, tuid, created, changed, changeid, props, imports.name FROM tu "
        "JOIN imports ON imports.id = tu.import_id WHERE tu.id IN (SELECT value FROM json_each(?))",
        (_ids_json(ids),))}
    matches = []
    for unit, lang, text, detail, src_codes in found:
        if unit not in targets or unit not in meta:
            continue
        tgt_lang, tgt_text, tgt_codes = targets[unit]
        tuid, created, changed, changeid, props, name = meta[unit]
        origin = unit_origin(json.loads(props) if props else [], tgt_lang)
        adjusted, carried = "", 0
        if query is not None and detail is not None and detail.numbers:
            adjusted, carried = carry_numbers(query, text, tgt_text)
        matches.append(Match(unit, detail.percent if detail else 100, text, tgt_text, lang, tgt_lang, origin,
                             from_timestamp(changed if changed is not None else created), changeid, tuid, name,
                             detail, adjusted, carried, codes_from_json(src_codes), codes_from_json(tgt_codes)))
    return matches


def exact(db: TmDatabase, text: str, source_lang: str, target_lang: str,
          codes: tuple[CodeAt, ...] | None = None) -> list[Match]:
    """Units whose source has the same match key as ``text`` and a target in ``target_lang``, best first
    (reviewed before aligned before machine translation, then newest).

    ``codes``: the query's inline codes; a unit whose source has other codes (type, number or place) scores
    below 100 by the tag penalty (:mod:`aligntool.formats.tmdb.score`), so the one with the same codes comes
    first. None: codes are not compared (every match scores 100).
    """
    source, target = base_language(source_lang), base_language(target_lang)
    key = match_key(text)
    rows = db.conn.execute("SELECT tu, lang, text, codes FROM tuv WHERE base = ? AND keyh = ?",
                           (source, key_hash(text))).fetchall()
    seen: set[int] = set()
    found: list[tuple[int, str, str, Score | None, str | None]] = []
    query_tags = tag_sequence(codes, text) if codes is not None else None
    tokens = tokenize(text) if codes is not None else None
    for unit, lang, stored, stored_codes in rows:
        if unit not in seen and match_key(stored) == key:
            seen.add(unit)
            detail = None
            if query_tags is not None and tokens is not None:
                stored_tags = tag_sequence(codes_from_json(stored_codes), stored)
                if stored_tags != query_tags:
                    detail = fuzzy_score(tokens, tokenize(stored), True, query_tags, stored_tags)
            found.append((unit, lang, stored, detail, stored_codes))
    return sorted(_build(db.conn, found, target), key=_preference)


def fuzzy(db: TmDatabase, text: str, source_lang: str, target_lang: str, *, minimum: float = DEFAULT_TM_MIN_SCORE,
          top: int = 5, codes: tuple[CodeAt, ...] | None = None, verify_limit: int = 2000,
          probe_limit: int = 200_000) -> list[Match]:
    """The ``top`` best matches scoring at least ``minimum`` (exact ones included), best first.

    ``codes``: the query's inline codes, for the tag penalty (None: not compared). ``probe_limit``: how many
    posting entries may be read beyond those the completeness bound needs.
    """
    source, target = base_language(source_lang), base_language(target_lang)
    conn = db.conn
    query = tokenize(text)
    n = len(query.words)
    if n == 0:
        return exact(db, text, source_lang, target_lang, codes)
    low, high = length_range(n, minimum)
    budget = max_distance(n, minimum)
    counts: dict[str, int] = {}
    for word in query.words:
        if word != NUMBER_SLOT:
            counts[word] = counts.get(word, 0) + 1
    df = frequencies(conn, source, counts)
    absent = sum(c for w, c in counts.items() if w not in df)
    if absent > budget:
        return []
    # probe the rarest words until they cover budget - absent + 1 positions; then, while postings stay cheap,
    # more words: each one probed tightens the bound that stops the scoring early
    needed = budget - absent + 1
    probe: list[str] = []
    covered = 0
    read = 0
    for word in sorted(df, key=lambda w: (df[w], w)):
        if covered >= needed and read + df[word] > probe_limit:
            break
        probe.append(word)
        covered += counts[word]
        read += df[word]
    rest = n - absent - covered  # positions (numbers included) that may match without being probed
    id_parts, weight_parts = [], []
    for word in probe:
        ids = postings(conn, source, word)
        id_parts.append(ids)
        weight_parts.append(np.full(len(ids), counts[word], dtype=np.int32))
    if not id_parts:
        return []
    all_ids = np.concatenate(id_parts)
    unique, inverse = np.unique(all_ids, return_inverse=True)
    hits = np.bincount(inverse, weights=np.concatenate(weight_parts)).astype(np.int64)
    order = np.argsort(-hits, kind="stable")
    query_key = match_key(text)
    query_tags = tag_sequence(codes, text) if codes is not None else None
    best: list[tuple[float, int, tuple[int, str, str, Score, str | None]]] = []  # min-heap of (value, -unit, row)
    verified = 0
    position = 0
    while position < len(order) and verified < verify_limit:
        batch = order[position:position + VERIFY_BATCH]
        position += len(batch)
        bound = 100.0 * (float(hits[batch[0]]) + rest) / n
        floor = max(minimum, heapq.nlargest(top, best)[-1][0]) if len(best) >= top else minimum
        if bound < floor:
            break
        ids = [int(unique[i]) for i in batch]
        rows = conn.execute(
            "SELECT s.tu, s.lang, s.text, s.codes FROM tuv s WHERE s.tu IN (SELECT value FROM json_each(?)) "
            "AND +s.base = ? AND s.ntok BETWEEN ? AND ? AND EXISTS "
            "(SELECT 1 FROM tuv t WHERE t.tu = s.tu AND +t.base = ?) ORDER BY s.tu, s.seq",
            (_ids_json(ids), source, low, high, target)).fetchall()
        verified += len(batch)
        seen: set[int] = set()
        for unit, lang, stored, stored_codes in rows:
            if unit in seen:
                continue
            seen.add(unit)
            candidate_tags = tag_sequence(codes_from_json(stored_codes), stored) if query_tags is not None else None
            score = fuzzy_score(query, tokenize(stored), match_key(stored) == query_key, query_tags, candidate_tags)
            if score.percent < minimum:
                continue
            entry = (score.value, -unit, (unit, lang, stored, score, stored_codes))
            if len(best) < top * 4:  # room for ties and units without a usable target
                heapq.heappush(best, entry)
            elif entry > best[0]:
                heapq.heapreplace(best, entry)
    found = [row for _value, _unit, row in sorted(best, reverse=True)]
    matches = sorted(_build(conn, found, target, text), key=_preference)
    unique_matches: list[Match] = []
    pairs: set[tuple[str, str]] = set()
    for match in matches:  # the same source and target from several units: shown once (as OmegaT does)
        pair = (match_key(match.source), match_key(match.target))
        if pair not in pairs:
            pairs.add(pair)
            unique_matches.append(match)
    return unique_matches[:top]


_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def concordance(db: TmDatabase, phrase: str, lang: str | None = None, *, limit: int = 20,
                scan_limit: int = 200_000) -> list[dict[str, Any]]:
    """Units whose text in ``lang`` (any language when None) contains ``phrase`` (case-insensitive, whitespace
    folded), newest first: ``{unit, lang, variants: {tag: text}, origin, changed, imported_from}``."""
    conn = db.conn
    wanted = _fold(phrase)
    if not wanted:
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(wanted) + r"(?!\w)")  # whole words: "word2" is not in "word27"
    words, _count = index_words(phrase)
    bases = [base_language(lang)] if lang else languages(conn)
    hits: list[tuple[int, str]] = []
    for base in bases:
        if words:
            df = frequencies(conn, base, words)
            if len(df) < len(words):
                continue  # a word no unit holds in this language
            ids: np.ndarray | None = None
            for word in sorted(words, key=lambda w: df[w]):
                found = postings(conn, base, word)
                ids = np.unique(found) if ids is None else np.intersect1d(ids, found, assume_unique=False)
                if len(ids) == 0:
                    break
            candidates = [int(i) for i in (ids[::-1] if ids is not None else [])]
        else:  # only numbers or punctuation: no index word to probe; scan (bounded)
            candidates = [row[0] for row in conn.execute(
                "SELECT tu FROM tuv WHERE base = ? AND instr(text, ?) > 0 ORDER BY tu DESC LIMIT ?",
                (base, phrase.strip(), scan_limit))]
        for start in range(0, len(candidates), 500):
            chunk = candidates[start:start + 500]
            rows = conn.execute("SELECT tu, text FROM tuv WHERE tu IN (SELECT value FROM json_each(?)) AND +base = ?",
                                (_ids_json(chunk), base)).fetchall()
            matched = {unit for unit, text in rows if pattern.search(_fold(text))}
            hits.extend((unit, base) for unit in chunk if unit in matched)
            if len(hits) >= limit * len(bases):
                break
    hits.sort(key=lambda h: -h[0])
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for unit, base in hits:
        if unit in seen:
            continue
        seen.add(unit)
        out.append(_unit_record(conn, unit, base))
        if len(out) >= limit:
            break
    return out


def _unit_record(conn: sqlite3.Connection, unit: int, base: str) -> dict[str, Any]:
    variants = {lang: text for lang, text in conn.execute("SELECT lang, text FROM tuv WHERE tu = ? ORDER BY seq",
                                                          (unit,))}
    row = conn.execute("SELECT tu.created, tu.changed, tu.props, imports.name FROM tu JOIN imports ON "
                       "imports.id = tu.import_id WHERE tu.id = ?", (unit,)).fetchone()
    created, changed, props, name = row
    moment = from_timestamp(changed if changed is not None else created)
    return {"unit": unit, "lang": base, "variants": variants,
            "origin": unit_origin(json.loads(props) if props else []),
            "changed": moment.isoformat() if moment else None, "imported_from": name}
