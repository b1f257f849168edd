"""Write and read back a large TMX with flat memory.

    python benchmarks/tmx_scale.py [--units 1000000] [--dir DIR]

Prints units/s for writing, reading (aligntool reader) and validating, the current RSS at checkpoints
(100k … N units) for each phase, and the peak RSS. Baseline measured in the same run: a bare lxml
``iterparse`` pass that only counts and frees ``<tu>`` elements (the floor for any safe streaming reader).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.validate import validate_tmx
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter, unit_props

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mib() -> float:
    """Current resident set size of this process."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * _PAGE / 2**20


def peak_mib() -> float:
    """Peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def units(count: int) -> Iterator[TranslationUnit]:
    when = datetime(2024, 10, 30, tzinfo=timezone.utc)
    for index in range(count):
        yield TranslationUnit(
            {"en-US": f"The CSTO Secretary General met the Foreign Minister in Minsk, meeting number {index}.",
             "ru-RU": f"Генеральный секретарь ОДКБ встретился с министром иностранных дел в Минске, № {index}.",
             "kk-KZ": f"ҰҚШҰ Бас хатшысы Минскіде Сыртқы істер министрімен кездесті, № {index}."},
            props=unit_props("corpus.txt", index, "mt", "Helsinki-NLP/opus-mt-en-ru@abc123"),
            creationdate=when)


def checkpoints(total: int) -> set[int]:
    marks = {100_000, total // 2, total}
    return {mark for mark in marks if 0 < mark <= total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the TMX (default: a temp dir)")
    args = parser.parse_args()
    total: int = args.units
    marks = checkpoints(total)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "scale.tmx"
        print(f"units: {total:,}; RSS after imports: {rss_mib():.1f} MiB")

        start = time.perf_counter()
        rss_write: dict[int, float] = {}
        with TmxWriter(path, TmxHeader(srclang="en-US")) as writer:
            for unit in units(total):
                writer.write(unit)
                if writer.units_written in marks:
                    rss_write[writer.units_written] = rss_mib()
        write_s = time.perf_counter() - start
        size = path.stat().st_size
        print(f"write:    {total / write_s:>10,.0f} units/s  {write_s:6.1f} s  file {size / 2**20:.0f} MiB  "
              + "  ".join(f"RSS@{k:,}={v:.1f} MiB" for k, v in sorted(rss_write.items())))

        from lxml import etree

        from aligntool.core.safexml import safe_parser_options

        start = time.perf_counter()
        count = 0
        for _event, element in etree.iterparse(str(path), events=("end",), tag="tu", **safe_parser_options()):
            count += 1
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        base_s = time.perf_counter() - start
        print(f"baseline: {count / base_s:>10,.0f} units/s  {base_s:6.1f} s  (bare lxml iterparse, count only)")

        start = time.perf_counter()
        rss_read: dict[int, float] = {}
        reader = TmxReader(path)
        read = 0
        for unit in reader:
            read += 1
            if read in marks:
                rss_read[read] = rss_mib()
            del unit
        read_s = time.perf_counter() - start
        if read != total:
            raise SystemExit(f"read back {read} units, wrote {total}")
        print(f"read:     {total / read_s:>10,.0f} units/s  {read_s:6.1f} s  ({read_s / base_s:.2f}× baseline time)  "
              + "  ".join(f"RSS@{k:,}={v:.1f} MiB" for k, v in sorted(rss_read.items())))

        start = time.perf_counter()
        problems = validate_tmx(path)
        validate_s = time.perf_counter() - start
        print(f"validate: {total / validate_s:>10,.0f} units/s  {validate_s:6.1f} s  problems: {len(problems)}  "
              f"RSS after: {rss_mib():.1f} MiB")

        first, last = min(rss_read), max(rss_read)
        print(f"flatness: read RSS at {last:,} / at {first:,} = {rss_read[last] / rss_read[first]:.3f}; "
              f"write RSS at {last:,} / at {first:,} = {rss_write[last] / rss_write[first]:.3f}")
        print(f"peak RSS: {peak_mib():.1f} MiB")


if __name__ == "__main__":
    main()
