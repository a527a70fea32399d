"""An armed group's home state (``home`` in armed_groups.csv) is a hint for
where the places it is named with lie, never its code."""

from __future__ import annotations

import flashpoint.nlp.extensions  # noqa: F401  (registers the Span extensions)
from flashpoint.models import Actor
from flashpoint.nlp.actor_dictionary import load_dictionary
from flashpoint.nlp.context import DocContext
from flashpoint.nlp.place_filters import actor_codes
from handdocs import build

# "Houthi fighters fired on a market ."
FIGHTERS = build("""
Houthi 1 compound PROPN NNP -
fighters 2 nsubj NOUN NNS fighter
fired 2 ROOT VERB VBD fire
on 2 prep ADP IN -
a 5 det DET DT -
market 3 pobj NOUN NN -
. 2 punct PUNCT . -
""")


def test_a_group_fighting_in_one_state_has_that_home():
    homes = load_dictionary().group_homes
    assert homes["HOUTHI"] == "YEM"
    assert homes["BOKO_HARAM"] == "NGA"
    assert "ISIL" not in homes  # fights in many states: no hint


def test_a_group_mention_points_at_its_home_state_after_its_own_code():
    FIGHTERS._.fp_context = DocContext(dictionary=load_dictionary())
    span = FIGHTERS[0:2]
    span._.fp_actor = Actor(code="HOUTHI", sector="REB", name="Houthis", text=span.text)
    assert actor_codes(span) == ["HOUTHI", "YEM"]
    span._.fp_actor = Actor(code="ISIL", sector="REB", name="Islamic State", text=span.text)
    assert actor_codes(span) == ["ISIL"]
