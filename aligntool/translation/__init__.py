"""Machine translation with MarianMT (OPUS-MT) models: registry, loading, engines."""

from __future__ import annotations

from aligntool.translation.engine import DecodingOptions, TransformersTranslator, Translator
from aligntool.translation.registry import ModelSpec, default_models, resolve_models


def load_translator(spec: ModelSpec, *, device: str = "auto", options: DecodingOptions | None = None,
                    engine: str = "transformers") -> Translator:
    """Load the model for ``spec`` and wrap it in the requested engine."""
    from aligntool.errors import ConfigError
    from aligntool.translation.loading import load_model

    if engine != "transformers":
        raise ConfigError(f"--engine {engine}: unknown engine (available: transformers)")
    return TransformersTranslator(load_model(spec, device), options)


def from_pretrained(model: str, *, lang: str = "xx", target_token: str | None = None, device: str = "auto",
                    num_beams: int | None = None, max_new_tokens: int | None = None) -> Translator:
    """A translator for a Hub id or local directory, e.g. ``from_pretrained("Helsinki-NLP/opus-mt-en-ru")``."""
    return load_translator(
        ModelSpec(lang, model, target_token), device=device,
        options=DecodingOptions(num_beams=num_beams, max_new_tokens=max_new_tokens),
    )


__all__ = [
    "DecodingOptions", "ModelSpec", "TransformersTranslator", "Translator", "default_models",
    "from_pretrained", "load_translator", "resolve_models",
]
