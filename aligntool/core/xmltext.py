"""The one owner of XML character validity: what may not appear in an XML 1.0 document, and its stand-in.

XML 1.0 forbids most C0 control characters, lone surrogates and U+FFFE/U+FFFF. Text from documents and MT
output can carry them (a PDF's form feeds, a bad byte decoded leniently), so every XML writer (TMX, XLIFF)
replaces each one with U+FFFD and counts the replacements, which the run summary reports.
"""

from __future__ import annotations

import re

#: characters XML 1.0 does not allow (TAB, LF and CR are allowed)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: what stands in for each of them
REPLACEMENT = "\ufffd"


class XmlTextCleaner:
    """Replaces characters XML forbids; ``replaced_characters`` counts them over the cleaner's life."""

    def __init__(self) -> None:
        self.replaced_characters = 0

    def clean(self, text: str) -> str:
        """``text`` with every forbidden character replaced by :data:`REPLACEMENT`."""
        cleaned, count = FORBIDDEN.subn(REPLACEMENT, text)
        self.replaced_characters += count
        return cleaned
