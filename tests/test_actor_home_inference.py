"""Home states the sentence gives actors that name no state of their own
(nlp/actor_context.py and the ethnic and titled-person rules)."""

from __future__ import annotations


def _actor(doc, text):
    for span in doc.spans["fp_actors"]:
        if span.text == text:
            return span._.fp_actor
    raise AssertionError(f"no mention {text!r} in {[s.text for s in doc.spans['fp_actors']]}")


# -- rule 1: people placed by their clause ------------------------------------


def test_crowd_subject_takes_state_of_place_in_its_clause(code_text):
    doc = code_text("Thousands of people filled the squares in Caracas on Sunday.")
    assert _actor(doc, "people").code == "VEN"


def test_prisoners_at_a_place_nested_in_a_capital(code_text):
    doc = code_text("Inmates rioted at a prison in the Kenyan capital Nairobi overnight.")
    assert _actor(doc, "Inmates").code == "KEN"


def test_participle_on_the_people_places_them(code_text):
    doc = code_text("Riot police fired tear gas at demonstrators marching in Monrovia.")
    assert _actor(doc, "demonstrators").code == "LBR"


def test_destination_of_another_verb_is_no_home(code_text):
    doc = code_text("Students protested against the plan of sending soldiers to Syria.")
    actor = _actor(doc, "Students")
    assert actor.code != "SYR"


def test_refugees_keep_no_state_from_a_place(code_text):
    doc = code_text("Hundreds of refugees gathered in Amman on Friday.")
    assert _actor(doc, "refugees").code is None


def test_foreign_people_keep_no_state_from_a_place(code_text):
    doc = code_text("Foreign workers walked off the job in Doha.")
    assert _actor(doc, "workers").code is None


def test_stance_prefix_state_is_not_the_actors(code_text):
    doc = code_text("An anti-Iran activist was shot dead in Baghdad on Tuesday.")
    actor = _actor(doc, "activist")
    assert actor.code == "IRQ"


# -- rule 3: attachment phrases -----------------------------------------------


def test_group_based_in_a_place(code_text):
    doc = code_text("A militant group based in Davao threatened to bomb the embassy.")
    codes = {s._.fp_actor.code for s in doc.spans["fp_actors"] if s._.fp_actor and s._.fp_actor.sector == "REB"}
    assert "PHL" in codes


def test_fighters_loyal_to_a_states_figure(code_text):
    doc = code_text("Fighters loyal to Somalia's former warlord attacked the convoy.")
    assert _actor(doc, "Fighters").code == "SOM"


def test_gunmen_from_across_the_border_keep_no_state(code_text):
    doc = code_text("Gunmen from across the border attacked a village.")
    assert _actor(doc, "Gunmen").code is None


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


def test_government_of_a_president_takes_the_persons_state(code_text):
    doc = code_text(
        "The government of Kenyan President Ruto Kamau declared a curfew.", published=None
    )
    assert _actor(doc, "The government").code == "KEN"


# -- rule 2: ethnic groups ----------------------------------------------------


def test_ethnic_group_word_joins_its_role_and_takes_its_home(code_text):
    doc = code_text("Kachin fighters ambushed an army convoy on Friday.", published=None)
    actor = _actor(doc, "Kachin fighters")
    assert (actor.code, actor.sector) == ("MMR", "REB")


def test_ethnic_group_takes_the_listed_state_the_sentence_names(code_text):
    doc = code_text(
        "Tutsi rebels rejected the ceasefire offered by Rwanda's government.", published=None
    )
    assert _actor(doc, "Tutsi rebels").code == "RWA"


def test_spread_group_without_a_state_in_the_sentence_stays_uncoded(code_text):
    doc = code_text("Tuareg rebels rejected the offer on Friday.", published=None)
    assert _actor(doc, "Tuareg rebels").code is None


def test_marked_nationality_takes_the_state_it_is_a_minority_in(code_text):
    doc = code_text(
        "Ethnic Serbs blocked roads near Kosovo's boundary with Albania, Kosovar police said.",
        published=None,
    )
    assert _actor(doc, "Serbs").code == "XKX"


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
