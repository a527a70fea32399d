"""Places and dates of events in report styles of the second dev set: wire
leads, live blogs, press releases. Sentences written for these tests."""

from __future__ import annotations


def _events(doc, trigger: str):
    out = []
    for event in doc._.fp_events or []:
        start, end = event._trigger_span
        if doc[start:end].text.split()[0] == trigger:
            out.append(event)
    return out


def _place(event) -> str | None:
    return event.location.name if event.location else None


# --- a country or state gives way to a place inside it ------------------------


def test_state_level_place_gives_way_to_town_in_when_clause(code_text):
    doc = code_text(
        "In Indian-administered Kashmir, a shopkeeper was killed when Pakistani shells "
        "hit the town of Poonch overnight."
    )
    (killed,) = _events(doc, "killed")
    assert _place(killed) == "Poonch"


def test_country_level_place_gives_way_to_city_named_in_same_sentence(code_text):
    doc = code_text(
        "India's army says its drones targeted radar sites at several places in Pakistan "
        "this morning and that a radar at Karachi has been destroyed."
    )
    (targeted,) = _events(doc, "targeted")
    assert _place(targeted) == "Karachi"


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


# --- the day of a report of a just-done act ------------------------------------


def test_past_perfect_report_takes_the_report_day(code_text):
    doc = code_text(
        "Late on Thursday the army said it had shelled three rebel camps near Kupwara.",
        published="2025-05-10",
    )
    (shelled,) = _events(doc, "shelled")
    assert shelled.date == "2025-05-08"


def test_simple_past_report_date_still_dates_only_the_report(code_text):
    doc = code_text(
        "On Thursday the army said troops shelled three rebel camps near Kupwara.",
        published="2025-05-10",
    )
    (shelled,) = _events(doc, "shelled")
    assert shelled.date is None
