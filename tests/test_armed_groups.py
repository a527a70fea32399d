"""Armed groups of today's conflicts are actors with codes of their own
(SPEC: "a short upper-case code for a named armed group"), found by their
full names and the acronyms that are not ordinary words; and a group named
again inside its own act's phrase is never that act's "own state". The
sentences are our own."""

from __future__ import annotations

import pytest

from flashpoint.coding.parse_tree import light_verb_of
from flashpoint.coding.patterns import load_grammar
from flashpoint.coding.targets_last_resort import _group_itself
from flashpoint.models import Actor
from handdocs import build, token


def _actor(code, sector):
    return Actor(code=code, sector=sector, name=None, role=None, text=code)


def test_a_group_named_again_in_its_own_phrase_is_the_group_itself():
    group = _actor("ISGS", "REB")
    assert _group_itself([group], "actor", [group])
    # a place, or a state's forces, still locate a domestic act
    assert not _group_itself([_actor("MLI", None)], "place", [_actor("MLI", "REB")])
    assert not _group_itself([_actor("MLI", "MIL")], "actor", [_actor("MLI", "MIL")])
    assert not _group_itself([_actor("JNIM", "REB")], "actor", [group])


def _codes(doc):
    return {(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in doc._.fp_events}


@pytest.mark.parametrize("text, code", [
    ("Fighters of Jamaat Nusrat al-Islam wal-Muslimin ambushed a convoy near Gao.", "JNIM"),
    ("The Islamic State Sahel Province ambushed a patrol near Menaka.", "ISGS"),
    ("Kachin Independence Army fighters shelled an army outpost near Bhamo.", "KIA"),
    ("ADF rebels raided a village near Butembo, killing nine farmers.", "ADF_COD"),
])
def test_groups_are_coded_by_their_names(code_text, text, code):
    sources = {s for _, s, _ in _codes(code_text(text))}
    assert code in sources


def test_an_acronym_that_is_an_ordinary_abbreviation_names_no_group(code_text):
    doc = code_text("The ADF deployed two frigates to the exercise off Darwin.")
    assert not any(e.source and e.source.code == "ADF_COD" for e in doc._.fp_events)


def test_the_victims_of_a_group_named_at_length_are_not_the_group(code_text):
    doc = code_text("Twenty villagers were killed in the country's east by "
                    "Islamic State in the Greater Sahara fighters, Niger's army said.")
    assaults = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert assaults and all(e.target is None or e.target.code != "ISGS" for e in assaults)


# -- owning an act: "claimed responsibility for the attack" --------------------


CLAIMED = """
Rebels 1 nsubj NOUN NNS rebel
claimed 1 ROOT VERB VBD claim
responsibility 1 dobj NOUN NN -
for 2 prep ADP IN -
the 5 det DET DT -
ambush 3 pobj NOUN NN -
. 1 punct PUNCT . -
"""

TOOK = """
Rebels 1 nsubj NOUN NNS rebel
took 1 ROOT VERB VBD take
credit 1 dobj NOUN NN -
for 1 prep ADP IN -
the 5 det DET DT -
ambush 3 pobj NOUN NN -
. 1 punct PUNCT . -
"""

BLAMED = """
Officials 1 nsubj NOUN NNS official
blamed 1 ROOT VERB VBD blame
rebels 1 dobj NOUN NNS rebel
for 1 prep ADP IN -
the 5 det DET DT -
ambush 3 pobj NOUN NN -
. 1 punct PUNCT . -
"""


def test_the_verb_that_claims_responsibility_carries_the_act():
    grammar = load_grammar()
    doc = build(CLAIMED)
    assert light_verb_of(token(doc, "ambush"), grammar) == token(doc, "claimed")
    doc = build(TOOK)  # the parser hangs "for" on the verb
    assert light_verb_of(token(doc, "ambush"), grammar) == token(doc, "took")


def test_blaming_someone_for_an_act_is_no_owning_of_it():
    doc = build(BLAMED)
    assert light_verb_of(token(doc, "ambush"), load_grammar()) is None
