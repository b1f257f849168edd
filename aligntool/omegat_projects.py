"""``translate --omegat-project``: one ready-to-open OmegaT project per target language under the output
directory, ``OUT/omegat-<src>-<tgt>/`` (layout in :mod:`aligntool.formats.omegat_project`, docs/omegat.md).

During the run each document's sentences and translations are collected; at the end every project gets the
documents, our translations as OmegaT's tagged text in ``tm/auto/``, our sentence rules as the project's
segmentation (so OmegaT cuts where we cut), and the glossary in OmegaT's form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligntool.core.inline import CodedText
from aligntool.formats import Sentence
from aligntool.formats.omegat_project import OmegatDocument, ProjectReport, write_project
from aligntool.glossary import Glossary
from aligntool.glossary.formats.omegat import OmegatFormat
from aligntool.languages import base_language
from aligntool.segmentation.srx import export_srx


def project_root(out_dir: Path, source_lang: str, target_lang: str) -> Path:
    """Where the OmegaT project for one target language goes."""
    return out_dir / f"omegat-{base_language(source_lang)}-{base_language(target_lang)}"


def _coded(sentence: Sentence) -> CodedText:
    coded = getattr(sentence, "coded", None)  # readers that keep inline codes give them; others plain text
    return coded if isinstance(coded, CodedText) else CodedText(sentence.text)


def _as_coded(translation: str | CodedText | None) -> CodedText | None:
    if translation is None or isinstance(translation, CodedText):
        return translation
    return CodedText(translation) if translation.strip() else None


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

    def add(self, path: Path, sentences: Sequence[Sentence],
            translations: dict[str, Sequence[str | CodedText | None]]) -> None:
        """One document: its sentences in order and each target language's translations of them."""
        for lang, translated in translations.items():
            paragraphs: list[list[tuple[CodedText, CodedText | None]]] = []
            last = None
            for sentence, target in zip(sentences, translated, strict=True):
                if sentence.paragraph != last:
                    paragraphs.append([])
                    last = sentence.paragraph
                paragraphs[-1].append((_coded(sentence), _as_coded(target)))
            self.documents.setdefault(lang, []).append(OmegatDocument(path, paragraphs))

    def _srx(self) -> str:
        return export_srx([base_language(self.source_lang)])

    def _glossary_text(self, lang: str) -> str | None:
        if self.glossary is None:
            return None
        return OmegatFormat().dumps(Glossary.load(self.glossary).entries, base_language(self.source_lang), [lang])

    def write(self) -> list[ProjectReport]:
        """Write one project per target language; returns what each holds."""
        srx = self._srx()
        reports = []
        for lang, documents in self.documents.items():
            root = project_root(self.out_dir, self.source_lang, lang)
            reports.append(write_project(root, self.source_tag, self.target_tags[lang], documents, srx=srx,
                                         glossary=self._glossary_text(lang), header_props=self.header_props))
        return reports
