"""Translation speed as a user sees it: whole processes (start-up, imports, model load, translation, output),
each against a plain one-sentence-at-a-time transformers loop measured in the same run.

    python benchmarks/translate_speed.py                      # OPUS-MT en-ru architecture, random weights
    python benchmarks/translate_speed.py --quick              # 12 sentences, to check that everything runs
    python benchmarks/translate_speed.py --compare-tree /work/main   # adds today's transformers engine from that tree
    python benchmarks/translate_speed.py --model DIR          # a real OPUS-MT checkpoint (local directory)

Without ``--model`` it builds a MarianMT checkpoint with the architecture of Helsinki-NLP/opus-mt-en-ru (d_model
512, 6+6 layers, 8 heads, FFN 2048, 512 sinusoidal positions, tied embeddings) with random weights and real
sentencepiece models trained on the repository's corpora; vocab.json is padded with never-produced pieces to
the real model's 62,518 entries, so the embedding and output layers have the real size. Sentences: the sample
corpus (``corpora/csto_news_en.txt``), segmented, each distinct sentence once (``--sentences`` repeats or cuts),
written one per paragraph to a text file that every run translates.

Runs (each its own process; wall time from start to exit, peak RSS = the process's ``VmHWM``; the conversion
for CTranslate2 is made once before the timed runs, as a first run would cache it):

- ``loop``: the baseline, plain transformers ``generate``, one sentence at a time, beam 4 (import, load, loop);
- ``default``: ``aligntool translate FILE --to ru`` (no ``--engine``: ``auto``);
- ``transformers``: the same with ``--engine transformers``; ``transformers-before`` (with ``--compare-tree``):
  that command run with another source tree (today's main), to show the transformers engine is no slower;
- ``terms-off`` / ``terms-enforce``: the default command with ``--glossary glossary/csto.yaml`` and
  ``--terms off`` / ``--terms enforce``; the enforce run reports the term scorer's exact rate after enforcement,
  the sentences the transformers last resort decoded, and whether the process imported PyTorch.

A random model rarely emits ``</s>``, so every run gets the same cap of ``--max-length`` new tokens (the loop:
``max_new_tokens`` with ``</s>`` forced at the last step) and almost every output runs to it: every engine does
the same amount of decoding. All runs use the same thread count. Identical = the run's TMX target equals the
loop's text for the same source sentence.
"""

from __future__ import annotations

import argparse
import json
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
GLOSSARY = ROOT / "glossary" / "csto.yaml"
RUNS = ("loop", "default", "transformers", "transformers-before", "terms-off", "terms-enforce")
#: extra CLI options per aligntool run
CLI_OPTIONS: dict[str, list[str]] = {
    "default": [],
    "transformers": ["--engine", "transformers"],
    "transformers-before": ["--engine", "transformers"],
    "terms-off": ["--glossary", str(GLOSSARY), "--terms", "off"],
    "terms-enforce": ["--glossary", str(GLOSSARY), "--terms", "enforce"],
}

# The child process of an aligntool run: the real CLI, then what this benchmark needs to know about the process.
_CLI_CHILD = """
import json, sys
from pathlib import Path
from aligntool.cli.app import run_cli
code = run_cli(sys.argv[2:])
peak = 0.0
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmHWM:"):
        peak = int(line.split()[1]) / 1024
Path(sys.argv[1]).write_text(json.dumps({"code": code, "torch": "torch" in sys.modules, "peak_rss_mb": peak}))
"""

# The baseline: a plain loop over the sentences with transformers, as a user would write it.
_LOOP_CHILD = """
import json, sys
from pathlib import Path
import torch
from transformers import MarianMTModel, MarianTokenizer
result, model_dir, sentences_file, threads, cap = sys.argv[1:6]
torch.set_num_threads(int(threads))
tokenizer = MarianTokenizer.from_pretrained(model_dir)
model = MarianMTModel.from_pretrained(model_dir).eval()
outputs = []
for sentence in json.loads(Path(sentences_file).read_text(encoding="utf-8")):
    encoded = tokenizer(sentence, return_tensors="pt")
    with torch.inference_mode():
        ids = model.generate(**encoded, num_beams=4, do_sample=False, max_new_tokens=int(cap) + 1,
                             min_new_tokens=1, forced_eos_token_id=tokenizer.eos_token_id)
    outputs.append(tokenizer.decode(ids[0], skip_special_tokens=True).strip())
peak = 0.0
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmHWM:"):
        peak = int(line.split()[1]) / 1024
Path(result).write_text(json.dumps({"code": 0, "torch": True, "peak_rss_mb": peak, "outputs": outputs}))
"""


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
    """The sample corpus, segmented, each distinct sentence once (repeated or cut to ``count``; 0: all)."""
    from aligntool.engines.segmentation.segmenter import segment

    text = (ROOT / "corpora" / "csto_news_en.txt").read_text(encoding="utf-8")
    unique = list(dict.fromkeys(s.text.strip() for s in segment(text, "en") if s.text.strip()))
    count = count or len(unique)
    return [unique[i % len(unique)] for i in range(count)]


def _load_average() -> float:
    return os.getloadavg()[0]


def run_one(name: str, model: str, workdir: Path, threads: int, cap: int, tree: Path) -> dict:
    """One timed process; returns its wall time, peak RSS, torch import, outputs (source → target)."""
    result = workdir / f"{name}.json"
    result.unlink(missing_ok=True)
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "false", "PYTHONPATH": str(tree)}
    if name == "loop":
        command = [sys.executable, "-c", _LOOP_CHILD, str(result), model, str(workdir / "sentences.json"),
                   str(threads), str(cap)]
    else:
        out = workdir / f"out-{name}"
        command = [sys.executable, "-c", _CLI_CHILD, str(result), "translate", str(workdir / "sentences.txt"),
                   "--to", "ru", "--model", f"ru={model}", "--out", str(out), "--threads", str(threads),
                   "--max-length", str(cap), "--no-resume", "--json", "--quiet", *CLI_OPTIONS[name]]
    load = _load_average()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tree)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0 or not result.is_file():
        raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    data = json.loads(result.read_text(encoding="utf-8"))
    data.update(name=name, seconds=seconds, cpu_seconds=cpu, load_before=load, load_after=_load_average())
    if name != "loop":
        summary = json.loads(done.stdout)
        report = summary["languages"]["ru"]
        data["engine"] = report.get("engine") or ", ".join(report.get("engines", {}))
        data["terms"] = report.get("terms") or {}
        data["repaired"] = report.get("repaired", 0)
        data["translations"] = _tmx_pairs(Path(summary["files"][0]))
    return data


def _tmx_pairs(path: Path) -> dict[str, str]:
    from aligntool.formats.tmx.reader import read_tmx

    pairs = {}
    for unit in read_tmx(path):
        texts = list(unit.variants.values())
        pairs[texts[0]] = texts[1] if len(texts) > 1 else ""
    return pairs


def report(results: dict[str, dict], sentences: list[str]) -> str:
    base = results.get("loop") or next(iter(results.values()))  # without the loop: against the first run
    loop_text = dict(zip(sentences, base["outputs"], strict=True)) if "outputs" in base else {}
    lines = [f"| run | engine | wall s (whole process) | × {base['name']} (speed) | CPU s | × {base['name']} (CPU) | "
             f"peak RSS MB | × {base['name']} | torch imported | identical to loop | load avg before → after |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        identical = "–"
        if "translations" in r and loop_text:
            same = sum(r["translations"].get(s, None) == loop_text[s] for s in sentences)
            identical = f"{100.0 * same / len(sentences):.1f} %"
        engine = r.get("engine", "plain transformers generate, one sentence at a time")
        lines.append(f"| {name} | {engine} | {r['seconds']:.1f} | {base['seconds'] / r['seconds']:.2f} | "
                     f"{r['cpu_seconds']:.1f} | {base['cpu_seconds'] / r['cpu_seconds']:.2f} | "
                     f"{r['peak_rss_mb']:.0f} | "
                     f"{r['peak_rss_mb'] / base['peak_rss_mb']:.2f} | {r['torch']} | "
                     f"{identical} | {r['load_before']:.1f} → {r['load_after']:.1f} |")
    return "\n".join(lines)


def verdicts(results: dict[str, dict]) -> list[str]:
    """The issue's targets, each with the measured figure."""
    out = []
    base = results.get("loop", {})
    if "default" in results and base:
        d = results["default"]
        out.append(f"default command: {base['seconds'] / d['seconds']:.2f}× the loop (target ≥ 8×), peak RSS "
                   f"{d['peak_rss_mb'] / base['peak_rss_mb']:.2f}× the loop's (target ≤ 1.0×)")
    for off_key in [k for k in results if k.startswith("terms-off")]:
        on_key = off_key.replace("terms-off", "terms-enforce")
        if on_key not in results:
            continue
        off, on = results[off_key], results[on_key]
        rates = on["terms"].get("rates", {})
        out.append(f"{on_key}: {on['seconds'] / off['seconds']:.2f}× --terms off by wall time, "
                   f"{on['cpu_seconds'] / off['cpu_seconds']:.2f}× by CPU time (target ≤ 1.3×); term "
                   f"scorer exact after enforcement {rates.get('exact_after', 0):.1f} % of "
                   f"{on['terms'].get('occurrences', 0)} occurrences (target 100 %); last resort (transformers) "
                   f"decoded {on['repaired']} sentence(s); PyTorch imported: {on['torch']} (target False)")
    if "transformers" in results and "transformers-before" in results:
        now, before = results["transformers"], results["transformers-before"]
        out.append(f"--engine transformers: {now['seconds']:.1f} s vs {before['seconds']:.1f} s with the compared "
                   f"tree ({before['seconds'] / now['seconds']:.2f}× its speed; target ≥ 1.0× within noise)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=0, help="Sentences (default: each corpus sentence once).")
    parser.add_argument("--quick", action="store_true", help="12 sentences, to check that everything runs.")
    parser.add_argument("--model", help="A local OPUS-MT directory instead of the built model.")
    parser.add_argument("--workdir", type=Path, help="Where the built model and CTranslate2 cache go (reused).")
    parser.add_argument("--threads", type=int, default=0, help="Threads for every run (default: aligntool's "
                        "default for this machine, computed once at the start).")
    parser.add_argument("--max-length", type=int, default=32, help="New tokens per sentence, every run (32).")
    parser.add_argument("--runs", default=",".join(r for r in RUNS if r != "transformers-before"),
                        help=f"Comma-separated subset of {', '.join(RUNS)} (the loop runs first unless --no-loop).")
    parser.add_argument("--compare-tree", type=Path, help="Another source tree (e.g. /work/main): adds "
                        "transformers-before, the transformers engine as that tree has it.")
    parser.add_argument("--no-loop", action="store_true", help="Skip the loop (e.g. --runs terms-off,terms-enforce: "
                        "their ratio needs no baseline); other ratios are then against the first run.")
    parser.add_argument("--repeat", type=int, default=1, help="Run the listed runs this many times, alternating "
                        "(name-2, name-3, …): pairs such as terms-off/terms-enforce at similar load.")
    parser.add_argument("--json", type=Path, help="Also write the measurements here.")
    args = parser.parse_args(argv)

    from aligntool.engines.translation.engine import default_threads

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="aligntool-speed-"))
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ["ALIGNTOOL_CT2_CACHE"] = str(workdir / "ct2-cache")
    model = args.model or str(build_model(workdir))
    sentences = corpus_sentences(12 if args.quick else args.sentences)
    (workdir / "sentences.json").write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
    (workdir / "sentences.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    threads = args.threads or default_threads()
    runs = [] if args.no_loop else ["loop"]
    runs += [r.strip() for r in args.runs.split(",") if r.strip() and r.strip() != "loop"]
    if args.compare_tree and "transformers-before" not in runs:
        runs.append("transformers-before")
    unknown = sorted(set(runs) - set(RUNS))
    if unknown:
        parser.error(f"unknown runs: {', '.join(unknown)}")
    # The conversion a first run makes (and caches): made here, outside the timed processes.
    from aligntool.engines.translation.factory import load_translator
    from aligntool.engines.translation.registry import ModelSpec

    load_translator(ModelSpec("ru", model), device="cpu")
    print(f"{len(sentences)} sentences ({len(set(sentences))} distinct), {threads} thread(s), at most "
          f"{args.max_length} new tokens, model {model}", file=sys.stderr)
    results: dict[str, dict] = {}
    for round_ in range(max(1, args.repeat)):
        for name in runs:
            tree = args.compare_tree if name == "transformers-before" else ROOT
            if tree is None:
                continue
            key = name if round_ == 0 else f"{name}-{round_ + 1}"
            results[key] = run_one(name, model, workdir, threads, args.max_length, tree.resolve())
            results[key]["name"] = key
            print(f"  {key}: {results[key]['seconds']:.1f} s, CPU {results[key]['cpu_seconds']:.1f} s, peak RSS "
                  f"{results[key]['peak_rss_mb']:.0f} MB, torch imported {results[key]['torch']}, load average "
                  f"{results[key]['load_before']:.1f}", file=sys.stderr)
    print(f"\n{time.strftime('%Y-%m-%d %H:%M')}, {_cpu_name()}, {len(sentences)} sentences, {threads} thread(s), "
          f"beam 4, at most {args.max_length} new tokens\n")
    print(report(results, sentences))
    print()
    for line in verdicts(results):
        print(f"- {line}")
    if args.json:
        slim = {name: {k: v for k, v in r.items() if k not in ("outputs", "translations")}
                for name, r in results.items()}
        args.json.write_text(json.dumps({"sentences": len(sentences), "threads": threads, "cpu": _cpu_name(),
                                         "runs": slim}, indent=2), encoding="utf-8")
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
