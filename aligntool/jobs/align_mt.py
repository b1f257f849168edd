"""MT-assisted alignment (Bleualign's idea): translate the source, compare the result with the target.

The translation of each source sentence is in the target language, so its words can be compared with
the target's directly: they become extra evidence keys for the DP, and chrF of a bead's translation
against its target text joins the bead's confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligntool.core.errors import ConfigError
from aligntool.core.languages import base_language
from aligntool.engines.translation.factory import load_translator
from aligntool.engines.translation.loading import locate_model
from aligntool.engines.translation.registry import default_models, resolve_models
from aligntool.jobs.journal import Journal, JournaledTranslator

if TYPE_CHECKING:
    from aligntool.engines.translation.options import EngineOptions
    from aligntool.engines.translation.registry import ModelSpec

class SourceTranslator:
    """Translates source sentences for ``--mt``: each model is loaded once (on first use) and every
    sentence is translated once, however many documents repeat it (corpus mode); batches are the
    engine's.

    ``model``: a Hub id or directory for every target language; ``models``/``target_tokens``/``config``:
    ``LANG=…`` assignments and a TOML file with ``[models.LANG]`` tables, exactly as ``translate`` takes them
    (defaults < config < assignments < ``model``). ``journal``: a directory whose resume journal
    (:mod:`aligntool.jobs.journal`) keeps the translations, so a rerun decodes nothing already done.
    """

    def __init__(self, model: str | None = None, options: EngineOptions | None = None, *,
                 models: Sequence[str] = (), target_tokens: Sequence[str] = (), config: Path | None = None,
                 journal: Path | None = None) -> None:
        self.model = model
        self.options = options
        self.models, self.target_tokens, self.config = list(models), list(target_tokens), config
        self.journal_dir = journal
        self._journal: Any = None
        self._translators: dict[tuple[str, str], Any] = {}
        self._cache: dict[tuple[str, str, str], str] = {}

    def spec(self, src_lang: str, tgt_lang: str) -> ModelSpec:
        """The model that translates ``src_lang`` into ``tgt_lang`` (ConfigError when there is none)."""

        source, lang = base_language(src_lang), base_language(tgt_lang)
        overrides = self.models + ([f"{lang}={self.model}"] if self.model else [])
        try:
            spec = resolve_models([lang], overrides, self.target_tokens, self.config, source)[lang]
        except ConfigError as exc:
            raise ConfigError(f"--mt: {exc}") from None
        default = default_models().get(lang)
        if source != "en" and default is not None and spec.model == default.model:
            raise ConfigError(f"--mt: aligntool's model for '{lang}' translates from English, not from "
                              f"'{src_lang}'; give one that does with --model {lang}=ID_OR_DIR, or align "
                              "without --mt")
        return spec

    def check(self, languages: Sequence[tuple[str, str]]) -> None:
        """Fail now, with one clear error, when the model for a (source, target) pair is missing."""

        for src_lang, tgt_lang in languages:
            locate_model(self.spec(src_lang, tgt_lang))

    def _translator(self, src_lang: str, tgt_lang: str) -> Any:

        key = (base_language(src_lang), base_language(tgt_lang))
        if key in self._translators:
            return self._translators[key]
        translator = load_translator(self.spec(src_lang, tgt_lang), self.options)
        if self.journal_dir is not None:

            self._journal = self._journal or Journal.beside(self.journal_dir)
            translator = JournaledTranslator(translator, self._journal)
        self._translators[key] = translator
        return translator

    def __call__(self, src: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        """The translations of ``src`` into ``tgt_lang``, in order."""
        translator = self._translator(src_lang, tgt_lang)
        missing = list(dict.fromkeys(text for text in src if (src_lang, tgt_lang, text) not in self._cache))
        if missing:
            for text, translation in zip(missing, translator.translate(missing), strict=True):
                self._cache[(src_lang, tgt_lang, text)] = translation
        return [self._cache[(src_lang, tgt_lang, text)] for text in src]

    def signature_fields(self, src_lang: str, tgt_lang: str) -> dict[str, str]:
        """The fields that name the model and engine translating ``src_lang`` → ``tgt_lang`` in an output's
        signature (loads the model if it is not loaded yet)."""

        fields = self._translator(src_lang, tgt_lang).signature_fields(base_language(tgt_lang))
        if self.options is not None and self.options.max_length is not None:
            fields["max-new-tokens"] = str(self.options.max_length)
        return fields

    @property
    def resumed(self) -> int:
        """Sentence translations taken from the resume journal instead of decoded."""
        return sum(getattr(translator, "resumed", 0) for translator in self._translators.values())

    def close(self) -> None:
        """Close the resume journal (what it holds stays for the next run)."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
            self._translators.clear()


def translate_source(src: Sequence[str], src_lang: str, tgt_lang: str, model: str | None = None,
                     options: EngineOptions | None = None) -> list[str]:
    """Translate the source sentences with aligntool's model for ``tgt_lang`` (or ``model``: Hub id, dir),
    decoded as ``options`` say (engine, device, beams, …; the defaults when None).

    Raises ConfigError when no model translates ``src_lang`` into ``tgt_lang`` (the shipped models
    translate from English), ModelNotFoundError when the model cannot be found.
    """
    return SourceTranslator(model, options)(src, src_lang, tgt_lang)
