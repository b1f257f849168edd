"""The translation-memory database: an embedded SQLite TM with exact, fuzzy and concordance lookup.

Submodules: ``tokens`` (what matching compares), ``score`` (the fuzzy score), ``placeables`` (numbers
carried into a match's target), ``codes`` (inline codes stored beside the code-free text), ``store``
(the database file: schema, locking, units), ``index`` (the inverted index for fuzzy candidates),
``search`` (exact, fuzzy, concordance), ``transfer`` (TMX import, export, dedupe) and ``memory`` (the TM as
``translate`` uses it: a database or TMX files).
"""
