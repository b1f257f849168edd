"""``python -m aligntool`` runs the CLI."""

from aligntool.cli import main

main()
