"""Type choices of coding/types_rules.py and events_types.yaml (sentences
written for these tests)."""

from __future__ import annotations

import pytest


def _codes(events):
    return [(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in events]


def _find(doc, etype, source=None, target=None):
    return [e for e in doc._.fp_events if e.event_type == etype
            and (source is None or (e.source and e.source.code == source))
            and (target is None or (e.target and e.target.code == target))]


CASES = [
    # An announced sanction stays SANCTION; a conditional one is a threat.
    ("Japan announced it would suspend all aid to Myanmar.", "SANCTION", "JPN", "MMR"),
    ("Japan said it would cut aid to Myanmar unless the junta freed the prisoners.", "THREATEN", "JPN", "MMR"),
    # Blockades: by protesters an obstruction, announced a threat.
    ("Angry Chilean truckers blockaded the main highways on Tuesday.", "PROTEST", "CHL", None),
    # A state protesting speaks: ACCUSE.
    ("Vietnam protested to China over the seizure of its fishing boats.", "ACCUSE", "VNM", "CHN"),
    # Permissions; a decision is the concession itself.
    ("The Kenyan government decided to allow the opposition to hold rallies.", "CONCEDE", "KEN", None),
    ("Hungary will allow the refugees to cross into Austria.", "AGREE", "HUN", None),
    # Lifting a curfew is a concession, the curfew no event of its own.
    ("The Sri Lankan army relaxed the curfew in Jaffna on Sunday.", "CONCEDE", "LKA", None),
    # A resignation announced stays RETREAT.
    ("The Peruvian interior minister will resign next week.", "RETREAT", "PER", None),
    # Preparing an attack is mobilising.
    ("Ethiopian troops prepared to resume shelling Eritrean positions.", "MOBILIZE", "ETH", "ERI"),
    ("Ethiopian troops were getting ready to attack Eritrean positions.", "MOBILIZE", "ETH", "ERI"),
    # Patrols and police ordered out.
    ("The Kenyan government ordered extra police patrols in Nairobi.", "MOBILIZE", "KEN", None),
    ("Egypt stepped up security along its border with Libya.", "MOBILIZE", "EGY", None),
    # States of siege and martial law.
    ("The Thai army declared martial law in Bangkok.", "COERCE", "THA", None),
    ("The Bolivian government declared a state of siege on Friday.", "COERCE", "BOL", None),
    # Ordering a paper to stop publishing is censorship.
    ("The Zimbabwean government ordered the independent daily to suspend publication.", "COERCE", "ZWE", None),
    # Peacekeepers arriving bring help.
    ("The first Ghanaian peacekeepers arrived in Liberia on Monday.", "AID", "GHA", "LBR"),
    # Exercises: of two states cooperation, of one mobilisation.
    ("Indian and Japanese warships began five days of joint exercises on Monday.", "COOPERATE", "IND", None),
    ("Indian and Japanese warships began five days of joint exercises on Monday.", "COOPERATE", "JPN", None),
    ("The Chinese navy held live-fire drills near Taiwan.", "MOBILIZE", "CHN", None),
    # A group disarmed with no one named disarming it is the actor.
    ("Hundreds of Colombian guerrillas have been disarmed since the peace deal.", "RETREAT", "COL", None),
    ("Colombian rebels laid down their arms in a ceremony on Tuesday.", "RETREAT", "COL", None),
    # Withdrawn in the passive: the ones withdrawn act.
    ("Two hundred Kenyan soldiers were pulled out of Somalia on Monday.", "RETREAT", "KEN", None),
    # Forcing an agency out of the country is an expulsion.
    ("Burma forced the UN food agency out of the country last year.", "SANCTION", "MMR", "UN"),
    # A demand restated with its clause on the verb.
    ("The European Union renewed its demand that Serbia free the detained reporters.", "REQUEST", "EU", "SRB"),
    # A border opened to people is help; to a state, a retreat.
    ("Jordan opened its borders to refugees from Iraq.", "AID", "JOR", "IRQ"),
    ("Pakistan reopened the border crossing to Afghanistan.", "RETREAT", "PAK", "AFG"),
    # A welcome given to a visitor is a visit.
    ("The Ghanaian president gave a warm welcome to the visiting Nigerian leader.", "CONSULT", "GHA", "NGA"),
]


def test_announced_sanction_is_planned(code_text):
    doc = code_text("Japan announced it would suspend all aid to Myanmar.")
    events = _find(doc, "SANCTION", "JPN", "MMR")
    assert events and events[0].modality == "planned"
    assert not _find(doc, "THREATEN")


def test_second_conjunct_of_reported_speech_is_planned(code_text):
    doc = code_text("Canada said it would ban imports from Iran and would deny entry to Iranian officials.")
    events = [e for e in doc._.fp_events if e.event_type == "SANCTION"]
    assert len(events) == 2 and {e.modality for e in events} == {"planned"}, _codes(doc._.fp_events)


def test_preparation_is_asserted_and_troops_mode(code_text):
    doc = code_text("Ethiopian troops prepared to resume shelling Eritrean positions.")
    events = _find(doc, "MOBILIZE", "ETH")
    assert events and events[0].modality == "asserted" and events[0].mode == "troops"
    assert not _find(doc, "THREATEN") and not _find(doc, "ASSAULT")


def test_forces_ordered_out_are_not_the_target(code_text):
    doc = code_text("The Kenyan government ordered patrols by police and soldiers in Nairobi.")
    events = _find(doc, "MOBILIZE", "KEN")
    assert events and all(e.target is None or e.target.sector not in ("COP", "MIL") for e in events)


def test_censorship_order_has_one_event_and_mode(code_text):
    doc = code_text("The Zimbabwean government ordered the independent daily to suspend publication.")
    events = [e for e in doc._.fp_events if e.event_type == "COERCE"]
    assert len(events) == 1 and events[0].mode == "censor", _codes(doc._.fp_events)
    assert not _find(doc, "REQUEST")


def test_peacekeepers_arrival_context_and_no_mobilize(code_text):
    doc = code_text("A first deployment of UN peacekeeping troops arrived in Haiti on Monday.")
    events = _find(doc, "AID", "UN", "HTI")
    assert events and "peacekeeping" in events[0].contexts, _codes(doc._.fp_events)
    assert not _find(doc, "MOBILIZE") and not _find(doc, "CONSULT")


def test_fighters_arriving_are_no_visit_and_no_diplomacy(code_text):
    doc = code_text("Hundreds of Taliban fighters arrived in Kunduz on Monday.")
    events = [e for e in doc._.fp_events if e.event_type == "MOBILIZE"]
    assert events and "diplomatic" not in events[0].contexts, _codes(doc._.fp_events)
    assert not _find(doc, "CONSULT")


def row(text, found=(), absent=(), *, id):
    """A sentence, the events it gives (each (type, source, target), the
    codes left out matching any) and those it must not give."""
    return pytest.param(text, found, absent, id=id)


ROWS = [row(s, [(etype, source, target)], id=f"{etype}-{i}")
        for i, (s, etype, source, target) in enumerate(CASES)] + [
    row("Germany said it will withdraw its aid workers from Mali.", [("THREATEN", "DEU", "MLI")],
        id="announced-withdrawal-is-still-a-threat"),
    row("Thousands of students protested in Dhaka against the fee increase.", [("PROTEST",)],
        [("ACCUSE",)], id="street-protest-stays-protest"),
    row("Turkey reopened the border crossing to allow the delivery of food to Syria.",
        [("RETREAT", "TUR", "SYR")], [("CONCEDE",)], id="purpose-permission-is-part-of-the-act"),
    row("The Sri Lankan army relaxed the curfew in Jaffna on Sunday.", absent=[("COERCE",)],
        id="lifted-curfew-is-not-coerce"),
    row("Eritrea is prepared to strike Ethiopia.", [("THREATEN", "ERI", "ETH")], [("MOBILIZE",)],
        id="readiness-stance-stays-a-threat"),
    row("The Zimbabwean government ordered the editor to appear before a court.",
        absent=[("COERCE",)], id="order-to-appear-stays-request"),
    row("Indian soldiers arrived in the Maldives on Monday.", absent=[("CONSULT",)],
        id="soldiers-arriving-are-no-visit"),
    row("Two hundred Pakistani prisoners were released by India on Friday.",
        absent=[("RETREAT", "PAK")], id="released-prisoners-are-not-the-actor"),
    row("The European Union renewed its demand that Israel lift the restrictions on Gaza.",
        [("REQUEST", "EU", "ISR")], [("CONCEDE",)], id="renewed-demand-absorbs-the-demanded-act"),
    row("Hundreds of Kenyan farmers began a hunger strike to demand the release of their leaders.",
        [("PROTEST", "KEN")], [("REQUEST",)], id="demand-of-a-protest-is-part-of-it"),
    row("Thousands of Chilean students marched in Santiago demanding free education.",
        [("PROTEST",)], [("REQUEST",)], id="demanding-participle-of-a-protest-is-part-of-it"),
]


@pytest.mark.parametrize(("text", "found", "absent"), ROWS)
def test_type_choices(code_text, text, found, absent):
    doc = code_text(text)
    for spec in found:
        assert _find(doc, *spec), (spec, _codes(doc._.fp_events))
    for spec in absent:
        assert not _find(doc, *spec), (spec, _codes(doc._.fp_events))


@pytest.mark.parametrize(
    ("text", "etype", "source", "mode"),
    [
        pytest.param("The Bolivian government declared a state of siege on Friday.", "COERCE", "BOL",
                     "martial-law", id="state-of-siege"),
        pytest.param("Colombian rebels laid down their arms in a ceremony on Tuesday.", "RETREAT", "COL",
                     "disarm", id="disarmament"),
    ],
)
def test_the_mode_of_an_event(code_text, text, etype, source, mode):
    events = _find(code_text(text), etype, source)
    assert events and events[0].mode == mode


def test_commit_is_a_promise_only_to_something(code_text):
    # "committed abuses" is a deed, no promise; "committed to the truce" is one
    deed = code_text("Militia fighters committed abuses against villagers in the hills.")
    assert not _find(deed, "AGREE")
    promise = code_text("Ghana committed to the truce on Monday.")
    assert _find(promise, "AGREE", "GHA")
