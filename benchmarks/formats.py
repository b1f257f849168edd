"""Document readers: time and peak Python memory to read and segment the same text in every format.

    python benchmarks/formats.py               # 4,000 paragraphs (about 8,000 sentences, ~0.9 MB of text)
    python benchmarks/formats.py --paragraphs 500

The same paragraphs are written as plain text (the baseline), HTML, Markdown, DOCX (python-docx), XLIFF 1.2
(aligntool's writer) and PDF (a hand-written text layer, 40 lines a page); each file is read with
``documents.read_document`` and split with ``documents.document_sentences``, twice: the second run is reported
(imports and the segmenter's tables load once per process). Ratios are against plain text
measured in the same run; memory is tracemalloc's peak (Python allocations, lxml's C tree not included).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligntool.engines.segmentation.sentences import document_sentences  # noqa: E402
from aligntool.formats.documents.base import DocumentWarning  # noqa: E402
from aligntool.formats.documents.reading import read_document  # noqa: E402
from aligntool.formats.xliff.writer import XliffWriter, sentence_unit  # noqa: E402
from tests.pdf_factory import write_pdf  # noqa: E402

WORDS = ("the", "ministers", "met", "in", "minsk", "on", "monday", "and", "agreed", "a", "joint", "statement",
         "about", "security", "treaty", "organization", "exercises", "border", "member", "states", "secretariat",
         "report", "annual", "meeting")


def paragraphs(count: int, seed: int = 1) -> list[str]:
    """``count`` paragraphs of two sentences each, ASCII (so the PDF text layer can carry them)."""
    rng = random.Random(seed)

    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
        return " ".join(words).capitalize() + "."

    return [f"{sentence()} {sentence()}" for _ in range(count)]


def write_all(folder: Path, texts: list[str]) -> dict[str, Path]:
    """The same paragraphs in every format."""
    import docx

    files = {name: folder / f"doc.{ext}" for name, ext in
             (("text", "txt"), ("html", "html"), ("markdown", "md"), ("docx", "docx"), ("xliff", "xlf"),
              ("pdf", "pdf"))}
    files["text"].write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    files["html"].write_text("<html><body>" + "".join(f"<p>{t}</p>" for t in texts) + "</body></html>",
                             encoding="utf-8")
    files["markdown"].write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(str(files["docx"]))
    with XliffWriter(files["xliff"], "en-US", "ru-RU", "doc.txt") as writer:
        for index, text in enumerate(texts):
            writer.write(sentence_unit(index, text, "", "mt", index, "p"))
    lines = [piece for text in texts for piece in _wrap(text, 90)] + [""]
    pages = [lines[i:i + 40] for i in range(0, len(lines), 40)]
    write_pdf(files["pdf"], pages)
    return files


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current, ""]  # a blank line after each paragraph


def measure(path: Path) -> tuple[float, int, int, int]:
    """(seconds, peak bytes, paragraphs, sentences) of read + segment."""
    tracemalloc.start()
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DocumentWarning)
        document = read_document(path)
    sentences = document_sentences(document, "en")
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, len(document.paragraphs), len(sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=4000)
    args = parser.parse_args()
    texts = paragraphs(args.paragraphs)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_all(Path(tmp), texts)
        results = {}
        for name, path in files.items():
            measure(path)  # warm-up: imports, the segmenter's rules and tables load once per process
            results[name] = (path.stat().st_size, *measure(path))
    base_seconds, base_peak = results["text"][1], results["text"][2]
    print(f"{args.paragraphs} paragraphs; ratios against plain text in this run")
    print(f"{'format':<9} {'file KB':>8} {'paragraphs':>10} {'sentences':>9} {'seconds':>8} {'× text':>7} "
          f"{'peak MB':>8} {'× text':>7}")
    for name, (size, seconds, peak, paras, sentences) in results.items():
        print(f"{name:<9} {size / 1024:>8.0f} {paras:>10} {sentences:>9} {seconds:>8.2f} "
              f"{seconds / base_seconds:>7.2f} {peak / 2**20:>8.1f} {peak / base_peak:>7.2f}")


if __name__ == "__main__":
    main()
