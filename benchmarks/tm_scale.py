"""The TM database at scale: import speed, size, exact and fuzzy lookup latency, translate memory vs TM size.

    python benchmarks/tm_scale.py [--units 1000000] [--dir DIR] [--queries 500] [--no-translate]

Generates N translation units (a Zipf vocabulary seeded with the words of the sample corpora, sentence lengths
log-normal around 20 words, numbers in a third of them, punctuation; 15 % near-duplicates of an earlier unit with
1-3 word or number edits, 3 % exact repeats of a source with another target), writes them as one TMX, and
reports:

* import units/s (wall and CPU), with a bare ``TmxReader`` pass over the same file as the baseline;
* database size;
* exact lookup latency (stored sources), fuzzy top-5 latency p50/p95/max (edited copies of stored sources and
  unseen sentences) and how often the unit an edited query came from is among the five;
* peak RSS of ``aligntool translate --tm DB`` (a tiny Marian model from tests/model_factory.py) with a small
  database (the first 1 % of units) and the full one: flat in TM size means the two are close.

The load average is printed with the results; on a shared machine compare the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmdb.search import exact, fuzzy
from aligntool.formats.tmdb.store import TmDatabase
from aligntool.formats.tmdb.transfer import import_tmx
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter, unit_props

REPO = Path(__file__).resolve().parents[1]
_SYLLABLES = ["ka", "lo", "mi", "ser", "tan", "vo", "rel", "pi", "nu", "ges", "dor", "al", "en", "tri", "bu", "ost",
              "ha", "lin", "qu", "zem", "ar", "io", "fel", "mus"]
_CYR = str.maketrans("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопкрстуввхыз")


def seed_words() -> list[str]:
    """Real words first (the sample corpora), by frequency."""
    texts = [REPO / "corpora" / "csto_news_en.txt", REPO / "tests" / "data" / "alignment" / "csto_news.en"]
    counts: dict[str, int] = {}
    for path in texts:
        if path.exists():
            for word in re.findall(r"[A-Za-z]+", path.read_text(encoding="utf-8")):
                counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return sorted(counts, key=lambda w: -counts[w])


class Generator:
    """Sentences with a Zipf vocabulary, log-normal lengths, numbers and near-duplicates."""

    def __init__(self, seed: int = 7, vocabulary: int = 60_000) -> None:
        self.random = random.Random(seed)
        words = seed_words()
        seen = set(words)
        while len(words) < vocabulary:
            word = "".join(self.random.choice(_SYLLABLES) for _ in range(self.random.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(words))))
        self.recent: list[list[str]] = []

    def number(self) -> str:
        kind = self.random.random()
        if kind < 0.4:
            return str(self.random.randint(1990, 2030))
        if kind < 0.7:
            return str(self.random.randint(1, 300))
        return f"{self.random.randint(1, 99)},{self.random.randint(0, 999):03d}"

    def fresh(self) -> list[str]:
        length = max(3, min(70, round(math.exp(self.random.gauss(math.log(20), 0.5)))))
        tokens = self.random.choices(self.words, cum_weights=self.cumulative, k=length)
        if self.random.random() < 0.33:
            tokens.insert(self.random.randrange(len(tokens)), self.number())
        if self.random.random() < 0.3 and length > 6:
            tokens[self.random.randrange(2, length - 2)] += ","
        tokens[0] = tokens[0].capitalize()
        return tokens

    def edit(self, tokens: list[str], edits: int) -> list[str]:
        out = list(tokens)
        for _ in range(edits):
            what = self.random.random()
            position = self.random.randrange(1, max(2, len(out)))
            if what < 0.5 and len(out) > 3:
                out[position] = self.random.choices(self.words, cum_weights=self.cumulative)[0]
            elif what < 0.75:
                out.insert(position, self.random.choices(self.words, cum_weights=self.cumulative)[0])
            elif len(out) > 4:
                del out[position]
        return out

    def sentence(self) -> list[str]:
        roll = self.random.random()
        if self.recent and roll < 0.15:
            return self.edit(self.random.choice(self.recent), self.random.randint(1, 3))
        if self.recent and roll < 0.18:
            return list(self.random.choice(self.recent))
        tokens = self.fresh()
        if len(self.recent) < 50_000:
            self.recent.append(tokens)
        else:
            self.recent[self.random.randrange(len(self.recent))] = tokens
        return tokens


def text(tokens: list[str]) -> str:
    return " ".join(tokens) + "."


def translation(tokens: list[str], variant: int) -> str:
    out = [token.translate(_CYR) for token in tokens]
    if variant:
        out.append("вар" + str(variant))
    return " ".join(out) + "."


def write_units(path: Path, count: int, generator: Generator) -> None:
    """Write the TMX."""
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    with TmxWriter(path, TmxHeader(srclang="en-US")) as writer:
        for index in range(count):
            tokens = generator.sentence()
            writer.write(TranslationUnit({"en-US": text(tokens), "ru-RU": translation(tokens, index % 3 == 0)},
                                         unit_props(origin="aligned"), creationdate=when))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def peak_child_rss(command: list[str]) -> tuple[float, float]:
    """(peak RSS MiB, wall seconds) of a child process (measured with wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read() if process.stderr else status}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def calibration() -> float:
    """Seconds for 1,000,000 dict lookups in this interpreter: how fast the machine is right now."""
    table = {str(i): i for i in range(1000)}
    keys = [str(i % 1000) for i in range(1_000_000)]
    started = time.perf_counter()
    for key in keys:
        table.get(key)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--no-translate", action="store_true")
    parser.add_argument("--lookups-only", action="store_true",
                        help="reuse DIR's tm.sqlite from an earlier run: lookups (and translate) only")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="tm-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {os.getloadavg()}; calibration {calibration():.3f} s per 1M dict lookups")
    generator = Generator()
    tmx = work / "tm.tmx"
    db_path = work / "tm.sqlite"
    if not tmx.exists():  # DIR's tm.tmx of an earlier run is reused (delete it to generate anew)
        started = time.perf_counter()
        write_units(tmx, args.units, generator)
        print(f"generated {args.units} units in {time.perf_counter() - started:.1f} s "
              f"({tmx.stat().st_size / 1e6:.0f} MB)")
    samples = reader_pass(tmx, generator, args.queries * 4)
    database = TmDatabase(db_path) if args.lookups_only else build(tmx, db_path)
    lookups(database, generator, samples, args.queries)
    database.close()
    if not args.no_translate:
        translate_memory(work, tmx, samples, args.units)
    print(f"load average at end: {os.getloadavg()}")


def reader_pass(tmx: Path, generator: Generator, sample_count: int) -> list[list[str]]:
    """The baseline: a bare ``TmxReader`` pass over the file; it keeps a random sample of stored sources."""
    started, cpu = time.perf_counter(), time.process_time()
    kept: list[list[str]] = []
    read = 0
    for read, unit in enumerate(TmxReader(tmx), start=1):
        tokens = unit.variants["en-US"][:-1].split(" ")
        if len(kept) < sample_count:
            kept.append(tokens)
        elif generator.random.random() < sample_count / read:
            kept[generator.random.randrange(sample_count)] = tokens
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"baseline TmxReader pass: {read / wall:,.0f} units/s wall, {read / cpu:,.0f} units/s CPU "
          f"({wall:.1f} s)")
    return kept


def build(tmx: Path, db_path: Path) -> TmDatabase:
    """Import the TMX into a new database, timed; returns it open."""
    work = tmx.parent
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    database = TmDatabase(db_path, create=True)
    started, cpu = time.perf_counter(), time.process_time()
    result = import_tmx(database, tmx)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"import: {result.units:,} units in {wall:.1f} s: {result.units / wall:,.0f} units/s wall, "
          f"{result.units / cpu:,.0f} units/s CPU")
    database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(p.stat().st_size for p in work.glob("tm.sqlite*"))
    print(f"database size: {size / 1e6:.0f} MB ({size / max(result.units, 1):.0f} bytes/unit; TMX "
          f"{tmx.stat().st_size / 1e6:.0f} MB)")
    return database


def lookups(database: TmDatabase, generator: Generator, samples: list[list[str]], queries: int) -> None:
    """Exact and fuzzy latency on the sample."""
    sources = [text(tokens) for tokens in samples[: queries * 2]]
    times = []
    for source in sources:
        started = time.perf_counter()
        found = exact(database, source, "en", "ru")
        times.append(time.perf_counter() - started)
        assert found, source
    print(f"exact lookup ({len(times)} stored sources): p50 {percentile(times, .5) * 1e3:.2f} ms, "
          f"p95 {percentile(times, .95) * 1e3:.2f} ms, mean {statistics.mean(times) * 1e3:.2f} ms")

    edited = [(generator.edit(tokens, generator.random.randint(1, 3)), tokens)
              for tokens in samples[queries * 2: queries * 2 + queries * 4 // 5]]
    novel = [(generator.fresh(), None) for _ in range(queries - len(edited))]
    times, found_origin, with_match = [], 0, 0
    for query, origin in [*edited, *novel]:
        started = time.perf_counter()
        matches = fuzzy(database, text(query), "en", "ru", minimum=75, top=5)
        times.append(time.perf_counter() - started)
        with_match += bool(matches)
        if origin is not None and any(m.source == text(origin) for m in matches):
            found_origin += 1
    print(f"fuzzy top-5 ({len(times)} queries, {len(edited)} edited from stored units): p50 "
          f"{percentile(times, .5) * 1e3:.1f} ms, p95 {percentile(times, .95) * 1e3:.1f} ms, max "
          f"{max(times) * 1e3:.1f} ms; {with_match} with a match >= 75; the edited unit's origin among the five "
          f"for {found_origin} of {len(edited)} (edits of 1-3 words can push a short sentence below 75)")


def translate_memory(work: Path, tmx: Path, samples: list[list[str]], count: int) -> None:
    """Peak RSS of a translate run with a small and with the full database."""
    sys.path.insert(0, str(REPO))
    from tests.model_factory import build_tiny_en_ru

    model = build_tiny_en_ru(work / "tiny-en-ru")
    small_tmx = work / "small.tmx"
    with TmxWriter(small_tmx, TmxHeader(srclang="en-US")) as writer:
        for unit in itertools.islice(TmxReader(tmx), max(1, count // 100)):
            writer.write(unit)
    small_db = work / "small.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{small_db}{suffix}").unlink(missing_ok=True)
    with TmDatabase(small_db, create=True) as database:
        import_tmx(database, small_tmx)
    document = work / "doc.txt"
    document.write_text("\n".join(text(tokens) for tokens in samples[:200]) + "\n", encoding="utf-8")
    rows = []
    for label, db in (("1 % of the units", small_db), ("all units", work / "tm.sqlite")):
        rss, seconds = peak_child_rss([sys.executable, "-m", "aligntool", "translate", str(document), "--to", "ru",
                                       "--model", f"ru={model}", "--tm", str(db), "--out", str(work / "out"),
                                       "--no-resume", "--quiet", "--format", "xliff"])
        rows.append((label, rss, seconds))
        print(f"translate 200 sentences with --tm ({label}): peak RSS {rss:.0f} MiB, {seconds:.1f} s")
    print(f"RSS ratio full/small TM: {rows[1][1] / rows[0][1]:.3f}")


if __name__ == "__main__":
    main()
