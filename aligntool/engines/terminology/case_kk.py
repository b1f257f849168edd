"""Which cases the context leaves a Kazakh term: the rules of the case check (``wrong-case`` failures).

Kazakh governs to the left: a postposition or a verb right after the term decides which cases it can be
(data: ``data/kk_government.toml``). Given the cases a rendering can be (from the generated paradigm:
ҰҚШҰ-ға = dative), :func:`evidence` returns what the next word allows, or None when nothing is excluded:

1. **Postposition.** туралы, арқылы, бойынша, үшін take the nominative; дейін, сәйкес, байланысты the dative;
   бері, бастап, кейін the ablative; бірге the instrumental; қарсы the dative (or nominative/genitive in its
   other uses). Postpositions that are also adverbs (кейін «later») decide only when no verb form follows.
2. **Verb.** A verb form right after the term (or a few plain words further on, for the accusative and genitive
   only: Делегация Минскті ресми сапармен барды): a goal verb (барды, келді, жүгінді) leaves no room for an
   accusative or genitive, an object verb (қолдайды, талқылады, мойындамайды) none for a dative or genitive,
   шақырды none for a dative person, қатысты none for a locative body or event, a passive of giving none for an
   accusative (a group's exclusions may depend on the glossary type of the term: ``excluded_by_type``); a
   light-verb phrase (a bare noun and its verb: алғыс айтты, келіссөз жүргізді, хат алды) likewise, for the term
   before the noun; an accusative before a bare object and a verb of giving is the recipient (БҰҰ-ны баяндама
   жіберді).
3. **Possessive head.** An accusative before a possessive noun whose own verb takes no object (ҰҚШҰ-ны шешімі
   жарияланды), or before a possessive noun that is itself the object of the verb after it (Беларусьті ұсынысын
   талқылады): nothing else governs the accusative, the modifier of a possessive head is genitive or bare;
   and an accusative before a possessive noun with a case suffix (Беларусьті қамқорлығымен, ҰҚШҰ-ны атынан),
   which no verb is there to govern; a genitive before a word that carries no possessive and a verb after it
   (ҰҚШҰ Бас хатшысының хат жолдады): the genitive has nothing to modify. A dative or ablative before any possessive
   noun (bare modifiers may stand between) whose verb, a few words on, takes no such case (ҰҚШҰ-ға әскери
   белсенділігін сынады), or before a possessive noun, another dative and a verb of motion (Федерациясына
   делегациясы Минскке келді): the term modifies the noun, genitive.
4. **Clause.** An event as the subject makes өту «take place», which takes a locative place, not a dative
   (Жаттығулар Қазақстанға өтті); a verb of sending has one recipient, so a dative term right before it with a
   dative earlier in the clause is its object in the wrong case; an accusative before one or two bare words and an
   object verb has no verb left to belong to (Хатшылығын жылдық баяндама жариялады).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from aligntool.engines.terminology.context import Evidence, Token, clause_start, load_rules

#: Kazakh case names (the labels of :func:`aligntool.engines.terminology.morphology_kk.labelled_phrase_forms`).
KK_CASES = frozenset({"nom", "gen", "dat", "acc", "loc", "abl", "ins", "attr"})


def rules() -> dict[str, Any]:
    """The government tables (``data/kk_government.toml``)."""
    return load_rules("kk_government.toml")


#: A verb group: its name, the cases it excludes before it, those it excludes for a term of a given glossary type
#: instead (``excluded_by_type``), and the case of its complement.
VerbGroup = tuple[str, frozenset[str], tuple[tuple[str, frozenset[str]], ...], str]


@functools.lru_cache(maxsize=1)
def _verb_groups() -> list[tuple[tuple[str, ...], VerbGroup]]:
    groups = []
    for name, group in rules()["verbs"].items():
        if isinstance(group, dict):
            by_type = tuple((kind, frozenset(cases)) for kind, cases in group.get("excluded_by_type", {}).items())
            groups.append((tuple(group["stems"]), (name, frozenset(group["excluded"]), by_type, str(group["suggest"]))))
    return groups


def ruled_out(group: VerbGroup, entry_type: str) -> frozenset[str]:
    """The cases ``group`` leaves no room for before it, for a term of ``entry_type``."""
    return dict(group[2]).get(entry_type, group[1])


def _endings() -> frozenset[str]:
    return frozenset(rules()["verbs"]["endings"])


@functools.lru_cache(maxsize=8192)
def verb_group(word: str) -> VerbGroup | None:
    """The verb group of a word form (stem + verb ending), or None."""
    return _group_of(word, _endings())


def _group_of(word: str, endings: frozenset[str], shortest_stem: int = 1) -> VerbGroup | None:
    """The first verb group one of whose stems (of ``shortest_stem`` letters or more) ``word`` is, with one of
    ``endings``."""
    for stems, group in _verb_groups():
        if _verb_form_of(word, tuple(stem for stem in stems if len(stem) >= shortest_stem), endings):
            return group
    return None


def _verb_form_of(word: str, stems: tuple[str, ...], endings: frozenset[str] | None = None) -> bool:
    """``word`` is one of ``stems`` with one of ``endings`` (default: a verb ending, ``[verbs] endings``)."""
    lower = word.lower()
    endings = _endings() if endings is None else endings
    return any(lower.startswith(stem) and lower[len(stem):] in endings for stem in stems)


#: A light-verb phrase's verb stems, its verb endings (None: every verb ending), the cases it excludes before the noun,
#: those it excludes for a term of a given glossary type instead, and the case it governs.
_Phrase = tuple[str, tuple[str, ...], frozenset[str] | None, frozenset[str], dict[str, frozenset[str]], str]


@functools.lru_cache(maxsize=1)
def _phrase_nouns() -> dict[str, list[_Phrase]]:
    nouns: dict[str, list[_Phrase]] = {}
    for name, group in rules()["phrases"].items():
        endings = frozenset(group["endings"]) if "endings" in group else None  # None: every verb ending
        by_type = {kind: frozenset(cases) for kind, cases in group.get("excluded_by_type", {}).items()}
        for noun, stems in group["nouns"].items():
            nouns.setdefault(noun, []).append((name, tuple(stems), endings, frozenset(group["excluded"]), by_type,
                                               str(group["suggest"])))
    return nouns


def phrase_group(noun: str, verb: str, entry_type: str = "") -> tuple[str, frozenset[str], str] | None:
    """The light-verb phrase a bare noun and the verb form after it make (алғыс айтты): its name, the cases it
    leaves no room for before the noun (for a term of ``entry_type``) and the case it governs; or None."""
    for name, stems, endings, excluded, by_type, suggest in _phrase_nouns().get(noun.lower(), ()):
        if _verb_form_of(verb, stems, endings if endings is not None else _phrase_endings()):
            return name, by_type.get(entry_type, excluded), suggest
    return None


@functools.lru_cache(maxsize=1)
def _phrase_endings() -> frozenset[str]:
    """The endings of a light verb: every verb ending, and the passive ones (көмек көрсетіледі «help is given»)."""
    passive = frozenset(e[len(prefix):] for e in rules()["verbs"]["passive_endings"] for prefix in ("ы", "і")
                        if e.startswith(prefix))
    return _endings() | frozenset(rules()["verbs"]["passive_endings"]) | passive


def _verb_like(word: str) -> bool:
    """Ends like a verb form (or an accusative noun, which ends the same way): no postposition reading."""
    lower = word.lower()
    return any(lower.endswith(ending) and len(lower) > len(ending) + 1 for ending in _endings()) \
        and not lower.endswith(tuple(rules()["verbs"]["plural_endings"]))


def _possessive(word: str) -> bool:
    """Ends in the 3rd-person possessive (шешімі, хатшысы, ұстанымы), and is not a verb form."""
    return len(word) > 3 and word[-1] in "ыі" and verb_group(word) is None


def _possessive_object(word: str) -> bool:
    """A noun in the 3rd-person possessive accusative (ұсынысын, шешімін, баяндамасын), not a verb form."""
    lower = word.lower()
    return len(lower) > 4 and lower[-2:] in ("ын", "ін") and verb_group(word) is None and not _verb_like(word)


def _possessive_like(word: str) -> bool:
    """Could carry the 3rd-person possessive, bare or with a case (шешімі, ұсынысын, штабына): a genitive may
    modify it."""
    lower = word.lower()
    return lower[-1:] in ("ы", "і") or lower[-2:] in ("ын", "ін") or _cased_possessive(word) \
        or lower.endswith(tuple(rules()["possessive_head"]["locative_endings"]))


def _cased_possessive(word: str) -> bool:
    """A noun in the 3rd-person possessive with a case suffix (штабына, атынан, қамқорлығымен), not a verb form."""
    lower = word.lower()
    return any(lower.endswith(e) and len(lower) > len(e) + 1 for e in rules()["possessive_head"]["endings"]) \
        and verb_group(word) is None


def evidence(tokens: tuple[Token, ...], first: int, last: int, found: frozenset[str],
             entry_type: str) -> Evidence | None:
    """What excludes every case in ``found`` for the rendering ``tokens[first:last + 1]``, or None."""
    after = _past_adverbs(tokens, last + 1)
    if not found or after >= len(tokens) or not tokens[after].word:
        return None
    word = tokens[after].lower
    following = tokens[after + 1] if after + 1 < len(tokens) and tokens[after + 1].word else None
    table = rules()["postpositions"]
    if word in table:
        spec = table[word]
        if spec.get("adverb") and (following is None or _verb_like(following.text)):
            return None
        if following is not None and any(following.lower.startswith(s) for s in spec.get("unless_next", ())):
            return None
        if "only_next" in spec and (following is None
                                    or not following.lower.startswith(tuple(spec["only_next"]))):
            return None
        allowed = frozenset(spec["cases"])
        if found <= {"gen"} and "gen" in allowed and (following is None or not _possessive_like(following.text)):
            allowed -= {"gen"}  # the genitive reading needs a possessive after it (Ресейдің қарсы шаралары)
        return None if found & allowed else Evidence(allowed, f"before «{tokens[after].text}»", "postposition")
    dual = rules()["verb_or_postposition"].get(word)
    if dual is not None and following is not None and following.text[:1].islower() \
            and following.lower not in dual["not_before"] and verb_group(following.lower) is None \
            and not found & set(dual["cases"]):  # Арменияда қатысты мәлімдеме → Арменияға
        return Evidence(frozenset(dual["cases"]), f"before «{tokens[after].text} {following.text}»", "postposition")
    modified = _past_modifiers(tokens, after)  # the first word after the term's bare modifiers
    head = after + 1 if following is not None and _oblique(tokens[after]) else modified
    if head + 1 < len(tokens) and tokens[head + 1].word and found <= {"acc"} and _possessive(tokens[head].lower) \
            and tokens[head].text[:1].islower() and not _verbal_noun_group(tokens[head].lower):
        if _later_object(tokens, head + 1):  # Кеңесін төрағасы отырысты ашты: the verb's object comes later
            return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[head].text}» (a possessive noun, and the "
                            f"verb's object «{tokens[head + 1].text}» after it)", "possessive-head", prefer="gen")
        if _earlier_object(tokens, first):  # Мәлімдемені Министрлігін баспасөз қызметі таратты: one object only
            return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[head].text}» (a possessive noun, and the "
                            "clause has its object)", "possessive-head", prefer="gen")
        ahead = _verb_ahead(tokens, head + 1, stop_at_possessive=False)
        group = ahead[1] if ahead is not None else None
        if group is not None and "acc" in group[1]:
            return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[head].text} {tokens[head + 1].text}» (a "
                            "possessive head whose verb takes no object)", "possessive-head", prefer="gen")
        if group is not None and ahead is not None and group[0] in rules()["possessive_head"]["object_groups"] and (
                (_bare_object(tokens[ahead[0] - 1]) and ahead[0] - 1 > head) or _earlier_object(tokens, first)):
            return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[head].text} {tokens[head + 1].text}» (a "
                            "possessive head whose verb has its object)", "possessive-head", prefer="gen")
    head = modified  # НАТО-ны әскери белсенділігін сынады
    if head + 1 < len(tokens) and tokens[head + 1].word and found <= {"acc"} and _possessive_object(tokens[head].lower):
        group = verb_group(tokens[_past_adverbs(tokens, head + 1)].lower)  # қонақжайлығын жоғары бағалады
        if group is not None and "dat" in group[1] and "acc" not in group[1]:
            return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[head].text} {tokens[head + 1].text}» (the "
                            "verb's object is the possessive noun)", "possessive-head", prefer="gen")
    if found <= {"dat", "abl", "loc", "ins"} and entry_type in rules()["possessive_head"]["part_types"] \
            and _part_noun(word):
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text}» (a possessive noun naming a part or "
                        "meeting of the term, whose modifier is genitive or bare)", "possessive-head", prefer="gen")
    if following is not None and found <= {"dat", "abl"} and _plain_head(word) \
            and (verb := verb_group(following.lower)) is not None and found <= ruled_out(verb, entry_type):
        return Evidence(frozenset({"gen", "nom", "attr"}), f"before «{tokens[after].text} {following.text}» (a noun "
                        "that takes no such complement, and a verb that does not either)", "possessive-head",
                        prefer="gen")
    if found <= {"dat", "abl", "loc", "ins", "acc"} and _located_head(tokens[after]):  # Тәжікстанға шекарасындағы
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text}» (a possessive noun in the locative, "
                        "whose modifier is genitive or bare)", "possessive-head", prefer="gen")
    if found <= {"dat", "abl"} and (izafet := _izafet_without_verb(tokens, first, after, found, entry_type)):
        return Evidence(frozenset({"gen", "nom", "attr"}), f"before «{izafet}» (a possessive noun, and a verb that "
                        "takes no such complement)", "possessive-head", prefer="gen")
    if found <= {"dat", "abl", "loc", "ins"} and following is not None and tokens[after].text[:1].islower() \
            and _izafet_head(word) and rules()["postpositions"].get(following.lower, {}).get("cases") == ["nom"]:
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text} {following.text}» (a possessive "
                        "noun and its postposition, which nothing before can depend on)", "possessive-head",
                        prefer="gen")
    head = modified
    if found <= {"acc"} and head + 2 < len(tokens) and tokens[head].text[:1].islower() \
            and (_izafet_head(tokens[head].lower) or tokens[head].lower.endswith(("уы", "уі"))) \
            and tokens[head + 1].lower in table \
            and _takes_no_object(tokens, head + 2, entry_type):  # Тасмағамбетовті көпжылдық жұмысы үшін алғыс айтты
        return Evidence(KK_CASES - {"acc"}, f"before «{tokens[head].text} {tokens[head + 1].text}» and a verb that "
                        "takes no object", "possessive-head", prefer="dat", excluded=found)
    if found <= {"dat"} and tokens[after].text[:1].islower() and _izafet_head(word) \
            and word.endswith(tuple(rules()["possessive_head"]["possessive_dative_endings"])):
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text}» (a possessive noun in the dative: "
                        "one dative, the term its modifier)", "possessive-head", prefer="gen")
    if found <= {"dat"} and following is not None and _oblique(tokens[after]) \
            and tokens[after].lower.endswith(tuple(rules()["possessive_head"]["dative_endings"])) \
            and following.text[:1].islower() and _possessive_like(following.text) \
            and following.lower.startswith(tuple(rules()["possessive_head"]["own_dative"])) \
            and (ahead := _verb_ahead(tokens, after + 2, stop_at_possessive=False, clause_of=first)) is not None \
            and "dat" in ruled_out(ahead[1], entry_type):
        # министріне Астанаға сапары … басталды: сапар has its dative, the verb takes none
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text} {following.text}» (the noun has "
                        "its own dative, and the verb takes none)", "possessive-head", prefer="gen")
    if found <= {"dat", "abl"} and following is not None and any(
            word.startswith(noun) and _possessive_like(tokens[after].text)
            and following.lower.startswith(tuple(verbs))
            for noun, verbs in rules()["possessive_head"]["izafet_pairs"].items()):
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text} {following.text}» (whose "
                        "possessor is genitive)", "possessive-head", prefer="gen")  # Тасмағамбетовке сөзін келтірді
    if found <= {"dat", "abl", "ins"} and following is not None and word in rules()["possessive_head"]["plain_heads"] \
            and following.lower in rules()["possessive_head"]["state_predicates"]:  # аймағынан жағдай тұрақты
        return Evidence(frozenset({"gen", "loc", "attr", "nom"}), f"before «{tokens[after].text} {following.text}» "
                        "(a noun and its state, which take no such complement)", "possessive-head", prefer="attr")
    if found <= {"dat"} and (second := _second_dative(tokens, after)) is not None:
        return Evidence(frozenset({"gen", "nom"}), f"before «{second}» (the verb's goal is the later dative; the "
                        "term modifies the possessive noun)", "possessive-head", prefer="gen")
    if following is not None and found <= {"acc"} and _plain_head(word) \
            and (verb := verb_group(following.lower)) is not None \
            and verb[0] in rules()["possessive_head"]["object_groups"]:  # Беларусьті жағдайды талқылады
        return Evidence(frozenset({"gen", "nom", "attr"}), f"before «{tokens[after].text} {following.text}» (the "
                        "verb's object is the noun after the term)", "possessive-head", prefer="gen")
    if found <= {"dat", "abl", "loc", "ins", "acc"} and word in rules()["second_subject"]["conjunctions"] \
            and after + 2 < len(tokens) and tokens[after + 2].lower in rules()["possessive_head"]["relational"]:
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after + 2].text}», joined by "
                        f"«{tokens[after].text}» (a relational noun, whose modifiers are genitive or bare)",
                        "possessive-head", prefer="nom")
    if found <= {"dat", "abl", "loc", "ins", "acc"} and word in rules()["possessive_head"]["relational"]:
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text}» (a relational noun, whose "
                        "modifier is genitive or bare)", "possessive-head", prefer="nom")
    if found <= {"acc"} and following is not None \
            and word.endswith(tuple(rules()["possessive_head"]["locative_endings"])) \
            and _takes_no_object(tokens, after + 1, entry_type):  # клубын отырысында сөз сөйледі
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text} {following.text}» (a possessive "
                        "noun, and a verb that takes no object)", "possessive-head", prefer="gen")
    if found <= {"dat"} and (recipient := _earlier_dative(tokens, first, after)) is not None:
        return Evidence(KK_CASES - {"dat", "gen"}, f"before the verb «{tokens[after].text}», whose recipient is "
                        f"«{recipient}»", "verb-second-dative", prefer="acc", excluded=found)
    if found <= {"acc"} and _cased_possessive(word) and not _object_across(following):
        return Evidence(frozenset({"gen", "nom"}), f"before «{tokens[after].text}» (a possessive noun that no "
                        "accusative can depend on)", "possessive-head", prefer="gen")
    if following is not None and found <= {"gen"} and not _possessive_like(word) and verb_group(word) is None:
        group = verb_group(following.lower)
        if group is not None:
            return Evidence(KK_CASES - {"gen"}, f"before «{tokens[after].text} {following.text}» (no possessive noun "
                            "for a genitive to modify)", "genitive-head", prefer=group[3], excluded=frozenset({"gen"}))
        if tokens[after].text[:1].islower() and table.get(following.lower, {}).get("cases") == ["nom"] \
                and not (after + 2 < len(tokens) and _izafet_head(tokens[after + 2].lower)):
            # (not when the possessive head follows the postpositional phrase: Панкиннің … туралы мәлімдемесі)
            return Evidence(KK_CASES - {"gen"}, f"before «{tokens[after].text} {following.text}» (no possessive noun "
                            "for a genitive to modify)", "genitive-head", prefer="attr", excluded=frozenset({"gen"}))
    if found <= {"gen"} and following is not None and _bare_object(tokens[after]) \
            and not _possessive_like(tokens[after].text) and following.text[:1].islower() \
            and following.lower.endswith(tuple(rules()["second_subject"]["finite_endings"] + ["ып", "іп"])) \
            and not _possessive_like(following.text):  # БҰҰ-ның ынтымақтастық дамып келеді
        return Evidence(KK_CASES - {"gen"}, f"before «{tokens[after].text} {following.text}» (no possessive noun "
                        "for a genitive to modify)", "genitive-head", prefer="ins", excluded=frozenset({"gen"}))
    if found <= {"gen"} and _passive_form(tokens[after]):  # күштерінің тартылды
        return Evidence(KK_CASES - {"gen"}, f"before the verb «{tokens[after].text}» (no possessive noun for a "
                        "genitive to modify)", "genitive-head", prefer="nom", excluded=frozenset({"gen"}))
    if found <= {"gen"} and (verb_at := _genitive_orphan(tokens, after)) is not None:  # миссиясының тағы … ұзартылды
        return Evidence(KK_CASES - {"gen"}, f"before the verb «{tokens[verb_at].text}» with no possessive noun "
                        "between (nothing for a genitive to modify)", "genitive-head", prefer="nom",
                        excluded=frozenset({"gen"}))
    if found <= {"gen", "acc"} and (phrase_at := _phrase_without_head(tokens, after, entry_type)) is not None:
        text, excluded = phrase_at
        if found <= {"gen"}:
            return Evidence(KK_CASES - {"gen"}, f"before «{text}» (no possessive noun for a genitive to modify)",
                            "genitive-head", prefer="nom", excluded=frozenset({"gen"}))
        if "acc" in excluded:  # Ресей Беларусьті келісімге қол қойды: қол is the phrase's object
            return Evidence(KK_CASES - excluded, f"before «{text}», which takes no other object", "phrase-object",
                            prefer="ins", excluded=found)
    if following is not None and (phrase := phrase_group(word, following.text, entry_type)) is not None:
        name, excluded, suggest = phrase
        return None if found & (KK_CASES - excluded) else Evidence(
            KK_CASES - excluded, f"before «{tokens[after].text} {following.text}»", f"phrase-{name}", prefer=suggest,
            excluded=found)
    group = _clause_verb(tokens, first, after)
    if group is not None and found <= {"gen"} and _participle_before_head(tokens, after):
        group = None  # кеңесінің өткен жылғы жұмысын: a participle modifies a noun the genitive may belong to
    if group is not None:
        name, suggest = group[0], group[3]
        if found <= {"acc"} and name in rules()["second_object"]["groups"] \
                and (object_word := _earlier_object(tokens, first)) is not None:
            return Evidence(KK_CASES - {"acc", "gen"}, f"before the verb «{tokens[after].text}», whose object is "
                            f"«{object_word}»", "verb-recipient", prefer="dat", excluded=found)
        if found <= {"acc"} and name in rules()["possessive_head"]["object_groups"] \
                and (object_word := _earlier_object(tokens, first)) is not None:  # Елшіні … орынбасарын қабылдады
            return Evidence(KK_CASES - {"acc", "gen"}, f"before the verb «{tokens[after].text}», whose object is "
                            f"«{object_word}»", "verb-second-object", prefer="nom", excluded=found)
        allowed = KK_CASES - ruled_out(group, entry_type)
        if found <= {"nom"} and name in rules()["second_subject"]["groups"] \
                and word.endswith(tuple(rules()["second_subject"]["finite_endings"])) \
                and (subject := _subject_before(tokens, first)) is not None:
            allowed -= {"nom"}  # Бас хатшы ресми сапармен Қырғызстан келді: the verb has its subject
            if not found & allowed:
                return Evidence(allowed, f"before the verb «{tokens[after].text}», whose subject is «{subject}»",
                                "verb-second-subject", prefer="acc" if suggest == "nom" else suggest, excluded=found)
        return None if found & allowed else Evidence(allowed, f"before the verb «{tokens[after].text}»",
                                                     f"verb-{name}", prefer=suggest, excluded=found)
    if found <= {"acc"} and (recipient_at := _object_then_giving(tokens, after)) is not None:
        return Evidence(KK_CASES - {"acc", "gen"}, f"before «{tokens[recipient_at].text}», whose object is "
                        f"«{tokens[recipient_at - 1].text}»", "verb-recipient", prefer="dat", excluded=found)
    if found <= {"acc"} and (objects := _bare_objects(tokens, after)) is not None:
        end, verb = objects
        text = " ".join(t.text for t in tokens[after:end + 1])
        if verb[0] in rules()["second_object"]["groups"]:
            return Evidence(KK_CASES - {"acc", "gen"}, f"before «{text}», whose object is «{tokens[end - 1].text}»",
                            "verb-recipient", prefer="dat", excluded=found)
        if verb[0] in rules()["possessive_head"]["object_groups"]:  # ҰҚШҰ Хатшылығын жылдық баяндама жариялады
            return Evidence(KK_CASES - {"acc", "gen"}, f"before «{text}», whose object is «{tokens[end - 1].text}»",
                            "verb-second-object", prefer="nom", excluded=found)
    if found <= {"acc"} and following is not None and tokens[after].text.islower() and word.endswith(("у", "ю")) \
            and (bare := _bare_verbal_noun_group(word)) is not None and "acc" in bare[1] \
            and (ahead := _verb_ahead(tokens, after + 1, stop_at_possessive=False, clause_of=first)) is not None \
            and "acc" in ahead[1][1]:
        # Рыженковты кездесу өтті: the verbal noun takes no object, and the verb after it none either
        return Evidence(KK_CASES - {"acc"}, f"before the verbal noun «{tokens[after].text}», which takes no object",
                        f"verb-{bare[0]}", prefer=bare[3], excluded=found)
    if found <= {"nom"} and tokens[last].lower.endswith(("ы", "і")) and _later_object(tokens, after) \
            and (subject := _subject_before(tokens, first)) is not None:
        # Шекара қызметтері ҰҚШҰ жауапкершілік аймағы бақылауды күшейтті: the clause has its subject and its object,
        # and a possessive term cannot be the bare modifier of the object
        return Evidence(KK_CASES - {"nom"}, f"between the subject «{subject}» and the object «{tokens[after].text}»",
                        "second-subject", prefer="gen", excluded=found)
    if found <= {"dat"} and (adjunct := _instrumental_adjunct(tokens, after)) is not None:
        # Республикасына Тәуелсіздік күнімен құттықтады: the occasion, then a verb with no dative
        position, group = adjunct
        return Evidence(KK_CASES - ruled_out(group, entry_type), f"before the verb «{tokens[position].text}»",
                        f"verb-{group[0]}", prefer=group[3], excluded=found)
    noun_group = _verbal_noun_group(word)
    if noun_group is None and following is not None and following.lower in table and tokens[after].text.islower() \
            and word.endswith(("у", "ю")) and found <= {"dat", "acc"}:  # күштеріне нығайту туралы
        noun_group = _bare_verbal_noun_group(word)
        if noun_group is not None and found <= ruled_out(noun_group, entry_type):
            return Evidence(KK_CASES - ruled_out(noun_group, entry_type),
                            f"before the verbal noun «{tokens[after].text}»", f"verb-{noun_group[0]}",
                            prefer=noun_group[3], excluded=found)
        noun_group = None
    if noun_group is not None and found <= {"gen"} and tokens[after].text.islower() \
            and not word.endswith(("уын", "уін", "уына", "уіне", "уы", "уі")):
        # миссиясының жіберуді мақұлдады: a verbal noun without a possessive has nothing for a genitive to modify
        return Evidence(KK_CASES - {"gen"}, f"before «{tokens[after].text}» (a verbal noun with no possessive)",
                        "genitive-head", prefer=noun_group[3], excluded=found)
    if noun_group is not None and found <= {"ins"} and found <= ruled_out(noun_group, entry_type):
        return Evidence(KK_CASES - ruled_out(noun_group, entry_type), f"before «{tokens[after].text}» (a verbal noun "
                        "that takes no such complement)", f"verb-{noun_group[0]}", prefer=noun_group[3], excluded=found)
    if noun_group is not None and found <= {"acc"} and "acc" in noun_group[1]:
        return Evidence(KK_CASES - {"acc"}, f"before «{tokens[after].text}» (a verbal noun that takes no object)",
                        f"verb-{noun_group[0]}", prefer=noun_group[3], excluded=found)
    across = _verb_across(tokens, first, after, found, entry_type)
    if across is None and found <= {"loc"} and entry_type in rules()["person_locative"]["types"] \
            and not _existential(tokens, after):  # Журналистер Тасмағамбетовте … сұрады
        return Evidence(KK_CASES - {"loc"}, "in a clause of neither having nor being (a person is no place)",
                        "person-locative", prefer="dat", excluded=found)
    return across


def _past_adverbs(tokens: tuple[Token, ...], after: int) -> int:
    """The first word from ``after`` on that is not an adverb or a two-word adverbial (``[adverbs]``): an adverb
    governs nothing, so the rules read the word after it."""
    table = rules()["adverbs"]
    while after + 1 < len(tokens) and tokens[after].word and tokens[after + 1].word:
        if tokens[after].lower in table["words"]:
            after += 1
        elif after + 2 < len(tokens) and tokens[after + 2].word and any(
                tokens[after].lower == first and tokens[after + 1].lower.startswith(second)
                for first, second in table["phrases"]):
            after += 2
        else:
            break
    return after


@functools.lru_cache(maxsize=4096)
def _plain_head(word: str) -> bool:
    """``word`` is one of ``[possessive_head] plain_heads`` in the accusative (шешімін, жағдайды, қорытындыларын)."""
    table = rules()["possessive_head"]
    return any(word.startswith(stem) and word[len(stem):] in table["plain_head_endings"]
               for noun in table["plain_heads"] for stem in _stems(noun))


@functools.lru_cache(maxsize=4096)
def _part_noun(word: str) -> bool:
    """``word`` is one of ``[possessive_head] part_nouns`` in the 3rd-person possessive (сессиясы, депутаттары,
    штабына, мандаты)."""
    table = rules()["possessive_head"]
    pattern = _part_suffixes(table["part_suffixes"])
    return any(word.startswith(stem) and pattern.match(word[len(stem):])
               for noun in table["part_nouns"] for stem in _stems(noun))


def _stems(noun: str) -> tuple[str, ...]:
    """A noun's stem as it stands and, where its last consonant voices before a vowel suffix (к, қ, п: елшілік →
    елшілігі, хатшылық → хатшылығы), voiced."""
    voiced = noun[:-1] + _VOICED[noun[-1]] if noun[-1:] in _VOICED else ""
    return (noun, voiced) if voiced else (noun,)


_VOICED = {"к": "г", "қ": "ғ", "п": "б"}


@functools.lru_cache(maxsize=1)
def _part_suffixes(expression: str) -> re.Pattern[str]:
    return re.compile(expression)


def _passive_form(token: Token) -> bool:
    """A lower-case word of seven letters or more with a passive ending (таныстырылды, тартылды), or of ten or more
    with one after a vowel stem (жинақталды, мақұлданды): shorter ones are too often an active stem in -л (білді
    «knew», біледі «knows») or an accusative noun (генералды)."""
    lower = token.lower
    return token.text[:1].islower() and (
        (len(lower) >= 7 and lower.endswith(tuple(rules()["verbs"]["passive_endings"])))
        or (len(lower) >= 10 and lower.endswith(tuple(rules()["verbs"]["long_passive_endings"]))))


#: A verb outside the groups known as a passive by its ending (таныстырылды): it has no object.
_PASSIVE: VerbGroup = ("passive", frozenset({"acc", "gen"}), (), "nom")


def _verb_group_of(token: Token) -> VerbGroup | None:
    """The verb group of a word form, or :data:`_PASSIVE` for a passive outside the groups known by its ending."""
    group = verb_group(token.lower)
    return _PASSIVE if group is None and _passive_form(token) else group


def _clause_verb(tokens: tuple[Token, ...], first: int, position: int) -> VerbGroup | None:
    """The verb group of the word at ``position``, read as ``[venue]`` (өтті «took place»: no dative) when it is a
    form of the venue verb and an event noun before the term at ``first`` is the clause's subject."""
    group = _verb_group_of(tokens[position])
    if group is _PASSIVE:
        return group  # таныстырылды: a passive has no object
    venue = rules()["venue"]
    holding = rules()["holding"]
    if group is not None and position > 0 and _verb_form_of(tokens[position].text, tuple(holding["stems"])) \
            and tokens[position - 1].lower.startswith(tuple(venue["events"])):
        return "holding", frozenset(holding["excluded"]), (), str(holding["suggest"])  # пленарлық отырыс өткізеді
    if group is None or not _verb_form_of(tokens[position].text, tuple(venue["stems"])):
        return group
    suffixes = _part_suffixes(venue["subject_suffixes"])
    # the event may follow the term (күштеріне жаттығулары … өтті)
    for index in range(clause_start(tokens, first), position):
        token = tokens[index]
        if index == first or not token.word:
            continue
        if any(token.lower.startswith(event) and suffixes.match(token.lower[len(event):]) for event in venue["events"]):
            return "venue", frozenset(venue["excluded"]), (), str(venue["suggest"])
    return group


def _takes_no_object(tokens: tuple[Token, ...], position: int, entry_type: str) -> bool:
    """The verb form or light-verb phrase at ``position`` leaves no room for an accusative before it."""
    if position >= len(tokens) or not tokens[position].word:
        return False
    group = verb_group(tokens[position].lower)
    if group is not None:
        return "acc" in ruled_out(group, entry_type)
    following = tokens[position + 1] if position + 1 < len(tokens) and tokens[position + 1].word else None
    phrase = phrase_group(tokens[position].lower, following.text, entry_type) if following is not None else None
    return phrase is not None and "acc" in phrase[1]


def _earlier_dative(tokens: tuple[Token, ...], first: int, after: int) -> str | None:
    """A verb of giving or sending right after the term at ``first`` and a dative noun earlier in its clause (ҰҚШҰ
    Қазақстанға бітімгершілік күштерге жіберді): the verb has its one recipient, so the term is its object, not a
    second dative. Returns the earlier dative, or None."""
    group = verb_group(tokens[after].lower)
    if group is None or group[0] not in rules()["second_object"]["groups"]:
        return None
    endings = tuple(rules()["possessive_head"]["dative_endings"])
    for token in reversed(tokens[:first]):
        if not token.word or _verb_like(token.text) or verb_group(token.lower) is not None:
            return None
        if token.lower.endswith(endings) and not _verbal_noun(token) and len(token.lower) > 3:
            return token.text
    return None


def _genitive_orphan(tokens: tuple[Token, ...], after: int) -> int | None:
    """The position of a finite verb reached from ``after`` within four words, across words none of which a genitive
    could modify (no possessive-like word, postposition, participle or anything else ending like a verb form); None
    otherwise."""
    for position in range(after, min(after + 4, len(tokens))):
        token = tokens[position]
        if not token.word:
            return None
        lower = token.lower
        if token.text[:1].islower() and (verb_group(lower) is not None or _passive_form(token)):
            if _participle_before_head(tokens, position):
                return None  # 2027 жылға арналған жоспарларын: a participle inside the noun phrase
            return position if position > after else None  # right after the term: the rules above
        if lower in rules()["numerals"]["words"] or token.text.isdigit():
            continue  # бір, алты, 2024: a numeral modifies the noun after it
        if _possessive_like(token.text) or _verb_like(token.text) or lower in rules()["postpositions"] \
                or _verbal_noun(token) or _attributive(token):
            return None
    return None


def _participle_before_head(tokens: tuple[Token, ...], position: int) -> bool:
    """A participle at ``position`` (өткен, арналған, қолдайтын) and a possessive noun within three words after it
    (өткен жылғы жұмысын): the participle is inside a noun phrase whose head a genitive before it may modify (not
    «Арменияның келген бақылаушылар», whose noun has no possessive)."""
    if not tokens[position].lower.endswith(tuple(rules()["verbs"]["participle_endings"])):
        return False
    for token in tokens[position + 1:position + 4]:
        if not token.word or verb_group(token.lower) is not None or _verb_like(token.text):
            return False  # the clause's verb (қатыспады) before any possessive noun
        if _possessive_like(token.text) and not _attributive(token):
            return True
    return False


def _existential(tokens: tuple[Token, ...], after: int) -> bool:
    """A word of having or being (бар, жоқ, болды …) from ``after`` to the end of the clause."""
    words = rules()["person_locative"]["existential"]
    for token in tokens[after:]:
        if not token.word:
            return token.text not in ".;!?"  # a comma may end a subordinate clause: look no further, allow
        if token.lower in words:
            return True
    return False


def _subject_before(tokens: tuple[Token, ...], first: int) -> str | None:
    """The clause's subject before the term at ``first``: its first word, bare (no case, no verb ending), not an
    adverb, a numeral or a time word, with at least one word between it and the term unless it is a surname
    (Тасмағамбетов Кеңесі баяндама ұсынды); None when there is none, when a conjunction joins it to the term, or when
    it heads a time expression (Келесі жылы). A glossary term is definite, so a bare one right after the subject and
    before the verb is neither its subject nor its object (an object would be accusative)."""
    table = rules()["second_subject"]
    start = clause_start(tokens, first)
    if start >= first or tokens[start].lower in table["not_subjects"] or tokens[start].text.isdigit():
        return None
    candidate = tokens[start]
    lower = candidate.lower
    if lower in rules()["adverbs"]["words"] or lower in rules()["numerals"]["words"] or _oblique(candidate) \
            or lower.endswith(tuple(rules()["second_object"]["case_endings"][:-4])) or _verb_like(candidate.text) \
            or verb_group(lower) is not None:
        return None  # case-marked, possessive or verb-like: no bare subject
    time_word = tokens[start + 1] if start + 1 < first else None
    if lower.startswith(tuple(table["time_nouns"])) or (
            time_word is not None and time_word.lower.startswith(tuple(table["time_nouns"]))
            and (_possessive_like(time_word.text) or _oblique(time_word))):
        return None  # Дүйсенбі күні, Қараша айында, Жазда: a time expression, no subject
    between = [t.lower for t in tokens[start + 1:first]]
    if any(word in table["conjunctions"] for word in between):
        return None
    if any(word.endswith(("ны", "ні", "ды", "ді", "ты", "ті")) and verb_group(word) is None
           for word in [lower, *between]):
        return None  # Модельдік заңды …: the clause opens with its object, not its subject
    if not between and not lower.endswith(tuple(table["surname_endings"])):
        return None  # directly before the term: it may be the term's own modifier
    return candidate.text


def _later_object(tokens: tuple[Token, ...], position: int) -> bool:
    """A lower-case noun with an accusative ending at ``position`` and a verb-like word right after it (отырысты
    ашты): the clause's object."""
    for noun_at in (position, position + 1):  # a bare modifier may stand first (сапар күнін растады)
        if noun_at + 1 >= len(tokens) or not tokens[noun_at].word or not tokens[noun_at + 1].word:
            return False
        noun, verb = tokens[noun_at], tokens[noun_at + 1]
        if noun.text[:1].islower() and noun.lower.endswith(tuple(rules()["second_object"]["accusative_endings"]
                                                                  + ["ды", "ді", "ты", "ті", "ын", "ін"])) \
                and verb_group(noun.lower) is None and not _verb_like(noun.text[:-2]) \
                and (verb_group(verb.lower) is not None or _verb_like(verb.text)):  # not қолдайтынын, a participle
            return True
        lower = tokens[noun_at].lower
        if not tokens[noun_at].text[:1].islower() or verb_group(lower) is not None \
                or lower.endswith(tuple(rules()["second_object"]["case_endings"])):
            return False  # only a bare word may stand first (сапар, though it ends like an aorist)
    return False


def _oblique(token: Token) -> bool:
    """A word in the dative, locative or ablative (Қырғызстанға, Мәскеуде), not a verb form: it depends on a word
    further on, so a possessive noun after it may still head an izafet with the word before it."""
    lower = token.lower
    return token.word and lower.endswith(tuple(rules()["possessive_head"]["oblique_endings"])) \
        and verb_group(lower) is None and not _verb_like(token.text)


def _past_modifiers(tokens: tuple[Token, ...], after: int) -> int:
    """The first word from ``after`` on that is not a lower-case modifier (at most three): a bare word (әскери,
    жылдық) or an attributive form (маңындағы, шекарадағы)."""
    for position in range(after, after + 3):
        if position + 1 >= len(tokens) or not tokens[position + 1].word or not (
                _bare_object(tokens[position]) or _attributive(tokens[position])
                or _genitive_modifier(tokens[position])):
            return position
    return after + 3


def _genitive_modifier(token: Token) -> bool:
    """A lower-case noun in the genitive (елдің, мемлекеттердің): the possessor of the noun after it."""
    return token.word and token.text[:1].islower() \
        and token.lower.endswith(("ның", "нің", "дың", "дің", "тың", "тің"))


def _attributive(token: Token) -> bool:
    """A lower-case word in the attributive -дағы/-дегі form (маңындағы), which modifies the noun after it."""
    return token.word and token.text[:1].islower() \
        and token.lower.endswith(tuple(rules()["possessive_head"]["attributive_endings"]))


def _located_head(token: Token) -> bool:
    """A lower-case noun in the 3rd-person possessive locative, bare or attributive (аумағында, шекарасындағы), that is
    no relational word and takes no dative of its own: a case-marked word before it cannot depend on it, and a
    place or a time is said by the word itself, so the term before it is its izafet modifier."""
    table = rules()["possessive_head"]
    lower = token.lower
    return token.word and token.text[:1].islower() and lower.endswith(tuple(table["located_endings"])) \
        and len(lower) > 7 and verb_group(lower) is None and not lower.startswith(tuple(table["own_dative"])) \
        and lower not in table["relational"] and not _verbal_noun(token)


def _izafet_head(word: str) -> bool:
    """A lower-case noun with the 3rd-person possessive (белсенділігін, байланыстарын, делегациясы, басшыларымен),
    neither a verb form nor a noun with a dative of its own (``own_dative``), nor a verbal noun other than
    ``plain_verbal_nouns``."""
    table = rules()["possessive_head"]
    match = _part_suffixes(table["izafet_suffixes"]).search(word)
    if match is None or len(word) - len(match.group()) < 2 or verb_group(word) is not None or _verb_like(word):
        return False
    stem = word[:match.start()]
    if stem.endswith(("у", "ю")) and not word.startswith(tuple(table["plain_verbal_nouns"])):
        return False
    return not word.startswith(tuple(table["own_dative"]))


def _izafet_without_verb(tokens: tuple[Token, ...], first: int, after: int, found: frozenset[str],
                         entry_type: str) -> str | None:
    """A possessive noun right after the term (bare modifiers may stand between) and, a few plain words on, a verb
    that rules out every case in ``found``: the term can only modify that noun (Ұйымына байланыстарын нығайтып →
    Ұйымының). Returns the words from the noun to the verb, or None."""
    head = _past_modifiers(tokens, after)
    if head + 1 >= len(tokens) or not tokens[head].text[:1].islower() or not _izafet_head(tokens[head].lower) \
            or any(t.lower.startswith(tuple(rules()["possessive_head"]["own_dative"])) for t in tokens[after:head]):
        return None  # (конференциясына қатысушылар …: a modifier with a dative of its own)
    ahead = _verb_ahead(tokens, head + 1, stop_at_possessive=False, clause_of=first)
    if ahead is None or not found <= ruled_out(ahead[1], entry_type):
        return None
    return " ".join(t.text for t in tokens[after:ahead[0] + 1])


def _second_dative(tokens: tuple[Token, ...], after: int) -> str | None:
    """A possessive noun (or nothing), a dative noun and a verb of motion or of a goal (делегациялары Астанаға келді,
    Бас хатшысына Ереванға жұмыс сапарымен келді): the verb's one dative is the later word, so a dative term before
    them has nothing to depend on. Returns the words, or None."""
    if after + 1 < len(tokens) and tokens[after].word and _oblique(tokens[after]) and not _verbal_noun(tokens[after]) \
            and tokens[after].lower.endswith(tuple(rules()["possessive_head"]["dative_endings"])) \
            and (ahead := _verb_ahead(tokens, after + 1, stop_at_possessive=False)) is not None \
            and ahead[1][0] in rules()["possessive_head"]["single_dative_groups"]:
        return f"{tokens[after].text} … {tokens[ahead[0]].text}"  # Бас хатшысына Ереванға … келді: two goals
    if after + 2 >= len(tokens) or not all(t.word for t in tokens[after:after + 3]):
        return None
    noun, goal, verb = tokens[after:after + 3]
    group = _verb_group_of(verb)
    if not noun.text[:1].islower() or not _izafet_head(noun.lower) or group is None \
            or group[0] not in rules()["possessive_head"]["single_dative_groups"]:
        return None
    if not goal.lower.endswith(tuple(rules()["possessive_head"]["dative_endings"])) \
            or verb_group(goal.lower) is not None or _verbal_noun(goal):
        return None  # (a verbal noun in the dative is a purpose, not a second goal: шекарасын нығайтуға көмектеседі)
    return f"{noun.text} {goal.text} {verb.text}"


def _verb_ahead(tokens: tuple[Token, ...], start: int, *, stop_at_possessive: bool, clause_of: int | None = None
                ) -> tuple[int, VerbGroup] | None:
    """The first verb form within five words from ``start`` and its group (a passive known by its ending counts:
    талқыланды), across words that cannot govern a term
    before them (nouns in another case, adjectives: жаттығулары Қырғызстанда өтеді, Минскті ресми сапармен барды);
    None at punctuation, a postposition, a verbal noun (which takes complements of its own), anything else that
    ends like a verb (an accusative noun ends like one), and with ``stop_at_possessive`` a possessive-like word (a
    head the term may modify). With ``clause_of`` (the term's first word), the group is read in the term's clause
    (:func:`_clause_verb`: өтті after an event takes no dative)."""
    for position in range(start, min(start + 5, len(tokens))):
        token = tokens[position]
        if not token.word:
            return None
        group = _verb_group_of(token) if clause_of is None else _clause_verb(tokens, clause_of, position)
        if group is not None:
            return position, group
        if token.lower in rules()["numerals"]["words"] or token.text.isdigit():
            continue  # екі сағат: a numeral modifies the noun after it
        if _verb_like(token.text) or token.lower in rules()["postpositions"] or _verbal_noun(token) \
                or (stop_at_possessive and _possessive_like(token.text)):
            return None
    return None


def _verbal_noun(token: Token) -> bool:
    """A lower-case word with a verbal-noun ending (қолдау, қолдауға; not the name Мәскеуде, nor a noun in -у that
    names a thing: оқу-жаттығуға, ``plain_verbal_nouns``)."""
    lower = token.lower
    return token.text[:1].islower() and lower.endswith(tuple(rules()["verbal_nouns"]["endings"])) \
        and not lower.split("-")[-1].startswith(tuple(rules()["possessive_head"]["plain_verbal_nouns"]))


def _object_across(word: Token | None) -> bool:
    """A verb that takes a direct object right after a noun in the possessive instrumental (Рыженковты
    тағайындалуымен құттықтады «congratulated R. on his appointment»): the accusative before that adjunct is the
    verb's object."""
    group = verb_group(word.lower) if word is not None and word.word else None
    return group is not None and group[0] in rules()["possessive_head"]["object_groups"]


def _phrase_without_head(tokens: tuple[Token, ...], after: int, entry_type: str
                         ) -> tuple[str, frozenset[str]] | None:
    """A light-verb phrase (қол қойды, хат жолдады) reached from ``after`` across words that are neither
    possessive-like nor verb forms (Ресейдің келісімге қол қойды): a genitive before it has no possessive noun to
    modify, and an accusative no verb to belong to where the phrase excludes it. Returns the phrase's text and the
    cases it excludes, or None when a possessive-like word, a verb form or punctuation comes first."""
    for position in range(after, min(after + 3, len(tokens) - 1)):
        token, following = tokens[position], tokens[position + 1]
        if not token.word or not following.word:
            return None
        if (phrase := phrase_group(token.lower, following.text, entry_type)) is not None:  # the next word: above
            return (f"{token.text} {following.text}", phrase[1]) if position > after else None
        if _possessive_like(token.text) or _verb_like(token.text) or verb_group(token.lower) is not None \
                or token.lower in rules()["postpositions"] or _verbal_noun(token):
            return None  # (a verbal noun takes the term as its own object: күштерді даярлауға … назар аударылды)
    return None


def _object_then_giving(tokens: tuple[Token, ...], after: int) -> int | None:
    """One or two bare words, an accusative noun (a verbal noun too, once it has a bare object of its own: баяндама
    дайындауды) and a verb of giving (тапсырды): the verb's position, its object being that noun, so an accusative
    term before them is the recipient."""
    for noun in (after, after + 1, after + 2):
        if noun + 1 >= len(tokens) or not all(_bare_object(tokens[i]) for i in range(after, noun)):
            return None
        token, verb = tokens[noun], tokens[noun + 1]
        if token.word and verb.word and token.text[:1].islower() and verb_group(token.lower) is None \
                and token.lower.endswith(tuple(rules()["second_object"]["accusative_endings"]
                                               + rules()["second_object"]["verbal_noun_endings"][:4])) \
                and (group := verb_group(verb.lower)) is not None and group[0] in rules()["second_object"]["groups"]:
            if noun == after and token.lower.endswith(tuple(rules()["second_object"]["verbal_noun_endings"][:4])):
                return None  # миссиясын жіберуді ұсынды: the term is the verbal noun's own object
            return noun + 1
    return None


def _instrumental_adjunct(tokens: tuple[Token, ...], after: int) -> tuple[int, VerbGroup] | None:
    """A noun in the possessive instrumental (күнімен, мерейтойымен «on the occasion of»), right after the term or
    after one word, and right after it an object verb with no dative: the verb's position and group; None
    otherwise."""
    for noun in (after, after + 1):
        if noun + 1 >= len(tokens) or not tokens[noun].word or not tokens[noun + 1].word:
            return None
        if tokens[noun].text[:1].islower() and tokens[noun].lower.endswith(("ымен", "імен", "сымен", "сімен")):
            group = verb_group(tokens[noun + 1].lower)
            if group is not None and group[0] in rules()["possessive_head"]["object_groups"] and "dat" in group[1]:
                return noun + 1, group
            return None
    return None


def _bare_objects(tokens: tuple[Token, ...], after: int) -> tuple[int, VerbGroup] | None:
    """One or two bare lower-case words from ``after`` (жылдық баяндама, бітімгерлер) and a verb form right after
    them: the verb's position and group; None otherwise."""
    if after + 2 < len(tokens) and tokens[after].text[:1].isupper() and rules()["postpositions"].get(
            tokens[after + 1].lower, {}).get("cases") == ["nom"]:
        after += 2  # a postpositional phrase first: Ауғанстан бойынша мәлімдеме қабылдады
    for end in (after + 1, after + 2):
        if end >= len(tokens) or not all(_bare_object(tokens[i]) for i in range(after, end)):
            return None
        if tokens[end].word and (group := verb_group(tokens[end].lower)) is not None:
            return end, group
    return None


def _bare_object(token: Token) -> bool:
    """A lower-case noun with no case, possessive or verb ending (баяндама, батальон): right before a verb of
    giving it is that verb's indefinite object, so an accusative term before it has no verb left to belong to
    (ҰҚШҰ БҰҰ-ны баяндама жіберді → БҰҰ-ға). A capitalised word there is more likely the subject
    (Хатты Тасмағамбетов жіберді)."""
    lower = token.lower
    return token.word and token.text == lower and len(lower) > 2 and verb_group(lower) is None \
        and not _verb_like(token.text) and lower not in rules()["postpositions"] \
        and not lower.endswith(tuple(rules()["second_object"]["case_endings"]))


def _earlier_object(tokens: tuple[Token, ...], first: int) -> str | None:
    """An accusative noun earlier in the clause than the term at ``first``, by an ending no verb form has
    (баяндаманы, бөлімшелерін): a verb of giving then has its object, and an accusative term cannot be a second
    one (``[second_object]``). The search stops at punctuation and at anything that ends like a verb."""
    endings = tuple(rules()["second_object"]["accusative_endings"])
    nouns = rules()["second_object"]["object_nouns"]
    for position in range(first - 1, -1, -1):
        token = tokens[position]
        if not token.word:
            return None
        lower = token.lower
        if lower.endswith(endings) and len(lower) > 4 and verb_group(lower) is None:
            return token.text
        if any(lower.startswith(noun) and lower[len(noun):] in ("ды", "ді", "ты", "ті") for noun in nouns):
            return token.text
        if _verb_like(token.text) or verb_group(lower) is not None:
            return None
    return None


@functools.lru_cache(maxsize=8192)
def _verbal_noun_group(word: str) -> VerbGroup | None:
    """The verb group of a verbal noun that is itself a complement (stem + у/ю + an accusative or dative suffix:
    қосылуды, қатысуға): it governs as its verb does (НАТО-ға қосылуды жоспарламайды). A bare verbal noun may
    head an adverbial instead (өту барысында), so it does not count; nor do the two-letter stems (ұш, өт, ет)."""
    return _group_of(word, frozenset(rules()["second_object"]["verbal_noun_endings"]), shortest_stem=3)


@functools.lru_cache(maxsize=8192)
def _bare_verbal_noun_group(word: str) -> VerbGroup | None:
    """The verb group of a bare verbal noun (stem + у/ю: кездесу, нығайту), stems of three letters or more."""
    return _group_of(word, frozenset({"у", "ю"}), shortest_stem=3)


def _verb_across(tokens: tuple[Token, ...], first: int, after: int, found: frozenset[str],
                 entry_type: str) -> Evidence | None:
    """The clause's verb a few plain words further on (Делегация Минскті ресми сапармен барды): only its exclusion
    of the accusative and the genitive (or the group's ``across`` cases) counts, and only when nothing between could
    govern the term (:func:`_verb_ahead`, stopping at a possessive noun too)."""
    ahead = _verb_ahead(tokens, after, stop_at_possessive=True, clause_of=first)  # өтті after an event: the clause's
    if ahead is None or ahead[0] == after:
        return None
    position, group = ahead
    if found <= {"gen"} and _participle_before_head(tokens, position):
        return None  # Ассамблеясының 2027 жылға арналған жоспарларын
    across = frozenset(rules()["verbs"].get(group[0], rules().get(group[0], {})).get("across", ["acc", "gen"]))
    excluded = ruled_out(group, entry_type) & across
    if not excluded or not found <= excluded:
        return None
    return Evidence(KK_CASES - excluded, f"before the verb «{tokens[position].text}»", f"verb-{group[0]}",
                    prefer=group[3], excluded=excluded)
