"""Coding rules on hand-built Docs (no trained model): each rule function is
called directly on the parse it is written for, so its logic is tested
apart from the parser's mistakes."""

from __future__ import annotations

import pytest

from flashpoint.coding.candidate import Candidate, SentenceContext
from flashpoint.coding.patterns import Match, Pattern, load_grammar
from flashpoint.coding.role import Role
from flashpoint.coding.rules_complete import is_symmetric
from flashpoint.coding.rules_modality import condition_word
from flashpoint.coding.rules_roles import _modified_noun, source_from_pattern_slot
from flashpoint.coding.rules_triggers import (
    names_an_office,
    participle_as_adjective,
    participle_as_noun,
)
from flashpoint.models import Actor
from handdocs import build, token

GRAMMAR = load_grammar()


def match_on(doc, word, event_type="ASSAULT"):
    trigger = token(doc, word)
    return Match(Pattern(id="test", type=event_type, trigger={}), trigger, [trigger])


def context(doc) -> SentenceContext:
    return SentenceContext(sent=doc[:], index=None, grammar=GRAMMAR, history=[])


# "Residents of the occupied town fled ."
OCCUPIED = build("""
Residents 5 nsubj NOUN NNS resident
of 0 prep ADP IN -
the 4 det DET DT -
occupied 4 amod VERB VBN occupy
town 1 pobj NOUN NN -
fled 5 ROOT VERB VBD flee
. 5 punct PUNCT . -
""")

# "Doctors treated the wounded ."
WOUNDED = build("""
Doctors 1 nsubj NOUN NNS doctor
treated 1 ROOT VERB VBD treat
the 3 det DET DT -
wounded 1 dobj VERB VBN wound
. 1 punct PUNCT . -
""")

# "Troops occupied the town ."
OCCUPY = build("""
Troops 1 nsubj NOUN NNS troop
occupied 1 ROOT VERB VBD occupy
the 3 det DET DT -
town 1 dobj NOUN NN -
. 1 punct PUNCT . -
""")

# "The head of operations resigned ."
OFFICE = build("""
The 1 det DET DT -
head 4 nsubj NOUN NN -
of 1 prep ADP IN -
operations 2 pobj NOUN NNS operation
resigned 4 ROOT VERB VBD resign
. 4 punct PUNCT . -
""")

# "They will withdraw unless talks resume ."
UNLESS = build("""
They 2 nsubj PRON PRP they
will 2 aux AUX MD -
withdraw 2 ROOT VERB VB -
unless 5 mark SCONJ IN -
talks 5 nsubj NOUN NNS talk
resume 2 advcl VERB VBP -
. 2 punct PUNCT . -
""")

# "The armies clashed ."
CLASHED = build("""
The 1 det DET DT -
armies 2 nsubj NOUN NNS army
clashed 2 ROOT VERB VBD clash
. 2 punct PUNCT . -
""")


# "Police met the party secretary for mobilisation ." (the parser hangs
# 'for' on the verb)
SECRETARY_FOR = build("""
Police 1 nsubj NOUN NNS police
met 1 ROOT VERB VBD meet
the 4 det DET DT -
party 4 compound NOUN NN -
secretary 1 dobj NOUN NN -
for 1 prep ADP IN -
mobilisation 5 pobj NOUN NN -
. 1 punct PUNCT . -
""")

# "Troops met for mobilisation ." (no title before the preposition)
MET_FOR = build("""
Troops 1 nsubj NOUN NNS troop
met 1 ROOT VERB VBD meet
for 1 prep ADP IN -
mobilisation 2 pobj NOUN NN -
. 1 punct PUNCT . -
""")


def test_an_office_named_for_its_field_is_no_event_wherever_the_parser_hangs_it():
    assert names_an_office(match_on(SECRETARY_FOR, "mobilisation", "MOBILIZE"),
                           context(SECRETARY_FOR))  # fmt: skip
    assert names_an_office(match_on(MET_FOR, "mobilisation", "MOBILIZE"), context(MET_FOR)) is None


def test_a_participle_before_a_noun_is_no_act_but_a_finite_verb_is():
    assert participle_as_adjective(match_on(OCCUPIED, "occupied"), context(OCCUPIED))
    assert participle_as_adjective(match_on(OCCUPY, "occupied"), context(OCCUPY)) is None


def test_a_participle_with_a_determiner_names_people():
    assert participle_as_noun(match_on(WOUNDED, "wounded"), context(WOUNDED))
    assert participle_as_noun(match_on(OCCUPY, "occupied"), context(OCCUPY)) is None


def test_an_event_noun_inside_an_office_title_is_no_event():
    assert "head" in GRAMMAR.title_heads
    assert names_an_office(match_on(OFFICE, "operations"), context(OFFICE))
    assert names_an_office(match_on(OCCUPY, "town"), context(OCCUPY)) is None


def test_the_condition_word_of_a_clause_on_the_trigger():
    assert condition_word(token(UNLESS, "withdraw"), GRAMMAR) == "unless"
    assert condition_word(token(OCCUPY, "occupied"), GRAMMAR) is None


@pytest.mark.parametrize(("doc", "word", "symmetric"), [
    (CLASHED, "clashed", True),
    (OCCUPY, "occupied", False),
])
def test_a_clash_names_both_sides_as_one(doc, word, symmetric):
    cand = Candidate(match_on(doc, word), "ASSAULT", Role())
    assert is_symmetric(cand, GRAMMAR) is symmetric


# "a battle with herders backed by gunmen ." (the parser hangs 'backed' on 'battle')
BATTLE_WITH_BACKED = build("""
a 1 det DET DT -
battle 1 ROOT NOUN NN -
with 1 prep ADP IN -
herders 2 pobj NOUN NNS herder
backed 1 acl VERB VBN back
by 4 agent ADP IN -
gunmen 5 pobj NOUN NNS gunman
. 1 punct PUNCT . -
""")

# "herders backed by gunmen ."
HERDERS_BACKED = build("""
herders 0 ROOT NOUN NNS herder
backed 0 acl VERB VBN back
by 1 agent ADP IN -
gunmen 2 pobj NOUN NNS gunman
. 0 punct PUNCT . -
""")


def test_a_reduced_relative_modifies_the_noun_just_before_it():
    assert _modified_noun(token(BATTLE_WITH_BACKED, "backed")).text == "herders"
    assert _modified_noun(token(HERDERS_BACKED, "backed")).text == "herders"


# "A reporter went missing ."
MISSING = build("""
A 1 det DET DT -
reporter 2 nsubj NOUN NN -
went 2 ROOT VERB VBD go
missing 2 acomp VERB VBG miss
. 2 punct PUNCT . -
""")


@pytest.mark.parametrize("slot_id, source_kept", [("target", False), (None, True)])
def test_a_subject_named_as_the_target_slot_is_no_source(slot_id, source_kept):
    went, missing, reporter = token(MISSING, "went"), token(MISSING, "missing"), token(MISSING, "reporter")
    node = {"dep": ["nsubj"]} | ({"id": slot_id} if slot_id else {})
    pattern = Pattern(id="test", type="ASSAULT", trigger={}, with_=[{"dep": ["acomp"]}, node])
    ctx = context(MISSING)
    ctx.by_token = {went.i: Match(pattern, went, [went, missing, reporter])}
    ctx.sources = {went.i: Role([Actor(sector="MED", text="reporter")], "subject", [reporter])}
    source_from_pattern_slot(ctx)
    assert bool(ctx.sources[went.i]) is source_kept
