"""Resume after a kill, and what the journal costs on a run that is never interrupted.

    python benchmarks/resume.py                          # small MarianMT (random weights), 400 sentences
    python benchmarks/resume.py --sentences 100 --rounds 1 --shape tiny     # quick check that it runs
    python benchmarks/resume.py --model /path/to/opus-mt-en-ru

Two measurements, both against a baseline measured in the same run:

1. **Journaling overhead** (in this process, model files built once): ``translate_files`` on the same
   document with the journal off (``resume=False``) and on (a fresh output directory each time, so every
   sentence is decoded and journaled), alternating, ``--rounds`` times each. Printed: the median and best
   wall and CPU seconds and the ratio journaled / plain.
2. **Resume** (each run a full ``aligntool translate`` subprocess, start-up and model loading included: what a
   user waits for): one uninterrupted run, then a run sent SIGTERM once the journal holds half of the
   sentences followed by the same command again (it decodes only the rest). Printed: wall and CPU seconds
   (CPU = user + system of the child: less sensitive to other load) and (killed + resumed) / uninterrupted.

The model has random weights and real sentencepiece models (``tests/model_factory.py``); ``--shape small``
(default: d_model 256, 3+3 layers, 512 positions) makes decoding, not start-up, most of a run; ``--shape
tiny`` is the tests' model. Random weights rarely stop, so every sentence decodes ``--max-length`` new
tokens (beam 1, 1 thread).
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHAPES = {"tiny": {}, "small": {"d_model": 256, "encoder_layers": 3, "decoder_layers": 3, "heads": 4,
                                "ffn_dim": 1024, "max_positions": 512}}


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
    from aligntool.jobs.journal import JOURNAL_NAME, recorded

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


def overhead(document: Path, model: str, length: int, rounds: int, work: Path) -> None:
    """Journal off vs on, in this process, alternating."""
    import torch

    from aligntool.engines.translation.options import EngineOptions
    from aligntool.jobs.translate import TranslateJob, translate_files

    torch.set_num_threads(1)
    times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for round_ in range(rounds + 1):  # round 0 warms up (imports, caches) and is not counted
        for resume in (False, True):
            job = TranslateJob(inputs=[document], targets=["ru"], out_dir=work / f"overhead-{resume}-{round_}",
                               models=[f"ru={model}"], options=EngineOptions(beams=1, max_length=length, threads=1),
                               progress=False, resume=resume)
            wall, cpu = time.perf_counter(), time.process_time()
            translate_files(job)
            if round_:
                times[resume].append((time.perf_counter() - wall, time.process_time() - cpu))
    for label, index in (("wall", 0), ("CPU", 1)):
        plain = [t[index] for t in times[False]]
        journaled = [t[index] for t in times[True]]
        print(f"overhead {label}: plain median {statistics.median(plain):.2f} s (best {min(plain):.2f}), journaled "
              f"median {statistics.median(journaled):.2f} s (best {min(journaled):.2f}); journaled / plain: median "
              f"{statistics.median(journaled) / statistics.median(plain):.3f}, best {min(journaled) / min(plain):.3f}")


def resume(document: Path, model: str, length: int, rounds: int, work: Path) -> None:
    """Uninterrupted run vs killed at half + resumed, each a CLI subprocess."""
    from aligntool.engines.segmentation.segmenter import segment

    # the journal holds each distinct sentence once (later sentences of a corpus line repeat across lines)
    sentences = len({s.text for s in segment(document.read_text(encoding="utf-8"), "en")})
    rows = []
    for round_ in range(rounds):
        plain = _timed([*_cli(document, work / f"plain{round_}", model, length), "--no-resume"])
        out = work / f"killed{round_}"
        killed = _timed(_cli(document, out, model, length), kill_at=sentences // 2, out=out)
        kept = _journal_rows(out)
        resumed = _timed(_cli(document, out, model, length))
        rows.append((plain, killed, resumed))
        print(f"resume round {round_ + 1}: uninterrupted {plain[0]:.1f} s wall / {plain[1]:.1f} s CPU; killed at "
              f"{kept} of {sentences} distinct sentences journaled (exit {killed[2]}) "
              f"{killed[0]:.1f} / {killed[1]:.1f}; "
              f"resumed {resumed[0]:.1f} / {resumed[1]:.1f}")
    for label, index in (("wall", 0), ("CPU", 1)):
        ratios = [(k[index] + r[index]) / p[index] for p, k, r in rows]
        print(f"resume {label}: (killed + resumed) / uninterrupted {min(ratios):.3f}–{max(ratios):.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=400, help="document lines (each may hold several sentences)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-length", type=int, default=32, help="new tokens per sentence")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="small")
    parser.add_argument("--model", help="a local OPUS-MT directory (default: build one, see --shape)")
    parser.add_argument("--only", choices=("overhead", "resume"))
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="aligntool-resume-"))
    work.mkdir(parents=True, exist_ok=True)
    model = args.model
    if model is None:
        from tests.model_factory import build_tiny_en_ru

        model = str(build_tiny_en_ru(work / f"model-{args.shape}", **SHAPES[args.shape]))
    document = _document(work / "doc.txt", args.sentences)
    print(f"{args.sentences} document lines, model {model} ({args.shape if not args.model else 'given'}), beam 1, "
          f"{args.max_length} new tokens, 1 thread; load average {os.getloadavg()[0]:.1f}", flush=True)
    if args.only != "resume":
        overhead(document, model, args.max_length, args.rounds, work)
    if args.only != "overhead":
        resume(document, model, args.max_length, args.rounds, work)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
