"""Actor names and dictionary entries: pro-/anti- compounds, language
adjectives, misspelt states, international organisations, peacekeepers,
named organisations that hold a place, sub-national units, and
"the <president> administration"."""

from __future__ import annotations

import pytest


def actors_of(doc):
    """(text, code, sector) of every single-actor mention."""
    return [
        (s.text, s._.fp_actor.code, s._.fp_actor.sector)
        for s in doc.spans["fp_actors"]
        if s._.fp_actor is not None
    ]


def codes_of(doc):
    return {code for _, code, _ in actors_of(doc)}


def events_of(doc):
    return [
        (e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
        for e in doc._.fp_events or []
    ]


# -- pro- / anti- compounds ---------------------------------------------------


@pytest.mark.parametrize(
    "text, absent",
    [
        ("The pro-Iranian militia fired rockets at the town on Monday.", "IRN"),
        ("An anti-Syria politician was shot dead in Tripoli on Sunday.", "SYR"),
        ("Pro-Pakistan militants attacked a checkpoint near the border.", "PAK"),
        ("Anti-India protests spread through the capital on Friday.", "IND"),
        ("The anti-Taliban forces took the pass after a week.", "TALIBAN"),
    ],
)
def test_pro_or_anti_compound_is_not_that_state(code_text, text, absent):
    doc = code_text(text)
    assert absent not in codes_of(doc)
    for _, source, target in events_of(doc):
        assert absent not in (source, target)


def test_pro_anti_compound_keeps_the_role(code_text):
    doc = code_text("Pro-Pakistan militants attacked a checkpoint near the border.")
    assert ("militants", None, "REB") in actors_of(doc)


def test_state_without_prefix_is_still_an_actor(code_text):
    doc = code_text("Iranian militias fired rockets at the base on Monday.")
    assert "IRN" in codes_of(doc)


def test_anti_riot_police_are_police(code_text):
    doc = code_text("Egyptian anti-riot police dispersed the crowd in Cairo.")
    assert any(sector == "COP" for _, _, sector in actors_of(doc))


# -- languages and cultures -----------------------------------------------------


@pytest.mark.parametrize(
    "text, absent",
    [
        ("The court lifted the ban on teaching the Russian language in schools.", "RUS"),
        ("An Arabic-language daily praised the minister of Jordan.", None),
        ("A French-language broadcaster interviewed the Belgian premier.", "FRA"),
    ],
)
def test_language_adjective_is_no_actor(code_text, text, absent):
    doc = code_text(text)
    if absent:
        assert absent not in codes_of(doc)
    assert not any(t.startswith(("Russian", "Arabic", "French")) for t, _, _ in actors_of(doc))


def test_religious_figure_is_no_actor(code_text):
    doc = code_text("Crowds angered by a film about the Prophet Muhammad stormed the embassy.")
    assert not any("Prophet" in t for t, _, _ in actors_of(doc))


# -- international organisations and peacekeepers -------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("Amnesty International urged the government to free the reporters.", "AMNESTY"),
        ("Human Rights Watch condemned the arrests in the capital.", "HRW"),
        ("The Red Cross delivered medicine to the besieged town.", "ICRC"),
        ("Doctors Without Borders evacuated its staff from the hospital.", "MSF"),
        ("Transparency International criticised the new law.", "TI"),
        ("The International Labour Organization criticised the treatment of migrants.", "UN"),
    ],
)
def test_international_ngo_is_igo(code_text, text, code):
    doc = code_text(text)
    assert (code, "IGO") in {(c, s) for _, c, s in actors_of(doc)}


def test_generic_rights_group_keeps_no_code(code_text):
    doc = code_text("A human rights group criticised the police in the capital.")
    assert not any(s == "IGO" for _, _, s in actors_of(doc))


@pytest.mark.parametrize(
    "text, phrase, code",
    [
        ("UN peacekeepers were attacked near the border on Monday.", "UN peacekeepers", "UN"),
        ("NATO peacekeeping troops arrived in the capital.", "NATO peacekeeping troops", "NATO"),
        ("African Union peacekeepers patrolled the camp.", "African Union peacekeepers", "AU"),
        ("The rebels rejected a regional peacekeeping force.", "peacekeeping force", None),
    ],
)
def test_peacekeepers_are_igo(code_text, text, phrase, code):
    doc = code_text(text)
    found = [(c, s) for t, c, s in actors_of(doc) if t.endswith(phrase)]
    assert found == [(code, "IGO")]


# -- sub-national units -------------------------------------------------------


def test_northern_ireland_is_in_the_united_kingdom(code_text):
    doc = code_text("London banned a loyalist militia in Northern Ireland on Monday.")
    assert "IRL" not in codes_of(doc)
    doc = code_text("Police in Northern Ireland arrested two men on Monday.")
    assert ("GBR", "COP") in {(c, s) for _, c, s in actors_of(doc)}


def test_ireland_is_still_ireland(code_text):
    doc = code_text("Ireland criticised the decision on Monday.")
    assert "IRL" in codes_of(doc)


# -- institutions named after a place -------------------------------------------


@pytest.mark.parametrize(
    "text, name, code, sector",
    [
        (
            "Donors sent books to Mosul University Law School last week.",
            "Mosul University Law School",
            "IRQ",
            "CVL",
        ),
        (
            "The Uganda Human Rights Commission criticised the arrests.",
            "Uganda Human Rights Commission",
            "UGA",
            "GOV",
        ),
        (
            "The Lahore Chamber of Commerce rejected the new tax.",
            "Lahore Chamber of Commerce",
            "PAK",
            "BUS",
        ),
        (
            "Lecturers at the University of Khartoum went on strike.",
            "University of Khartoum",
            "SDN",
            "CVL",
        ),
    ],
)
def test_institution_named_after_a_place_takes_its_country(code_text, text, name, code, sector):
    doc = code_text(text)
    found = [(c, s) for t, c, s in actors_of(doc) if t.endswith(name)]
    assert found == [(code, sector)]


def test_place_inside_institution_is_no_separate_actor(code_text):
    doc = code_text("The Uganda Human Rights Commission criticised the arrests.")
    assert [t for t, _, _ in actors_of(doc)] == ["The Uganda Human Rights Commission"]


@pytest.mark.parametrize(
    "text",
    [
        "Scientists at Cambridge University published the study.",  # towns in several countries
        "Students at Bilkent University held a rally.",  # no place known
    ],
)
def test_institution_without_a_clear_place_gets_no_country(code_text, text):
    doc = code_text(text)
    assert not any(t.endswith("University") and c for t, c, _ in actors_of(doc))


# -- roles owned by a person ------------------------------------------------------


def test_president_administration_is_his_state(code_text):
    doc = code_text(
        "The Obama administration said on Monday that Iran must stop enrichment.", "2012-03-01"
    )
    assert ("The Obama administration", "USA", "GOV") in actors_of(doc)
    assert ("REQUEST", "USA", "IRN") in events_of(doc)


def test_person_before_role_without_compound_stays_a_person(code_text):
    doc = code_text("Modi told the government to act.", "2020-01-01")
    assert ("Modi", "IND", "GOV") in actors_of(doc)


# -- misspelt state names ---------------------------------------------------------


@pytest.mark.parametrize(
    "word, form",
    [
        ("Ethopia", "Ethiopia"),  # deletion
        ("Afganistan", "Afghanistan"),  # deletion
        ("Phillippines", "Philippines"),  # insertion
        ("Britian", "Britain"),  # swap
        ("Equador", "Ecuador"),  # substitution
    ],
)
def test_one_edit_from_one_state(word, form):
    from flashpoint.nlp.actor_dictionary import load_dictionary
    from flashpoint.nlp.spelling import StateSpellings

    assert StateSpellings(load_dictionary()).state_form(word) == form


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("abcdefg", "abcdefg", False),
        ("abcdefg", "abdcefg", True),
        ("abcdefg", "abcefg", True),
        ("abcdefg", "abcdxefg", True),
        ("abcdefg", "abxdefx", False),
        ("abcdefg", "bacdegf", False),
    ],
)
def test_one_edit(a, b, expected):
    from flashpoint.nlp.spelling import one_edit

    assert one_edit(a, b) is expected


@pytest.mark.parametrize(
    "text, code",
    [
        ("Somalia accused Ethopia of sending troops across the border.", "ETH"),
        ("The Phillippines army said it had captured the camp.", "PHL"),
        ("Kazakstan signed the treaty on Monday.", "KAZ"),
    ],
)
def test_misspelt_state_in_text_resolves(code_text, text, code):
    assert code in codes_of(code_text(text))


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Officials in Columbia, Missouri, rejected the plan.", "COL"),
        ("Exiles were sent to Siberia in the winter.", "LBR"),
        ("Georgina Hale said the plan would fail.", "GEO"),
        ("The troops marched to Granada on Monday.", "GRD"),
        ("Grenade attacks killed two soldiers on Monday.", "GRD"),
        ("Americas Society officials met on Monday.", "USA"),
    ],
)
def test_near_names_are_not_misspellings(code_text, text, absent):
    assert absent not in codes_of(code_text(text))


# -- officers and commanders take the sector of the word before them ----------------


@pytest.mark.parametrize(
    "text, phrase, code, sector",
    [
        (
            "Chile granted asylum to four Bolivian army officers.",
            "Bolivian army officers",
            "BOL",
            "MIL",
        ),
        ("Rebel commanders said the town had fallen.", "Rebel commanders", None, "REB"),
    ],
)
def test_officers_take_the_sector_before_them(code_text, text, phrase, code, sector):
    assert (phrase, code, sector) in actors_of(code_text(text))


# -- named armed groups -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("The Revolutionary United Front freed forty hostages on Monday.", "RUF"),
        ("Moro Islamic Liberation Front fighters ambushed a patrol.", "MILF"),
        ("The Kosovo Liberation Army attacked a police station.", "KLA"),
        ("The Lord's Resistance Army abducted dozens of children.", "LRA"),
    ],
)
def test_named_armed_group_has_its_own_code(code_text, text, code):
    assert (code, "REB") in {(c, s) for _, c, s in actors_of(code_text(text))}


def test_given_name_is_not_an_armed_group(code_text):
    doc = code_text("Amal Haddad said the court should act.")
    assert "AMAL" not in codes_of(doc)


# -- the nations of the United Kingdom; languages standing alone ----------------------


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Scottish police arrested two men in Glasgow.", "Scottish police"),
        ("The Welsh government criticised the plan.", "The Welsh government"),
    ],
)
def test_uk_nations_adjectives_are_gbr(code_text, text, phrase):
    assert phrase in [t for t, c, _ in actors_of(code_text(text)) if c == "GBR"]


@pytest.mark.parametrize(
    "text, absent",
    [
        ("The envoy said in Russian that the talks had failed.", "RUS"),
        ("The letter was translated into Arabic by the embassy.", None),
        ("Most officers there speak Turkish and little else.", "TUR"),
    ],
)
def test_language_standing_alone_is_no_actor(code_text, text, absent):
    doc = code_text(text)
    assert not any(t in ("Russian", "Arabic", "Turkish") for t, _, _ in actors_of(doc))
    if absent:
        assert absent not in codes_of(doc)


def test_nationality_adjective_as_subject_is_still_an_actor(code_text):
    doc = code_text("Ukraine accused Russian forces of shelling the city.")
    assert "RUS" in codes_of(doc)


def test_camp_is_a_place_not_an_actor(code_text):
    doc = code_text("A camp for Sudanese refugees was attacked by gunmen on Monday.")
    assert not any(t.endswith("camp") for t, _, _ in actors_of(doc))
    assert ("ASSAULT", None, "SDN") in events_of(doc)


# -- leaders of earlier decades ------------------------------------------------------


@pytest.mark.parametrize(
    "text, published, code",
    [
        ("Mitterrand received the Spanish king in Paris.", "1990-03-01", "FRA"),
        ("Tudjman rejected the peace plan.", "1995-06-01", "HRV"),
        ("Fujimori dissolved the Congress.", "1992-04-06", "PER"),
    ],
)
def test_earlier_leaders_resolve_by_date(code_text, text, published, code):
    doc = code_text(text, published)
    assert (text.split()[0], code, "GOV") in actors_of(doc)


@pytest.mark.parametrize(
    "text, published, name",
    [
        (
            "President Abdelaziz Bouteflicka dissolved parliament.",
            "2005-03-01",
            "Abdelaziz Bouteflika",
        ),
        ("President Francois Mitterand received the envoy.", "1990-03-01", "Francois Mitterrand"),
    ],
)
def test_misspelt_leader_resolves(code_text, text, published, name):
    doc = code_text(text, published)
    names = [s._.fp_actor.name for s in doc.spans["fp_actors"] if s._.fp_actor]
    assert name in names


def test_other_person_with_a_near_surname_is_not_the_leader(code_text):
    doc = code_text("Maria Mitterand, a teacher, said the plan would fail.", "1990-03-01")
    assert "FRA" not in codes_of(doc)


def test_adjective_before_border_is_a_place(code_text):
    doc = code_text("Troops captured a rebel base on the Thai border on Monday.")
    assert "THA" not in codes_of(doc)
    doc = code_text("Thai border police arrested two smugglers.")
    assert ("Thai border police", "THA", "COP") in actors_of(doc)
    doc = code_text("Militants attacked an Indian border post on Monday.")
    assert "IND" in codes_of(doc)


@pytest.mark.parametrize(
    "text, phrase, code, sector",
    [
        ("The government expelled the UN inspectors on Monday.", "the UN inspectors", "UN", "IGO"),
        ("Rebel negotiators walked out of the talks.", "Rebel negotiators", None, "REB"),
        ("Indian negotiators met the delegation.", "Indian negotiators", "IND", "GOV"),
        (
            "Military advisers from Russia arrived in the capital.",
            "Military advisers from Russia",
            "RUS",
            "MIL",
        ),
    ],
)
def test_negotiators_inspectors_advisers(code_text, text, phrase, code, sector):
    assert (phrase, code, sector) in actors_of(code_text(text))


# -- former names of states: their successors' codes --------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("The Soviet Union expelled two diplomats.", "RUS"),
        ("Yugoslav troops shelled the town.", "SRB"),
        ("Czechoslovakia signed the treaty.", "CZE"),
        ("West Germany protested the decision.", "DEU"),
        ("Greece refused to recognize the Former Yugoslav Republic of Macedonia.", "MKD"),
    ],
)
def test_former_state_names_take_the_successor_code(code_text, text, code):
    assert code in codes_of(code_text(text))


def test_former_yugoslavia_as_a_region_is_no_actor(code_text):
    doc = code_text("Talks on a peace settlement in former Yugoslavia resumed in Geneva.")
    assert "SRB" not in codes_of(doc)


@pytest.mark.parametrize(("text", "present"), [
    # the name, written with capitals
    ("Leaders of the Group of Seven met in Rome on Monday.", True),
    # the same words in lower case are a common phrase
    ("A group of seven gunmen kidnapped a trader on the highway.", False),
])
def test_a_name_of_several_words_needs_its_capitals(code_text, text, present):
    assert ("G7" in codes_of(code_text(text))) is present


def test_a_lower_case_name_is_no_name_hand_built():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from flashpoint.nlp.actor_rules import _name_in_lower_case

    doc = Doc(Vocab(), words=["group", "of", "seven", "Group", "of", "Seven"])
    assert _name_in_lower_case(doc[0:3], "ORG", "Group of Seven")
    assert not _name_in_lower_case(doc[3:6], "ORG", "Group of Seven")
    assert not _name_in_lower_case(doc[0:3], "ROLE", "Group of Seven")


@pytest.mark.parametrize(("text", "absent", "present"), [
    # a state's own namesake of another state's party
    ("Police in Lilongwe clashed with members of the Malawi Congress Party on Sunday.", "IND", "MWI"),
    # the same state, or a body of no state, stays itself
    ("Members of the US Congress visited Kabul on Monday.", None, "USA"),
])
def test_a_body_named_after_another_state_is_not_the_dictionary_s(code_text, text, absent, present):
    codes = codes_of(code_text(text))
    assert present in codes and (absent is None or absent not in codes), codes
