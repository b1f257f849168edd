"""Build MarianMT checkpoints in the exact Helsinki-NLP OPUS-MT layout, with random weights.

The Hub is unreachable on CI, so tests and benchmarks build their own models: real sentencepiece models
(``source.spm``, ``target.spm``) trained on corpus text, a joint ``vocab.json`` as Marian writes it
(``</s>`` = 0, ``<unk>`` = 1, ``<pad>`` last), ``config.json``, ``generation_config.json`` and the tokenizer
files written by ``MarianTokenizer.save_pretrained``. aligntool loads them by path through the same
``from_pretrained`` code path as a Hub id.

``python -m tests.model_factory DIR`` writes ``DIR/tiny-en-ru`` and ``DIR/tiny-en-trk`` (used by ``make run-offline``).
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
ENGLISH_CORPUS = REPO / "corpora" / "csto_news_en.txt"
ENGLISH_EXTRA = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?-–—\"'“”«»()[]/%&\n"
    "The Collective Security Treaty Organization (CSTO) Secretary General met the Foreign Minister.\n"
)
# Target-language tokens of the multi-target en→trk OPUS-MT model (a subset is enough for tests).
TRK_LANGUAGE_TOKENS = (">>kaz_Cyrl<<", ">>tur<<", ">>uzb_Latn<<", ">>kir_Cyrl<<")


@dataclass(frozen=True)
class MarianShape:
    """Architecture of the generated model; defaults are tiny, ``OPUS_MT_EN_RU`` is the real size."""

    d_model: int = 16
    encoder_layers: int = 1
    decoder_layers: int = 1
    heads: int = 2
    ffn_dim: int = 32
    max_positions: int = 128
    model_max_length: int = 512
    source_vocab: int = 600
    target_vocab: int = 600
    num_beams: int = 4
    extra_tokens: tuple[str, ...] = field(default_factory=tuple)


OPUS_MT_EN_RU = MarianShape(
    d_model=512, encoder_layers=6, decoder_layers=6, heads=8, ffn_dim=2048, max_positions=512,
    model_max_length=512, source_vocab=8000, target_vocab=8000,
)


def _train_spm(lines: list[str], model_path: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "spm"
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_prefix=str(prefix),
            vocab_size=vocab_size,
            model_type="unigram",
            character_coverage=1.0,
            hard_vocab_limit=False,
            bos_id=-1,
            eos_id=-1,
            unk_id=0,
            minloglevel=2,
        )
        model_path.write_bytes(prefix.with_suffix(".model").read_bytes())


def _pieces(model_path: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(model_path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _corpus_lines(text: str, repeat: int = 1) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines * repeat


def build_marian_checkpoint(
    out_dir: str | Path,
    target_text: str,
    shape: MarianShape = MarianShape(),
    *,
    source_text: str | None = None,
    seed: int = 0,
) -> Path:
    """Write a random-weight MarianMT checkpoint in OPUS-MT layout to ``out_dir`` and return it."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if source_text is None:
        source_text = ENGLISH_CORPUS.read_text(encoding="utf-8") + ENGLISH_EXTRA
    with tempfile.TemporaryDirectory() as tmp:
        src_spm, tgt_spm = Path(tmp) / "source.spm", Path(tmp) / "target.spm"
        _train_spm(_corpus_lines(source_text), src_spm, shape.source_vocab)
        _train_spm(_corpus_lines(target_text), tgt_spm, shape.target_vocab)
        vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
        for piece in [*shape.extra_tokens, *_pieces(src_spm), *_pieces(tgt_spm)]:
            if piece not in vocab and piece not in ("<unk>", "<s>", "</s>", "<pad>"):
                vocab[piece] = len(vocab)
        vocab["<pad>"] = len(vocab)
        vocab_path = Path(tmp) / "vocab.json"
        vocab_path.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        tokenizer = MarianTokenizer(
            source_spm=str(src_spm), target_spm=str(tgt_spm), vocab=str(vocab_path),
            model_max_length=shape.model_max_length,
        )
        tokenizer.save_pretrained(out)

    pad_id = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=shape.d_model,
        encoder_layers=shape.encoder_layers, decoder_layers=shape.decoder_layers,
        encoder_attention_heads=shape.heads, decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn_dim, decoder_ffn_dim=shape.ffn_dim,
        max_position_embeddings=shape.max_positions, activation_function="swish",
        scale_embedding=True, static_position_embeddings=True, share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True, pad_token_id=pad_id, eos_token_id=0, forced_eos_token_id=0,
        decoder_start_token_id=pad_id, bos_token_id=0,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    model.save_pretrained(out)
    GenerationConfig(
        bos_token_id=0, decoder_start_token_id=pad_id, eos_token_id=0, forced_eos_token_id=0,
        pad_token_id=pad_id, max_length=shape.model_max_length, num_beams=shape.num_beams,
        bad_words_ids=[[pad_id]],
    ).save_pretrained(out)
    return out


def build_tiny_en_ru(out_dir: str | Path, **overrides: int) -> Path:
    """Tiny plain en→ru model (no target-language token)."""
    shape = MarianShape(**overrides) if overrides else MarianShape()
    return build_marian_checkpoint(out_dir, (DATA / "tiny_corpus.ru.txt").read_text(encoding="utf-8"), shape)


def build_tiny_en_trk(out_dir: str | Path, **overrides: int) -> Path:
    """Tiny multi-target en→trk model that needs a sentence-initial ``>>kaz_Cyrl<<`` token."""
    shape = MarianShape(extra_tokens=TRK_LANGUAGE_TOKENS, **overrides)
    return build_marian_checkpoint(
        out_dir, (DATA / "tiny_corpus.kk.txt").read_text(encoding="utf-8"), shape, seed=1
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.model_factory OUT_DIR", file=sys.stderr)
        return 2
    root = Path(argv[0])
    print(build_tiny_en_ru(root / "tiny-en-ru"))
    print(build_tiny_en_trk(root / "tiny-en-trk"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
