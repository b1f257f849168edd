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
from aligntool.engines.segmentation.srx_export import export_srx
from aligntool.engines.terminology.termbase import Glossary
from aligntool.formats.documents.base import Sentence, SourceDocument
from aligntool.formats.documents.omegat.project import OmegatDocument, ProjectReport, write_project
from aligntool.formats.glossary.omegat import OmegatFormat
from aligntool.jobs.sinks import ChunkTranslation


def project_root(out_dir: Path, source_lang: str, target_lang: str) -> Path:
    """Where the OmegaT project for one target language goes."""
    return out_dir / f"omegat-{base_language(source_lang)}-{base_language(target_lang)}"


def _coded(sentence: Sentence) -> CodedText:
    return CodedText(sentence.text, tuple(getattr(sentence, "codes", ())))


@dataclass
class OmegatSink:
    """One document's sentences and translations, kept for its OmegaT projects (written at the end of the run)."""

    document: SourceDocument
    sentences: list[Sentence] = field(default_factory=list)
    targets: dict[str, list[CodedText | None]] = field(default_factory=dict)

    def write(self, chunk: ChunkTranslation) -> None:
        """Keep the chunk's sentences and translations."""
        self.sentences.extend(chunk.sentences)
        for lang, target in chunk.targets.items():
            self.targets.setdefault(lang, []).extend(CodedText(text) if text.strip() else None
                                                     for text in target.texts)

    @property
    def paths(self) -> list[Path]:
        return []  # the projects are written once, at the end of the run

    @property
    def replaced_characters(self) -> int:
        return 0

    @property
    def skipped_units(self) -> int:
        return 0


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
        for lang, translated in sink.targets.items():
            paragraphs: list[list[tuple[CodedText, CodedText | None]]] = []
            last = None
            for sentence, target in zip(sink.sentences, translated, strict=True):
                if sentence.paragraph != last:
                    paragraphs.append([])
                    last = sentence.paragraph
                paragraphs[-1].append((_coded(sentence), target))
            self.documents.setdefault(lang, []).append(OmegatDocument(sink.document.path, paragraphs))

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
