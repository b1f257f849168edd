"""Glossary terms enforced by prefix decoding: for engines that decode with a forced target prefix, report
attention and score whole translations (CTranslate2), but cannot constrain the search itself.

For each sentence whose free translation lacks a term (:func:`missing`):

1. **Locate** where the model rendered the term's source words: the target position that attends most to
   them, widened to the neighbouring tokens that attend to them first, snapped to whole words
   (:func:`locate`).
2. **Choose the form by the model's score of the whole sentence.** Every fitting alternative of the term
   (its inflections and variants; capitalised at the start of a sentence, as the glossary spells it
   elsewhere, glued only after opening punctuation: :func:`choices`) replaces that rendering in the free
   translation, and the model scores each resulting sentence; the best-scoring form is kept, so the model
   picks the grammatical case for the context it produced itself.
3. **Decode again** from the prefix up to the end of the term, so the rest of the sentence follows the term.
   Every term located in this round is placed (left to right) before the one re-decoding; the entry's
   deprecated and forbidden forms are suppressed in it.

Rounds repeat while a term is missing (at most once per term: each round fixes at least one term in the
prefix). What still lacks a term after that — a term that cannot fit before the model's last position — is left
to the caller (the transformers engine's constrained search, the last resort).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from aligntool.translation.constraints import WORD_START, Constraint, TargetVocabulary

#: Pieces after which a new sentence starts: the term is written capitalised there.
_SENTENCE_END = (".", "!", "?", "…")


@dataclass
class Decoded:
    """A translation as target ids (no decoder prefix, no ``</s>``) and, per id, attention over the source."""

    ids: list[int]
    attention: list[list[float]] = field(default_factory=list)


class PrefixDecoder(Protocol):
    """What an engine provides: decoding from a forced prefix, and a score for whole translations."""

    def decode_rows(self, rows: Sequence[int], prefixes: Sequence[Sequence[int]], limits: Sequence[int],
                    avoid: Sequence[tuple[int, ...]]) -> list[Decoded]:
        """For each source row, a translation starting with its prefix, at most ``limits[i]`` ids, with
        attention; ``avoid`` token sequences are never generated."""
        ...

    def score_rows(self, rows: Sequence[int], targets: Sequence[Sequence[int]]) -> list[float]:
        """The model's length-normalised log-probability of each whole target (``</s>`` included)."""
        ...


@dataclass
class TermTask:
    """One sentence being enforced: source pieces, constraints, length cap and the current translation."""

    row: int  # the sentence's index in the decoder's rows
    pieces: list[str]  # source pieces (to find each term's source words)
    constraints: list[Constraint]
    cap: int
    current: Decoded
    fixed: int = 0  # ids of ``current`` that are decided (terms placed so far and what precedes them)
    rounds: int = 0
    spans: list[set[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.spans = source_spans(self.pieces, self.constraints)


@dataclass
class EnforcementStats:
    """What prefix enforcement did over a run."""

    sentences: int = 0  # sentences whose free translation lacked a term
    rounds: int = 0  # re-decodings (summed over sentences)
    placed: int = 0  # term occurrences placed by prefix decoding
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


def choices(constraint: Constraint, previous: int | None, vocabulary: TargetVocabulary) -> list[int]:
    """Indices of the constraint's sequences that fit after token ``previous`` (None: the first word).

    Glued sequences (no ``▁``) only after a piece that does not end in a letter or digit (``«``); at the
    start of a sentence the capitalised spellings, elsewhere the glossary's own spelling (its inflections
    included) — each filter dropped when it would leave nothing.
    """
    indices = list(range(len(constraint.sequences)))
    glue_ok = previous is not None and not vocabulary.ends_in_word(previous)
    fitting = [i for i in indices if glue_ok or not constraint.is_free(i)] or indices
    sentence_start = previous is None or vocabulary.pieces[previous].rstrip().endswith(_SENTENCE_END)
    if sentence_start:
        upper = [i for i in fitting if _text(constraint.sequences[i], vocabulary)[:1].isupper()]
        return upper or fitting
    return [i for i in fitting if constraint.is_written(i)] or fitting


def _text(sequence: Sequence[int], vocabulary: TargetVocabulary) -> str:
    return "".join(vocabulary.pieces[t] for t in sequence).replace(WORD_START, " ").strip()


def _suppressible(tasks: Sequence[TermTask]) -> list[tuple[int, ...]]:
    """The avoided sequences of these tasks' constraints, less any that an allowed sequence contains."""
    allowed = [s for task in tasks for c in task.constraints for s in c.sequences]
    found: dict[tuple[int, ...], None] = {}
    for task in tasks:
        for constraint in task.constraints:
            for seq in constraint.avoid:
                n = len(seq)
                if not any(tuple(a[i:i + n]) == seq for a in allowed for i in range(len(a) - n + 1)):
                    found.setdefault(seq)
    return list(found)


def enforce(tasks: Sequence[TermTask], decoder: PrefixDecoder, vocabulary: TargetVocabulary, max_length: int,
            stats: EnforcementStats | None = None) -> None:
    """Place every missing term of every task (see the module docstring); ``task.current`` ends with the
    result. Tasks that still lack a term afterwards are counted in ``stats.unresolved``."""
    stats = stats if stats is not None else EnforcementStats()
    pending = [task for task in tasks if missing(task.current.ids, task.constraints, vocabulary)]
    stats.sentences += len(pending)
    while pending:
        plans: list[tuple[TermTask, list[tuple[int, int, int]]]] = []
        candidates: list[tuple[int, int, int, list[int]]] = []  # plan, term slot, sequence index, ids
        for task in pending:
            placed = _plan(task, vocabulary)
            if not placed:
                continue
            plans.append((task, placed))
            for slot, (start, end, c) in enumerate(placed):
                constraint = task.constraints[c]
                previous = task.current.ids[start - 1] if start > 0 else None
                for index in choices(constraint, previous, vocabulary):
                    ids = task.current.ids
                    candidates.append((len(plans) - 1, slot, index,
                                       [*ids[:start], *constraint.sequences[index], *ids[end:]][:max_length]))
        if not plans:
            break
        scores = decoder.score_rows([plans[p][0].row for p, _, _, _ in candidates], [c[3] for c in candidates])
        stats.scored += len(candidates)
        best: dict[tuple[int, int], tuple[float, int]] = {}
        for (plan, slot, index, _), score in zip(candidates, scores, strict=True):
            if (plan, slot) not in best or score > best[(plan, slot)][0]:
                best[(plan, slot)] = (score, index)
        prefixes: list[list[int]] = []
        for number, (task, placed) in enumerate(plans):
            ids, prefix, cursor = task.current.ids, [], 0
            for slot, (start, end, c) in enumerate(placed):
                prefix += [*ids[cursor:start], *task.constraints[c].sequences[best[(number, slot)][1]]]
                cursor = max(cursor, end)
            if cursor < len(ids):
                # The piece that followed the rendering starts a word or is punctuation (ranges end at word
                # ends): keeping it means the continuation cannot glue onto the last term.
                prefix.append(ids[cursor])
            prefixes.append(prefix[:max_length])
            stats.placed += len(placed)
        limits = [min(max_length, max(task.cap, len(prefix) + 1)) for (task, _), prefix in zip(plans, prefixes,
                                                                                              strict=True)]
        avoid = _suppressible([task for task, _ in plans])
        decoded = decoder.decode_rows([task.row for task, _ in plans], prefixes, limits, avoid)
        stats.rounds += len(plans)
        for (task, _), prefix, result in zip(plans, prefixes, decoded, strict=True):
            if len(result.ids) > len(prefix) and vocabulary.glues(result.ids[len(prefix)]):
                # a term ends the prefix and the continuation would extend it into a longer word: the sentence
                # ends with the term instead (its free translation ended with that rendering)
                result = Decoded(result.ids[:len(prefix)], result.attention[:len(prefix)])
            task.current, task.fixed = result, len(prefix)
            task.rounds += 1
        pending = [task for task, _ in plans
                   if missing(task.current.ids, task.constraints, vocabulary) and task.rounds < len(task.constraints)]
    stats.unresolved += sum(bool(missing(task.current.ids, task.constraints, vocabulary)) for task in tasks)


def _plan(task: TermTask, vocabulary: TargetVocabulary) -> list[tuple[int, int, int]]:
    """``(start, end, constraint)`` for each missing term, left to right, ranges made disjoint (a term located
    inside an earlier one's range goes right after it)."""
    located = []
    for c in missing(task.current.ids, task.constraints, vocabulary):
        start, end = locate(task.current, task.spans[c], task.fixed, vocabulary)
        located.append((start, end, c))
    located.sort()
    placed: list[tuple[int, int, int]] = []
    cursor = task.fixed
    for start, end, c in located:
        start = max(start, cursor)
        end = max(end, start)
        placed.append((start, end, c))
        cursor = end
    return placed
