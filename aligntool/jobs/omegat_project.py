"""``translate --omegat-project``: one ready-to-open OmegaT project per target language under the output
directory, ``OUT/omegat-<src>-<tgt>/`` (layout in :mod:`aligntool.formats.documents.omegat.project`, docs/omegat.md).

Each document's sentences and translations reach an :class:`OmegatSink` like any other output; at the end of
the run (:meth:`OmegatProjects.write`) every project gets the documents, our translations as OmegaT's tagged
text in ``tm/auto/``, our sentence rules as the project's segmentation (so OmegaT cuts where we cut), and the
glossary in OmegaT's form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligntool.core.inline import CodedText
from aligntool.core.languages import base_language
from aligntool.core.safeio import read_bytes
from aligntool.engines.segmentation.srx_export import export_srx
from aligntool.engines.terminology.termbase import Glossary
from aligntool.formats.documents.base import Sentence, SourceDocument
from aligntool.formats.documents.docx_writer import write_docx
from aligntool.formats.documents.omegat.project import OmegatDocument, ProjectReport, write_project
from aligntool.formats.glossary.omegat import OmegatFormat
from aligntool.jobs.sinks import ChunkTranslation, UncountedSink


def project_root(out_dir: Path, source_lang: str, target_lang: str) -> Path:
    """Where the OmegaT project for one target language goes."""
    return out_dir / f"omegat-{base_language(source_lang)}-{base_language(target_lang)}"


def source_data(document: SourceDocument) -> bytes | None:
    """The file to put in the project's ``source/`` when it is not the input as given: a DOCX rebuilt from its own
    paragraphs and codes by the translated-document writer, so that every run boundary OmegaT tags is a code of
    ours (Word splits one formatting into several runs for revision ids and spell-check marks; OmegaT tags each
    boundary, our reader codes formatting changes). The text, formatting, links, notes, tables, headers and
    footers are the source's; whitespace runs inside a paragraph are collapsed as the reader collapses them."""
    if document.format != "docx":
        return None
    return write_docx(read_bytes(document.path), document.path,
                      [CodedText(p.text, p.codes) for p in document.paragraphs])


def omegat_document(document: SourceDocument, sentences: Sequence[Sentence],
                    translations: Sequence[CodedText | None], data: bytes | None = None) -> OmegatDocument:
    """``document``'s sentences (with their codes) and their translations (None: untranslated), grouped by
    paragraph as the project writer takes them; ``data``: the file for ``source/`` (:func:`source_data`)."""
    paragraphs: list[list[tuple[CodedText, CodedText | None]]] = []
    last = None
    for sentence, target in zip(sentences, translations, strict=True):
        if sentence.paragraph != last:
            paragraphs.append([])
            last = sentence.paragraph
        paragraphs[-1].append((CodedText(sentence.text, sentence.codes), target))
    return OmegatDocument(document.path, paragraphs, data)


@dataclass
class OmegatSink(UncountedSink):
    """One document's sentences and translations, kept for its OmegaT projects (written at the end of the run)."""

    document: SourceDocument
    sentences: list[Sentence] = field(default_factory=list)
    targets: dict[str, list[CodedText | None]] = field(default_factory=dict)

    def write(self, chunk: ChunkTranslation) -> None:
        """Keep the chunk's sentences and translations."""
        self.sentences.extend(chunk.sentences)
        for lang, target in chunk.targets.items():
            self.targets.setdefault(lang, []).extend(
                CodedText(text, target.coded(i)) if text.strip() else None for i, text in enumerate(target.texts))

    @property
    def paths(self) -> list[Path]:
        return []  # the projects are written once, at the end of the run


@dataclass
class OmegatProjects:
    """Collects what a ``translate`` run made and writes the projects (:meth:`write`)."""

    out_dir: Path
    source_lang: str
    source_tag: str
    target_tags: dict[str, str]  # language → TMX/OmegaT tag (ru → ru-RU)
    glossary: Path | None = None
    header_props: Sequence[tuple[str, str]] = ()
    documents: dict[str, list[OmegatDocument]] = field(default_factory=dict)

    def sink(self, document: SourceDocument) -> OmegatSink:
        """A sink for one document; hand it back to :meth:`add` once the document is translated."""
        return OmegatSink(document)

    def add(self, sink: OmegatSink) -> None:
        """One translated document."""
        data = source_data(sink.document)
        for lang, translated in sink.targets.items():
            self.documents.setdefault(lang, []).append(
                omegat_document(sink.document, sink.sentences, translated, data))

    def _glossary_text(self, lang: str) -> str | None:
        if self.glossary is None:
            return None
        return OmegatFormat().dumps(Glossary.load(self.glossary).entries, base_language(self.source_lang), [lang])

    def write(self) -> list[ProjectReport]:
        """Write one project per target language; returns what each holds."""
        srx = export_srx([base_language(self.source_lang)])
        reports = []
        for lang, documents in self.documents.items():
            root = project_root(self.out_dir, self.source_lang, lang)
            reports.append(write_project(root, self.source_tag, self.target_tags[lang], documents, srx=srx,
                                         glossary=self._glossary_text(lang), header_props=self.header_props))
        return reports
