"""Model families (``data/families.toml``): which transformers classes load a checkpoint, and how the source and
target languages are chosen — a ``>>xxx<<`` source prefix (OPUS-MT) or a forced first decoder token (NLLB, M2M100).

Engines never look at the family themselves: they call :meth:`ModelFamily.source_ids` and decode after
:meth:`ModelFamily.decoder_prefix`, so a new family is a table in the data file plus language codes in a
``[models.<lang>]`` table, not an engine change.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from aligntool.errors import ConfigError

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
    text = resources.files("aligntool.translation").joinpath("data/families.toml").read_text(encoding="utf-8")
    result: dict[str, ModelFamily] = {}
    for name, table in tomllib.loads(text).items():
        family = ModelFamily(name, **table)
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
