"""``python -m aligntool`` runs the CLI."""

from aligntool.cli.app import main

main()
