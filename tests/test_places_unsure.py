"""Places too unsure to tell whose territory they are
(``places._unsure_state``, ``span._.fp_place_unsure``) and the document rule
that drops a state the article gives no evidence of
(``coding.domestic.without_unfounded_state``): hand-built Docs and Places,
no model. Names invented."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from flashpoint.coding.domestic import without_unfounded_state
from flashpoint.models import Actor
from flashpoint.nlp import extensions
from flashpoint.nlp.gazetteer import Place
from flashpoint.nlp.places import BIG_TOWN, SURE_TOWN, _unsure_state

extensions.register()


def _place(name, country, population=5_000, source="geonames", precision="city"):
    return Place(name=name, country=country, admin1=None, lat=1.0, lon=1.0,
                 precision=precision, source=source, population=population)  # fmt: skip


def _doc(words, places):
    """Spans, chosen places and names for the words that ``places`` maps."""
    doc = spacy.blank("en")(" ".join(words))
    spans, chosen, names = {}, {}, {}
    for i, word in enumerate(words):
        if word in places:
            spans[word] = Span(doc, i, i + 1)
            chosen[i] = places[word]
            names[i] = word
    return spans, chosen, names


def test_a_town_with_a_namesake_abroad_in_no_named_country_is_unsure():
    # "protesters blocked a road in Vell Mari": a Vell Mari in two countries
    town = _place("Vellmari", "AAA")
    namesake = _place("Vellmari", "BBB", population=4_000)
    spans, chosen, names = _doc(["in", "Vellmari"], {"Vellmari": town})
    assert _unsure_state(spans["Vellmari"], town, [town, namesake], chosen, names, set())
    # named by the article, or a capital: sure
    assert not _unsure_state(spans["Vellmari"], town, [town, namesake], chosen, names, {"AAA"})
    assert not _unsure_state(spans["Vellmari"], town, [town, namesake], chosen, names, set(),
                             {"Vellmari": "AAA"})


def test_a_town_nothing_but_its_name_places_is_unsure():
    # rule unbacked_town: the only town of its name, in a note that names no
    # country and no other place, says where the event is likeliest shown,
    # not whose police or people act in it; a town of SURE_TOWN people does
    town = _place("Vellmari", "AAA")
    spans, chosen, names = _doc(["in", "Vellmari"], {"Vellmari": town})
    assert _unsure_state(spans["Vellmari"], town, [town], chosen, names, set())
    assert not _unsure_state(spans["Vellmari"], town, [town], chosen, names, {"AAA"})
    city = _place("Vellmari", "AAA", population=SURE_TOWN)
    assert not _unsure_state(spans["Vellmari"], city, [city], {1: city}, names, set())


def test_a_town_beside_another_of_its_country_is_sure():
    town, other = _place("Vell Mari", "AAA"), _place("Coster", "AAA", source="admin2")
    spans, chosen, names = _doc(["Vell Mari", ",", "Coster"], {"Vell Mari": town, "Coster": other})
    assert not _unsure_state(spans["Vell Mari"], town, [town], chosen, names, set())


def test_a_big_city_is_sure_a_smaller_town_with_a_namesake_abroad_is_not():
    city = _place("Porto Lenz", "AAA", population=20 * BIG_TOWN)
    namesake = _place("Porto Lenz", "BBB", population=5 * BIG_TOWN, source="admin1", precision="admin1")
    spans, chosen, names = _doc(["in", "Porto Lenz"], {"Porto Lenz": city})
    assert not _unsure_state(spans["Porto Lenz"], city, [city, namesake], chosen, names, set())
    province = _place("Porto Lenz", "AAA", population=5 * BIG_TOWN, source="admin1", precision="admin1")
    spans, chosen, names = _doc(["in", "Porto Lenz"], {"Porto Lenz": province})
    assert not _unsure_state(spans["Porto Lenz"], province, [province], chosen, names, set())
    assert _unsure_state(spans["Porto Lenz"], province, [province, namesake], chosen, names, set())


def test_countries_are_always_sure():
    country = _place("Aland", "AAA", source="country", precision="country")
    spans, chosen, names = _doc(["in", "Aland"], {"Aland": country})
    assert not _unsure_state(spans["Aland"], country, [country], chosen, names, set())


def test_an_unnamed_party_loses_a_state_without_evidence():
    doc = spacy.blank("en")("Residents blocked the road .")
    residents = Actor(code="USA", sector="CVL", text="Residents")
    assert without_unfounded_state(residents, set(), doc).code is None
    assert without_unfounded_state(residents, set(), doc).sector == "CVL"
    assert without_unfounded_state(residents, {"USA"}, doc) is residents
    # a named person: kept
    named = Actor(code="USA", sector="GOV", name="Ann Roe", text="Roe")
    assert without_unfounded_state(named, set(), doc) is named


def test_a_role_placed_by_its_sentence_is_no_evidence_of_its_state():
    from types import SimpleNamespace

    from flashpoint.coding.domestic import states_in_evidence
    from flashpoint.nlp.context import DocContext

    # "Police in Vell Mari arrested two men . Lagos police said so ."
    doc = spacy.blank("en")("police in Vell Mari arrested two men . the Lagos police said so .")
    placed = Span(doc, 0, 1, label="ROLE")
    placed._.fp_actor = Actor(code="ESP", sector="COP", text="police")
    own = Span(doc, 10, 13, label="ROLE")
    own._.fp_actor = Actor(code="NGA", sector="COP", text="the Lagos police")
    doc._.fp_context = DocContext(dictionary=None, placed_roles={(0, 1)})
    found = states_in_evidence(doc, SimpleNamespace(spans=[placed, own]))
    assert "NGA" in found and "ESP" not in found


def test_an_actor_inside_a_longer_place_name_is_part_of_the_place():
    from flashpoint.coding.actor_index import _inside_a_place_name

    # "riots in Port Kelso ." with "Kelso" also a known surname
    doc = spacy.blank("en")("riots in Port Kelso .")
    doc.spans["fp_places"] = [Span(doc, 2, 4, label="CITY")]
    assert _inside_a_place_name(Span(doc, 3, 4, label="PERSON"), doc)
    assert not _inside_a_place_name(Span(doc, 3, 4, label="STATE"), doc)
    assert not _inside_a_place_name(Span(doc, 0, 1, label="ROLE"), doc)


def test_a_role_placed_by_a_place_does_not_name_its_country_for_that_place():
    from flashpoint.nlp.gazetteer import get_gazetteer, load_cues
    from flashpoint.nlp.place_filters import CandidateSifter

    doc = spacy.blank("en")("students blocked the road in Vell Mari .")
    students = Span(doc, 0, 1, label="ROLE")
    students._.fp_actor = Actor(code="ESP", sector="CVL", text="students")
    doc.spans["fp_actors"] = [students]
    sifter = CandidateSifter(gazetteer=get_gazetteer(), cues=load_cues())
    assert "ESP" in sifter.named_countries(doc, [])
    assert "ESP" not in sifter.named_countries(doc, [], skip={(0, 1)})


def test_a_city_with_a_namesake_town_abroad_of_near_its_size_is_unsure():
    city = _place("Port Kelso", "AAA", population=2 * BIG_TOWN)
    town = _place("Port Kelso", "BBB", population=BIG_TOWN)
    spans, chosen, names = _doc(["in", "Port Kelso"], {"Port Kelso": city})
    assert _unsure_state(spans["Port Kelso"], city, [city, town], chosen, names, set())
    # a province abroad counts a tenth of its people
    province = _place("Port Kelso", "BBB", population=BIG_TOWN, source="admin1", precision="admin1")
    assert not _unsure_state(spans["Port Kelso"], city, [city, province], chosen, names, set())
