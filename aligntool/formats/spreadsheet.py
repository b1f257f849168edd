"""Cells a spreadsheet will open: the one guard against formula injection (CSV/TSV exports of TMX and glossaries).

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is run as a formula by Excel, LibreOffice and Google
Sheets (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``). Such a cell is written with a leading apostrophe, which
spreadsheets hide and aligntool removes on reading; an apostrophe that would be ambiguous is doubled, so a
cell reads back exactly as it was written.
"""

from __future__ import annotations

#: the first characters that make a spreadsheet evaluate a cell
FORMULA_START = ("=", "+", "-", "@")


def guard_cell(text: str) -> str:
    """``text`` as a cell no spreadsheet runs as a formula."""
    if text.startswith(FORMULA_START) or (text.startswith("'") and text[1:2] in (*FORMULA_START, "'")):
        return "'" + text
    return text


def unguard_cell(text: str) -> str:
    """Inverse of :func:`guard_cell`."""
    return text[1:] if text.startswith("'") and text[1:2] in (*FORMULA_START, "'") else text


def looks_like_formula(text: str) -> bool:
    """A cell a spreadsheet would run (``=HYPERLINK(…)``, ``@SUM(1)``, ``+cmd|' /C calc'!A0``), as opposed to a
    term that merely starts with a sign (``-ism``, ``+7 495``): what an import of a hand-made table warns about."""
    return text.startswith(("=", "@")) or (text.startswith(("+", "-")) and any(c in text for c in "(|!="))
