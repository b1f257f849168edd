"""Corpus runs at scale: the local executor against Ray with 1 and 2 workers, on one machine.

Builds N small documents (default 200) from the sample corpus and, when ``../shared`` is present, the English
golden segmentation texts; translates them into Russian with a tiny OPUS-MT-layout model (built here, random
weights: the decoding work per sentence is small, so the figures show the executors' overhead, not a real
model's speed) on the default engine; prints documents/s, the ratio to the local executor measured in the same
run, each worker process's peak RSS, and the 1-minute load average before and after each run (the ratios only
mean something on an idle machine: other processes take CPU from whichever run is going).

    python benchmarks/corpus_scale.py [--documents 200] [--workers 1,2] [--batch-size 1] [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))  # tests.model_factory builds the model


def sentences() -> list[str]:
    from aligntool.engines.segmentation.segmenter import segment

    text = (REPO / "corpora" / "csto_news_en.txt").read_text(encoding="utf-8")
    found = [s.text for s in segment(text, "en")]
    golden = SHARED / "data" / "segmentation" / "golden_en.jsonl"
    if golden.is_file():
        for line in golden.read_text(encoding="utf-8").splitlines():
            found += json.loads(line)["expected"]
    return [s for s in found if len(s.split()) > 2]


def make_documents(directory: Path, count: int) -> None:
    pool = sentences()
    directory.mkdir(parents=True)
    for index in range(count):
        picked = [pool[(index * 7 + k * 13) % len(pool)] for k in range(3 + index % 4)]
        (directory / f"doc{index:04d}.txt").write_text(" ".join(picked), encoding="utf-8")


def run(executor: str, workers: int, documents: Path, out: Path, model: Path, batch_size: int = 1
        ) -> dict[str, object]:
    from aligntool.engines.translation.options import EngineOptions
    from aligntool.jobs.corpus.executors import ExecutorOptions
    from aligntool.jobs.corpus.run import CorpusTranslateJob, translate_corpus
    from aligntool.jobs.translate import TranslateJob

    shutil.rmtree(out, ignore_errors=True)
    job = TranslateJob(inputs=(), targets=("ru",), out_dir=out, models=(f"ru={model}",),
                       options=EngineOptions(device="cpu", max_length=16, threads=1), progress=False)
    options = ExecutorOptions(executor=executor, workers=workers, batch_size=batch_size) if executor == "ray" \
        else ExecutorOptions()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    summary = translate_corpus(CorpusTranslateJob(job, [documents]), options)
    seconds = time.perf_counter() - started
    rows = [json.loads(line) for line in summary.report.read_text(encoding="utf-8").splitlines()]
    rss: dict[str, float] = {}
    for row in rows:
        rss[row["worker"]] = max(rss.get(row["worker"], 0.0), row["worker_rss_mb"])
    return {"executor": executor, "workers": workers, "documents": summary.documents, "written": summary.written,
            "failed": summary.failed, "seconds": seconds, "docs_per_s": summary.written / seconds,
            "sentences": summary.sentences, "rss_mb": sorted(rss.values()), "load_before": load,
            "load_after": os.getloadavg()[0]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--batch-size", type=int, default=1, help="documents per call to a Ray actor")
    args = parser.parse_args(argv)
    import ray

    from tests.model_factory import build_tiny_en_ru

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        model = args.model_dir or build_tiny_en_ru(root / "tiny-en-ru")
        make_documents(root / "docs", args.documents)
        workers = [int(w) for w in args.workers.split(",") if w]
        ray.init(num_cpus=max(workers), include_dashboard=False, log_to_driver=False)
        try:
            results = [run("local", 1, root / "docs", root / "out-local", model)]
            for count in workers:
                results.append(run("ray", count, root / "docs", root / f"out-ray{count}", model, args.batch_size))
            results.append(run("local", 1, root / "docs", root / "out-local2", model))  # brackets the Ray runs
        finally:
            ray.shutdown()
    base = (results[0]["docs_per_s"] + results[-1]["docs_per_s"]) / 2
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {args.documents} documents, "
          f"model {args.model_dir or 'tiny en-ru (random weights, built here)'}, default engine, "
          f"1 thread per worker, {args.batch_size} documents per Ray call; × local: against the mean of the two "
          "local runs")
    print(f"{'executor':<8} {'workers':>7} {'written':>7} {'seconds':>8} {'docs/s':>7} {'× local':>8}  "
          f"{'load before → after':>20}  peak RSS MB")
    for r in results:
        print(f"{r['executor']:<8} {r['workers']:>7} {r['written']:>7} {r['seconds']:>8.1f} {r['docs_per_s']:>7.2f} "
              f"{r['docs_per_s'] / base:>8.2f}  {r['load_before']:>9.1f} → {r['load_after']:<8.1f}  "
              f"{', '.join(f'{v:.0f}' for v in r['rss_mb'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
