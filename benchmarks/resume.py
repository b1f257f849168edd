"""Resume after a kill, and what the journal costs on a run that is never interrupted.

    python benchmarks/resume.py                      # tiny MarianMT model, 600 sentences, 3 rounds
    python benchmarks/resume.py --sentences 200 --rounds 1 --quick-model
    python benchmarks/resume.py --model /path/to/opus-mt-en-ru

Each run is a full ``aligntool translate`` subprocess (start-up and model loading included: what a user
waits for). Per round, in this order:

* ``plain``: one uninterrupted run without a journal (``--no-resume``: the journal is neither read nor written);
* ``journaled``: the same run with the journal (the default), into a fresh output directory;
* ``killed + resumed``: a run sent SIGTERM once the journal holds half of the sentences, then the same
  command again, which decodes only the rest.

Printed: wall and CPU seconds (CPU = user + system of the child, less sensitive to other load on the
machine) and the ratios ``journaled / plain`` (journaling overhead) and ``(killed + resumed) / plain``.
Without ``--model`` the model is the tests' tiny MarianMT (random weights, real sentencepiece): decoding is
cheap there, so the journal's share of the time is larger than with a real model — an upper bound.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

def _document(path: Path, sentences: int) -> Path:
    corpus = (ROOT / "corpora" / "csto_news_en.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in corpus.splitlines() if line.strip()]
    path.write_text("\n".join(f"Item {i}: {lines[i % len(lines)]}" for i in range(sentences)) + "\n",
                    encoding="utf-8")
    return path


def _cli(document: Path, out: Path, model: str, length: int) -> list[str]:
    return [sys.executable, "-m", "aligntool", "translate", str(document), "--to", "ru", "--model", f"ru={model}",
            "--out", str(out), "--beams", "1", "--max-length", str(length), "--threads", "1", "-q"]


def _journal_rows(out: Path) -> int:
    from aligntool.journal import JOURNAL_NAME, recorded

    return recorded(out / JOURNAL_NAME)


def _timed(command: list[str], kill_at: int | None = None, out: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the child, exit code (SIGTERM once the journal holds ``kill_at`` rows)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if kill_at is not None and out is not None:
        while proc.poll() is None and _journal_rows(out) < kill_at:
            time.sleep(0.05)
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 143):
        raise SystemExit(f"run failed ({proc.returncode}): {err}")
    return wall, cpu, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-length", type=int, default=16, help="new tokens per sentence (random weights "
                        "rarely stop on their own)")
    parser.add_argument("--model", help="a local OPUS-MT directory (default: build the tests' tiny model)")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="aligntool-resume-"))
    work.mkdir(parents=True, exist_ok=True)
    model = args.model
    if model is None:
        from tests.model_factory import build_tiny_en_ru

        model = str(build_tiny_en_ru(work / "tiny-en-ru"))
    document = _document(work / "doc.txt", args.sentences)
    print(f"{args.sentences} sentences, model {model}, beam 1, max {args.max_length} new tokens, 1 thread; "
          f"load average {os.getloadavg()[0]:.1f}")
    rows = []
    for round_ in range(args.rounds):
        plain = _timed([*_cli(document, work / f"plain{round_}", model, args.max_length), "--no-resume"])
        journaled = _timed(_cli(document, work / f"journaled{round_}", model, args.max_length))
        out = work / f"killed{round_}"
        killed = _timed(_cli(document, out, model, args.max_length), kill_at=args.sentences // 2, out=out)
        kept = _journal_rows(out)
        resumed = _timed(_cli(document, out, model, args.max_length))
        rows.append((plain, journaled, killed, resumed, kept))
        print(f"round {round_ + 1}: plain {plain[0]:.1f} s wall / {plain[1]:.1f} s CPU; journaled {journaled[0]:.1f} / "
              f"{journaled[1]:.1f}; killed at {kept} journaled sentences (exit {killed[2]}) {killed[0]:.1f} / "
              f"{killed[1]:.1f} + resumed {resumed[0]:.1f} / {resumed[1]:.1f}")
    for label, index in (("wall", 0), ("CPU", 1)):
        overhead = [r[1][index] / r[0][index] for r in rows]
        resume = [(r[2][index] + r[3][index]) / r[0][index] for r in rows]
        print(f"{label}: journaled / plain {min(overhead):.3f}–{max(overhead):.3f}; "
              f"(killed + resumed) / plain {min(resume):.3f}–{max(resume):.3f}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
