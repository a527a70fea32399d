"""Partners of a joint subject (``complete.joint_partners``) and the
course a compound event noun belongs to (``parse_tree.course_head``): logic
on hand-built Docs, the whole coder on sentences written for these tests."""

from __future__ import annotations

import pytest

from flashpoint.coding.parse_tree import course_head
from flashpoint.coding.patterns import load_grammar
from flashpoint.coding.rules_complete import conjunct_sides
from flashpoint.models import Actor
from handdocs import build, token

GRAMMAR = load_grammar()

# "The United States and Yemen 's rebels reached a deal ."
JOINT = build("""
The 2 det DET DT -
United 2 compound PROPN NNP -
States 8 nsubj PROPN NNP -
and 2 cc CCONJ CC -
Yemen 6 poss PROPN NNP -
's 4 case PART POS -
rebels 2 conj NOUN NNS rebel
have 8 aux AUX VBP -
reached 8 ROOT VERB VBN reach
a 10 det DET DT -
deal 8 dobj NOUN NN -
. 8 punct PUNCT . -
""")

USA = Actor(code="USA", text="United States")
YEM = Actor(code="YEM", text="Yemen")
REBELS = Actor(code="HOUTHI", sector="REB", text="rebels")


def test_each_conjunct_of_a_joint_subject_is_one_side():
    sides = conjunct_sides(token(JOINT, "States"), [USA, YEM, REBELS])
    assert sides == [[USA], [YEM, REBELS]]
    # from the second conjunct up to the first: the same sides
    assert conjunct_sides(token(JOINT, "rebels"), [USA, YEM, REBELS]) == sides


def test_no_sides_when_an_actor_is_in_no_conjunct_or_a_code_on_both():
    stranger = Actor(code="OMN", text="Oman")
    assert conjunct_sides(token(JOINT, "States"), [USA, YEM, stranger]) is None
    assert conjunct_sides(token(JOINT, "States"), [USA, Actor(code="USA", text="rebels")]) is None
    # one side only: no partners
    assert conjunct_sides(token(JOINT, "States"), [USA]) is None


# "The army ended a bombing campaign against the rebels ."
COURSE = build("""
The 1 det DET DT -
army 2 nsubj NOUN NN -
ended 2 ROOT VERB VBD end
a 5 det DET DT -
bombing 5 compound NOUN NN -
campaign 2 dobj NOUN NN -
against 5 prep ADP IN -
the 8 det DET DT -
rebels 6 pobj NOUN NNS rebel
. 2 punct PUNCT . -
""")

# "Attack helicopters flew over the town ."
CLASSIFIER = build("""
Attack 1 compound NOUN NN attack
helicopters 2 nsubj NOUN NNS helicopter
flew 2 ROOT VERB VBD fly
over 2 prep ADP IN -
the 5 det DET DT -
town 3 pobj NOUN NN -
. 2 punct PUNCT . -
""")


def test_an_event_noun_compounded_into_a_course_of_acts_belongs_to_it():
    assert course_head(token(COURSE, "bombing"), GRAMMAR).i == token(COURSE, "campaign").i
    assert course_head(token(COURSE, "campaign"), GRAMMAR) is None  # not a compound
    assert course_head(token(CLASSIFIER, "Attack"), GRAMMAR) is None  # a kind of thing, no course


def _keys(doc):
    return {(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in doc._.fp_events}


@pytest.mark.model
def test_the_course_gives_the_act_its_author_and_target(code_text):
    keys = _keys(code_text("A two-week Kenyan bombing campaign against al Shabaab left 40 dead."))
    assert ("ASSAULT", "KEN", "SHABAAB") in keys


@pytest.mark.model
@pytest.mark.parametrize("text,one,other", [
    ("Ghanaian troops shelled Togolese border villages on Friday, killing four people.\n\n"
     "Togo and Ghana's northern chiefs reached a ceasefire agreement on Monday.", "TGO", "GHA"),
    # a state and an armed group: no pair of states in focus covers them
    ("Kenyan jets bombed al Shabaab camps in Somalia on Friday, killing 30 fighters.\n\n"
     "Kenya and al Shabaab reached a truce on Monday, elders said.", "KEN", "SHABAAB"),
])
def test_parties_agreeing_together_in_a_conflict_agree_with_each_other(code_text, text, one, other):
    keys = _keys(code_text(text))
    assert ("AGREE", one, other) in keys and ("AGREE", other, one) in keys
    assert ("AGREE", one, None) not in keys


@pytest.mark.model
def test_a_lone_report_of_a_joint_agreement_names_no_partner(code_text):
    keys = _keys(code_text("Jordan and Britain have agreed to hold joint naval exercises next month."))
    assert ("AGREE", "JOR", "GBR") not in keys
    assert ("AGREE", "JOR", None) in keys


@pytest.mark.model
def test_offers_made_by_each_of_two_parties_are_no_deal_between_them(code_text):
    text = ("Chadian and Sudanese troops fought along the border on Monday, killing four soldiers.\n\n"
            "Egypt and Qatar have both offered to mediate.")
    keys = _keys(code_text(text))
    assert not {k for k in keys if k[0] == "AGREE" and {k[1], k[2]} == {"EGY", "QAT"}}


# "Troops carried out 40 attacks , including 12 strikes on camps ."
INCLUDED = build("""
Troops 1 nsubj NOUN NNS troop
carried 1 ROOT VERB VBD carry
out 1 prt ADP RP -
40 4 nummod NUM CD -
attacks 1 dobj NOUN NNS attack
, 1 punct PUNCT , -
including 1 prep VERB VBG include
12 8 nummod NUM CD -
strikes 6 pobj NOUN NNS strike
on 8 prep ADP IN -
camps 9 pobj NOUN NNS camp
. 1 punct PUNCT . -
""")


def _candidate(doc, word, event_type="ASSAULT", source=None):
    from flashpoint.coding.candidate import Candidate
    from flashpoint.coding.patterns import Match, Pattern
    from flashpoint.coding.role import Role

    trigger = token(doc, word)
    match = Match(Pattern(id="test", type=event_type, trigger={}), trigger, [trigger])
    return Candidate(match, event_type, Role(source or []))


def test_events_counted_among_others_share_their_roles():
    from flashpoint.coding.candidate import SentenceContext
    from flashpoint.coding.rules_merge import included_events_share_roles

    kenya = Actor(code="KEN", sector="MIL", text="Troops")
    whole = _candidate(INCLUDED, "attacks", source=[kenya])
    part = _candidate(INCLUDED, "strikes")
    ctx = SentenceContext(sent=INCLUDED[:], index=None, grammar=GRAMMAR, history=[])
    ctx.candidates = {whole.trigger.i: whole, part.trigger.i: part}
    included_events_share_roles(ctx)
    assert part.source.actors == [kenya]
    # another type is no part of the count
    other = _candidate(INCLUDED, "strikes", event_type="PROTEST")
    ctx.candidates = {whole.trigger.i: whole, other.trigger.i: other}
    included_events_share_roles(ctx)
    assert not other.source


@pytest.mark.model
def test_the_act_a_warning_is_conditioned_on_is_no_act_done(code_text):
    keys = _keys(code_text("The Kenyan army warned it would hit back hard if Somali militias "
                           "attacked its border posts again."))
    assert not {k for k in keys if k[0] == "ASSAULT"}
    assert {k for k in keys if k[0] == "THREATEN" and k[1] == "KEN"}


# "Strikes were launched to defend interests ."
PURPOSE = build("""
Strikes 2 nsubjpass NOUN NNS strike
were 2 auxpass AUX VBD be
launched 2 ROOT VERB VBN launch
to 4 aux PART TO -
defend 2 xcomp VERB VB -
interests 4 dobj NOUN NNS interest
. 2 punct PUNCT . -
""")

# "Troops defend the town ."
DEFEND = build("""
Troops 1 nsubj NOUN NNS troop
defend 1 ROOT VERB VBP -
the 3 det DET DT -
town 1 dobj NOUN NN -
. 1 punct PUNCT . -
""")


def test_protecting_in_a_to_clause_under_another_verb_is_that_act_s_motive():
    from flashpoint.coding.rules_roles import _purpose_of_another_act

    verbs = GRAMMAR.protective_verbs
    assert _purpose_of_another_act(token(PURPOSE, "defend"), verbs)
    assert not _purpose_of_another_act(token(DEFEND, "defend"), verbs)  # the main act itself
    assert not _purpose_of_another_act(token(PURPOSE, "defend"), frozenset({"protect"}))


# "Militants fired missiles and gunfire at troops ."
FIRED = build("""
Militants 1 nsubj NOUN NNS militant
fired 1 ROOT VERB VBD fire
missiles 1 dobj NOUN NNS missile
and 2 cc CCONJ CC -
gunfire 2 conj NOUN NN -
at 1 prep ADP IN -
troops 5 pobj NOUN NNS troop
. 1 punct PUNCT . -
""")


def _match(doc, word, event_type="ASSAULT"):
    from flashpoint.coding.patterns import Match, Pattern

    trigger = token(doc, word)
    return Match(Pattern(id="test", type=event_type, trigger={}), trigger, [trigger])


def test_an_attack_noun_that_an_attack_verb_fires_is_its_means():
    from flashpoint.coding.candidate import SentenceContext
    from flashpoint.coding.rules_triggers import means_of_an_attack

    ctx = SentenceContext(sent=FIRED[:], index=None, grammar=GRAMMAR, history=[])
    gunfire = _match(FIRED, "gunfire")
    ctx.by_token = {token(FIRED, "fired").i: _match(FIRED, "fired"), gunfire.trigger.i: gunfire}
    assert means_of_an_attack(gunfire, ctx) is not None
    # the verb no trigger (or another type's): the noun is the attack
    ctx.by_token = {gunfire.trigger.i: gunfire}
    assert means_of_an_attack(gunfire, ctx) is None
    ctx.by_token = {token(FIRED, "fired").i: _match(FIRED, "fired", "THREATEN"), gunfire.trigger.i: gunfire}
    assert means_of_an_attack(gunfire, ctx) is None


# "It was a deliberate attack ."
CALLED = build("""
It 1 nsubj PRON PRP it
was 1 ROOT AUX VBD be
a 4 det DET DT -
deliberate 4 amod ADJ JJ -
attack 1 attr NOUN NN -
. 1 punct PUNCT . -
""")

# "Rebels mounted a deliberate attack ."
MOUNTED = build("""
Rebels 1 nsubj NOUN NNS rebel
mounted 1 ROOT VERB VBD mount
a 4 det DET DT -
deliberate 4 amod ADJ JJ -
attack 1 dobj NOUN NN -
. 1 punct PUNCT . -
""")


def test_an_event_noun_said_of_an_act_is_its_name_not_a_second_act():
    from flashpoint.coding.candidate import SentenceContext
    from flashpoint.coding.rules_triggers import predicate_of_an_act

    called = _match(CALLED, "attack")
    ctx = SentenceContext(sent=CALLED[:], index=None, grammar=GRAMMAR, history=[])
    ctx.by_token = {called.trigger.i: called}
    assert predicate_of_an_act(called, ctx) is not None
    mounted = _match(MOUNTED, "attack")
    ctx = SentenceContext(sent=MOUNTED[:], index=None, grammar=GRAMMAR, history=[])
    ctx.by_token = {mounted.trigger.i: mounted}
    assert predicate_of_an_act(mounted, ctx) is None  # an act done, not a name
