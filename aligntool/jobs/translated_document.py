"""``translate --format document``: the document itself in each target language, every paragraph translated in
place (DOCX, HTML, Markdown, XLIFF with its targets filled, plain text).

The sentences of a paragraph are translated one by one (with their codes placed, see :mod:`aligntool.jobs.coded`)
and joined again with the source's own space between them; the paragraph then replaces the source paragraph
in a copy of the file, through the writer of its format. The file appears only once written completely.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from aligntool.core.atomic import atomic_output
from aligntool.core.errors import ConfigError
from aligntool.core.inline import CodedText, join_coded
from aligntool.core.safeio import decode_document, read_bytes
from aligntool.core.safepath import confined_output
from aligntool.formats.documents.base import Sentence, SourceDocument
from aligntool.formats.documents.docx_writer import write_docx
from aligntool.formats.documents.html_writer import write_html
from aligntool.formats.documents.markdown_writer import write_markdown
from aligntool.formats.xliff.targets import write_xliff_targets

#: formats whose translated document aligntool writes
WRITABLE = ("docx", "html", "markdown", "xliff", "text")


@dataclass
class DocumentReport:
    """One translated document: where it went and its inline codes (in the source, in the translation, and
    sentences whose codes were put in source order)."""

    path: Path
    lang: str
    paragraphs: int = 0
    codes_in: int = 0
    codes_out: int = 0
    fallbacks: int = 0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"path": str(self.path), "lang": self.lang, "paragraphs": self.paragraphs,
                "codes_in": self.codes_in, "codes_out": self.codes_out, "fallbacks": self.fallbacks}

    def format(self) -> str:
        """``wrote news.ru.docx: 12 paragraphs, 30 codes in, 30 out, 4 sentences with codes in source order``."""
        return (f"wrote {self.path}: {self.paragraphs} paragraphs, {self.codes_in} codes in, {self.codes_out} out, "
                f"{self.fallbacks} sentence(s) with codes put in source order")


def check_writable(document: SourceDocument) -> None:
    """Refuse, before any translation, a document whose format cannot be written back (PDF)."""
    if document.format not in WRITABLE:
        raise ConfigError(f"{document.path}: --format document cannot write a translated {document.format} file "
                          f"(it writes {', '.join(WRITABLE)}); translate it to TMX or XLIFF instead")


def document_path(out_dir: Path, document: SourceDocument, stem: str, lang: str) -> Path:
    """``OUT/<stem>.<lang><source extension>`` (``news.ru.docx``, ``ui.kk.xlf``), confined to ``OUT``."""
    suffix = document.path.suffix or {"text": ".txt", "markdown": ".md", "html": ".html"}.get(document.format, "")
    return confined_output(out_dir, f"{stem}.{lang}{suffix}")


def paragraph_translations(document: SourceDocument, sentences: Sequence[Sentence],
                           targets: Sequence[CodedText]) -> list[CodedText | None]:
    """Each paragraph's translation: its sentences' translations joined with the source's space between them."""
    grouped: dict[int, list[tuple[Sentence, CodedText]]] = {}
    for sentence, target in zip(sentences, targets, strict=True):
        grouped.setdefault(sentence.paragraph, []).append((sentence, target))
    result: list[CodedText | None] = []
    for index, paragraph in enumerate(document.paragraphs):
        pieces = grouped.get(index)
        if not pieces:
            result.append(None)
            continue
        gaps = [paragraph.text[a.end:b.start] for (a, _), (b, _) in pairwise(pieces)]
        result.append(join_coded([t for _, t in pieces], [g if not g.strip() else " " for g in gaps]))
    return result


def write_translated_document(document: SourceDocument, sentences: Sequence[Sentence],
                              targets: Sequence[CodedText], out: Path, lang: str, fallbacks: int = 0) -> DocumentReport:
    """Write the translation of ``document`` to ``out`` (atomically); ``targets``: one per sentence; ``fallbacks``:
    how many of them had their codes put in source order (for the report)."""
    check_writable(document)
    report = DocumentReport(out, lang, fallbacks=fallbacks)
    report.codes_in = sum(len(s.codes) for s in sentences)
    report.codes_out = sum(len(t.codes) for t in targets)
    if document.format == "text":
        data = _spliced(document.text or "", sentences, targets).encode("utf-8")
        report.paragraphs = len({s.paragraph for s in sentences})
    else:
        translations = paragraph_translations(document, sentences, targets)
        report.paragraphs = sum(t is not None for t in translations)
        source = read_bytes(document.path)
        if document.format == "docx":
            data = write_docx(source, document.path, translations)
        elif document.format == "html":
            data = write_html(source, document.path, translations, lang)
        elif document.format == "markdown":
            data = write_markdown(decode_document(source, document.path), translations).encode("utf-8")
        else:
            data = write_xliff_targets(source, str(document.path), translations,
                                       [p.wrap for p in document.paragraphs], lang)
    with atomic_output(out, "wb") as handle:
        handle.write(data)
    return report


def _spliced(text: str, sentences: Sequence[Sentence], targets: Sequence[CodedText]) -> str:
    """Plain text with every sentence's span replaced by its translation."""
    parts: list[str] = []
    position = 0
    for sentence, target in zip(sentences, targets, strict=True):
        parts.append(text[position:sentence.start])
        parts.append(target.text)
        position = sentence.end
    parts.append(text[position:])
    return "".join(parts)
