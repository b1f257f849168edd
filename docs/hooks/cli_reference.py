"""MkDocs hook: the command-line reference (docs/cli.md) is generated from the typer app at build time.

A page line ``<!-- cli-reference -->`` becomes one section per command, holding exactly what
``aligntool COMMAND --help`` prints, so the reference cannot drift from the code.
"""

from __future__ import annotations

from typing import Any

from aligntool.cli import app
from aligntool.cli_help import click_command

MARKER = "<!-- cli-reference -->"


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


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if MARKER in markdown:
        return markdown.replace(MARKER, cli_reference())
    return markdown
