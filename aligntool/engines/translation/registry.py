"""Which model translates into which language: defaults, a config file, and ``--model`` overrides."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from aligntool.core.config import read_config
from aligntool.core.errors import ConfigError
from aligntool.core.languages import base_language, parse_language_values

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class ModelSpec:
    """A translation model for one target language.

    ``model`` is a Hub id (``Helsinki-NLP/opus-mt-en-ru``) or a local directory; ``target_token`` is the
    sentence-initial ``>>xxx<<`` token multi-target models need (None when the model has one target).
    ``family`` names an entry of ``data/families.toml`` (how the model is loaded and addressed; None: recognised
    from the checkpoint's config when it loads); ``source_code``/``target_code`` are the language codes
    families like NLLB need (``eng_Latn``; None: from the family's table for ``source_lang``/``lang``).
    """

    lang: str
    model: str
    target_token: str | None = None
    revision: str | None = None
    family: str | None = None
    source_code: str | None = None
    target_code: str | None = None
    source_lang: str = "en"


def _parse_models_table(data: dict[str, Any], origin: str, problems: list[str]) -> dict[str, ModelSpec]:
    specs: dict[str, ModelSpec] = {}
    table = data.get("models", {})
    if not isinstance(table, dict):
        problems.append(f"{origin}: [models] must be a table of languages")
        return specs
    for lang, entry in table.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("model"), str):
            problems.append(f"{origin}: [models.{lang}] needs model = \"ID_OR_DIR\"")
            continue
        unknown = set(entry) - {"model", "target_token", "revision", "family", "source_code", "target_code"}
        if unknown:
            problems.append(f"{origin}: [models.{lang}] unknown keys: {', '.join(sorted(unknown))}")
        token = entry.get("target_token") or None
        specs[base_language(lang)] = ModelSpec(
            base_language(lang), entry["model"], token, entry.get("revision"), entry.get("family"),
            entry.get("source_code"), entry.get("target_code"))
    return specs


def default_models() -> dict[str, ModelSpec]:
    """The shipped defaults (``aligntool/engines/translation/data/models.toml``)."""
    text = resources.files("aligntool.engines.translation").joinpath("data/models.toml").read_text(encoding="utf-8")
    problems: list[str] = []
    specs = _parse_models_table(tomllib.loads(text), "models.toml", problems)
    if problems:
        raise ConfigError("; ".join(problems))
    return specs


def load_model_config(path: str | Path) -> dict[str, ModelSpec]:
    """The ``[models.<lang>]`` tables (model, target_token, revision) of a config file (see aligntool.core.config)."""

    config = read_config(path)
    problems: list[str] = []
    specs = _parse_models_table({"models": config.models}, str(config.path), problems)
    if problems:
        raise ConfigError("; ".join(problems))
    return specs


def _parse_assignments(items: list[str], option: str, problems: list[str]) -> dict[str, str]:
    try:
        return parse_language_values(items, "LANG=VALUE", "ru=/path/to/opus-mt-en-ru", option)
    except ConfigError as exc:
        problems.append(str(exc))
        return {}


def resolve_models(
    targets: list[str],
    model_overrides: list[str] | None = None,
    target_tokens: list[str] | None = None,
    config: str | Path | None = None,
    source_lang: str = "en",
) -> dict[str, ModelSpec]:
    """The model for each target language: defaults < config file < ``--model``/``--target-token``.

    All problems are collected and raised together as one ConfigError.
    """
    specs = default_models()
    if config is not None:
        specs.update(load_model_config(config))
    problems: list[str] = []
    models = _parse_assignments(model_overrides or [], "--model", problems)
    tokens = _parse_assignments(target_tokens or [], "--target-token", problems)
    for lang, model in models.items():
        previous = specs.get(lang)
        # A user-given model keeps the language's registered target token; the loader drops it if the
        # model turns out to be single-target.
        specs[lang] = ModelSpec(lang, model, previous.target_token if previous else None)
    for lang, token in tokens.items():
        if lang not in specs:
            problems.append(f"--target-token {lang}=…: no model for '{lang}'; add --model {lang}=ID_OR_DIR")
            continue
        if not (token.startswith(">>") and token.endswith("<<")):
            problems.append(f"--target-token {lang}={token}: a target token looks like >>kaz_Cyrl<<")
            continue
        specs[lang] = replace(specs[lang], target_token=token)
    result: dict[str, ModelSpec] = {}
    for lang in targets:
        code = base_language(lang)
        if code in specs:
            result[code] = replace(specs[code], source_lang=base_language(source_lang))
        else:
            problems.append(f"no translation model configured for '{code}'; add --model {code}=ID_OR_DIR")
    if problems:
        raise ConfigError("; ".join(problems))
    return result
