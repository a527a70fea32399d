"""Places an article tells once, for events told elsewhere in it
(``coding.attr_places``). Sentences written for these tests."""

from __future__ import annotations

from coded import events_of as _events
from coded import place_name as _place

# --- place_by_reference -----------------------------------------------------------


def test_the_town_told_before_places_a_later_attack(code_text):
    doc = code_text(
        "Rebels attacked the town of Beni on Monday, residents said.\n\n"
        "Aid workers were evacuated on Tuesday.\n\n"
        "On Wednesday, army artillery shelled the town again.",
        published="2025-05-10",
    )
    (shelled,) = _events(doc, "shelled")
    assert _place(shelled) == "Beni"


def test_a_town_the_gazetteer_lacks_is_not_replaced_by_another_place(code_text):
    doc = code_text(
        "Militants seized a small town in northern Mali on Monday, residents said.\n\n"
        "Officials in Bamako said reinforcements had been sent.\n\n"
        "On Friday, army jets bombed the town.",
        published="2025-05-10",
    )
    (bombed,) = _events(doc, "bombed")
    assert _place(bombed) != "Bamako"


def test_the_region_is_the_sea_named_before(code_text):
    doc = code_text(
        "Nigeria sent two frigates to the Gulf of Guinea on Monday.\n\n"
        "The navy said its sailors attacked a pirate vessel in the region on Tuesday.",
        published="2025-05-10",
    )
    (attacked,) = _events(doc, "attacked")
    assert _place(attacked) == "Gulf of Guinea"


# --- place_of_the_meeting ---------------------------------------------------------


def test_an_agreement_is_placed_where_the_leaders_met(code_text):
    doc = code_text(
        "The presidents of Sudan and Chad met in Nairobi on Friday.\n\n"
        "Sudan agreed to reopen its border crossings with Chad, officials said.",
        published="2025-05-10",
    )
    agreed = _events(doc, "agreed")
    assert agreed and all(_place(e) == "Nairobi" for e in agreed)


def test_two_meeting_places_place_no_agreement(code_text):
    doc = code_text(
        "The presidents of Sudan and Chad met in Nairobi on Friday.\n\n"
        "Their ministers had held talks in Doha a month earlier.\n\n"
        "Sudan agreed to reopen its border crossings with Chad, officials said.",
        published="2025-05-10",
    )
    agreed = _events(doc, "agreed")
    assert agreed and all(_place(e) is None for e in agreed)


# --- place_in_own_territory -------------------------------------------------------


def test_a_state_patrolling_its_own_coast_is_in_that_state(code_text):
    doc = code_text(
        "Ghana said on Monday it was deploying gunboats to patrol the country's coastline "
        "after Togo reported pirate raids.",
        published="2025-05-10",
    )
    (deploying,) = _events(doc, "deploying")
    assert deploying.location is not None
    assert (deploying.location.country, deploying.location.precision) == ("GHA", "country")


def test_another_states_coast_is_not_the_actors_ground(code_text):
    doc = code_text(
        "Ghana said on Monday it was deploying gunboats to patrol Togo's coastline "
        "after pirate raids there.",
        published="2025-05-10",
    )
    (deploying,) = _events(doc, "deploying")
    assert deploying.location is None or deploying.location.country != "GHA"


def test_a_protest_on_their_territory_is_not_placed_by_its_actors_state(code_text):
    doc = code_text(
        "Students from Chad protested on Monday against foreign troops on their territory, "
        "police in Niger said.",
        published="2025-05-10",
    )
    for event in _events(doc, "protested"):
        assert event.location is None or event.location.name != "Chad"


# --- place_left_after_an_attack ---------------------------------------------------


def test_an_attack_that_drove_fighters_out_was_where_they_left(code_text):
    doc = code_text(
        "A monitor said government troops withdrew from the town of Kidal in northern Mali "
        "on Sunday after rebel fighters launched a large-scale attack.",
        published="2025-05-10",
    )
    attacks = [e for e in _events(doc, "attack") if e.event_type == "ASSAULT"]
    assert attacks and all(_place(e) == "Kidal" for e in attacks)


def test_an_attack_after_troops_arrived_is_not_placed_where_they_came_from(code_text):
    doc = code_text(
        "A monitor said government troops arrived from the town of Kidal in northern Mali "
        "on Sunday after rebel fighters launched a large-scale attack.",
        published="2025-05-10",
    )
    attacks = [e for e in _events(doc, "attack") if e.event_type == "ASSAULT"]
    assert all(_place(e) != "Kidal" for e in attacks)


# --- place_of_the_threat ----------------------------------------------------------


def test_a_threat_is_placed_where_the_threatened_act_would_fall(code_text):
    doc = code_text("Iran threatened to close the Strait of Hormuz to Western tankers.")
    (threat,) = [e for e in _events(doc, "threatened") if e.event_type == "THREATEN"]
    assert _place(threat) == "Strait of Hormuz"


def test_a_place_in_a_clause_inside_the_threatened_act_does_not_place_it(code_text):
    doc = code_text("Iran threatened to punish the men who attacked tankers in the Gulf of Aden.")
    (threat,) = [e for e in _events(doc, "threatened") if e.event_type == "THREATEN"]
    assert _place(threat) is None


def test_the_place_of_the_incident_a_threat_answers_does_not_place_it(code_text):
    doc = code_text(
        "Chad threatened to shell rebel camps in retaliation for an air raid on the "
        "northern town of Faya-Largeau."
    )
    (threat,) = [e for e in _events(doc, "threatened") if e.event_type == "THREATEN"]
    assert _place(threat) != "Faya-Largeau"


def test_districts_named_beside_the_noun_are_no_back_reference(code_text):
    doc = code_text(
        "Rebels attacked the town of Beni on Monday, residents said.\n\n"
        "On Wednesday, army jets bombed rebel camps in the Qwertal and Zxcvon districts.",
        published="2025-06-09",
    )
    (bombed,) = _events(doc, "bombed")
    assert _place(bombed) != "Beni"
