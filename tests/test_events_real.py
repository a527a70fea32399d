"""Event coding on terse incident reports and news (coding/types_protest.py,
events_protest.yaml, events_violence.yaml and the rules after them).
Sentences written for these tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _types(doc):
    return [e.event_type for e in doc._.fp_events]


def _keys(doc):
    return [(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in doc._.fp_events]


# -- a protest that is only the setting or the object of another act ----------------
@pytest.mark.parametrize("text, kept", [
    ("Riot police opened fire on a demonstration in the old market.", "ASSAULT"),
    ("A teenager was shot dead by soldiers during the protests in the port city.", "ASSAULT"),
    ("Gendarmes fired at protesting miners near the quarry.", "ASSAULT"),
    ("Three teachers were beaten as they protested outside the ministry.", "ASSAULT"),
    ("The police violently broke up the march of the traders.", "COERCE"),
    ("Militiamen crushed a protest by fishermen on the beach.", "COERCE"),
])
def test_protest_as_setting_is_not_coded_again(code_text, text, kept):
    types = _types(code_text(text, published="2019-03-02"))
    assert kept in types
    assert "PROTEST" not in types


@pytest.mark.parametrize("text", [
    "Protests erupted in the northern town after the election results.",
    "Hundreds of nurses marched to the parliament on Monday.",
    "Shopkeepers staged a demonstration against the new market tax.",
    "Soldiers beat up pupils protesting against the school fees.",
    "Young men threw rocks at the gendarmes during the demonstration.",
])
def test_protest_of_its_own_is_kept(code_text, text):
    assert "PROTEST" in _types(code_text(text, published="2019-03-02"))


# -- what a crowd demands ----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The demonstrators were demanding clean water for the district.",
    "Thousands of farmers took to the streets of the capital to demand higher prices.",
    "Dozens of taxi drivers gathered at the bus station to call for lower fuel prices.",
])
def test_crowd_demand_without_protest_word_is_a_protest(code_text, text):
    types = _types(code_text(text, published="2019-03-02"))
    assert "PROTEST" in types
    assert "REQUEST" not in types


@pytest.mark.parametrize("text", [
    "Nurses staged a strike demanding the payment of their salaries.",
    "Pensioners protested in the square, demanding higher pensions.",
    "Students marched through the town to protest the fees and to call for free schooling.",
])
def test_demand_of_a_protest_is_part_of_it(code_text, text):
    types = _types(code_text(text, published="2019-03-02"))
    assert "PROTEST" in types
    assert "REQUEST" not in types


def test_a_governments_demand_stays_a_request(code_text):
    doc = code_text("Kenya demanded that Somalia withdraw its troops from the border.")
    assert ("REQUEST", "KEN", "SOM") in _keys(doc)


# -- violence named by words the main lists lack --------------------------------------
@pytest.mark.parametrize("text, mode", [
    ("Gunmen took four engineers hostage on the highway.", "abduct"),
    ("The rebels took the crew of the barge prisoner.", "abduct"),
    ("A farmer was hacked to death by a mob in the village.", "beat"),
    ("Youths threw stones at the police station.", "primitive"),
    ("A brawl between two groups of supporters broke out near the stadium.", "beat"),
    ("Dozens of traders scuffled with municipal police at the market.", "beat"),
])
def test_violence_words(code_text, text, mode):
    doc = code_text(text, published="2019-03-02")
    assaults = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert assaults and assaults[0].mode == mode


def test_hacking_a_website_is_no_assault(code_text):
    doc = code_text("Activists hacked the website of the ministry.", published="2019-03-02")
    assert "ASSAULT" not in _types(doc)


# -- "each ... the other" ------------------------------------------------------------
def test_each_accused_the_other_is_reciprocal(code_text):
    keys = _keys(code_text("Ghana and Togo each blamed the other for the border incident."))
    assert ("ACCUSE", "GHA", "TGO") in keys and ("ACCUSE", "TGO", "GHA") in keys
