"""Types and triggers of events_reports.yaml and the report-style type rules
(sentences written for these tests)."""

from __future__ import annotations

import pytest


def _find(doc, etype, source=None, target=None):
    return [e for e in doc._.fp_events if e.event_type == etype
            and (source is None or (e.source and e.source.code == source))
            and (target is None or (e.target and e.target.code == target))]


def _types(doc):
    return {e.event_type for e in doc._.fp_events}


FOUND = [
    # A weapons test is mobilisation, also when the parser splits "test-fired".
    ("North Korea test-fired a short-range ballistic missile on Sunday.", "MOBILIZE", "PRK", None),
    # A call-up of forces, not a phone call.
    ("Russia called up 300,000 reservists on Wednesday.", "MOBILIZE", "RUS", None),
    # Funds approved by a lender are help.
    ("The World Bank's board approved the release of 500 million dollars to Kenya.", "AID", "WB", "KEN"),
    # Refusing to join talks, told by a negated "take part".
    ("Iran said the Geneva talks were pointless and that it would not take part.", "REJECT", "IRN", None),
    # Munitions landing somewhere are an attack.
    ("Syrian rockets landed in Turkish border villages on Tuesday.", "ASSAULT", "SYR", "TUR"),
    # An offer on a condition.
    ("Tehran said it would consider halting enrichment if Washington lifted sanctions.", "AGREE", "IRN", None),
]


@pytest.mark.parametrize(("text", "etype", "source", "target"), FOUND)
def test_report_style_events_found(code_text, text, etype, source, target):
    doc = code_text(text)
    assert _find(doc, etype, source, target), [(e.event_type, e.source, e.target) for e in doc._.fp_events]


def test_call_up_is_not_a_phone_call(code_text):
    assert "CONSULT" not in _types(code_text("Russia called up 300,000 reservists on Wednesday."))


def test_weapons_test_is_no_attack(code_text):
    assert "ASSAULT" not in _types(code_text("North Korea test-fired a short-range ballistic missile on Sunday."))


def test_landing_rockets_are_no_visit(code_text):
    assert "CONSULT" not in _types(code_text("Syrian rockets landed in Turkish border villages on Tuesday."))


def test_cutting_short_a_trip_is_no_sanction(code_text):
    doc = code_text("President Lula cut short a visit to China to return home.")
    assert "SANCTION" not in _types(doc)


def test_suspending_visits_stays_a_sanction(code_text):
    assert _find(code_text("Turkey suspended all visits to Iraq."), "SANCTION", "TUR", "IRQ")


def test_taking_part_in_talks_is_no_refusal(code_text):
    doc = code_text("Iran will take part in the talks with the United States.")
    assert "REJECT" not in _types(doc)


def test_measure_considered_is_no_offer(code_text):
    doc = code_text("Tehran would consider sanctions if Washington refused.")
    assert "AGREE" not in _types(doc)


def test_reminder_of_a_statement_is_no_request(code_text):
    doc = code_text("A reminder of what Erdogan said on Monday: Turkey would retaliate against the PKK.")
    assert "REQUEST" not in _types(doc)


def test_hitting_back_by_a_suspension_is_no_attack(code_text):
    doc = code_text("Egypt hit back on Monday, suspending all imports from Sudan.")
    assert _find(doc, "SANCTION", "EGY", "SDN")
    assert not _find(doc, "ASSAULT")


def test_retaliating_by_shelling_stays_an_attack(code_text):
    doc = code_text("Egypt retaliated on Monday, shelling Sudanese border posts.")
    assert _find(doc, "ASSAULT", "EGY", "SDN")


def test_leader_attacking_a_leader_in_words_accuses(code_text):
    doc = code_text("Biden had attacked Netanyahu over the settlements.")
    assert _find(doc, "ACCUSE", "USA", "ISR")
    assert not _find(doc, "ASSAULT")


def test_attack_on_a_named_person_with_a_weapon_stays_an_assault(code_text):
    doc = code_text("Gunmen attacked the mayor of Kandahar with rifles.")
    assert _find(doc, "ASSAULT")


def test_second_partner_after_a_repeated_preposition(code_text):
    doc = code_text("Macron spoke by phone to the Egyptian president and to the Jordanian king.")
    assert _find(doc, "CONSULT", "FRA", "EGY")
    assert _find(doc, "CONSULT", "FRA", "JOR")


def test_appeal_in_a_letter_is_aimed_at_the_addressee(code_text):
    doc = code_text("Armenia wrote to the UN Security Council asking for an urgent meeting.")
    assert _find(doc, "REQUEST", "ARM", "UN")


def test_reason_act_is_the_objects(code_text):
    doc = code_text("India blamed Pakistan for shelling its border villages.")
    assert _find(doc, "ACCUSE", "IND", "PAK")
    assert _find(doc, "ASSAULT", "PAK")
    assert not _find(doc, "ASSAULT", "IND")


def test_refusal_criticised_is_the_refusers(code_text):
    doc = code_text("Biden criticised Netanyahu for refusing to recognise Palestinian statehood.")
    assert _find(doc, "REJECT", "ISR")
    assert not _find(doc, "REJECT", "USA")


def test_unowned_shells_landing_are_no_visit(code_text):
    doc = code_text("Officials said shells landed in Jaffna near a temple.")
    assert "CONSULT" not in _types(doc)


BOTH = ("Fighting between Armenia and Azerbaijan flared again on Monday as Armenian troops shelled "
        "Azerbaijani positions. Turkish President Erdogan said he had spoken to both presidents.")


def test_both_partners_are_the_two_states_in_focus(code_text):
    doc = code_text(BOTH)
    assert _find(doc, "CONSULT", "TUR", "ARM")
    assert _find(doc, "CONSULT", "TUR", "AZE")
    assert not _find(doc, "CONSULT", "TUR", "TUR")


def test_charge_against_what_it_called_an_aggression(code_text):
    doc = code_text("Kenyan troops shelled Somali positions on Monday. "
                    "Egypt condemned what it called Ethiopia's reckless aggression against Sudan.")
    assert _find(doc, "ACCUSE", "EGY", "ETH")
