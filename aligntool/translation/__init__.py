"""Machine translation with MarianMT (OPUS-MT) models: registry, loading, engines."""

from __future__ import annotations

from aligntool.translation.engine import DecodingOptions, TransformersTranslator, Translator
from aligntool.translation.registry import ModelSpec, default_models, resolve_models

ENGINES = ("transformers", "ctranslate2")


def load_translator(spec: ModelSpec, *, device: str = "auto", options: DecodingOptions | None = None,
                    engine: str = "transformers", compute_type: str = "auto", threads: int = 0) -> Translator:
    """Load the model for ``spec`` and wrap it in the requested engine (``ENGINES``).

    ``compute_type``: ``auto``/``float32``/``int8`` for transformers (int8 = dynamic quantization), any
    CTranslate2 compute type for ctranslate2; ``threads``: CPU threads, 0 = the engine's default.
    """
    from aligntool.errors import ConfigError
    from aligntool.translation.loading import load_model

    if engine == "ctranslate2":
        from aligntool.translation.ct2 import load_ct2_translator

        return load_ct2_translator(spec, device=device, options=options, compute_type=compute_type,
                                   threads=threads)
    if engine != "transformers":
        raise ConfigError(f"--engine {engine}: unknown engine (available: {', '.join(ENGINES)})")
    return TransformersTranslator(load_model(spec, device), options, compute_type=compute_type, threads=threads)


def from_pretrained(model: str, *, lang: str = "xx", target_token: str | None = None, device: str = "auto",
                    num_beams: int | None = None, max_new_tokens: int | None = None) -> Translator:
    """A translator for a Hub id or local directory, e.g. ``from_pretrained("Helsinki-NLP/opus-mt-en-ru")``."""
    return load_translator(
        ModelSpec(lang, model, target_token), device=device,
        options=DecodingOptions(num_beams=num_beams, max_new_tokens=max_new_tokens),
    )


__all__ = [
    "ENGINES", "DecodingOptions", "ModelSpec", "TransformersTranslator", "Translator", "default_models",
    "from_pretrained", "load_translator", "resolve_models",
]
