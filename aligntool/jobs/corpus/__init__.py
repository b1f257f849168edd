"""Corpus runs: many documents from a directory, glob or manifest, on a local or Ray executor. Entry point: ``run``."""
