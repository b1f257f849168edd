"""Sentence alignment benchmark: strict/lax P/R/F1 (Vecalign/Bertalign scoring) and speed.

    python benchmarks/alignment.py            # Text+Berg dev, own en-ru/en-kk news, 10,000 x 10,000 speed
    python benchmarks/alignment.py --quick    # speed on 2,000 x 2,000 only

Every table compares aligntool's aligner with a plain Gale–Church baseline (length only, the paper's
bead probabilities, c = 1, s² = 6.8) run in the same process. Text+Berg is read from
../shared/data/alignment/textberg-dev/ and skipped when absent.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# One core: keep numpy's BLAS from starting threads (set before numpy is imported).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from aligntool.alignment import AlignOptions, Bead, align_sentences, read_beads  # noqa: E402
from aligntool.alignment.document import load_document  # noqa: E402
from aligntool.alignment.evaluation import BeadKey, Scores, score_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEXTBERG = ROOT.parent / "shared" / "data" / "alignment" / "textberg-dev"
OWN = ROOT / "tests" / "data" / "alignment"
GLOSSARY = ROOT / "glossary" / "csto.yaml"

# Gale & Church (1993): P(1-1) .89, P(1-0 or 0-1) .0099, P(2-1 or 1-2) .089, P(2-2) .011.
_P11 = 0.89
GALE_CHURCH = AlignOptions(
    bead_costs={(1, 1): 0.0, (1, 2): -math.log(0.089 / 2 / _P11), (2, 1): -math.log(0.089 / 2 / _P11),
                (2, 2): -math.log(0.011 / _P11)},
    skip_cost=-math.log(0.0099 / 2 / _P11),
    lexical_weight=0.0, mismatch_weight=0.0, strong_mismatch_weight=0.0, anchor_weight=0.0, ratio=1.0,
)

Aligner = Callable[[Sequence[str], Sequence[str], str, str], list[Bead]]


def ours(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, **kw: object) -> list[Bead]:
    return align_sentences(src, tgt, src_lang, tgt_lang, **kw)


def gale_church(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                **kw: object) -> list[Bead]:
    kw.pop("glossary", None)
    return align_sentences(src, tgt, src_lang, tgt_lang, options=GALE_CHURCH, **kw)


def keys(beads: list[Bead]) -> list[BeadKey]:
    return [bead.key() for bead in beads]


def row(name: str, scores: Scores, seconds: float) -> str:
    return (f"{name:<34} {scores.precision_strict:6.3f} {scores.recall_strict:6.3f} {scores.f1_strict:6.3f}"
            f"   {scores.precision_lax:6.3f} {scores.recall_lax:6.3f} {scores.f1_lax:6.3f}   {seconds:6.2f}s")


HEADER = f"{'':<34} {'P':>6} {'R':>6} {'F1':>6}   {'P lax':>6} {'R lax':>6} {'F1 lax':>6}   time"


def textberg() -> None:
    print("\n## Text+Berg dev (de-fr), strict and lax")
    if not TEXTBERG.exists():
        print(f"skipped: {TEXTBERG} is absent")
        return
    src = load_document(TEXTBERG / "dev.de", "de", presegmented=True).sentences
    tgt = load_document(TEXTBERG / "dev.fr", "fr", presegmented=True).sentences
    gold = keys(read_beads(TEXTBERG / "dev.defr"))
    print(HEADER)
    for name, aligner in (("Gale-Church baseline", gale_church), ("aligntool", ours)):
        start = time.perf_counter()
        beads = aligner(src, tgt, "de", "fr")
        print(row(name, score_documents([(gold, keys(beads))]), time.perf_counter() - start))


def own_documents() -> None:
    print("\n## Own en-ru / en-kk news (merges, splits, omissions, additions), three documents pooled")
    pairs = [("csto_news", "ru"), ("csto_news_part", "kk"), ("csto_exercise", "ru")]
    docs = []
    for name, lang in pairs:
        src = load_document(OWN / f"{name}.en", "en", presegmented=True)
        tgt = load_document(OWN / f"{name}.{lang}", lang, presegmented=True)
        docs.append((src, tgt, lang, keys(read_beads(OWN / f"{name}.en-{lang}.gold"))))
    glossary = None
    if GLOSSARY.exists():
        from aligntool.glossary import Glossary

        glossary = Glossary.load(GLOSSARY)
    print(HEADER)
    for name, aligner, anchors, use_glossary in (
        ("Gale-Church baseline", gale_church, False, False),
        ("aligntool, no paragraph anchors", ours, False, False),
        ("aligntool", ours, True, False),
        ("aligntool + glossary", ours, True, True),
    ):
        if use_glossary and glossary is None:
            continue
        start = time.perf_counter()
        results = []
        for src, tgt, lang, gold in docs:
            kw: dict[str, object] = {}
            if anchors:
                kw.update(src_breaks=src.breaks, tgt_breaks=tgt.breaks)
            if use_glossary:
                kw["glossary"] = glossary
            results.append((gold, keys(aligner(src.sentences, tgt.sentences, "en", lang, **kw))))
        print(row(name, score_documents(results), time.perf_counter() - start))
    if glossary is not None:
        print("(the glossary was built from the same CSTO text, so its row is optimistic)")


def synthetic(n: int, seed: int = 1, gap: tuple[int, int] = (0, 0)
              ) -> tuple[list[str], list[str], list[BeadKey]]:
    """n source sentences; the target merges 3 %, splits 2 %, omits 1 % of them and all of ``gap``."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10)))
                  for _ in range(5000)]

    def sentence() -> str:
        words = [rng.choice(vocabulary) for _ in range(rng.randint(4, 30))]
        if rng.random() < 0.2:
            words.append(str(rng.randint(1, 3000)))
        if rng.random() < 0.2:
            words.insert(0, rng.choice(vocabulary).title())
        return " ".join(words) + "."

    src = [sentence() for _ in range(n)]
    tgt: list[str] = []
    gold: list[BeadKey] = []
    i = 0
    while i < n:
        draw = rng.random()
        if gap[0] <= i < gap[1]:
            gold.append(((i,), ()))
            i += 1
            continue
        if draw < 0.03 and i + 1 < n and not gap[0] <= i + 1 < gap[1]:
            tgt.append(src[i] + " " + src[i + 1])
            gold.append(((i, i + 1), (len(tgt) - 1,)))
            i += 2
            continue
        if draw < 0.05:
            words = src[i].split()
            half = max(1, len(words) // 2)
            tgt.extend([" ".join(words[:half]) + ".", " ".join(words[half:])])
            gold.append(((i,), (len(tgt) - 2, len(tgt) - 1)))
        elif draw < 0.06:
            gold.append(((i,), ()))
        else:
            tgt.append(src[i])
            gold.append(((i,), (len(tgt) - 1,)))
        i += 1
    return src, tgt, gold


def speed(n: int) -> None:
    print(f"\n## Speed: {n:,} source sentences (synthetic; one process, one thread)")
    src, tgt, gold = synthetic(n)
    print(f"target sentences: {len(tgt):,}")
    print(f"{'':<40} {'wall':>8} {'cpu':>8} {'strict F1':>10}")
    timings = {}
    for name, aligner in (("Gale-Church baseline", gale_church), ("aligntool", ours)):
        wall, cpu = time.perf_counter(), time.process_time()
        beads = aligner(src, tgt, "en", "en")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        timings[name] = cpu
        f1 = score_documents([(gold, keys(beads))]).f1_strict
        print(f"{name:<40} {wall:7.1f}s {cpu:7.1f}s {f1:10.3f}")
    print(f"aligntool / baseline CPU time: {timings['aligntool'] / timings['Gale-Church baseline']:.2f}x")
    start = n * 3 // 10
    src, tgt, gold = synthetic(n, gap=(start, start + n // 5))
    wall, cpu = time.perf_counter(), time.process_time()
    beads = ours(src, tgt, "en", "en")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    f1 = score_documents([(gold, keys(beads))]).f1_strict
    print(f"{'aligntool, ' + format(n // 5, ',') + ' untranslated in a row':<40} {wall:7.1f}s {cpu:7.1f}s {f1:10.3f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole benchmark process: {peak:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="speed on 2,000 sentences, skip nothing else")
    parser.add_argument("--sentences", type=int, default=10_000, help="speed test size (default 10,000)")
    args = parser.parse_args(argv)
    textberg()
    own_documents()
    speed(2_000 if args.quick else args.sentences)
    return 0


if __name__ == "__main__":
    sys.exit(main())
