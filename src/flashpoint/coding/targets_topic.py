"""Topics are not targets.

``topic_object`` decides that the object of a verb of talking about
something ("discussed the situation in Libya", "reviewed the crisis in the
north") is what is talked about: the states and places inside it are the
topic, not the partner the act is aimed at. A person or a state as the
object keeps its role ("discussed Libya with Italy": "with Italy" is the
partner, found by the preposition rules). The verbs and topic nouns are in
``data/patterns/grammar_events.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.patterns import Grammar


def topic_object(verb: Token, obj: Token, grammar: Grammar) -> bool:
    """True when ``obj`` is the topic of a talking verb (a topic noun, or
    the verb is one only of topics), not its partner."""
    if verb.lemma_.lower() not in grammar.topic_verbs:
        return False
    return obj.lemma_.lower() in grammar.topic_nouns or obj.pos_ == "NOUN" and obj.lemma_.lower() not in grammar.partner_nouns


def document_object(verb: Token, obj: Token, grammar: Grammar) -> bool:
    """True when ``obj`` is a document that a verb of deciding on documents
    takes ("vetoed a resolution", "adopted a declaration"): the places and
    parties its text names ("demanding a halt in X") are no party to the
    act, so the last-resort search for a state does not read them."""
    return (verb.lemma_.lower() in grammar.document_verbs
            and obj.lemma_.lower() in grammar.document_nouns)
