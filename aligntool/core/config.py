"""The configuration file (TOML): read once, every table and key checked.

Known tables: ``[models.LANG]`` (which model translates into LANG; read by
:mod:`aligntool.engines.translation.registry`) and one table per command that takes ``--config`` (``[translate]``,
``[align]``) holding that command's options under their command-line names (``beams = 4``,
``max-length = 256``, ``to = "ru,kk"``). A value given on the command line wins over the file. Anything
else (a misspelt table, a top-level key, an option a command does not have) is an error that names it
and what is known, so a typo never passes silently.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligntool.core.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

MODELS_TABLE = "models"
COMMAND_TABLES = ("translate", "align")
_NOT_CONFIGURABLE = {"config", "help", "version"}


@dataclass
class ConfigFile:
    """A parsed configuration file: the raw ``[models]`` table and the per-command option tables."""

    path: Path
    models: dict[str, Any] = field(default_factory=dict)
    commands: dict[str, dict[str, Any]] = field(default_factory=dict)


def _known() -> str:
    return ", ".join(["[models.LANG]", *(f"[{name}]" for name in COMMAND_TABLES)])


def read_config(path: str | Path) -> ConfigFile:
    """Parse a config file; unknown tables and top-level keys are reported together (exit code 2)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, expected a TOML config file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    config = ConfigFile(path)
    problems: list[str] = []
    for key, value in data.items():
        if key == MODELS_TABLE and isinstance(value, dict):
            config.models = value
        elif key in COMMAND_TABLES and isinstance(value, dict):
            config.commands[key] = value
        elif isinstance(value, dict):
            problems.append(f"unknown table [{key}]")
        else:
            problems.append(f"unknown top-level key '{key}'")
    if problems:
        raise ConfigError(f"{path}: {'; '.join(problems)} (known tables: {_known()}; "
                          "options belong in the table of their command, e.g. [translate] beams = 4)")
    return config


def _option_key(param: Any) -> str | None:
    """The config key of a command option: its long name without dashes (``--max-length`` → ``max-length``)."""
    if (getattr(param, "param_type_name", "") != "option" or param.name in _NOT_CONFIGURABLE
            or getattr(param, "hidden", False)):  # hidden: an old spelling kept for a release
        return None
    longs = [opt for opt in param.opts if opt.startswith("--")]
    return longs[0][2:] if longs else None


def command_defaults(config: ConfigFile, name: str, command: Any, ctx: Any) -> dict[str, Any]:
    """The ``[name]`` table as defaults for a (click) command: keys checked, each value converted by the
    option's own type so a wrong value gets the option's own message."""
    table = config.commands.get(name, {})
    options = {key: param for param in command.params if (key := _option_key(param))}
    by_key = {**{key.replace("-", "_"): param for key, param in options.items()}, **options}
    defaults: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in table.items():
        param = by_key.get(key)
        if param is None:
            problems.append(f"[{name}] has no option '{key}' (known: {', '.join(sorted(options))})")
            continue
        try:
            defaults[param.name] = _convert(param, value, ctx)
        except ValueError as exc:
            problems.append(f"[{name}] {key} = {json.dumps(value, ensure_ascii=False, default=str)}: {exc}")
    if problems:
        raise ConfigError(f"{config.path}: {'; '.join(problems)}")
    return defaults


def _convert(param: Any, value: Any, ctx: Any) -> Any:
    """Convert one value with the option's own type; a ValueError carries the option's message."""
    from typer import BadParameter

    is_flag = bool(getattr(param, "is_flag", False))
    if isinstance(value, bool) != is_flag and not (param.multiple and isinstance(value, list)):
        raise ValueError("expected true or false" if is_flag else f"{param.opts[0]} takes a value, not true/false")
    if param.multiple and not isinstance(value, list):
        value = [value]
    try:
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        raise ValueError(exc.format_message()) from None


def find_config_argument(args: list[str]) -> str | None:
    """The value of ``--config`` in a command line (the file must be read before options are parsed)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--config" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return None


def default_map(args: list[str], root: Any) -> dict[str, dict[str, Any]] | None:
    """Option defaults from the ``--config`` file for the command in ``args`` (None without a file)."""
    path = find_config_argument(args)
    if path is None:
        return None
    config = read_config(path)
    name = next((arg for arg in args if not arg.startswith("-")), None)
    command = getattr(root, "commands", {}).get(name) if name else None
    if command is None or name not in COMMAND_TABLES:
        return None
    import typer

    ctx = typer.Context(command, info_name=name, parent=typer.Context(root, info_name="aligntool"))
    return {name: command_defaults(config, name, command, ctx)}
