"""OPUS-MT's tokenizer read with sentencepiece alone, for runs that decode with CTranslate2.

Why not transformers' ``MarianTokenizer`` there: importing transformers and building that tokenizer takes about
2.4 s of every run's start-up on our 2-core machines (docs/speed.md), more than the whole rest of the start-up,
while a CTranslate2 run needs only the two sentencepiece models and ``vocab.json``. :class:`MarianPieces` gives
the same ids, pieces and texts as ``MarianTokenizer`` (transformers 5) for a checkpoint in the standard OPUS-MT
layout — one shared vocabulary, the three special tokens ``</s>``, ``<unk>``, ``<pad>`` and no others, default
options — and tests hold it to that on our checkpoints and on generated text (tests/test_marian_pieces.py).
Any other layout returns None from :meth:`MarianPieces.read`, and transformers reads it as before. The
transformers engine always uses ``MarianTokenizer`` itself.

What is mirrored, and where transformers does it: the source text is split at the special tokens' spellings
(``PythonBackend.tokenize``), each other part loses a leading ``>>xxx<<`` language code, kept as a token, and
is cut into pieces by the source sentencepiece model (``MarianTokenizer._tokenize``); a piece not in the
vocabulary is ``<unk>``; ``</s>`` ends the ids. Decoding reads pieces from the vocabulary and joins each run
of them between special tokens with the source model (``MarianTokenizer.convert_tokens_to_string``; a shared
vocabulary decodes with the source model).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import sentencepiece

from aligntool.core.errors import AligntoolError
from aligntool.engines.translation.constraints import WORD_START

_SPECIAL_DEFAULTS = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
#: tokenizer_config.json keys whose values MarianPieces mirrors or which do not change tokenization
_KNOWN_SETTINGS = {
    "added_tokens_decoder", "backend", "eos_token", "unk_token", "pad_token", "model_max_length",
    "separate_vocabs", "source_lang", "target_lang", "sp_model_kwargs", "tokenizer_class",
    "clean_up_tokenization_spaces", "split_special_tokens", "name_or_path", "tokenizer_file",
    "special_tokens_map_file", "extra_special_tokens", "additional_special_tokens",
}
_LANGUAGE_CODE = re.compile(r">>.*?<<", re.DOTALL)


class MarianPieces:
    """The part of ``MarianTokenizer``'s interface the engines use, for a standard OPUS-MT checkpoint."""

    def __init__(self, spm_source: sentencepiece.SentencePieceProcessor,
                 spm_target: sentencepiece.SentencePieceProcessor, encoder: dict[str, int],
                 specials: dict[str, str], model_max_length: int) -> None:
        self.spm_source, self.spm_target = spm_source, spm_target
        self.encoder = encoder
        self.decoder = {index: piece for piece, index in encoder.items()}
        self.separate_vocabs = False
        self.model_max_length = model_max_length
        self.eos_token, self.unk_token, self.pad_token = (specials["eos_token"], specials["unk_token"],
                                                         specials["pad_token"])
        self.eos_token_id, self.unk_token_id, self.pad_token_id = (encoder[self.eos_token], encoder[self.unk_token],
                                                                   encoder[self.pad_token])
        self.all_special_tokens = [self.eos_token, self.unk_token, self.pad_token]
        self.all_special_ids = [self.eos_token_id, self.unk_token_id, self.pad_token_id]
        # longest first: a spelling that starts another is matched as the longer one (transformers' trie)
        self._special_split = re.compile("(" + "|".join(
            re.escape(token) for token in sorted(set(self.all_special_tokens), key=len, reverse=True)) + ")")

    @classmethod
    def read(cls, directory: Path) -> MarianPieces | None:
        """The tokenizer of the checkpoint in ``directory``, or None when its layout is not the standard one."""
        settings = _json(directory / "tokenizer_config.json")
        special_map = _json(directory / "special_tokens_map.json")
        if settings is None or special_map is None or (directory / "added_tokens.json").exists() \
                or not (directory / "vocab.json").is_file():
            return None
        if set(settings) - _KNOWN_SETTINGS or settings.get("separate_vocabs") or settings.get("sp_model_kwargs") \
                or settings.get("clean_up_tokenization_spaces") or settings.get("split_special_tokens") \
                or settings.get("additional_special_tokens") or settings.get("extra_special_tokens") \
                or special_map.keys() - set(_SPECIAL_DEFAULTS) \
                or settings.get("tokenizer_class", "MarianTokenizer") != "MarianTokenizer":
            return None
        specials = {key: _spelling(special_map.get(key, settings.get(key, default)))
                    for key, default in _SPECIAL_DEFAULTS.items()}
        if not all(specials.values()):
            return None
        added = settings.get("added_tokens_decoder", {})
        if not isinstance(added, dict) or any(
                not isinstance(token, dict) or token.get("content") not in specials.values()
                or token.get("lstrip") or token.get("rstrip") or token.get("single_word")
                for token in added.values()):
            return None
        encoder = _json(directory / "vocab.json")
        if not encoder or not all(isinstance(v, int) for v in encoder.values()) \
                or sorted(encoder.values()) != list(range(len(encoder))) \
                or any(token not in encoder for token in specials.values()) \
                or any(str(encoder[token]) != key for key, token in
                       ((key, t.get("content")) for key, t in added.items())):
            return None
        try:
            spm_source = sentencepiece.SentencePieceProcessor(model_file=str(directory / "source.spm"))
            spm_target = sentencepiece.SentencePieceProcessor(model_file=str(directory / "target.spm"))
        except (OSError, RuntimeError) as exc:
            raise AligntoolError(f"cannot read the sentencepiece models in {directory}: {exc}") from None
        length = settings.get("model_max_length", 512)
        return cls(spm_source, spm_target, encoder, specials, int(length) if isinstance(length, int) else 512)

    # -- encoding --------------------------------------------------------------------------------------

    def tokenize(self, text: str) -> list[str]:
        """The source pieces of ``text`` (no ``</s>``)."""
        pieces: list[str] = []
        for part in self._special_split.split(text):
            if not part:
                continue
            if part in self.all_special_tokens:
                pieces.append(part)
                continue
            if part.startswith(">>") and (code := _LANGUAGE_CODE.match(part)):
                pieces.append(code.group())
                part = part[code.end():]
            pieces.extend(self.spm_source.encode(part, out_type=str))
        return pieces

    def __call__(self, text: str, truncation: bool = False) -> dict[str, list[int]]:
        """``{"input_ids": …}``: the ids of ``text``'s pieces and ``</s>`` (never truncated)."""
        return {"input_ids": [*self.convert_tokens_to_ids(self.tokenize(text)), self.eos_token_id]}

    def convert_tokens_to_ids(self, tokens: str | list[str]) -> int | list[int]:
        """Each piece's id, ``<unk>``'s for a piece not in the vocabulary."""
        if isinstance(tokens, str):
            return self.encoder.get(tokens, self.unk_token_id)
        return [self.encoder.get(token, self.unk_token_id) for token in tokens]

    # -- decoding --------------------------------------------------------------------------------------

    def convert_ids_to_tokens(self, ids: list[int], skip_special_tokens: bool = False) -> list[str]:
        """Each id's piece (ids outside the vocabulary: ``<unk>``)."""
        skipped = set(self.all_special_ids) if skip_special_tokens else set()
        return [self.decoder.get(int(index), self.unk_token) for index in ids if int(index) not in skipped]

    def decode(self, ids: list[int], skip_special_tokens: bool = False) -> str:
        """The text of ``ids``."""
        out, run = "", []
        for token in self.convert_ids_to_tokens(ids, skip_special_tokens):
            if token in self.all_special_tokens:
                out += self.spm_source.decode_pieces(run) + token + " "
                run = []
            else:
                run.append(token)
        out += self.spm_source.decode_pieces(run)
        return out.replace(WORD_START, " ").strip()

    # -- the vocabulary --------------------------------------------------------------------------------

    def get_vocab(self) -> dict[str, int]:
        """Piece → id (a copy)."""
        return dict(self.encoder)

    def __len__(self) -> int:
        return len(self.encoder)


def _json(path: Path) -> dict | None:
    """A JSON object file's content; ``{}`` when the file does not exist, None when it is not an object."""
    if not path.is_file():
        return {}
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _spelling(token: object) -> str:
    """A special token's spelling, given as a string or as ``{"content": …}``."""
    if isinstance(token, dict):
        token = token.get("content")
    return token if isinstance(token, str) else ""
