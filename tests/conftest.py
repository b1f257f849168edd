"""Shared fixtures: tiny MarianMT checkpoints in the OPUS-MT layout, paths to shared data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.model_factory import build_tiny_en_ru, build_tiny_en_trk

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "corpora" / "csto_news_en.txt"


@pytest.fixture(scope="session", autouse=True)
def private_ct2_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The default engine converts models for CTranslate2: into a session cache, never the user's HF cache."""
    root = tmp_path_factory.mktemp("ct2-session-cache")
    previous = os.environ.get("ALIGNTOOL_CT2_CACHE")
    os.environ["ALIGNTOOL_CT2_CACHE"] = str(root)
    yield root
    if previous is None:
        os.environ.pop("ALIGNTOOL_CT2_CACHE", None)
    else:
        os.environ["ALIGNTOOL_CT2_CACHE"] = previous


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``; tests that need it skip when it is absent (e.g. on a user's machine)."""
    if not SHARED.is_dir():
        pytest.skip("../shared (development data and schemas) is not available")
    return SHARED


@pytest.fixture(scope="session")
def tiny_en_ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain en→ru MarianMT model (random weights, real sentencepiece models), as a local directory."""
    return build_tiny_en_ru(tmp_path_factory.mktemp("models") / "tiny-en-ru")


@pytest.fixture(scope="session")
def tiny_en_trk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A multi-target en→trk model that needs a ``>>kaz_Cyrl<<`` token, as a local directory."""
    return build_tiny_en_trk(tmp_path_factory.mktemp("models") / "tiny-en-trk")


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """The sample corpus shipped in ``corpora/``."""
    return CORPUS
