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
