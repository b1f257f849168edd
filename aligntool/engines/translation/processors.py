"""Logits processors aligntool adds to ``generate``."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from transformers import LogitsProcessor


class PerSentenceLengthCap(LogitsProcessor):
    """Force ``</s>`` once a sentence has ``cap`` new tokens: each sentence's own cap, not the batch's.

    ``generate``'s ``max_new_tokens`` applies to the whole batch, so without this a sentence batched with a
    longer one could decode further than it would alone.
    """

    def __init__(self, caps: Sequence[int], num_beams: int, eos_token_id: int, prefix: int = 0) -> None:
        self.row_caps = torch.tensor(list(caps), dtype=torch.long).repeat_interleave(num_beams)
        self.eos_token_id = eos_token_id
        self.offset = 1 + prefix  # the decoder start token and any forced language token

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        generated = input_ids.shape[1] - self.offset
        done = (generated >= self.row_caps.to(scores.device))
        if bool(done.any()):
            eos_scores = torch.zeros_like(scores[done])
            eos_scores.fill_(float("-inf"))
            eos_scores[:, self.eos_token_id] = 0.0
            scores[done] = eos_scores
        return scores
