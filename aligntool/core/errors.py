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


class AligntoolWarning(UserWarning):
    """Something a user should know that does not stop the run; the CLI prints it as one line."""


class AligntoolError(Exception):
    """Base class: a problem with the user's input, configuration or environment."""

    exit_code = 1

    def __str__(self) -> str:
        """The message as one line, whatever it quotes (a library's explanation may span several)."""
        return " ".join(line.strip() for line in super().__str__().splitlines() if line.strip())


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
    """A package is needed for the requested feature: an optional one (``extra`` names aligntool's extra that
    brings it) or a core one that the installation lacks (``extra`` empty: install the package itself)."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        install = f"aligntool[{extra}]" if extra else package
        super().__init__(f"{feature} needs the Python package '{package}': pip install '{install}'")


# ---- exit codes and operating-system errors (the CLI maps every failure through here) -------------------

EXIT_OK = 0
EXIT_ERROR = 1  # a problem with an input (or, for check/validate commands, problems were found)
EXIT_USAGE = 2  # invalid options or configuration file
EXIT_MODEL = 3  # a translation model cannot be found
EXIT_OS = 4  # the operating system refused: disk full, permission denied, a path of the wrong kind
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (128 + SIGTERM)

_OS_CAUSES = {
    "ENOSPC": "no space left on device",
    "EDQUOT": "disk quota exceeded",
    "EACCES": "permission denied",
    "EPERM": "operation not permitted",
    "EROFS": "read-only file system",
    "EEXIST": "already exists and is not a directory",
    "ENOTDIR": "a part of the path is a file, not a directory",
    "EISDIR": "is a directory",
    "ENOENT": "no such file or directory",
    "ENAMETOOLONG": "file name too long",
    "EMFILE": "too many open files",
    "EIO": "input/output error",
}


class Interrupted(BaseException):  # like KeyboardInterrupt: not an error of the input
    """Raised in the main thread when the process receives SIGTERM: unwinds like Ctrl-C."""

    exit_code = EXIT_TERMINATED


def os_error_message(exc: OSError, written: list[Path] | None = None, abandoned: list[Path] | None = None) -> str:
    """One line for an OSError: ``PATH: cause; what was and was not written``."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    cause = _OS_CAUSES.get(name) or (exc.strerror or str(exc)).lower()
    where = f"{exc.filename}: " if exc.filename else ""
    if exc.filename2:
        where = f"{exc.filename} → {exc.filename2}: "
    others = [p for p in abandoned or [] if str(p) != exc.filename]  # the named file needs no second mention
    return f"{where}{cause}; {output_state(written or [], others)}"


def output_state(written: list[Path], abandoned: list[Path]) -> str:
    """What a failed or interrupted run left: the outputs it finished; partial ones are never left."""
    state = ("nothing was written" if not written
             else f"finished before this: {', '.join(str(p) for p in written)}; nothing else was written")
    others = [p for p in abandoned if p not in written]
    if others:
        state += f" (not written: {', '.join(str(p) for p in others)})"
    return state
