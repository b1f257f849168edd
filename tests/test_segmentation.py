"""Sentence segmentation: partition tables per language and rule family (razdel style), offsets, options.

A partition string marks the expected boundaries with ``|``: ``"Hello World.| My name is Jonas."``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.core.errors import ConfigError
from aligntool.engines.segmentation.base import JOIN, NEWLINE_MODES, SPLIT
from aligntool.engines.segmentation.resources import load_resources
from aligntool.engines.segmentation.segmenter import RuleSegmenter, segment, segmenter_signature


def check(partition: str, lang: str, newlines: str = "break") -> None:
    parts = partition.split("|")
    text = "".join(parts)
    expected = [part.strip() for part in parts if part.strip()]
    got = segment(text, lang, newlines=newlines)
    assert [s.text for s in got] == expected, list(RuleSegmenter(lang, newlines).explain(text))
    assert all(text[s.start:s.end] == s.text for s in got)


EN_ABBREVIATIONS = [
    "Mr. Smith went to Washington.| He came back.",
    "I can see Mt. Fuji from here.",
    "They closed the deal with Pitt, Briggs & Co.| It closed yesterday.",
    "Let's ask Jane and co. at the party.",
    "She works at Acme Inc. in Boston.",
    "The U.S. Army said so.",
    "I live in the U.S.| How about you?",
    "At 5 a.m. Mr. Smith went to the bank.| He left at 6 P.M.| Mr. Smith then went home.",
    "At 9 a.m. Friday, delegates met again.",
    "See Fig. 3 for details.",
    "It happened on Jan. 5 in Paris.",
    "Prof. Kortunov disagreed, i.e. he voted no.",
    "Hello world.|Today is Tuesday.|Mr. Smith went to the store and bought 1,000.|That is a lot.",
    "That is JFK Jr.'s book.",
    "Gen. Anatoly Sidorov arrived on Monday.",
]
EN_INITIALS = [
    "My name is Jonas E. Smith.",
    "We make a good team, you and I.| Did you see Albert I. Jones yesterday?",
    "Her deputy, Dr. J. R. Collins, noted it.",
    "The U.N. Security Council met.| It was the U.N.| The end.",
]
EN_NUMBERS = [
    "She has $100.00 in her bag.",
    "She has $100.00.| It is in her bag.",
    "Please turn to p. 55.",
    "The rate rose to 3.5 percent.| Then it fell.",
    "Vol. 3 covers 2002-2010.",
    "You can find it at N°. 1026.253.553.| That is where the treasure is.",
]
EN_QUOTES_BRACKETS_DASHES = [
    '"This is great." she said.',
    'She turned to him, "This is great."| She held the book out.',
    '"Why should we wait?" she asked.',
    "She turned to him, 'This is great.' she said.",
    "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
    '"[The CSTO] has positioned itself.| The organization has ties," he said.| - It is strange.',
    'They had a "common responsibility for their security”.| "The threat is unchanged," he noted.',
    "She works at Yahoo! in the accounting department.",
    "Hello!!| Long time no see.",
    "Hello?!| Is that you?",
]
EN_LISTS = [
    "1.) The first item| 2.) The second item",
    "1. The first item.| 2. The second item.",
    "1) The first item| 2) The second item",
    "• 9. The first item| • 10. The second item",
    "⁃9. The first item| ⁃10. The second item",
    "a. The first item| b. The second item| c. The third list item",
    "It was 5.| The rest were lost.",
    "The score was 2 1 in the end.| 2 of them left.",
]
EN_ELLIPSES_URLS = [
    "I never meant that....| She left the store.",
    "One habit was weakened . . . was that of compounds.| . . . The practice was not abandoned. . . .",
    "I wasn’t really ... well, what I mean...see . . . what I'm saying.",
    '"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55).',
    "Her email is Jane.Doe@example.com.| I sent her an email.",
    "The site is: https://www.example.50.com/new-site/awesome_content.html.| Please check it out.",
]
EN_SEED = [
    "According to the Ministry, the CSTO fails to cooperate with NATO|\n10.02.2022|February 9. /TASS/.| "
    "The Collective Security Treaty Organization has established contacts.",
    "Conducting peacekeeping missions|\nPankin said that the CSTO had to work.",
]

RU = [
    "Проф. Семенов выступил на семинаре.",
    "Он приехал в г. Москву.| Затем уехал.",
    "В 2010-2012 гг. Виктор посещал г. Волгоград неоднократно.",
    "Организация создана в 2002 г.| Ее штаб-квартира находится в Москве.",
    "Среди них теракт, кибератака и т. д.| Аналогичные выводы сделали эксперты.",
    "Д-р наук А. И. Семенов и др. выступали.",
    "«К чему ты готовишься? – спросила мама. – Завтра ведь выходной».",
    "«Мы готовы», – сказал он.| Затем ушел.",
    "Будет ли бюджет утвержден?| Этого никто не знает.",
    "Что дальше?| – Решение уже принято!| – Но его нужно выполнить, – возразил эксперт.",
    "Учения прошли со 2 по 6 сент. 2024 г. на полигоне.",
    "Стоимость составила 12,5 млн руб.| Это много.",
    "МОСКВА, 3 марта. /ТАСС/.| Министры встретятся в пятницу.",
    "Л.Н. Толстой написал \"Войну и мир\".| Кроме Волконских, Л. Н. Толстой состоял в родстве.",
    "Маленькая девочка бежала и кричала: «Не видали маму?».",
    "Вот список: 1.мороженое, 2.мясо, 3.рис.",
    "Едем в сторону пгт. Брагиновка, о котором мы слышали по ТВ!",
    "Это важно, т. е. Москва согласна.",
    "Страны, в т. ч. Россия, подписали документ.",
    "Это было до н. э.| В то время жили скифы.",
    "Президент США Дж. Байден прибыл в Киев.",
]
KK = [
    "Мұхитқа тікелей шыға алмайтын мемлекеттердің ішінде Қазақстан - ең үлкені.",
    "Оқушылар үйі, ауыл шаруашылығы – кім?| не?",
    "Б.з.б. 6 – 3 ғасырларда Қытай философиясы пайда болды.",
    "Ұйым 2002 ж. құрылды.| Оның штаб-пәтері Мәскеуде.",
    "Армения 2024 ж.| Ереван мәлімдеме жасады.",
    "Қазақстан Президенті Қ. Тоқаев сөз сөйледі.",
    "Бірақ оның енді не керегі бар? — деді.",
    "Сондықтан шапаныма жегізіп отырғаным! - деп, жауап береді.",
    "Келесі саммит Алматы қ. Абай даңғылында өтеді.",
    "АСТАНА. ҚазАқпарат – Министрлер жұма күні бас қосады.",
    "Бірлескен жаттығулар: 2023 ж. – 7, 2024 ж. – 9.| Оқу орталықтары: 4.",
    "Ресейдiң әлеуметтiк-экономикалық жағдайы.|XVIII ғасырдың бiрiншi ширегiнде.",
    "Хабарлады.| («Айқын», 23 сəуір 2010 жыл. № 70).",
    "Әңгіме өте қызық болды.| Үйге қайттық.| Һәм ұмытпадық.",
    "Шекаралық қақтығыс, т.б. жағдайлар, т.с.с. айтылды.",
]


@pytest.mark.parametrize("partition", EN_ABBREVIATIONS + EN_INITIALS + EN_NUMBERS)
def test_english_words_before_the_full_stop(partition: str) -> None:
    check(partition, "en")


@pytest.mark.parametrize("partition", EN_QUOTES_BRACKETS_DASHES + EN_LISTS + EN_ELLIPSES_URLS + EN_SEED)
def test_english_punctuation_lists_and_seed_quirks(partition: str) -> None:
    check(partition, "en")


@pytest.mark.parametrize("partition", RU)
def test_russian(partition: str) -> None:
    check(partition, "ru")


@pytest.mark.parametrize("partition", KK)
def test_kazakh(partition: str) -> None:
    check(partition, "kk")


@pytest.mark.parametrize(("partition", "newlines"), [
    ("Conducting peacekeeping missions|\nPankin said so.", "break"),
    ("features|\ncontact manager|\nevents, activities\n", "break"),
    ("This is a sentence\ncut off in the middle because pdf.", "break"),
    ("It was a cold \nnight in the city.", "break"),
    ("A heading|\n\nText under it.", "space"),
    ("Wrapped text goes\non here.| Next one.", "space"),
    ("Short\nlines|\n\nstay.", "space"),
])
def test_line_breaks(partition: str, newlines: str) -> None:
    check(partition, "en", newlines)


@pytest.mark.parametrize(("partition", "lang"), [
    ("Das ist gut.| Wir gehen nach Hause.", "de"),
    ("Hello there.| Fine.", "en-US"),
    ("Привет.| Пока.", "ru_RU"),
])
def test_generic_fallback_and_region_tags(partition: str, lang: str) -> None:
    check(partition, lang)


def test_bad_newlines_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="newlines"):
        segment("Hi.", "en", newlines="wrap")


def test_signature_is_short_stable_and_per_language() -> None:
    assert segmenter_signature("en") == segmenter_signature("en-US")
    assert len(segmenter_signature("en")) == 12
    assert len({segmenter_signature(lang) for lang in ("en", "ru", "kk")}) == 3


def test_tables_come_from_data_files_and_sacremoses() -> None:
    en, ru, kk = load_resources("en"), load_resources("ru"), load_resources("kk")
    assert "Mr" in en.head and "Prof" in en.head  # Moses nonbreaking_prefix.en
    assert "Co" in en.tail and "No" in en.numeric
    assert "ул" in ru.head and "г" in ru.year and "т.д" in ru.tail
    assert {"ж", "т.б", "т.с.с", "б.з.б", "млн", "млрд", "ғ"} <= kk.head | kk.tail | kk.year
    assert "д" in ru.pair_firsts and "т" in ru.pair_firsts["д"]


_ALPHABET = [*list("aAzZ eE.!?…\"'«»“”()[]-–\n\t0123456789@/:,;"), "Mr.", "U.S.", "т. д.", "ж.", "Әң", "г.", " . . ."]


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join),
       lang=st.sampled_from(["en", "ru", "kk", "de"]), newlines=st.sampled_from(NEWLINE_MODES))
def test_offsets_reconstruct_the_text(text: str, lang: str, newlines: str) -> None:
    segments = segment(text, lang, newlines=newlines)
    previous_end = 0
    for seg in segments:
        assert text[seg.start:seg.end] == seg.text
        assert seg.text and seg.text == seg.text.strip()
        assert seg.start >= previous_end
        assert text[previous_end:seg.start].strip() == ""  # nothing but space is left out
        previous_end = seg.end
    assert text[previous_end:].strip() == ""


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_explain_decides_exactly_as_segment(lang: str) -> None:
    """One dispatch: the candidates ``explain`` reports as splits are the cuts ``segment`` makes."""
    from aligntool.engines.segmentation.base import paragraphs
    from aligntool.engines.segmentation.segmenter import DEFAULT_RULE

    root = Path(__file__).resolve().parents[1]
    text = (root / "corpora" / "csto_news_en.txt").read_text(encoding="utf-8") if lang == "en" else (
        root / "tests" / "data" / f"tiny_corpus.{lang}.txt").read_text(encoding="utf-8")
    text += "\n1. First item (see p. 5). 2. Second item.\nDr. Smith met Mr. Jones at 5 p.m. on Jan. 3.\n"
    segmenter = RuleSegmenter(lang)
    explained = list(segmenter.explain(text))
    splits = {pos for pos, verdict, _ in explained if verdict == SPLIT}
    cuts = {pos for start, end in paragraphs(text) for pos in segmenter.boundaries(text, start, end)}
    assert splits == cuts
    assert {verdict for _, verdict, _ in explained} == {SPLIT, JOIN}
    names = {name for _, _, name in explained}
    assert names <= {rule.name for rule in segmenter.rules} | {DEFAULT_RULE}
    assert len(names) > 3
