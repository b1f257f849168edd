"""TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style: what current terminology tools exchange."""

from __future__ import annotations

from typing import ClassVar

from aligntool.formats.glossary.tbxbase import TbxLikeFormat


class TbxFormat(TbxLikeFormat):
    """``<tbx type="TBX-Basic">`` with ``conceptEntry/langSec/termSec``."""

    name = "tbx"
    description = "TBX v3 TBX-Basic"
    namespace = "urn:iso:std:iso:30042:ed-2"
    root_tag = "tbx"
    root_attributes: ClassVar[dict[str, str]] = {"type": "TBX-Basic", "style": "dca"}
    header_tag = "tbxHeader"
    entry_tag = "conceptEntry"
    lang_tag = "langSec"
    term_tag = "termSec"
