"""Cost of the term case check (issue 28), two ways.

``cost``: the term scorer over the target sentences of the development sets and the correct Russian/Kazakh texts
of the repository, once with the case check and once with a stand-in that accepts every rendering (same
process, caches cleared before each pass, passes alternated); the difference per 1,000 sentences, plus the
one-time loads (pymorphy3 is loaded by the scorer anyway; the slovnet parser only when a rule needs it).

``translate``: ``aligntool translate corpora/csto_news_en.txt --to ru,kk --terms check`` (or ``--terms enforce``)
with tiny random-weight models (tests/model_factory), each run a separate process, alternating between this tree
and a baseline tree (``--baseline PATH``: a checkout without the case check, e.g. ``git archive BASE | tar -x -C
/tmp/base``); wall and CPU time (children included), median of ``--runs``.

    python benchmarks/case_check.py cost
    python benchmarks/case_check.py translate --baseline /tmp/base --runs 5

Prints a table and a JSON line. On a shared machine the CPU times are the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT / "tests" / "data" / "terminology_check"
TEXTS = {
    "ru": ["tests/data/tiny_corpus.ru.txt", "tests/data/alignment/csto_news.ru",
           "tests/data/alignment/csto_exercise.ru", "benchmarks/data/segmentation/fresh_ru.txt",
           "benchmarks/data/segmentation/heldout_ru.txt"],
    "kk": ["tests/data/tiny_corpus.kk.txt", "tests/data/alignment/csto_news_part.kk",
           "benchmarks/data/segmentation/fresh_kk.txt", "benchmarks/data/segmentation/heldout_kk.txt"],
}


def pairs(rows: str = "all") -> list[tuple[str, str, str]]:
    """(source, target, lang): the development rows (``dev``), and correct texts paired with an English source
    that names every entry they render, so that each rendering is scored (``correct``); or both (``all``)."""
    import csv

    from aligntool.engines.segmentation.segmenter import segment
    from aligntool.engines.terminology.termbase import Glossary

    out: list[tuple[str, str, str]] = []
    for path in sorted(DEV.glob("*.tsv")) if rows in ("all", "dev") else []:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = (line for line in handle if line.strip() and not line.startswith("#"))
            out.extend((f[3], f[4], f[1]) for f in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    glossary = Glossary.load(ROOT / "glossary" / "csto.yaml")
    for lang, paths in TEXTS.items() if rows in ("all", "correct") else []:
        for path in paths:
            for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    for sentence in segment(line, lang):
                        found = glossary.find(sentence.text, lang)
                        source = ". ".join(m.entry.preferred("en") for m in found) or "Nothing."
                        out.append((source, sentence.text, lang))
    return out


def _clear() -> None:
    from aligntool.engines.terminology import case_ru, context, syntax_ru

    context.tokenize.cache_clear()
    syntax_ru.parse.cache_clear()
    case_ru._parses.cache_clear()


class _AcceptAll:
    """Stands in for the case checker: every rendering fits."""

    def check(self, *args: object, **kwargs: object) -> object:
        from aligntool.engines.terminology.case_check import CaseVerdict

        return CaseVerdict(True)


def cost(passes: int, which: str) -> dict[str, object]:
    from aligntool.engines.terminology import syntax_ru
    from aligntool.engines.terminology.case_check import CaseChecker
    from aligntool.engines.terminology.scoring import TermScorer
    from aligntool.engines.terminology.termbase import Glossary

    rows = pairs(which)
    glossary = Glossary.load(ROOT / "glossary" / "csto.yaml")
    started = time.perf_counter()
    warm = TermScorer(glossary, "en")
    for source, target, lang in rows:  # forms, indexes and pymorphy3 loaded once, outside the timing
        warm.score(source, target, lang)
    warm_up = time.perf_counter() - started
    parser_loaded = syntax_ru.parser_loaded()
    parser_load = 0.0
    if not parser_loaded and syntax_ru.available():
        started = time.perf_counter()
        syntax_ru.parser()
        parser_load = time.perf_counter() - started
    timings: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    flagged = parses = 0
    for _ in range(passes):
        for mode in ("without", "with"):
            scorer = TermScorer(glossary, "en")
            scorer._exact, scorer._lenient, scorer._owners = warm._exact, warm._lenient, warm._owners
            scorer._qualifiers, scorer._generic = warm._qualifiers, warm._generic
            scorer.cases = CaseChecker() if mode == "with" else _AcceptAll()  # type: ignore[assignment]
            _clear()
            wall, cpu = time.perf_counter(), time.process_time()
            count = 0
            for source, target, lang in rows:
                count += sum(f.kind == "wrong-case" for f in scorer.score(source, target, lang).failures)
            timings[mode].append((time.perf_counter() - wall, time.process_time() - cpu))
            if mode == "with":
                flagged, parses = count, syntax_ru.parse.cache_info().misses
    per = 1000.0 / len(rows)
    result: dict[str, object] = {"rows": which, "sentences": len(rows), "wrong_case_flags": flagged,
                                 "sentences_parsed": parses, "passes": passes,
                                 "first_pass_with_loads_s": round(warm_up, 3),
                                 "parser_load_s": round(parser_load, 3), "parser_used_in_first_pass": parser_loaded}
    for mode, values in timings.items():
        result[f"{mode}_wall_ms_per_1000"] = round(statistics.median(v[0] for v in values) * per * 1000, 1)
        result[f"{mode}_cpu_ms_per_1000"] = round(statistics.median(v[1] for v in values) * per * 1000, 1)
    result["case_check_cpu_ms_per_1000"] = round(
        float(result["with_cpu_ms_per_1000"]) - float(result["without_cpu_ms_per_1000"]), 1)  # type: ignore[arg-type]
    return result


def _models(workdir: Path) -> list[str]:
    from tests.model_factory import build_tiny_en_ru, build_tiny_en_trk

    ru, kk = workdir / "tiny-en-ru", workdir / "tiny-en-trk"
    if not ru.is_dir():
        build_tiny_en_ru(ru)
    if not kk.is_dir():
        build_tiny_en_trk(kk)
    return ["--model", f"ru={ru}", "--model", f"kk={kk}", "--target-token", "kk=>>kaz_Cyrl<<"]


def _run(tree: Path, models: list[str], out: Path, terms: str) -> tuple[float, float, dict[str, object]]:
    env = dict(os.environ, PYTHONPATH=str(tree), HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1")
    command = [sys.executable, "-m", "aligntool", "translate", str(ROOT / "corpora" / "csto_news_en.txt"),
               "--to", "ru,kk", *models, "--glossary", str(ROOT / "glossary" / "csto.yaml"), "--terms", terms,
               "--out", str(out), "--json", "--quiet", "--max-length", "24", "--threads", "1"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=tree, env=env, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout)


def translate(baseline: Path, runs: int, workdir: Path, terms: str) -> dict[str, object]:
    models = _models(workdir)
    trees = {"case-check": ROOT, "baseline": baseline}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    summaries: dict[str, object] = {}
    for index in range(runs):
        for name, tree in (trees.items() if index % 2 == 0 else reversed(trees.items())):
            wall, cpu, summary = _run(tree, models, workdir / f"out-{name}-{index}", terms)
            times[name].append((wall, cpu))
            summaries[name] = {lang: data["terms"] for lang, data in summary["languages"].items()}
    result: dict[str, object] = {"terms_mode": terms, "runs": runs, "baseline": str(baseline)}
    for name, values in times.items():
        result[f"{name}_wall_s"] = round(statistics.median(v[0] for v in values), 3)
        result[f"{name}_cpu_s"] = round(statistics.median(v[1] for v in values), 3)
        result[f"{name}_cpu_all_s"] = [round(v[1], 3) for v in values]
    result["ratio_wall"] = round(float(result["case-check_wall_s"]) / float(result["baseline_wall_s"]), 3)  # type: ignore[arg-type]
    result["ratio_cpu"] = round(float(result["case-check_cpu_s"]) / float(result["baseline_cpu_s"]), 3)  # type: ignore[arg-type]
    result["terms"] = summaries
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("cost", "translate"))
    parser.add_argument("--passes", type=int, default=5, help="cost: passes per mode (median)")
    parser.add_argument("--rows", choices=("all", "dev", "correct"), default="all",
                        help="cost: development rows, correct texts, or both")
    parser.add_argument("--baseline", type=Path, help="translate: a checkout without the case check")
    parser.add_argument("--runs", type=int, default=5, help="translate: runs per tree (median)")
    parser.add_argument("--workdir", type=Path, help="translate: where the tiny models and outputs go")
    parser.add_argument("--terms", choices=("check", "enforce"), default="check", help="translate: --terms mode")
    args = parser.parse_args(argv)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.what == "cost":
        result = cost(args.passes, args.rows)
    else:
        if args.baseline is None:
            parser.error("translate needs --baseline PATH")
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="case-check-"))
        result = translate(args.baseline.resolve(), args.runs, workdir, args.terms)
    for key, value in result.items():
        if key != "terms":
            print(f"  {key:<34} {value}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
