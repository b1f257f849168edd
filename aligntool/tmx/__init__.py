"""TMX 1.4b translation memories: streaming writer (and, later, reader, validator and tools)."""

from aligntool.tmx.writer import TmxHeader, TmxWriter, format_tmx_date, write_tmx

__all__ = ["TmxHeader", "TmxWriter", "format_tmx_date", "write_tmx"]
