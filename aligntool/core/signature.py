"""Reproducibility signature: what produced an output file, from explicit fields (sacrebleu-style).

Written as TMX header props ``x-aligntool-*`` and printed by ``--json``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from aligntool.version import __version__


def content_hash(*parts: str | bytes) -> str:
    """Short stable hash (first 12 hex digits of SHA-256) of the given data."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def file_hash(path: str | Path) -> str:
    """Short SHA-256 of a file's bytes (read in blocks: the same value as ``content_hash(data)``)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(b"\0")
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Signature:
    """Identity of every component that shaped an output; ``fields`` keeps insertion order."""

    fields: dict[str, str] = field(default_factory=dict)

    def with_fields(self, **values: str | None) -> Signature:
        """A copy with more fields (None values are skipped)."""
        merged = dict(self.fields)
        merged.update({key: value for key, value in values.items() if value is not None})
        return Signature(merged)

    def props(self) -> list[tuple[str, str]]:
        """As TMX header props: ``("x-aligntool-<key>", value)``."""
        return [(f"x-aligntool-{key}", value) for key, value in self.fields.items()]

    def format(self) -> str:
        """Short one-line form: ``version:0.1.0|segmenter:…|model-ru:…``."""
        return "|".join(f"{key}:{value}" for key, value in self.fields.items())


def base_signature() -> Signature:
    """The fields every output carries."""
    return Signature({"version": __version__})
