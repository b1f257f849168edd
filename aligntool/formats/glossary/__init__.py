"""The glossary store: entries and terms as data, the YAML file, exchange formats (TBX, CSV, TSV, OmegaT)."""
