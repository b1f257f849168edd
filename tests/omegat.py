"""Build and run OmegaT projects headless, to prove that our TMX files work in a real CAT tool.

Facts about OmegaT 3.6 (Debian package) that this module relies on:

* console mode: ``java -Djava.awt.headless=true -jar OmegaT.jar --mode=console-translate
  --config-dir=DIR --no-team --disable-project-locking PROJECT`` (about 2 s);
* only ``tm/auto/`` and ``tm/enforce/`` are inserted as translations, ``tm/`` itself is reference only;
* OmegaT exits 0 even when it rejects a TMX: ``DIR/logs/OmegaT.log`` then contains ``TF_TM_LOAD_ERROR``;
* a project's segmentation rules live in ``omegat/segmentation.conf`` (a ``java.beans.XMLEncoder``
  file); OmegaT 4.x+ also reads ``omegat/segmentation.srx``. We write both from one SRX 2.0 file;
* the text filter splits ``.txt`` into paragraphs on blank lines unless ``segmentOn`` is ``BREAKS``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from aligntool.core.errors import AligntoolError, InputError
from aligntool.formats.documents.omegat.project import project_xml, srx_to_segmentation_conf

DEFAULT_JAR = Path("/usr/share/omegat/OmegaT.jar")

_FILTERS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="false" preserveSpaces="true" ignoreFileContext="false">
    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
        <files sourceFilenameMask="*.txt" targetFilenamePattern="${{filename}}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
        <option name="segmentOn" value="{segment_on}"/>
    </filter>
</filters>
"""


#: OmegaT 3.6's built-in XLIFF filter (it shows each ``<target>`` as the segment to post-edit)
_XLIFF_FILTERS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="false" preserveSpaces="true" ignoreFileContext="false">
    <filter className="org.omegat.filters3.xml.xliff.XLIFFFilter" enabled="true">
        <files sourceFilenameMask="*.xlf" targetFilenamePattern="${filename}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
    </filter>
</filters>
"""


@dataclass(frozen=True)
class OmegatRun:
    """What one OmegaT run left behind."""

    returncode: int
    output: str
    log: str

    @property
    def tm_load_errors(self) -> list[str]:
        """Log lines where OmegaT rejected a TMX file (it still exits 0)."""
        return [line for line in self.log.splitlines() if "TF_TM_LOAD_ERROR" in line]


def find_omegat() -> tuple[str, Path]:
    """The java executable and OmegaT.jar (``ALIGNTOOL_OMEGAT_JAR`` overrides the Debian location)."""
    java = shutil.which("java")
    jar = Path(os.environ.get("ALIGNTOOL_OMEGAT_JAR", DEFAULT_JAR))
    if java is None or not jar.is_file():
        raise InputError(f"OmegaT needs java and {jar}: install the Debian package 'omegat' "
                         "or set ALIGNTOOL_OMEGAT_JAR")
    return java, jar


def create_project(root: str | Path, sources: Iterable[str | Path], source_lang: str, target_lang: str, *,
                   tm_auto: Iterable[str | Path] = (), segmentation_srx: str | Path | None = None,
                   segment_on: str = "BREAKS", sentence_seg: bool = True, source_filter: str = "text") -> Path:
    """Lay out an OmegaT project: sources, TMX files in ``tm/auto/``, filters and segmentation rules.

    ``source_filter``: ``text`` (plain-text sources, segmented on ``segment_on``) or ``xliff`` (``*.xlf``).
    """
    root = Path(root)
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "omegat.project").write_text(
        project_xml(source_lang, target_lang, sentence_seg), encoding="utf-8")
    filters = _XLIFF_FILTERS if source_filter == "xliff" else _FILTERS.format(segment_on=escape(segment_on))
    (root / "omegat" / "filters.xml").write_text(filters, encoding="utf-8")
    if segmentation_srx is not None:
        srx = Path(segmentation_srx).read_text(encoding="utf-8")
        conf = srx_to_segmentation_conf(srx, source_lang, str(segmentation_srx))
        (root / "omegat" / "segmentation.conf").write_text(conf, encoding="utf-8")
        shutil.copyfile(segmentation_srx, root / "omegat" / "segmentation.srx")
    for source in sources:
        shutil.copyfile(source, root / "source" / Path(source).name)
    for tmx in tm_auto:
        shutil.copyfile(tmx, root / "tm" / "auto" / Path(tmx).name)
    return root


def run_omegat(project: str | Path, config_dir: str | Path, *, mode: str = "console-translate",
               extra: Iterable[str] = (), timeout: float = 120) -> OmegatRun:
    """Run OmegaT headless on a project; the log is read back from ``config_dir``."""
    java, jar = find_omegat()
    config_dir = Path(config_dir)
    config_dir.mkdir(parents=True, exist_ok=True)
    log_file = config_dir / "logs" / "OmegaT.log"
    if log_file.exists():
        log_file.unlink()
    command = [java, "-Djava.awt.headless=true", f"-Duser.home={config_dir}", "-jar", str(jar),
               f"--mode={mode}", f"--config-dir={config_dir}", "--no-team", "--disable-project-locking",
               *extra, str(project)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise AligntoolError(f"OmegaT did not finish within {timeout:.0f} s on {project}") from None
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    return OmegatRun(done.returncode, done.stdout + done.stderr, log)


def project_stats(project: str | Path) -> dict[str, tuple[int, int]]:
    """(segments, words) per row of the ``omegat/project_stats.txt`` OmegaT wrote ('Total', 'Remaining', …)."""
    rows = {}
    for line in (Path(project) / "omegat" / "project_stats.txt").read_text(encoding="utf-8").splitlines():
        name, _, values = line.partition(":")
        numbers = values.split()
        if name.strip() and len(numbers) >= 2 and numbers[0].isdigit() and numbers[1].isdigit():
            rows[name.strip()] = (int(numbers[0]), int(numbers[1]))
    return rows


def omegat_segments(project: str | Path, config_dir: str | Path) -> list[str]:
    """The source segments OmegaT makes of the project's files (via its pseudo-translation TMX)."""
    from aligntool.formats.tmx.reader import read_tmx

    out = Path(config_dir) / "pseudo.tmx"
    run = run_omegat(project, config_dir, mode="console-createpseudotranslatetmx",
                     extra=[f"--pseudotranslatetmx={out}", "--pseudotranslatetype=equal"])
    if not out.exists():
        raise AligntoolError(f"OmegaT wrote no pseudo-translation TMX; its output:\n{run.output[-2000:]}")
    return [next(iter(unit.variants.values())) for unit in read_tmx(out)]
