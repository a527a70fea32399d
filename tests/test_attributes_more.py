"""Dates, places and tolls of events told across sentences, in report styles
(wire leads, live blogs, round-ups). Sentences written for these tests."""

from __future__ import annotations


def _code(event) -> tuple[str | None, str | None]:
    return (
        event.source.code if event.source else None,
        event.target.code if event.target else None,
    )


def _events(doc, trigger: str):
    out = []
    for event in doc._.fp_events or []:
        start, end = event._trigger_span
        if doc[start:end].text == trigger:
            out.append(event)
    return out


# --- back-references ---------------------------------------------------------


def test_back_reference_in_its_own_sentence_keeps_that_sentence_date(code_text):
    doc = code_text(
        "In March 2019, troops shelled a border post near Uri. "
        "In June 2021, a suicide bomber killed 12 policemen in Kupwara; a banned group claimed "
        "the attack.",
        published="2025-05-10",
    )
    (attack,) = _events(doc, "attack")
    assert attack.date == "2021-06-01"


def test_back_reference_skips_an_event_of_another_type(code_text):
    doc = code_text(
        "Russian drones pounded Odesa overnight, killing four people. "
        "Officials recalled that Russia annexed Crimea in 2014. "
        "The attack came as envoys met in Geneva.",
        published="2025-04-24",
    )
    (attack,) = _events(doc, "attack")
    assert attack.date == "2025-04-24"


def test_vague_date_of_an_earlier_sentence_is_not_copied(code_text):
    doc = code_text(
        "In August 2019, militants ambushed an army convoy in Kupwara. "
        "The ambush was condemned by the governor.",
        published="2025-05-10",
    )
    (ambush,) = _events(doc, "ambush")
    assert ambush.date is None


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
