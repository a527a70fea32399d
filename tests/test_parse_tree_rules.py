"""Parse look-ups the role and type rules share (coding.parse_tree), on
hand-built Docs: no trained model needed."""

from __future__ import annotations

import pytest
from handdocs import build, token

from flashpoint.coding.parse_tree import (
    each_side,
    is_nominal,
    is_passive,
    is_reciprocal,
    light_verb_of,
    phrase_tokens,
)
from flashpoint.coding.patterns import load_grammar

# "Rebels were arrested by police ."
PASSIVE = build("""
Rebels 2 nsubjpass NOUN NNS rebel
were 2 auxpass AUX VBD be
arrested 2 ROOT VERB VBN arrest
by 2 agent ADP IN -
police 3 pobj NOUN NN -
. 2 punct PUNCT . -
""")

# "Police arrested rebels ."
ACTIVE = build("""
Police 1 nsubj NOUN NN -
arrested 1 ROOT VERB VBD arrest
rebels 1 dobj NOUN NNS rebel
. 1 punct PUNCT . -
""")

# "The two armies shelled each other ."
RECIPROCAL = build("""
The 2 det DET DT -
two 2 nummod NUM CD -
armies 3 nsubj NOUN NNS army
shelled 3 ROOT VERB VBD shell
each 5 det DET DT -
other 3 dobj ADJ JJ -
. 3 punct PUNCT . -
""")

# "Each side blamed the other ."
EACH_SIDE = build("""
Each 1 det DET DT -
side 2 nsubj NOUN NN -
blamed 2 ROOT VERB VBD blame
the 4 det DET DT -
other 2 dobj ADJ JJ -
. 2 punct PUNCT . -
""")

# "The ministers held talks in the capital that failed ."
LIGHT_VERB = build("""
The 1 det DET DT -
ministers 2 nsubj NOUN NNS minister
held 2 ROOT VERB VBD hold
talks 2 dobj NOUN NNS talk
in 3 prep ADP IN -
the 6 det DET DT -
capital 4 pobj NOUN NN -
that 8 nsubj PRON WDT -
failed 3 relcl VERB VBD fail
. 2 punct PUNCT . -
""")

# "Shelling of villages continued ."
GERUND = build("""
Shelling 3 nsubj VERB VBG shell
of 0 prep ADP IN -
villages 1 pobj NOUN NNS village
continued 3 ROOT VERB VBD continue
. 3 punct PUNCT . -
""")


@pytest.mark.parametrize(("doc", "word", "passive"), [
    (PASSIVE, "arrested", True),
    (ACTIVE, "arrested", False),
])
def test_is_passive_needs_a_participle_with_a_passive_dependent(doc, word, passive):
    assert is_passive(token(doc, word)) is passive


def test_each_other_is_reciprocal_and_a_plain_object_is_not():
    assert is_reciprocal(token(RECIPROCAL, "other"))
    assert not is_reciprocal(token(ACTIVE, "rebels"))


def test_the_other_after_each_side_is_reciprocal():
    assert each_side(token(EACH_SIDE, "side"), None)
    assert is_reciprocal(token(EACH_SIDE, "other"))


def test_phrase_tokens_leave_out_relative_clauses():
    words = sorted(t.text for t in phrase_tokens(token(LIGHT_VERB, "talks")))
    assert words == ["capital", "in", "talks", "the"]


def test_light_verb_carries_a_nominal_event():
    grammar = load_grammar()
    assert "hold" in grammar.light_verbs
    assert light_verb_of(token(LIGHT_VERB, "talks"), grammar).text == "held"
    assert light_verb_of(token(LIGHT_VERB, "capital"), grammar) is None


@pytest.mark.parametrize(("doc", "word", "nominal"), [
    (GERUND, "Shelling", True),     # a gerund subject with no subject of its own
    (ACTIVE, "arrested", False),    # a finite verb
    (ACTIVE, "rebels", True),       # a noun
])
def test_is_nominal(doc, word, nominal):
    assert is_nominal(token(doc, word)) is nominal
