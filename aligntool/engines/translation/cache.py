"""What aligntool keeps on disk between runs: the CTranslate2 conversions of ``--engine ctranslate2``.

Each conversion is a folder ``<model>-<revision>-<precision>`` under
:func:`~aligntool.engines.translation.ct2.cache_root`
with a marker file saying what it was converted from. Listing and clearing read only the file system (no
ctranslate2, torch or transformers import). Hugging Face downloads are not aligntool's: ``hf cache`` manages them.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from aligntool.core.errors import InputError
from aligntool.engines.translation.ct2 import _MARKER, cache_root


@dataclass
class CachedModel:
    """One converted model (or the remains of an interrupted conversion, ``complete=False``)."""

    path: Path
    model: str
    revision: str
    precision: str
    size_bytes: int
    complete: bool


def _size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink())


def _entry(path: Path) -> CachedModel:
    try:
        marker = json.loads((path / _MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marker = None  # still converting, or killed while converting
    if not isinstance(marker, dict):
        return CachedModel(path, "?", "?", "?", _size(path), complete=False)
    return CachedModel(path, str(marker.get("model", "?")), str(marker.get("revision", "?")),
                       str(marker.get("quantization", "?")), _size(path), complete=(path / "model.bin").is_file())


def cached_models() -> list[CachedModel]:
    """Every folder in the conversion cache, by name; an absent cache is empty."""
    root = cache_root()
    if not root.is_dir():
        return []
    return [_entry(path) for path in sorted(root.iterdir()) if path.is_dir()]


def clear_cache(match: str | None = None) -> list[CachedModel]:
    """Delete the cached conversions whose folder name or model contains ``match`` (all when None).

    Returns what was deleted. A conversion another run is writing at this moment may be deleted too; that run
    then fails to load it, so clear the cache while no ``--engine ctranslate2`` run is going.
    """
    removed = []
    for entry in cached_models():
        if match is None or match in entry.path.name or match in entry.model:
            try:
                shutil.rmtree(entry.path)
            except OSError as exc:
                raise InputError(f"{entry.path}: cannot delete ({exc.strerror or exc})") from None
            removed.append(entry)
    return removed
