"""A toll told again in full, and the date of an act a declaring verb makes.
Sentences written for these tests."""

from __future__ import annotations

from coded import events_of as _events


def test_a_toll_told_again_in_full_completes_the_attacks_half(code_text):
    doc = code_text(
        "Saudi air strikes on Yemen killed at least 17 people, the rebels said on Monday.\n\n"
        "A photographer in the capital heard four explosions.\n\n"
        "Raids on Sanaa and Marib killed 17 people and wounded 52, a health official said.",
        published="2025-05-10",
    )
    (strikes,) = [e for e in _events(doc, "strikes") if e.source and e.source.code == "SAU"]
    assert (strikes.fatalities, strikes.injuries) == (17, 52)


def test_another_dead_count_does_not_complete_the_toll(code_text):
    doc = code_text(
        "Saudi air strikes on Yemen killed at least 17 people, the rebels said on Monday.\n\n"
        "A photographer in the capital heard four explosions.\n\n"
        "Raids on Sanaa and Marib killed 9 people and wounded 52, a health official said.",
        published="2025-05-10",
    )
    (strikes,) = [e for e in _events(doc, "strikes") if e.source and e.source.code == "SAU"]
    assert (strikes.fatalities, strikes.injuries) == (17, None)


def test_a_declared_truce_takes_the_day_it_was_announced(code_text):
    doc = code_text(
        "The junta's statement came after the Kachin Independence Army on June 3 announced "
        "an extension of its ceasefire to June 30.",
        published="2025-06-10",
    )
    (truce,) = _events(doc, "ceasefire")
    assert truce.date == "2025-06-03"


def test_a_report_told_under_announce_keeps_the_report_day_apart(code_text):
    doc = code_text(
        "On June 3, the army announced that rebels had shelled a village.",
        published="2025-06-10",
    )
    (shelled,) = _events(doc, "shelled")
    assert shelled.date != "2025-06-03"


def test_a_deed_told_again_takes_the_day_it_was_first_told(code_text):
    doc = code_text(
        "Some 300 villagers had gathered in the square for a harvest fair on Friday.\n\n"
        "Soldiers later fired into the crowd.\n\n"
        "A witness said the villagers had gathered for the fair and as part of a protest "
        "against the curfew.",
        published="2025-05-13",
    )
    protests = [e for e in _events(doc, "protest") if e.event_type == "PROTEST"]
    assert protests and all(e.date == "2025-05-09" for e in protests)


def test_other_people_doing_the_same_are_not_the_deed_told_again(code_text):
    doc = code_text(
        "Some 300 villagers had gathered in the square for a harvest fair on Friday.\n\n"
        "A witness said students had gathered as part of a protest against the curfew.",
        published="2025-05-13",
    )
    protests = [e for e in _events(doc, "protest") if e.event_type == "PROTEST"]
    assert all(e.date != "2025-05-09" for e in protests)


def test_a_clause_of_the_same_time_as_a_state_under_way_takes_the_report_day(code_text):
    doc = code_text(
        "Gabon's presidency said on Tuesday that a coup attempt was underway in the country "
        "as more soldiers joined a student-led protest movement.",
        published="2025-06-04",
    )
    (protest,) = _events(doc, "protest")
    assert protest.date == "2025-06-03"


def test_a_clause_after_a_past_perfect_keeps_no_report_day(code_text):
    doc = code_text(
        "Gabon's presidency said on Tuesday that a coup attempt had failed "
        "after more soldiers joined a student-led protest movement.",
        published="2025-06-04",
    )
    (protest,) = _events(doc, "protest")
    assert protest.date is None


def test_a_toll_of_the_days_strikes_rides_on_the_strikes_told_before(code_text):
    doc = code_text(
        "Israeli jets launched airstrikes on Khan Younis.\n\n"
        "Medics said nine people died in Saturday's airstrikes.",
        published="2025-06-09",
    )
    (first,) = [e for e in _events(doc, "airstrikes") if e.source and e.source.code == "ISR"]
    assert (first.fatalities, first.date) == (9, "2025-06-07")


def test_a_past_perfect_in_reported_speech_is_the_reports_act(code_text):
    doc = code_text(
        "In a statement, the Kenyan presidency said the talks were going well, adding that "
        "President Ruto had urged Somalia to resume dialogue.",
        published="2025-06-09",
    )
    (urged,) = [e for e in _events(doc, "urged") if e.event_type == "REQUEST"]
    assert urged.date == "2025-06-09"


def test_a_past_perfect_told_by_no_one_stays_undated(code_text):
    doc = code_text(
        "President Ruto had urged Somalia to resume dialogue before the election.",
        published="2025-06-09",
    )
    (urged,) = [e for e in _events(doc, "urged") if e.event_type == "REQUEST"]
    assert urged.date is None


def test_a_later_death_completes_every_event_of_the_one_toll(code_text):
    doc = code_text(
        "On 3 March, three boys were shot and wounded as soldiers opened fire at a rally "
        "in the town. On 9 March, one of the boys died in hospital.",
        published="2025-03-12",
    )
    found = [e for w in ("shot", "opened") for e in _events(doc, w)]
    assert len(found) == 2 and all((e.fatalities, e.injuries) == (1, 3) for e in found)


def test_a_happening_on_the_eve_of_an_anniversary_falls_that_year(code_text):
    doc = code_text(
        "Villagers marched through the town on the eve of the anniversary of the massacre "
        "of farmers on 3 June 1994.",
        published="2021-06-05",
    )
    (march,) = _events(doc, "marched")
    (massacre,) = _events(doc, "massacre")
    assert (march.date, massacre.date) == ("2021-06-02", "1994-06-03")


def test_a_day_named_by_an_anniversary_is_that_days_anniversary(code_text):
    doc = code_text(
        "Students took to the streets of the capital on the anniversary of independence on "
        "15 August 1971. Police fired tear gas to disperse them.",
        published="2021-08-20",
    )
    found = [e for w in ("took", "fired") for e in _events(doc, w)]
    assert found and all(e.date == "2021-08-15" for e in found)


def test_a_toll_coded_per_event_goes_to_each_event_of_the_note(code_text):
    doc = code_text(
        "Militiamen raided farms along the river for weeks. The raids brought arson, "
        "beatings and looting (coded as 5 fatalities per event).",
        published="2025-03-12",
    )
    lethal = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert len(lethal) >= 2 and all(e.fatalities == 5 for e in lethal)


def test_a_named_mans_death_told_again_takes_its_day(code_text):
    doc = code_text(
        "Ram Das, 30, died in the market town on Monday. Strike organisers claimed that "
        "Das died in a clash with the police.",
        published="2025-01-15",
    )
    (clash,) = _events(doc, "clash")
    assert clash.date == "2025-01-13"


def test_deaths_of_unnamed_people_told_again_take_no_day(code_text):
    doc = code_text(
        "Two farmers died in the market town on Monday. Strike organisers claimed that "
        "farmers died in a clash with the police.",
        published="2025-01-15",
    )
    (clash,) = _events(doc, "clash")
    assert clash.date is None


def test_a_day_of_this_year_beside_an_anniversary_is_the_day_itself(code_text):
    doc = code_text(
        "On the eve of the anniversary of independence, on 14 August, students took to the "
        "streets of the capital.",
        published="2021-08-20",
    )
    (march,) = _events(doc, "took")
    assert march.date == "2021-08-14"


def test_people_reported_hurt_after_a_dated_attack_were_hurt_that_day(code_text):
    doc = code_text(
        "Gunmen fired at worshippers in the town mosque on Friday. Several people were "
        "reported injured.",
        published="2016-12-17",
    )
    (injured,) = _events(doc, "injured")
    assert injured.date == "2016-12-16"


def test_a_vague_toll_shares_no_later_figure(code_text):
    doc = code_text(
        "Dozens of fighters were killed in clashes between the two armies on Sunday. "
        "The northern army said 12 of its soldiers were killed.",
        published="2025-03-12",
    )
    vague = [e for e in doc._.fp_events if e.casualty_text and e.casualty_text.startswith("Dozens")]
    assert sum(e.fatalities == 12 for e in vague) <= 1
