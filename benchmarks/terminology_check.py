"""Precision and recall of the term checker (``aligntool.engines.terminology.scoring``) on a labelled test set.

Each row of ``tests/data/terminology_check/*.tsv`` is a source sentence, a translation and the expected verdict:
``ok`` (a correct rendering, including the admitted variants of issue 13) or the failure class the checker must
report (missing, wrong-form, other-entity, count-short, disallowed = a deprecated or forbidden term used,
wrong-case = a real form of the term in a case its context excludes). ``tune.tsv``/``heldout.tsv`` are the rows
of issue 13, ``case_tune.tsv``/``case_heldout.tsv`` those of issue 28 (case in context, Kazakh name harmony,
generic titles of organisations outside the glossary).
For each split (``tune``: rows the checker was developed against; ``heldout``: rows written before tuning;
``fresh``: rows of issue 28 written and committed before the checker first ran on them, because sentences of
``case_heldout.tsv`` had been copied into unit tests; ``fresh2`` … ``fresh12``: the same again, each once the one
before was spent, ``fresh5`` … ``fresh12`` written blind by helpers) and language it prints:

* catch rate per class: wrong rows whose expected class is among the reported failure classes
  (and, in brackets, rows flagged with any class);
* false-alarm rate: correct rows with any failure reported.

Run: ``python benchmarks/terminology_check.py`` (``--split tune|heldout``, ``--verbose`` lists every miss).
Prints the table and a JSON line.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO / "tests" / "data" / "terminology_check"
SPLITS = ("tune", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9",
          "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16", "fresh17", "fresh18", "fresh19",
          "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26", "fresh27",
          "fresh28", "fresh29", "fresh30", "fresh31", "fresh32", "fresh33",
          "fresh34", "fresh35", "fresh36", "fresh37", "fresh38", "fresh39",
          "fresh40", "fresh41", "fresh42", "fresh43")
CLASSES = ("missing", "wrong-form", "other-entity", "count-short", "disallowed", "wrong-case")


@dataclass(frozen=True)
class Row:
    """One labelled segment pair."""

    split: str
    lang: str
    expect: str
    source: str
    target: str
    note: str


def read_rows(paths: list[Path]) -> list[Row]:
    """Rows of the test-set TSV files (lines starting with # are comments)."""
    rows: list[Row] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = (line for line in handle if line.strip() and not line.startswith("#"))
            for fields in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append(Row(*fields[:6]))
    return rows


def verdict(scorer: object, row: Row) -> set[str]:
    """The failure classes the checker reports for a row (deprecated/forbidden → disallowed)."""
    scored = scorer.score(row.source, row.target, row.lang)  # type: ignore[attr-defined]
    return {"disallowed" if f.kind in ("deprecated", "forbidden") else f.kind for f in scored.failures}


def evaluate(rows: list[Row], glossary_path: Path) -> dict[str, dict[str, dict[str, list[int]]]]:
    """split → lang → class (or 'ok') → [hits, total, flagged]; prints nothing."""
    from aligntool.engines.terminology.scoring import TermScorer
    from aligntool.engines.terminology.termbase import Glossary

    scorer = TermScorer(Glossary.load(glossary_path), "en")
    table: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(
        lambda: [0, 0, 0])))
    for row in rows:
        found = verdict(scorer, row)
        cell = table[row.split][row.lang][row.expect]
        cell[1] += 1
        if row.expect == "ok":
            cell[0] += bool(found)  # false alarms
        else:
            cell[0] += row.expect in found
            cell[2] += bool(found)
    return table


def misses(rows: list[Row], glossary_path: Path) -> list[str]:
    """One line per row the checker gets wrong."""
    from aligntool.engines.terminology.scoring import TermScorer
    from aligntool.engines.terminology.termbase import Glossary

    scorer = TermScorer(Glossary.load(glossary_path), "en")
    out = []
    for row in rows:
        found = verdict(scorer, row)
        wrong = bool(found) if row.expect == "ok" else row.expect not in found
        if wrong:
            out.append(f"{row.split} {row.lang} expected {row.expect}, got {sorted(found) or 'ok'}: "
                       f"{row.source} | {row.target}")
    return out


def _pct(hits: int, total: int) -> str:
    return f"{100.0 * hits / total:5.1f}% ({hits}/{total})" if total else "   n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="*", default=sorted(DATA.glob("*.tsv")))
    parser.add_argument("--glossary", type=Path, default=REPO / "glossary" / "csto.yaml")
    parser.add_argument("--split", choices=SPLITS, help="only this split")
    parser.add_argument("--verbose", action="store_true", help="list every row the checker gets wrong")
    args = parser.parse_args(argv)

    rows = [r for r in read_rows(args.data) if args.split is None or r.split == args.split]
    table = evaluate(rows, args.glossary)
    report: dict[str, object] = {}
    for split in SPLITS:
        for lang, cells in sorted(table.get(split, {}).items()):
            print(f"== {split} {lang}: {sum(c[1] for c in cells.values())} rows")
            caught = total = 0
            for kind in CLASSES:
                hits, count, flagged = cells.get(kind, [0, 0, 0])
                caught, total = caught + hits, total + count
                print(f"  catch {kind:<13} {_pct(hits, count)}   flagged at all {_pct(flagged, count)}")
                report[f"{split}.{lang}.catch.{kind}"] = [hits, count]
            alarms, correct, _ = cells.get("ok", [0, 0, 0])
            print(f"  catch all wrong     {_pct(caught, total)}")
            print(f"  false alarms        {_pct(alarms, correct)} of correct renderings")
            report[f"{split}.{lang}.catch"] = [caught, total]
            report[f"{split}.{lang}.false_alarms"] = [alarms, correct]
    if args.verbose:
        for line in misses(rows, args.glossary):
            print("  miss:", line)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
