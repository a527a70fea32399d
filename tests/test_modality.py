"""Modality, passives, nominal events, two-state targets, metonymy, repeats."""

from __future__ import annotations

import pytest


def _find(doc, etype, source=None, target=None):
    return [e for e in doc._.fp_events if e.event_type == etype
            and (source is None or (e.source and e.source.code == source))
            and (target is None or (e.target and e.target.code == target))]


@pytest.mark.parametrize(
    ("text", "etype", "source", "target", "modality", "claimant"),
    [
        # a claim, by the claimant
        (
            "India claimed its missiles destroyed terror camps in Pakistan.",
            "ASSAULT", None, None, "claimed", "IND",
        ),
        # "according to" is a claim
        (
            "According to the Pakistani military, Indian drones attacked Lahore.",
            "ASSAULT", "IND", None, "claimed", "PAK",
        ),
        # a denied event, the denier its claimant
        (
            "Pakistan denied that its army fired on Indian posts.",
            "ASSAULT", None, "IND", "denied", "PAK",
        ),
        # a condition
        (
            "If India attacks Pakistan again, the region will suffer.",
            "ASSAULT", "IND", "PAK", "hypothetical", None,
        ),
        # planned talks are an agreement, plans to expel a threat
        ("India will hold talks with Pakistan next week.", "AGREE", "IND", "PAK", "planned", None),
        ("Pakistan plans to expel Indian diplomats.", "THREATEN", "PAK", "IND", "planned", None),
    ],
)
def test_modality_and_claimant(code_text, text, etype, source, target, modality, claimant):
    events = _find(code_text(text), etype, source, target)
    assert events and events[0].modality == modality
    assert (events[0].claimed_by.code if events[0].claimed_by else None) == claimant


@pytest.mark.parametrize(
    ("text", "etype", "source", "target"),
    [
        # the denial itself
        ("Pakistan denied that its army fired on Indian posts.", "REJECT", "PAK", None),
        # "said it would retaliate" is a threat
        ("Pakistan said it would retaliate against India.", "THREATEN", "PAK", "IND"),
        # a passive with its agent
        ("Two Pakistani soldiers were killed by Indian troops.", "ASSAULT", "IND", "PAK"),
        # a two-state target gives one event per state
        ("The G7 urged India and Pakistan to show restraint.", "REQUEST", "G7", "IND"),
        ("The G7 urged India and Pakistan to show restraint.", "REQUEST", "G7", "PAK"),
        # "each other" is reciprocal
        (
            "India and Pakistan launched strikes against each other overnight.",
            "ASSAULT", "IND", "PAK",
        ),
        (
            "India and Pakistan launched strikes against each other overnight.",
            "ASSAULT", "PAK", "IND",
        ),
        # a capital as metonym
        ("New Delhi said it would retaliate against Islamabad.", "THREATEN", "IND", "PAK"),
    ],
)
def test_the_event_is_coded(code_text, text, etype, source, target):
    assert _find(code_text(text), etype, source, target)


@pytest.mark.parametrize(
    ("text", "source", "target", "mode"),
    [
        # a nominal event with its possessor
        ("India's missile strikes on Pakistan drew wide criticism.", "IND", "PAK", "aerial"),
        ("Pakistani shelling of Indian villages continued overnight.", "PAK", "IND",
         "heavy-weapons"),
    ],
)
def test_the_mode_of_an_assault(code_text, text, source, target, mode):
    events = _find(code_text(text), "ASSAULT", source, target)
    assert events and events[0].mode == mode


def test_negated(code_text):
    doc = code_text("India did not attack civilian targets in Pakistan.")
    events = _find(doc, "ASSAULT", "IND")
    assert events and all(e.modality == "negated" for e in events)


def test_hypothetical_any_war(code_text):
    doc = code_text("Islamabad warned that any attack on Pakistan would be answered.")
    assaults = _find(doc, "ASSAULT")
    assert all(e.modality == "hypothetical" for e in assaults)


def test_reporters_said_is_no_event(code_text):
    doc = code_text("The spokesman said the situation along the border was calm.")
    assert doc._.fp_events == []


def test_mediation_offer_is_agree_with_mediation_context(code_text):
    doc = code_text("India and Pakistan exchanged fire. Turkey offered mediation to end the crisis.")
    events = _find(doc, "AGREE", "TUR")
    assert events and "mediation" in events[0].contexts


def test_toll_is_not_a_second_event(code_text):
    doc = code_text("Pakistani troops launched strikes on Indian posts, killing four soldiers.")
    assert len(_find(doc, "ASSAULT")) == 1


def test_repeated_sentence_is_counted_once(code_text):
    text = ("Pakistan expelled two Indian diplomats on Thursday.\n\n"
            "Pakistan expelled two Indian diplomats on Thursday.")
    doc = code_text(text)
    assert len(_find(doc, "SANCTION", "PAK", "IND")) == 1


def test_events_carry_evidence_and_trigger_span(code_text):
    text = "Calm returned. Pakistan expelled two Indian diplomats on Thursday."
    doc = code_text(text)
    event = _find(doc, "SANCTION", "PAK", "IND")[0]
    assert text[event.evidence.start:event.evidence.end] == event.evidence.sentence
    start, end = event._trigger_span
    assert "expel" in doc[start:end].text
    assert event.doc_id == "t"


def test_a_verb_joined_to_a_denial_is_asserted(code_text):
    doc = code_text("Pakistan denies any role in the attack and has offered talks with India.")
    by_type = {e.event_type: e.modality for e in doc._.fp_events}
    assert by_type.get("AGREE") == "asserted", by_type
    assert by_type.get("ASSAULT") == "denied", by_type


def test_both_verbs_under_one_denial_are_denied(code_text):
    doc = code_text("Pakistan denied that its troops fired at the posts and shelled the villages.")
    assault = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert assault and all(e.modality == "denied" for e in assault), [(e.evidence.trigger, e.modality) for e in assault]


def test_what_its_own_side_says_it_could_do_is_a_threat(code_text):
    doc = code_text("A Kenyan army spokesman said it could carry out further strikes on the militants.")
    assert _find(doc, "THREATEN", "KEN") and not _find(doc, "ASSAULT", "KEN")


def test_what_others_say_a_side_could_do_stays_hypothetical(code_text):
    doc = code_text("Analysts said Kenya could carry out further strikes on the militants.")
    assert not _find(doc, "THREATEN", "KEN")
    assert all(e.modality == "hypothetical" for e in _find(doc, "ASSAULT", "KEN"))


def test_an_act_that_goes_on_is_no_plan(code_text):
    doc = code_text("Kenya's foreign minister said Kenya would continue to support Somalia's government.")
    supports = _find(doc, "SUPPORT", "KEN")
    assert supports and all(e.modality in ("asserted", "claimed") for e in supports)


def test_an_act_that_will_not_go_on_is_negated(code_text):
    doc = code_text("Kenya will not continue to support Somalia's government.")
    assert all(e.modality == "negated" for e in _find(doc, "SUPPORT", "KEN"))


def test_what_is_prevented_did_not_happen(code_text):
    doc = code_text("Kenyan authorities imposed a curfew in Kisumu to prevent riots after the vote.")
    protests = _find(doc, "PROTEST")
    assert all(e.modality == "negated" for e in protests)
    assert _find(doc, "COERCE", "KEN")


def test_what_someone_failed_to_do_did_not_happen(code_text):
    doc = code_text("The two foreign ministers failed to hold talks in Geneva on Monday.")
    talks = _find(doc, "CONSULT")
    assert talks and all(e.modality == "negated" for e in talks)


def test_an_act_someone_failed_to_prevent_happened(code_text):
    doc = code_text("The police failed to prevent an attack on the mosque in Kano.")
    attacks = _find(doc, "ASSAULT")
    assert attacks and all(e.modality == "asserted" for e in attacks)
