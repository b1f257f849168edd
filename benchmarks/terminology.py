"""Wall time of ``--terms enforce`` against ``--terms off`` on the sample corpus, OPUS-MT-sized model.

The model has the architecture of Helsinki-NLP/opus-mt-en-ru (d_model 512, 6+6 layers, 8 heads, FFN 2048)
with random weights. Its sentencepiece vocabularies are trained on the small in-repo corpora, which allow
far fewer pieces than the real 62,518; the joint vocabulary is padded with filler entries (never produced by
the tokenizer, but scored by the model at every step) to the real size, so the output layer costs what
the real model's does. Random weights never produce the glossary terms: with the default engine every
sentence with a term is decoded with constraints on the first pass (``TermEnforcer.translate``); with
``--engine ctranslate2`` every such sentence is decoded by CTranslate2 and then again, constrained, by the
transformers engine (the worst case for that engine: a real model gets most terms right).

Run: ``python benchmarks/terminology.py`` (``--help`` for options). Prints the ratios and a JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # tests.model_factory builds the model
OPUS_MT_VOCAB = 62_518


def _build(directory: Path, pad_vocab: bool) -> Path:
    from dataclasses import replace

    from tests.model_factory import DATA, OPUS_MT_EN_RU, build_marian_checkpoint

    target_text = (DATA / "tiny_corpus.ru.txt").read_text(encoding="utf-8")
    shape = OPUS_MT_EN_RU
    if pad_vocab:
        # A throw-away tiny build with the same sentencepiece settings tells how many real pieces there are.
        with tempfile.TemporaryDirectory() as tmp:
            probe = build_marian_checkpoint(Path(tmp), target_text, replace(
                shape, d_model=16, encoder_layers=1, decoder_layers=1, heads=2, ffn_dim=32))
            real = len(json.loads((probe / "vocab.json").read_text(encoding="utf-8")))
        # Filler entries: the vocabulary gets the real size, the tokenizer never emits them.
        shape = replace(shape, extra_tokens=tuple(f"<filler{i}>" for i in range(OPUS_MT_VOCAB - real)))
    return build_marian_checkpoint(directory, target_text, shape)


def _timed(function: Callable[[], object]) -> tuple[float, float, object]:
    """Wall seconds, CPU seconds of this process (all threads) and the result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpora" / "csto_news_en.txt")
    parser.add_argument("--glossary", type=Path, default=REPO / "glossary" / "csto.yaml")
    parser.add_argument("--model-dir", type=Path, help="reuse (or create) the benchmark model here")
    parser.add_argument("--no-pad-vocab", action="store_true", help="keep only the pieces the corpus allows")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--max-length", type=int, default=None, help="most new tokens per sentence")
    parser.add_argument("--repeats", type=int, default=1, help="best of N runs for each figure")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--engine", default="transformers", help="transformers or ctranslate2")
    parser.add_argument("--sentences", type=int, default=0, help="use only the first N corpus sentences (0: all)")
    args = parser.parse_args(argv)

    import torch

    from aligntool.api import from_pretrained
    from aligntool.engines.segmentation.segmenter import segment
    from aligntool.engines.terminology.enforce import TermEnforcer
    from aligntool.engines.terminology.termbase import Glossary

    if args.threads:
        torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model_dir or Path(tmp) / "opus-mt-size-en-ru"
        if not (model_dir / "config.json").exists():
            print(f"building the model in {model_dir} …", file=sys.stderr)
            _build(model_dir, not args.no_pad_vocab)
        translator = from_pretrained(str(model_dir), lang="ru", beams=args.beams, max_length=args.max_length,
                                     device=args.device, engine=args.engine, threads=args.threads)
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        glossary = Glossary.load(args.glossary)
        sentences = [s.text for s in segment(args.corpus.read_text(encoding="utf-8"), "en")]
        if args.sentences:
            sentences = sentences[:args.sentences]
        probe = TermEnforcer(glossary, "en", "check")
        with_terms = [s for s in sentences if probe.source_terms(s)]
        without = [s for s in sentences if not probe.source_terms(s)]

        translator.translate(sentences[:2])  # warm-up: first-call allocations
        figures: dict[str, float] = {}
        enforcer: TermEnforcer | None = None
        # ``off`` = translator.translate; ``enforce`` = TermEnforcer.translate (constraints built, the term
        # sentences decoded constrained, every output checked). The two alternate within each repeat (best of
        # --repeats each), so load changes on a shared machine affect both.
        for _ in range(args.repeats):
            for name, subset in (("all", sentences), ("with_terms", with_terms), ("without_terms", without)):
                seconds, cpu, _ = _timed(lambda s=subset: translator.translate(s))
                checker = TermEnforcer(glossary, "en", "enforce")
                enforced, enforced_cpu, _ = _timed(lambda s=subset, c=checker: c.translate(translator, "ru", s))
                for key, value in ((f"off_{name}", seconds), (f"cpu_off_{name}", cpu),
                                   (f"enforce_{name}", enforced), (f"cpu_enforce_{name}", enforced_cpu)):
                    figures[key] = min(figures.get(key, float("inf")), value)
                if name == "all":
                    enforcer = checker
        summary = enforcer.summaries["ru"] if enforcer else None

    report = {
        "device": args.device, "engine": translator.engine_identity, "threads": torch.get_num_threads(),
        "beams": translator.num_beams, "d_model": config["d_model"],
        "layers": [config["encoder_layers"], config["decoder_layers"]],
        "vocab": config["vocab_size"], "sentences": len(sentences), "with_terms": len(with_terms),
        "redecoded": summary.redecoded if summary else None,
        "term_success_after": summary.rates()["exact_after"] if summary else None,
        **{k: round(v, 3) for k, v in figures.items()},
        "ratio_all": round(figures["enforce_all"] / figures["off_all"], 3),
        "ratio_with_terms": round(figures["enforce_with_terms"] / figures["off_with_terms"], 3),
        "ratio_without_terms": round(figures["enforce_without_terms"] / figures["off_without_terms"], 3),
        **{f"cpu_ratio_{name}": round(figures[f"cpu_enforce_{name}"] / figures[f"cpu_off_{name}"], 3)
           for name in ("all", "with_terms", "without_terms")},
    }
    print(f"model: d_model {config['d_model']}, {config['encoder_layers']}+{config['decoder_layers']} layers, "
          f"vocab {config['vocab_size']}; {translator.engine_identity}, beams {translator.num_beams}; "
          f"{args.device}, {report['threads']} thread(s)")
    print(f"corpus: {len(sentences)} sentences, {len(with_terms)} with glossary terms "
          f"({report['redecoded']} decoded with constraints, term success after {report['term_success_after']}%)")
    for name in ("all", "with_terms", "without_terms"):
        print(f"{name:>14}: wall off {figures[f'off_{name}']:.2f} s, enforce {figures[f'enforce_{name}']:.2f} s, "
              f"ratio {report[f'ratio_{name}']:.2f}× | CPU off {figures[f'cpu_off_{name}']:.2f} s, enforce "
              f"{figures[f'cpu_enforce_{name}']:.2f} s, ratio {report[f'cpu_ratio_{name}']:.2f}×")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
