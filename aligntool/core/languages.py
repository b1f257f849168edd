"""Language codes: short codes on the command line, region-qualified tags in TMX files.

OmegaT matches TMX languages on the part before ``-`` case-insensitively; Trados compares sublanguages,
so TMX files carry region-qualified tags (``ru-RU``) by default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from aligntool.core.errors import ConfigError

DEFAULT_REGIONS: dict[str, str] = {
    "en": "en-US",
    "ru": "ru-RU",
    "kk": "kk-KZ",
    "de": "de-DE",
    "fr": "fr-FR",
    "be": "be-BY",
    "hy": "hy-AM",
    "ky": "ky-KG",
    "tg": "tg-TJ",
    "uz": "uz-UZ",
}

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def base_language(tag: str) -> str:
    """``ru-RU`` → ``ru``; also accepts ``ru_RU``."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def tmx_tag(code: str, overrides: dict[str, str] | None = None) -> str:
    """The tag to write in TMX for a short code: an override, else the default region, else the code."""
    base = base_language(code)
    if overrides and base in overrides:
        return overrides[base]
    if "-" in code or "_" in code:
        return normalise_tag(code)
    return DEFAULT_REGIONS.get(base, base)


def normalise_tag(tag: str) -> str:
    """``ru_ru`` → ``ru-RU`` (BCP 47 casing); raises ConfigError for what is not a language tag."""
    tag = tag.strip().replace("_", "-")
    if not _TAG.match(tag):
        raise ConfigError(f"'{tag}' is not a language tag (expected e.g. ru or ru-RU)")
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2:
            out.append(part.upper())
        elif len(part) == 4:
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def split_language_value(item: str, form: str = "LANG=VALUE", example: str = "ru=VALUE",
                         option: str = "") -> tuple[str, str]:
    """``ru=VALUE`` → ``("ru", "VALUE")`` (the language reduced to its base code, both sides stripped).

    The one ``LANG=VALUE`` parser; a ConfigError names ``option``, the expected ``form`` and an ``example``.
    """
    code, sep, value = item.partition("=")
    if not sep or not code.strip() or not value.strip():
        where = f"{option} " if option else ""
        raise ConfigError(f"{where}'{item}': expected {form}, e.g. {where}{example}")
    return base_language(code.strip()), value.strip()


def parse_language_values(items: Iterable[str], form: str = "LANG=VALUE", example: str = "ru=VALUE",
                          option: str = "", convert: Callable[[str], str] | None = None) -> dict[str, str]:
    """``["ru=a", "kk=b"]`` → ``{"ru": "a", "kk": "b"}`` (``convert`` applied to each value); every problem
    is reported in one ConfigError."""
    result: dict[str, str] = {}
    problems: list[str] = []
    for item in items:
        try:
            lang, value = split_language_value(item, form, example, option)
            result[lang] = convert(value) if convert is not None else value
        except ConfigError as exc:
            problems.append(str(exc))
    if problems:
        raise ConfigError("; ".join(problems))
    return result


def parse_language_overrides(items: list[str]) -> dict[str, str]:
    """``["ru=ru-RU", "kk=kk-Cyrl-KZ"]`` → ``{"ru": "ru-RU", …}``; all errors reported at once."""
    return parse_language_values(items, "LANG=TAG", "ru=ru-RU", convert=normalise_tag)
