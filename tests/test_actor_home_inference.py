"""Home states the sentence gives actors that name no state of their own
(nlp/actor_context.py and the ethnic and titled-person rules)."""

from __future__ import annotations

import pytest


def _actor(doc, text):
    for span in doc.spans["fp_actors"]:
        if span.text == text:
            return span._.fp_actor
    raise AssertionError(f"no mention {text!r} in {[s.text for s in doc.spans['fp_actors']]}")


PUBLISHED = "2025-05-10"  # code_text's default


# The home state a mention takes (None: no state), by rule; the publication
# date as each old test gave it.
@pytest.mark.parametrize(
    ("text", "published", "mention", "code"),
    [
        # rule 1: people placed by their clause
        pytest.param("Thousands of people filled the squares in Caracas on Sunday.", PUBLISHED,
                     "people", "VEN", id="crowd-subject-takes-state-of-place-in-its-clause"),
        pytest.param("Inmates rioted at a prison in the Kenyan capital Nairobi overnight.", PUBLISHED,
                     "Inmates", "KEN", id="prisoners-at-a-place-nested-in-a-capital"),
        pytest.param("Riot police fired tear gas at demonstrators marching in Monrovia.", PUBLISHED,
                     "demonstrators", "LBR", id="participle-on-the-people-places-them"),
        pytest.param("Hundreds of refugees gathered in Amman on Friday.", PUBLISHED, "refugees", None,
                     id="refugees-keep-no-state-from-a-place"),
        pytest.param("Foreign workers walked off the job in Doha.", PUBLISHED, "workers", None,
                     id="foreign-people-keep-no-state-from-a-place"),
        pytest.param("An anti-Iran activist was shot dead in Baghdad on Tuesday.", PUBLISHED,
                     "activist", "IRQ", id="stance-prefix-state-is-not-the-actors"),
        # rule 3: attachment phrases
        pytest.param("Fighters loyal to Somalia's former warlord attacked the convoy.", PUBLISHED,
                     "Fighters", "SOM", id="fighters-loyal-to-a-states-figure"),
        pytest.param("Gunmen from across the border attacked a village.", PUBLISHED, "Gunmen", None,
                     id="gunmen-from-across-the-border-keep-no-state"),
        # rule 4: titled people the dictionary lacks
        pytest.param("The government of Kenyan President Ruto Kamau declared a curfew.", None,
                     "The government", "KEN", id="government-of-a-president-takes-the-persons-state"),
        # rule 2: ethnic groups
        pytest.param("Tutsi rebels rejected the ceasefire offered by Rwanda's government.", None,
                     "Tutsi rebels", "RWA", id="ethnic-group-takes-the-listed-state-the-sentence-names"),
        pytest.param("Tuareg rebels rejected the offer on Friday.", None, "Tuareg rebels", None,
                     id="spread-group-without-a-state-in-the-sentence-stays-uncoded"),
        pytest.param("Ethnic Serbs blocked roads near Kosovo's boundary with Albania, Kosovar police said.",
                     None, "Serbs", "XKX", id="marked-nationality-takes-the-state-it-is-a-minority-in"),
    ],
)
def test_the_home_state_of_a_mention(code_text, text, published, mention, code):
    assert _actor(code_text(text, published=published), mention).code == code


# -- rule 1: people placed by their clause ------------------------------------


def test_destination_of_another_verb_is_no_home(code_text):
    doc = code_text("Students protested against the plan of sending soldiers to Syria.")
    actor = _actor(doc, "Students")
    assert actor.code != "SYR"


# -- rule 3: attachment phrases -----------------------------------------------


def test_group_based_in_a_place(code_text):
    doc = code_text("A militant group based in Davao threatened to bomb the embassy.")
    codes = {s._.fp_actor.code for s in doc.spans["fp_actors"] if s._.fp_actor and s._.fp_actor.sector == "REB"}
    assert "PHL" in codes


# -- rule 4: titled people the dictionary lacks -------------------------------


def _person(doc):
    people = [s for s in doc.spans["fp_actors"] if s.label_ == "PERSON"]
    assert people, [s.text for s in doc.spans["fp_actors"]]
    return people[0]._.fp_actor


def test_titled_person_takes_state_of_a_role_in_the_sentence(code_text):
    doc = code_text(
        "Former premier Jean-Marc Dufresne was questioned for hours by Belgian prosecutors.",
        published=None,
    )
    assert _person(doc).code == "BEL"


def test_titled_person_takes_the_nearest_state(code_text):
    doc = code_text(
        "A Peruvian court summoned former president Ramon Quispe over weapons sold to Chile and Bolivia.",
        published=None,
    )
    assert _person(doc).code == "PER"


def test_currency_sign_is_no_state(code_text):
    doc = code_text(
        "Former president Ramon Quispe is accused of taking US $3 million, Peruvian officials said.",
        published=None,
    )
    assert _person(doc).code == "PER"
    assert not any(s.text == "US" for s in doc.spans["fp_actors"])


# -- rule 2: ethnic groups ----------------------------------------------------


def test_ethnic_group_word_joins_its_role_and_takes_its_home(code_text):
    doc = code_text("Kachin fighters ambushed an army convoy on Friday.", published=None)
    actor = _actor(doc, "Kachin fighters")
    assert (actor.code, actor.sector) == ("MMR", "REB")


def test_marked_nationality_role_placed_by_its_clause(code_text):
    doc = code_text(
        "Ethnic Hungarian activists living in Slovakia marched on Sunday.", published=None
    )
    codes = {s._.fp_actor.code for s in doc.spans["fp_actors"] if s._.fp_actor and s._.fp_actor.sector}
    assert "SVK" in codes and "HUN" not in codes


# -- rule 5: parties and forums the dictionary lacks --------------------------


def _org(doc):
    orgs = [s for s in doc.spans["fp_actors"] if s.label_ == "ORG"]
    assert orgs, [s.text for s in doc.spans["fp_actors"]]
    return orgs[0]._.fp_actor


def test_unknown_party_takes_the_one_state_of_its_sentence(code_text):
    doc = code_text(
        "The Renewal Party vowed to boycott Malawi's presidential vote.", published=None
    )
    actor = _org(doc)
    assert (actor.code, actor.sector) == ("MWI", "OPP")


def test_unknown_party_in_a_two_state_sentence_gets_no_state(code_text):
    doc = code_text(
        "The Renewal Party accused Zambia of meddling in Malawi's vote.", published=None
    )
    assert _org(doc).code is None


def test_forum_is_an_ngo_without_a_state(code_text):
    doc = code_text(
        "The Global Fisheries Forum urged Norway to cut its catch.", published=None
    )
    actor = _org(doc)
    assert (actor.code, actor.sector) == (None, "NGO")
