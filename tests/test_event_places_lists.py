"""The list a place mention stands in (``event_places._list_members``) and
a town read as a namesake outside the province the text names after it
(``places._abroad``). Hand-built Docs and Places; the names are made up."""

from __future__ import annotations

from flashpoint.coding.event_places import _list_members
from flashpoint.nlp.gazetteer import Place
from flashpoint.nlp.places import _abroad
from handdocs import build

# "Riots were reported in Aville , Bville , Cville and Dville ."
# Bville is a name no gazetteer knows; the chain of "conj" goes through it.
LIST = """
Riots 2 nsubjpass NOUN NNS riot
were 2 auxpass AUX VBD be
reported 2 ROOT VERB VBN report
in 2 prep ADP IN -
Aville 3 pobj PROPN NNP -
, 4 punct PUNCT , -
Bville 4 conj PROPN NNP -
, 6 punct PUNCT , -
Cville 6 conj PROPN NNP -
and 8 cc CCONJ CC -
Dville 8 conj PROPN NNP -
. 2 punct PUNCT . -
"""

# "Riots were reported in Aville , Bville , Cville ." with Cville parsed as
# an apposition of Aville while the list goes on through "conj"
COMMAS = """
Riots 2 nsubjpass NOUN NNS riot
were 2 auxpass AUX VBD be
reported 2 ROOT VERB VBN report
in 2 prep ADP IN -
Aville 3 pobj PROPN NNP -
, 4 punct PUNCT , -
Bville 4 conj PROPN NNP -
, 4 punct PUNCT , -
Cville 4 appos PROPN NNP -
. 2 punct PUNCT . -
"""

# "Riots were reported in Aville , Yprov ." : the apposition alone is the
# division that holds Aville, not a second place of a list
HELD = """
Riots 2 nsubjpass NOUN NNS riot
were 2 auxpass AUX VBD be
reported 2 ROOT VERB VBN report
in 2 prep ADP IN -
Aville 3 pobj PROPN NNP -
, 4 punct PUNCT , -
Yprov 4 appos PROPN NNP -
. 2 punct PUNCT . -
"""


def test_a_list_of_places_is_walked_through_names_the_gazetteer_lacks():
    doc = build(LIST)
    members = {doc[i].text for i in _list_members(doc[4:5])}
    assert members == {"Aville", "Bville", "Cville", "Dville"}


def test_a_comma_list_parsed_as_an_apposition_is_one_list():
    doc = build(COMMAS)
    assert {doc[i].text for i in _list_members(doc[4:5])} == {"Aville", "Bville", "Cville"}


def test_an_apposition_with_no_list_around_it_is_no_list_member():
    doc = build(HELD)
    assert {doc[i].text for i in _list_members(doc[4:5])} == {"Aville"}


def _place(name, country, admin1, lat, lon, precision="city", **kw):
    return Place(name=name, country=country, admin1=admin1, lat=lat, lon=lon,
                 precision=precision, **kw)  # fmt: skip


def test_a_town_in_another_province_of_the_country_gives_way_to_the_province_named():
    town = _place("Aville", "AAA", "Xprov", 10.0, 20.0, population=5000)
    named = _place("Yprov", "AAA", "Yprov", 11.0, 21.0, precision="admin1", radius_km=150.0)
    assert _abroad(town, named, inside=False)


def test_a_town_inside_the_province_named_or_near_it_stays():
    town = _place("Aville", "AAA", "Yprov", 10.9, 20.9, population=5000)
    named = _place("Yprov", "AAA", "Yprov", 11.0, 21.0, precision="admin1", radius_km=150.0)
    assert not _abroad(town, named, inside=False)
    border = _place("Bville", "AAA", "Xprov", 11.1, 21.1, population=5000)
    assert not _abroad(border, named, inside=False)  # within TOWN_HOLD_KM of it


def test_a_big_city_found_by_an_alternate_name_is_no_sure_reading():
    city = _place("Bigcity", "BBB", "Zprov", 40.0, 10.0, population=500_000, alternate=True)
    named = _place("Yprov", "AAA", "Yprov", 11.0, 21.0, precision="admin1", radius_km=150.0)
    assert _abroad(city, named, inside=False)
    plain = _place("Bigcity", "BBB", "Zprov", 40.0, 10.0, population=500_000)
    assert not _abroad(plain, named, inside=False)


# "Blasts hit Aville and Dville province ." : the second place is a span of
# two tokens whose root ("province") is not the one joined by "and"
TWO = """
Blasts 1 nsubj NOUN NNS blast
hit 1 ROOT VERB VBD -
Aville 5 nmod PROPN NNP -
and 2 cc CCONJ CC -
Dville 2 conj PROPN NNP -
province 1 dobj NOUN NN -
. 1 punct PUNCT . -
"""


def _placed(doc, spans):
    from spacy.tokens import Span

    from flashpoint.models import Location
    from flashpoint.nlp import extensions

    extensions.register()
    out = []
    for start, end, name, precision, lat, admin1 in spans:
        span = Span(doc, start, end, label=precision.upper())
        span._.fp_location = Location(name=name, country="AAA", admin1=admin1, lat=lat,
                                      lon=20.0, precision=precision, text=span.text)
        out.append(span)
    doc.spans["fp_places"] = out
    return out


def test_a_place_of_two_words_joined_by_and_is_a_place_of_its_own():
    from flashpoint.coding.event_places import further_places

    doc = build(TWO)
    spans = _placed(doc, [(2, 3, "Aville", "city", 10.0, "Xprov"),
                          (4, 6, "Dville", "admin1", 14.0, "Dville")])
    more = further_places(doc, doc[1:2], spans[0]._.fp_location)
    assert [loc.name for loc in more] == ["Dville"]


def test_the_province_holding_a_town_is_no_second_place_of_the_act():
    from flashpoint.coding.event_places import further_places

    doc = build(LIST)
    spans = _placed(doc, [(4, 5, "Aville", "city", 10.0, "Yprov"),
                          (8, 9, "Yprov", "admin1", 10.2, "Yprov"),
                          (10, 11, "Dville", "city", 13.0, "Zprov")])
    more = further_places(doc, doc[2:3], spans[0]._.fp_location)
    assert [loc.name for loc in more] == ["Dville"]


# "Inmates in Aville Bville burned rooms ." with the two-word name split by
# the parser: "Aville" the object of "in", "Bville" the subject of "burned"
SPLIT = """
Inmates 4 nsubj NOUN NNS inmate
in 0 prep ADP IN -
Aville 1 pobj PROPN NNP -
Bville 4 nsubj PROPN NNP -
burned 4 ROOT VERB VBD burn
rooms 4 dobj NOUN NNS room
. 4 punct PUNCT . -
"""

# "Inmates fled from Aville after a clash ."
AFTER = """
Inmates 1 nsubj NOUN NNS inmate
fled 1 ROOT VERB VBD flee
from 1 prep ADP IN -
Aville 2 pobj PROPN NNP -
after 1 prep ADP IN -
a 6 det DET DT -
clash 4 pobj NOUN NN -
. 1 punct PUNCT . -
"""


def test_a_name_after_a_locative_preposition_is_no_subject_however_it_is_parsed():
    from flashpoint.coding.event_places import _subject

    doc = build(SPLIT)
    assert not _subject(doc[2:4])
    assert _subject(doc[3:4])  # alone, with no preposition before it


def test_the_event_itself_after_a_marker_is_no_other_occasion():
    from flashpoint.coding.event_places import _another_occasion
    from flashpoint.nlp.gazetteer import load_cues

    doc = build(AFTER)
    after, clash = doc[4], doc[6]
    assert _another_occasion(after, load_cues())  # an attack told as the background
    assert not _another_occasion(after, load_cues(), own=clash)  # the clash is the event


# "Police fired tear gas at rioters in Aville ." with Aville a place no
# gazetteer knows: only the country is known, from a demonym or a country name
def _country_doc(words: str):
    from flashpoint.coding.event_places import COUNTRY_KEY

    rows = "\n".join(f"{w} 0 dep X XX -" for w in words.split())
    doc = build(rows)
    doc.user_data.pop(COUNTRY_KEY, None)
    return doc


def test_a_report_of_one_country_places_an_unplaced_act_in_that_country():
    from flashpoint.coding.event_places import _article_country

    doc = _country_doc("Kenyan police fired tear gas at rioters in Aville .")
    _placed(doc, [])
    loc = _article_country(doc)
    assert (loc.country, loc.precision) == ("KEN", "country")


def test_a_report_of_two_countries_leaves_an_unplaced_act_unplaced():
    from flashpoint.coding.event_places import _article_country

    doc = _country_doc("Kenyan police fired tear gas at Ugandan traders in Aville .")
    _placed(doc, [])
    assert _article_country(doc) is None


def test_only_an_unplaced_material_act_takes_the_reports_country():
    from flashpoint.coding.event_places import place_in_the_country
    from flashpoint.models import Event, Evidence, Location

    doc = _country_doc("Kenyan police fired tear gas at rioters and urged calm .")
    _placed(doc, [])
    ev = Evidence(sentence=doc.text, start=0, end=len(doc.text), trigger="fired")
    fired = Event(doc_id="d", event_type="ASSAULT", evidence=ev)
    urged = Event(doc_id="d", event_type="REQUEST", evidence=ev)
    town = Location(name="Aville", country="KEN", lat=0.1, lon=37.0, precision="city")
    placed_before = Event(doc_id="d", event_type="COERCE", evidence=ev, location=town)
    place_in_the_country(doc, [(fired, doc[2:3]), (urged, doc[8:9]), (placed_before, doc[2:3])])
    assert (fired.location.country, fired.location.precision) == ("KEN", "country")
    assert urged.location is None
    assert placed_before.location is town
