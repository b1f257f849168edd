"""The package version: one small owner, so low modules need not import the package root."""

__version__ = "0.1.0"
