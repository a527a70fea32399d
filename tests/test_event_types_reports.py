"""Types and triggers of events_reports.yaml and the report-style type rules
(sentences written for these tests)."""

from __future__ import annotations

import pytest


def _find(doc, etype, source=None, target=None):
    return [e for e in doc._.fp_events if e.event_type == etype
            and (source is None or (e.source and e.source.code == source))
            and (target is None or (e.target and e.target.code == target))]


def row(text, found=(), absent=(), *, id):
    """A sentence, the events it gives (each (type, source, target), the
    codes left out matching any) and those it must not give."""
    return pytest.param(text, found, absent, id=id)


ROWS = [
    # A weapons test is mobilisation, also when the parser splits "test-fired".
    row("North Korea test-fired a short-range ballistic missile on Sunday.",
        [("MOBILIZE", "PRK", None)], id="weapons-test-is-mobilisation"),
    # A call-up of forces, not a phone call.
    row("Russia called up 300,000 reservists on Wednesday.", [("MOBILIZE", "RUS", None)],
        id="call-up-is-mobilisation"),
    # Funds approved by a lender are help.
    row("The World Bank's board approved the release of 500 million dollars to Kenya.",
        [("AID", "WB", "KEN")], id="funds-approved-by-a-lender-are-aid"),
    # Refusing to join talks, told by a negated "take part".
    row("Iran said the Geneva talks were pointless and that it would not take part.",
        [("REJECT", "IRN", None)], id="not-taking-part-is-a-refusal"),
    # Munitions landing somewhere are an attack.
    row("Syrian rockets landed in Turkish border villages on Tuesday.", [("ASSAULT", "SYR", "TUR")],
        id="munitions-landing-are-an-attack"),
    # An offer on a condition.
    row("Tehran said it would consider halting enrichment if Washington lifted sanctions.",
        [("AGREE", "IRN", None)], id="an-offer-on-a-condition"),
    row("Russia called up 300,000 reservists on Wednesday.", absent=[("CONSULT",)],
        id="call-up-is-not-a-phone-call"),
    row("North Korea test-fired a short-range ballistic missile on Sunday.", absent=[("ASSAULT",)],
        id="weapons-test-is-no-attack"),
    row("Syrian rockets landed in Turkish border villages on Tuesday.", absent=[("CONSULT",)],
        id="landing-rockets-are-no-visit"),
    row("President Lula cut short a visit to China to return home.", absent=[("SANCTION",)],
        id="cutting-short-a-trip-is-no-sanction"),
    row("Turkey suspended all visits to Iraq.", [("SANCTION", "TUR", "IRQ")],
        id="suspending-visits-stays-a-sanction"),
    row("Iran will take part in the talks with the United States.", absent=[("REJECT",)],
        id="taking-part-in-talks-is-no-refusal"),
    row("Tehran would consider sanctions if Washington refused.", absent=[("AGREE",)],
        id="measure-considered-is-no-offer"),
    row("A reminder of what Erdogan said on Monday: Turkey would retaliate against the PKK.",
        absent=[("REQUEST",)], id="reminder-of-a-statement-is-no-request"),
    row("Egypt hit back on Monday, suspending all imports from Sudan.", [("SANCTION", "EGY", "SDN")],
        [("ASSAULT",)], id="hitting-back-by-a-suspension-is-no-attack"),
    row("Egypt retaliated on Monday, shelling Sudanese border posts.", [("ASSAULT", "EGY", "SDN")],
        id="retaliating-by-shelling-stays-an-attack"),
    row("Biden had attacked Netanyahu over the settlements.", [("ACCUSE", "USA", "ISR")],
        [("ASSAULT",)], id="leader-attacking-a-leader-in-words-accuses"),
    row("Gunmen attacked the mayor of Kandahar with rifles.", [("ASSAULT",)],
        id="attack-on-a-named-person-with-a-weapon-stays-an-assault"),
    row("Macron spoke by phone to the Egyptian president and to the Jordanian king.",
        [("CONSULT", "FRA", "EGY"), ("CONSULT", "FRA", "JOR")],
        id="second-partner-after-a-repeated-preposition"),
    row("Armenia wrote to the UN Security Council asking for an urgent meeting.",
        [("REQUEST", "ARM", "UN")], id="appeal-in-a-letter-is-aimed-at-the-addressee"),
    row("India blamed Pakistan for shelling its border villages.",
        [("ACCUSE", "IND", "PAK"), ("ASSAULT", "PAK")], [("ASSAULT", "IND")],
        id="reason-act-is-the-objects"),
    row("Biden criticised Netanyahu for refusing to recognise Palestinian statehood.",
        [("REJECT", "ISR")], [("REJECT", "USA")], id="refusal-criticised-is-the-refusers"),
    row("Officials said shells landed in Jaffna near a temple.", absent=[("CONSULT",)],
        id="unowned-shells-landing-are-no-visit"),
    row("Fighting between Armenia and Azerbaijan flared again on Monday as Armenian troops shelled "
        "Azerbaijani positions. Turkish President Erdogan said he had spoken to both presidents.",
        [("CONSULT", "TUR", "ARM"), ("CONSULT", "TUR", "AZE")], [("CONSULT", "TUR", "TUR")],
        id="both-partners-are-the-two-states-in-focus"),
    row("Kenyan troops shelled Somali positions on Monday. "
        "Egypt condemned what it called Ethiopia's reckless aggression against Sudan.",
        [("ACCUSE", "EGY", "ETH")], id="charge-against-what-it-called-an-aggression"),
]


@pytest.mark.parametrize(("text", "found", "absent"), ROWS)
def test_report_style_events(code_text, text, found, absent):
    doc = code_text(text)
    events = [(e.event_type, e.source, e.target) for e in doc._.fp_events]
    for spec in found:
        assert _find(doc, *spec), (spec, events)
    for spec in absent:
        assert not _find(doc, *spec), (spec, events)
