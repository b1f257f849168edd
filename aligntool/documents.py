"""Reading source documents: UTF-8 (BOM and CRLF tolerated), with errors that name the file."""

from __future__ import annotations

from pathlib import Path

from aligntool.errors import InputError


def decode_document(data: bytes, path: str | Path = "<input>") -> str:
    """Decode UTF-8 bytes to text with ``\\n`` line ends; a BOM is dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: the file is UTF-16; save it as UTF-8 and try again")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8 (e.g. iconv -f cp1251 -t utf-8)"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: str | Path) -> str:
    """Read a whole text document as UTF-8."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_document(data, path)
