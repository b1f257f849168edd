"""Constrained beam search with dynamic beam allocation (Post & Vilar 2018) on a MarianMT model.

transformers 5 dropped constrained beam search, so this module runs its own decoding loop on the model's
forward pass: the encoder once per batch, then one decoder step per token with the KV cache
(``past_key_values``), every sentence of the batch with its own constraints and length cap.

Guarantee: a hypothesis may only end (``</s>``) once each of its constraints has been produced — every
occurrence exactly once, as one of its alternative token sequences — and a token is only allowed if the
constraints still missing fit in the tokens left before the sentence's length cap (the cap is raised to
make room when needed). So every finished translation contains every constraint, whatever the model prefers.
Dynamic beam allocation keeps hypotheses at every level of constraint progress in the beam, so the
constraints are placed where the model likes them rather than forced at the end.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aligntool.engines.translation.beam_cache import reorder_self_attention_only
from aligntool.engines.translation.constraints import Constraint, TargetVocabulary

NEG_INF = float("-inf")


@dataclass
class _Trie:
    """The alternatives of one constraint as a token trie; node 0 is the root."""

    children: list[dict[int, int]]
    terminal: list[bool]
    dist: list[int]  # fewest tokens from the node to the end of some alternative
    depth: list[int]  # tokens from the root
    free_root: set[int]  # first tokens of alternatives without ``▁``: only after punctuation or at the start

    @classmethod
    def build(cls, constraint: Constraint) -> _Trie:
        children: list[dict[int, int]] = [{}]
        terminal = [False]
        depth = [0]
        free_root: set[int] = set()
        free = constraint.free_start or (False,) * len(constraint.sequences)
        for sequence, is_free in zip(constraint.sequences, free, strict=True):
            node = 0
            for token in sequence:
                if token not in children[node]:
                    children[node][token] = len(children)
                    children.append({})
                    terminal.append(False)
                    depth.append(depth[node] + 1)
                node = children[node][token]
            terminal[node] = True
            if is_free:
                free_root.add(sequence[0])
        dist = [0] * len(children)
        for node in range(len(children) - 1, -1, -1):  # children always have higher ids than parents
            kids = [dist[c] + 1 for c in children[node].values()]
            dist[node] = 0 if terminal[node] else min(kids)
        return cls(children, terminal, dist, depth, free_root)


@dataclass(frozen=True)
class _State:
    """Constraint bookkeeping of one hypothesis."""

    done: int = 0  # bit i: constraint i produced
    progress: tuple[tuple[int, int], ...] = ()  # (constraint, trie node) still consistent with the last tokens
    closed: bool = False  # a constraint just ended: the next piece must not extend its last word


@dataclass
class _Sentence:
    """Per-sentence search context: constraints, beam and finished hypotheses."""

    constraints: list[Constraint]
    cap: int
    tries: list[_Trie] = field(init=False)
    root_need: list[int] = field(init=False)
    first_of_kind: list[bool] = field(init=False)
    finished: list[tuple[float, list[int]]] = field(default_factory=list)
    done: bool = False

    def __post_init__(self) -> None:
        self.tries = [_Trie.build(c) for c in self.constraints]
        self.root_need = [c.min_length for c in self.constraints]
        seen: dict[tuple[tuple[int, ...], ...], int] = {}
        self.group = [seen.setdefault(c.sequences, i) for i, c in enumerate(self.constraints)]
        self.all_done = (1 << len(self.constraints)) - 1

    # -- constraint state machine ---------------------------------------------------------------------

    def need(self, state: _State) -> int:
        """Fewest tokens that complete every constraint from this state."""
        unmet = sum(n for i, n in enumerate(self.root_need) if not state.done >> i & 1)
        if not state.progress:
            return unmet
        return min(self.tries[c].dist[n] + unmet - self.root_need[c] for c, n in state.progress)

    def _completable(self, state: _State) -> int | None:
        ends = [c for c, n in state.progress if self.tries[c].terminal[n]]
        return max(ends, key=lambda c: (self.root_need[c], -c)) if ends else None

    def _settle(self, done: int, candidates: list[tuple[int, int]]) -> _State:
        leaves = [c for c, n in candidates if self.tries[c].terminal[n] and not self.tries[c].children[n]]
        if leaves:
            best = max(leaves, key=lambda c: (self.root_need[c], -c))
            return _State(done | 1 << best, (), True)
        return _State(done, tuple(candidates), False)

    def generic(self, state: _State) -> _State:
        """State after a token that neither continues nor starts a constraint."""
        if not state.progress and not state.closed:
            return state
        done = state.done
        finishing = self._completable(state)
        if finishing is not None:
            done |= 1 << finishing
        return _State(done, (), False)

    def glue_banned(self, state: _State) -> bool:
        """A constraint ends here: the next piece may not glue onto its last word."""
        return state.closed or (bool(state.progress) and self._completable(state) is not None)

    def specials(self, state: _State, previous: int | None, vocabulary: TargetVocabulary) -> dict[int, _State]:
        """Tokens that continue or start a constraint, with the state each leads to."""
        out: dict[int, _State] = {}
        continuing: dict[int, list[tuple[int, int]]] = {}
        for c, n in state.progress:
            for token, child in self.tries[c].children[n].items():
                continuing.setdefault(token, []).append((c, child))
        for token, candidates in continuing.items():
            out[token] = self._settle(state.done, candidates)
        base = self.generic(state)
        boundary = previous is None or not vocabulary.ends_in_word(previous)
        banned_glue = self.glue_banned(state)
        starts: dict[int, list[tuple[int, int]]] = {}
        groups_seen: set[int] = set()
        for c, trie in enumerate(self.tries):
            if base.done >> c & 1 or self.group[c] in groups_seen:
                continue
            groups_seen.add(self.group[c])  # the same term twice: start the first unmet copy only
            for token, child in trie.children[0].items():
                if token in out:
                    continue
                if token in trie.free_root and (not boundary or (banned_glue and vocabulary.glues(token))):
                    continue
                starts.setdefault(token, []).append((c, child))
        for token, candidates in starts.items():
            out[token] = self._settle(base.done, candidates)
        return out

    def bank(self, state: _State) -> tuple[int, int]:
        """Progress for beam allocation: constraints produced, then tokens into the current one."""
        depth = max((self.tries[c].depth[n] for c, n in state.progress), default=0)
        return bin(state.done).count("1"), depth

    # -- finished hypotheses --------------------------------------------------------------------------

    def add_finished(self, score: float, tokens: list[int], beams: int) -> None:
        self.finished.append((score, tokens))
        self.finished.sort(key=lambda f: -f[0])
        del self.finished[beams:]


@dataclass
class _Hyp:
    tokens: list[int]
    score: float
    state: _State


def _allocate(sentence: _Sentence, candidates: list[tuple[float, int, int, _State]],
              beams: int) -> list[tuple[float, int, int, _State]]:
    """Dynamic beam allocation: beam slots shared round-robin across progress banks, most progress first.

    Continuing a constraint ranks above restarting it, so a started term is finished rather than abandoned
    for a fresh start from a better-scoring hypothesis.
    """
    banks: dict[tuple[int, int], list[tuple[float, int, int, _State]]] = {}
    for cand in sorted(candidates, key=lambda c: -c[0]):
        banks.setdefault(sentence.bank(cand[3]), []).append(cand)
    order = sorted(banks, reverse=True)
    chosen: list[tuple[float, int, int, _State]] = []
    depth = 0
    while len(chosen) < beams and any(depth < len(banks[b]) for b in order):
        for bank in order:
            if depth < len(banks[bank]) and len(chosen) < beams:
                chosen.append(banks[bank][depth])
        depth += 1
    return sorted(chosen, key=lambda c: -c[0])


def constrained_generate(
    model: Any, input_ids: Any, attention: Any, constraints: Sequence[Sequence[Constraint]],
    caps: Sequence[int], *, vocabulary: TargetVocabulary, num_beams: int, eos_id: int, pad_id: int,
    banned_ids: Sequence[int] = (), length_penalty: float = 1.0, max_cap: int | None = None,
    prefix: Sequence[int] = (),
) -> list[list[int]]:
    """Target ids (without start token and ``</s>``) for each padded source row, containing all of its constraints.

    ``caps[i]`` is the most new tokens for sentence ``i``; it is raised to the fewest tokens its
    constraints need (at most ``max_cap``). Beam sizes 1–64 work; batching does not change the result.
    ``prefix``: tokens forced after the decoder start token (a target-language code), not returned.
    """
    import torch


    sources = range(int(input_ids.shape[0]))
    if not sources:
        return []
    device = next(model.parameters()).device
    beams = max(1, num_beams)
    sentences = []
    for cap, cons in zip(caps, constraints, strict=True):
        kept = list(cons)
        limit = max(cap, max_cap or 0) if max_cap is not None else None
        while limit is not None and sum(c.min_length for c in kept) > limit:
            kept.pop()  # cannot fit before the model's last position: the caller's check reports it missing
        sentences.append(_Sentence(kept, max(cap, sum(c.min_length for c in kept))))
    vocab_size = int(model.config.vocab_size)
    glue_vector = vocabulary.glue_mask(vocab_size, device)
    always_banned = torch.tensor(sorted({pad_id, *banned_ids}), dtype=torch.long, device=device)
    start_id = int(getattr(model.config, "decoder_start_token_id", None) or pad_id)

    with torch.inference_mode():
        encoder = model.get_encoder()
        encoded = encoder(input_ids=input_ids.to(device), attention_mask=attention.to(device))
        hidden = encoded.last_hidden_state.repeat_interleave(beams, dim=0)
        mask = attention.to(device).repeat_interleave(beams, dim=0)
        active = list(range(len(sources)))  # sentence of each block of ``beams`` rows
        hyps: list[list[_Hyp]] = [[_Hyp([], 0.0, _State())] for _ in sources]
        cache = None
        # transformers renamed ``past_key_values`` to ``cache`` during the 5.x series.
        cache_arg = "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"
        last = torch.tensor([[start_id, *prefix]] * (len(sources) * beams), dtype=torch.long, device=device)
        step = 0
        while active:
            out = model(encoder_outputs=(hidden,), attention_mask=mask, decoder_input_ids=last,
                        use_cache=True, **{cache_arg: cache})
            cache = out[cache_arg]
            logprobs = torch.log_softmax(out.logits[:, -1, :].float(), dim=-1)
            parents, tokens, survivors = _step(
                sentences, hyps, active, logprobs, beams, step, eos_id, vocabulary, glue_vector,
                always_banned, length_penalty,
            )
            step += 1
            if not survivors:
                break
            if len(survivors) < len(active):  # finished sentences leave the batch
                blocks = torch.tensor([active.index(s) * beams + j for s in survivors for j in range(beams)],
                                      device=device)
                hidden = hidden.index_select(0, blocks)
                mask = mask.index_select(0, blocks)
                cache.cross_attention_cache.reorder_cache(blocks)
                active = survivors
            reorder_self_attention_only(cache, torch.tensor(parents, device=device))  # fused with the next append
            last = torch.tensor(tokens, dtype=torch.long, device=device).unsqueeze(1)
    results: list[list[int]] = []
    for sentence, alive in zip(sentences, hyps, strict=True):
        if sentence.finished:
            results.append(sentence.finished[0][1])
        else:  # unreachable while constraints fit the cap; keep the best partial output
            results.append(max(alive, key=lambda h: h.score).tokens if alive else [])
    return results


def _step(
    sentences: list[_Sentence], hyps: list[list[_Hyp]], active: list[int], logprobs: Any, beams: int,
    step: int, eos_id: int, vocabulary: TargetVocabulary, glue_vector: Any, always_banned: Any,
    length_penalty: float,
) -> tuple[list[int], list[int], list[int]]:
    """One search step for every active sentence; returns parent rows, next tokens and surviving sentences.

    Rows of the returned layout are ``beams`` per surviving sentence, in ``active`` order; parent rows
    index the current layout.
    """
    import torch

    rows = logprobs.shape[0]
    masked = logprobs.clone()
    masked[:, always_banned] = NEG_INF
    glue_rows = torch.zeros(rows, dtype=torch.bool)
    blocked_rows = torch.zeros(rows, dtype=torch.bool)
    eos_rows = torch.zeros(rows, dtype=torch.bool)
    special_rows: list[int] = []
    special_tokens: list[int] = []
    special_ok: list[bool] = []
    row_specials: dict[int, dict[int, _State]] = {}
    row_generic: dict[int, _State] = {}
    for block, sid in enumerate(active):
        sentence = sentences[sid]
        for j, hyp in enumerate(hyps[sid]):
            row = block * beams + j
            left = sentence.cap - len(hyp.tokens)  # tokens that may still come before </s>
            generic = sentence.generic(hyp.state)
            row_generic[row] = generic
            glue_rows[row] = sentence.glue_banned(hyp.state)
            blocked_rows[row] = left < 1 or sentence.need(generic) > left - 1
            eos_rows[row] = step > 0 and sentence.need(generic) == 0
            previous = hyp.tokens[-1] if hyp.tokens else None
            specials = sentence.specials(hyp.state, previous, vocabulary)
            row_specials[row] = specials
            for token, state in specials.items():
                special_rows.append(row)
                special_tokens.append(token)
                special_ok.append(left >= 1 and sentence.need(state) <= left - 1)
    device = masked.device
    masked[glue_rows.to(device)] = masked[glue_rows.to(device)].masked_fill(glue_vector, NEG_INF)
    masked[blocked_rows.to(device)] = NEG_INF
    masked[:, eos_id] = torch.where(eos_rows.to(device), logprobs[:, eos_id], NEG_INF)
    if special_rows:
        r = torch.tensor(special_rows, device=device)
        t = torch.tensor(special_tokens, device=device)
        ok = torch.tensor(special_ok, device=device)
        masked[r, t] = torch.where(ok, logprobs[r, t], torch.full_like(logprobs[r, t], NEG_INF))
    top_scores, top_tokens = masked.topk(min(beams, masked.shape[1]), dim=-1)
    top_scores, top_tokens = top_scores.tolist(), top_tokens.tolist()
    special_scores = masked[torch.tensor(special_rows, dtype=torch.long, device=device),
                            torch.tensor(special_tokens, dtype=torch.long, device=device)].tolist() \
        if special_rows else []
    extra: dict[int, list[tuple[int, float]]] = {}
    for row, token, score in zip(special_rows, special_tokens, special_scores, strict=True):
        extra.setdefault(row, []).append((token, score))

    parents: list[int] = []
    next_tokens: list[int] = []
    survivors: list[int] = []
    for block, sid in enumerate(active):
        sentence = sentences[sid]
        candidates: list[tuple[float, int, int, _State]] = []
        finishing: list[tuple[float, int]] = []
        for j, hyp in enumerate(hyps[sid]):
            row = block * beams + j
            seen: set[int] = set()
            for token, score in [*zip(top_tokens[row], top_scores[row], strict=True), *extra.get(row, [])]:
                if token in seen or score == NEG_INF or math.isnan(score):
                    continue
                seen.add(token)
                total = hyp.score + score
                if token == eos_id:
                    finishing.append((total, j))
                    continue
                state = row_specials[row].get(token, row_generic[row])
                candidates.append((total, row, token, state))
        # </s> competes with the hypotheses that have met every constraint (the top bank), HF-style top-k.
        complete = sorted([(c[0], False) for c in candidates if c[3].done == sentence.all_done
                           and not c[3].progress] + [(f[0], True) for f in finishing], key=lambda x: -x[0])
        threshold = complete[min(beams, len(complete)) - 1][0] if complete else NEG_INF
        for total, j in finishing:
            if total >= threshold:
                tokens = hyps[sid][j].tokens
                sentence.add_finished(total / (len(tokens) + 1) ** length_penalty, list(tokens), beams)
        chosen = _allocate(sentence, candidates, beams)
        if not chosen or _finished_enough(sentence, chosen, beams, step, length_penalty):
            sentence.done = True
            hyps[sid] = [_Hyp([*hyps[sid][c[1] - block * beams].tokens, c[2]], c[0], c[3]) for c in chosen]
            continue
        survivors.append(sid)
        new_hyps = [_Hyp([*hyps[sid][c[1] - block * beams].tokens, c[2]], c[0], c[3]) for c in chosen]
        hyps[sid] = new_hyps
        for k in range(beams):
            c = chosen[k] if k < len(chosen) else chosen[0]  # pad the block with a copy (never selected)
            parents.append(c[1])
            next_tokens.append(c[2])
    # Padded copies exist only as rows: ``hyps`` holds the real hypotheses, so they are never expanded.
    return parents, next_tokens, survivors


def _finished_enough(sentence: _Sentence, chosen: list[tuple[float, int, int, _State]], beams: int,
                     step: int, length_penalty: float) -> bool:
    """HF-style stop: enough finished hypotheses that no live one can still beat the worst of them."""
    if len(sentence.finished) < beams:
        return False
    best_alive = max(c[0] for c in chosen)
    return sentence.finished[-1][0] >= best_alive / (step + 1) ** length_penalty
