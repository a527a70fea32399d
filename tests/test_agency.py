"""An event needs an actor acting on purpose (coding.agency): hazards,
accidents, matches, markets and idioms told in combat words give no conflict
event; real attacks told in the same words survive. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from flashpoint.coding.agency import CONFLICT_ACTS
from flashpoint.coding.engine import rules

pytestmark = pytest.mark.model


def _conflict_events(doc):
    return [e for e in doc._.fp_events or [] if e.event_type in CONFLICT_ACTS]


NON_EVENTS = [
    # natural hazards as agents
    ("hazard", "Cyclone Mara tore through the fishing villages of the delta on Tuesday, killing 17 people."),
    ("hazard", "The tremor struck the northern province before dawn, damaging hundreds of homes."),
    ("hazard", "A powerful storm hit the coast overnight and knocked out power to 40,000 homes."),
    ("hazard", "Hurricane Orla battered the islands on Monday. Orla killed at least 12 people and left "
               "thousands without power."),
    ("hazard", "A landslide buried a mountain road, killing nine travellers."),
    ("hazard", "Cholera has killed more than 200 people in the flooded districts."),
    ("hazard", "Troops were sent to the region after the earthquake killed 300 people."),
    ("hazard", "Extreme heat has killed at least 20 people across the north this week."),
    ("hazard", "A string of tornadoes tore through three states, killing at least 12 people."),
    ("hazard", "Soldiers searched for survivors of the 40 villagers killed in the landslide."),
    ("hazard", "A heat wave has killed more than 80 elderly people across the region this week."),
    ("hazard", "Flames engulfed a textile factory on the outskirts of the city, killing 12 workers."),
    # accidents, vehicles, falling objects
    ("accident", "Two freight trains collided near the junction at dawn, killing six crew members."),
    ("accident", "A crane collapsed onto a busy street, killing two pedestrians."),
    ("accident", "A truck ploughed into a line of cars at a toll booth after its brakes failed, killing five."),
    ("accident", "Four tourists were killed in a helicopter crash in the mountains on Sunday."),
    ("accident", "Eleven miners were killed in a methane explosion at a colliery on Friday."),
    ("accident", "A gas explosion ripped through an apartment block overnight, injuring 14 residents."),
    ("accident", "Deadly Blast Rocks Chemical Plant\n\nAt least five workers were killed and nine hurt, "
                 "the company said."),
    # precautions against a hazard
    ("precaution", "The coast guard shut four ports as Hurricane Lena moved closer to the coast."),
    ("precaution", "Villagers scrambled to sandbag their homes as the storm approached."),
    ("precaution", "Soldiers were deployed to help rescue families trapped by the floods."),
    # matches
    ("sports", "Portugal beat Ghana 3-1 in a friendly on Saturday."),
    ("sports", "The Falcons beat the Rams 42-10 to stay top of the division."),
    ("sports", "Rovers beat their city rivals on Sunday to stay top of the league, the coach said after "
               "the match at the stadium."),
    ("sports", "A late strike from the substitute gave the visitors the win, and the club stays top of "
               "the league after 12 matches of the season."),
    ("sports", "She fired a six-under-par 66 to take a two-shot lead after the opening round."),
    ("sports", "The Raiders beat the Chiefs 24-17 on Sunday."),
    ("sports", "She beat her rival by two strokes to claim the title."),
    ("sports", "The champions avenged last season's defeat with a convincing win."),
    ("sports", "Players protested the referee's decision to award a penalty."),
    ("sports", "Jets Rally Late\n\nThe Jets rallied from ten points down in the fourth quarter to edge the Bills."),
    ("sports", "Notre Dame's running attack piled up 300 yards in a rout of Navy."),
    # markets and campaigns
    ("market", "Copper prices hit a record high on Monday as supplies tightened."),
    ("market", "Oil futures hit $90 a barrel in early trading."),
    ("market", "The opposition targeted marginal seats in the campaign."),
    ("market", "Investors captured shares of the new fund within minutes."),
    ("market", "The start-up faces an assault from a larger software firm."),
    # other senses
    ("sense", "The university fired its football coach after a losing season."),
    ("sense", "The board fired the chief executive on Tuesday."),
    ("sense", "The carrier fired its pilots after the strike."),
    ("sense", "The minister was fired as head of the agency last week."),
    ("sense", "The crew had a blast at the festival."),
    ("sense", "The senator attacked his opponent's record on taxes in a televised debate."),
    ("sense", "The golfer blasted the course set-up after a round of 78."),
    ("sense", "The coach slammed the league on Monday, saying the fixture list was unfair."),
    ("sense", "Firefighters battled the blaze in the hills for three days."),
    ("sense", "She fought the illness for years before returning to the team."),
    ("sense", "Oil prices shot up after the announcement."),
    ("sense", "A spectator racially abused a visiting player during the second half."),
    ("sense", "An explosion of online shopping has reshaped the retail trade."),
    ("sense", "The singer faces three counts of assault at a trial next month."),
]


@pytest.mark.parametrize(("kind", "text"), NON_EVENTS)
def test_no_conflict_event_without_an_actor_acting_on_purpose(code_text, kind, text):
    doc = code_text(text)
    found = [(e.event_type, e.evidence.trigger) for e in _conflict_events(doc)]
    assert found == [], f"{kind}: {found}"


REAL_ATTACKS = [
    "A bomb blast at a crowded market killed nine people on Friday.",
    "Gunmen stormed the football stadium during the match, killing four spectators.",
    "Militants attacked the team bus on its way to the game, wounding three players.",
    "Rebels fired rockets at the village during the storm, killing five civilians.",
    "Syrian helicopters shelled the town, killing six people.",
    "A suicide bomber blew himself up at the stadium gates, killing 12 fans.",
    "Soldiers opened fire on protesters who had gathered after the earthquake.",
    "Settlers set fire to a mosque in the village overnight.",
    "Troops were killed in an ambush near the border on Monday.",
    "Police fired on the crowd outside the stadium on Tuesday.",
    "An explosion tore through a crowded bus station in the city, killing 14; no group claimed the attack.",
    "Fans attacked the referee after the final whistle.",
    "A truck rammed into a crowd celebrating the national day, killing 84 people.",
    "Israeli aircraft struck targets in Gaza overnight.",
    "Militants attacked a convoy carrying flood relief supplies, killing two aid workers.",
    "Five people were killed in a blast at a market; police said a bomb had been hidden in a cart.",
    "Clashes broke out on 12-13 May between rival militias in the town.",
    "Troops stormed the rebel stronghold to free the hostages.",
    "Rebels have besieged the city. A series of explosions killed 20 people near the market.",
    "The air force attacked military targets near the capital overnight.",
    "They struck targets worth millions in the raid on the depot.",
    "The company's shares fell after its plant was closed. Angry villagers pulled a company driver from "
    "his truck and beat him outside the company's gates.",
    "The army launched a counter attack to retake the town.",
    "Soldiers attacked the village at dawn, claiming it sheltered rebels.",
    "Rebel fighters battled army troops in the old quarter on Sunday.",
    "Police fought with gunmen outside the bank for an hour.",
    "A bomb went off during a football match, killing 12 spectators.",
    "Insurgents have stepped up their campaign in the province. Nine people were killed in an explosion "
    "near the governor's office on Sunday.",
]


@pytest.mark.parametrize("text", REAL_ATTACKS)
def test_real_attacks_in_the_same_words_survive(code_text, text):
    doc = code_text(text)
    assert any(e.event_type in ("ASSAULT", "COERCE") for e in _conflict_events(doc)), \
        f"dropped: {doc._.fp_not_events}"


def test_each_dropped_event_names_its_rule(code_text):
    doc = code_text("A landslide buried a mountain road, killing nine travellers.")
    ids = {r.id for r in rules("agency")}
    assert doc._.fp_not_events
    assert all(rule_id in ids for _t, _type, rule_id, _why in doc._.fp_not_events)
    # explain lists the agency rule among the dropped triggers
    assert {rule_id for _t, _type, rule_id, _why in doc._.fp_not_events} <= \
        {rule_id for rule_id, _w, _why in doc._.fp_rule_drops}


def test_rules_have_ids_and_docstrings():
    assert len(rules("agency")) >= 15
    for r in rules("agency"):
        assert r.id.startswith("agency.")
        assert r.func.__doc__ and len(r.func.__doc__) > 40

