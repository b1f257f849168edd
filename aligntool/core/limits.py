"""Resource limits on untrusted input, with their defaults and the environment variables that change them.

Every limit guards against input that expands (a zip bomb, an entity bomb, nesting that exhausts a parser)
or asks for unbounded work (bootstrap samples). Defaults are generous for real documents; a user with a
trusted, unusually large file raises the limit with the variable named here (see docs/reliability.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from aligntool.core.errors import ConfigError


@dataclass(frozen=True)
class Limit:
    """One limit: its default and the environment variable that overrides it."""

    name: str
    variable: str
    default: int
    unit: str  # "MiB", "levels", "members", "samples" … (MiB values are converted to bytes by :meth:`value`)
    what: str  # what it bounds, for messages and the docs table

    def value(self) -> int:
        """The limit in force (bytes for MiB limits); a bad override is a ConfigError naming the variable."""
        raw = os.environ.get(self.variable)
        number = self.default
        if raw not in (None, ""):
            try:
                number = int(raw)
            except ValueError:
                raise ConfigError(f"{self.variable}={raw!r}: expected a whole number of {self.unit}") from None
            if number <= 0:
                raise ConfigError(f"{self.variable}={raw!r}: the limit must be positive")
        return number * 2**20 if self.unit == "MiB" else number

    def hint(self) -> str:
        """How to raise the limit, for the end of an error message."""
        return f"if the file is trusted, raise the limit with {self.variable}=N ({self.unit})"


ARCHIVE_INFLATED = Limit("archive-inflated", "ALIGNTOOL_MAX_INFLATED_MIB", 256, "MiB",
                         "bytes a .docx may inflate to, all parts together")
ARCHIVE_MEMBERS = Limit("archive-members", "ALIGNTOOL_MAX_ARCHIVE_MEMBERS", 10_000, "members",
                        "files inside one .docx")
MARKUP_DEPTH = Limit("markup-depth", "ALIGNTOOL_MAX_MARKUP_DEPTH", 100, "levels",
                     "HTML/Markdown nesting kept as structure; deeper content is flattened into its ancestor")
EVALUATE_SAMPLES = Limit("evaluate-samples", "ALIGNTOOL_MAX_SAMPLES", 100_000, "samples",
                         "evaluate --samples (bootstrap resamples or randomization trials)")
EVALUATE_WORK = Limit("evaluate-work", "ALIGNTOOL_MAX_RESAMPLED_SEGMENTS", 16_000_000, "segments",
                      "samples × segments drawn by one significance test (up to 125 bytes of memory each)")
GLOB_MATCHES = Limit("glob-matches", "ALIGNTOOL_MAX_GLOB_MATCHES", 1_000_000, "files",
                     "files one glob pattern may match")

ALL = (ARCHIVE_INFLATED, ARCHIVE_MEMBERS, MARKUP_DEPTH, EVALUATE_SAMPLES, EVALUATE_WORK, GLOB_MATCHES)

