"""MkDocs hook: the references are generated from the code at build time, so they cannot drift from it.

- ``<!-- cli-reference -->`` (docs/cli.md) becomes one section per command, holding exactly what
  ``aligntool COMMAND --help`` prints.
- ``<!-- api-reference -->`` (docs/api.md) becomes one mkdocstrings block (``::: module.name``) per public name of
  the package, ``aligntool.__all__``, wherever the name is defined: moving code between modules moves the
  reference with it.
"""

from __future__ import annotations

import importlib
from typing import Any

from aligntool.cli.app import app
from aligntool.cli.help import click_command

CLI_MARKER = "<!-- cli-reference -->"
API_MARKER = "<!-- api-reference -->"


def _sections(command: Any, path: list[str], parent: Any) -> list[str]:
    """``command``'s help and its subcommands' (typer's click: the command builds its own context)."""
    ctx = command.context_class(command, info_name=path[-1], parent=parent, max_content_width=100,
                                terminal_width=100)
    name = " ".join(path)
    heading = "#" * min(len(path) + 1, 4)
    text = [f"{heading} `{name}`", "", "```text", command.get_help(ctx).rstrip(), "```", ""]
    if hasattr(command, "list_commands"):
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                text += _sections(sub, [*path, sub_name], ctx)
    return text


def cli_reference() -> str:
    """Markdown for every command and subcommand, in the order ``--help`` lists them."""
    return "\n".join(_sections(click_command(app), ["aligntool"], None))


def api_reference() -> str:
    """One ``::: path`` block per name in ``aligntool.__all__`` (the version string aside)."""
    package = importlib.import_module("aligntool")
    text = []
    for name in package.__all__:
        if name.startswith("__"):
            continue
        value = getattr(package, name)
        path = f"{value.__module__}.{value.__qualname__}"
        text += [f"::: {path}", "    options:", "      heading_level: 3", f"      name: aligntool.{name}", ""]
    return "\n".join(text)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
    if API_MARKER in markdown:
        markdown = markdown.replace(API_MARKER, api_reference())
    return markdown
