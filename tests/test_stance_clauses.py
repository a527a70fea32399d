"""Stances told of a party of a street or armed act
(``coding.types_protest.stance_clauses``) on hand-built Docs, no model.
Sentences written here."""

from __future__ import annotations

from flashpoint.coding.candidate import Candidate
from flashpoint.coding.patterns import Match, Pattern, load_grammar
from flashpoint.coding.role import Role
from flashpoint.coding.types_protest import stance_clauses
from handdocs import build, token

GRAMMAR = load_grammar()

# "Students demanding lower fees clashed with police ."
DEMANDING = build("""
Students 4 nsubj NOUN NNS student
demanding 0 acl VERB VBG demand
lower 3 amod ADJ JJR low
fees 1 dobj NOUN NNS fee
clashed 4 ROOT VERB VBD clash
with 4 prep ADP IN -
police 5 pobj NOUN NNS police
. 4 punct PUNCT . -
""")

# "The council condemned the raid , calling for an inquiry ."
CONDEMNED = build("""
The 1 det DET DT -
council 2 nsubj NOUN NN -
condemned 2 ROOT VERB VBD condemn
the 4 det DET DT -
raid 2 dobj NOUN NN -
, 2 punct PUNCT , -
calling 2 advcl VERB VBG call
for 6 prep ADP IN -
an 9 det DET DT -
inquiry 7 pobj NOUN NN -
. 2 punct PUNCT . -
""")


def _cand(doc, word, event_type, source=None):
    trigger = token(doc, word)
    match = Match(Pattern(id="test", type=event_type, trigger={}), trigger, [trigger])
    return Candidate(match, event_type, Role([], tokens=[token(doc, source)] if source else []))


def test_a_demand_in_a_clause_on_the_party_of_a_clash_is_no_event():
    clash = _cand(DEMANDING, "clashed", "ASSAULT", source="Students")
    demand = _cand(DEMANDING, "demanding", "REQUEST")
    candidates = {clash.trigger.i: clash, demand.trigger.i: demand}
    stance_clauses(candidates, GRAMMAR)
    assert list(candidates) == [clash.trigger.i]


def test_a_call_beside_a_condemnation_stays():
    # the host is a verbal act, not a street or armed one
    condemn = _cand(CONDEMNED, "condemned", "ACCUSE", source="council")
    call = _cand(CONDEMNED, "calling", "REQUEST")
    candidates = {condemn.trigger.i: condemn, call.trigger.i: call}
    stance_clauses(candidates, GRAMMAR)
    assert set(candidates) == {condemn.trigger.i, call.trigger.i}


# "Students marched to show support for the dean ."
MARCHED = build("""
Students 1 nsubj NOUN NNS student
marched 1 ROOT VERB VBD march
to 3 aux PART TO -
show 1 advcl VERB VB -
support 3 dobj NOUN NN -
for 4 prep ADP IN -
the 7 det DET DT -
dean 5 pobj NOUN NN -
. 1 punct PUNCT . -
""")


def test_a_backing_in_the_purpose_of_a_march_is_no_event():
    march = _cand(MARCHED, "marched", "PROTEST", source="Students")
    support = _cand(MARCHED, "support", "SUPPORT")
    candidates = {march.trigger.i: march, support.trigger.i: support}
    stance_clauses(candidates, GRAMMAR)
    assert list(candidates) == [march.trigger.i]


# "Youths clashed with troops stationed in the town ."
STATIONED = build("""
Youths 1 nsubj NOUN NNS youth
clashed 1 ROOT VERB VBD clash
with 1 prep ADP IN -
troops 2 pobj NOUN NNS troop
stationed 3 acl VERB VBN station
in 4 prep ADP IN -
the 7 det DET DT -
town 5 pobj NOUN NN -
. 1 punct PUNCT . -
""")


def test_a_posting_told_of_a_party_in_a_passive_participle_is_no_event():
    clash = _cand(STATIONED, "clashed", "ASSAULT", source="Youths")
    posted = _cand(STATIONED, "stationed", "MOBILIZE")
    candidates = {clash.trigger.i: clash, posted.trigger.i: posted}
    stance_clauses(candidates, GRAMMAR)
    assert list(candidates) == [clash.trigger.i]


def test_a_bare_gerund_after_without_is_a_manner():
    from flashpoint.coding.rules_triggers import manner_without

    doc = build("""
Soldiers 1 nsubj NOUN NNS soldier
fired 1 ROOT VERB VBD fire
without 1 prep ADP IN -
warning 2 pcomp VERB VBG warn
. 1 punct PUNCT . -
""")
    match = Match(Pattern(id="test", type="THREATEN", trigger={}), token(doc, "warning"), [token(doc, "warning")])
    assert manner_without(match, None)
    match = Match(Pattern(id="test", type="ASSAULT", trigger={}), token(doc, "fired"), [token(doc, "fired")])
    assert manner_without(match, None) is None


# "Rebels held the crew to press Ghana for a ransom ."
HELD = build("""
Rebels 1 nsubj NOUN NNS rebel
held 1 ROOT VERB VBD hold
the 3 det DET DT -
crew 1 dobj NOUN NN -
to 5 aux PART TO -
press 1 advcl VERB VB -
Ghana 5 dobj PROPN NNP ghana
for 5 prep ADP IN -
a 9 det DET DT -
ransom 7 pobj NOUN NN -
. 1 punct PUNCT . -
""")


def test_a_demand_an_armed_act_presses_on_a_named_party_stays():
    from flashpoint.models import Actor

    held = _cand(HELD, "held", "COERCE", source="Rebels")
    press = _cand(HELD, "press", "REQUEST")
    press.target = Role([Actor(code="GHA", text="Ghana")], tokens=[token(HELD, "Ghana")])
    candidates = {held.trigger.i: held, press.trigger.i: press}
    stance_clauses(candidates, GRAMMAR)
    assert set(candidates) == {held.trigger.i, press.trigger.i}
    press.target = Role([])  # no one named: the demand is why they hold the crew
    stance_clauses(candidates, GRAMMAR)
    assert list(candidates) == [held.trigger.i]
