"""The one ``LANG=VALUE`` parser and its users (--model, --target-token, --lang-tag, glossary edits)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligntool.core.errors import ConfigError
from aligntool.core.languages import parse_language_overrides, parse_language_values, split_language_value
from aligntool.engines.terminology.edits import parse_assignment
from aligntool.engines.translation.registry import resolve_models

_CODE = st.sampled_from(["ru", "kk", "en", "RU", "ru-RU", "kk_KZ"])
_VALUE = st.text(alphabet="abcАБВ=/ .-_", min_size=1).filter(lambda v: v.strip() and v.strip()[0] != "=")


@given(_CODE, _VALUE)
def test_lang_value_round_trip(code: str, value: str) -> None:
    lang, parsed = split_language_value(f" {code} = {value}")
    assert lang == code.replace("_", "-").split("-")[0].lower()
    assert parsed == value.strip()  # the value keeps any later '=' signs


@pytest.mark.parametrize("item", ["ru", "=x", "ru=", " = ", ""])
def test_malformed_items_name_the_option_and_the_form(item: str) -> None:
    with pytest.raises(ConfigError, match=r"--model '.*': expected LANG=VALUE, e\.g\. --model ru=x"):
        split_language_value(item, "LANG=VALUE", "ru=x", "--model")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as error:
        parse_language_values(["ru", "kk=", "en=ok"], option="--x")
    assert str(error.value).count("expected LANG=VALUE") == 2
    assert parse_language_values(["ru-RU=a", "kk=b"]) == {"ru": "a", "kk": "b"}


def test_users_of_the_parser() -> None:
    assert parse_language_overrides(["ru=ru_ru", "kk=kk-cyrl-kz"]) == {"ru": "ru-RU", "kk": "kk-Cyrl-KZ"}
    with pytest.raises(ConfigError, match="'ru': expected LANG=TAG"):
        parse_language_overrides(["ru"])
    with pytest.raises(ConfigError, match=r"--model 'ru'.*--target-token 'kk'"):
        resolve_models(["ru"], ["ru"], ["kk"])
    assert resolve_models(["ru"], ["ru=/models/x"])["ru"].model == "/models/x"
    assert parse_assignment("ru=ОДКБ") == ["ru", "ОДКБ"]
    assert parse_assignment("ru=A=B=deprecated", 3) == ["ru", "A=B", "deprecated"]
    with pytest.raises(ConfigError, match="expected LANG=TEXT=STATUS"):
        parse_assignment("ru=ОДКБ", 3)
