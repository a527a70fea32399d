"""More triggers and derived events (events_triggers.yaml, coding/derived_events.py).
Sentences written for these tests."""

from __future__ import annotations


def _events(doc):
    return [(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in doc._.fp_events]


def _of_type(doc, event_type):
    return [e for e in doc._.fp_events if e.event_type == event_type]


# -- an arrest on a stated charge is also an accusation -------------------------------
def test_arrest_on_charges_is_also_an_accusation(code_text):
    doc = code_text("Egyptian police arrested two Sudanese traders on charges of smuggling gold.")
    coerce, accuse = _of_type(doc, "COERCE"), _of_type(doc, "ACCUSE")
    assert coerce and accuse
    assert accuse[0].mode == "allege"
    assert (accuse[0].source.code, accuse[0].target.code) == (coerce[0].source.code, coerce[0].target.code)


def test_arrest_for_a_gerund_is_an_accusation(code_text):
    doc = code_text("Turkish authorities detained a Greek citizen for spying on military bases.")
    assert ("ACCUSE", "TUR", "GRC") in _events(doc)


def test_detained_for_questioning_is_no_accusation(code_text):
    doc = code_text("Turkish authorities detained a Greek citizen for questioning.")
    assert _of_type(doc, "COERCE")
    assert not _of_type(doc, "ACCUSE")


# -- agentless state acts ------------------------------------------------------------
def test_passive_arrest_in_a_state_has_that_state_as_source(code_text):
    doc = code_text("A French journalist was arrested in Iran last week.")
    coerce = _of_type(doc, "COERCE")
    assert coerce and coerce[0].source.code == "IRN" and coerce[0].source.sector == "COP"
    assert coerce[0].target.code == "FRA"


def test_put_under_investigation_is_a_judicial_inquiry(code_text):
    doc = code_text("A British aid worker has been placed under investigation in Egypt.")
    accuse = _of_type(doc, "ACCUSE")
    assert accuse and accuse[0].mode == "investigate"
    assert (accuse[0].source.code, accuse[0].source.sector, accuse[0].target.code) == ("EGY", "JUD", "GBR")


def test_state_act_asked_for_is_not_made(code_text):
    doc = code_text("Egypt demanded that the smugglers be put on trial in Sudan.")
    assert not [e for e in doc._.fp_events if e.source and e.source.sector == "JUD"]
    doc = code_text("The smugglers were put on trial in Sudan.")
    assert ("ACCUSE", "SDN", None) in _events(doc)


def test_passive_killing_keeps_no_source(code_text):
    doc = code_text("Five soldiers were killed in Kashmir on Sunday.")
    assert all(e.source is None for e in _of_type(doc, "ASSAULT"))


def test_passive_arrest_with_an_agent_keeps_the_agent(code_text):
    doc = code_text("Two students were arrested by Pakistani police in Lahore.")
    coerce = _of_type(doc, "COERCE")
    assert coerce and coerce[0].source.sector != "JUD"
    assert coerce[0].source.code == "PAK"
    assert "derived" not in str(doc._.fp_event_trace)


# -- requests in a clause of the verb -------------------------------------------------
def test_renewed_call_for_a_state_to_act(code_text):
    doc = code_text("China renewed its call for Japan to withdraw its ships.")
    assert ("REQUEST", "CHN", "JPN") in _events(doc)
    assert not _of_type(doc, "RETREAT")  # asked for, not done


def test_pushing_for_a_state_to_back_a_plan(code_text):
    doc = code_text("Britain is pushing hard for the United States to back the plan.")
    assert ("REQUEST", "GBR", "USA") in _events(doc)


# -- receptions ----------------------------------------------------------------------
def test_gave_a_warm_welcome_to_a_leader_is_a_meeting(code_text):
    doc = code_text("The Egyptian president gave a warm welcome to the Israeli prime minister on Monday.")
    assert ("CONSULT", "EGY", "ISR") in _events(doc)


def test_welcomed_a_delegation_is_a_meeting_but_a_decision_is_support(code_text):
    doc = code_text("The Indian government welcomed the Chinese delegation in New Delhi.")
    assert ("CONSULT", "IND", "CHN") in _events(doc)
    doc = code_text("The Indian government welcomed the Chinese decision.")
    assert not _of_type(doc, "CONSULT")


# -- petitions -----------------------------------------------------------------------
def test_collecting_signatures_is_a_protest(code_text):
    doc = code_text("Kenyan opposition parties began collecting signatures to force a referendum.")
    protest = _of_type(doc, "PROTEST")
    assert protest and protest[0].source.code == "KEN"


# -- sources the parse hides (coding/triggers_sources.py) -----------------------------
def test_passive_accusation_with_a_by_phrase_hung_below(code_text):
    doc = code_text("The former Kenyan minister has been accused of corruption by government officials.")
    accuse = _of_type(doc, "ACCUSE")
    assert accuse and accuse[0].source.sector == "GOV"
    assert "'by' phrase" in doc._.fp_event_trace[0]["source_rule"]


def test_by_phrase_naming_no_actor_is_no_source(code_text):
    doc = code_text("The former minister was accused of corruption by the end of the year.")
    assert not _of_type(doc, "ACCUSE")


def test_subject_parsed_inside_an_opening_phrase(code_text):
    doc = code_text("After the signing of the truce in Addis Ababa, the Ethiopian government and the rebels "
                    "agreed to free all prisoners.")
    agree = _of_type(doc, "AGREE")
    assert agree and agree[0].source.code == "ETH"
