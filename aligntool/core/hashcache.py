"""Content hashes of large local files (model weights, glossaries), cached by the file's identity.

Hashing hundreds of megabytes of weights on every run is slow; trusting the size alone is wrong (a model
fine-tuned into the same folder has weights of the same size). A file's SHA-256 is therefore computed once
and kept under :func:`cache_dir`, keyed by its resolved path, device, inode, size, modification time and
status-change time (``st_ctime_ns`` changes on every write and cannot be set back by a program): a rerun on
an unchanged file costs one ``stat``; any rewrite, even one that restores the old mtime, is hashed again.

The cache is an optimisation only: an unreadable or unwritable cache folder means the hash is computed
again, never an error. Cached data (:func:`cached_blob`/:func:`store_blob`) is written atomically, in folders
only the user can write (0700), and an entry that another user could have written is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

#: Environment variable naming the cache folder (default: ``$XDG_CACHE_HOME/aligntool``, else ``~/.cache/aligntool``).
CACHE_VARIABLE = "ALIGNTOOL_CACHE"
_CHUNK = 1 << 20


def cache_dir() -> Path:
    """Where aligntool keeps derived data it can always recompute (hashes, compiled glossary indexes)."""
    explicit = os.environ.get(CACHE_VARIABLE)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "aligntool"


def identity(path: str | Path) -> str:
    """A key that changes whenever the file's content may have changed (see the module docstring)."""
    info = os.stat(path)
    return (f"{os.path.realpath(path)}\0{info.st_dev}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}\0"
            f"{info.st_ctime_ns}")


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (hex), read in 1 MiB pieces."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _entry(kind: str, key: str, root: Path | None) -> Path:
    name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return (root if root is not None else cache_dir()) / kind / name[:2] / name


def _private(path: Path) -> bool:
    """Written by this user and by no one else: the file and its folders up to the cache root are owned by the
    current user and not writable by group or others (a cache entry may be unpickled)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # not POSIX: no owner to compare
        return True
    for item in (path, path.parent, path.parent.parent):
        info = os.stat(item)
        if info.st_uid != getuid() or info.st_mode & 0o022:
            return False
    return True


def cached_blob(kind: str, key: str, root: Path | None = None) -> bytes | None:
    """The bytes stored under (kind, key), or None (also when the entry is not private to this user)."""
    path = _entry(kind, key, root)
    try:
        return path.read_bytes() if _private(path) else None
    except OSError:
        return None


def store_blob(kind: str, key: str, data: bytes, root: Path | None = None) -> None:
    """Store bytes under (kind, key) atomically; failures are ignored (it is only a cache)."""
    path = _entry(kind, key, root)
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def file_digest(path: str | Path, root: Path | None = None) -> str:
    """The file's SHA-256 (hex), from the cache when the file is unchanged since it was last hashed."""
    key = identity(path)
    found = cached_blob("sha256", key, root)
    if found is not None and len(found) == 64:
        return found.decode("ascii")
    value = sha256_file(path)
    if identity(path) == key:  # not rewritten while it was being read
        store_blob("sha256", key, value.encode("ascii"), root)
    return value
