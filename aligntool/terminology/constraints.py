"""Lexical constraints for the decoder: each one a disjunction of target token sequences.

A glossary term occurrence becomes one :class:`Constraint`: every allowed surface form of the entry
(all generated case forms), capitalised and not, tokenized with the model's TARGET sentencepiece model
twice — as a word of its own (first piece carries the word-initial ``▁``) and glued to preceding
punctuation (``«ОДКБ»``: no ``▁``). Forms the vocabulary cannot write (``<unk>`` pieces, text that does
not survive the round trip) are dropped with a warning instead of being forced into the output.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

WORD_START = "\u2581"  # sentencepiece's word-initial marker


class TerminologyWarning(UserWarning):
    """A glossary term cannot be enforced as given (e.g. its forms are not in the model's vocabulary)."""


@dataclass(frozen=True)
class Constraint:
    """One term occurrence the output must contain: any one of ``sequences``.

    ``free_start[i]`` is True for sequences whose first piece has no ``▁``: they may only start at the
    beginning of the output or after a piece that ends in punctuation, so they never glue onto a word.
    """

    label: str
    sequences: tuple[tuple[int, ...], ...]
    free_start: tuple[bool, ...] = ()

    @property
    def min_length(self) -> int:
        """Fewest tokens that always satisfy it (word-initial sequences: allowed after any token)."""
        lengths = [len(s) for s, free in zip(self.sequences, self._free(), strict=True) if not free]
        return min(lengths) if lengths else min(len(s) for s in self.sequences)

    def _free(self) -> tuple[bool, ...]:
        return self.free_start or (False,) * len(self.sequences)


@dataclass
class TargetVocabulary:
    """Target-side pieces of a Marian tokenizer, indexed by token id, for building and checking constraints."""

    pieces: list[str]
    unk_id: int
    encoder: dict[str, int]
    spm: Any
    bare_spm: Any = None  # the same model without the dummy ``▁`` prefix (None when protobuf is missing)
    warned: set[tuple[str, str]] = field(default_factory=set)
    messages: list[str] = field(default_factory=list)
    _masks: dict[tuple[int, str], Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_tokenizer(cls, tokenizer: Any, vocab_size: int | None = None) -> TargetVocabulary:
        """Build from a ``MarianTokenizer`` (shared or separate vocabularies)."""
        separate = bool(getattr(tokenizer, "separate_vocabs", False))
        encoder: dict[str, int] = dict(tokenizer.target_encoder if separate else tokenizer.encoder)
        size = max(vocab_size or 0, max(encoder.values()) + 1)
        pieces = [""] * size
        for piece, index in encoder.items():
            if 0 <= index < size:
                pieces[index] = piece
        spm = tokenizer.spm_target
        return cls(pieces, int(tokenizer.unk_token_id), encoder, spm, _without_dummy_prefix(spm))

    # -- token classes the decoder needs --------------------------------------------------------------

    def starts_word(self, token: int) -> bool:
        """The piece begins a new word (``▁…``)."""
        return self.pieces[token].startswith(WORD_START)

    def glues(self, token: int) -> bool:
        """The piece continues the previous word: no ``▁`` and a letter or digit first."""
        piece = self.pieces[token]
        return bool(piece) and not piece.startswith(WORD_START) and piece[0].isalnum()

    def glue_mask(self, size: int, device: Any) -> Any:
        """Boolean tensor over the model's vocabulary: True for pieces that :meth:`glues` (cached)."""
        key = (size, str(device))
        if key not in self._masks:
            import torch

            flags = [self.glues(t) if t < len(self.pieces) else False for t in range(size)]
            self._masks[key] = torch.tensor(flags, dtype=torch.bool, device=device)
        return self._masks[key]

    def ends_in_word(self, token: int) -> bool:
        """The piece ends with a letter or digit (a piece without ``▁`` after it would extend that word)."""
        piece = self.pieces[token].rstrip(WORD_START)
        return bool(piece) and piece[-1].isalnum()

    # -- tokenization ---------------------------------------------------------------------------------

    def encode(self, text: str, word_initial: bool = True) -> tuple[int, ...] | None:
        """Token ids for ``text``; None when it needs ``<unk>`` or does not decode back to itself."""
        if word_initial:
            pieces = list(self.spm.encode(text, out_type=str))
        elif self.bare_spm is not None:
            pieces = list(self.bare_spm.encode(text, out_type=str))
        else:
            pieces = list(self.spm.encode(text, out_type=str))
            if pieces and pieces[0] == WORD_START:
                pieces = pieces[1:]
            elif pieces and pieces[0].startswith(WORD_START) and pieces[0][1:] in self.encoder:
                pieces[0] = pieces[0][1:]
            else:
                return None
        if not pieces or any(p not in self.encoder for p in pieces):
            return None
        ids = tuple(self.encoder[p] for p in pieces)
        if self.unk_id in ids:
            return None
        if self.spm.decode_pieces(pieces).strip() != text.strip():
            return None
        return ids

    def warn(self, key: tuple[str, str], message: str) -> None:
        """Warn once per key (a term is checked in every sentence it occurs in)."""
        if key in self.warned:
            return
        self.warned.add(key)
        self.messages.append(message)
        warnings.warn(message, TerminologyWarning, stacklevel=3)


def _without_dummy_prefix(spm: Any) -> Any:
    """A copy of the sentencepiece model that does not add ``▁`` at the start (needs protobuf)."""
    try:
        import sentencepiece
        from sentencepiece import sentencepiece_model_pb2
    except ImportError:  # protobuf is optional: fall back to stripping the first piece's ▁
        return None
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(spm.serialized_model_proto())
    proto.normalizer_spec.add_dummy_prefix = False
    bare = sentencepiece.SentencePieceProcessor()
    bare.LoadFromSerializedProto(proto.SerializeToString())
    return bare


def spelling_variants(form: str, case_rule: str, lowercase: bool = True) -> list[str]:
    """The form as given, capitalised and (``lowercase``) with a lower-case first letter.

    Acronyms keep their capitals, also when they open a longer term (``ҰҚШҰ Бас хатшысы``).
    """
    variants = [form]
    if case_rule != "sensitive" and form:
        variants.append(form[:1].upper() + form[1:])
        first_word = form.split()[0]
        if lowercase and not (len(first_word) > 1 and first_word.isupper()):
            variants.append(form[:1].lower() + form[1:])
    return list(dict.fromkeys(variants))


def build_constraint(
    label: str, forms: Iterable[tuple[str, str]], vocabulary: TargetVocabulary, lang: str, *,
    lowercase: bool = True,
) -> Constraint | None:
    """A constraint from ``(form, case_rule)`` pairs; None (with a warning) if no form can be tokenized.

    ``lowercase=False`` for names: never offer ``минск`` for ``Минск``, even where the case rule would accept it.
    """
    sequences: dict[tuple[int, ...], bool] = {}
    unusable: list[str] = []
    for form, case_rule in forms:
        usable = False
        for text in spelling_variants(form.strip(), case_rule, lowercase):
            word = vocabulary.encode(text, word_initial=True)
            if word is None:
                continue
            usable = True
            sequences.setdefault(word, False)
            bare = vocabulary.encode(text, word_initial=False)
            if bare is not None and bare != word:
                sequences.setdefault(bare, True)
        if not usable:
            unusable.append(form)
    if unusable and sequences:
        vocabulary.warn((label, lang), (
            f"term '{label}' ({lang}): the model's target vocabulary cannot write "
            f"{', '.join(repr(f) for f in unusable[:3])}{' …' if len(unusable) > 3 else ''}; "
            "these forms are not used for enforcement"))
    if not sequences:
        vocabulary.warn((label, lang), (
            f"term '{label}' ({lang}) cannot be enforced: none of its forms can be written with the model's "
            "target vocabulary (they need <unk>); its occurrences stay unenforced — check the glossary "
            "spelling or use a model whose vocabulary covers these characters"))
        return None
    items = list(sequences.items())
    return Constraint(label, tuple(s for s, _ in items), tuple(free for _, free in items))


def constraint_from_strings(
    label: str, alternatives: Sequence[str], vocabulary: TargetVocabulary, lang: str = "xx",
) -> Constraint | None:
    """A constraint from plain alternative strings (case rule ``first``), e.g. for hand-made terms."""
    return build_constraint(label, [(a, "first") for a in alternatives], vocabulary, lang)
