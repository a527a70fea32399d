"""Namesakes abroad (``places._namesake_abroad``): hand-built Docs and
Places, no model."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from flashpoint.nlp.gazetteer import Place
from flashpoint.nlp.places import BIG_TOWN, _namesake_abroad


def _town(name, country, population=5_000, source="geonames"):
    return Place(name=name, country=country, admin1=None, lat=1.0, lon=1.0,
                 precision="city", source=source, population=population)  # fmt: skip


def _mentions(words, chosen_by_word):
    doc = spacy.blank("en")(" ".join(words))
    mentions, chosen = [], {}
    for i, word in enumerate(words):
        if word in chosen_by_word:
            span = Span(doc, i, i + 1)
            mentions.append((span, [chosen_by_word[word]]))
            chosen[i] = chosen_by_word[word]
    return mentions, chosen


def test_a_town_abroad_beside_the_places_of_one_country_is_a_namesake():
    # "Alphaville town (Betaburg, Betaburg)": the article's other places are in
    # one country, the only Alphaville the gazetteer knows lies in another.
    places = {"Alphaville": _town("Alphaville", "AAA"),
              "Betaburg": _town("Betaburg", "BBB", source="admin2")}  # fmt: skip
    mentions, chosen = _mentions(["Alphaville", "town", "(", "Betaburg", ")"], places)
    assert _namesake_abroad(mentions[0][0], chosen[0], mentions, chosen, set())
    assert not _namesake_abroad(mentions[1][0], chosen[3], mentions, chosen, set())


def test_of_two_towns_abroad_from_each_other_the_smaller_is_the_namesake():
    places = {"Alphaville": _town("Alphaville", "AAA", population=900),
              "Betaburg": _town("Betaburg", "BBB", population=90_000)}  # fmt: skip
    mentions, chosen = _mentions(["Alphaville", ",", "Betaburg"], places)
    assert _namesake_abroad(mentions[0][0], chosen[0], mentions, chosen, set())
    assert not _namesake_abroad(mentions[1][0], chosen[2], mentions, chosen, set())


def test_a_town_of_a_country_the_article_names_is_kept():
    # its country named by a demonym, an actor or a country name
    places = {"Alphaville": _town("Alphaville", "AAA"), "Betaburg": _town("Betaburg", "BBB")}
    mentions, chosen = _mentions(["Alphaville", "and", "Betaburg"], places)
    assert not _namesake_abroad(mentions[0][0], chosen[0], mentions, chosen, {"AAA"})


def test_a_sole_place_a_big_city_or_a_country_is_never_a_namesake():
    alone, chosen = _mentions(["in", "Alphaville"], {"Alphaville": _town("Alphaville", "AAA")})
    assert not _namesake_abroad(alone[0][0], chosen[1], alone, chosen, set())
    big = {"Alphaville": _town("Alphaville", "AAA", population=BIG_TOWN),
           "Betaburg": _town("Betaburg", "BBB")}  # fmt: skip
    mentions, chosen = _mentions(["Alphaville", "and", "Betaburg"], big)
    assert not _namesake_abroad(mentions[0][0], chosen[0], mentions, chosen, set())
    land = {"Alphaville": _town("Alphaville", "AAA", source="country"),
            "Betaburg": _town("Betaburg", "BBB")}  # fmt: skip
    mentions, chosen = _mentions(["Alphaville", "and", "Betaburg"], land)
    assert not _namesake_abroad(mentions[0][0], chosen[0], mentions, chosen, set())


# --- alternate spellings in a note that names no country ---------------------------


def _sifter():
    from flashpoint.nlp.gazetteer import get_gazetteer, load_cues
    from flashpoint.nlp.place_filters import CandidateSifter

    return CandidateSifter(gazetteer=get_gazetteer(), cues=load_cues())


def _spelt(words, name, **kw):
    """A Doc of ``words`` and the one-token span of ``name``."""
    from spacy.tokens import Doc

    doc = Doc(spacy.blank("en").vocab, words=words, **kw)
    i = words.index(name)
    return doc, Span(doc, i, i + 1)


def test_a_designator_after_a_name_marks_a_place():
    from flashpoint.nlp.gazetteer import load_cues
    from flashpoint.nlp.place_filters import designated

    cues = load_cues()
    _, span = _spelt(["to", "Xtown", "town", "."], "Xtown")
    assert designated(span, cues)
    _, span = _spelt(["to", "Xtown", "market", "."], "Xtown")
    assert not designated(span, cues)


def test_an_alternate_spelling_marked_as_a_place_is_kept_where_no_country_is_named():
    alt = Place(name="Xawhar", country="AAA", admin1=None, lat=1.0, lon=1.0,
                precision="city", source="geonames", population=40_000, alternate=True)  # fmt: skip
    doc, span = _spelt(["women", "went", "to", "Xowhar", "town"], "Xowhar")
    sifter = _sifter()
    assert sifter.sift(doc, (span, [alt]), [(span, [alt])], set()) == (span, [alt])
    # ... not when the note names a country of its own (the spelling may be
    # of a town abroad), nor when nothing marks the name as a place
    assert sifter.sift(doc, (span, [alt]), [(span, [alt])], {"FRA"}) is None
    doc, span = _spelt(["women", "met", "Xowhar", "there"], "Xowhar")
    assert sifter.sift(doc, (span, [alt]), [(span, [alt])], set()) is None


# --- the division named after a village --------------------------------------------


def _parsed(words, pos, deps, heads):
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, pos=pos, deps=deps, heads=heads)


def test_a_name_after_a_placed_village_names_the_division_that_holds_it():
    from flashpoint.nlp.places import _qualifies_a_placed_name

    # "fought in Xvillage (Ydept)." and "fought in Xvillage, Ydept."
    for glue in ("(", ","):
        doc = _parsed(
            ["men", "fought", "in", "Xvillage", glue, "Ydept", "."],
            ["NOUN", "VERB", "ADP", "PROPN", "PUNCT", "PROPN", "PUNCT"],
            ["nsubj", "ROOT", "prep", "pobj", "punct", "appos", "punct"],
            [1, 1, 1, 2, 3, 3, 1],
        )
        assert _qualifies_a_placed_name(doc, doc[5], {"in"})


def test_the_next_name_of_a_list_or_a_subject_is_no_holder():
    from flashpoint.nlp.places import _qualifies_a_placed_name

    # "fought in Xvillage, Yvillage and Zvillage": a list of places
    doc = _parsed(
        ["men", "fought", "in", "Xvillage", ",", "Yvillage", "and", "Zvillage"],
        ["NOUN", "VERB", "ADP", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN"],
        ["nsubj", "ROOT", "prep", "pobj", "punct", "conj", "cc", "conj"],
        [1, 1, 1, 2, 3, 3, 5, 5],
    )
    assert not _qualifies_a_placed_name(doc, doc[5], {"in"})
    # "Xman, Ychief said": no preposition places the name before the comma
    doc = _parsed(
        ["Xman", ",", "Ychief", ",", "said", "so"],
        ["PROPN", "PUNCT", "PROPN", "PUNCT", "VERB", "ADV"],
        ["nsubj", "punct", "appos", "punct", "ROOT", "advmod"],
        [4, 0, 0, 0, 4, 4],
    )
    assert not _qualifies_a_placed_name(doc, doc[2], {"in"})


def test_a_much_bigger_town_of_another_spelling_outweighs_a_small_namesake():
    from flashpoint.nlp.place_filters import _outweighs

    big = Place(name="Xarnah", country="AAA", admin1=None, lat=1.0, lon=1.0, precision="city",
                source="geonames", population=100_000, alternate=True)  # fmt: skip
    small = _town("Xerna", "BBB", population=3_000)
    assert _outweighs(big, [big, small])
    assert not _outweighs(big, [big, _town("Xerna", "BBB", population=30_000)])
    assert not _outweighs(big, [big])  # no namesake to outweigh: the sure-place rules decide
    doc = _parsed(["killed", "in", "Xerna", "."], ["VERB", "ADP", "PROPN", "PUNCT"],
                  ["ROOT", "prep", "pobj", "punct"], [0, 0, 1, 0])  # fmt: skip
    span = Span(doc, 2, 3)
    kept = _sifter().sift(doc, (span, [big, small]), [(span, [big, small])], set())
    assert kept is not None and big in kept[1]


def test_a_country_lent_to_a_role_by_a_place_does_not_sift_a_town_far_from_it():
    # "police in Xtown station in Y province": the police took LKA from a
    # reading of Y; that reading must not drop the only Xtown, far from LKA
    town = Place(name="Xtown", country="ZMB", admin1=None, lat=-13.0, lon=22.7,
                 precision="city", source="geonames", population=19_000)  # fmt: skip
    doc, span = _spelt(["police", "in", "Xtown", "station"], "Xtown")
    sifter = _sifter()
    mention = (span, [town])
    assert sifter.sift(doc, mention, [mention], {"LKA"}) is None
    assert sifter.sift(doc, mention, [mention], {"LKA"}, set()) == mention


def test_a_district_of_unknown_people_may_be_chosen_by_the_articles_country():
    from flashpoint.nlp.places import _backable, prominence

    city = _town("Xala", "AAA", population=90_000)
    village = _town("Xala", "BBB", population=300)
    district = _town("Xala", "BBB", population=0, source="admin2")
    top = prominence(city)
    assert _backable(city, top)
    assert not _backable(village, top)  # a village does not outweigh a city that size
    assert _backable(district, top)  # a district's size is unknown, not small


def test_the_last_word_of_a_longer_name_is_a_town_only_in_a_country_the_article_names():
    # "police beat protesters in Xzone Ytown town": no town Ytown abroad, but
    # the Ytown of the country the report names may be meant
    town = Place(name="Ytown", country="ETH", admin1=None, lat=7.0, lon=37.7,
                 precision="city", source="geonames", population=50_000)  # fmt: skip
    words = ["protesters", "in", "Xzone", "Ytown", "town"]
    doc, span = _spelt(words, "Ytown", pos=["NOUN", "ADP", "PROPN", "PROPN", "NOUN"])
    sifter = _sifter()
    mention = (span, [town])
    assert sifter.sift(doc, mention, [mention], set()) is None
    assert sifter.sift(doc, mention, [mention], {"ETH"}) == mention
    assert sifter.sift(doc, mention, [mention], {"ETH"}, set()) is None  # lent by a place only


def test_a_name_before_a_persons_surname_is_a_given_name_not_a_place():
    from spacy.tokens import Doc

    from flashpoint.nlp.places import _given_name

    vocab = spacy.blank("en").vocab
    # "police held Xland Smithson": Xland untagged, before a surname tagged PERSON
    doc = Doc(vocab, words=["police", "held", "Xland", "Smithson"],
              pos=["NOUN", "VERB", "PROPN", "PROPN"], deps=["nsubj", "ROOT", "compound", "dobj"],
              heads=[1, 1, 3, 1], ents=["O", "O", "O", "B-PERSON"])  # fmt: skip
    assert _given_name(doc[2:3])
    # "Xland PM Smithson": the name tagged as a place stays one
    doc = Doc(vocab, words=["Xland", "PM", "Smithson", "spoke"],
              pos=["PROPN", "PROPN", "PROPN", "VERB"], deps=["compound", "compound", "nsubj", "ROOT"],
              heads=[2, 2, 3, 3], ents=["B-GPE", "O", "B-PERSON", "O"])  # fmt: skip
    assert not _given_name(doc[0:1])


def test_the_named_countries_follow_the_actor_mentions_when_they_are_replaced():
    """The actors' codes are read once per group of mentions; a new group
    (mentions changed) is read afresh, and ``skip`` still leaves one out."""
    from flashpoint.models import Actor
    from flashpoint.nlp import extensions

    extensions.register()
    doc, _ = _spelt(["Ruritanian", "troops", "met", "Freedonian", "police"], "met")
    first, second = Span(doc, 0, 2, label="ACTOR"), Span(doc, 3, 5, label="ACTOR")
    first._.fp_actor, second._.fp_actor = Actor(code="RUR"), Actor(code="FRE")
    doc.spans["fp_actors"] = [first]
    sifter = _sifter()
    assert {"RUR"} <= sifter.named_countries(doc, [])
    doc.spans["fp_actors"] = [first, second]
    assert {"RUR", "FRE"} <= sifter.named_countries(doc, [])
    assert "RUR" not in sifter.named_countries(doc, [], skip={(0, 2)})
    doc.spans["fp_actors"] = [second]
    assert "RUR" not in sifter.named_countries(doc, [])
