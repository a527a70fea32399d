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
    # a crowd's demand without a protest word is a protest
    "The demonstrators were demanding clean water for the district.",
    "Thousands of farmers took to the streets of the capital to demand higher prices.",
    "Dozens of taxi drivers gathered at the bus station to call for lower fuel prices.",
    # the demand of a protest is part of it
    "Nurses staged a strike demanding the payment of their salaries.",
    "Pensioners protested in the square, demanding higher pensions.",
    "Students marched through the town to protest the fees and to call for free schooling.",
])
def test_what_a_crowd_demands_is_its_protest(code_text, text):
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


# -- a happening named again ------------------------------------------------------------
def test_condemning_the_attack_is_aimed_at_its_author(code_text):
    doc = code_text("Boko Haram fighters stormed a village in Borno on Friday. "
                    "The Chadian government condemned the attack on Saturday.")
    keys = _keys(doc)
    assert ("ACCUSE", "TCD", "BOKO_HARAM") in keys
    assaults = {k for k in keys if k[0] == "ASSAULT"}
    assert assaults and all(k[1] == "BOKO_HARAM" for k in assaults)


def test_an_indefinite_attack_is_not_the_earlier_one(code_text):
    doc = code_text("Boko Haram fighters stormed a village on Friday. "
                    "An attack on a market in Kano killed four people on Sunday.")
    assert any(k[:2] == ("ASSAULT", "BOKO_HARAM") for k in _keys(doc))
    assert any(k[0] == "ASSAULT" and k[1] is None for k in _keys(doc))


# -- attacks that stop, attacks pressed on ------------------------------------------------
@pytest.mark.parametrize("text, event_type", [
    ("The militia suspended its attacks on the garrison on Tuesday.", "RETREAT"),
    ("The president said the army would end its attacks against the rebels.", "AGREE"),
    ("Government troops pushed deeper into the city on Monday.", "ASSAULT"),
    ("The rebels pressed their offensive on the capital.", "ASSAULT"),
])
def test_attacks_ended_or_pressed(code_text, text, event_type):
    types = _types(code_text(text))
    assert event_type in types
    assert "REQUEST" not in types and "THREATEN" not in types


# -- said not to have happened ------------------------------------------------------------
@pytest.mark.parametrize("text, modality", [
    ("Witnesses said there was no sign of fighting in the town.", "negated"),
    ("Police dispersed the crowd without clashes.", "negated"),
    ("The rebels denied any role in the ambush.", "denied"),
])
def test_absent_or_denied_happenings(code_text, text, modality):
    doc = code_text(text)
    assaults = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert assaults and all(e.modality == modality for e in assaults)


# -- ordinary words with a capital are no places ----------------------------------------
@pytest.mark.parametrize("text, word", [
    ("Police Forces arrested eleven traders in the market.", "Police Forces"),
    ("Students at the University of Lagos staged a sit-in on Monday.", "Students"),
])
def test_capitalised_common_word_gives_no_state(code_text, text, word):
    doc = code_text(text)
    actors = [s._.fp_actor for s in doc.spans["fp_actors"] if s.text == word]
    assert actors and actors[0].code in (None, "NGA")
    assert actors[0].code not in ("POL", "USA")


# -- reduced passives: the noun a participle describes is acted on ----------------------
@pytest.mark.parametrize("text, event_type", [
    ("Opposition leader arrested in the capital", "COERCE"),
    ("Two reporters detained by soldiers were freed on Monday.", "COERCE"),
])
def test_reduced_passive_noun_is_the_target(code_text, text, event_type):
    events = [e for e in code_text(text)._.fp_events if e.event_type == event_type]
    assert events
    assert all(e.target is not None for e in events)
    assert all(e.source is None or e.source.sector != e.target.sector for e in events)


def test_the_ones_accused_of_an_act_are_its_alleged_actors(code_text):
    doc = code_text("Police officers accused of beating two traders were suspended.")
    assaults = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert assaults and assaults[0].source is not None and assaults[0].source.sector == "COP"
    assert all(e.source is None or e.event_type != "ACCUSE" for e in doc._.fp_events)


# -- fighting and abuse in verbs the parser or the lemmatiser miss -------------------------
@pytest.mark.parametrize("text, mode", [
    ("Herders clashed with farmers near the river on Sunday.", None),
    ("Two rival groups of traders fought each other at the market.", "beat"),
    ("Striking miners engaged the police outside the pit.", None),
    ("A soldier raped a young woman near the camp.", "sexual"),
    ("A mass fight broke out between party members in the hall.", "beat"),
])
def test_fighting_verbs_and_nouns(code_text, text, mode):
    assaults = [e for e in code_text(text)._.fp_events if e.event_type == "ASSAULT"]
    assert assaults
    if mode:
        assert assaults[0].mode == mode


@pytest.mark.parametrize("text, expected", [
    ("Opponents of the governor took to the streets of the capital.", True),
    ("Football fans poured into the streets to celebrate the title.", False),
    ("The army fought corruption in its ranks.", False),
])
def test_street_protest_and_non_fights(code_text, text, expected):
    types = _types(code_text(text))
    assert (("PROTEST" in types) or ("ASSAULT" in types)) == expected


# -- clauses no one performs ---------------------------------------------------------------
def test_neither_side_negates_the_clause(code_text):
    doc = code_text("Neither side will attack the other, the mediator said.")
    assert all(e.modality == "negated" for e in doc._.fp_events if e.event_type in ("ASSAULT", "THREATEN"))


# -- a topic is no target ---------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The two foreign ministers discussed the situation in Mali on Tuesday.",
    "Officials reviewed the crisis in Haiti during the call.",
])
def test_topic_of_talks_gives_no_target(code_text, text):
    for e in code_text(text)._.fp_events:
        assert e.target is None or e.target.code not in ("MLI", "HTI")


def test_toll_in_the_strike_told_before_is_that_strikes(code_text):
    doc = code_text("Turkish jets struck a convoy near the border on Monday. "
                    "Officials said nine people were killed in the strike.")
    tolls = [e for e in doc._.fp_events if e.event_type == "ASSAULT" and "killed" in e.evidence.trigger]
    assert tolls and tolls[0].source is not None and tolls[0].source.code == "TUR"
    assert tolls[0].target is None or tolls[0].target.code != "TUR"


@pytest.mark.parametrize("text, word", [
    ("Supporters of the Kurdistan Democratic Party set fire to an office.", "Kurdistan Democratic Party"),
    ("Members of the Democratic Party of Albania marched in Tirana.", "Democratic Party"),
])
def test_a_democratic_party_is_not_the_american_one(code_text, text, word):
    doc = code_text(text)
    found = [s for s in doc.spans["fp_actors"] if word in s.text]
    assert all((s._.fp_actor is None or s._.fp_actor.code != "USA") for s in found)


def test_a_dated_happening_is_not_the_one_just_told(code_text):
    doc = code_text("Boko Haram fighters attacked a village on Friday. "
                    "Families of the victims of the 2014 bombing gathered in the capital.")
    bombings = [e for e in doc._.fp_events if e.evidence.trigger == "bombing"]
    assert all(e.source is None or e.source.code != "BOKO_HARAM" for e in bombings)


# -- event types given and not given ---------------------------------------------------
@pytest.mark.parametrize("text, given, not_given", [
    # a demand inside the protest phrase is part of it
    ("Gendarmes crushed a rally by dozens of nurses demanding back pay.", set(), {"REQUEST"}),
    # an event noun classifying a thing is no event
    ("Two attack helicopters were delivered to the air force on Monday.", set(), {"ASSAULT"}),
    ("The navy showed its new strike aircraft at the fair.", set(), {"ASSAULT"}),
    # a headline pressing an offensive is an attack, not a request
    ("Rebels Seize Second Town As They Press Offensive\n\nThe rebels took the town on Monday.", set(),
     {"REQUEST"}),
    # talks of one party have no partner
    ("Ghana agreed to the plan after talks in Accra.", set(), {"CONSULT"}),
    # readiness inside a warning is the warning
    ("The army warned that it is ready to take action if rebel units advance.", {"THREATEN"}, {"AGREE"}),
    # calling for protests is a request
    ("The opposition leader called for nationwide protests against the verdict.", {"REQUEST"}, {"ACCUSE"}),
])
def test_types_given_and_not_given(code_text, text, given, not_given):
    types = set(_types(code_text(text)))
    assert given <= types and not types & not_given, types


# -- events given: "each ... the other", a happening named again, talks told by a
# noun, conditional warnings, an announced truce ------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Ghana and Togo each blamed the other for the border incident.",
     {("ACCUSE", "GHA", "TGO"), ("ACCUSE", "TGO", "GHA")}),
    # regret over the strikes is an accusation
    ("Turkish drones struck a convoy in northern Iraq on Monday. "
     "Iraq expressed deep regret over the strikes.", {("ACCUSE", "IRQ", "TUR")}),
    # a verdict of wrongdoing on an act charges its author
    ("Thai troops shelled a village near the border on Friday. "
     "Cambodia called the shelling a flagrant violation of its sovereignty.",
     {("ACCUSE", "KHM", "THA")}),
    # "what it called X": the label belongs to the condemnation's target
    ("Kenya condemned what it called Ethiopia's blatant aggression against Somalia.",
     {("ACCUSE", "KEN", "ETH")}),
    # talks "with" a party, told by a speaker who names no one else: the speaker's
    ("Kenya's foreign minister said that following recent talks with Somalia, "
     "a truce had been agreed.", {("CONSULT", "KEN", "SOM")}),
    # naming the author of an attack is the speaker's charge
    ("Officials in Nairobi said Somalia was behind the cross-border raid.",
     {("ACCUSE", "KEN", "SOM")}),
    # talks after which two parties agree are between them
    ("Kenya and Somalia agreed to reopen the border following long talks in Nairobi.",
     {("CONSULT", "KEN", "SOM"), ("CONSULT", "SOM", "KEN")}),
    # a warning is aimed at the subject of its condition
    ("Kenya warned it would respond firmly if Ugandan troops crossed the border again.",
     {("THREATEN", "KEN", "UGA")}),
    # an announced extension of a truce is a ceasefire
    ("Ethiopia's army announced an extension of the truce until the end of the month.",
     {("RETREAT", "ETH", None)}),
])
def test_events_given(code_text, text, expected):
    keys = set(_keys(code_text(text)))
    assert expected <= keys, keys


def test_a_verdict_of_praise_is_no_charge(code_text):
    keys = set(_keys(code_text("Kenya's foreign minister called the talks with Somalia constructive.")))
    assert not any(k[0] == "ACCUSE" for k in keys), keys


def test_talks_told_by_reporters_are_not_the_reporters(code_text):
    keys = set(_keys(code_text("Reporters in Nairobi said that after talks with Somalia, nothing was agreed.")))
    assert not any(k[0] == "CONSULT" and k[1] is not None for k in keys), keys


def test_a_vetoed_document_says_nothing_of_the_veto_target(code_text):
    keys = set(_keys(code_text("France vetoed a resolution calling for an end to air strikes in Mali.")))
    assert ("REJECT", "FRA", "MLI") not in keys and any(k[:2] == ("REJECT", "FRA") for k in keys), keys
