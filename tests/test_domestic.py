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
