"""Glossary-enforced translation: term detection, verification, constrained decoding, term success rates.

Typical use::

    enforcer = TermEnforcer(Glossary.load("glossary/csto.yaml"), source_lang="en", mode="enforce")
    translations = translator.translate(sentences)
    translations, terms = enforcer.process(translator, "ru", sentences, translations)
    print(enforcer.summaries["ru"].format("ru"))
"""

from __future__ import annotations

from aligntool.terminology.constraints import Constraint, TargetVocabulary, TerminologyWarning
from aligntool.terminology.enforce import MODES, TermEnforcer, check_mode
from aligntool.terminology.report import SentenceTerms, TermCheck, TermSummary

__all__ = [
    "MODES", "Constraint", "SentenceTerms", "TargetVocabulary", "TermCheck", "TermEnforcer", "TermSummary",
    "TerminologyWarning", "check_mode",
]
