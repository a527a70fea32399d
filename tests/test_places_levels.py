"""Names read whole and the levels of a place's hierarchy: the longest name
the gazetteer knows around a mention (``PlaceFinder._widened``, rule
``longest_known_name``), the words of one name parsed as two nouns
(``_untagged_spans``), the names in brackets after a place
(``places._in_hierarchy_brackets``, rule ``bracketed_levels``) and "X of Y"
(``_qualifier_mention``). Hand-built Docs, a stub gazetteer, made-up names."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from flashpoint.nlp.gazetteer import Place, load_cues, place_key
from flashpoint.nlp.places import BIG_TOWN, PlaceFinder, _in_hierarchy_brackets

CUES = load_cues()
PREPS = CUES["locative_prepositions"] | CUES["target_prepositions"]


def _town(name, population=20_000, precision="city", source="geonames"):
    return Place(name=name, country="AAA", admin1="Aprov", lat=1.0, lon=1.0,
                 precision=precision, source=source, population=population)  # fmt: skip


class _Gazetteer:
    def __init__(self, places):
        self.places = {place_key(p.name): [p] for p in places}

    def lookup(self, text):
        return list(self.places.get(place_key(text), []))


def _finder(*places) -> PlaceFinder:
    finder = PlaceFinder.__new__(PlaceFinder)
    finder.gazetteer = _Gazetteer(places)
    finder.cues = CUES
    return finder


def _doc(words, pos=None, deps=None, heads=None):
    n = len(words)
    return Doc(spacy.blank("en").vocab, words=words, pos=pos or ["PROPN"] * n,
               deps=deps or ["ROOT"] + ["dep"] * (n - 1), heads=heads or [0] * n,
               lemmas=[w.lower() for w in words],
               sent_starts=[True] + [False] * (n - 1))  # fmt: skip


# --- longest_known_name ----------------------------------------------------------


def test_a_mention_inside_a_longer_known_name_is_that_name():
    finder = _finder(_town("Ysuda"), _town("Xport Ysuda"))
    doc = _doc(["clashes", "in", "Xport", "Ysuda", "today"])
    span, places = finder._widened(doc, (doc[3:4], [_town("Ysuda")]))
    assert span.text == "Xport Ysuda" and places[0].name == "Xport Ysuda"


def test_a_name_reaches_over_its_small_words_but_never_ends_on_one():
    finder = _finder(_town("Bsur"), _town("Aville del Bsur"), _town("Cmar de"))
    doc = _doc(["in", "Aville", "del", "Bsur", "province"])
    span, _ = finder._widened(doc, (doc[3:4], [_town("Bsur")]))
    assert span.text == "Aville del Bsur"
    doc = _doc(["in", "Cmar", "de", "la", "paz"])
    span, _ = finder._widened(doc, (doc[1:2], [_town("Cmar")]))
    assert span.text == "Cmar"


def test_a_lower_case_word_joins_only_a_town_whose_own_name_goes_on_so():
    doc = _doc(["in", "Dkuwa", "city", "."])
    finder = _finder(_town("Dkuwa City", population=60_000))
    span, _ = finder._widened(doc, (doc[1:2], [_town("Dkuwa", precision="country")]))
    assert span.text == "Dkuwa city"
    # a province called so is no town "Dkuwa City"
    finder = _finder(_town("Dkuwa City", population=60_000, source="admin1"))
    span, _ = finder._widened(doc, (doc[1:2], [_town("Dkuwa")]))
    assert span.text == "Dkuwa"
    # other words in lower case only for a city of BIG_TOWN people
    doc = _doc(["in", "Edar", "es", "salama", "."])
    finder = _finder(_town("Edar es Salama", population=BIG_TOWN // 2))
    assert finder._widened(doc, (doc[1:2], [_town("Edar")]))[0].text == "Edar"
    finder = _finder(_town("Edar es Salama", population=BIG_TOWN * 3))
    assert finder._widened(doc, (doc[1:2], [_town("Edar")]))[0].text == "Edar es salama"


def test_a_name_found_by_an_alternate_spelling_does_not_widen():
    alt = Place(name="Fport Gtown", country="AAA", admin1=None, lat=1.0, lon=1.0,
                precision="city", source="geonames", population=50_000, alternate=True)  # fmt: skip
    finder = _finder(alt)
    doc = _doc(["in", "Fport", "Gtown"])
    assert finder._widened(doc, (doc[2:3], [_town("Gtown")]))[0].text == "Gtown"


# --- one name parsed as two nouns ------------------------------------------------------


def test_two_capitalised_words_of_a_designated_name_are_read_whole():
    # "fought in Hpreah Jvihar province ." : both words compounds of "province"
    doc = _doc(
        ["men", "fought", "in", "Hpreah", "Jvihar", "province", "."],
        ["NOUN", "VERB", "ADP", "PROPN", "PROPN", "NOUN", "PUNCT"],
        ["nsubj", "ROOT", "prep", "compound", "compound", "pobj", "punct"],
        [1, 1, 1, 5, 5, 2, 1],
    )
    finder = _finder(_town("Hpreah Jvihar", precision="admin1", source="admin1"))
    spans = [s.text for s, _ in finder._untagged_spans(doc, set())]
    assert "Hpreah Jvihar" in spans
    # a name the gazetteer does not know whole stays word by word
    finder = _finder(_town("Jvihar"))
    spans = [s.text for s, _ in finder._untagged_spans(doc, set())]
    assert "Hpreah Jvihar" not in spans and "Jvihar" in spans


# --- bracketed_levels ------------------------------------------------------------------


def test_names_in_brackets_after_a_designator_are_levels_of_the_place():
    # "met at Kvillage village , Lcom commune ( Mdist , Nprov ) ."
    words = ["met", "at", "Kvillage", "village", ",", "Lcom", "commune", "(", "Mdist", ",",
             "Nprov", ")", "."]  # fmt: skip
    doc = _doc(words)
    assert _in_hierarchy_brackets(doc, doc[8], set(), CUES, PREPS)
    assert _in_hierarchy_brackets(doc, doc[10], set(), CUES, PREPS)


def test_names_in_brackets_after_a_placed_name_are_levels_of_it():
    # "fought in the area of Pvil ( Qdist ) ."
    doc = _doc(
        ["men", "fought", "in", "the", "area", "of", "Pvil", "(", "Qdist", ")", "."],
        ["NOUN", "VERB", "ADP", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "PUNCT",
         "PUNCT"],
        ["nsubj", "ROOT", "prep", "det", "pobj", "prep", "pobj", "punct", "appos", "punct",
         "punct"],
        [1, 1, 1, 4, 2, 4, 5, 6, 6, 6, 1],
    )  # fmt: skip
    assert _in_hierarchy_brackets(doc, doc[8], set(), CUES, PREPS)


def test_a_bracket_after_a_common_word_or_holding_other_words_gives_no_levels():
    # "the chief ( Rname ) spoke", "the village ( where Sname stood )"
    doc = _doc(["the", "chief", "(", "Rname", ")", "spoke"])
    assert not _in_hierarchy_brackets(doc, doc[3], set(), CUES, PREPS)
    doc = _doc(["the", "village", "(", "where", "Sname", "stood", ")"])
    assert not _in_hierarchy_brackets(doc, doc[4], set(), CUES, PREPS)


# --- "X of Y" ----------------------------------------------------------------------------


def test_a_place_of_a_place_is_held_by_the_second():
    doc = _doc(["kidnapped", "in", "Tvil", "of", "Udist", "."])
    mentions = [(doc[2:3], [_town("Tvil")]), (doc[4:5], [_town("Udist")])]
    outer, holds = _finder()._qualifier_mention(doc, doc[2:3], mentions)
    assert outer.text == "Udist" and holds


# --- sure places of the article ------------------------------------------------------------


def test_a_province_name_found_in_several_countries_is_no_sure_place():
    from flashpoint.nlp.place_filters import CandidateSifter

    sifter = CandidateSifter(gazetteer=_Gazetteer([]), cues=CUES)
    doc = _doc(["clashes", "in", "Vbeni", "and", "Wtown"])
    town = Place(name="Vbeni", country="AAA", admin1="Aprov", lat=1.0, lon=1.0,
                 precision="city", source="geonames", population=50_000)  # fmt: skip
    far = Place(name="El Vbeni", country="BBB", admin1="El Vbeni", lat=-40.0, lon=-60.0,
                precision="admin1", source="admin1", population=300_000)  # fmt: skip
    wtown = (doc[4:5], [_town("Wtown")])
    refs = sifter._reference_points(doc[4:5], [(doc[2:3], [town, far]), wtown], set())
    assert far not in refs
    # ... where the province's name is of one country only, it is sure
    refs = sifter._reference_points(doc[4:5], [(doc[2:3], [far]), wtown], set())
    assert far in refs


# --- people_not_place; a street of our own files' name ------------------------------------


def test_a_name_before_community_or_tribe_is_a_people_not_a_place():
    from flashpoint.nlp.place_filters import CandidateSifter

    sifter = CandidateSifter(gazetteer=_Gazetteer([]), cues=CUES)
    for noun in ("community", "tribesmen", "clan"):
        doc = _doc(["men", "of", "the", "Xbari", noun, "fled"])
        mention = (doc[3:4], [_town("Xbari")])
        assert sifter.sift(doc, mention, [mention], set()) is None
    doc = _doc(["men", "of", "the", "Xbari", "market", "fled"])
    mention = (doc[3:4], [_town("Xbari")])
    assert sifter.sift(doc, mention, [mention], set()) == mention


def test_a_street_named_like_a_district_of_our_files_lies_in_the_town_after_it():
    from flashpoint.nlp.places import _abroad

    ours = Place(name="Ygaya", country="BBB", admin1="Bprov", lat=30.0, lon=80.0,
                 precision="city", radius_km=40.0, source="region")  # fmt: skip
    town = _town("Zkota", population=400_000)
    assert _abroad(ours, town, inside=True, sited=True)  # "Ygaya Street in Zkota"
    assert not _abroad(ours, town, inside=True, sited=False)  # "Ygaya, Zkota": a list


# --- a town's possessive on a facility; a noun before a designator; people from X -------


def test_a_towns_possessive_on_a_facility_names_the_town():
    from flashpoint.nlp.places import _names_a_site

    # "fans rioted in Xsak 's Ydoha Stadium ."
    doc = _doc(
        ["fans", "rioted", "in", "Xsak", "'s", "Ydoha", "Stadium", "."],
        ["NOUN", "VERB", "ADP", "PROPN", "PART", "PROPN", "PROPN", "PUNCT"],
        ["nsubj", "ROOT", "prep", "poss", "case", "compound", "pobj", "punct"],
        [1, 1, 1, 6, 3, 6, 2, 1],
    )
    assert _names_a_site(doc[3], CUES)
    # "Xsak 's leaders met" : a possessive on no facility
    doc = _doc(
        ["Xsak", "'s", "leaders", "met"],
        ["PROPN", "PART", "NOUN", "VERB"],
        ["poss", "case", "nsubj", "ROOT"],
        [2, 0, 3, 3],
    )
    assert not _names_a_site(doc[0], CUES)


def test_a_capitalised_noun_before_a_designator_may_name_a_place():
    from flashpoint.nlp.places import _capitalised_noun_before_designator

    doc = _doc(
        ["a", "mob", "struck", "at", "Xmieso", "woreda", "."],
        ["DET", "NOUN", "VERB", "ADP", "NOUN", "NOUN", "PUNCT"],
    )
    assert _capitalised_noun_before_designator(doc, doc[4], CUES)
    doc = _doc(
        ["a", "mob", "struck", "at", "Xmieso", "market", "."],
        ["DET", "NOUN", "VERB", "ADP", "NOUN", "NOUN", "PUNCT"],
    )
    assert not _capitalised_noun_before_designator(doc, doc[4], CUES)


def test_people_from_a_place_name_it_as_after_in():
    # "angry people from Xgamba blocked roads ."
    doc = _doc(
        ["angry", "people", "from", "Xgamba", "blocked", "roads", "."],
        ["ADJ", "NOUN", "ADP", "PROPN", "VERB", "NOUN", "PUNCT"],
        ["amod", "nsubj", "prep", "pobj", "ROOT", "dobj", "punct"],
        [1, 4, 1, 2, 4, 4, 4],
    )
    finder = _finder(_town("Xgamba"))
    assert dict((s.text, p) for s, p in finder._untagged_spans(doc, set()))["Xgamba"] is True
    # "a letter from Xgamba": no people told by it
    doc = _doc(
        ["a", "letter", "from", "Xgamba", "came", "."],
        ["DET", "NOUN", "ADP", "PROPN", "VERB", "PUNCT"],
        ["det", "nsubj", "prep", "pobj", "ROOT", "punct"],
        [1, 4, 1, 2, 4, 4],
    )
    assert dict((s.text, p) for s, p in finder._untagged_spans(doc, set()))["Xgamba"] is not True


def test_a_name_after_a_lower_case_arabic_article_is_capitalised():
    words = ["in", "al", "-", "Xhasa", "and", "el", "-", "xobe", "and", "Yfash"]
    spaces = [True, False, False, True, True, False, False, True, True, False]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    assert PlaceFinder._capitalised(doc[1:4])
    assert not PlaceFinder._capitalised(doc[5:8])  # the name itself in lower case
    assert PlaceFinder._capitalised(doc[9:10])
    assert not PlaceFinder._capitalised(doc[0:1])
