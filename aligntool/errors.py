"""Exceptions aligntool raises for problems a user can fix.

Every message names the file (and line, where there is one) and says what to do. The CLI turns any
:class:`AligntoolError` into one line on stderr and a non-zero exit code; anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path


def first_line(exc: BaseException) -> str:
    """The first non-blank line of an exception's message (its class name when the message is empty):
    what a one-line error can quote of a third-party library's multi-line explanation."""
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__


class AligntoolError(Exception):
    """Base class: a problem with the user's input, configuration or environment."""

    exit_code = 1


class InputError(AligntoolError):
    """An input file cannot be read (missing, wrong encoding, empty where content is needed)."""


class ParseError(AligntoolError):
    """An input file is malformed at a known position."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.reason = message
        where = self.path or "<input>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class ConfigError(AligntoolError):
    """Options or a configuration file are invalid (all problems are reported together)."""

    exit_code = 2


class ModelNotFoundError(AligntoolError):
    """A translation model is neither a local directory nor in the Hugging Face cache nor downloadable."""

    exit_code = 3


class MissingDependencyError(AligntoolError):
    """An optional package is needed for the requested feature."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        super().__init__(
            f"{feature} needs the Python package '{package}': pip install 'aligntool[{extra}]'"
        )
