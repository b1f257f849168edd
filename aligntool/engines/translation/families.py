"""Model families (``data/families.toml``): which transformers classes load a checkpoint, and how the source and
target languages are chosen — a ``>>xxx<<`` source prefix (OPUS-MT) or a forced first decoder token (NLLB, M2M100).

Engines never look at the family themselves: they call :meth:`ModelFamily.source_ids` and decode after
:meth:`ModelFamily.decoder_prefix`, so a new family is a table in the data file plus language codes in a
``[models.<lang>]`` table, not an engine change.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligntool.core.errors import ConfigError, ModelNotFoundError

if TYPE_CHECKING:
    from aligntool.engines.translation.registry import ModelSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TARGET_MODES = ("prefix-token", "forced-bos")
SOURCE_MODES = ("none", "src-lang")


@dataclass(frozen=True)
class ModelFamily:
    """How to load and address one kind of checkpoint (see ``data/families.toml``)."""

    name: str
    tokenizer: str
    model: str
    target: str = "prefix-token"
    source: str = "none"
    model_types: tuple[str, ...] = ()
    tokenizer_classes: tuple[str, ...] = ()
    required_files: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)
    target_format: str = "{code}"
    licence: str = ""
    licence_notice: bool = False  # print the licence when such a model loads (e.g. non-commercial weights)

    def with_codes(self, spec: ModelSpec) -> ModelSpec:
        """``spec`` with this family's name and the language codes it needs (from ``codes`` unless given)."""
        source_code, target_code = spec.source_code, spec.target_code
        if self.source == "src-lang" and source_code is None:
            source_code = self._code(spec.source_lang, spec, "source_code")
        if self.target == "forced-bos" and target_code is None:
            target_code = self.target_format.format(code=self._code(spec.lang, spec, "target_code"))
        return replace(spec, family=self.name, source_code=source_code, target_code=target_code)

    def _code(self, lang: str, spec: ModelSpec, key: str) -> str:
        if lang not in self.codes:
            raise ConfigError(
                f"model {spec.model} ({self.name}) has no language code for '{lang}' in aligntool's table; "
                f"give it with {key} = \"…\" in a [models.{spec.lang}] table of --config"
            )
        return self.codes[lang]

    def tokenizer_class(self) -> Any:
        """The transformers tokenizer class."""
        import transformers

        return getattr(transformers, self.tokenizer)

    def model_class(self) -> Any:
        """The transformers model class."""
        import transformers

        return getattr(transformers, self.model)

    def source_ids(self, tokenizer: Any, text: str, target_token: str | None, source_code: str | None) -> list[int]:
        """Source token ids for ``text`` (with the target prefix token or the source language code)."""
        if self.target == "prefix-token" and target_token:
            text = f"{target_token} {text}"
        if self.source == "src-lang" and source_code:
            tokenizer.src_lang = source_code
        return list(tokenizer(text, truncation=False)["input_ids"])

    def decoder_prefix(self, tokenizer: Any, target_code: str | None) -> list[int]:
        """Token ids forced right after the decoder start token (the target language code, if the family has one)."""
        if self.target != "forced-bos":
            return []
        if not target_code:
            raise ConfigError(f"model family {self.name} needs target_code = \"…\" in the language's [models] table")
        token_id = tokenizer.convert_tokens_to_ids(target_code)
        if token_id is None or token_id == tokenizer.unk_token_id:
            raise ConfigError(f"model family {self.name}: the tokenizer has no language code {target_code}")
        return [int(token_id)]


@cache
def families() -> dict[str, ModelFamily]:
    """Every family in ``data/families.toml``."""
    text = resources.files("aligntool.engines.translation").joinpath("data/families.toml").read_text(encoding="utf-8")
    result: dict[str, ModelFamily] = {}
    for name, table in tomllib.loads(text).items():
        lists = {key: tuple(table.pop(key, ())) for key in ("model_types", "tokenizer_classes", "required_files")}
        family = ModelFamily(name, **table, **lists)
        if family.target not in TARGET_MODES or family.source not in SOURCE_MODES:
            raise ConfigError(f"families.toml [{name}]: target must be one of {TARGET_MODES}, "
                              f"source one of {SOURCE_MODES}")
        result[name] = family
    return result


def get_family(name: str) -> ModelFamily:
    """The family registered under ``name``."""
    known = families()
    if name not in known:
        raise ConfigError(f"model family '{name}' is unknown; choose one of {', '.join(known)}")
    return known[name]


def read_settings(path: Path) -> dict[str, Any]:
    """A JSON settings file of a model folder as a dict; ``{}`` when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def detect_family(directory: Path, model: str) -> ModelFamily:
    """The family of the checkpoint in ``directory``: its ``model_type``, then its tokenizer class."""
    config = read_settings(directory / "config.json")
    model_type = config.get("model_type")
    tokenizer_class = read_settings(directory / "tokenizer_config.json").get("tokenizer_class") or config.get(
        "tokenizer_class")
    candidates = [family for family in families().values() if model_type in family.model_types]
    if len(candidates) > 1:
        candidates = [family for family in candidates if tokenizer_class in family.tokenizer_classes]
    if len(candidates) != 1:
        known = ", ".join(sorted({t for family in families().values() for t in family.model_types}))
        raise ModelNotFoundError(
            f"model {model} ({directory}): cannot tell what kind of translation model this is (config.json "
            f"model_type {model_type!r}, tokenizer {tokenizer_class!r}); aligntool reads {known} checkpoints"
        )
    return candidates[0]


def check_files(family: ModelFamily, directory: Path, model: str, lang: str) -> None:
    """A ModelNotFoundError when the checkpoint lacks a file its family needs."""
    missing = [name for name in family.required_files if not (directory / name).exists()]
    if missing:
        raise ModelNotFoundError(
            f"model directory {directory} for '{lang}' lacks {', '.join(missing)}: expected a {family.name} "
            f"checkpoint ({', '.join(family.required_files)}, weights)"
        )
