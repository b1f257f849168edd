"""What counts as a word, for every module that splits text into words (one owner of the patterns).

The variants differ on purpose: evidence keys and MT similarity count digits as word characters
(:data:`WORD`), the lexical model and alignment features take letters only, features and term extraction
keep words joined by an apostrophe or a hyphen (``Кара-Балта``, ``O'Brien``) together.
"""

from __future__ import annotations

import re

#: one letter (any script), one letter or digit, and the characters that join two parts of a word
LETTER = r"[^\W\d_]"
ALNUM = r"[^\W_]"
JOINERS = r"['’-]"

#: letters and digits
WORD = re.compile(ALNUM + "+")
#: letters only
LETTER_WORD = re.compile(LETTER + "+")
#: letters only, parts joined by an apostrophe or hyphen kept together
JOINED_LETTER_WORD = re.compile(f"{LETTER}+(?:{JOINERS}{LETTER}+)*")
#: letters and digits, parts joined by an apostrophe or hyphen kept together
JOINED_WORD = re.compile(f"{ALNUM}+(?:{JOINERS}{ALNUM}+)*")
#: a run of at least two letters (a line without one is debris)
TWO_LETTERS = re.compile(LETTER + "{2,}")
