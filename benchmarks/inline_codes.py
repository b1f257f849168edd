"""Inline codes: what they cost against plain text, and how well placement puts them in a translation.

    python benchmarks/inline_codes.py                 # 1,000 sentences per format, accuracy on the 40 pairs
    python benchmarks/inline_codes.py --sentences 4000

Cost: the same sentences are written twice per format, with inline markup (bold, italic, links, note
references; about one code pair per sentence) and without any; each file is read and segmented
(``read_document`` + ``document_sentences``) and the time per 1,000 sentences compared. Placement
(``place_codes``) and TMX writing (level 2 against level 1) are timed per 1,000 sentences the same way. Every
timing is the best of three runs after a warm-up; ratios are against the plain run in the same process.

Accuracy: ``benchmarks/data/inline_pairs.tsv`` holds 40 English sentences and Russian translations written for
this benchmark, marked up on both sides by hand. The English codes are placed into the unmarked Russian
sentence and compared with the hand-placed Russian codes: a code is right when it is at the same offset, a pair
when it spans the same words. The baseline puts every code at its proportional position (what placement falls
back to without evidence).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligntool.core.datatypes import TranslationUnit  # noqa: E402
from aligntool.core.inline import CodedText, CodeKind  # noqa: E402
from aligntool.engines.segmentation.sentences import document_sentences  # noqa: E402
from aligntool.engines.translation.placement import place_codes, proportional  # noqa: E402
from aligntool.formats.documents.reading import read_document  # noqa: E402
from aligntool.formats.tmx.writer import TmxHeader, write_tmx  # noqa: E402
from tests.formatted_fixtures import PAIRS, load_pairs  # noqa: E402


def _spans(coded: CodedText) -> dict[tuple[str, int], tuple[int, int]]:
    """(type, n-th of that type) → (start, end) for pairs, (offset, offset) for isolated codes."""
    opens: dict[int, int] = {}
    found: dict[tuple[str, int], tuple[int, int]] = {}
    seen: dict[str, int] = {}
    for placed in coded.codes:
        code = placed.code
        if code.kind is CodeKind.OPEN:
            opens[code.pair] = placed.offset
        else:
            start = opens.get(code.pair, placed.offset)
            number = seen.get(code.type, 0)
            seen[code.type] = number + 1
            found[(code.type, number)] = (start, placed.offset)
    return found


def _words(text: str, start: int, end: int) -> set[int]:
    return {i for i, m in enumerate(re.finditer(r"\w+", text)) if m.start() >= start and m.end() <= end}


def accuracy(place: Callable[[CodedText, str], CodedText]) -> dict[str, float]:
    """Share of codes at the right offset, of pairs over the right words, and mean word overlap of pairs."""
    right = total = pairs_right = pairs = 0
    overlap = 0.0
    for source, gold in load_pairs():
        placed = place(source, gold.text)
        want, got = _spans(gold), _spans(placed)
        for key, (start, end) in want.items():
            total += 1
            g_start, g_end = got.get(key, (-1, -1))
            right += (g_start, g_end) == (start, end)
            if key[0] != "footnote":
                pairs += 1
                a, b = _words(gold.text, start, end), _words(gold.text, g_start, g_end)
                pairs_right += a == b
                overlap += len(a & b) / len(a | b) if a | b else 1.0
    return {"codes": right / total, "pairs": pairs_right / pairs, "overlap": overlap / pairs, "total": total,
            "pair_count": pairs}


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    run()  # warm-up: imports, tables, caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def _sentences(count: int) -> list[str]:
    """``count`` marked-up English sentences (the benchmark pairs' sources, cycled)."""
    sources = [line.split("\t")[0] for line in PAIRS.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    return [sources[i % len(sources)] for i in range(count)]


def _html(sentences: list[str], coded: bool) -> str:
    def fix(s: str) -> str:
        s = s.replace("<fn/>", "<sup>1</sup>").replace("<a>", '<a href="https://example.org/">')
        return s if coded else re.sub(r"<[^>]+>", "", s.replace("<sup>1</sup>", ""))

    body = "\n".join(f"<p>{fix(a)} {fix(b)}</p>" for a, b in zip(sentences[::2], sentences[1::2], strict=False))
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"


def _markdown(sentences: list[str], coded: bool) -> str:
    def fix(s: str) -> str:
        if not coded:
            return re.sub(r"<[^>]+>", "", s)
        return (s.replace("<b>", "**").replace("</b>", "**").replace("<i>", "*").replace("</i>", "*")
                .replace("<a>", "[").replace("</a>", "](https://example.org/)").replace("<fn/>", "[^1]"))

    return "\n\n".join(f"{fix(a)} {fix(b)}" for a, b in zip(sentences[::2], sentences[1::2], strict=False)) + "\n"


def _docx(sentences: list[str], coded: bool, path: Path) -> None:
    import docx

    document = docx.Document()
    for a, b in zip(sentences[::2], sentences[1::2], strict=False):
        paragraph = document.add_paragraph()
        for piece in re.split(r"(<[^>]+>)", f"{a} {b}"):
            if piece.startswith("<"):
                if coded and piece == "<fn/>":
                    paragraph.add_run("1").font.superscript = True
                continue
            if not piece:
                continue
            run = paragraph.add_run(piece)
            run.bold = coded and bool(re.search(rf"<b>{re.escape(piece)}</b>", f"{a} {b}"))
            run.italic = coded and bool(re.search(rf"<i>{re.escape(piece)}</i>", f"{a} {b}"))
    document.save(str(path))


def cost(count: int) -> list[tuple[str, float, float, int]]:
    """(what, plain seconds per 1,000 sentences, coded seconds per 1,000 sentences, codes)."""
    sentences = _sentences(count)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        folder = Path(tmp)
        for name, suffix in (("HTML", ".html"), ("Markdown", ".md"), ("DOCX", ".docx")):
            timings = []
            codes = 0
            for coded in (False, True):
                path = folder / f"{'coded' if coded else 'plain'}{suffix}"
                if suffix == ".docx":
                    _docx(sentences, coded, path)
                else:
                    path.write_text((_html if suffix == ".html" else _markdown)(sentences, coded), encoding="utf-8")
                found: list[int] = []

                def read(path: Path = path, found: list[int] = found) -> None:
                    found[:] = [len(s.codes) for s in document_sentences(read_document(path), "en")]

                timings.append(_best(read) / len(found) * 1000)
                codes = sum(found)
            rows.append((f"read+segment {name}", timings[0], timings[1], codes))
    pairs = load_pairs()
    sources = [pairs[i % len(pairs)] for i in range(count)]
    placed: list[CodedText] = []

    def place() -> None:
        placed[:] = [place_codes(source, gold.text).coded for source, gold in sources]

    seconds = _best(place) / count * 1000
    rows.append(("placement (place_codes)", 0.0, seconds, sum(len(s.codes) for s, _ in sources)))
    with tempfile.TemporaryDirectory() as tmp:
        for_tmx = Path(tmp) / "t.tmx"
        plain_units = [TranslationUnit({"en-US": s.text, "ru-RU": g.text}) for s, g in sources]
        coded_units = [TranslationUnit({"en-US": s.text, "ru-RU": p.text}, codes={"en-US": s.codes,
                                                                                  "ru-RU": p.codes})
                       for (s, _), p in zip(sources, placed, strict=True)]
        plain = _best(lambda: write_tmx(for_tmx, TmxHeader(srclang="en-US"), plain_units)) / count * 1000
        coded_time = _best(lambda: write_tmx(for_tmx, TmxHeader(srclang="en-US"), coded_units)) / count * 1000
        rows.append(("TMX write (level 1 vs 2)", plain, coded_time, sum(len(u.codes["en-US"]) for u in coded_units)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=1000)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"\ncost per 1,000 sentences ({args.sentences} sentences, best of 3):")
    print(f"{'what':<28} {'plain ms':>9} {'coded ms':>9} {'x plain':>8} {'codes':>7}")
    for what, plain, coded, codes in cost(args.sentences):
        ratio = f"{coded / plain:8.2f}" if plain else "       -"
        plain_ms = f"{plain * 1000:9.1f}" if plain else "        -"
        print(f"{what:<28} {plain_ms} {coded * 1000:9.1f} {ratio} {codes:7d}")
    print("\nplacement accuracy on benchmarks/data/inline_pairs.tsv (40 hand-marked en-ru pairs):")
    print(f"{'method':<34} {'codes exact':>11} {'pairs exact':>11} {'pair overlap':>12}")
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.jobs.coded import glossary_links

    glossary = Glossary.load(ROOT / "glossary" / "csto.yaml")

    def with_glossary(source: CodedText, target: str) -> CodedText:
        return place_codes(source, target, glossary_links(glossary, source.text, target, "en", "ru")).coded

    for name, method in (("place_codes (lexical alignment)", lambda s, t: place_codes(s, t).coded),
                         ("place_codes + glossary/csto.yaml", with_glossary),
                         ("proportional (the fallback alone)", proportional)):
        result = accuracy(method)
        print(f"{name:<34} {result['codes']:11.1%} {result['pairs']:11.1%} {result['overlap']:12.1%}")
    confident = sum(place_codes(s, g.text).confident for s, g in load_pairs())
    print(f"\nsentences placed with full evidence (no x-codes-fallback): {confident} of {len(load_pairs())}; "
          f"codes {accuracy(lambda s, t: place_codes(s, t).coded)['total']:.0f}")
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
