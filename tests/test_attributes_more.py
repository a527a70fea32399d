"""Dates, places and tolls of events told across sentences, in report styles
(wire leads, live blogs, round-ups). Sentences written for these tests."""

from __future__ import annotations

import pytest

from coded import events_of as _events
from coded import place_name as _place


def _code(event) -> tuple[str | None, str | None]:
    return (
        event.source.code if event.source else None,
        event.target.code if event.target else None,
    )


# --- dates: back-references, background clauses, reports ----------------------


@pytest.mark.parametrize(
    ("text", "published", "word", "expected"),
    [
        # a back-reference in its own sentence keeps that sentence's date
        (
            "In March 2019, troops shelled a border post near Uri. "
            "In June 2021, a suicide bomber killed 12 policemen in Kupwara; a banned group "
            "claimed the attack.",
            "2025-05-10",
            "attack",
            "2021-06-01",
        ),
        # a back-reference skips an event of another type
        (
            "Russian drones pounded Odesa overnight, killing four people. "
            "Officials recalled that Russia annexed Crimea in 2014. "
            "The attack came as envoys met in Geneva.",
            "2025-04-24",
            "attack",
            "2025-04-24",
        ),
        # the vague date of an earlier sentence is not copied
        (
            "In August 2019, militants ambushed an army convoy in Kupwara. "
            "The ambush was condemned by the governor.",
            "2025-05-10",
            "ambush",
            None,
        ),
        # a strike hours before a dated reaction takes its day
        (
            "Diplomats urged Armenia and Azerbaijan to show restraint on Tuesday, hours after "
            "Azerbaijani drones struck three villages in Armenia.",
            "2025-05-08",
            "struck",
            "2025-05-06",
        ),
        # a strike weeks after a dated event is not given its month
        (
            "The raid came weeks after rebels seized the airport in Goma in March.",
            "2025-04-14",
            "raid",
            None,
        ),
        # "after nightfall" is the day of the story
        (
            "Israeli jets struck targets in Beirut on Friday.\n\n"
            "After nightfall, Syrian troops fired rockets at the Golan Heights.",
            "2025-06-14",
            "fired",
            "2025-06-13",
        ),
        # the day of a report of a just-done act: a past perfect report takes
        # the report's day, a simple past one dates only the report
        (
            "Late on Thursday the army said it had shelled three rebel camps near Kupwara.",
            "2025-05-10",
            "shelled",
            "2025-05-08",
        ),
        (
            "On Thursday the army said troops shelled three rebel camps near Kupwara.",
            "2025-05-10",
            "shelled",
            None,
        ),
    ],
)
def test_the_date_of_an_event_told_across_sentences(code_text, text, published, word, expected):
    (event,) = _events(code_text(text, published=published), word)
    assert event.date == expected


# --- tolls -------------------------------------------------------------------


def test_toll_told_from_a_back_reference_rides_on_the_attack(code_text):
    doc = code_text(
        "Indian missiles struck six sites in Pakistan early on Wednesday. "
        "The army has since raised its toll from those strikes to 19 civilians killed and "
        "42 injured.",
        published="2025-05-08",
    )
    (strike,) = _events(doc, "struck")
    assert _code(strike) == ("IND", "PAK")
    assert (strike.fatalities, strike.injuries) == (19, 42)


def test_toll_of_a_sourceless_clause_rides_on_the_attack_before_it(code_text):
    doc = code_text(
        "Late on Monday, Russian forces fired a salvo of cruise missiles at Ukraine. "
        "Most were shot down, but some hit apartment blocks in Kharkiv and Dnipro, killing "
        "at least seven people, emergency services said.",
        published="2025-04-22",
    )
    (fired,) = _events(doc, "fired")
    assert _code(fired) == ("RUS", "UKR")
    assert fired.fatalities == 7
    assert fired.location is not None and fired.location.name == "Kharkiv"


def test_toll_of_the_same_day_rides_on_the_attack_with_actors(code_text):
    doc = code_text(
        "MANILA - Chinese coast guard ships rammed two Philippine supply boats on Sunday near "
        "a disputed shoal.\n\n"
        "\"We will defend our waters,\" a navy spokesman said.\n\n"
        "Officials in Manila said four Philippine sailors had been injured in the Philippines "
        "on Sunday.",
        published="2025-06-16",
    )
    (rammed,) = [e for e in _events(doc, "rammed") if _code(e) == ("CHN", "PHL")]
    assert rammed.injuries == 4


def test_toll_does_not_ride_on_an_attack_of_another_day_far_away(code_text):
    doc = code_text(
        "Russian forces shelled Kherson on Monday.\n\n"
        "Talks in Istanbul made no progress.\n\n"
        "Officials said two people were killed in Ukraine on Friday.",
        published="2025-06-14",
    )
    (shelled,) = _events(doc, "shelled")
    assert shelled.fatalities is None


# --- places ------------------------------------------------------------------


def test_dateline_of_two_bureaus_is_no_event_place(code_text):
    doc = code_text(
        "ISLAMABAD/NEW DELHI - Indian and Pakistani troops exchanged heavy fire along the "
        "border on Thursday, officials said.",
        published="2025-05-09",
    )
    events = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert events
    assert all(e.location is None or e.location.name != "Islamabad" for e in events)


def test_dateline_of_one_city_is_no_event_place_either(code_text):
    # The dateline says where the report was filed, not where the event was.
    doc = code_text(
        "PESHAWAR - Gunmen shot dead two policemen on Thursday, officials said.",
        published="2025-05-09",
    )
    (shot,) = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert shot.location is None


# Report styles of the second dev set (wire leads, live blogs, press releases).

# --- a country or state gives way to a place inside it ------------------------


@pytest.mark.parametrize(
    ("text", "word", "place"),
    [
        # a state-level place gives way to a town in a "when" clause
        (
            "In Indian-administered Kashmir, a shopkeeper was killed when Pakistani shells "
            "hit the town of Poonch overnight.",
            "killed",
            "Poonch",
        ),
        # a country-level place gives way to a city named in the same sentence
        (
            "India's army says its drones targeted radar sites at several places in Pakistan "
            "this morning and that a radar at Karachi has been destroyed.",
            "targeted",
            "Karachi",
        ),
    ],
)
def test_a_country_or_state_gives_way_to_a_place_inside_it(code_text, text, word, place):
    (event,) = _events(code_text(text), word)
    assert _place(event) == place


def test_city_in_another_country_does_not_replace_the_country(code_text):
    doc = code_text("Israel struck targets in Iran on Friday, officials in Tel Aviv said.")
    (struck,) = _events(doc, "struck")
    assert _place(struck) != "Tel Aviv"


# --- targets listed in a following sentence ------------------------------------


def test_targets_listed_in_next_sentence_place_the_attack(code_text):
    doc = code_text(
        "India said on Saturday it had carried out strikes against Pakistan overnight. "
        "Its army said the targets included air bases at Sargodha and Jacobabad."
    )
    events = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert events and _place(events[0]) == "Sargodha"


def test_listed_targets_in_another_country_are_not_taken(code_text):
    doc = code_text(
        "India said on Saturday it had carried out strikes against Pakistan overnight. "
        "Pakistan said the targets of its reply included bases at Pathankot and Jammu."
    )
    events = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert events and _place(events[0]) not in ("Pathankot", "Jammu")


# --- verbal acts: the meeting's place, the report's day --------------------------


def test_an_agreement_reached_at_talks_is_placed_where_the_talks_were(code_text):
    doc = code_text(
        "Sudan and Chad agreed to a truce following two days of talks in Muscat, Oman.",
        published="2025-05-10",
    )
    agreed = _events(doc, "agreed")
    assert agreed and all(_place(e) == "Muscat" for e in agreed)
    # undated, told in the simple past: the day of the report
    assert all(e.date == "2025-05-10" for e in agreed)


def test_talks_about_a_place_do_not_place_the_agreement(code_text):
    doc = code_text("Sudan and Chad agreed to a truce after talks on Darfur.", published="2025-05-10")
    agreed = _events(doc, "agreed")
    assert agreed and all(_place(e) is None for e in agreed)
