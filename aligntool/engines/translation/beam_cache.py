"""Beam-search cache reordering shared by the transformers engine and the constrained search."""

from __future__ import annotations

from typing import Any


def reorder_self_attention_only(cache: Any, beam_idx: Any) -> Any:
    """Beam-search cache reordering: the cross-attention cache stays as it is, the self-attention cache's
    reordering is deferred and fused with the next step's append (one copy per step instead of two).

    All beams of a sentence attend to the same encoder output, so their cross-attention keys and values are
    identical and reordering them among the sentence's beams changes nothing. transformers reorders the
    self-attention cache with ``index_select`` (a full copy) and then appends the new step with ``cat``
    (another full copy); :func:`_deferred_layer_class` gathers the reordered rows straight into the
    appended buffer. Both only move values, so outputs are identical.
    """
    self_attention = getattr(cache, "self_attention_cache", None)
    target = self_attention if self_attention is not None else cache
    layers = getattr(target, "layers", None)
    deferred = _deferred_layer_class()
    if deferred is None or not layers:
        target.reorder_cache(beam_idx)
        return cache
    for layer in layers:
        if type(layer) is deferred.__mro__[1]:  # a plain DynamicLayer: give it the deferred reorder
            layer.__class__ = deferred
            layer.pending = None
        layer.reorder_cache(beam_idx)
    return cache


_DEFERRED: list[Any] = []


def _deferred_layer_class() -> Any:
    """A ``DynamicLayer`` whose ``reorder_cache`` is applied during the next ``update`` (None if unavailable)."""
    if _DEFERRED:
        return _DEFERRED[0]
    try:
        import torch
        from transformers.cache_utils import DynamicLayer
    except ImportError:  # another transformers layout: plain reordering
        _DEFERRED.append(None)
        return None

    class DeferredReorderLayer(DynamicLayer):  # type: ignore[misc, valid-type]
        pending: Any = None

        def reorder_cache(self, beam_idx: Any) -> None:
            if self.get_seq_length() == 0:
                return
            index = beam_idx.to(self.keys.device)
            self.pending = index if self.pending is None else self.pending.index_select(0, index)

        def _flush(self) -> None:
            if self.pending is not None:
                self.keys = self.keys.index_select(0, self.pending)
                self.values = self.values.index_select(0, self.pending)
                self.pending = None

        def update(self, key_states: Any, value_states: Any, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
            if self.pending is None or self.get_seq_length() == 0:
                return super().update(key_states, value_states, *args, **kwargs)
            length = self.keys.shape[-2]
            merged = []
            for old, new in ((self.keys, key_states), (self.values, value_states)):
                out = old.new_empty((*new.shape[:2], length + new.shape[-2], new.shape[-1]))
                torch.index_select(old, 0, self.pending, out=out[:, :, :length])
                out[:, :, length:] = new
                merged.append(out)
            self.keys, self.values = merged
            self.pending = None
            return self.keys, self.values

        def crop(self, tokens_to_remove: int) -> None:
            self._flush()
            super().crop(tokens_to_remove)

        def batch_repeat_interleave(self, repeats: int) -> None:
            self._flush()
            super().batch_repeat_interleave(repeats)

        def batch_select_indices(self, indices: Any) -> None:
            self._flush()
            super().batch_select_indices(indices)

    _DEFERRED.append(DeferredReorderLayer)
    return DeferredReorderLayer
