"""Event decisions over whole news articles: the two states in focus,
sides left unsaid, page furniture. Texts written for these tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _keys(doc):
    return {(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in doc._.fp_events}


# -- the two states in focus must face each other --------------------------------
def test_a_mediator_named_often_is_no_side_of_the_war(code_text):
    text = ("Ugandan troops pressed their offensive in the hills on Friday, officials said.\n\n"
            "Kenya, which mediates in the region, condemned the Ugandan offensive. Kenya called "
            "for calm. Uganda said its troops would stay. Kenya said it would host talks next "
            "week, and Rwanda offered to send observers.")
    keys = _keys(code_text(text))
    assert ("ACCUSE", "KEN", "UGA") in keys
    assert not {k for k in keys if k[0] == "ASSAULT" and k[2] == "KEN"}


def test_two_states_that_fought_stay_the_sides(code_text):
    text = ("Sudanese troops shelled Chadian border posts on Monday.\n\n"
            "Egypt urged restraint and Kenya offered to mediate. Qatar called for talks. "
            "Sudanese artillery kept up the bombardment overnight.")
    keys = _keys(code_text(text))
    assert ("ASSAULT", "SDN", "TCD") in keys


def test_both_parties_are_the_two_sides_not_the_hosts(code_text):
    text = ("Sudan and Chad agreed to a ceasefire on Sunday after clashes on their border. "
            "Sudan had accused Chad of arming rebels. The talks were held in Kenya, Egypt and "
            "Qatar.\n\nUnder the deal, both parties reaffirmed their commitment to peace.")
    keys = _keys(code_text(text))
    agree = {k for k in keys if k[0] == "AGREE"}
    assert ("AGREE", "SDN", "TCD") in agree
    assert not {k for k in agree if k[1] in ("KEN", "EGY", "QAT")}


# -- condemning a happening is aimed at its author, never its victims -------------
@pytest.mark.parametrize("text, author", [
    ("The governor condemned the brutal attack on Kafanchan village, where 40 people were "
     "killed by Boko Haram fighters.", "BOKO_HARAM"),
    ("The ministry in Niamey condemned the attack on the mosque.", None),
])
def test_a_condemned_happening_s_author_is_the_target(code_text, text, author):
    accuse = {k for k in _keys(code_text(text)) if k[0] == "ACCUSE"}
    assert accuse and all(k[2] == author for k in accuse), accuse


# -- threats told by the force of the answer ---------------------------------------
@pytest.mark.parametrize("text", [
    "The army will respond firmly, the spokesman said.",
    "\"Kenya will act against the rebels with increasing military strength,\" the president's office said.",
])
def test_a_promised_forceful_answer_is_a_threat(code_text, text):
    assert any(k[0] == "THREATEN" for k in _keys(code_text(text)))


def test_a_firm_answer_to_words_is_no_attack(code_text):
    keys = _keys(code_text("The ministry responded firmly to the criticism from the opposition."))
    assert not {k for k in keys if k[0] in ("ASSAULT", "THREATEN")}


def test_the_verb_of_a_series_of_strikes_carries_them(code_text):
    keys = _keys(code_text("The Kenyan army began a series of strikes against al Shabaab bases."))
    assert any(k[0] == "ASSAULT" and k[1] == "KEN" for k in keys), keys


# -- what a witness heard; a headline of another story -----------------------------
@pytest.mark.parametrize("text", [
    "Residents of the town heard three loud explosions before dawn.",
    "A reporter in the capital heard two blasts and saw smoke rising over the port.",
])
def test_a_sound_heard_is_no_attack(code_text, text):
    assert not {k for k in _keys(code_text(text)) if k[0] == "ASSAULT"}


def test_a_headline_of_another_story_in_the_body_is_not_coded(code_text):
    text = ("Kenyan police arrested two men in Mombasa on Monday after a long chase through the "
            "old town, officials said.\n\nUganda strikes rebel camps in eastern Congo: state media\n\n"
            "The two men were charged in court on Tuesday.")
    keys = _keys(code_text(text))
    assert any(k[0] == "COERCE" for k in keys)
    assert not {k for k in keys if k[0] == "ASSAULT"}


def test_a_headline_at_the_top_is_still_coded(code_text):
    text = ("Uganda shells rebel camps near border\n\n"
            "Ugandan artillery shelled rebel camps near the Congolese border on Monday, the army said.")
    assert any(k[0] == "ASSAULT" and k[1] == "UGA" for k in _keys(code_text(text)))


def test_a_place_s_past_ruler_is_no_actor(code_text):
    text = ("Protests have rocked the former French colony for two weeks. "
            "Soldiers fired on the crowd outside the barracks on Sunday.")
    keys = _keys(code_text(text))
    assert keys and not {k for k in keys if "FRA" in k}


@pytest.mark.parametrize("text, retreat", [
    ("According to a release by the agency, the army launched forty raids.", False),
    ("The rebels announced the release of twelve hostages on Friday.", True),
])
def test_a_release_is_of_someone_not_a_statement(code_text, text, retreat):
    assert any(k[0] == "RETREAT" for k in _keys(code_text(text))) is retreat


def test_a_sentence_naming_two_states_in_a_hostile_act_makes_them_sides(code_text):
    """A hostile act between two states anywhere in the article shows they
    face each other (``facing_states``), so an earlier attack with no
    target named is aimed at the other (``complete.missing_target``)."""
    doc = code_text("Five soldiers were killed while repelling the Indian aggression on Friday "
                    "night.\n\nThe fighting followed India's missile attacks on Pakistani air "
                    "bases.\n\nSaudi Arabia and Iran urged calm.")
    assert doc._.fp_context.facing == frozenset({frozenset({"IND", "PAK"})})


def test_sanctions_make_no_target_of_strikes(code_text):
    """Two states that face each other only through sanctions do not make
    one the target of the other's attacks (``facing_by_force``); rebels
    called "ethnic armed groups" are rebels (sectors.yaml)."""
    text = ("Belarus's army said it had extended its truce with ethnic armed groups.\n\n"
            "Since then the army has carried out at least 90 attacks, observers said.\n\n"
            "On Tuesday, France imposed new sanctions on Belarus.")
    doc = code_text(text)
    keys = _keys(doc)
    assert ("SANCTION", "FRA", "BLR") in keys
    assert not {k for k in keys if k[0] == "ASSAULT" and k[2] == "FRA"}
    assert not doc._.fp_context.facing_by_force


def test_states_that_fought_face_each_other_by_force(code_text):
    doc = code_text("Sudanese troops shelled Chadian border posts on Monday. "
                    "Egypt imposed sanctions on Sudan.")
    assert doc._.fp_context.facing_by_force == frozenset({frozenset({"SDN", "TCD"})})


def test_a_state_named_as_where_is_no_side(code_text):
    doc = code_text("Israel threatened to keep the border crossing between Gaza and Egypt "
                    "closed. Armed men from other parts of Syria and Lebanon attacked the town.")
    assert not doc._.fp_context.facing


# -- parties left unsaid that the kind of act implies ----------------------------
def test_a_detention_with_no_one_named_is_by_the_captives_state(code_text):
    keys = _keys(code_text("The opposition leader was detained at his home in Kampala on Tuesday."))
    assert ("COERCE", "UGA", "UGA") in keys


def test_a_captive_held_abroad_is_not_held_by_their_own_state(code_text):
    keys = _keys(code_text("A British tourist was detained in Iran on Monday."))
    assert ("COERCE", "GBR", "GBR") not in keys


def test_an_anti_government_protest_is_aimed_at_the_state_in_focus(code_text):
    text = ("Georgia's parliament passed the bill on Tuesday, and Georgian police detained "
            "activists in Tbilisi. Later, thousands marched in an anti-government protest.")
    keys = _keys(code_text(text))
    assert ("PROTEST", None, "GEO") in keys


def test_strikes_a_state_army_says_were_launched_are_its_own(code_text):
    keys = _keys(code_text("The Sudanese defence ministry said strikes were carried out on rebel camps "
                           "in the north."))
    assert any(k[0] == "ASSAULT" and k[1] == "SDN" for k in keys)


def test_strikes_the_victims_report_are_not_their_own(code_text):
    keys = _keys(code_text("The Sudanese defence ministry said 40 soldiers were killed in strikes on "
                           "Sunday."))
    assert not any(k[0] == "ASSAULT" and k[1] == "SDN" for k in keys)


def test_a_condemned_happening_told_before_is_aimed_at_its_author(code_text):
    text = ("Ethiopian drones struck a market in Sudan on Friday, killing 14 people. "
            "Egypt condemned the deaths on Saturday.")
    keys = _keys(code_text(text))
    assert ("ACCUSE", "EGY", "ETH") in keys


def test_a_condemned_happening_with_no_author_told_before_stays_open(code_text):
    keys = _keys(code_text("Fourteen people died in a market in Sudan on Friday. Egypt condemned the "
                           "killings on Saturday."))
    assert not any(k[0] == "ACCUSE" and k[2] not in (None, "SDN") for k in keys)


def test_a_title_told_again_keeps_the_persons_state(code_text):
    text = ("The mayor condemned the shelling of a school in Kharkiv on Monday. Nobody was hurt. "
            "On Tuesday the mayor called for more air defence.")
    keys = _keys(code_text(text))
    assert any(k[0] == "REQUEST" and k[1] == "UKR" for k in keys)


def test_an_armed_group_tied_to_a_government_is_not_that_government(code_text):
    doc = code_text("Syria's president called on militias linked to the former Assad regime to surrender.")
    requests = [e for e in doc._.fp_events if e.event_type == "REQUEST"]
    assert requests and all(e.target is not None and e.target.sector == "REB" for e in requests)


def test_an_attack_that_targeted_someone_is_not_a_second_attack_by_no_one(code_text):
    text = "Ethiopian troops shelled rebel camps in Sudan on Monday. The shelling targeted two villages."
    keys = _keys(code_text(text))
    assert any(k[0] == "ASSAULT" and k[1] == "ETH" for k in keys)
    assert not any(k[0] == "ASSAULT" and k[1] is None for k in keys)


def test_protests_told_again_are_aimed_like_the_first(code_text):
    text = ("Thousands marched against the government in Yerevan on Friday.\n\n"
            "Since the protests began, dozens have been detained.")
    keys = _keys(code_text(text))
    assert ("PROTEST", None, "ARM") in keys
    assert ("PROTEST", None, None) not in keys


# -- what an act is for is not whom it is aimed at --------------------------------
def test_own_state_defended_by_an_act_is_no_target(code_text):
    """``target.own_state_in_purpose``: the source's own state in a to-clause
    of protecting is whom the act is for."""
    keys = _keys(code_text('The Turkish army posted images, claiming "precision strikes" were '
                           'launched to "defend Turkish interests and deter enemies."'))
    assert ("ASSAULT", "TUR", "TUR") not in keys
    assert ("SUPPORT", "TUR", "TUR") not in keys


def test_the_object_of_other_purposes_stays_the_target(code_text):
    keys = _keys(code_text("Kenyan police fired tear gas to disperse a rally of Kenyan teachers."))
    assert any(k[0] == "COERCE" and k[1] == "KEN" and k[2] == "KEN" for k in keys)


def test_acting_in_solidarity_is_no_act_of_support(code_text):
    """``trigger.motive_of_another_act``: "in solidarity with" on another
    act names the side acted for, not an event."""
    keys = _keys(code_text("Uganda and Kenya clashed at the border. The rebels, who have shelled "
                           "Ugandan towns in solidarity with the strikers, said the fight goes on."))
    assert not {k for k in keys if k[0] == "SUPPORT"}


def test_the_addressee_of_a_letter_is_no_target(code_text):
    """``target.addressee_of_a_document``: a letter's addressee is where an
    accusation is lodged; the other side of the conflict is accused."""
    keys = _keys(code_text("Chad and Sudan clashed at the border. Sudan accused its neighbour, "
                           "in a complaint to the African Union, of arming rebels."))
    assert ("ACCUSE", "SDN", "AU") not in keys
    assert ("ACCUSE", "SDN", "TCD") in keys


def test_a_place_withdrawn_from_is_no_target(code_text):
    """``target.place_left``: a retreat from a city yields to no one named."""
    keys = _keys(code_text("Tribal fighters withdrew from the city of Homs on Sunday."))
    assert any(k[0] == "RETREAT" for k in keys)
    assert not {k for k in keys if k[0] == "RETREAT" and k[2] == "SYR"}


@pytest.mark.parametrize("text, coerce", [
    ("The army said any use of force against civilians is prohibited.", False),
    ("Protests were banned in the capital.", True),
    ("The use of force has been prohibited by the court.", True),
])
def test_a_norm_in_force_is_no_act(code_text, text, coerce):
    """``trigger.standing_norm``: conduct that "is prohibited" states a rule."""
    assert any(k[0] == "COERCE" for k in _keys(code_text(text))) is coerce
