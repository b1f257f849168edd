"""Translation throughput: plain transformers vs aligntool's engines, each in its own process.

    python benchmarks/translate_speed.py                  # OPUS-MT en-ru architecture, random weights, 500 sentences
    python benchmarks/translate_speed.py --quick          # 40 sentences, to check that everything runs
    python benchmarks/translate_speed.py --sentences 120 --threads 1 --workdir /tmp/bench
    python benchmarks/translate_speed.py --model Helsinki-NLP/opus-mt-en-ru   # a real checkpoint (network)

Without ``--model`` it builds a MarianMT checkpoint with the architecture of Helsinki-NLP/opus-mt-en-ru
(d_model 512, 6+6 layers, 8 heads, FFN 2048, 512 sinusoidal positions, tied embeddings) with random
weights and real sentencepiece models trained on the repository's corpora. Those corpora only support
a few hundred pieces, so vocab.json is padded with dummy pieces (never produced by the tokenizer) to the
real model's 62,518 entries: the embedding and output layers, where much of the decoding time goes,
have the real size. Sentences: the sample corpus, segmented, repeated up to ``--sentences``.

A random model rarely emits ``</s>``, so every engine gets the same per-sentence cap on new tokens,
``ceil(length_ratio * source tokens) + 2``; almost every output runs to it, so all engines do the same
amount of decoding. Each run is a separate subprocess (peak RSS is per engine: ``VmHWM``), with the
same number of threads, and times only the translation (model loading excluded, one warm-up sentence): wall
time and this process's CPU time (on a machine shared with other work, the CPU-time ratio of single-thread runs
is the steadier figure: it leaves out the time the process waited for a core).
The one-sentence-at-a-time baselines translate each distinct sentence once and count its time once per
occurrence (a repeat would give the same output in the same time); the aligntool runs translate all.

Runs: ``baseline`` (plain transformers ``generate``, one sentence at a time, beam 4), ``aligntool``
(default engine, beam 4), ``aligntool-int8`` (opt-in dynamic int8), ``ct2-float32`` and ``ct2-int8``
(beam 4), and a greedy pair (``baseline-greedy`` vs ``ct2-float32-greedy``) for the agreement check.
Agreement = identical target token sequences, % of sentences, against the baseline of the same search.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.model_factory builds the checkpoint

OPUS_MT_EN_RU_VOCAB = 62_518
# name: (engine, compute type, beams, one sentence at a time with plain transformers, batch memory MB or None
# for aligntool's default)
RUNS: dict[str, tuple[str, str, int, bool, int | None]] = {
    "baseline": ("transformers", "float32", 4, True, None),
    "aligntool": ("transformers", "auto", 4, False, None),
    "aligntool-unbounded": ("transformers", "auto", 4, False, 0),  # --batch-memory 0: speed for memory
    "aligntool-int8": ("transformers", "int8", 4, False, None),
    "ct2-float32": ("ctranslate2", "float32", 4, False, None),
    "ct2-int8": ("ctranslate2", "int8", 4, False, None),
    "baseline-greedy": ("transformers", "float32", 1, True, None),
    "ct2-float32-greedy": ("ctranslate2", "float32", 1, False, None),
}


def pinned_cap(source_tokens: int, ratio: float) -> int:
    """New tokens allowed for a source of this length: the same for every engine."""
    return math.ceil(ratio * source_tokens) + 2


# -- setup (parent process) --------------------------------------------------------------------------


def build_model(workdir: Path) -> Path:
    """The OPUS-MT en-ru-shaped checkpoint in ``workdir`` (built once, then reused)."""
    from tests.model_factory import DATA, OPUS_MT_EN_RU, MarianShape, build_marian_checkpoint

    target = workdir / "opus-mt-en-ru-shape"
    if (target / "config.json").is_file():
        return target
    russian = (DATA / "tiny_corpus.ru.txt").read_text(encoding="utf-8")
    probe = build_marian_checkpoint(workdir / "probe", russian, MarianShape(source_vocab=8000, target_vocab=8000))
    real_pieces = len(json.loads((probe / "vocab.json").read_text(encoding="utf-8")))
    dummies = tuple(f"<dummy{i}>" for i in range(OPUS_MT_EN_RU_VOCAB - real_pieces))
    print(f"vocabulary: {real_pieces} real pieces + {len(dummies)} dummy pieces = {OPUS_MT_EN_RU_VOCAB}",
          file=sys.stderr)
    return build_marian_checkpoint(target, russian, replace(OPUS_MT_EN_RU, extra_tokens=dummies))


def corpus_sentences(count: int) -> list[str]:
    """The sample corpus, segmented, repeated to ``count`` sentences."""
    from aligntool.engines.segmentation.segmenter import segment

    text = (ROOT / "corpora" / "csto_news_en.txt").read_text(encoding="utf-8")
    unique = [s.text for s in segment(text, "en") if s.text.strip()]
    return [unique[i % len(unique)] for i in range(count)]


def run_worker(name: str, model: str, sentences_file: Path, out: Path, threads: int, ratio: float) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--model", model,
               "--sentences-file", str(sentences_file), "--result", str(out), "--threads", str(threads),
               "--length-ratio", str(ratio)]
    subprocess.run(command, check=True, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
    return json.loads(out.read_text(encoding="utf-8"))


# -- workers (one process per run) -------------------------------------------------------------------


def _baseline(model_dir: str, sentences: list[str], beams: int, threads: int, ratio: float) -> tuple:
    import torch
    from transformers import MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    torch.set_num_threads(threads)
    tokenizer = MarianTokenizer.from_pretrained(model_dir)
    model = MarianMTModel.from_pretrained(model_dir).eval()
    eos, pad = tokenizer.eos_token_id, tokenizer.pad_token_id

    def translate(sentence: str) -> list[int]:
        encoded = tokenizer(sentence, return_tensors="pt")
        cap = pinned_cap(encoded["input_ids"].shape[1], ratio)
        with torch.inference_mode():
            # cap + 1 with a forced </s> at the last step: at most ``cap`` tokens, like aligntool's cap.
            output = model.generate(**encoded, num_beams=beams, do_sample=False, max_new_tokens=cap + 1,
                                    min_new_tokens=1, forced_eos_token_id=eos)
        ids = [i for i in output[0, 1:].tolist() if i != pad]
        if ids and ids[-1] == eos:
            ids.pop()
        tokenizer.decode(ids, skip_special_tokens=True)  # counted: a user needs the text
        return ids

    translate(sentences[0])  # warm-up
    # One sentence at a time, a repeated sentence gives the same output in the same time: translate each
    # distinct sentence once and count its time once per occurrence (the corpus is repeated to size).
    seconds = cpu = 0.0
    done: dict[str, list[int]] = {}
    for sentence in dict.fromkeys(sentences):
        started, started_cpu = time.perf_counter(), time.process_time()
        done[sentence] = translate(sentence)
        seconds += (time.perf_counter() - started) * sentences.count(sentence)
        cpu += (time.process_time() - started_cpu) * sentences.count(sentence)
    return [done[s] for s in sentences], seconds, cpu


def _aligntool(model_dir: str, sentences: list[str], engine: str, compute_type: str, beams: int, threads: int,
               ratio: float, memory: int | None) -> tuple:
    from aligntool.engines.translation.factory import load_translator
    from aligntool.engines.translation.registry import ModelSpec

    extra = {} if memory is None else {"batch_memory_mb": memory}
    translator = load_translator(ModelSpec("ru", model_dir), device="cpu", engine=engine,
                                 compute_type=compute_type, threads=threads, beams=beams, **extra)
    if translator.engine_name != engine:
        raise SystemExit(f"{engine} fell back to {translator.engine_identity}")
    # Pin output lengths: the benchmark's cap instead of aligntool's generous default.
    translator.length_cap = lambda n: min(pinned_cap(n, ratio), translator.max_output_tokens)  # type: ignore
    if translator.engine_name == "transformers":
        identity_suffix = f", batch memory {translator.options.batch_memory_mb or 'unbounded'} MB"
    else:
        identity_suffix = ""
    order: list[int] = []
    outputs: list[list[int]] = []
    batches, generate = translator._batches, translator._generate

    def record_batches(items: list) -> list[list[int]]:
        result = batches(items)
        order.extend(i for batch in result for i in batch)
        return result

    def record_generate(batch: list[list[int]], caps: list[int]) -> list[list[int]]:
        result = generate(batch, caps)
        outputs.extend(result)
        return result

    translator.translate(sentences[:1])  # warm-up
    translator._batches, translator._generate = record_batches, record_generate  # type: ignore
    order.clear()
    outputs.clear()
    started, started_cpu = time.perf_counter(), time.process_time()
    translator.translate(sentences)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    if translator.stats.split_sentences:
        raise SystemExit("a sentence was split: agreement needs one piece per sentence")
    by_item = dict(zip(order, outputs, strict=True))
    return [by_item[i] for i in range(len(sentences))], seconds, cpu, translator.engine_identity + identity_suffix


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's before exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(args: argparse.Namespace) -> int:
    engine, compute_type, beams, plain, memory = RUNS[args.worker]
    sentences = json.loads(Path(args.sentences_file).read_text(encoding="utf-8"))
    if plain:
        outputs, seconds, cpu = _baseline(args.model, sentences, beams, args.threads, args.length_ratio)
        identity = "plain transformers generate, one sentence at a time"
    else:
        outputs, seconds, cpu, identity = _aligntool(args.model, sentences, engine, compute_type, beams, args.threads,
                                                args.length_ratio, memory)
    result = {"name": args.worker, "identity": identity, "seconds": seconds, "cpu_seconds": cpu, "outputs": outputs,
              "peak_rss_mb": peak_rss_mb(),
              "torch_imported": "torch" in sys.modules}
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")
    return 0


# -- report --------------------------------------------------------------------------------------------


def agreement(outputs: list[list[int]], reference: list[list[int]]) -> float:
    """Identical token sequences, % of sentences."""
    return 100.0 * sum(a == b for a, b in zip(outputs, reference, strict=True)) / len(reference)


def report(results: dict[str, dict], sentences: int) -> str:
    lines = ["| run | engine | sentences/s | × baseline | CPU s | × baseline (CPU) | target tokens/s | × baseline | "
             "peak RSS MB | × baseline | identical to baseline |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    base = results.get("baseline")
    for name, result in results.items():
        tokens = sum(len(ids) for ids in result["outputs"])
        speed, token_speed = sentences / result["seconds"], tokens / result["seconds"]
        reference = results.get("baseline-greedy" if name.endswith("greedy") else "baseline")
        cells = [name, result["identity"], f"{speed:.2f}"]
        if base:
            base_tokens = sum(len(ids) for ids in base["outputs"])
            cells += [f"{speed / (sentences / base['seconds']):.2f}", f"{result['cpu_seconds']:.1f}",
                      f"{base['cpu_seconds'] / result['cpu_seconds']:.2f}", f"{token_speed:.1f}",
                      f"{token_speed / (base_tokens / base['seconds']):.2f}", f"{result['peak_rss_mb']:.0f}",
                      f"{result['peak_rss_mb'] / base['peak_rss_mb']:.2f}"]
        else:
            cells += ["–", f"{result['cpu_seconds']:.1f}", "–", f"{token_speed:.1f}", "–",
                      f"{result['peak_rss_mb']:.0f}", "–"]
        cells.append(f"{agreement(result['outputs'], reference['outputs']):.1f} %" if reference else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=500, help="Sentences to translate (default 500).")
    parser.add_argument("--quick", action="store_true", help="40 sentences, to check that everything runs.")
    parser.add_argument("--model", help="A Hub id or local OPUS-MT directory instead of the built model.")
    parser.add_argument("--workdir", type=Path, help="Where the built model and CTranslate2 cache go (reused).")
    parser.add_argument("--threads", type=int, default=0,
                        help="Threads for every run (default: aligntool's default for this machine, now).")
    parser.add_argument("--length-ratio", type=float, default=1.2, help="Output cap = ceil(ratio*src)+2.")
    parser.add_argument("--runs", default=",".join(RUNS), help=f"Comma-separated subset of {', '.join(RUNS)}.")
    parser.add_argument("--json", type=Path, help="Also write the measurements (without outputs) here.")
    parser.add_argument("--worker", choices=list(RUNS), help=argparse.SUPPRESS)
    parser.add_argument("--sentences-file", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args)

    from aligntool.engines.translation.engine import default_threads

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="aligntool-speed-"))
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ["ALIGNTOOL_CT2_CACHE"] = str(workdir / "ct2-cache")
    model = args.model or str(build_model(workdir))
    count = 40 if args.quick else args.sentences
    sentences = corpus_sentences(count)
    sentences_file = workdir / "sentences.json"
    sentences_file.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
    threads = args.threads or default_threads()
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    unknown = sorted(set(runs) - set(RUNS))
    if unknown:
        parser.error(f"unknown runs: {', '.join(unknown)}")
    if any(RUNS[r][0] == "ctranslate2" for r in runs):
        # Convert outside the measured processes (conversion loads the torch model once).
        from aligntool.engines.translation.factory import load_translator
        from aligntool.engines.translation.registry import ModelSpec

        for compute_type in sorted({RUNS[r][1] for r in runs if RUNS[r][0] == "ctranslate2"}):
            load_translator(ModelSpec("ru", model), device="cpu", engine="ctranslate2", compute_type=compute_type)

    print(f"{count} sentences, {threads} thread(s), output cap ceil({args.length_ratio}·src)+2, model {model}",
          file=sys.stderr)
    results: dict[str, dict] = {}
    for name in runs:
        started, load = time.perf_counter(), os.getloadavg()[0]
        results[name] = run_worker(name, model, sentences_file, workdir / f"{name}.json", threads,
                                   args.length_ratio)
        results[name]["load_average_before"] = load  # other processes on the machine skew the ratios
        print(f"  {name}: {results[name]['seconds']:.1f} s translating ({time.perf_counter() - started:.0f} s "
              f"with loading), load average before {load:.1f}, torch imported: "
              f"{results[name]['torch_imported']}", file=sys.stderr)
    cpu = _cpu_name()
    print(f"\n{count} sentences ({len(set(sentences))} unique), {threads} thread(s), {cpu}, "
          f"load average at the end: {os.getloadavg()[0]:.1f}\n")
    print(report(results, count))
    if "aligntool" in results and "ct2-int8" in results:
        ratio = results["ct2-int8"]["peak_rss_mb"] / results["aligntool"]["peak_rss_mb"]
        print(f"\nct2-int8 peak RSS / aligntool (transformers) peak RSS: {ratio:.2f}")
    if args.json:
        summary = {name: {k: v for k, v in r.items() if k != "outputs"} for name, r in results.items()}
        args.json.write_text(json.dumps({"sentences": count, "threads": threads, "cpu": cpu, "runs": summary},
                                        indent=2), encoding="utf-8")
    return 0


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{os.cpu_count()} × {line.split(':', 1)[1].strip()}"
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs"


if __name__ == "__main__":
    sys.exit(main())
