"""TMX 1.4b translation memories: streaming writer and reader, validator, tools, TM lookup, OmegaT helper.

Submodules: ``writer``, ``reader``, ``validate``, ``tools`` (stats/merge/dedupe/split), ``convert``
(TSV/CSV), ``memory`` (exact-match TM), ``safexml`` (the one safe XML parser), ``omegat``.
"""

from aligntool.tmx.writer import (
    ORIGINS,
    PROP_DOCUMENT,
    PROP_MT_MODEL,
    PROP_ORIGIN,
    PROP_SEGMENT,
    TmxHeader,
    TmxWriter,
    format_tmx_date,
    unit_props,
    write_tmx,
)

__all__ = ["ORIGINS", "PROP_DOCUMENT", "PROP_MT_MODEL", "PROP_ORIGIN", "PROP_SEGMENT", "TmxHeader", "TmxWriter",
           "format_tmx_date", "unit_props", "write_tmx"]
