"""TBX2 ``martif`` (ISO 30042:2008): the older layout OmegaT and translate-toolkit read."""

from __future__ import annotations

from typing import ClassVar

from aligntool.formats.glossary.tbxbase import TbxLikeFormat


class Tbx2Format(TbxLikeFormat):
    """``<martif type="TBX">`` with ``termEntry/langSet/tig``."""

    name = "tbx2"
    description = "TBX2 martif (OmegaT, translate-toolkit)"
    namespace = ""
    root_tag = "martif"
    root_attributes: ClassVar[dict[str, str]] = {"type": "TBX"}
    header_tag = "martifHeader"
    entry_tag = "termEntry"
    lang_tag = "langSet"
    term_tag = "tig"
    encoding_desc = "TBXXCSV02.xcs"
