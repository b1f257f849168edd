"""Building lexical constraints from glossary terms (the constraint type and the decoding live in
:mod:`aligntool.engines.translation`): each one a disjunction of target token sequences.

A glossary term occurrence becomes one :class:`Constraint`: every allowed surface form of the entry
(all generated case forms), capitalised and not, tokenized with the model's TARGET sentencepiece model
twice — as a word of its own (first piece carries the word-initial ``▁``) and glued to preceding
punctuation (``«ОДКБ»``: no ``▁``). Forms the vocabulary cannot write (``<unk>`` pieces, text that does
not survive the round trip) are dropped with a warning instead of being forced into the output.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from aligntool.engines.translation.constraints import WORD_START, Constraint, TargetVocabulary

__all__ = ["WORD_START", "Constraint", "TargetVocabulary", "TerminologyWarning", "WarningLog", "avoid_sequences",
           "build_constraint", "constraint_from_strings", "spelling_variants"]


class TerminologyWarning(UserWarning):
    """A glossary term cannot be enforced as given (e.g. its forms are not in the model's vocabulary)."""


@dataclass
class WarningLog:
    """Messages about terms that cannot (fully) be enforced, each warned once."""

    warned: set[tuple[str, str]] = field(default_factory=set)
    messages: list[str] = field(default_factory=list)

    def warn(self, key: tuple[str, str], message: str) -> None:
        """Warn once per key (a term is checked in every sentence it occurs in)."""
        if key in self.warned:
            return
        self.warned.add(key)
        self.messages.append(message)
        warnings.warn(message, TerminologyWarning, stacklevel=3)


def spelling_variants(form: str, case_rule: str, lowercase: bool = True) -> list[str]:
    """The form as given, capitalised and (``lowercase``) with a lower-case first letter.

    Acronyms keep their capitals, also when they open a longer term (``ҰҚШҰ Бас хатшысы``).
    """
    variants = [form]
    if case_rule != "sensitive" and form:
        variants.append(form[:1].upper() + form[1:])
        first_word = form.split()[0]
        if lowercase and not (len(first_word) > 1 and first_word.isupper()):
            variants.append(form[:1].lower() + form[1:])
    return list(dict.fromkeys(variants))


def build_constraint(
    label: str, forms: Iterable[tuple[str, str]], vocabulary: TargetVocabulary, lang: str, *,
    lowercase: bool = True, log: WarningLog | None = None, source: str = "", avoid: Iterable[str] = (),
) -> Constraint | None:
    """A constraint from ``(form, case_rule)`` pairs; None (with a warning) if no form can be tokenized.

    ``lowercase=False`` for names: never offer ``минск`` for ``Минск``, even where the case rule would accept it.
    ``log`` collects the warnings (once per term and language); ``source``: the source words translated;
    ``avoid``: the entry's deprecated and forbidden forms (suppressed by engines that can).
    """
    log = log if log is not None else WarningLog()
    sequences: dict[tuple[int, ...], bool] = {}
    written: dict[tuple[int, ...], bool] = {}
    spelled: dict[tuple[int, ...], str] = {}
    unusable: list[str] = []
    for form, case_rule in forms:
        usable = False
        for variant, text in enumerate(spelling_variants(form.strip(), case_rule, lowercase)):
            word = vocabulary.encode(text, word_initial=True)
            if word is None:
                continue
            usable = True
            sequences.setdefault(word, False)
            written[word] = written.get(word, False) or variant == 0
            spelled.setdefault(word, form.strip())
            bare = vocabulary.encode(text, word_initial=False)
            if bare is not None and bare != word:
                sequences.setdefault(bare, True)
                written[bare] = written.get(bare, False) or variant == 0
                spelled.setdefault(bare, form.strip())
        if not usable:
            unusable.append(form)
    if unusable and sequences:
        log.warn((label, lang), (
            f"term '{label}' ({lang}): the model's target vocabulary cannot write "
            f"{', '.join(repr(f) for f in unusable[:3])}{' …' if len(unusable) > 3 else ''}; "
            "these forms are not used for enforcement"))
    if not sequences:
        log.warn((label, lang), (
            f"term '{label}' ({lang}) cannot be enforced: none of its forms can be written with the model's "
            "target vocabulary (they need <unk>); its occurrences stay unenforced — check the glossary "
            "spelling or use a model whose vocabulary covers these characters"))
        return None
    items = list(sequences.items())
    return Constraint(label, tuple(s for s, _ in items), tuple(free for _, free in items), source,
                      tuple(written[s] for s, _ in items), avoid_sequences(avoid, vocabulary, lowercase),
                      tuple(spelled[s] for s, _ in items))


def avoid_sequences(forms: Iterable[str], vocabulary: TargetVocabulary, lowercase: bool = True
                    ) -> tuple[tuple[int, ...], ...]:
    """Token sequences of disallowed forms (every spelling variant, word-initial and glued) that the
    vocabulary can write: what an engine suppresses while it completes a sentence around an enforced term."""
    found: dict[tuple[int, ...], None] = {}
    for form in forms:
        for text in spelling_variants(form.strip(), "first", lowercase):
            for word_initial in (True, False):
                ids = vocabulary.encode(text, word_initial=word_initial)
                if ids:
                    found.setdefault(ids)
    return tuple(found)


def constraint_from_strings(
    label: str, alternatives: Sequence[str], vocabulary: TargetVocabulary, lang: str = "xx",
) -> Constraint | None:
    """A constraint from plain alternative strings (case rule ``first``), e.g. for hand-made terms."""
    return build_constraint(label, [(a, "first") for a in alternatives], vocabulary, lang)
