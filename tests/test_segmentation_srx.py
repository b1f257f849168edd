"""SRX 2.0: Java regex translation, reading OmegaT's default rules, exporting ours, and the round trip."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.core.errors import ConfigError, InputError, ParseError
from aligntool.engines.segmentation.javaregex import java_to_python
from aligntool.engines.segmentation.segmenter import segment
from aligntool.engines.segmentation.srx import SrxSegmenter, parse_srx, read_srx
from aligntool.engines.segmentation.srx_export import export_srx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OMEGAT_SRX = SHARED / "schemas" / "omegat_default_segmentation.srx"
SRX_XSD = SHARED / "schemas" / "srx20.xsd"
GOLDEN = SHARED / "data" / "segmentation"
SEED = ROOT / "corpora" / "csto_news_en.txt"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not found (shared test data is not on this machine)")
    return path


@pytest.fixture(scope="module")
def exported() -> str:
    return export_srx(["en", "ru", "kk", "de"])


@pytest.fixture(scope="module")
def roundtrip(exported: str) -> dict[str, SrxSegmenter]:
    document = parse_srx(exported.encode("utf-8"), "export.srx")
    return {lang: SrxSegmenter(document, lang) for lang in ("en", "ru", "kk", "de", "xx")}


@pytest.mark.parametrize(("java", "python"), [
    (r"\p{Lu}\.", r"\p{Lu}\."),
    (r"\s+\P{Lu}", "[ \\t\\n\\x0b\\f\\r]+\\P{Lu}"),
    (r"[\s\d]", "[ \\t\\n\\x0b\\f\\r0-9]"),
    (r"\QMr.\E", r"Mr\."),
    (r"\p{Alpha}", "[a-zA-Z]"),
    (r"\p{IsLatin}", r"\p{Script=Latin}"),
    (r"\p{InGreek}", r"\p{Block=Greek}"),
    (r"\p{javaLowerCase}", r"\p{Ll}"),
    (r"(?iu)т\.е\.", r"(?i)т\.е\."),
    (r"(?d)a", "a"),
    (r"\x{41}", "\\U00000041"),
    (r"[^()]\)", r"[^()]\)"),
])
def test_java_regex_translation(java: str, python: str) -> None:
    assert java_to_python(java) == python


def test_omegat_default_rules(tmp_path: Path) -> None:
    document = read_srx(_need(OMEGAT_SRX))
    assert document.cascade
    english = SrxSegmenter(document, "en")
    text = "Dr. Smith came at 5 p.m. and left. He saw e.g. this... It was fine. Next one!"
    assert [s.text for s in english.segment(text)] == [
        "Dr. Smith came at 5 p.m. and left.", "He saw e.g. this...", "It was fine.", "Next one!"]
    russian = SrxSegmenter(document, "ru-RU")
    assert [s.text for s in russian.segment("Это т.е. пример. Второе.")] == ["Это т.е. пример.", "Второе."]
    assert [s.text for s in segment("Dr. Who? Yes.", "en", srx=OMEGAT_SRX)] == ["Dr. Who?", "Yes."]


def test_srx_errors_name_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such SRX file"):
        read_srx(tmp_path / "missing.srx")
    broken = tmp_path / "broken.srx"
    broken.write_text("<srx version='2.0'><body>\n<languagerules>", encoding="utf-8")
    with pytest.raises(ParseError, match=r"broken\.srx:2"):
        read_srx(broken)
    bad_regex = tmp_path / "bad.srx"
    bad_regex.write_text(
        '<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no" segmentsubflows="yes"/>'
        "<body><languagerules><languagerule languagerulename='x'>\n"
        "<rule break='yes'><beforebreak>[.</beforebreak><afterbreak>\\s</afterbreak></rule>"
        "</languagerule></languagerules><maprules><languagemap languagepattern='.*' languagerulename='x'/>"
        "</maprules></body></srx>", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad.srx:2: cannot use the regular expression '\[\.'"):
        SrxSegmenter(read_srx(bad_regex), "en")
    english_only = tmp_path / "en.srx"
    english_only.write_text(bad_regex.read_text(encoding="utf-8").replace("[.", "[.]").replace(
        "languagepattern='.*'", "languagepattern='EN.*'"), encoding="utf-8")
    with pytest.raises(ConfigError, match="no <languagemap> of this SRX file matches language 'kk'"):
        SrxSegmenter(read_srx(english_only), "kk")
    not_srx = tmp_path / "tmx.srx"
    not_srx.write_text("<tmx version='1.4'/>", encoding="utf-8")
    with pytest.raises(ParseError, match="expected <srx>"):
        read_srx(not_srx)


def test_export_is_valid_srx20_and_documents_its_limits(exported: str) -> None:
    from lxml import etree

    root = etree.fromstring(exported.encode("utf-8"))
    schema = etree.XMLSchema(etree.parse(str(_need(SRX_XSD))))
    assert schema.validate(etree.ElementTree(root)), schema.error_log
    header = exported.split("-->", 1)[0]
    assert "What SRX cannot express exactly" in header and "soft-wrapped" in header
    names = [e.get("languagerulename") for e in root.iter("{http://www.lisa.org/srx20}languagerule")]
    assert names == ["aligntool-en", "aligntool-ru", "aligntool-kk", "aligntool-de", "aligntool-default"]


def test_roundtrip_on_seed_document(roundtrip: dict[str, SrxSegmenter]) -> None:
    text = SEED.read_text(encoding="utf-8")
    ours = segment(text, "en")
    assert roundtrip["en"].segment(text) == ours
    assert "10.02.2022" in [s.text for s in ours] and "February 9. /TASS/." in [s.text for s in ours]


def test_roundtrip_on_golden_texts(roundtrip: dict[str, SrxSegmenter]) -> None:
    _need(GOLDEN)
    for path in sorted(GOLDEN.glob("golden_*.jsonl")):
        lang = path.stem.split("_")[1]
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            assert roundtrip[lang].segment(text) == segment(text, lang), text


_PIECES = ["Mr.", "U.S.", "т. д.", "ж.", "г.", "1898 г.", "В 2010 гг.", "At 5 a.m.", "(see p. 5.)",
           "«Да? – спросил он. – Нет».", '"Fine." he said.', "Hello.", "Он ушёл.", "Ол келді.", "1. First",
           "2. Second", "e.g.", "...", "…", " . . .", "A.", "И. Петров", "— деді.", "!", "?", "word.Word",
           "10.02.2022February", "http://x.org/a.b", "a@b.cd.", "— Да!", "(", ")", "«", "»", "Qwe", "asd",
           "Қаз", "5", "No. 5", "Inc.", "The", "Он", "Бұл", "1.)", "• 3.", "a.", "АСТАНА.", "/ТАСС/.", "[...]",
           "Jr.'s", "т.е.", "Б.з.б.", "1,000.That", "кім? не?", "млн.", "Yahoo! in", "- It", "– это", "“Q.”",
           "p. 55", "Tuesday.Mr.", "2024 ж. – 7", "ул. Ленина", "Ph.D.", "you and I. Did", "\n", "т. е.",
           "в т. ч.", "т. п.", "Москва", "д.", "н. э.", "Dr. Hagen", "z. B.", "am 18. Mai"]


@settings(max_examples=120, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12),
       separator=st.sampled_from([" ", "", "  "]), lang=st.sampled_from(["en", "ru", "kk", "de", "xx"]))
def test_roundtrip_on_generated_texts(roundtrip: dict[str, SrxSegmenter], pieces: list[str], separator: str,
                                      lang: str) -> None:
    text = separator.join(pieces)
    assert [s.text for s in roundtrip[lang].segment(text)] == [s.text for s in segment(text, lang)]


_HARNESS = r"""
import java.io.*; import java.util.*; import javax.xml.parsers.*; import org.w3c.dom.*;
import org.omegat.core.segmentation.*; import org.omegat.util.Language;
public class OmtSeg {
  public static void main(String[] a) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance(); f.setNamespaceAware(true);
    Document d = f.newDocumentBuilder().parse(new File(a[0]));
    Map<String, List<Rule>> byName = new HashMap<>();
    NodeList lr = d.getElementsByTagNameNS("*", "languagerule");
    for (int i = 0; i < lr.getLength(); i++) { Element e = (Element) lr.item(i); List<Rule> rules = new ArrayList<>();
      NodeList r = e.getElementsByTagNameNS("*", "rule");
      for (int j = 0; j < r.getLength(); j++) { Element x = (Element) r.item(j);
        rules.add(new Rule(!"no".equals(x.getAttribute("break")),
          x.getElementsByTagNameNS("*", "beforebreak").item(0).getTextContent(),
          x.getElementsByTagNameNS("*", "afterbreak").item(0).getTextContent())); }
      byName.put(e.getAttribute("languagerulename"), rules); }
    List<MapRule> maps = new ArrayList<>(); NodeList m = d.getElementsByTagNameNS("*", "languagemap");
    for (int i = 0; i < m.getLength(); i++) { Element e = (Element) m.item(i);
      maps.add(new MapRule(e.getAttribute("languagerulename"), e.getAttribute("languagepattern"),
                           byName.get(e.getAttribute("languagerulename")))); }
    SRX srx = new SRX(); srx.setMappingRules(maps); Segmenter s = new Segmenter(); s.setSRX(srx);
    BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(a[2]), "UTF-8"));
    PrintStream out = new PrintStream(System.out, true, "UTF-8"); String line;
    while ((line = in.readLine()) != null) {
      for (String x : s.segment(new Language(a[1]), line, null, null)) if (!x.isEmpty()) out.println(x);
      out.println("\u00b6"); }
  }
}
"""


def test_omegat_segmenter_reproduces_seed_segments(tmp_path: Path, exported: str) -> None:
    """OmegaT's own Segmenter class (3.6, if installed) cuts the seed document where we do."""
    if not OMEGAT_JAR.exists() or shutil.which("javac") is None:
        pytest.skip("OmegaT (/usr/share/omegat/OmegaT.jar) or javac is not installed")
    (tmp_path / "OmtSeg.java").write_text(_HARNESS, encoding="utf-8")
    (tmp_path / "rules.srx").write_text(exported, encoding="utf-8")
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "in.txt").write_text(text, encoding="utf-8")
    classpath = f"{OMEGAT_JAR}:{tmp_path}"
    subprocess.run(["javac", "-cp", classpath, "-d", str(tmp_path), str(tmp_path / "OmtSeg.java")],
                   check=True, capture_output=True)
    result = subprocess.run(["java", "-cp", classpath, "OmtSeg", str(tmp_path / "rules.srx"), "en",
                             str(tmp_path / "in.txt")], check=True, capture_output=True, text=True)
    omegat = [line for line in result.stdout.splitlines() if line and line != "\u00b6"]
    assert omegat == [s.text for s in segment(text, "en")]
