"""Modality, passives, nominal events, two-state targets, metonymy, repeats."""

from __future__ import annotations


def _find(doc, etype, source=None, target=None):
    return [e for e in doc._.fp_events if e.event_type == etype
            and (source is None or (e.source and e.source.code == source))
            and (target is None or (e.target and e.target.code == target))]


def test_claimed_by_the_claimant(code_text):
    doc = code_text("India claimed its missiles destroyed terror camps in Pakistan.")
    events = _find(doc, "ASSAULT")
    assert events and events[0].modality == "claimed"
    assert events[0].claimed_by is not None and events[0].claimed_by.code == "IND"


def test_according_to_is_a_claim(code_text):
    doc = code_text("According to the Pakistani military, Indian drones attacked Lahore.")
    events = _find(doc, "ASSAULT", "IND")
    assert events and events[0].modality == "claimed"
    assert events[0].claimed_by.code == "PAK"


def test_denied_event_and_the_denial(code_text):
    doc = code_text("Pakistan denied that its army fired on Indian posts.")
    assaults = _find(doc, "ASSAULT", target="IND")
    assert assaults and assaults[0].modality == "denied"
    assert assaults[0].claimed_by.code == "PAK"
    assert _find(doc, "REJECT", "PAK")


def test_negated(code_text):
    doc = code_text("India did not attack civilian targets in Pakistan.")
    events = _find(doc, "ASSAULT", "IND")
    assert events and all(e.modality == "negated" for e in events)


def test_hypothetical_condition(code_text):
    doc = code_text("If India attacks Pakistan again, the region will suffer.")
    events = _find(doc, "ASSAULT", "IND", "PAK")
    assert events and events[0].modality == "hypothetical"


def test_hypothetical_any_war(code_text):
    doc = code_text("Islamabad warned that any attack on Pakistan would be answered.")
    assaults = _find(doc, "ASSAULT")
    assert all(e.modality == "hypothetical" for e in assaults)


def test_planned_talks_are_an_agreement(code_text):
    doc = code_text("India will hold talks with Pakistan next week.")
    events = _find(doc, "AGREE", "IND", "PAK")
    assert events and events[0].modality == "planned"


def test_plans_to_expel_is_a_threat(code_text):
    doc = code_text("Pakistan plans to expel Indian diplomats.")
    events = _find(doc, "THREATEN", "PAK", "IND")
    assert events and events[0].modality == "planned"


def test_said_it_would_retaliate_is_a_threat(code_text):
    doc = code_text("Pakistan said it would retaliate against India.")
    assert _find(doc, "THREATEN", "PAK", "IND")


def test_reporters_said_is_no_event(code_text):
    doc = code_text("The spokesman said the situation along the border was calm.")
    assert doc._.fp_events == []


def test_passive_with_agent(code_text):
    doc = code_text("Two Pakistani soldiers were killed by Indian troops.")
    assert _find(doc, "ASSAULT", "IND", "PAK")


def test_nominal_event_with_possessor(code_text):
    doc = code_text("India's missile strikes on Pakistan drew wide criticism.")
    events = _find(doc, "ASSAULT", "IND", "PAK")
    assert events and events[0].mode == "aerial"


def test_shelling_mode(code_text):
    doc = code_text("Pakistani shelling of Indian villages continued overnight.")
    events = _find(doc, "ASSAULT", "PAK", "IND")
    assert events and events[0].mode == "heavy-weapons"


def test_two_state_target_gives_one_event_per_state(code_text):
    doc = code_text("The G7 urged India and Pakistan to show restraint.")
    assert _find(doc, "REQUEST", "G7", "IND") and _find(doc, "REQUEST", "G7", "PAK")


def test_each_other_is_reciprocal(code_text):
    doc = code_text("India and Pakistan launched strikes against each other overnight.")
    assert _find(doc, "ASSAULT", "IND", "PAK") and _find(doc, "ASSAULT", "PAK", "IND")


def test_capital_as_metonym(code_text):
    doc = code_text("New Delhi said it would retaliate against Islamabad.")
    assert _find(doc, "THREATEN", "IND", "PAK")


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
