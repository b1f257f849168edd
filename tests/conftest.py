"""Shared fixtures: tiny MarianMT checkpoints in the OPUS-MT layout, paths to shared data."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.model_factory import build_tiny_en_ru, build_tiny_en_trk

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "corpora" / "csto_news_en.txt"


_CT2_CACHE_VARIABLE = "ALIGNTOOL_CT2_CACHE"
_previous_ct2_cache: list[str | None] = []


def pytest_configure(config: pytest.Config) -> None:
    """The default engine converts models for CTranslate2: into a cache private to this test session, never the
    user's HF cache. Set before collection, so that test modules which copy ``os.environ`` at import time for
    their subprocesses carry it too (a fixture would come too late for them)."""
    _previous_ct2_cache.append(os.environ.get(_CT2_CACHE_VARIABLE))
    os.environ[_CT2_CACHE_VARIABLE] = tempfile.mkdtemp(prefix="aligntool-test-ct2-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ[_CT2_CACHE_VARIABLE], ignore_errors=True)
    previous = _previous_ct2_cache.pop() if _previous_ct2_cache else None
    if previous is None:
        os.environ.pop(_CT2_CACHE_VARIABLE, None)
    else:
        os.environ[_CT2_CACHE_VARIABLE] = previous


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
