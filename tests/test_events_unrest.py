"""Unrest told in everyday words (data/patterns/events_unrest.yaml): fights
named by a noun that breaks out, groups of people who clash, mob killings,
sexual violence, abductions, and what police do to a crowd; and the same
words where they name no such act. Sentences written for these tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _events(doc):
    return [(e.event_type, e.mode) for e in doc._.fp_events]


def _types(doc):
    return {e.event_type for e in doc._.fp_events}


# -- a fight named by a noun that happens --------------------------------------------
@pytest.mark.parametrize("text", [
    "Violence broke out on Sunday in the market town between supporters of two rival candidates.",
    "A fight broke out when party stewards confronted the hecklers at the back of the hall.",
    "A shooting took place in the village for reasons that are not known.",
    "Fights and quarrels erupted on Friday between traders and taxi drivers over the new fares.",
])
def test_a_fight_that_breaks_out(code_text, text):
    assert "ASSAULT" in _types(code_text(text))


@pytest.mark.parametrize("text", [
    "The shooting of the new film took place in the desert over three months.",
    "The fight for the title took place in a packed arena in Las Vegas.",
])
def test_shooting_a_film_and_a_title_fight_are_no_assault(code_text, text):
    assert "ASSAULT" not in _types(code_text(text))


# -- groups of people against each other ---------------------------------------------
@pytest.mark.parametrize("text, trigger", [
    ("Two groups of villagers clashed over access to a well.", "clashed"),
    ("The two families violently confronted each other after the hearing.", "confronted"),
    ("Bailiffs were caught up in a confrontation with evicted tenants near the depot.", "confrontation"),
    ("The loggers responded violently to the blockade, injuring four people.", "responded"),
    ("Students marched against the fee rise and were met with violence by police.", "met"),
])
def test_groups_of_people_fighting(code_text, text, trigger):
    doc = code_text(text)
    assert any(e.event_type == "ASSAULT" and trigger in e.evidence.trigger for e in doc._.fp_events), \
        [(e.event_type, e.evidence.trigger) for e in doc._.fp_events]


def test_two_ministers_clashing_over_a_budget_is_no_fight(code_text):
    assert "ASSAULT" not in _types(code_text("The two ministers clashed over the budget at the cabinet meeting."))


# -- mobs and property -----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "A suspected thief was burned alive by a crowd in the market.",
    "An old man was hanged by villagers who accused him of sorcery.",
    "Youths threw molotovs at a concert hall during a show.",
    "A crowd smashed the mayor's car outside the town hall.",
    "Dozens of people forced their way into a food warehouse and stole sacks of rice.",
    "Angry depositors besieged the bank's head office for a second day.",
    "Nurses were tasered while they picketed outside the hospital.",
])
def test_mob_violence(code_text, text):
    assert "ASSAULT" in _types(code_text(text))


def test_rescuers_smashing_windows_is_no_assault(code_text):
    doc = code_text("Rescuers smashed the windows of the overturned coach to reach the trapped passengers.")
    assert "ASSAULT" not in _types(doc)


# -- sexual violence -----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Soldiers are accused of the rape of two girls in the camp.",
    "A woman was subjected to a gang rape by men in uniform.",
    "Peacekeepers allegedly carried out sexual abuse on displaced women.",
    "Two militiamen violated a schoolgirl in an abandoned house.",
])
def test_sexual_violence(code_text, text):
    assert ("ASSAULT", "sexual") in _events(code_text(text))


def test_a_rape_case_in_court_is_no_assault(code_text):
    doc = code_text("The rape case against the singer opens in the county court next month.")
    assert "ASSAULT" not in _types(doc)


# -- abductions, confinement, forced recruitment --------------------------------------
@pytest.mark.parametrize("text, event_type", [
    ("Three farmers were picked up from their homes by men in uniform.", "COERCE"),
    ("Security agents handcuffed the lawyer and drove off with him.", "COERCE"),
    ("A woman was held in a metal container for weeks because of her faith.", "COERCE"),
    ("Rebels are forcibly recruiting boys from the camps.", "COERCE"),
    ("Villagers were forced to work as porters for the army.", "COERCE"),
    ("Bandits kidnap trader on highway", "ASSAULT"),
])
def test_abduction_and_confinement(code_text, text, event_type):
    assert event_type in _types(code_text(text))


def test_forced_to_flee_is_no_coercion(code_text):
    assert "COERCE" not in _types(code_text("Thousands were forced to flee their homes by the rising river."))


# -- what is done to a crowd -----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The marchers were dispersed by police but regrouped later.",
    "Police removed the demonstrators from the ministry lobby.",
    "Guards pushed and pulled a few of the picketers at the gate.",
    "Soldiers prevented members of a traders' association from protesting in the square.",
    "The sit-in was sprayed with tear gas by the police.",
])
def test_crowd_control(code_text, text):
    assert "COERCE" in _types(code_text(text))


@pytest.mark.parametrize("text", [
    "The fog dispersed by midday and flights resumed.",
    "The crowd dispersed peacefully after the speeches.",
])
def test_a_crowd_leaving_of_itself_is_no_coercion(code_text, text):
    assert "COERCE" not in _types(code_text(text))


def test_blocking_roads_to_protest_is_a_protest(code_text):
    types = _types(code_text("Residents blocked two roads to protest against the water cuts."))
    assert "PROTEST" in types and "COERCE" not in types


# -- crowds in the way -----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Unemployed graduates blocked the governor's office to demand jobs.",
    "Residents cut off the highway with burning tyres.",
    "Protesters burned the party's flags outside its headquarters.",
    "The demonstrators disrupted the council meeting and were led out by guards.",
])
def test_crowds_in_the_way(code_text, text):
    assert "PROTEST" in _types(code_text(text))


def test_police_blocking_a_gate_is_coercion(code_text):
    types = _types(code_text("Riot police blocked the gate of the university on Monday."))
    assert "COERCE" in types and "PROTEST" not in types


# -- more shapes: groups joined to the subject, force named by its means, executions,
# vehicles driven into people, disappearances, mob justice ------------------------------
@pytest.mark.parametrize("text, event_type", [
    ("Supporters of the ruling party and opposition groups clashed over the count.", "ASSAULT"),
    ("Students picketed the rectorate and were dispersed by police.", "COERCE"),
    ("Guards used batons on the striking cleaners.", "ASSAULT"),
    ("The violent repression of a teachers' march drew wide criticism.", "COERCE"),
    ("Troops secretly executed four prisoners near the camp.", "ASSAULT"),
    ("A pickup truck deliberately ran over three activists blocking the road.", "ASSAULT"),
    ("A young journalist disappeared after leaving the radio station on Tuesday.", "ASSAULT"),
    ("Two farmers went missing from the estate after a dispute over land.", "ASSAULT"),
    ("Gunmen took hostage the village chief and two of his sons.", "ASSAULT"),
    ("He was killed in an act of mob justice in the market.", "ASSAULT"),
    ("Dozens of lynching deaths were recorded in the region last year.", "ASSAULT"),
])
def test_more_shapes_of_unrest(code_text, text, event_type):
    assert event_type in _types(code_text(text))


@pytest.mark.parametrize("text", [
    "The minister executed the plan without delay.",
    "Two fishermen went missing at sea during the storm.",
    "The singer disappeared from public view after the scandal.",
])
def test_executing_a_plan_or_going_missing_at_sea_is_no_assault(code_text, text):
    assert "ASSAULT" not in _types(code_text(text))


def test_the_one_who_goes_missing_is_the_target(code_text):
    doc = code_text("A police officer went missing on Friday from the district station.")
    assaults = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert assaults and assaults[0].source is None
    assert assaults[0].target is not None and assaults[0].target.sector == "COP"


@pytest.mark.parametrize("text", [
    "Two herders are said to have gone missing from the grazing land.",
    "A young blogger appears to have gone missing after applying for asylum.",
])
def test_said_to_have_gone_missing(code_text, text):
    assert "ASSAULT" in _types(code_text(text))


@pytest.mark.parametrize("text, event_type", [
    ("A truck ran over a child near the school on Monday.", "ASSAULT"),
    ("Survivors were picked up by a passing fishing boat.", "COERCE"),
    ("Patients were held in isolation at the district hospital.", "COERCE"),
    ("The firm broke into the Asian market last year.", "ASSAULT"),
    ("The office was besieged with calls after the announcement.", "ASSAULT"),
])
def test_accidents_rescues_and_markets_in_the_same_words(code_text, text, event_type):
    assert event_type not in _types(code_text(text))


@pytest.mark.parametrize("text, event_type", [
    ("The regulator blocked access to the website on Monday.", "PROTEST"),
    ("The veto blocked the way for reform.", "PROTEST"),
    ("Staff were forced to work overtime without pay.", "COERCE"),
    ("The party expelled two activists for indiscipline.", "COERCE"),
    ("Prices of oilseed rape rose sharply this week.", "ASSAULT"),
])
def test_censorship_politics_and_crops_in_the_same_words(code_text, text, event_type):
    assert event_type not in _types(code_text(text))


@pytest.mark.parametrize("text, event_type", [
    ("Former fighters blocked the southern access to the town to demand payment.", "PROTEST"),
    ("Police dragged the activists away from the gate.", "COERCE"),
])
def test_blocking_access_to_a_place_and_dragging_activists_away(code_text, text, event_type):
    assert event_type in _types(code_text(text))


@pytest.mark.parametrize("text, event_type", [
    ("The fight against poverty started in earnest last year.", "ASSAULT"),
    ("Board members clashed over the merger at the annual meeting.", "ASSAULT"),
    ("The two candidates confronted each other in a televised debate.", "ASSAULT"),
    ("Volunteers scattered leaflets across the square.", "COERCE"),
    ("The president interrupted his speech to greet a veteran.", "PROTEST"),
])
def test_campaigns_debates_and_leaflets_in_the_same_words(code_text, text, event_type):
    assert event_type not in _types(code_text(text))


@pytest.mark.parametrize("text, shot_down", [
    ("Rebels brought down an army helicopter near the border.", True),
    ("Air defences knocked down three drones overnight.", True),
    ("The central bank moved to bring down inflation.", False),
    ("A speeding bus knocked down two pedestrians near the market.", False),
])
def test_only_a_craft_brought_down_is_shot_down(code_text, text, shot_down):
    assert ("ASSAULT" in _types(code_text(text))) is shot_down


@pytest.mark.parametrize("text", [
    "The new coach was greeted by club officials at the airport.",
    "The beleaguered prime minister met party leaders on Monday.",
])
def test_greetings_and_beleaguered_leaders_are_no_assault(code_text, text):
    assert "ASSAULT" not in _types(code_text(text))
