"""Export aligntool's segmentation rules as SRX 2.0, for CAT tools (OmegaT, Trados, memoQ) to cut as we do."""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from aligntool.engines.segmentation.resources import load_resources
from aligntool.engines.segmentation.rules import NOT_IN_SRX, RULES
from aligntool.engines.segmentation.segmenter import rules_language, segmenter_signature
from aligntool.engines.segmentation.srx import SRX_NAMESPACE
from aligntool.version import __version__


def _comment(text: str) -> str:
    return "<!-- " + re.sub(r"-{2,}", "-", text).replace("\n", "\n     ") + " -->"


def export_srx(langs: Iterable[str] = ("en", "ru", "kk")) -> str:
    """SRX 2.0 text with aligntool's rules for ``langs`` (plus ``*`` for any other language)."""
    codes = list(dict.fromkeys(rules_language(lang) for lang in langs))
    if "*" not in codes:
        codes.append("*")
    notes = [f"- {rule.name}: {rule.note}" for rule in RULES if rule.note]
    notes += [f"- {note}" for note in NOT_IN_SRX]
    header = (
        f"Sentence segmentation rules exported by aligntool {__version__} "
        f"(rules {', '.join(f'{c}:{segmenter_signature(c)}' for c in codes if c != '*')}).\n"
        "Load as the segmentation rules of a CAT tool (OmegaT: project segmentation.srx) to get the\n"
        "segments of `aligntool segment`.  Java regular expressions; the first matching rule wins.\n"
        "What SRX cannot express exactly:\n" + "\n".join(notes)
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>', _comment(header),
           f'<srx xmlns="{SRX_NAMESPACE}" version="2.0">',
           '  <header segmentsubflows="yes" cascade="no">',
           '    <formathandle type="start" include="no"/>',
           '    <formathandle type="end" include="yes"/>',
           '    <formathandle type="isolated" include="yes"/>',
           "  </header>", "  <body>", "    <languagerules>"]
    for code in codes:
        resources = load_resources(code)
        out.append(f"      <languagerule languagerulename={quoteattr(_rulename(code))}>")
        for rule in RULES:
            items = rule.srx(resources)
            if items:
                out.append("        " + _comment(f"{rule.name}: {(rule.check.__doc__ or '').strip()}"))
            for breaks, before, after in items:
                out.append(f'        <rule break="{"yes" if breaks else "no"}">'
                           f"<beforebreak>{escape(before)}</beforebreak>"
                           f"<afterbreak>{escape(after)}</afterbreak></rule>")
        out.append("      </languagerule>")
    out += ["    </languagerules>", "    <maprules>"]
    for code in codes:
        pattern = ".*" if code == "*" else "".join(f"[{c.upper()}{c}]" for c in code) + "([-_].*)?"
        out.append(f"      <languagemap languagepattern={quoteattr(pattern)} "
                   f"languagerulename={quoteattr(_rulename(code))}/>")
    out += ["    </maprules>", "  </body>", "</srx>", ""]
    return "\n".join(out)


def _rulename(code: str) -> str:
    return "aligntool-" + ("default" if code == "*" else code)
