"""Landmarks that stand for their city (``data/places/landmarks.csv``): a
seat of power is where what happens "at" it happens. Sentences are written
for these tests."""

from __future__ import annotations

import pytest

from flashpoint.nlp.gazetteer import get_gazetteer
from flashpoint.nlp.pipeline import make_doc


@pytest.mark.parametrize(
    ("name", "country", "lat"),
    [("White House", "USA", 38.9), ("the Kremlin", "RUS", 55.75), ("Élysée", "FRA", 48.87)],
)
def test_a_landmark_is_a_place_in_its_city(name, country, lat):
    found = [p for p in get_gazetteer().lookup(name, geonames=False) if p.source == "region"]
    assert found, name
    assert found[0].country == country
    assert abs(found[0].lat - lat) < 0.1
    assert found[0].precision == "city"


def test_a_landmark_is_not_listed_wherever_it_is_written():
    # "the Kremlin said" names a speaker: only the syntax makes a landmark a place
    gaz = get_gazetteer()
    assert not gaz.is_listed("Kremlin")
    assert not gaz.is_listed("White House")


@pytest.fixture(scope="module")
def parse(model_with):
    nlp = model_with("flashpoint_places")
    return lambda text: nlp(make_doc(nlp, text))


def _places(doc) -> dict[str, str]:
    return {s.text: s._.fp_location.country for s in doc.spans["fp_places"]}


@pytest.mark.model
def test_met_at_a_landmark_is_placed_there(parse):
    assert _places(parse("The two envoys met at the Kremlin on Tuesday.")).get("Kremlin") == "RUS"


@pytest.mark.model
def test_a_landmark_as_speaker_is_no_place(parse):
    assert "Kremlin" not in _places(parse("The Kremlin said the talks would continue."))


@pytest.mark.model
def test_a_landmark_modifying_a_noun_is_no_place(parse):
    # "Pentagon officials": the institution speaks, its city is no event's place
    doc = parse(
        "US drone raids have killed six commanders since May, according to Pentagon sources."
    )
    assert "Pentagon" not in _places(doc)
    doc = parse("White House officials said the raid killed ten people.")
    assert "White House" not in _places(doc)
