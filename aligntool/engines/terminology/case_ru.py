"""Which cases the context leaves a Russian term: the rules of the case check (``wrong-case`` failures).

Given the cases a rendering can be (from the glossary paradigm: Организации = genitive, dative or
prepositional singular), :func:`evidence` looks at what stands before it and returns the cases the context
allows, or None when nothing excludes anything. The rules, strongest first (data: ``data/ru_government.toml``):

1. **Preposition.** A preposition directly before the term (agreeing adjectives and Roman-numeral ordinals may
   stand between) governs it: о + prepositional, из + genitive, с + genitive/instrumental/accusative…; the
   word before the preposition narrows it (встретиться с + instrumental, прибыть в + accusative, участвовать
   в + prepositional).
2. **Verb.** A verb that takes a bare accusative (dative, instrumental) object directly before the term: the
   term is that object or the subject after its verb (nominative); after «не» the genitive too.
3. **Agreement.** A pronoun or adjective directly before the term that cannot share its case (эту Организация).
4. **Coordination.** A term after и/или coordinated with a word a preposition governs (о Казахстане и Россия), or
   with a noun's genitive complement (лидеры Таджикистана и Беларусь).
5. **Passive agent.** A nominative after a passive participle it cannot agree with (координируемая Секретариат ОДКБ)
   is its agent: instrumental.
6. **Apposition.** A person's name after a title (министром … Беларуси Максим Рыженков) takes the title's case.
7. **Genitive chain.** A nominative-looking term right after a noun that governs it (о приоритетах
   Организация Договора…) must be genitive: the parse attaches it to that noun, or gives it a role the clause
   cannot hold (a second object, a subject the verb already has or does not agree with, a bare adverbial);
   not when it can be the subject of a verb after a fronted object («Письмо Казахстан получил вчера»).
8. **Subject.** A term that opens the sentence in an oblique case, before a finite verb that agrees with it, does not
   govern that case and has no other subject (Секретариата ОДКБ опубликовал доклад), is the subject: nominative.
9. **Tagger.** Where no rule speaks, slovnet's morphology tagger reads the case the context calls for from a
   stand-in for the term (an indeclinable abbreviation): flagged only when the rendering's cases are improbable.

Rules 3, 4, 6 and 7 are confirmed by a dependency parse (:mod:`aligntool.engines.terminology.syntax_ru`) before they
flag: the parse must attach the term to that word (amod/det, conj, appos, nmod); a term the parse makes the subject is
never flagged.
Word forms come from pymorphy3 (:func:`aligntool.engines.terminology.morphology_ru.analyzer`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from aligntool.engines.terminology import syntax_ru
from aligntool.engines.terminology.context import Evidence, Token, clause_start, load_rules
from aligntool.engines.terminology.morphology_ru import CASES, analyzer

_ROMAN = re.compile(r"[IVXLC]+")
_ADJECTIVES = frozenset({"ADJF", "PRTF"})
_VERBS = frozenset({"VERB", "INFN", "GRND"})
_VERBS_AND_SHORT_PARTICIPLES = _VERBS | {"PRTS"}
#: What governs an object like a verb: its forms, an active participle (руководящий + instrumental) and a short
#: adjective (благодарен + dative).
_GOVERNING = _VERBS | {"PRTF", "ADJS"}
#: What may stand between a verb and the preposition it governs: its object noun phrase.
_OBJECT_PARTS = frozenset({"NOUN", "ADJF", "PRTF", "NPRO", "NUMR", "ADVB"})
#: Parse relations that attach a word to the head of the term as its modifier, and the term to a head noun.
_MODIFIER_RELS = frozenset({"amod", "det"})
_APPOSITION_RELS = frozenset({"appos", "flat", "flat:name"})
_CHAIN_RELS = frozenset({"nmod"})
#: Conjunctions that join noun phrases (a coordinated subject, a second conjunct).
_JOINING = frozenset({"и", "или"})


def rules() -> dict[str, Any]:
    """The government tables (``data/ru_government.toml``)."""
    return load_rules("ru_government.toml")


@functools.lru_cache(maxsize=20000)
def _parses(word: str) -> tuple[Any, ...]:
    return tuple(analyzer().parse(word))


def _cases(word: str, pos: frozenset[str]) -> frozenset[str]:
    """The cases ``word`` can be in, over its analyses with one of the parts of speech ``pos``."""
    return frozenset(p.tag.case for p in _parses(word) if p.tag.POS in pos and p.tag.case in CASES)


def _has_pos(word: str, pos: str) -> bool:
    return pos in {p.tag.POS for p in _parses(word)}


@dataclass(frozen=True)
class _Tables:
    """The government tables, as sets."""

    frames: tuple[tuple[frozenset[str], frozenset[str], frozenset[str]], ...]  # prepositions, cases, lemmas
    across: tuple[tuple[frozenset[str], frozenset[str], frozenset[str]], ...]  # the same, across a genitive
    verbs: tuple[tuple[frozenset[str], frozenset[str], str], ...]  # cases, lemmas, case to suggest
    contact: frozenset[str]
    adverbs: frozenset[str]
    titles: frozenset[str]
    naming: frozenset[str]  # nouns that may keep a nominative apposition (в городе Минск)
    governing: tuple[tuple[str, frozenset[str]], ...]  # case, nouns that govern it (командование + ablt)
    accusative_only: frozenset[str]  # verbs with a direct object and no dative complement ([verbs.accusative])


@functools.lru_cache(maxsize=1)
def _lemma_sets() -> _Tables:
    data = rules()
    return _Tables(
        frames=tuple((frozenset(f["preposition"]), frozenset(f["cases"]), frozenset(f["lemmas"]))
                     for f in data["frames"].values()),
        across=tuple((frozenset(f["preposition"]), frozenset(f["cases"]), frozenset(f["across_genitive"]))
                     for f in data["frames"].values() if "across_genitive" in f),
        verbs=tuple((frozenset(v["cases"]), frozenset(v["lemmas"]), str(v["suggest"])) for v in data["verbs"].values()),
        contact=frozenset(data["contact"]["lemmas"]), adverbs=frozenset(data["adverbs"]["words"]),
        titles=frozenset(data["appositions"]["titles"]), naming=frozenset(data["appositions"]["naming"]),
        governing=tuple((case, frozenset(nouns)) for case, nouns in data["tagger"]["governing_nouns"].items()),
        accusative_only=frozenset(data["verbs"]["accusative"]["lemmas"]))


def _lemma(parse: Any) -> str:
    """A reading's dictionary form as the government tables spell it (е for ё)."""
    return str(parse.normal_form).replace("ё", "е")


def _lemmas(word: str) -> frozenset[str]:
    return frozenset(_lemma(p) for p in _parses(word))


def evidence(tokens: tuple[Token, ...], first: int, last: int, found: frozenset[str],
             entry_type: str) -> Evidence | None:
    """What excludes every case in ``found`` for the rendering ``tokens[first:last + 1]``, or None."""
    if not found:
        return None
    if first == 0 or _opener_only(tokens, first):
        return _clause_subject(tokens, first, last, found) or _tagged(tokens, first, last, found, entry_type)
    agent = _passive_agent(tokens, first - 1, first, last, found)
    if agent is not None:  # before the modifiers are skipped: a participle that does not agree is not one
        return agent
    inverted = _subject_after_verb(tokens, first, last, found) or _recipient_after_object(tokens, first, found)
    if inverted is not None:
        return inverted
    index = first - 1
    while index >= 0 and (_ROMAN.fullmatch(tokens[index].text) or (
            tokens[index].word and not _has_pos(tokens[index].text, "NOUN")
            and _cases(tokens[index].text, _ADJECTIVES) & found)):
        index -= 1  # agreeing modifiers and ordinals: во II Минской …, в новой Организации
    if index < 0:
        return None
    before = tokens[index]
    if not before.word:
        return None
    for rule in (_preposition, _verb):
        found_evidence = rule(tokens, index)
        if found_evidence is not None and rule is _verb and "accs" in found_evidence.allowed \
                and _fronted_object(tokens, _before_adverbs(tokens, index)):
            # Делегацию возглавил …: the verb has its object before it, so the term after it is the subject
            found_evidence = replace(found_evidence, allowed=found_evidence.allowed - {"accs"}, prefer="nomn")
        if found_evidence is not None and rule is _verb and (found & found_evidence.allowed) == {"nomn"} \
                and (_verb_has_subject(tokens, index, first, last) or _not_its_subject(tokens, index, first, last)):
            found_evidence = replace(found_evidence, allowed=found_evidence.allowed - {"nomn"})
        if found_evidence is not None:
            return found_evidence if not (found & found_evidence.allowed) else None
    if index == first - 1:
        for rule in (_coordination, _agreement, _apposition, _chain):
            found_evidence = rule(tokens, index, first, last, found, entry_type)
            if found_evidence is not None:
                return found_evidence
    elif entry_type == "person":
        found_evidence = _apposition(tokens, index, first, last, found, entry_type)
        if found_evidence is not None:
            return found_evidence
    return _tagged(tokens, first, last, found, entry_type)


def _tagged(tokens: tuple[Token, ...], first: int, last: int, found: frozenset[str],
            entry_type: str) -> Evidence | None:
    """Rule 9: the case slovnet's tagger gives a stand-in for the term (see ``[tagger]`` in the data), when the
    rendering's cases get less than the threshold of that probability.

    Never for a form that can be nominative (a subject may stand almost anywhere in a Russian clause, and the
    stand-in's tag reflects where abbreviations usually stand, not what the clause allows), nor for a person
    near a title (an apposition: the stand-in cannot say whose case it shares)."""
    if "nomn" in found or (entry_type == "person" and first > 0 and _apposition_title_near(tokens, first - 1)):
        return None
    table = rules()["tagger"]
    if first > 0 and tokens[first - 1].word:
        before = _lemmas(tokens[first - 1].text)
        if any(case in found and before & nouns for case, nouns in _lemma_sets().governing):
            return None  # командование силами, помощь Казахстану
        verb = _verb_before_object(tokens, first) if "datv" in found else None
        if verb is not None and _lemmas(tokens[verb].text) & frozenset(table["recipient_verbs"]):
            return None  # вручил орден Генеральному секретарю: the recipient
        if "datv" in found and _recipient_verb_before(tokens, first, frozenset(table["telling_verbs"])):
            return None  # доложить о результатах Совету: the addressee
    words = [token.text for token in tokens]
    totals = dict.fromkeys(syntax_ru.TAGGER_CASES, 0.0)
    for stand_in in table["stand_ins"]:
        probabilities = syntax_ru.case_probabilities((*words[:first], stand_in, *words[last + 1:]), first)
        if probabilities is None:
            return None
        for case, probability in probabilities.items():
            totals[case] += probability / len(table["stand_ins"])
    threshold = float(table["threshold"])
    if sum(totals[case] for case in found if case in totals) >= threshold:
        return None
    allowed = frozenset(case for case, probability in totals.items() if probability >= threshold)
    if not allowed:
        return None
    context = " ".join(words[max(0, first - 3):first])
    return Evidence(allowed, f"after «{context}»", "tagger", prefer=max(totals, key=totals.__getitem__))


def _clause_subject(tokens: tuple[Token, ...], first: int, last: int, found: frozenset[str]) -> Evidence | None:
    """Rule 8: a term that opens the sentence, in no case its verb can govern, before a finite verb that agrees with it
    and has no other subject (Секретариата ОДКБ опубликовал доклад, Миротворческую операцию в Казахстане
    завершилась): the term is that verb's subject, nominative. Only adverbs, «не» and one prepositional phrase may
    stand between. Not for a verb that governs one of the term's cases (its data lists, a verb of giving or telling
    for the dative, a negated verb for the genitive, an impersonal verb: ``[subject]``), nor for an accusative before
    a transitive verb whose object slot is still free («Кыргызскую Республику посетил министр»)."""
    if "nomn" in found:
        return None
    verb = _verb_after(tokens, last + 1)
    if verb is None:
        return None
    table = rules()["subject"]
    lemmas = _lemmas(tokens[verb].text)
    if lemmas & frozenset(table["impersonal"]) or not _agrees_as_predicate(
            tokens[verb].text, _nominative_heads(tokens, first, last, found) or (tokens[first],)):
        return None
    governed = {case for cases, verbs, _ in _lemma_sets().verbs if lemmas & verbs for case in cases}
    if "datv" in found:
        governed |= {"datv"} if lemmas & frozenset(rules()["tagger"]["recipient_verbs"] + rules()["tagger"][
            "telling_verbs"]) else set()
    if "gent" in found and verb > 0 and tokens[verb - 1].lower == "не":
        governed.add("gent")
    reflexive = tokens[verb].lower.endswith(("ся", "сь"))
    if "ablt" in found and reflexive:
        governed.add("ablt")  # the agent of a reflexive passive: Секретариатом готовится доклад
    if "accs" in found and not reflexive and any("tran" in p.tag for p in _parses(tokens[verb].text)) \
            and not lemmas & frozenset(rules()["tagger"]["telling_verbs"]):
        governed.add("accs")  # a verb of telling has a clause or a thing as its object, never a person or a body
    if "accs" in governed and _object_after(tokens, verb):
        governed.discard("accs")  # the verb has its one object after it: Кыргызскую Республику примет сессию
    if found & governed:
        return None
    # a genitive or prepositional opener depends on nothing else (no preposition, no noun before it), so another
    # subject does not save it (Секретариата ОДКБ опубликовал ежегодный доклад)
    if not found <= {"gent", "loct"} and _other_subject(tokens, first, last, verb):
        return None
    return Evidence(frozenset({"nomn"}), f"before the verb «{tokens[verb].text}», whose subject it is", "subject",
                    prefer="nomn")


def _subject_after_verb(tokens: tuple[Token, ...], first: int, last: int, found: frozenset[str]) -> Evidence | None:
    """Rule 8 in the other order: a term right after an intransitive finite verb that opens its clause (after
    adverbs or one prepositional phrase: В Бишкеке собрался Совета министров обороны), in a genitive, accusative or
    prepositional form, when the verb agrees with it, is not negated and has no other subject: the term is that
    verb's subject, nominative. The dative and the instrumental are left alone (помог Совету, руководил Советом)."""
    verb = first - 1
    if "nomn" in found or not found <= {"gent", "accs", "loct"} or verb < 0 \
            or _verb_after(tokens, clause_start(tokens, verb)) != verb:
        return None
    parses = [p for p in _parses(tokens[verb].text) if p.tag.POS == "VERB" and p.tag.mood == "indc"]
    lemmas = _lemmas(tokens[verb].text)
    intransitive = tokens[verb].lower.endswith(("ся", "сь")) or all("intr" in p.tag for p in parses) \
        or bool(lemmas & frozenset(rules()["subject"]["occurrence"]))
    if not parses or not intransitive or (verb > 0 and tokens[verb - 1].lower == "не") \
            or lemmas & frozenset(rules()["subject"]["impersonal"]) \
            or any(lemmas & verbs and found & cases for cases, verbs, _ in _lemma_sets().verbs) \
            or not _agrees_as_predicate(tokens[verb].text, _nominative_heads(tokens, first, last, found)
                                        or (tokens[first],)) \
            or _other_subject(tokens, first, last, verb):
        return None
    return Evidence(frozenset({"nomn"}), f"after the verb «{tokens[verb].text}», whose subject it is", "subject",
                    prefer="nomn")


def _subject_before(tokens: tuple[Token, ...], index: int) -> bool:
    """A personal pronoun or a noun that can only be nominative stands in the clause before ``index``."""
    for token in reversed(tokens[clause_start(tokens, index):index]):
        parses = _parses(token.text)
        if token.lower in ("он", "она", "они") or (
                any(p.tag.POS == "NOUN" for p in parses) and all(p.tag.case == "nomn" for p in parses
                                                                 if p.tag.POS == "NOUN")):
            return True
    return False


def _recipient_after_object(tokens: tuple[Token, ...], first: int, found: frozenset[str]) -> Evidence | None:
    """A verb of giving right before the term and its accusative object before the verb (Награду вручили Имангали
    Тасмагамбетова): the person after the verb is the recipient, dative (or the subject, nominative)."""
    verb = first - 1
    if verb < 1 or not found <= {"gent", "accs"} \
            or not _lemmas(tokens[verb].text) & frozenset(rules()["tagger"]["recipient_verbs"]):
        return None
    for token in reversed(tokens[clause_start(tokens, verb):verb]):
        if _accusative_only(token.text):
            return Evidence(frozenset({"datv", "nomn"}), f"after «{token.text} … {tokens[verb].text}», whose object "
                            f"is «{token.text}»", "recipient", prefer="datv")
    return None


def _fronted_object(tokens: tuple[Token, ...], verb: int) -> bool:
    """A noun that can only be accusative opens the verb's clause (Делегацию возглавил …)."""
    start = clause_start(tokens, verb)
    return start < verb and _accusative_only(tokens[start].text)


def _accusative_only(word: str) -> bool:
    """Every noun reading of ``word`` is accusative (Награду, Делегацию; not документ, which is nominative too)."""
    nouns = [p for p in _parses(word) if p.tag.POS == "NOUN"]
    return bool(nouns) and all(p.tag.case == "accs" for p in nouns)


def _opener_only(tokens: tuple[Token, ...], first: int) -> bool:
    """Only a date stands before the term at ``first`` (17 июня, 5 августа 2024 года): the term opens its clause."""
    words = tokens[:first]
    months = frozenset(rules()["subject"]["months"])
    return bool(words) and all(t.text.isdigit() or t.lower in months or t.lower in ("года", "г") for t in words) \
        and any(t.lower in months for t in words)


def _verb_after(tokens: tuple[Token, ...], start: int) -> int | None:
    """The finite verb after the term (adverbs, «не» and one prepositional phrase of up to three words may stand
    between), or None."""
    position = start
    phrases = 0
    while position < len(tokens) and tokens[position].word:
        word = tokens[position].text
        if any(p.tag.POS == "VERB" and p.tag.mood == "indc" for p in _parses(word)):
            return position
        if tokens[position].lower == "не" or tokens[position].lower in _lemma_sets().adverbs \
                or all(p.tag.POS == "ADVB" for p in _parses(word)):
            position += 1
        elif tokens[position].lower in rules()["prepositions"] and phrases == 0:
            phrases += 1
            position += 1
            end = position
            while end < len(tokens) and end < position + 3 and tokens[end].word and not any(
                    p.tag.POS in _VERBS for p in _parses(tokens[end].text)):
                end += 1
            position = end
        else:
            return None
    return None


def _nominative_heads(tokens: tuple[Token, ...], first: int, last: int, found: frozenset[str]) -> tuple[Token, ...]:
    """The term's first noun put in the nominative, in the number of its form (Секретариата → Секретариат), for
    agreement with a verb; empty when the term has none (an abbreviation)."""
    for token in tokens[first:last + 1]:
        if any("Fixd" in p.tag for p in _parses(token.text)):
            continue  # an indeclinable word (Имангали, ОДКБ) says nothing about the head's gender
        for parse in _parses(token.text):
            if parse.tag.POS == "NOUN" and parse.tag.case in found:
                nominative = parse.inflect({"nomn"})
                return (replace(token, text=nominative.word),) if nominative is not None else ()
    return ()


def _object_after(tokens: tuple[Token, ...], verb: int) -> bool:
    """A noun after the verb, in its clause, that can only be its accusative object (сессию; заседание beside
    провела, which it cannot be the subject of)."""
    for token in tokens[verb + 1:]:
        if not token.word:
            return False
        nouns = [p for p in _parses(token.text) if p.tag.POS == "NOUN"]
        if nouns and any(p.tag.case == "accs" for p in nouns) and not any(
                p.tag.case == "nomn" and _agrees_as_predicate(tokens[verb].text, (token,)) for p in nouns):
            return True
    return False


def _other_subject(tokens: tuple[Token, ...], first: int, last: int, verb: int) -> bool:
    """A noun or pronoun in the verb's clause, outside the term, that can be a nominative agreeing with the verb (after
    a transitive verb, not one that is nominative and accusative alike: проведёт пленарное заседание)."""
    transitive = any("tran" in p.tag for p in _parses(tokens[verb].text) if p.tag.POS == "VERB")
    for position in range(0, len(tokens)):
        if first <= position <= last or position == verb:
            continue
        token = tokens[position]
        if not token.word:
            if position > verb:
                return False
            continue
        if token.lower in rules()["prepositions"]:
            continue  # «В» also reads as a noun (the volt)
        if position > verb and transitive and _nominative_or_accusative(token.text):
            continue  # after a transitive verb, a noun that is nominative or accusative alike is its object
        if any(p.tag.POS in ("NOUN", "NPRO") and p.tag.case == "nomn" for p in _parses(token.text)) \
                and _agrees_as_predicate(tokens[verb].text, (token,)) and not _after_preposition(tokens, position):
            return True
    return False


def _after_preposition(tokens: tuple[Token, ...], position: int) -> bool:
    """A preposition stands before ``position`` (modifiers between), so the word is no subject."""
    for index in range(position - 1, max(position - 4, -1), -1):
        if not tokens[index].word:
            return False
        if tokens[index].lower in rules()["prepositions"]:
            return True
        if not any(p.tag.POS in _ADJECTIVES | {"NOUN", "NUMR"} for p in _parses(tokens[index].text)):
            return False
    return False


def _recipient_verb_before(tokens: tuple[Token, ...], first: int, verbs: frozenset[str]) -> bool:
    """One of ``verbs`` earlier in the clause of the term at ``first`` (within six words, no punctuation between)."""
    for position in range(first - 1, max(first - 7, -1), -1):
        if not tokens[position].word:
            return False
        if _lemmas(tokens[position].text) & verbs:
            return True
    return False


def _preposition(tokens: tuple[Token, ...], index: int) -> Evidence | None:
    word = tokens[index].lower
    if index > 0 and tokens[index - 1].word:
        compound = rules()["compound_prepositions"].get(f"{tokens[index - 1].lower} {word}")
        if compound is not None:  # в ходе, в рамках, со стороны …: the noun of the phrase governs, not a verb
            return Evidence(frozenset(compound), f"after «{tokens[index - 1].text} {tokens[index].text}»",
                            "preposition")
    table = rules()["prepositions"]
    if word not in table:
        return None
    sets = _lemma_sets()
    allowed = frozenset(table[word])
    source = f"after «{tokens[index].text}»"
    if word in sets.adverbs:
        allowed |= {"nomn"}  # Накануне Генеральный секретарь заявил…
    if index > 0 and tokens[index - 1].word:
        governor = _lemmas(tokens[index - 1].text)
        for prepositions, cases, lemmas in sets.frames:
            if word in prepositions and governor & lemmas:
                allowed = cases
                source = f"after «{tokens[index - 1].text} {tokens[index].text}»"
                break
        else:
            # a verb across its object (направил депутатов в …), else a noun across its genitive (вклад России в …)
            verb = _verb_before_object(tokens, index)
            distant, frames = (verb, sets.frames) if verb is not None else \
                (_noun_before_genitives(tokens, index), sets.across)
            for prepositions, cases, lemmas in frames if distant is not None else ():
                if word in prepositions and _lemmas(tokens[distant].text) & lemmas:
                    allowed = cases
                    source = f"after «{tokens[distant].text} … {tokens[index].text}»"
                    break
        if word in ("о", "об", "обо") and governor & sets.contact:
            allowed |= {"accs"}
    return Evidence(allowed, source, "preposition", prefer=rules()["preposition_prefer"].get(word, ""))


def _verb_before_object(tokens: tuple[Token, ...], index: int) -> int | None:
    """The verb that governs the preposition at ``index`` across its object (направил депутатов в …): the first
    verb form within four words before it, with only nouns, adjectives, pronouns, numerals or adverbs between."""
    for position in range(index - 1, max(index - 5, -1), -1):
        token = tokens[position]
        if not token.word:
            return None
        parts = {p.tag.POS for p in _parses(token.text)}
        if parts & _VERBS_AND_SHORT_PARTICIPLES and position < index - 1:
            return position
        if not parts & _OBJECT_PARTS:
            return None
    return None


def _noun_before_genitives(tokens: tuple[Token, ...], index: int) -> int | None:
    """The word before the genitive phrase (one to three words that can be genitive) right before the preposition
    at ``index`` (вклад | России | в): a noun that may govern the preposition across its dependent
    (``across_genitive``)."""
    position = index - 1
    while position >= 0 and index - position <= 3 and _genitive_word(tokens[position]):
        position -= 1
    return position if 0 <= position < index - 1 and tokens[position].word else None


def _genitive_word(token: Token) -> bool:
    """A word that one of its readings makes a genitive (a complement that may stand between a head and what it
    governs)."""
    return token.word and any(p.tag.case == "gent" for p in _parses(token.text))


def _before_adverbs(tokens: tuple[Token, ...], index: int) -> int:
    """The word at or before ``index`` that is not an adverb (поддержал также …)."""
    while index > 0 and tokens[index].word and all(p.tag.POS == "ADVB" for p in _parses(tokens[index].text)):
        index -= 1
    return index


def _verb_has_subject(tokens: tuple[Token, ...], index: int, first: int, last: int) -> bool:
    """The verb before the term (adverbs between) already has a subject that can only be nominative, so the term
    after it is not a second one (Тасмагамбетов руководит Секретариат: not a subject, and руководить takes the
    instrumental). A subject that may be an accusative object (Документ подписал …) does not count."""
    index = _before_adverbs(tokens, index)
    if index > 0 and tokens[index - 1].lower in rules()["subject"]["relative_pronouns"]:
        return True  # который руководит …: the relative pronoun is the subject
    arcs = _arcs(tokens)
    if arcs is None:
        return False
    return any(not first <= i <= last and tokens[i].word and not _nominative_or_accusative(tokens[i].text)
               and any(p.tag.case == "nomn" for p in _parses(tokens[i].text))
               for i in _dependents(arcs, index, "nsubj"))


def _not_its_subject(tokens: tuple[Token, ...], index: int, first: int, last: int) -> bool:
    """The verb before the term cannot agree with it (помогут Республика Таджикистан: a plural verb, a singular
    term), and nothing after the term joins it to a plural subject (помогут Казахстан и Россия)."""
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and after.lower in _JOINING | {","}:
        return False
    # the term's head noun decides, not an abbreviation after it (Секретариат ОДКБ: ОДКБ also reads as a plural)
    head = next(((t,) for t in tokens[first:last + 1]
                 if any(p.tag.POS == "NOUN" and "Fixd" not in p.tag for p in _parses(t.text))), tokens[first:last + 1])
    return not _agrees_as_predicate(tokens[_before_adverbs(tokens, index)].text, head)


def _verb(tokens: tuple[Token, ...], index: int) -> Evidence | None:
    index = _before_adverbs(tokens, index)
    token = tokens[index]
    if not token.word:
        return None
    top = _parses(token.text)[0]
    if top.tag.POS not in _GOVERNING or "pssv" in top.tag:
        return None
    lemma = _lemma(top)
    for cases, lemmas, suggest in _lemma_sets().verbs:
        if lemma in lemmas:
            negated = index > 0 and tokens[index - 1].lower == "не"
            return Evidence(cases | ({"gent"} if negated else set()), f"as the object of «{token.text}»", "verb",
                            prefer=suggest)
    return None


def _coordination(tokens: tuple[Token, ...], index: int, first: int, last: int, found: frozenset[str],
                  entry_type: str) -> Evidence | None:
    """A term coordinated with a word a preposition governs takes a case that preposition allows
    («о Казахстане и Россия»), and one coordinated with a noun's genitive complement the genitive («лидеры
    Таджикистана и Беларусь»). Not when a predicate follows in the clause (и as «also»: «В Минске и Россия
    заявила…») or in «и …, и …» (then the term may be a subject)."""
    if tokens[index].lower not in _JOINING or index < 2:
        return None
    conjunct = index - 1
    conjuncts = [conjunct]
    governor = _before_modifiers(tokens, conjunct - 1)
    while governor >= 1 and tokens[governor].text == "," and tokens[governor - 1].word:
        conjunct = governor - 1  # an earlier conjunct of a list: «представители Российской Федерации, Беларуси и …»
        conjuncts.append(conjunct)
        governor = _before_modifiers(tokens, conjunct - 1)
    if governor < 0 or not all(tokens[c].word for c in conjuncts):
        return None
    evidence = _preposition(tokens, governor)
    noun_cases = [_cases(tokens[c].text, frozenset({"NOUN"})) for c in conjuncts]
    # the second genitive of a chain: «лидеры Таджикистана и Беларуси»; in a list of two or more before the term,
    # every one of them able to be that genitive (Федерации, Беларуси: also dative or prepositional)
    if evidence is None and _governing_noun(tokens[governor].text) and (
            noun_cases == [{"gent"}] or (len(conjuncts) > 1 and all("gent" in cases for cases in noun_cases))):
        evidence = Evidence(frozenset({"gent"}), f"after «{tokens[governor].text}»", "coordination")
    if evidence is not None and len(conjuncts) == 1 and (shared := evidence.allowed & noun_cases[0]):
        # conjuncts under one preposition share its case: «между Россией и Казахстаном», not «… и Казахстана»
        evidence = replace(evidence, allowed=shared)
    if evidence is None or found & evidence.allowed:
        return None
    for token in tokens[last + 1:]:
        if not token.word:
            if token.text in ".;:!?":
                break
            continue
        if token.lower in _JOINING or _agrees_as_predicate(token.text, tokens[first:last + 1]):
            return None
    arcs = _arcs(tokens)
    head = None if arcs is None else _term_head(arcs, first, last)
    if head is None or arcs is None or arcs[head].rel != "conj" or arcs[head].head not in conjuncts:
        return None
    return Evidence(evidence.allowed, f"coordinated with «{tokens[index - 1].text}» {evidence.source}",
                    "coordination")


def _before_modifiers(tokens: tuple[Token, ...], index: int) -> int:
    """The word at or before ``index`` that is not an adjective (the agreeing modifiers of a conjunct)."""
    while index >= 0 and tokens[index].word and _cases(tokens[index].text, _ADJECTIVES) and not _has_pos(
            tokens[index].text, "NOUN"):
        index -= 1
    return index


def _passive_agent(tokens: tuple[Token, ...], index: int, first: int, last: int,
                   found: frozenset[str]) -> Evidence | None:
    """A passive participle directly before a nominative that it cannot agree with (координируемая Секретариат ОДКБ,
    было подписано Республика Таджикистан): the term is not what the participle describes but its agent, which is
    instrumental. Not for a plural participle before a coordinated term (были приглашены Казахстан и Россия).
    """
    word = tokens[index].text
    passive = [p for p in _parses(word) if p.tag.POS in ("PRTF", "PRTS") and "pssv" in p.tag]
    top = _parses(word)[0]
    if found <= {"gent", "accs"} and "gent" in found and top.tag.POS == "PRTS" and "pssv" in top.tag and not any(
            _lemma(top) in lemmas for cases, lemmas, _ in _lemma_sets().verbs
            if "gent" in cases):
        # a genitive right after a short passive participle (был подготовлен Секретариата ОДКБ): its agent is
        # instrumental, its recipient dative; only a verb of the genitive list (лишён права, удостоен награды) takes
        # a genitive there. Not after a full participle, which may be an adjective of its own (по данным МИД). A
        # passive has no direct object either, so a person's genitive-accusative form is ruled out the same way
        # (подписано Александра Панкина; an accusative-only form is left to the other rules: посвящена кому).
        return Evidence(frozenset({"ablt", "datv"}), f"after «{word}»", "passive-agent", prefer="ablt")
    if found <= {"datv", "gent", "loct"} and top.tag.POS in ("PRTS", "PRTF") and "pssv" in top.tag \
            and _lemma(top) in _lemma_sets().accusative_only:
        # a dative or genitive after the passive participle of a verb with no dative complement (подписано
        # Александру Панкину, решения, принятые Совета министров): the agent, instrumental
        return Evidence(frozenset({"ablt"}), f"as the agent of «{word}»", "passive-agent", prefer="ablt")
    if not passive or not found <= {"nomn", "accs"} or "nomn" not in found:
        return None
    if top.tag.POS == "PRTS" and _lemma(top) in frozenset(rules()["subject"]["predicative"]) \
            and _subject_before(tokens, index):
        # был назначен заместитель министра, with «он» before: the subject is there, the term is the predicate
        return Evidence(frozenset({"ablt"}), f"as the predicate of «{word}», whose subject stands before it",
                        "passive-predicate", prefer="ablt")
    if last + 1 < len(tokens) and tokens[last + 1].lower in _JOINING | {","} and any(
            p.tag.number == "plur" for p in passive):
        return None  # a plural participle may agree with coordinated terms
    # the term's head: its first noun (Секретариат in «Секретариат ОДКБ», not the feminine ОДКБ)
    heads = next(([p for p in _parses(t.text) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
                  for t in tokens[first:last + 1] if any(p.tag.POS == "NOUN" for p in _parses(t.text))), [])
    if any(_agrees(parse, head) for parse in passive if parse.tag.POS == "PRTS" or parse.tag.case in found
           for head in heads or [None]):
        return None
    return Evidence(frozenset({"ablt"}), f"as the agent of «{word}»", "passive-agent", prefer="ablt")


def _agrees_as_predicate(word: str, term: tuple[Token, ...]) -> bool:
    """``word`` can be the predicate of the term as a subject (number, and gender in the past tense)."""
    heads = [p for t in term for p in _parses(t.text) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
    return any(_agrees(parse, head) for parse in _parses(word) if parse.tag.POS in ("VERB", "PRTS", "ADJS")
               for head in heads or [None])


def _agrees(parse: Any, head: Any | None) -> bool:
    """A predicate or participle reading can go with a noun reading in number, and in gender in the singular
    (no noun reading, or a form without number: nothing decides against it)."""
    return head is None or parse.tag.number is None or (parse.tag.number == head.tag.number and (
        parse.tag.gender is None or parse.tag.number == "plur" or parse.tag.gender == head.tag.gender))


def _arcs(tokens: tuple[Token, ...]) -> tuple[syntax_ru.Arc, ...] | None:
    return syntax_ru.parse(tuple(t.text for t in tokens))


def _term_head(arcs: tuple[syntax_ru.Arc, ...], first: int, last: int) -> int | None:
    """The token of the rendering attached outside it (its syntactic head word)."""
    for index in range(first, last + 1):
        if not first <= arcs[index].head <= last:
            return index
    return None


def _agreement(tokens: tuple[Token, ...], index: int, first: int, last: int, found: frozenset[str],
               entry_type: str) -> Evidence | None:
    word = tokens[index].text
    if _has_pos(word, "NOUN"):
        return None
    cases = _cases(word, frozenset({"ADJF"}))
    if not cases or cases & found:
        return None
    arcs = _arcs(tokens)
    if arcs is None or not (first <= arcs[index].head <= last and arcs[index].rel in _MODIFIER_RELS):
        return None
    return Evidence(cases, f"to agree with «{word}»", "agreement")


def _apposition(tokens: tuple[Token, ...], index: int, first: int, last: int, found: frozenset[str],
                entry_type: str) -> Evidence | None:
    if entry_type != "person":
        return None
    titles = _lemma_sets().titles
    title = None
    for position in range(index, max(index - 7, -1), -1):
        token = tokens[position]
        if not token.word or token.lower in rules()["prepositions"]:
            return None
        if _lemmas(token.text) & titles:
            title = position
            break
    if title is None:
        return None
    cases = {p.tag.case for p in _parses(tokens[title].text)
             if p.tag.POS == "NOUN" and _lemma(p) in titles}
    if not cases:
        return None
    cases |= {"gent"}  # a genitive after a title is its complement, not an apposition (представитель Панкина)
    if cases & found:
        return None
    arcs = _arcs(tokens)
    head = None if arcs is None else _term_head(arcs, first, last)
    parsed = head is not None and arcs is not None and arcs[head].head == title and arcs[head].rel in _APPOSITION_RELS
    if not parsed and not _after_title_and_complement(tokens, title, first, cases):
        return None
    return Evidence(frozenset(cases), f"in apposition to «{tokens[title].text}»", "apposition",
                    prefer=next(iter(sorted(cases - {"gent"})), "gent"))


def _after_title_and_complement(tokens: tuple[Token, ...], title: int, first: int, cases: set[str]) -> bool:
    """A name right after a title in an oblique case and its genitive complement (с министром иностранных дел
    Беларуси Рыженковым), where the parse did not say so: only the apposition or a genitive (заместителю Иванова)
    can stand there. Not after a nominative, accusative or genitive title, whose name may be another role
    (письмо министра иностранных дел Рыженкову: the letter's recipient)."""
    if not cases & {"ablt", "datv", "loct"} or cases & {"nomn", "accs"}:
        return False
    return all(_genitive_word(tokens[position]) for position in range(title + 1, first))


def _chain(tokens: tuple[Token, ...], index: int, first: int, last: int, found: frozenset[str],
           entry_type: str) -> Evidence | None:
    if not found <= {"nomn", "accs"} or not _governing_noun(tokens[index].text):
        return None
    if entry_type == "person" and _apposition_title_near(tokens, index):
        return None
    arcs = _arcs(tokens)
    head = None if arcs is None else _term_head(arcs, first, last)
    if head is None or arcs is None:
        return None
    if arcs[head].rel == "appos" and arcs[head].head == index and entry_type != "person":
        # an apposition agrees with its noun; a place or organisation after a noun in another case is its genitive
        host = _cases(tokens[index].text, frozenset({"NOUN"}))
        if entry_type != "post" and all("anim" in p.tag for p in _parses(tokens[index].text) if p.tag.POS == "NOUN"):
            host = frozenset({"gent"})  # a place or body is no apposition of a person: «президента Кыргызстана»
        verb = arcs[index].head
        if verb >= 0 and _finite(tokens[verb].text) and _could_be_subject(tokens, arcs, verb, head, first, last):
            return None  # «На севере Таджикистан граничит с Кыргызстаном»: the subject after an adverbial
        if host and "nomn" not in host and not _lemmas(tokens[index].text) & _lemma_sets().naming:
            return Evidence(frozenset({"gent"}) | host, f"after the noun «{tokens[index].text}» that governs it",
                            "genitive-chain")
    if arcs[head].rel in _CHAIN_RELS and 0 <= arcs[head].head < first:
        governor = arcs[head].head
        if not _governing_noun(tokens[governor].text):
            return None
        verb = arcs[governor].head
        if verb >= 0 and _finite(tokens[verb].text) and _could_be_subject(tokens, arcs, verb, head, first, last):
            return None  # a fronted object and its verb's subject: «Письмо Казахстан получил вчера»
    elif not _role_clash(tokens, arcs, index, head, first, last):
        return None
    else:
        governor = index
    return Evidence(frozenset({"gent"}), f"after the noun «{tokens[governor].text}» that governs it", "genitive-chain")


def _governing_noun(word: str) -> bool:
    """A noun that can head a genitive chain (an indeclinable abbreviation cannot: ОДКБ миротворческие миссии …)."""
    return any(p.tag.POS == "NOUN" and "Fixd" not in p.tag for p in _parses(word)) and not word.isupper()


def _dependents(arcs: tuple[syntax_ru.Arc, ...], head: int, rel: str) -> list[int]:
    return [i for i, arc in enumerate(arcs) if arc.head == head and arc.rel.split(":")[0] == rel]


def _could_be_subject(tokens: tuple[Token, ...], arcs: tuple[syntax_ru.Arc, ...], verb: int, head: int, first: int,
                      last: int) -> bool:
    """The term could be the subject of ``verb``: the verb has no other subject and agrees with the term (a
    coordinated term takes a plural verb; a word that is no finite verb cannot decide). Another subject counts only
    unless it may be the verb's accusative object instead (the parse reads «Документ подписал … Генеральный
    секретарь» with two subjects; «Кыргызстан передал председательство …» has its object)."""
    # a verb of taking place has no object, so another nominative-looking dependent is its subject
    has_object = bool(_dependents(arcs, verb, "obj")) \
        or bool(_lemmas(tokens[verb].text) & frozenset(rules()["subject"]["occurrence"]))
    if any(not first <= i <= last and (has_object or not _nominative_or_accusative(tokens[i].text))
           for i in _dependents(arcs, verb, "nsubj")):
        return False
    if _dependents(arcs, head, "conj") or not _finite(tokens[verb].text):
        return True
    return _agrees_as_predicate(tokens[verb].text, (tokens[head],))


def _nominative_or_accusative(word: str) -> bool:
    """One reading of ``word`` is both nominative and accusative (документ, Кыргызстан; not Рыженков)."""
    readings: dict[str, set[str]] = {}
    for parse in _parses(word):
        if parse.tag.POS == "NOUN":
            readings.setdefault(f"{parse.normal_form} {parse.tag.number}", set()).add(str(parse.tag.case))
    return any({"nomn", "accs"} <= cases for cases in readings.values())


def _finite(word: str) -> bool:
    """``word`` can be a predicate that agrees with its subject (a finite verb, a short participle or adjective)."""
    return any(p.tag.POS in ("VERB", "PRTS", "ADJS") for p in _parses(word))


def _role_clash(tokens: tuple[Token, ...], arcs: tuple[syntax_ru.Arc, ...], index: int, head: int, first: int,
                last: int) -> bool:
    """The parse gives the term a role next to the noun before it that the clause cannot hold, so the term is that
    noun's genitive complement: a second object («обсудили ход миротворческая операция»), a subject the verb
    already has or does not agree with («обсудили доклад Генеральный секретарь»), a bare nominal adverbial
    («на сессии Совет коллективной безопасности»)."""
    verb = arcs[head].head
    rel = arcs[head].rel.split(":")[0]
    # The noun before must hang on the same verb, except for a subject: a clause cannot hold a second one, wherever
    # the parse put the noun («предложила провести сессию Совет министров обороны»).
    if verb < 0 or (arcs[index].head != verb and rel != "nsubj") or not any(
            p.tag.POS in _VERBS_AND_SHORT_PARTICIPLES for p in _parses(tokens[verb].text)):
        return False
    if rel == "obj":
        return any(i != head for i in _dependents(arcs, verb, "obj"))
    if rel == "nsubj":
        return not _could_be_subject(tokens, arcs, verb, head, first, last)
    if rel == "obl":
        return not _dependents(arcs, head, "case")
    return False


def _apposition_title_near(tokens: tuple[Token, ...], index: int) -> bool:
    titles = _lemma_sets().titles
    return any(_lemmas(tokens[p].text) & titles for p in range(index, max(index - 7, -1), -1) if tokens[p].word)
