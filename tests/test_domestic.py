"""Domestic parties (``coding.domestic``): which words place a sentence in a
state. Private people told by their nationality do not; the article's own
context lent to a mention does. Hand-built Docs for the rule logic, the
model for whole sentences; all sentences written here."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from flashpoint.coding.domestic import _told_by_nationality, nationals
from flashpoint.coding.role import Role
from flashpoint.models import Actor
from handdocs import build, token

# "Police held four Malian traders ." with "Malian" a nationality.
HELD_TRADERS = """
Police 1 nsubj NOUN NNS police
held 1 ROOT VERB VBD hold
four 4 nummod NUM CD -
Malian 4 amod ADJ JJ -
traders 1 dobj NOUN NNS trader
. 1 punct PUNCT . -
"""

# "Police held the traders ." with no nationality.
HELD_THE_TRADERS = """
Police 1 nsubj NOUN NNS police
held 1 ROOT VERB VBD hold
the 3 det DET DT -
traders 1 dobj NOUN NNS trader
. 1 punct PUNCT . -
"""


def _with_norp(doc, word):
    tok = token(doc, word)
    doc.ents = [Span(doc, tok.i, tok.i + 1, label="NORP")]
    return doc


def test_a_mention_holding_a_nationality_is_told_by_nationality():
    doc = _with_norp(build(HELD_TRADERS), "Malian")
    assert _told_by_nationality(doc[2:5])


def test_a_mention_the_context_coded_is_not_told_by_nationality():
    doc = build(HELD_THE_TRADERS)
    assert not _told_by_nationality(doc[2:4])


@pytest.mark.parametrize(("sector", "expected"), [("CVL", True), ("BUS", True), ("GOV", False), ("MIL", False)])
def test_nationals_are_private_people_or_firms_told_by_nationality(sector, expected):
    doc = _with_norp(build(HELD_TRADERS), "Malian")
    role = Role([Actor(code="MLI", sector=sector)], "object", [token(doc, "traders")])
    assert nationals(role) is expected


def test_civilians_the_context_placed_are_not_nationals():
    doc = build(HELD_THE_TRADERS)
    role = Role([Actor(code="MLI", sector="CVL")], "object", [token(doc, "traders")])
    assert not nationals(role)


def _codes(events):
    return {(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in events}


def test_police_holding_foreigners_are_not_the_foreigners_state(code_text):
    codes = _codes(code_text("Police detained ten Syrian refugees near the border.")._.fp_events)
    assert codes and not any(src == "SYR" for _, src, _ in codes), codes


def test_police_holding_their_own_opposition_are_that_state(code_text):
    codes = _codes(code_text("The opposition leader was detained at his home in Kampala on Tuesday.")._.fp_events)
    assert ("COERCE", "UGA", "UGA") in codes, codes


def test_nationals_protesting_abroad_are_not_aimed_at_their_own_state(code_text):
    codes = _codes(code_text("Eritrean migrants held a protest outside a reception centre in Malta on Monday.")._.fp_events)
    assert ("PROTEST", "ERI", "ERI") not in codes


def test_citizens_protesting_at_home_are_aimed_at_their_state(code_text):
    codes = _codes(code_text("Ghanaian traders staged a protest in Accra on Monday.")._.fp_events)
    assert ("PROTEST", "GHA", "GHA") in codes


def test_people_named_by_nationality_alone_do_not_place_the_sentence(code_text):
    # the kidnappers of two Norwegians are not Norwegian
    codes = _codes(code_text("Two Norwegians were seized by armed men near the dam.")._.fp_events)
    assert codes and not any(src == "NOR" for _, src, _ in codes), codes


def test_a_foreign_ambassador_does_not_place_the_sentence(code_text):
    # an ambassador is posted abroad: the protesters are not of the ambassador's state
    doc = code_text("Villagers protested, saying guards had stopped them from meeting the Swedish ambassador.")
    codes = _codes(doc._.fp_events)
    assert codes and not any(src == "SWE" for _, src, _ in codes), codes


@pytest.mark.parametrize(("words", "expected"), [
    ("the Dutch embassy", True), ("the Dutch ambassador", True), ("the Dutch high commission", True),
    ("Dutch diplomats", True), ("the Dutch army", False), ("the Dutch government", False),
])
def test_a_mission_abroad_is_told_by_its_last_words(words, expected):
    from flashpoint.nlp.actor_context import mission_abroad

    doc = build("\n".join(f"{w} 0 dep NOUN NN -" for w in words.split()))
    assert mission_abroad(doc[0:len(doc)]) is expected


def test_a_demonym_on_a_private_person_does_not_place_the_sentence(code_text):
    # the police who shot a Dutch cameraman are not Dutch police
    doc = code_text("A Dutch cameraman died on Sunday after police shot rubber bullets at him.")
    codes = _codes(doc._.fp_events)
    assert codes and not any(src == "NLD" for _, src, _ in codes), codes


def test_a_demonym_in_an_organisation_s_name_places_the_sentence(code_text):
    doc = code_text("Police fired tear gas at students outside the offices of the Kenyan National Teachers Union.")
    codes = _codes(doc._.fp_events)
    assert any(src == "KEN" for _, src, _ in codes), codes


def test_people_at_a_mission_abroad_are_not_of_its_state(code_text):
    # victims in front of an embassy take the state it stands in, not the embassy's
    codes = _codes(code_text("Police wounded ten students during a rally in front of the Chinese embassy in Hanoi.")._.fp_events)
    assert ("ASSAULT", "VNM", "VNM") in codes, codes
    # a protest there, or an act on the mission itself, is aimed at its state
    codes = _codes(code_text("Hundreds of people protested outside the Russian embassy in Tallinn on Monday.")._.fp_events)
    assert any(tgt == "RUS" for _, _, tgt in codes), codes
    codes = _codes(code_text("Rioters stormed the Danish embassy in the capital on Friday.")._.fp_events)
    assert any(tgt == "DNK" for _, _, tgt in codes), codes
    codes = _codes(code_text("Gunmen opened fire at the Turkish embassy in the capital.")._.fp_events)
    assert ("ASSAULT", None, "TUR") in codes, codes


def test_the_crowd_takes_no_state_from_an_ambassador_before_it(code_text):
    doc = code_text("Villagers rioted after guards stopped them from meeting the Swedish ambassador. "
                    "Soldiers then used batons to push back the crowd.")
    crowd = [s for s in doc.spans["fp_actors"] if s.text == "the crowd"]
    assert crowd and crowd[0]._.fp_actor.code is None
