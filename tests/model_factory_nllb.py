"""Build NLLB-200 checkpoints (M2M100 architecture) in the exact facebook/nllb-200-* layout, random weights.

The real repositories hold ``config.json`` (``M2M100ForConditionalGeneration``), ``generation_config.json``,
``sentencepiece.bpe.model``, ``tokenizer.json``, ``tokenizer_config.json`` (``NllbTokenizer``) and the weights.
Here the sentencepiece model is a real BPE model trained on the test corpora, the language codes
(``eng_Latn``, ``rus_Cyrl``, ``kaz_Cyrl`` …) are special tokens after the pieces as in NLLB's vocabulary, and the
model is loaded by path through the same ``from_pretrained`` code path as ``facebook/nllb-200-distilled-600M``.

``python -m tests.model_factory_nllb DIR`` writes ``DIR/tiny-nllb``.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.model_factory import DATA, ENGLISH_CORPUS, ENGLISH_EXTRA, _corpus_lines

#: The NLLB codes the tiny model knows (a real NLLB-200 vocabulary has 202 of them).
LANGUAGE_CODES = ("eng_Latn", "rus_Cyrl", "kaz_Cyrl", "deu_Latn", "fra_Latn")


@dataclass(frozen=True)
class NllbShape:
    """Architecture of the generated model; the defaults are tiny."""

    d_model: int = 16
    encoder_layers: int = 1
    decoder_layers: int = 1
    heads: int = 2
    ffn_dim: int = 32
    max_positions: int = 1024
    vocab: int = 800


def build_nllb_checkpoint(out_dir: str | Path, shape: NllbShape = NllbShape(), *, seed: int = 2) -> Path:
    """Write a random-weight NLLB-layout checkpoint to ``out_dir`` and return it."""
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines = _corpus_lines(ENGLISH_CORPUS.read_text(encoding="utf-8") + ENGLISH_EXTRA)
    for name in ("tiny_corpus.ru.txt", "tiny_corpus.kk.txt"):
        lines += _corpus_lines((DATA / name).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "sp"
        # NLLB's fairseq dictionary order: <s>=0, <pad>=1, </s>=2, <unk>=3, then the pieces.
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines), model_prefix=str(prefix), vocab_size=shape.vocab, model_type="bpe",
            character_coverage=1.0, hard_vocab_limit=False, bos_id=0, pad_id=1, eos_id=2, unk_id=3,
            minloglevel=2,
        )
        spm_path = out / "sentencepiece.bpe.model"
        spm_path.write_bytes(prefix.with_suffix(".model").read_bytes())
    tokenizer = NllbTokenizer.from_pretrained(str(out), src_lang="eng_Latn")
    tokenizer.add_tokens(list(LANGUAGE_CODES), special_tokens=True)
    tokenizer.add_tokens(["<mask>"], special_tokens=True)
    tokenizer.model_max_length = 1024
    tokenizer.save_pretrained(out)

    config = M2M100Config(
        vocab_size=len(tokenizer), d_model=shape.d_model, encoder_layers=shape.encoder_layers,
        decoder_layers=shape.decoder_layers, encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads, encoder_ffn_dim=shape.ffn_dim, decoder_ffn_dim=shape.ffn_dim,
        max_position_embeddings=shape.max_positions, scale_embedding=True, activation_function="relu",
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
        architectures=["M2M100ForConditionalGeneration"], tokenizer_class="NllbTokenizer",
    )
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config)
    model.eval()
    model.save_pretrained(out)
    GenerationConfig(bos_token_id=0, decoder_start_token_id=2, eos_token_id=2, pad_token_id=1,
                     max_length=200).save_pretrained(out)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.model_factory_nllb OUT_DIR", file=sys.stderr)
        return 2
    print(build_nllb_checkpoint(Path(argv[0]) / "tiny-nllb"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
