"""The two slow paths of issue #27, measured against a baseline tree in the same run.

    python benchmarks/hostile_paths.py glossary --entries 50000 --baseline /path/to/other/checkout
    python benchmarks/hostile_paths.py evaluate --lines 200000 --baseline /path/to/other/checkout

``glossary``: a YAML glossary of N entries (three languages, two terms each) is written to a temporary folder;
the time and peak memory of what ``translate --glossary`` does before its first sentence (``Glossary.load`` with
validation, then the first term match, which builds the English index), in a fresh process each time, first run
and rerun (the rerun finds the cache), are measured with this tree and with ``--baseline`` (another checkout,
e.g. main before the change).
``evaluate``: a reference and a hypothesis of N lines (about 240 bytes each, Cyrillic) and ``aligntool evaluate
--metrics BLEU --significance none`` in a fresh process: wall seconds and peak resident memory (ru_maxrss).
Each figure is one run of a child process; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_LOAD = """
import resource, sys, time
started = time.perf_counter()
from aligntool.engines.terminology.termbase import Glossary
glossary = Glossary.load(sys.argv[1], validated=True)  # what translate --glossary does
loaded = time.perf_counter() - started
glossary.find("The Collective Security Treaty was signed in Minsk.", "en")  # the first sentence builds the index
print(len(glossary.entries), round(loaded, 2), round(time.perf_counter() - started, 2),
      round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
"""

def _child(tree: Path, args: list[str], env: dict[str, str] | None = None) -> tuple[str, str, float]:
    """Run ``python ARGS`` with ``tree`` first on the path: (stdout, stderr, wall seconds)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=tree,
                            env={**os.environ, "PYTHONPATH": str(tree), **(env or {})}, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args[:3])} failed: {result.stderr.strip()[-500:]}")
    return result.stdout.strip(), result.stderr.strip(), wall


_EVALUATE = """
import resource, sys
from aligntool.cli.app import run_cli
code = run_cli(sys.argv[1:])
print(round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), file=sys.stderr)
sys.exit(code)
"""


def write_glossary(path: Path, entries: int) -> None:
    """N entries in the shipped glossary's layout: an English, a Russian and a Kazakh term each, plus an
    abbreviation in a tenth of them (random letters: no two alike)."""
    rng = random.Random(7)
    latin, cyrillic = "abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщыэюя"

    def words(alphabet: str) -> str:
        return " ".join("".join(rng.choices(alphabet, k=rng.randint(4, 9))) for _ in range(rng.randint(1, 3)))

    lines = ["format: aligntool-glossary/1", "languages: [en, ru, kk]", "", "entries:"]
    for number in range(entries):
        lines += ["", f"- id: term-{number}", "  type: concept", "  en:", f"    - {{term: {words(latin)} x{number}}}"]
        if number % 10 == 0:
            lines.append(f"    - {{term: AB{number}}}")
        lines += ["  ru:", f"    - {{term: {words(cyrillic)}}}", "  kk:", f"    - {{term: {words(cyrillic)}}}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def glossary(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.yaml"
        write_glossary(path, args.entries)
        print(f"{args.entries} entries, {path.stat().st_size / 2**20:.1f} MiB; load average {os.getloadavg()}")
        for label, tree in (("baseline", args.baseline), ("this tree", ROOT)):
            if tree is None:
                continue
            env = {"ALIGNTOOL_CACHE": str(Path(folder) / f"cache-{label}")}
            for run in ("first", "rerun"):
                out, _err, wall = _child(Path(tree), ["-c", _LOAD, str(path)], env)
                count, loaded, ready, rss = out.split()
                print(f"{label:10} {run:6} load+validate {loaded} s, + first match {ready} s, process {wall:.2f} s, "
                      f"peak {rss} MiB ({count} entries)")
        print(f"load average after: {os.getloadavg()}")


def evaluate(args: argparse.Namespace) -> None:
    rng = random.Random(3)
    words = ["организация", "договора", "коллективной", "безопасности", "учения", "миротворцы", "вернулись",
             "домой", "секретарь", "прибыл", "в", "Москву", "Минске", "провела", "совет", "собрался"]
    with tempfile.TemporaryDirectory() as folder:
        ref, hyp = Path(folder) / "ref.txt", Path(folder) / "hyp.txt"
        with ref.open("w", encoding="utf-8") as r, hyp.open("w", encoding="utf-8") as h:
            for _ in range(args.lines):
                sentence = rng.choices(words, k=18)
                r.write(" ".join(sentence) + ".\n")
                rng.shuffle(sentence)
                h.write(" ".join(sentence) + ".\n")
        print(f"{args.lines} lines, reference {ref.stat().st_size / 2**20:.1f} MiB; load average {os.getloadavg()}")
        command = ["evaluate", str(hyp), "--ref", str(ref), "--metrics", "BLEU", "--significance", "none", "--json"]
        for label, tree in (("baseline", args.baseline), ("this tree", ROOT)):
            if tree is None:
                continue
            out, err, wall = _child(Path(tree), ["-c", _EVALUATE, *command])
            score = json.loads(out)["systems"][0]["scores"]["BLEU"]["score"]
            print(f"{label:10} wall {wall:.2f} s, peak {err.splitlines()[-1]} MiB, BLEU {score}")
        print(f"load average after: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("glossary", "evaluate"))
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to measure the same way")
    args = parser.parse_args()
    glossary(args) if args.what == "glossary" else evaluate(args)


if __name__ == "__main__":
    main()
