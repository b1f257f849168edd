"""Fuzzing (hypothesis) of every document reader, the resume journal and the review API (issue #27).

Whatever the input: a result, or one line (an :class:`~aligntool.core.errors.AligntoolError` whose exit code is one of
the documented ones, an HTTP answer with a one-line JSON error), never a traceback and never a silent loss (for
HTML, Markdown and DOCX built from known words, every word comes out).

The budget is fixed: ``ALIGNTOOL_FUZZ_EXAMPLES`` examples per property (default 25 in the ordinary test run; CI
runs ``make fuzz`` with 300) and the examples are derandomized, so a run is reproducible and its length bounded.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import sqlite3
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligntool.core.errors import EXIT_ERROR, EXIT_MODEL, EXIT_OS, EXIT_USAGE, AligntoolError
from aligntool.formats.documents.reading import read_document

EXAMPLES = int(os.environ.get("ALIGNTOOL_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
DOCUMENTED_EXITS = {EXIT_ERROR, EXIT_USAGE, EXIT_MODEL, EXIT_OS}

#: Pieces of hostile input spliced into valid documents.
HOSTILE = [b"<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>", b"&b;", b"&a;", b"<![CDATA[",
           b"]]>", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<div>" * 300, b"<span>" * 300, b"</p>" * 20,
           b"> " * 40, b"- " * 30, b"\n    - ", b"<!--", b"-->", b"<?xml version='1.0'?>", b"&#0;", b"&#xD800;",
           b"<meta charset=\"utf-16\">", b"<meta charset=\"bogus\">", b"\r\n", "😀".encode(),
           b"\xed\xa0\x80", b"<w:tbl><w:tr><w:tc>" * 100, b"%PDF-", b"stream\n",
           b"endstream", b"/FlateDecode", b"<<", b">>", b"]]", b"[[", b"|", b"```", b"    code"]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """A valid document with a few random edits: bytes flipped, cut, repeated, or hostile pieces spliced in."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            data.extend(draw(st.sampled_from(HOSTILE)))
            continue
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(("flip", "cut", "repeat", "splice", "truncate")))
        if action == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif action == "repeat":
            piece = bytes(data[at:at + draw(st.integers(1, 64))])
            data[at:at] = piece * draw(st.integers(1, 50))
        elif action == "splice":
            data[at:at] = draw(st.sampled_from(HOSTILE))
        else:
            del data[at:]
    return bytes(data)


def _one_line_or_result(path: Path) -> object:
    """Read a document: its paragraphs, or a one-line AligntoolError with a documented exit code."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            document = read_document(path)
        except AligntoolError as exc:
            message = str(exc)
            assert "\n" not in message and message.strip(), repr(message)
            assert exc.exit_code in DOCUMENTED_EXITS
            return exc
    for paragraph in document.paragraphs:
        assert isinstance(paragraph.text, str)
        paragraph.text.encode("utf-8")  # real text: no lone surrogates reach the segmenter or the TMX
    return document


# ---- seeds --------------------------------------------------------------------------------------------------

SEED_TEXT = "The CSTO met in Minsk.\n\nPeacekeepers returned home. 😀\n".encode()
SEED_HTML = (b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>T</title><script>x=1</script></head><body>"
             b"<h1>Title</h1><div><p>One <b>bold</b> word.</p><ul><li>Item</li></ul><table><tr><td>Cell</td></tr>"
             b"</table></div></body></html>")
SEED_MARKDOWN = (b"# Title\n\nA paragraph with `code` and a [link](http://x).\n\n- item\n  - nested\n\n> quote\n\n"
                 b"| a | b |\n|---|---|\n| c | d |\n\n```\ncode\n```\n")
SEED_XLIFF = (b'<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
              b'original="x" source-language="en" target-language="ru" datatype="plaintext"><body><trans-unit id="1">'
              b'<source>Hello <ph id="1">{x}</ph> world.</source><target state="final">Privet.</target></trans-unit>'
              b'<trans-unit id="2"><source>Second.</source></trans-unit></body></file></xliff>')


def _seed_docx() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("First paragraph.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Cell text."
    document.sections[0].header.paragraphs[0].text = "Header."
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _seed_pdf() -> bytes:
    from tests.pdf_factory import write_pdf

    buffer = Path(os.environ.get("TMPDIR", "/tmp")) / f"aligntool-fuzz-seed-{os.getpid()}.pdf"
    try:
        return write_pdf(buffer, [["Hello there.", "Second line."], ["Page two."]]).read_bytes()
    finally:
        buffer.unlink(missing_ok=True)


def _docx_with_document_xml(document_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_DOCX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, document_xml if info.filename == "word/document.xml"
                            else source.read(info.filename))
    return out.getvalue()


try:
    _DOCX = _seed_docx()
    _DOCX_XML = zipfile.ZipFile(io.BytesIO(_DOCX)).read("word/document.xml")
except BaseException:  # python-docx missing: the DOCX properties skip
    _DOCX = b""
    _DOCX_XML = b""


# ---- every reader -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "seed"), [(".txt", SEED_TEXT), (".html", SEED_HTML), (".md", SEED_MARKDOWN),
                                              (".xlf", SEED_XLIFF)])
def test_text_readers_survive_mutations(tmp_path: Path, suffix: str, seed: bytes) -> None:
    @FUZZ
    @given(data=mutated(seed))
    def check(data: bytes) -> None:
        path = tmp_path / f"fuzz{suffix}"
        path.write_bytes(data)
        _one_line_or_result(path)

    check()


@pytest.mark.parametrize("suffix", [".txt", ".html", ".md", ".xlf", ".docx", ".pdf"])
def test_readers_survive_arbitrary_bytes(tmp_path: Path, suffix: str) -> None:
    @FUZZ
    @given(data=st.binary(max_size=2048))
    def check(data: bytes) -> None:
        path = tmp_path / f"fuzz{suffix}"
        path.write_bytes(data)
        _one_line_or_result(path)

    check()


def test_docx_reader_survives_mutated_parts(tmp_path: Path) -> None:
    if not _DOCX:
        pytest.skip("python-docx is not installed")

    @FUZZ
    @given(xml=mutated(_DOCX_XML), whole=mutated(_DOCX))
    def check(xml: bytes, whole: bytes) -> None:
        for index, data in enumerate((_docx_with_document_xml(xml), whole)):
            path = tmp_path / f"fuzz{index}.docx"
            path.write_bytes(data)
            _one_line_or_result(path)

    check()


def test_pdf_reader_survives_mutations(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    seed = _seed_pdf()

    @FUZZ
    @given(data=mutated(seed))
    def check(data: bytes) -> None:
        path = tmp_path / "fuzz.pdf"
        path.write_bytes(data)
        _one_line_or_result(path)

    check()


# ---- no silent loss: structures built from known words --------------------------------------------------------

_WORDS = st.integers(0, 10**6).map(lambda n: f"w{n}x")


@st.composite
def html_tree(draw: st.DrawFn, depth: int = 0) -> str:
    """Nested div/p/span/li/blockquote/td with unique words, sometimes left unclosed (sloppy pages)."""
    if depth > 6 or draw(st.booleans()):
        return " " + draw(_WORDS) + " "
    tag = draw(st.sampled_from(("div", "p", "span", "li", "blockquote", "section", "em", "b")))
    children = "".join(draw(html_tree(depth + 1)) for _ in range(draw(st.integers(1, 3))))
    closed = draw(st.booleans()) or tag in ("span", "em", "b")
    return f"<{tag}>{children}" + (f"</{tag}>" if closed else "")


def _words(text: str) -> set[str]:
    return {word for word in text.replace("\n", " ").split() if word.startswith("w") and word.endswith("x")}


def test_html_keeps_every_word_whatever_the_nesting(tmp_path: Path) -> None:
    @FUZZ
    @given(body=html_tree(), deep=st.integers(0, 600), tail=_WORDS)
    def check(body: str, deep: int, tail: str) -> None:
        page = f"<html><body>{'<div>' * deep}{body}{'</div>' * (deep // 2)}<p>{tail}</p></body></html>"
        path = tmp_path / "page.html"
        path.write_text(page, encoding="utf-8")
        document = _one_line_or_result(path)
        assert not isinstance(document, AligntoolError), document
        found = _words(" ".join(p.text for p in document.paragraphs))  # type: ignore[attr-defined]
        assert _words(page) <= found

    check()


@st.composite
def markdown_blocks(draw: st.DrawFn) -> str:
    """Lists and quotes nested to random depths, with a paragraph of known words after each."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        depth = draw(st.integers(0, 40))
        kind = draw(st.sampled_from(("list", "quote", "ordered")))
        for level in range(depth):
            marker = {"list": "  " * level + "- ", "quote": "> " * (level + 1), "ordered": "   " * level + "1. "}
            lines.append(marker[kind] + draw(_WORDS))
        lines += ["", draw(_WORDS) + " " + draw(_WORDS), ""]
    return "\n".join(lines) + "\n"


def test_markdown_keeps_every_word_whatever_the_nesting(tmp_path: Path) -> None:
    @FUZZ
    @given(text=markdown_blocks())
    def check(text: str) -> None:
        path = tmp_path / "doc.md"
        path.write_text(text, encoding="utf-8")
        document = _one_line_or_result(path)
        assert not isinstance(document, AligntoolError), document
        assert _words(text) <= _words(" ".join(p.text for p in document.paragraphs))  # type: ignore[attr-defined]

    check()


@st.composite
def docx_body(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 20 or draw(st.booleans()):
        return f"<w:p><w:r><w:t>{draw(_WORDS)}</w:t></w:r></w:p>"
    inner = "".join(draw(docx_body(depth + 1)) for _ in range(draw(st.integers(1, 2))))
    return f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p><w:r><w:t>{draw(_WORDS)}</w:t></w:r></w:p>"


def test_docx_keeps_every_word_of_nested_tables(tmp_path: Path) -> None:
    if not _DOCX:
        pytest.skip("python-docx is not installed")
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    @FUZZ
    @given(body=docx_body())
    def check(body: str) -> None:
        xml = f'<?xml version="1.0"?><w:document {namespace}><w:body>{body}</w:body></w:document>'.encode()
        path = tmp_path / "doc.docx"
        path.write_bytes(_docx_with_document_xml(xml))
        document = _one_line_or_result(path)
        assert not isinstance(document, AligntoolError), document
        assert _words(body) <= _words(" ".join(p.text for p in document.paragraphs))  # type: ignore[attr-defined]

    check()


# ---- the resume journal ---------------------------------------------------------------------------------------

# what an SQLite column can hold: text, a blob, a 64-bit integer, a float, or JSON of any shape
_STORED = st.one_of(st.text(max_size=200), st.binary(max_size=64), st.integers(-2**63, 2**63 - 1),
                    st.floats(allow_nan=False),
                    st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
                                 lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.sampled_from(
                                                             ("text", "engines", "constrained", "unconstrained",
                                                              "capped", "other")), inner, max_size=5)),
                                 max_leaves=12).map(json.dumps))


def test_journal_rows_never_break_a_lookup(tmp_path: Path) -> None:
    from aligntool.jobs.journal import Journal, JournalWarning, is_translation_record

    @FUZZ
    @given(stored=st.lists(_STORED, min_size=1, max_size=5))
    def check(stored: list[object]) -> None:
        path = tmp_path / "j.sqlite"
        path.unlink(missing_ok=True)
        with Journal(path) as journal:
            journal.record("ctx", [(f"s{i}", {"text": "x"}) for i in range(len(stored))])
            for index, value in enumerate(stored):
                journal._db.execute("UPDATE translations SET result = ? WHERE source = ?", (value, f"s{index}"))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", JournalWarning)
                found = journal.lookup("ctx", [f"s{i}" for i in range(len(stored))], is_translation_record)
        assert all(is_translation_record(value) for value in found.values())

    check()


def test_journal_file_of_any_bytes_is_one_line(tmp_path: Path) -> None:
    from aligntool.jobs.journal import Journal

    sqlite_header = b"SQLite format 3\x00"

    @FUZZ
    @given(data=st.one_of(st.binary(max_size=4096), st.binary(max_size=4096).map(lambda b: sqlite_header + b)))
    def check(data: bytes) -> None:
        path = tmp_path / "j.sqlite"
        for extra in ("-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        path.write_bytes(data)
        try:
            with Journal(path) as journal:
                journal.lookup("ctx", ["a"])
        except (AligntoolError, OSError) as exc:
            assert "\n" not in str(exc)
        except sqlite3.DatabaseError as exc:  # a damaged page found while reading: the CLI maps it too
            pytest.fail(f"sqlite error escaped: {exc}")

    check()


# ---- the review API -------------------------------------------------------------------------------------------


@pytest.fixture()
def review_server(tmp_path: Path) -> Iterator[object]:
    from aligntool.core.datatypes import TranslationUnit
    from aligntool.formats.tmx.writer import TmxHeader, write_tmx
    from aligntool.jobs.review.server import ReviewServer, ServerOptions
    from aligntool.jobs.review.session import ReviewSession

    tmx = tmp_path / "t.tmx"
    write_tmx(tmx, TmxHeader(srclang="en"), [
        TranslationUnit({"en": f"😀 Sentence {i}. Second {i}.", "ru": f"Предложение {i}. Второе."}, tuid=str(i))
        for i in range(5)])
    server = ReviewServer(ReviewSession(tmx), ServerOptions(idle_timeout=600))
    thread = server.start_in_thread()
    yield server
    server.shutdown()
    thread.join(timeout=5)


_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 10**20), st.floats(allow_nan=False), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=10)
_OPS = st.fixed_dictionaries(
    {"op": st.sampled_from(("edit", "merge", "split", "move", "no_counterpart", "approve", "undo", "bogus"))},
    optional={"id": st.one_of(st.integers(-3, 12), _JSON), "lang": st.sampled_from(("ru", "en", "kk", "")),
              "target": st.text(max_size=40), "source": st.text(max_size=40),
              "source_at": st.one_of(st.integers(-5, 60), _JSON), "target_at": st.integers(-5, 60),
              "direction": st.sampled_from(("up", "down", "left")), "column": st.sampled_from(("source", "target")),
              "ids": st.lists(st.integers(-1, 8), max_size=3), "force": st.booleans()})


def _call(server: object, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
    port = server.server_address[1]  # type: ignore[attr-defined]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        headers = {"X-Review-Token": server.token}  # type: ignore[attr-defined]
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_review_api_answers_every_request_in_one_line(review_server: object) -> None:
    @FUZZ
    @given(body=st.one_of(_OPS.map(lambda op: json.dumps(op).encode()), _JSON.map(lambda v: json.dumps(v).encode()),
                          st.binary(max_size=200)),
           path=st.sampled_from(("/api/op", "/api/op", "/api/op", "/api/save")))
    def check(body: bytes, path: str) -> None:
        status, payload = _call(review_server, "POST", path, body)
        assert status in (200, 400, 409, 413), (status, payload)
        if status != 200:
            message = json.loads(payload)["error"]
            assert "\n" not in message and message
        # every page and search still answers (no stored row poisons them)
        status, payload = _call(review_server, "GET", "/api/rows?q=e&limit=50", None)
        assert status == 200, payload
        assert _call(review_server, "GET", "/api/meta", None)[0] == 200

    check()


# ---- the other readers: TMX, glossary files and exchange formats, corpus manifests ----------------------------


def _one_line_or_value(read: object, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read(path)  # type: ignore[operator]
        except AligntoolError as exc:
            assert "\n" not in str(exc) and str(exc).strip() and exc.exit_code in DOCUMENTED_EXITS, repr(str(exc))


SEED_TMX = ("<?xml version='1.0' encoding='UTF-8'?>\n<tmx version=\"1.4\"><header creationtool=\"x\" "
            "creationtoolversion=\"1\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"en\" "
            "o-tmf=\"x\"/><body><tu tuid=\"1\"><prop type=\"x-document\">d</prop><tuv xml:lang=\"en\"><seg>Hello "
            "<ph x=\"1\">&lt;b&gt;</ph>world.</seg></tuv><tuv xml:lang=\"ru\"><seg>Привет, мир.</seg></tuv></tu>"
            "</body></tmx>\n").encode()


def test_tmx_reader_survives_mutations(tmp_path: Path) -> None:
    from aligntool.formats.tmx.reader import read_tmx

    @FUZZ
    @given(data=mutated(SEED_TMX))
    def check(data: bytes) -> None:
        path = tmp_path / "fuzz.tmx"
        path.write_bytes(data)
        _one_line_or_value(lambda p: list(read_tmx(p)), path)

    check()


@pytest.mark.parametrize("name", ["tbx", "tbx2", "tsv", "omegat", "csv", "amazon"])
def test_glossary_exchange_readers_survive_mutations(tmp_path: Path, name: str) -> None:
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.formats.glossary.registry import get_format

    fmt = get_format(name)
    shipped = Glossary.load(Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml")
    seed = fmt.dumps(shipped.entries[:4], "en", ["ru", "kk"]).encode()

    @FUZZ
    @given(data=mutated(seed))
    def check(data: bytes) -> None:
        path = tmp_path / f"fuzz.{fmt.extension}"
        path.write_bytes(data)
        _one_line_or_value(lambda p: fmt.read(p, "en", "ru"), path)

    check()


def test_glossary_file_survives_mutations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aligntool.engines.terminology.termbase import Glossary

    monkeypatch.setenv("ALIGNTOOL_CACHE", str(tmp_path / "cache"))
    text = (Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml").read_text(encoding="utf-8")
    seed = text[:text.index("\n- id:", text.index("\n- id:") + 10)].encode()  # the header and one entry

    @FUZZ
    @given(data=mutated(seed))
    def check(data: bytes) -> None:
        path = tmp_path / "fuzz.yaml"
        path.write_bytes(data)
        _one_line_or_value(lambda p: Glossary.load(p, validated=True), path)

    check()


@pytest.mark.parametrize(("suffix", "seed"), [
    (".jsonl", b'{"id": "a", "path": "a.txt", "to": "ru"}\n{"path": "b.txt"}\n'),
    (".csv", b"id,path,src_lang,to\na,a.txt,en,\"ru,kk\"\n"),
    (".tsv", b"id\tpath\nb\tb.txt\n"),
])
def test_manifests_survive_mutations(tmp_path: Path, suffix: str, seed: bytes) -> None:
    from aligntool.formats.manifest import iter_manifest
    from aligntool.jobs.corpus.inputs import collect

    @FUZZ
    @given(data=mutated(seed))
    def check(data: bytes) -> None:
        path = tmp_path / f"docs{suffix}"
        path.write_bytes(data)
        _one_line_or_value(lambda p: collect([p]), path)
        _one_line_or_value(lambda p: list(iter_manifest(p)), path)

    check()
