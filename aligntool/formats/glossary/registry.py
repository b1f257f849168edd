"""Exchange formats, by name (imported lazily: lxml only when a TBX format is used)."""

from __future__ import annotations

import importlib
from pathlib import Path

from aligntool.core.errors import ConfigError
from aligntool.core.safeio import read_bytes
from aligntool.formats.glossary.base import GlossaryFormat
from aligntool.formats.glossary.csv import is_language_header

#: format name → (module, class)
FORMATS: dict[str, tuple[str, str]] = {
    "tbx": ("aligntool.formats.glossary.tbx", "TbxFormat"),
    "tbx2": ("aligntool.formats.glossary.tbx2", "Tbx2Format"),
    "omegat": ("aligntool.formats.glossary.omegat", "OmegatFormat"),
    "csv": ("aligntool.formats.glossary.csv", "CsvFormat"),
    "amazon": ("aligntool.formats.glossary.csv", "AmazonFormat"),
    "tsv": ("aligntool.formats.glossary.tsv", "TsvFormat"),
}


def get_format(name: str) -> GlossaryFormat:
    """The format object for a name (see FORMATS)."""
    if name not in FORMATS:
        raise ConfigError(f"unknown glossary format '{name}'; choose one of {', '.join(FORMATS)}")
    module, cls = FORMATS[name]
    return getattr(importlib.import_module(module), cls)()


def detect_format(path: str | Path) -> str:
    """Guess a file's format from its extension and first bytes."""
    path = Path(path)
    head = read_bytes(path, "glossary")[:2048].decode("utf-8-sig", errors="replace")
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or head.lstrip().startswith("<"):
        return "tbx2" if "<martif" in head else "tbx"
    first = next((line for line in head.splitlines() if line.strip() and not line.startswith("#")), "")
    if first.startswith("id\ttype\t"):
        return "tsv"
    if suffix == ".csv":

        return "amazon" if is_language_header([c.strip() for c in first.split(",")]) else "csv"
    return "omegat"
