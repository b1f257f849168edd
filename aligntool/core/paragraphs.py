"""The one paragraph rule: what a line break is, and what separates paragraphs.

The text reader draws its paragraphs with :func:`paragraph_separator`, the segmenter cuts lines with
:data:`LINE_END` and :data:`BLANK_RUN`, the aligner takes its paragraph anchors from the same rule.
"""

from __future__ import annotations

import re

_BREAK = r"(?:\r\n|\r(?!\n)|[\n\u2028\u2029\x85])"  # CRLF is one line break, never two
LINE_END = re.compile(_BREAK)
BLANK_RUN = re.compile(rf"{_BREAK}(?:[ \t\f\v]*{_BREAK})+")


def paragraph_separator(text: str) -> re.Pattern[str]:
    """What separates the paragraphs of ``text``: blank lines when it has any, else line breaks."""
    return BLANK_RUN if BLANK_RUN.search(text) else LINE_END
