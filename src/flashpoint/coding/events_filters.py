"""Trigger filters: words that look like events and name none.

``classifier_noun`` decides that an event noun modifying another noun as a
compound only says what kind of thing that noun is ("an attack submarine",
"strike aircraft", "assault rifles"): no happening is told. The heads it
classifies are listed in ``data/patterns/grammar_events.yaml``
(``classifier_heads``).
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.parse_tree import is_nominal
from flashpoint.coding.patterns import Grammar


def classifier_noun(tok: Token, grammar: Grammar) -> str | None:
    """Why the event noun ``tok`` names no happening (a compound classifier
    of a vehicle, weapon or unit), or None."""
    if not is_nominal(tok) or tok.dep_ != "compound":
        return None
    if tok.head.lower_ in grammar.classifier_heads or tok.head.lemma_.lower() in grammar.classifier_heads:
        return f"'{tok.text}' classifies '{tok.head.text}' (a kind of thing, no happening)"
    return None
