"""Glossary terms placed in a free translation, each in the form the model scores best in the whole sentence:
for engines that report attention and score whole translations (CTranslate2) but cannot constrain their search.

For each sentence whose free translation lacks a term (:func:`missing`):

1. **Locate** where the model rendered the term's source words: the target position that attends most to
   them, widened to the neighbouring tokens that attend to them first, snapped to whole words
   (:func:`locate`).
2. **Choose the form by the model's own score.** The fitting forms of the term (:func:`choices`: the inflections
   of the target term that matches the source term's kind — ОДКБ for CSTO, the full name for a full name —,
   capitalised at the start of a sentence, as the glossary spells it elsewhere, glued only after opening
   punctuation) are walked piece by piece from the model's rendering on: where they differ, the model gives
   the log-probability of each next piece after the sentence so far (one forced-prefix step, batched over all
   terms), and the best piece decides. The form kept is the one whose sentence up to the term — and, where
   forms differ in length, the word after it — the model scores best, so it picks the grammatical case for
   the context it produced itself. A term with one fitting form needs no model call.
3. Every missing term of the sentence is placed this way (left to right, ranges made disjoint); the words
   around the terms are the model's own.

Why not the whole sentence, and why the rest is not decoded again from the prefix up to the term: CTranslate2
runs a forced prefix step by step, so decoding from a prefix costs about as much as the first pass, and scoring
one candidate sentence (``score_batch``) about a third of it (measured in docs/speed.md); the forms of one term
differ only from their first differing piece, which one forced step scores for all of them. What cannot be
placed — a term that does not fit before the model's last position — is left to the caller (the transformers
engine's constrained search, the last resort).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from aligntool.engines.translation.constraints import WORD_START, Constraint, TargetVocabulary

#: Pieces after which a new sentence starts: the term is written capitalised there.
_SENTENCE_END = (".", "!", "?", "…")


@dataclass
class Decoded:
    """A translation as target ids (no decoder prefix, no ``</s>``) and, per id, attention over the source."""

    ids: list[int]
    attention: list[list[float]] = field(default_factory=list)


class Scorer(Protocol):
    """What an engine provides: the model's next-piece log-probabilities after a forced prefix."""

    eos_id: int

    def next_logprobs(self, rows: Sequence[int], prefixes: Sequence[Sequence[int]],
                      tokens: Sequence[Sequence[int]]) -> list[list[float]]:
        """For each source row: the log-probability of each of ``tokens[i]`` right after ``prefixes[i]``."""
        ...


@dataclass
class TermTask:
    """One sentence being enforced: source pieces, constraints, length cap and the current translation."""

    row: int  # the sentence's index in the decoder's rows
    pieces: list[str]  # source pieces (to find each term's source words)
    constraints: list[Constraint]
    cap: int
    current: Decoded
    spans: list[set[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.spans = source_spans(self.pieces, self.constraints)


@dataclass
class EnforcementStats:
    """What term placement did over a run."""

    sentences: int = 0  # sentences whose free translation lacked a term
    placed: int = 0  # term occurrences placed
    scored: int = 0  # candidate sentences scored to choose a form
    unresolved: int = 0  # sentences still lacking a term afterwards (left to the last resort)


def missing(ids: Sequence[int], constraints: Sequence[Constraint], vocabulary: TargetVocabulary | None = None
            ) -> list[int]:
    """Indices of the constraints ``ids`` do not contain, each occurrence needing its own match.

    Constraints with the same sequences (a term twice) are matched left to right; the later ones go missing.
    With ``vocabulary``, a match followed by a piece that glues onto its last word is no match (the term
    would be a longer word).
    """
    groups: dict[tuple[tuple[int, ...], ...], list[int]] = {}
    for index, constraint in enumerate(constraints):
        groups.setdefault(constraint.sequences, []).append(index)
    tokens = list(ids)
    out: list[int] = []
    for sequences, members in groups.items():
        found, position = 0, 0
        while position < len(tokens) and found < len(members):
            match = next((len(s) for s in sequences if tokens[position:position + len(s)] == list(s)
                          and not _extended(tokens, position + len(s), vocabulary)), 0)
            if match:
                found += 1
                position += match
            else:
                position += 1
        out.extend(members[found:])
    return sorted(out)


def _extended(tokens: Sequence[int], end: int, vocabulary: TargetVocabulary | None) -> bool:
    return vocabulary is not None and end < len(tokens) and vocabulary.glues(tokens[end])


def source_spans(pieces: Sequence[str], constraints: Sequence[Constraint]) -> list[set[int]]:
    """For each constraint, the source pieces that hold its source words (empty when not found); the n-th
    constraint with the same source words gets their n-th occurrence."""
    text = ""
    starts: list[int] = []
    for piece in pieces:
        starts.append(len(text))
        text += piece.replace(WORD_START, " ")
    folded = text.casefold()
    seen: dict[str, int] = {}
    spans: list[set[int]] = []
    for constraint in constraints:
        needle = " ".join(constraint.source.split()).casefold()
        span: set[int] = set()
        if needle:
            position, skip = -1, seen.get(needle, 0)
            for _ in range(skip + 1):
                position = folded.find(needle, position + 1)
                if position < 0:
                    break
            if position >= 0:
                seen[needle] = skip + 1
                end = position + len(needle)
                span = {i for i, start in enumerate(starts)
                        if start < end and start + len(pieces[i]) > position and pieces[i].strip(WORD_START)}
        spans.append(span)
    return spans


def locate(decoded: Decoded, span: set[int], fixed: int, vocabulary: TargetVocabulary) -> tuple[int, int]:
    """``[start, end)`` of the target ids that render the source pieces ``span`` (whole words, at or after
    ``fixed``); an empty range at the end when there is nothing to attend to."""
    ids, rows = decoded.ids, decoded.attention
    length = min(len(ids), len(rows))
    if not span or fixed >= length:
        return length, length

    def mass(t: int) -> float:
        return sum(rows[t][s] for s in span if s < len(rows[t]))

    def aligned(t: int) -> bool:
        row = rows[t]
        return bool(row) and max(range(len(row)), key=row.__getitem__) in span

    peak = max(range(fixed, length), key=mass)
    start, end = peak, peak + 1
    while start > fixed and aligned(start - 1):
        start -= 1
    while end < length and aligned(end):
        end += 1
    while start > fixed and not vocabulary.starts_word(ids[start]) and vocabulary.glues(ids[start]):
        start -= 1  # the whole first word
    while end < len(ids) and not vocabulary.starts_word(ids[end]) and vocabulary.glues(ids[end]):
        end += 1  # the whole last word
    return start, end


def choices(constraint: Constraint, previous: int | None, vocabulary: TargetVocabulary, *,
            after_word: bool = False) -> list[int]:
    """Indices of the constraint's sequences that fit after token ``previous`` (None: the first word;
    ``after_word``: another term precedes it, whatever ``previous`` was).

    The forms of the occurrence's own target term (``constraint.prefer``: its inflections) when any is usable;
    glued sequences (no ``▁``) right after an opening bracket or quote (``«ОДКБ»``), word-initial ones everywhere
    else, so spacing is typography and never a question for the model; at the start of
    a sentence the capitalised spellings, elsewhere the glossary's own spelling — each filter dropped when it
    would leave nothing.
    """
    indices = [i for i in range(len(constraint.sequences)) if constraint.prefers(i)] or \
        list(range(len(constraint.sequences)))
    glued = previous is not None and not after_word and vocabulary.opens(previous)
    fitting = [i for i in indices if constraint.is_free(i) == glued] or indices
    sentence_start = not after_word and (previous is None
                                         or vocabulary.pieces[previous].rstrip().endswith(_SENTENCE_END))
    if sentence_start:
        upper = [i for i in fitting if _text(constraint.sequences[i], vocabulary)[:1].isupper()]
        return upper or fitting
    return [i for i in fitting if constraint.is_written(i)] or fitting


def _text(sequence: Sequence[int], vocabulary: TargetVocabulary) -> str:
    return "".join(vocabulary.pieces[t] for t in sequence).replace(WORD_START, " ").strip()


def suppressible(constraints: Sequence[Constraint]) -> list[tuple[int, ...]]:
    """The avoided (deprecated, forbidden) sequences of these constraints, less any an allowed sequence contains."""
    allowed = [s for c in constraints for s in c.sequences]
    found: dict[tuple[int, ...], None] = {}
    for constraint in constraints:
        for seq in constraint.avoid:
            n = len(seq)
            if not any(tuple(a[i:i + n]) == seq for a in allowed for i in range(len(a) - n + 1)):
                found.setdefault(seq)
    return list(found)


def enforce(tasks: Sequence[TermTask], scorer: Scorer, vocabulary: TargetVocabulary, max_length: int,
            stats: EnforcementStats | None = None) -> None:
    """Place every missing term of every task (see the module docstring); ``task.current`` ends with the
    result (its attention rows dropped). Tasks that still lack a term are counted in ``stats.unresolved``."""
    stats = stats if stats is not None else EnforcementStats()
    plans: list[tuple[TermTask, list[tuple[int, int, int]]]] = []
    walks: list[_Walk] = []
    for task in tasks:
        placed = _plan(task, vocabulary)
        if not placed:
            continue
        stats.sentences += 1
        plans.append((task, placed))
        for slot, (start, end, c) in enumerate(placed):
            constraint = task.constraints[c]
            ids = task.current.ids
            previous = ids[start - 1] if start > 0 else None
            after_term = slot > 0 and placed[slot - 1][1] == start  # right after the previous term: a new word
            follow = ids[end] if end < len(ids) else scorer.eos_id
            options = choices(constraint, previous, vocabulary, after_word=after_term)
            walks.append(_Walk(len(plans) - 1, slot, task.row, ids[:start],
                               {i: (*constraint.sequences[i], follow) for i in options}))
    stats.scored += _choose(walks, scorer)
    chosen = {(walk.plan, walk.slot): next(iter(walk.alive)) for walk in walks}
    for number, (task, placed) in enumerate(plans):
        ids, out, cursor = task.current.ids, [], 0
        for slot, (start, end, c) in enumerate(placed):
            out += [*ids[cursor:start], *task.constraints[c].sequences[chosen[(number, slot)]]]
            cursor = max(cursor, end)
        out += ids[cursor:]
        task.current = Decoded(out[:max_length])
        stats.placed += len(placed)
    stats.unresolved += sum(bool(missing(task.current.ids, task.constraints, vocabulary)) for task in tasks)


@dataclass
class _Walk:
    """The fitting forms of one placed term (each followed by the piece after the rendering, or ``</s>``)."""

    plan: int
    slot: int
    row: int
    prefix: list[int]  # the translation before the term
    alive: dict[int, tuple[int, ...]]  # sequence index → its pieces and the one after it
    depth: int = 0
    known: dict[tuple[int, ...], dict[int, float]] = field(default_factory=dict)  # path → piece → log-probability


def _points_along_first(walk: _Walk) -> list[tuple[tuple[int, ...], list[int]]]:
    """The points where the walk's remaining forms part, from its depth on, along its first form: each point's
    path (the pieces before it) and distinct next pieces."""
    forms, first, depth = list(walk.alive.values()), next(iter(walk.alive.values())), walk.depth
    points = []
    while len(forms) > 1 and all(len(p) > depth for p in forms):
        branch = list(dict.fromkeys(p[depth] for p in forms))
        if len(branch) > 1:
            points.append((first[:depth], branch))
            forms = [p for p in forms if p[depth] == first[depth]]
        depth += 1
    return points


def _choose(walks: list[_Walk], scorer: Scorer) -> int:
    """Narrow every walk to one form: at each point where the remaining forms differ, the model's best next piece
    decides. One batched call per round: a walk that needs an answer asks it and every later point along its
    first remaining form — a longer prefix of the same row, no extra one (the engine reads a row's shorter
    prefixes from it) — so a second round is only for a walk whose kept form left that path. Returns the points
    decided."""
    scored = 0
    while True:
        asking: list[tuple[_Walk, tuple[int, ...], list[int]]] = []
        for walk in walks:
            while len(walk.alive) > 1:
                pieces = list(walk.alive.values())
                if any(len(p) <= walk.depth for p in pieces):  # two identical forms: keep the first
                    walk.alive = dict(list(walk.alive.items())[:1])
                    break
                branch = list(dict.fromkeys(p[walk.depth] for p in pieces))
                if len(branch) > 1:
                    values = walk.known.get(pieces[0][:walk.depth])
                    if values is None:
                        asking += [(walk, path, points) for path, points in _points_along_first(walk)]
                        break
                    best = max(branch, key=values.__getitem__)
                    walk.alive = {i: p for i, p in walk.alive.items() if p[walk.depth] == best}
                    scored += 1
                walk.depth += 1
        if not asking:
            return scored
        scores = scorer.next_logprobs([walk.row for walk, _, _ in asking],
                                      [[*walk.prefix, *path] for walk, path, _ in asking],
                                      [branch for _, _, branch in asking])
        for (walk, path, branch), values in zip(asking, scores, strict=True):
            walk.known[path] = dict(zip(branch, values, strict=True))


def _plan(task: TermTask, vocabulary: TargetVocabulary) -> list[tuple[int, int, int]]:
    """``(start, end, constraint)`` for each missing term, left to right, ranges made disjoint (a term located
    inside an earlier one's range goes right after it)."""
    located = []
    for c in missing(task.current.ids, task.constraints, vocabulary):
        start, end = locate(task.current, task.spans[c], 0, vocabulary)
        located.append((start, end, c))
    located.sort()
    placed: list[tuple[int, int, int]] = []
    cursor = 0
    for start, end, c in located:
        start = max(start, cursor)
        end = max(end, start)
        placed.append((start, end, c))
        cursor = end
    return placed
