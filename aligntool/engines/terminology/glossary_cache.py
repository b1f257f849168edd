"""A glossary read once: parsed (and validated) entries cached by the file's content hash.

Parsing a 50,000-entry glossary (YAML, then every term's defaults) and validating it take seconds, on every
``translate`` and ``evaluate``. The result depends only on the file's bytes and on aligntool's glossary code,
so it is kept in the user's cache (:func:`aligntool.core.hashcache.cache_dir`, entries private to the user)
keyed by the SHA-256 of the text, whether it was validated, and a fingerprint of the code and data that read
it. A changed file, another aligntool, or a damaged cache entry means the file is parsed again.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from aligntool.core.hashcache import cached_blob, store_blob
from aligntool.core.safeio import read_utf8
from aligntool.engines.terminology.validate import validate
from aligntool.formats.glossary.model import Entry
from aligntool.formats.glossary.store import Problem, parse_text
from aligntool.version import __version__

#: Bump when what is stored changes shape.
_FORMAT = "glossary-cache/1"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of everything besides the file that decides what reading and validating it give: aligntool's
    glossary modules and data, its version, and the morphology packages' versions."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}".encode())
    for package in ("pymorphy3", "pymorphy3-dicts-ru", "pyyaml"):
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    for package in ("aligntool.formats.glossary", "aligntool.engines.terminology"):
        root = resources.files(package)
        items = [*root.iterdir(), *(root.joinpath("data").iterdir() if root.joinpath("data").is_dir() else ())]
        for item in sorted(items, key=lambda p: p.name):
            if item.is_file() and item.name.endswith((".py", ".toml", ".tsv", ".txt", ".json")):
                digest.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest()


def load_entries(path: str | Path, validated: bool) -> tuple[list[Entry], list[str], list[Problem]]:
    """``(entries, languages, problems)`` of a glossary file; ``validated``: the problems are those of
    ``glossary validate`` (else the structural ones found while reading)."""
    text = read_utf8(path, "glossary")
    key = (f"{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}\0{int(validated)}\0"
           f"{code_fingerprint()}")
    blob = cached_blob("glossary", key)
    if blob is not None:
        try:
            entries, languages, problems = pickle.loads(blob)
            return entries, languages, problems
        except Exception:  # a damaged or foreign entry: read the file again
            pass
    doc = parse_text(text, str(path))
    problems = doc.problems
    if validated:
        problems = validate(doc)
    store_blob("glossary", key, pickle.dumps((doc.entries, doc.languages, problems), pickle.HIGHEST_PROTOCOL))
    return doc.entries, doc.languages, problems
