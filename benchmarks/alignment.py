"""Sentence alignment benchmark: strict/lax P/R/F1 (Vecalign/Bertalign scoring) and speed.

    python benchmarks/alignment.py                  # accuracy tables, 10,000 x 10,000 speed, memory
    python benchmarks/alignment.py --memory-only    # memory at 2,500 to 20,000 sentences
    python benchmarks/alignment.py --quick          # speed on 2,000 x 2,000, no memory table
    python benchmarks/alignment.py --held-out --mt  # the final run: held-out set, MT plumbing row
    python benchmarks/alignment.py --accuracy-only --textberg-test vecalign/bleualign_data
                                                    # + the Text+Berg test set (a local copy of Vecalign's data)

Every table compares configurations run in the same process: a plain Gale–Church baseline (length
only, the paper's bead probabilities, c = 1, s² = 6.8), aligntool's first pass (length, paragraph
anchors, numbers/names/cognates), and the default two-pass aligner with the lexical model learned
from the documents (IBM Model 1). Sets are labelled tuned/untuned. Text+Berg is read from
../shared/data/alignment/textberg-dev/ and skipped when absent; constructed documents are built in
memory by benchmarks/alignment_data.py.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# One core: keep numpy's BLAS from starting threads (set before numpy is imported).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from aligntool.engines.alignment.aligner import align_sentences  # noqa: E402
from aligntool.engines.alignment.beads import Bead, read_beads  # noqa: E402
from aligntool.engines.alignment.corpus import Sentences, shared_model  # noqa: E402
from aligntool.engines.alignment.document import load_document  # noqa: E402
from aligntool.engines.alignment.evaluation import BeadKey, Scores, score_documents  # noqa: E402
from aligntool.engines.alignment.scoring import AlignOptions  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alignment_data import Constructed, construct, plain, resolve_gold, units_from_gold  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEXTBERG = ROOT.parent / "shared" / "data" / "alignment" / "textberg-dev"
OWN = ROOT / "tests" / "data" / "alignment"
OWN_PAIRS = [("csto_news", "ru"), ("csto_news_part", "kk"), ("csto_exercise", "ru")]

# Gale & Church (1993): P(1-1) .89, P(1-0 or 0-1) .0099, P(2-1 or 1-2) .089, P(2-2) .011.
_P11 = 0.89
GALE_CHURCH = AlignOptions(
    bead_costs={(1, 1): 0.0, (1, 2): -math.log(0.089 / 2 / _P11), (2, 1): -math.log(0.089 / 2 / _P11),
                (2, 2): -math.log(0.011 / _P11)},
    skip_cost=-math.log(0.0099 / 2 / _P11),
    lexical_weight=0.0, mismatch_weight=0.0, strong_mismatch_weight=0.0, anchor_weight=0.0, ratio=1.0,
)

# The defaults before this round (bead types up to 1-4/4-1, debris aligned like any sentence), for the
# gain of this round on the same sets in the same run.
PREVIOUS = AlignOptions(bead_costs={bead: cost for bead, cost in AlignOptions().bead_costs.items()
                                    if max(bead) <= 4 and bead != (3, 3)}, set_aside_debris=False)

Aligner = Callable[[Sequence[str], Sequence[str], str, str], list[Bead]]


def ours(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, **kw: object) -> list[Bead]:
    return align_sentences(src, tgt, src_lang, tgt_lang, **kw)


def gale_church(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                **kw: object) -> list[Bead]:
    kw.pop("glossary", None)
    return align_sentences(src, tgt, src_lang, tgt_lang, options=GALE_CHURCH, **kw)


def previous(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, **kw: object) -> list[Bead]:
    return align_sentences(src, tgt, src_lang, tgt_lang, options=PREVIOUS, **kw)


def keys(beads: list[Bead]) -> list[BeadKey]:
    return [bead.key() for bead in beads]


def row(name: str, scores: Scores, seconds: float) -> str:
    return (f"{name:<48} {scores.precision_strict:6.3f} {scores.recall_strict:6.3f} {scores.f1_strict:6.3f}"
            f"   {scores.precision_lax:6.3f} {scores.recall_lax:6.3f} {scores.f1_lax:6.3f}   {seconds:6.2f}s")


HEADER = f"{'':<48} {'P':>6} {'R':>6} {'F1':>6}   {'P lax':>6} {'R lax':>6} {'F1 lax':>6}   time"


CONSTRUCTED_SEEDS = (0, 1, 2, 3)
SPENT_SEEDS = (100, 101, 102, 103)  # the first held-out set, scored in the final runs of earlier rounds
HELD_OUT_SEEDS = (200, 201, 202, 203)  # built and scored only in the final run of this round (--held-out)


def first_pass(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, **kw: object) -> list[Bead]:
    return align_sentences(src, tgt, src_lang, tgt_lang, lexical_model=False, **kw)


def textberg_test(folder: Path) -> list[tuple[str, str, Constructed]]:
    """The Text+Berg test documents as Vecalign distributes them (``bleualign_data/test{0..6}.{de,fr,defr}``),
    from a local copy; they are third-party data and never stored in this repository."""
    documents = []
    for k in range(7):
        src = load_document(folder / f"test{k}.de", "de", presegmented=True).sentences
        tgt = load_document(folder / f"test{k}.fr", "fr", presegmented=True).sentences
        gold = keys(read_beads(folder / f"test{k}.defr"))
        documents.append(("de", "fr", Constructed(f"test{k}", src, tgt, [], [], gold)))
    return documents


def _sets(held_out: bool, test_folder: Path | None = None) -> list[tuple[str, str, list[tuple[str, str, Constructed]]]]:
    """(name, tuned/untuned label, documents) of every evaluation set."""
    sets: list[tuple[str, str, list[tuple[str, str, Constructed]]]] = []
    if test_folder is not None:
        sets.append(("Text+Berg TEST de-fr, 7 documents (Vecalign's bleualign_data/test0-6)",
                     "never tuned on; scored once per round, in its final run", textberg_test(test_folder)))
    if TEXTBERG.exists():
        src = load_document(TEXTBERG / "dev.de", "de", presegmented=True).sentences
        tgt = load_document(TEXTBERG / "dev.fr", "fr", presegmented=True).sentences
        units = units_from_gold(src, tgt, keys(read_beads(TEXTBERG / "dev.defr")))
        half = len(units) // 2
        folds = {"A": units[:half], "B": units[half:]}
        sets.append(("Text+Berg de-fr, whole document", "tuned (older parameters set on it)",
                     [("de", "fr", plain("textberg", units))]))
        for fold, label in (("A", "tuned (lexical model tuned on it)"), ("B", "untuned by the lexical model")):
            sets.append((f"Text+Berg half {fold}", label, [("de", "fr", plain(f"textberg-{fold}", folds[fold]))]))
            built = [("de", "fr", construct(f"textberg-{fold}", folds[fold], seed)) for seed in CONSTRUCTED_SEEDS]
            sets.append((f"constructed from Text+Berg half {fold} (seeds 0-3)", label, built))
        if held_out:
            sets.append(("constructed from Text+Berg half B (seeds 100-103)", "spent held-out set: scored before",
                         [("de", "fr", construct("textberg-B", folds["B"], seed)) for seed in SPENT_SEEDS]))
            sets.append(("HELD OUT: constructed from Text+Berg half B (seeds 200-203)",
                         "untouched until the final run", [("de", "fr", construct("textberg-B", folds["B"], seed))
                                                           for seed in HELD_OUT_SEEDS]))
    else:
        print(f"(Text+Berg sets skipped: {TEXTBERG} is absent)")
    own: list[tuple[str, str, Constructed]] = []
    own_constructed: list[tuple[str, str, Constructed]] = []
    for name, lang in OWN_PAIRS:
        src_doc = load_document(OWN / f"{name}.en", "en", presegmented=True)
        tgt_doc = load_document(OWN / f"{name}.{lang}", lang, presegmented=True)
        gold = keys(read_beads(OWN / f"{name}.en-{lang}.gold"))
        own.append(("en", lang, Constructed(name, src_doc.sentences, tgt_doc.sentences, src_doc.breaks,
                                            tgt_doc.breaks, gold)))
        units = units_from_gold(src_doc.sentences, tgt_doc.sentences, gold)
        own_constructed += [("en", lang, construct(name, units, seed)) for seed in CONSTRUCTED_SEEDS]
    sets.append(("own en-ru/en-kk news, 3 documents", "tuned (older parameters set on them)", own))
    sets.append(("constructed from own news (seeds 0-3)", "tuned (lexical model tuned on them)", own_constructed))
    if held_out:
        sets.append(("HELD OUT: constructed from own news (seeds 200-203)",
                     "untouched until the final run; the base documents were tuned on",
                     [(src_lang, tgt_lang, construct(doc.name, units_from_gold(doc.src, doc.tgt, doc.gold), seed))
                      for src_lang, tgt_lang, doc in own for seed in HELD_OUT_SEEDS]))
    return sets


def evaluate(documents: list[tuple[str, str, Constructed]], aligner: Aligner,
             translations: dict[str, list[str]] | None = None) -> tuple[Scores, float]:
    start = time.perf_counter()
    results = []
    for src_lang, tgt_lang, doc in documents:
        kw: dict[str, object] = {}
        if doc.src_breaks and doc.tgt_breaks:
            kw.update(src_breaks=doc.src_breaks, tgt_breaks=doc.tgt_breaks)
        if translations is not None:
            kw["src_translations"] = translations[doc.name]
        test = keys(aligner(doc.src, doc.tgt, src_lang, tgt_lang, **kw))
        results.append((resolve_gold(doc, test), test))
    return score_documents(results), time.perf_counter() - start


def accuracy(held_out: bool, mt: bool, test_folder: Path | None = None) -> None:
    print("\n## Accuracy: strict and lax P/R/F1 per set and configuration")
    print("Tuned/untuned refers to the parameters chosen in the last two rounds (lexical model weights and")
    print("thresholds; the 3-3, 1-5, 5-1 bead costs) on half A, its constructed documents and the own news;")
    print("the older parameters (other bead costs, skip cost, evidence weights) were set earlier on the whole")
    print("Text+Berg document and the own news documents. Constructed documents: benchmarks/alignment_data.py")
    print("(of two swapped paragraphs, keeping either aligned counts as right).")
    translate = _tiny_mt() if mt else None
    for name, label, documents in _sets(held_out, test_folder):
        print(f"\n### {name} [{label}]  ({sum(len(d.src) for _, _, d in documents)} source sentences)")
        print(HEADER)
        configurations: list[tuple[str, Aligner, dict[str, list[str]] | None]] = [
            ("length only (Gale-Church)", gale_church, None),
            ("previous defaults (beads <= 4, debris aligned)", previous, None),
            ("length + anchors + cheap evidence", first_pass, None),
            ("+ lexical model (Model 1, 2 passes)", ours, None),
        ]
        if translate is not None and all(src_lang == "en" for src_lang, _, _ in documents):
            translations = {doc.name: translate(doc.src, tgt_lang) for _, tgt_lang, doc in documents}
            configurations.append(("+ MT (tiny random model: plumbing)", ours, translations))
        for config, aligner, translations in configurations:
            scores, seconds = evaluate(documents, aligner, translations)
            print(row(config, scores, seconds))
        if len(documents) > 1:
            start = time.perf_counter()
            model = shared_model(Sentences(doc.src, doc.tgt, s, t, doc.src_breaks or None, doc.tgt_breaks or None)
                                 for s, t, doc in documents)
            scores, seconds = evaluate(documents, functools.partial(ours, lexical=model))
            print(row("+ lexical model, corpus mode (1 table)", scores, time.perf_counter() - start))


def _tiny_mt() -> Callable[[Sequence[str], str], list[str]]:
    """Translations by tiny random-weight MarianMT models built on the spot (tests/model_factory.py)."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from aligntool.jobs.align_mt import translate_source
    from tests.model_factory import build_tiny_en_ru, build_tiny_en_trk

    folder = Path(tempfile.mkdtemp(prefix="aligntool-bench-"))
    models = {"ru": build_tiny_en_ru(folder / "ru"), "kk": build_tiny_en_trk(folder / "kk")}

    def translate(sentences: Sequence[str], tgt_lang: str) -> list[str]:
        return translate_source(sentences, "en", tgt_lang, model=str(models[tgt_lang]))

    return translate


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
    for name, aligner in (("Gale-Church baseline", gale_church), ("length + anchors + cheap evidence", first_pass),
                          ("+ lexical model (2 passes)", ours)):
        wall, cpu = time.perf_counter(), time.process_time()
        beads = aligner(src, tgt, "en", "en")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        timings[name] = cpu
        f1 = score_documents([(gold, keys(beads))]).f1_strict
        print(f"{name:<40} {wall:7.1f}s {cpu:7.1f}s {f1:10.3f}")
    ratio = timings["+ lexical model (2 passes)"] / timings["Gale-Church baseline"]
    print(f"+ lexical model / baseline CPU time: {ratio:.2f}x")
    start = n * 3 // 10
    src, tgt, gold = synthetic(n, gap=(start, start + n // 5))
    wall, cpu = time.perf_counter(), time.process_time()
    beads = ours(src, tgt, "en", "en")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    f1 = score_documents([(gold, keys(beads))]).f1_strict
    print(f"{'+ lexical, ' + format(n // 5, ',') + ' untranslated in a row':<40} {wall:7.1f}s {cpu:7.1f}s {f1:10.3f}")


def memory(n: int) -> None:
    """Peak memory of aligning (with the lexical model) at n/4, n/2, n and 2n sentences, each in a fresh process."""
    import subprocess

    print("\n## Memory: peak resident memory added by align_sentences (+ lexical model), fresh process per size")
    print("(VmRSS before aligning, VmHWM after; 'per 1,000' = growth of 'added' per 1,000 more source sentences")
    print(" since the previous size: flat memory shows as about 0)")
    print(f"{'sentences':>10} {'before':>10} {'peak':>10} {'added':>10} {'per 1,000':>10}")
    previous: tuple[int, float] | None = None
    for size in (n // 4, n // 2, n, 2 * n):
        out = subprocess.run([sys.executable, __file__, "--memory-probe", str(size)], capture_output=True,
                             text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.split()
        before, peak = float(out[0]), float(out[1])
        growth = "" if previous is None else f"{(peak - before - previous[1]) / ((size - previous[0]) / 1000):+9.2f}M"
        print(f"{size:>10,} {before:>9.0f}M {peak:>9.0f}M {peak - before:>9.0f}M {growth:>10}")
        previous = (size, peak - before)


def _peak_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc (ru_maxrss would include the
    parent's peak, which a child inherits on Linux)."""
    values = {}
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = float(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def _memory_probe(n: int) -> None:
    src, tgt, _ = synthetic(n)
    before, _ = _peak_mb()
    ours(src, tgt, "en", "en")
    print(before, _peak_mb()[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="speed on 2,000 sentences, no memory table")
    parser.add_argument("--sentences", type=int, default=10_000, help="speed test size (default 10,000)")
    parser.add_argument("--held-out", action="store_true", help="also score the held-out constructed set")
    parser.add_argument("--textberg-test", type=Path, metavar="DIR",
                        help="also score the Text+Berg test set from a local copy of Vecalign's bleualign_data/")
    parser.add_argument("--mt", action="store_true", help="add the MT configuration (tiny random models)")
    parser.add_argument("--accuracy-only", action="store_true", help="skip speed and memory")
    parser.add_argument("--memory-only", action="store_true", help="only the memory table")
    parser.add_argument("--memory-probe", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_probe:
        _memory_probe(args.memory_probe)
        return 0
    if args.memory_only:
        memory(args.sentences)
        return 0
    accuracy(args.held_out, args.mt, args.textberg_test)
    if args.accuracy_only:
        return 0
    speed(2_000 if args.quick else args.sentences)
    if not args.quick:
        memory(args.sentences)
    return 0


if __name__ == "__main__":
    sys.exit(main())
