"""Where the glossary commands find the glossary when ``--glossary`` is not given (documented search order).

1. ``--glossary FILE`` (or ``-g``);
2. the ``ALIGNTOOL_GLOSSARY`` environment variable;
3. ``glossary/csto.yaml`` under the current directory (a checkout, or a project's own copy);
4. the CSTO glossary shipped inside the package (``aligntool/engines/terminology/data/csto.yaml``, a link to the
   repository's ``glossary/csto.yaml`` that wheels carry as a copy) — read-only: commands that *edit* the
   glossary (add, edit, remove, import) never fall back to it.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from aligntool.core.errors import InputError

ENV_VAR = "ALIGNTOOL_GLOSSARY"
LOCAL = Path("glossary") / "csto.yaml"


def shipped_glossary() -> Path | None:
    """The glossary installed with the package, if present."""
    shipped = Path(str(resources.files("aligntool.engines.terminology").joinpath("data/csto.yaml")))
    return shipped if shipped.is_file() else None


def find_glossary(given: Path | None, *, editing: bool = False) -> Path:
    """The glossary file to use (see the module docstring); InputError when there is none."""
    found = optional_glossary(given, editing=editing)
    if found is None:
        where = f"${ENV_VAR}, ./{LOCAL}" + ("" if editing else " or the package's own copy")
        raise InputError(f"no glossary found (looked at {where}); give one with --glossary FILE")
    return found


def optional_glossary(given: Path | None, *, editing: bool = False) -> Path | None:
    """The glossary file to use, or None when the search order finds none."""
    if given is not None:
        return given
    candidates = [Path(os.environ[ENV_VAR])] if os.environ.get(ENV_VAR) else []
    candidates.append(LOCAL)
    if not editing:
        shipped = shipped_glossary()
        if shipped is not None:
            candidates.append(shipped)
    return next((candidate for candidate in candidates if candidate.is_file()), None)
