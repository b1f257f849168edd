"""Locating and loading MarianMT checkpoints: local directory, Hugging Face cache, or the Hub.

A Hub id is resolved once to a snapshot directory at one commit (``snapshot_download``), and config,
tokenizer and weights are all loaded from that directory, so they cannot come from different revisions.
``HF_HOME`` and ``HF_HUB_OFFLINE`` are honoured by huggingface_hub itself.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligntool.core.errors import AligntoolError, ConfigError, ModelNotFoundError, first_line
from aligntool.core.hashcache import file_digest
from aligntool.core.signature import content_hash
from aligntool.engines.translation.families import ModelFamily, check_files, detect_family, get_family
from aligntool.engines.translation.marian_pieces import MarianPieces
from aligntool.engines.translation.registry import ModelSpec, default_models

if TYPE_CHECKING:
    from transformers import MarianMTModel, MarianTokenizer

logger = logging.getLogger("aligntool.engines.translation")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_LANGUAGE_TOKEN = re.compile(r"^>>[^<>\s]+<<$")
_CONFIG_PATTERNS = [
    "config.json", "generation_config.json", "tokenizer_config.json", "special_tokens_map.json",
    "source.spm", "target.spm", "vocab.json", "target_vocab.json",  # MarianMT
    "sentencepiece.bpe.model", "tokenizer.json",  # NLLB, M2M100
]


@dataclass
class LoadedModel:
    """A model ready to translate, with the identity recorded in output signatures.

    ``model`` is None when loaded with ``load_weights=False`` (engines that decode elsewhere, e.g.
    CTranslate2); :meth:`load_weights` loads it on first need.
    """

    spec: ModelSpec
    model: MarianMTModel | None
    tokenizer: MarianTokenizer | MarianPieces
    directory: Path
    revision: str
    target_token: str | None
    device: str

    @property
    def family(self) -> ModelFamily:
        """How this checkpoint is loaded and addressed (``data/families.toml``)."""
        return get_family(self.spec.family)

    def source_ids(self, text: str) -> list[int]:
        """Source token ids for ``text``, with whatever language marking the model family needs."""
        return self.family.source_ids(self.tokenizer, text, self.target_token, self.spec.source_code)

    @property
    def decoder_prefix(self) -> list[int]:
        """Token ids every translation starts with after the decoder start token (a forced language code)."""
        return self.family.decoder_prefix(self.tokenizer, self.spec.target_code)

    @property
    def identity(self) -> str:
        """``model@revision`` as written to TMX props and signatures."""
        return f"{self.spec.model}@{self.revision}"

    def load_weights(self) -> MarianMTModel:
        """The transformers model, loading its weights now if that was deferred."""
        if self.model is None:
            self.device = resolve_device(self.device)
            self.model = _load_weights(self.spec, self.directory, self.device)
        return self.model

    def setting(self, name: str, *, generation: bool = False) -> Any:
        """A model (or, with ``generation``, generation) setting, without loading the weights.

        Read from the loaded model when there is one, else from ``config.json``/``generation_config.json``
        (generation settings fall back to ``config.json``, as transformers does for older checkpoints).
        """
        if self.model is not None:
            source = self.model.generation_config if generation else self.model.config
            return getattr(source, name, None)
        config = _read_json(self.directory / "config.json")
        if generation:
            return _read_json(self.directory / "generation_config.json").get(name, config.get(name))
        return config.get(name)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise AligntoolError(f"{path}: cannot read the model's settings ({exc})") from None
    return data if isinstance(data, dict) else {}


def _how_to_provide(spec: ModelSpec) -> str:
    local = f"models/{spec.model.rstrip('/').rsplit('/', 1)[-1]}"
    return (
        f"on a machine with Hub access run 'hf download {spec.model} --local-dir {local}', copy {local} here "
        f"and pass --model {spec.lang}={local} (or copy the HF cache); to try aligntool without the Hub, "
        "'make run-offline' builds tiny test models"
    )


def _looks_like_path(value: str) -> bool:
    """Whether a --model value that is not an existing directory was meant as one rather than as a Hub id."""
    if value.startswith((".", "~", "/")) or "\\" in value or value.count("/") > 1 or os.path.isabs(value):
        return True
    # models/opus-mt-en-ru has the shape of a Hub id (owner/name); an existing ./models shows a path was meant.
    return "/" in value and Path(value.split("/", 1)[0]).is_dir()


def _missing_directory(spec: ModelSpec) -> ModelNotFoundError:
    default = default_models().get(spec.lang)
    fetch = (f"; fetch one with 'hf download {default.model} --local-dir {spec.model}' on a machine with Hub "
             "access" if default else "")
    where = "" if Path(spec.model).expanduser().is_absolute() else f" (relative to {Path.cwd()})"
    return ModelNotFoundError(
        f"model directory {spec.model} for '{spec.lang}' does not exist{where}; "
        f"check the path given to --model {spec.lang}=…{fetch}, or run 'make run-offline' to try aligntool "
        "with tiny test models"
    )


def _local_revision(directory: Path) -> str:
    # Everything in the folder that decides a translation: weights by content (their SHA-256, cached by file
    # identity, so a rerun costs a stat per file), configs, generation settings and vocabularies. Documentation
    # files and hidden ones (.cache, .git) are left out.
    parts: list[str | bytes] = []
    for path in sorted(directory.iterdir()):
        name = path.name
        if name.startswith(".") or name.lower().startswith(("readme", "license")) or name.endswith(".md"):
            continue
        if path.is_file():
            parts.append(f"{name}:{file_digest(path)}")
    return "local-" + content_hash(*parts)


def locate_model(spec: ModelSpec) -> tuple[Path, str]:
    """The directory holding the checkpoint and its revision (a commit hash, or a content hash for a local dir)."""
    path = Path(spec.model).expanduser()
    if path.is_dir():
        if not (path / "config.json").exists():
            raise ModelNotFoundError(
                f"model directory {path} for '{spec.lang}' lacks config.json: expected a translation checkpoint "
                "(OPUS-MT: config.json, source.spm, target.spm, vocab.json, weights; NLLB: config.json, "
                "tokenizer files, weights)"
            )
        return path, _local_revision(path)
    if not _HUB_ID.match(spec.model) or _looks_like_path(spec.model):
        raise _missing_directory(spec)
    return _snapshot(spec)


def _snapshot(spec: ModelSpec) -> tuple[Path, str]:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    try:
        directory = Path(snapshot_download(spec.model, revision=spec.revision,
                                           allow_patterns=[*_CONFIG_PATTERNS, "*.safetensors"]))
        if not list(directory.glob("*.safetensors")):
            # Older OPUS-MT repositories have only PyTorch pickles; safetensors is preferred when present.
            directory = Path(snapshot_download(spec.model, revision=spec.revision,
                                               allow_patterns=[*_CONFIG_PATTERNS, "pytorch_model*.bin"]))
    except LocalEntryNotFoundError:
        reason = "HF_HUB_OFFLINE is set" if offline else "the Hugging Face Hub cannot be reached"
        raise ModelNotFoundError(
            f"model {spec.model} for '{spec.lang}' is neither a local directory nor in the Hugging Face cache "
            f"({os.environ.get('HF_HOME', '~/.cache/huggingface')}) and {reason}: {_how_to_provide(spec)}"
        ) from None
    except (HfHubHTTPError, OSError, ValueError) as exc:
        raise ModelNotFoundError(
            f"model {spec.model} for '{spec.lang}' is not a local directory and cannot be downloaded "
            f"({first_line(exc)}): {_how_to_provide(spec)}"
        ) from None
    return directory, directory.name


def resolve_device(device: str, cuda_devices: int | None = None, engine: str = "torch") -> str:
    """``auto`` → ``cuda`` when a CUDA GPU is usable, else ``cpu``; a ConfigError for cuda without a GPU.

    ``cuda_devices``: how many GPUs the engine sees (None: ask torch). The device's spelling is checked
    by :class:`~aligntool.engines.translation.options.EngineOptions`.
    """
    if cuda_devices is None:
        import torch

        cuda_devices = torch.cuda.device_count() if torch.cuda.is_available() else 0
        engine = f"torch {torch.__version__}"
    if device == "auto":
        return "cuda" if cuda_devices > 0 else "cpu"
    if device.startswith("cuda") and cuda_devices == 0:
        raise ConfigError(f"--device {device}: no CUDA GPU is available ({engine}); use --device cpu")
    return device


def language_tokens(tokenizer: Any) -> list[str]:
    """The ``>>xxx<<`` target-language tokens in a model's vocabulary (empty for single-target models)."""
    return sorted(token for token in tokenizer.get_vocab() if _LANGUAGE_TOKEN.match(token))


def effective_target_token(spec: ModelSpec, available: list[str]) -> str | None:
    """The token to prefix: required exactly when the model is multi-target."""
    if not available:
        return None
    if spec.target_token is None:
        raise ConfigError(
            f"model {spec.model} translates into several languages; choose one with "
            f"--target-token {spec.lang}=TOKEN (available: {', '.join(available[:12])}"
            f"{', …' if len(available) > 12 else ''})"
        )
    if spec.target_token not in available:
        raise ConfigError(
            f"model {spec.model} has no target token {spec.target_token}; available: {', '.join(available[:12])}"
        )
    return spec.target_token


def load_model(spec: ModelSpec, device: str = "auto", *, load_weights: bool = True) -> LoadedModel:
    """Load tokenizer and model for ``spec`` (never with ``trust_remote_code``).

    With ``load_weights=False`` only the tokenizer is loaded (no torch import, a few MB instead of
    hundreds); :meth:`LoadedModel.load_weights` loads the model later if it is needed after all.
    """
    directory, revision = locate_model(spec)
    family = get_family(spec.family) if spec.family else detect_family(directory, spec.model)
    check_files(family, directory, spec.model, spec.lang)
    spec = family.with_codes(spec)
    if family.licence_notice:
        logger.warning("aligntool: note: %s model %s: %s", spec.lang, spec.model, family.licence)
    resolved_device = resolve_device(device) if load_weights else device
    # without weights (CTranslate2 decodes) a standard OPUS-MT tokenizer is read without transformers: its import
    # is most of a run's start-up (marian_pieces)
    light = MarianPieces.read(directory) if not load_weights and family.tokenizer == "MarianTokenizer" else None
    tokenizer = light or _transformers_tokenizer(family, spec, directory)
    model = _load_weights(spec, directory, resolved_device) if load_weights else None
    token = effective_target_token(spec, language_tokens(tokenizer)) if family.target == "prefix-token" else None
    return LoadedModel(spec, model, tokenizer, directory, revision, token, resolved_device)


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()  # generate() warns about max_length on every call


def _transformers_tokenizer(family: ModelFamily, spec: ModelSpec, directory: Path) -> MarianTokenizer:
    _quiet_transformers()
    try:
        return family.tokenizer_class().from_pretrained(directory, local_files_only=True)
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise AligntoolError(f"cannot load model {spec.model} from {directory}: {first_line(exc)}") from None


def _load_weights(spec: ModelSpec, directory: Path, device: str) -> MarianMTModel:
    _quiet_transformers()
    try:
        model = get_family(spec.family).model_class().from_pretrained(directory, local_files_only=True)
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise AligntoolError(f"cannot load model {spec.model} from {directory}: {first_line(exc)}") from None
    model.eval()
    model.to(device)
    return model
