"""Stacked nationalities and a state's name before a nationality
(``nlp.actor_ethnic``) on hand-built Docs, no model. Sentences written
here."""

from __future__ import annotations

from spacy.tokens import Span

from flashpoint.models import Actor
from flashpoint.nlp import extensions
from flashpoint.nlp.actor_ethnic import _adjective_state, _stacked_nationalities
from handdocs import build

extensions.register()
STATES = frozenset({"GRC", "CYP", "TUR", "SRB", "BIH", "XKX", "RUS", "UKR"})

# "Greek Cypriot fishermen marched ."
STACKED = build("""
Greek 2 amod ADJ JJ greek
Cypriot 2 amod ADJ JJ cypriot
fishermen 3 nsubj NOUN NNS fisherman
marched 3 ROOT VERB VBD march
. 3 punct PUNCT . -
""")

# "Both nations fired ."
BOTH = build("""
Both 1 det DET DT both
nations 2 nsubj NOUN NNS nation
fired 2 ROOT VERB VBD fire
. 2 punct PUNCT . -
""")


def _group(doc, start, end, codes):
    span = Span(doc, start, end, label="GROUP")
    span._.fp_members = [Actor(code=c, sector="CVL", text=span.text) for c in codes]
    return span


def test_two_stacked_nationalities_are_the_people_of_the_state_where_one_is_a_minority():
    span = _stacked_nationalities(_group(STACKED, 0, 3, ["GRC", "CYP"]), STATES)
    assert span.label_ == "ROLE"
    assert span._.fp_actor.code == "CYP"
    assert span._.fp_members is None


def test_a_group_told_by_no_nationality_words_stays_a_group():
    span = _group(BOTH, 0, 2, ["RUS", "UKR"])
    assert _stacked_nationalities(span, STATES) is span


def test_a_state_name_before_a_nationality_is_where_they_live():
    # "Kosovo Serbs": the state named right before the nationality
    doc = build("""
Kosovo 1 compound PROPN NNP kosovo
Serbs 2 nsubj PROPN NNPS serb
marched 2 ROOT VERB VBD march
""")
    state = Span(doc, 0, 1, label="STATE")
    state._.fp_actor = Actor(code="XKX", text="Kosovo")
    nationals = Span(doc, 1, 2, label="NATIONALS")
    nationals._.fp_actor = Actor(code="SRB", text="Serbs")
    assert _adjective_state(nationals, {0: state, 1: nationals}, "SRB") == "XKX"


def test_an_adjective_whose_people_are_a_minority_of_the_nouns_state_keeps_it():
    # "Greek Cypriots" are Cypriots; "Bosnian Croats" are of Bosnia
    doc = build("""
Greek 1 amod ADJ JJ greek
Cypriots 2 nsubj PROPN NNPS cypriot
marched 2 ROOT VERB VBD march
""")
    adj = Span(doc, 0, 1, label="ADJ")
    adj._.fp_actor = Actor(code="GRC", text="Greek")
    nationals = Span(doc, 1, 2, label="NATIONALS")
    nationals._.fp_actor = Actor(code="CYP", text="Cypriots")
    assert _adjective_state(nationals, {0: adj, 1: nationals}, "CYP") is None
    adj._.fp_actor = Actor(code="BIH", text="Bosnian")
    nationals._.fp_actor = Actor(code="HRV", text="Croats")
    assert _adjective_state(nationals, {0: adj, 1: nationals}, "HRV") == "BIH"
