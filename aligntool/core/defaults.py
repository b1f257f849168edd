"""Defaults that more than one layer states (a job's field, a command's option, an engine's setting): once.

Kept here, free of imports, so the command line can read them without loading the engines.
"""

from __future__ import annotations

#: the decoder ``translate`` and ``align --mt`` use unless told otherwise
DEFAULT_ENGINE = "auto"  # CTranslate2 at the fastest precision for the device; transformers if it cannot load
#: longer segments are split before MT (aligntool.engines.segmentation.cap); 0 = no cap
DEFAULT_MAX_SEGMENT_CHARS = 1000
#: estimated decoding memory one batch may take, in MB (0 = no bound)
DEFAULT_BATCH_MEMORY_MB = 320
#: fuzzy TM matches scoring at least this (%) are offered (translate --tm-min-score, tm search --min-score)
DEFAULT_TM_MIN_SCORE = 75
#: seconds a writer of a TM database waits for another one before giving up (--wait)
DEFAULT_TM_WAIT_SECONDS = 30.0
