"""Places: the offline gazetteer, the flashpoint_places component and
location_for_event. Sentences are written for these tests."""

from __future__ import annotations

import pytest
import spacy

from flashpoint.coding.event_places import location_for_event
from flashpoint.nlp import gazetteer as gz
from flashpoint.nlp.gazetteer import Gazetteer, get_gazetteer, place_key
from flashpoint.nlp.pipeline import MODEL, make_doc
from flashpoint.nlp.places import PlaceFinder


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


@pytest.fixture(scope="module")
def places_nlp(model_with):
    return model_with("flashpoint_places")


@pytest.fixture(scope="module")
def parse(places_nlp):
    def run(text: str):
        return places_nlp(make_doc(places_nlp, text))

    return run


def places_of(doc) -> dict[str, tuple]:
    return {
        s.text: (s._.fp_location.name, s._.fp_location.country, s._.fp_location.precision)
        for s in doc.spans["fp_places"]
    }


def where(doc, word: str):
    """location_for_event with the first token spelt ``word`` as the trigger."""
    token = next(t for t in doc if t.text == word)
    return location_for_event(doc, doc[token.i : token.i + 1])


# --- gazetteer ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [
        ("Pahalgam", "IND", "Jammu and Kashmir"),
        ("Muridke", "PAK", "Punjab"),
        ("Kotli", "PAK", "Azad Jammu and Kashmir"),
        ("Bahawalpur", "PAK", "Punjab"),
        ("Poonch", "IND", "Jammu and Kashmir"),
        ("Bhimber", "PAK", "Azad Jammu and Kashmir"),
    ],
)
def test_town_lookups(gaz, name, country, admin1):
    best = gaz.lookup(name)[0]
    assert (best.country, best.admin1, best.precision) == (country, admin1, "city")


def test_poonch_alias_lies_at_geonames_punch(gaz):
    poonch = gaz.lookup("Poonch")[0]
    punch = next(p for p in gaz.lookup("Punch") if p.country == "IND")
    assert gz.km_between(poonch.lat, poonch.lon, punch.lat, punch.lon) < 5


@pytest.mark.parametrize("name", ["Line of Control", "LoC", "the Line of Control"])
def test_line_of_control(gaz, name):
    loc = gaz.lookup(name)[0]
    assert (loc.name, loc.precision) == ("Line of Control", "region")
    assert 32 < loc.lat < 36 and 72 < loc.lon < 77


@pytest.mark.parametrize(
    "name",
    ["Azad Kashmir", "Azad Jammu and Kashmir", "Pakistan-administered Kashmir", "PoK", "AJK"],
)
def test_azad_kashmir_variants(gaz, name):
    place = gaz.lookup(name)[0]
    assert (place.name, place.country, place.precision) == (
        "Azad Jammu and Kashmir",
        "PAK",
        "admin1",
    )


def test_every_indian_and_pakistani_admin1_has_a_row(gaz):
    for name in ("Telangana", "Ladakh", "Lakshadweep", "Uttarakhand", "Sindh", "Khyber Pakhtunkhwa",
                 "Balochistan", "Gilgit-Baltistan", "Islamabad Capital Territory"):  # fmt: skip
        assert any(p.precision == "admin1" for p in gaz.lookup(name)), name


def test_countries_have_points_and_names(gaz):
    assert gaz.country_of("U.S.") == "USA"
    assert gaz.country_of("Syria") == "SYR"
    assert gaz.demonym("Pakistani") == "PAK"
    india = gaz.country("IND")
    assert india.precision == "country" and 8 < india.lat < 35


def test_geonames_admin1_is_given_its_canonical_name(gaz):
    assert gaz.lookup("Srinagar")[0].admin1 == "Jammu and Kashmir"


def test_place_key_folds_case_accents_and_punctuation():
    assert place_key("The U.S.") == "us"
    assert place_key("Côte d’Ivoire") == place_key("Cote d'Ivoire")
    assert place_key("Gilgit-Baltistan") == "gilgit baltistan"


def test_geonames_csv_is_read_once(gaz):
    gaz.lookup("Lahore")
    Gazetteer().lookup("Karachi")
    get_gazetteer().lookup("Quetta")
    gz.admin2_index()
    info = gz._read_geonames.cache_info()
    assert info.misses == 1 and info.hits >= 2


def test_user_region_file_extends_the_gazetteer(tmp_path, places_nlp):
    extra = tmp_path / "my_regions.csv"
    extra.write_text(
        "name,aliases,country,admin1,lat,lon,radius_km,precision\n"
        "Zorbia Ridge,Zorbia heights,PAK,Khyber Pakhtunkhwa,34.50,72.10,20,region\n",
        encoding="utf-8",
    )
    assert get_gazetteer().lookup("Zorbia Ridge") == []
    assert get_gazetteer(region_files=[extra]).lookup("Zorbia heights")[0].name == "Zorbia Ridge"
    finder = PlaceFinder(region_files=[extra])
    doc = finder(
        places_nlp(make_doc(places_nlp, "Pakistani troops shelled posts on Zorbia Ridge."))
    )
    assert places_of(doc)["Zorbia Ridge"] == ("Zorbia Ridge", "PAK", "region")
    assert where(doc, "shelled").name == "Zorbia Ridge"


def test_region_file_with_missing_columns_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nNowhere,1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv:1: the header lacks the column\(s\) aliases"):
        Gazetteer(region_files=[bad])


# --- mentions and disambiguation ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "place"),
    [
        # Hyderabad with Sindh is Pakistani
        (
            "Hundreds rallied in Hyderabad, Sindh, after the Indian strikes.",
            "Hyderabad",
            ("Hyderabad", "PAK", "city"),
        ),
        # Punjab follows the sentence
        (
            "Drones were shot down over Amritsar in Punjab.",
            "Punjab",
            ("Punjab", "IND", "admin1"),
        ),
        (
            "Shells fell near Sialkot in Punjab on Tuesday.",
            "Punjab",
            ("Punjab", "PAK", "admin1"),
        ),
        # a continent is a region, not a town
        ("China's influence in Asia worries India.", "Asia", ("Asia", None, "region")),
    ],
)
def test_the_place_a_mention_is(parse, text, mention, place):
    assert places_of(parse(text))[mention] == place


@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        # Hyderabad follows the province named beside it, or the article's country
        ("Police in Hyderabad, Telangana, stepped up patrols on Friday.", "Hyderabad", "IND"),
        ("Two men were shot in Hyderabad, Sindh.", "Hyderabad", "PAK"),
        (
            "Pakistan closed its airspace. Schools in Hyderabad stayed shut, officials in "
            "Karachi said.",
            "Hyderabad",
            "PAK",
        ),
        # Punjab with a demonym qualifier
        ("Farmers in Indian Punjab were told to stay indoors.", "Indian Punjab", "IND"),
        # a far town is kept when the article names its country
        ("Dock workers went on strike in the Kamsar area of Guinea on Monday.", "Kamsar", "GIN"),
        # a direction word the model takes for an adjective, with its designator
        (
            "Protesters in Bahrain blocked roads in the Northern governorate on Friday.",
            "Northern governorate",
            "BHR",
        ),
    ],
)
def test_the_country_of_a_place_mention(parse, text, mention, country):
    assert places_of(parse(text))[mention][1] == country


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # common words are not places
        (
            "Most of the mission was a victory. Of course, the Victoria Memorial stayed open.",
            {"Most", "Of", "mission", "Mission"},
        ),
        # an untagged compound needs a backing country
        ("Pakistan and India traded fire after the Taliban takeover in Afghanistan.", {"Taliban"}),
        # "Tank" is a district in Khyber Pakhtunkhwa, but the word alone is no place
        ("Tank crews were seen near the border.", {"Tank"}),
        # a direction alone is no place
        ("Northern farmers blocked a road in protest on Friday.", {"Northern"}),
    ],
)
def test_words_that_are_no_places(parse, text, words):
    assert not set(places_of(parse(text))) & words


def test_lower_case_is_not_a_place(parse):
    doc = parse("They told us the loc of the camp was secret.")
    assert places_of(doc) == {}


def test_precisions(parse):
    doc = parse(
        "Indian shells hit Uri in Jammu and Kashmir, not the LoC or the Nur Khan air base, India said."
    )
    found = places_of(doc)
    assert found["LoC"][2] == "region"
    assert found["Uri"][2] == "city"
    assert found["Jammu and Kashmir"][2] == "admin1"
    assert found["India"][2] == "country"
    assert found["Nur Khan air base"][2] == "exact"


# --- location_for_event --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a town with its district and province in brackets
        (
            "A mortar round landed in Kotli town (Kotli district, Azad Kashmir) on Thursday.",
            "landed",
            {"name": "Kotli", "precision": "city", "country": "PAK"},
        ),
        # the first of two cities; sites in two towns
        (
            "Pakistan said its air defences downed 25 drones near Karachi and Lahore.",
            "downed",
            {"name": "Karachi"},
        ),
        (
            "Indian jets fired missiles targeting sites in Bahawalpur and Muridke.",
            "fired",
            {"name": "Bahawalpur"},
        ),
        # a place that is the subject is not the location
        ("Islamabad said the missile strikes were an act of war.", "strikes", None),
        ("Islamabad said the missile strikes were an act of war.", "said", None),
        # an untied place is ignored
        ("Speaking in Geneva, the envoy said Indian troops shelled border posts.", "shelled", None),
        # a side of the Line of Control
        (
            "Indian gunners shelled hamlets on the Pakistani side of the Line of Control.",
            "shelled",
            {"name": "Line of Control", "country": "PAK", "precision": "region"},
        ),
        # a noun modifier names the place
        (
            "Indian officials blamed Pakistan for the Poonch shelling.",
            "shelling",
            {"name": "Poonch"},
        ),
        # Kashmir attached to the event noun
        (
            "The G7 condemned the bombing in Kashmir that left nine dead.",
            "bombing",
            {"name": "Kashmir", "precision": "region"},
        ),
        # a city beats a region in the same phrase
        ("The attack in Pahalgam, Kashmir, killed 26 tourists.", "attack", {"name": "Pahalgam"}),
        # the target's country only for physical events
        (
            "India launched missile strikes against Pakistan overnight.",
            "strikes",
            {"precision": "country", "country": "PAK"},
        ),
        ("Diplomats held talks on Pakistan and India in Geneva.", "talks", {"name": "Geneva"}),
        # a relative clause of the trigger
        (
            "The ambush, which took place near Rajouri, was blamed on militants.",
            "ambush",
            {"name": "Rajouri"},
        ),
        # a participle borrows the clause's place, a second one climbs to it
        (
            "Pakistani troops fired shells into Kupwara overnight, killing two villagers.",
            "killing",
            {"name": "Kupwara"},
        ),
        (
            "Indian gunners shelled villages near Muzaffarabad, killing three people and "
            "injuring nine.",
            "injuring",
            {"name": "Muzaffarabad"},
        ),
    ],
)
def test_the_place_of_an_event(parse, text, word, expected):
    loc = where(parse(text), word)
    if expected is None:
        assert loc is None
    else:
        assert loc is not None and {k: getattr(loc, k) for k in expected} == expected


def test_no_places_component_means_no_location(places_nlp):
    doc = spacy.load(MODEL)("Shells fell in Poonch.")
    assert location_for_event(doc, doc[0:1]) is None


# --- South Asian districts, designators, duplicates and datelines --------------


@pytest.mark.parametrize(
    ("text", "word", "lat", "lon"),
    [
        # district names GeoNames lacks, with and without a designator
        (
            "Three rebels died when police raided a hideout in Sukma district.",
            "raided",
            18.39,
            81.66,
        ),
        ("Gunmen attacked a post in Kachhi district.", "attacked", 29.47, 67.65),
        ("Troops shelled a hamlet in the Keran sector.", "shelled", 34.65, 73.95),
        # spelling variants
        ("A grenade exploded in D.I. Khan yesterday.", "exploded", 31.83, 70.90),
        ("Rebels ambushed a patrol in Shupiyan.", "ambushed", 33.72, 74.83),
        # "X's Y area": the district stands for an unknown locality
        ("Troops raided a house in Pulwama's Lassipora area.", "raided", 33.87, 74.90),
    ],
)
def test_district_places(code_text, text, word, lat, lon):
    doc = code_text(text)
    loc = where(doc, word)
    assert loc is not None and gz.km_between(loc.lat, loc.lon, lat, lon) < 30


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("Rebels attacked a camp in Bijapur.", "Chhattisgarh"),  # preferred.csv
        ("Rebels attacked a camp in Bijapur, Karnataka.", "Karnataka"),  # named beside it
        ("Gunmen attacked a shop in Aurangabad.", "Bihar"),
        ("Gunmen attacked a shop in Aurangabad in Maharashtra.", "Maharashtra"),
        ("In Chhattisgarh, rebels attacked a camp near Bijapur.", "Chhattisgarh"),
    ],
)
def test_south_asian_duplicates(parse, text, admin1):
    doc = parse(text)
    span = next(s for s in doc.spans["fp_places"] if s.text in ("Bijapur", "Aurangabad"))
    assert span._.fp_location.admin1 == admin1


@pytest.mark.parametrize(
    ("text", "published", "word", "place"),
    [
        # a place anywhere in the sentence for an attack
        (
            "Two jawans were killed in an encounter with Maoists in Latehar district.",
            "2025-05-10",
            "killed",
            "Latehar",
        ),
        # a place in a background clause is not taken
        (
            "Troops shelled posts on Friday, weeks after the massacre in Pahalgam.",
            "2025-05-10",
            "shelled",
            None,
        ),
        # a tied place beats the dateline
        (
            "PESHAWAR, Jan 5: Militants attacked a post in Bannu.",
            "2025-01-06",
            "attacked",
            "Bannu",
        ),
        # a sub-division designator
        (
            "Militants fired on a patrol in Mendhar sub-division on Monday.",
            "2025-05-10",
            "fired",
            "Mendhar",
        ),
        # the first site of a target list wins
        (
            "Pakistan said its missiles hit 20 targets in India, including air bases at "
            "Adampur, Halwara and Pathankot.",
            "2025-05-10",
            "hit",
            "Adampur",
        ),
        # a place in a clause that goes on with the victims is taken, one in a
        # clause of another attack is not
        (
            "Two intruders were shot dead by troops after they crossed the fence in Samba "
            "district.",
            "2025-05-10",
            "shot",
            "Samba",
        ),
        (
            "Troops shelled villages after militants attacked a camp in Kupwara.",
            "2025-05-10",
            "shelled",
            None,
        ),
    ],
)
def test_the_place_of_a_coded_event(code_text, text, published, word, place):
    loc = where(code_text(text, published=published), word)
    assert (loc.name if loc else None) == place


def test_dateline_place_is_never_the_event_place(code_text):
    doc = code_text(
        "QUETTA, May 3: Gunmen killed two guards on Friday.\n\n"
        "Elsewhere, gunmen killed a trader on Friday.",
        published="2025-05-04",
    )
    assert [s.text for s in doc.spans["fp_dateline"]] == ["QUETTA"]
    first, later = (doc[t.i : t.i + 1] for t in doc if t.text == "killed")
    assert location_for_event(doc, first) is None  # filed in Quetta, happened who knows where
    assert location_for_event(doc, later) is None


def test_dateline_is_a_hint_among_namesakes(code_text):
    # Libya's Tripoli is the larger; a report filed from Sidon is about Lebanon's.
    doc = code_text("SIDON, May 3: Gunmen clashed with troops in Tripoli.", published="2025-05-04")
    tripoli = next(s for s in doc.spans["fp_places"] if s.text == "Tripoli")
    assert tripoli._.fp_location.country == "LBN"
    assert where(doc, "clashed").country == "LBN"


# --- GeoNames districts (admin2), spelling variants, lists of targets ------------


def test_geonames_district_is_a_city_with_a_radius(gaz):
    # Pashchim Singhbhum is a GeoNames admin2 with no town of that name.
    found = [p for p in gaz.lookup("Pashchim Singhbhum") if p.source == "admin2"]
    assert found and found[0].precision == "city" and found[0].country == "IND"
    assert 15 <= found[0].radius_km <= 80
    assert gz.km_between(found[0].lat, found[0].lon, 22.5, 85.5) < 60


def test_geonames_district_suffix_is_dropped(gaz):
    # GeoNames writes "Nayagarh District"; news writes "Nayagarh".
    assert any(p.source == "admin2" and p.name == "Nayagarh" for p in gaz.lookup("Nayagarh"))


def test_district_seat_gives_the_district_its_point(gaz):
    district = next(p for p in gaz.lookup("Latehar") if p.source == "admin2")
    town = next(p for p in gaz.lookup("Latehar") if p.source == "geonames")
    assert (district.lat, district.lon) == (round(town.lat, 5), round(town.lon, 5))


@pytest.mark.parametrize(
    ("variant", "written"),
    [("sopore", "sopur"), ("bandipora", "bandipura"), ("west singhbhum", "pashchim singhbhum")],
)
def test_spelling_variants(variant, written):
    assert variant in gz.spelling_variants(written, "IN")


def test_spelling_variants_stay_in_south_asia():
    assert gz.spelling_variants("sopur", "FR") == []


def test_variant_spelling_finds_the_geonames_town(gaz):
    # GeoNames spells it "Sopur"; the -pore form is generated, not listed.
    assert any(p.name == "Sopur" for p in gaz.lookup("Sopore", geonames=True))


# --- GeoNames towns that are no place of the story --------------------------------------


def foreign(doc) -> dict[str, str]:
    """Place mentions resolved outside India and Pakistan: text -> country."""
    return {
        s.text: s._.fp_location.country
        for s in doc.spans["fp_places"]
        if s._.fp_location.country not in ("IND", "PAK", None)
    }


@pytest.mark.parametrize(
    ("text", "word", "countries"),
    [
        # the last word of a longer local name: "Gali" alone is a town in
        # Georgia; "Tutmari Gali" is a sector of the LoC
        (
            "Troops exchanged fire in the Tutmari Gali area of Kupwara on Sunday.",
            "Gali",
            {"Kupwara": "IND"},
        ),
        # an unknown local name is not a far town of a country the article never names
        (
            "Shells landed in Poonch overnight, and a shopkeeper from the Kamsar area said "
            "his house was damaged.",
            "Kamsar",
            {"Poonch": "IND"},
        ),
        # a possessive place holds the town near it: the article names Britain,
        # where GeoNames has a Walton; Lahore's is not it
        (
            "American and British diplomats urged calm. Residents of Lahore's Walton area heard "
            "a loud blast shortly before dawn on Thursday, police in Lahore said.",
            "Walton",
            {},
        ),
    ],
)
def test_a_local_name_is_no_far_town(parse, text, word, countries):
    doc = parse(text)
    assert word not in foreign(doc)
    assert {m: places_of(doc)[m][1] for m in countries} == countries


def test_aircraft_names_are_never_places(parse):
    doc = parse(
        "Islamabad said its pilots downed five Indian jets, including three French-built "
        "Rafales, near Bathinda."
    )
    found = places_of(doc)
    assert "Rafales" not in found
    assert found["Bathinda"][1] == "IND"


def test_weapon_names_data_list_covers_plurals():
    from flashpoint.nlp.gazetteer import load_cues
    from flashpoint.nlp.places import _is_weapon

    cues = load_cues()
    assert _is_weapon(place_key("F-16s"), cues) and _is_weapon(place_key("Rafale"), cues)
    assert not _is_weapon(place_key("Rajouri"), cues)


def test_a_country_wide_place_gives_way_to_the_town_the_next_sentence_names(parse):
    doc = parse("Gunmen attacked a convoy in northern Nigeria on Monday. The men struck it near Kaduna.")
    assert where(doc, "attacked").name == "Kaduna"
    # not a town abroad
    doc = parse("Gunmen attacked a convoy in northern Nigeria on Monday. The men came from Niamey.")
    assert where(doc, "attacked").country == "NGA"
    assert where(doc, "attacked").precision == "country"
