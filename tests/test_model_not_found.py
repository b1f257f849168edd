"""What a user reads when a --model value cannot be found: a path is a path, the Hub advice is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.core.errors import ModelNotFoundError
from aligntool.engines.translation.loading import locate_model
from aligntool.engines.translation.registry import ModelSpec


def _message(spec: ModelSpec) -> str:
    with pytest.raises(ModelNotFoundError) as excinfo:
        locate_model(spec)
    return str(excinfo.value)


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HF cache, no Hub, and a working directory of our own."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import huggingface_hub.constants as hub_constants

    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.mark.parametrize("value", ["./models/opus-mt-en-ru", "models/sub/opus-mt-en-ru", "~/no-such-model-dir",
                                   "models\\opus-mt-en-ru", "/no/such/model"])
def test_path_like_values_are_missing_directories(offline: Path, value: str) -> None:
    message = _message(ModelSpec("ru", value))
    assert f"model directory {value} for 'ru' does not exist" in message
    assert "hf download Helsinki-NLP/opus-mt-en-ru" in message  # how to get one, with the default model's id
    assert "make run-offline" in message
    assert "Hugging Face cache" not in message  # never sent to the Hub


def test_owner_name_value_is_a_path_when_its_first_folder_exists(offline: Path) -> None:
    """The docs' own example (docs/translating.md), models/opus-mt-en-ru, next to an existing ./models folder."""
    (offline / "models").mkdir()
    message = _message(ModelSpec("ru", "models/opus-mt-en-ru"))
    assert "model directory models/opus-mt-en-ru for 'ru' does not exist" in message
    assert str(offline) in message  # where a relative path was looked up


def test_hub_id_not_cached_offline_says_how_to_get_it(offline: Path) -> None:
    message = _message(ModelSpec("ru", "Helsinki-NLP/opus-mt-en-ru"))
    assert "neither a local directory nor in the Hugging Face cache" in message
    assert "HF_HUB_OFFLINE is set" in message
    assert "hf download Helsinki-NLP/opus-mt-en-ru --local-dir models/opus-mt-en-ru" in message
    assert "--model ru=models/opus-mt-en-ru" in message
    assert "make run-offline" in message
    assert "huggingface-cli" not in message  # huggingface_hub 1.x ships only the 'hf' command
