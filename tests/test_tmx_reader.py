"""TMX reader: real-world variants, hostile files, malformed input, streaming."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.core.errors import InputError, ParseError
from aligntool.formats.tmx.reader import TmxReader, parse_tmx_date, read_tmx, read_tmx_header

PAIR = '<tuv xml:lang="en-US"><seg>a</seg></tuv><tuv xml:lang="ru-RU"><seg>б</seg></tuv>'
HEADER = ('<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" '
          'srclang="en-US" datatype="plaintext"/>')


def _tmx(body: str, header: str = HEADER, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    return f'{prolog}<tmx version="1.4">\n{header}\n<body>\n{body}\n</body>\n</tmx>\n'


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.tmx") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_tmx11_lang_attribute_and_underscore_tags(tmp_path: Path) -> None:
    path = _write(tmp_path, _tmx('<tu><tuv lang="EN-US"><seg>Hello</seg></tuv>'
                                 '<tuv lang="ru_RU"><seg>Привет</seg></tuv></tu>'))
    assert next(read_tmx(path)).variants == {"en-US": "Hello", "ru-RU": "Привет"}


@pytest.mark.parametrize(("value", "expected"), [
    ("20241030T120005Z", datetime(2024, 10, 30, 12, 0, 5, tzinfo=timezone.utc)),
    ("2024-10-30T12:00:05Z", datetime(2024, 10, 30, 12, 0, 5, tzinfo=timezone.utc)),
    ("2024-10-30 12:00:05", datetime(2024, 10, 30, 12, 0, 5, tzinfo=timezone.utc)),
    ("2024-10-30T15:00:05+03:00", datetime(2024, 10, 30, 12, 0, 5, tzinfo=timezone.utc)),
    ("20241030", datetime(2024, 10, 30, tzinfo=timezone.utc)),
    ("yesterday", None),
    ("20241340T000000Z", None),
])
def test_dates_with_and_without_separators(value: str, expected: datetime | None) -> None:
    assert parse_tmx_date(value) == expected


def test_unit_dates_are_read(tmp_path: Path) -> None:
    dates = 'creationdate="2024-10-30T12:00:05Z" changedate="20241031T000000Z"'
    path = _write(tmp_path, _tmx(f"<tu {dates}>{PAIR}</tu>"))
    unit = next(read_tmx(path))
    assert unit.creationdate == datetime(2024, 10, 30, 12, 0, 5, tzinfo=timezone.utc)
    assert unit.changedate == datetime(2024, 10, 31, tzinfo=timezone.utc)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_bom_and_utf16(tmp_path: Path, encoding: str) -> None:
    declared = "UTF-16" if "16" in encoding else "UTF-8"
    text = "\ufeff" + _tmx('<tu><tuv xml:lang="en-US"><seg>Peace</seg></tuv>'
                          '<tuv xml:lang="kk-KZ"><seg>Бейбітшілік'
                      ' әғқңөұүһі</seg></tuv></tu>', prolog=f'<?xml version="1.0" encoding="{declared}"?>\n')
    path = _write(tmp_path, text, encoding)
    assert next(read_tmx(path)).variants["kk-KZ"] == "Бейбітшілік әғқңөұүһі"


def test_inline_codes_are_not_text_but_hi_is(tmp_path: Path) -> None:
    path = _write(tmp_path, _tmx('<tu><tuv xml:lang="en-US"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK'
                                 '<ept i="1">&lt;/b&gt;</ept> <hi type="x">now</hi><ph>{0}</ph>.</seg></tuv>'
                                 '<tuv xml:lang="ru-RU"><seg>Нажмите OK</seg></tuv></tu>'))
    assert next(read_tmx(path)).variants["en-US"] == "Press OK now."


def test_source_language_comes_first(tmp_path: Path) -> None:
    path = _write(tmp_path, _tmx('<tu><tuv xml:lang="ru-RU"><seg>б</seg></tuv>'
                                 '<tuv xml:lang="en-US"><seg>a</seg></tuv></tu>'))
    assert list(next(read_tmx(path)).variants) == ["en-US", "ru-RU"]


def test_header_only(tmp_path: Path) -> None:
    path = _write(tmp_path, _tmx(""))
    header = read_tmx_header(path)
    assert header.srclang == "en-US" and header.segtype == "sentence"
    assert list(read_tmx(path)) == []


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv>
<tuv xml:lang="ru"><seg>x</seg></tuv></tu></body></tmx>
"""


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, BILLION_LAUGHS)
    with pytest.raises(ParseError, match="declares XML entities") as info:
        list(read_tmx(path))
    assert info.value.line is not None


def test_external_entity_is_refused_and_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    doctype = f'<!DOCTYPE tmx [ <!ENTITY xxe SYSTEM "{secret.as_uri()}"> ]>'
    path = _write(tmp_path, f'<?xml version="1.0"?>\n{doctype}'
                  '\n<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg>'
                  '</tuv><tuv xml:lang="ru"><seg>x</seg></tuv></tu></body></tmx>')
    with pytest.raises(ParseError, match="entities") as info:
        list(read_tmx(path))
    assert "TOP SECRET" not in str(info.value)


def test_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    # The DTD file does not exist: loading it would fail; network URLs must not be fetched either.
    path = _write(tmp_path, _tmx(f'<tu>{PAIR}</tu>', prolog='<?xml version="1.0"?>\n'
                                 '<!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">\n'))
    assert len(list(read_tmx(path))) == 1


def test_entity_from_external_dtd_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _tmx('<tu><tuv xml:lang="en-US"><seg>a &nbsp;</seg></tuv></tu>',
                                 prolog='<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'))
    with pytest.raises(ParseError, match="entity reference"):
        list(read_tmx(path))


def test_depth_is_bounded(tmp_path: Path) -> None:
    deep = "<hi>" * 300 + "x" + "</hi>" * 300
    path = _write(tmp_path, _tmx(f'<tu><tuv xml:lang="en-US"><seg>{deep}</seg></tuv></tu>'))
    with pytest.raises(ParseError, match="nested more than 256 levels deep"):
        list(read_tmx(path))


@pytest.mark.parametrize("levels", [3, 5, 6])
def test_max_depth_is_enforced_by_aligntool(tmp_path: Path, levels: int) -> None:
    """The limit is aligntool's own (``safexml.MAX_DEPTH``), in yielded units and in whole documents."""
    from aligntool.core.safexml import MAX_DEPTH, iterparse_safe, parse_safe

    assert MAX_DEPTH == 256
    nested = "<hi>" * levels + "x" + "</hi>" * levels  # tmx/body/tu/tuv/seg + levels
    path = _write(tmp_path, _tmx(f'<tu><tuv xml:lang="en-US"><seg>{nested}</seg></tuv></tu>'))
    depth = 5 + levels
    limit = 10
    if depth <= limit:
        assert len(list(iterparse_safe(path, tags=("tu",), max_depth=limit))) == 1
        assert parse_safe(path, max_depth=limit).getroot().tag == "tmx"
        return
    with pytest.raises(ParseError, match=f"nested {depth} levels deep, more than the limit of {limit}"):
        list(iterparse_safe(path, tags=("tu",), max_depth=limit))
    with pytest.raises(ParseError, match=f"more than the limit of {limit}"):
        parse_safe(path, max_depth=limit)


def test_size_is_bounded(tmp_path: Path) -> None:
    unit = f"<tu>{PAIR}</tu>\n"
    path = _write(tmp_path, _tmx(unit * 2000))
    assert len(list(read_tmx(path))) == 2000
    with pytest.raises(ParseError, match="larger than the limit"):
        list(read_tmx(path, max_bytes=10_000))


def test_malformed_input_reports_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, _tmx('<tu>\n<tuv xml:lang="en-US"><seg>a</tuv></tu>'))
    with pytest.raises(ParseError) as info:
        list(read_tmx(path))
    assert (info.value.line, info.value.column) == (6, 35)
    assert str(info.value).startswith(f"{path}:6:35: malformed XML")


def test_not_a_tmx_and_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "<html><body/></html>")
    with pytest.raises(ParseError, match="not a TMX"):
        list(read_tmx(path))
    with pytest.raises(InputError, match="no such file"):
        list(read_tmx(tmp_path / "missing.tmx"))


def test_reader_streams_and_frees_units(tmp_path: Path) -> None:
    unit = f"<tu>{PAIR}</tu>\n"
    path = _write(tmp_path, _tmx(unit * 500))
    reader = TmxReader(path)
    for count, _unit in enumerate(reader, start=1):
        if count == 400:
            # Inspect the partially built tree: processed units have been dropped from <body>.
            break
    assert reader.units_read == 400
    assert reader.header is not None


def test_parse_safe_for_other_formats(tmp_path: Path) -> None:
    from aligntool.core.safexml import parse_safe

    good = _write(tmp_path, '<?xml version="1.0"?>\n<srx version="2.0"><body/></srx>', name="a.srx")
    assert parse_safe(good).getroot().tag == "srx"
    external = _write(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE srx SYSTEM "srx.dtd">\n<srx>&ext;</srx>',
                      name="b.srx")
    with pytest.raises(ParseError, match="entity reference"):
        parse_safe(external)
    with pytest.raises(ParseError, match="declares XML entities"):
        parse_safe(_write(tmp_path, BILLION_LAUGHS, name="c.xml"))
    with pytest.raises(ParseError, match=r"malformed XML") as info:
        parse_safe(_write(tmp_path, "<srx>\n<body></srx>", name="d.srx"))
    assert info.value.line == 2


@settings(max_examples=200, deadline=None)
@given(data=st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=st.sampled_from(list('<>/="\' &;!?-[]tmxhedrbuvsglan\n\x00é')), max_size=200).map(str.encode),
))
def test_any_bytes_give_units_or_a_parse_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.tmx"
    path.write_bytes(b'<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>' + data)
    try:
        list(read_tmx(path))
    except ParseError as exc:
        assert exc.line is not None
