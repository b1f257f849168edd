"""Lexical constraints as plain data the engines accept, and the target vocabulary they are written in.

A :class:`Constraint` is one phrase the output must contain: a disjunction of target token sequences
(built by :mod:`aligntool.engines.terminology` from glossary terms, or by hand). :class:`TargetVocabulary` is the
model's target side — pieces, the sentencepiece model that writes text as pieces, and the token classes the
constrained search needs (word starts, glued pieces). Both are public: callers build constraints with
``translator.target_vocabulary`` and pass them to ``translator.translate(sentences, constraints)``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

WORD_START = "\u2581"  # sentencepiece's word-initial marker


@dataclass(frozen=True)
class Constraint:
    """One term occurrence the output must contain: any one of ``sequences``.

    ``free_start[i]`` is True for sequences whose first piece has no ``▁``: they may only start at the
    beginning of the output or after a piece that ends in punctuation, so they never glue onto a word.
    """

    label: str
    sequences: tuple[tuple[int, ...], ...]
    free_start: tuple[bool, ...] = ()
    source: str = ""  # the source words it translates: places it in the right piece of a split sentence
    #: ``written[i]``: sequence ``i`` spells a form as the glossary writes it (not a re-capitalised variant)
    written: tuple[bool, ...] = ()
    #: token sequences of the entry's deprecated and forbidden forms: suppressed where the engine can
    avoid: tuple[tuple[int, ...], ...] = ()
    #: ``forms[i]``: the glossary form sequence ``i`` spells (before re-capitalisation)
    forms: tuple[str, ...] = ()
    #: the forms of this occurrence's own target term (its inflections), tried first where a form is chosen
    prefer: frozenset[str] = frozenset()

    @property
    def min_length(self) -> int:
        """Fewest tokens that always satisfy it (word-initial sequences: allowed after any token)."""
        lengths = [len(s) for s, free in zip(self.sequences, self._free(), strict=True) if not free]
        return min(lengths) if lengths else min(len(s) for s in self.sequences)

    def _free(self) -> tuple[bool, ...]:
        return self.free_start or (False,) * len(self.sequences)

    def is_free(self, index: int) -> bool:
        """Sequence ``index`` has no word-initial ``▁`` (it glues onto preceding punctuation)."""
        return self._free()[index]

    def prefers(self, index: int) -> bool:
        """Sequence ``index`` spells a form of the occurrence's own target term (False when not recorded)."""
        return bool(self.forms) and self.forms[index] in self.prefer

    def is_written(self, index: int) -> bool:
        """Sequence ``index`` spells a form as the glossary writes it (True when not recorded)."""
        return self.written[index] if self.written else True


@dataclass
class TargetVocabulary:
    """Target-side pieces of a Marian tokenizer, indexed by token id, for building and checking constraints."""

    pieces: list[str]
    unk_id: int
    encoder: dict[str, int]
    spm: Any
    bare_spm: Any = None  # the same model without the dummy ``▁`` prefix (None when protobuf is missing)
    _masks: dict[tuple[int, str], Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_tokenizer(cls, tokenizer: Any, vocab_size: int | None = None) -> TargetVocabulary:
        """Build from a ``MarianTokenizer`` (shared or separate vocabularies) or another sentencepiece-style
        tokenizer (NLLB, M2M100: one vocabulary for both sides); ``vocab_size``: the model's."""
        if hasattr(tokenizer, "spm_target"):
            separate = bool(getattr(tokenizer, "separate_vocabs", False))
            encoder: dict[str, int] = dict(tokenizer.target_encoder if separate else tokenizer.encoder)
            spm: Any = tokenizer.spm_target
            bare = _without_dummy_prefix(spm)
        else:
            encoder = dict(tokenizer.get_vocab())
            spm, bare = _TokenizerPieces(tokenizer), None
        size = max(vocab_size or 0, max(encoder.values()) + 1)
        pieces = [""] * size
        for piece, index in encoder.items():
            if 0 <= index < size:
                pieces[index] = piece
        return cls(pieces, int(tokenizer.unk_token_id), encoder, spm, bare)

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

    def opens(self, token: int) -> bool:
        """The piece ends with punctuation that the next word is written against: an opening bracket or «, ‹, „;
        a quote that opens or closes by language (", ', “, ‘) when a space stands before it; a hyphen inside a
        word (``ОДКБ-``)."""
        raw = self.pieces[token]
        piece = raw.rstrip(WORD_START)
        if not piece:
            return False
        last = piece[-1]
        if unicodedata.category(last) == "Ps" or last in "«‹„":
            return True
        if last in "\"'“‘":  # “ opens an English quote and closes a Russian „…“: read by the space before it
            return raw == WORD_START + last  # ▁" opens; word" closes
        return last in "-\u2010" and not raw.startswith(WORD_START)

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


class _TokenizerPieces:
    """The two sentencepiece calls :class:`TargetVocabulary` makes, answered by a transformers tokenizer."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def encode(self, text: str, out_type: type = str) -> list[str]:
        """Pieces of ``text`` (no special tokens, no language code)."""
        return list(self.tokenizer.tokenize(text))

    def decode_pieces(self, pieces: Sequence[str]) -> str:
        """Text of ``pieces``."""
        return str(self.tokenizer.convert_tokens_to_string(list(pieces)))


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


def satisfies(ids: Sequence[int], constraints: Sequence[Constraint]) -> bool:
    """``ids`` contain every constraint, each occurrence as its own non-overlapping match of one alternative."""
    needed: dict[tuple[tuple[int, ...], ...], int] = {}
    for constraint in constraints:
        needed[constraint.sequences] = needed.get(constraint.sequences, 0) + 1
    tokens = list(ids)
    for sequences, count in needed.items():
        found, position = 0, 0
        while position < len(tokens) and found < count:
            match = next((len(s) for s in sequences if tokens[position:position + len(s)] == list(s)), 0)
            if match:
                found += 1
                position += match
            else:
                position += 1
        if found < count:
            return False
    return True
