"""The crisis picture of a dyad (issue 13): what counts, totals once per
happening with claims apart, escalation by side, turning points, and the
ACLED export agreeing with the totals. Hand-built events, our own sentences."""

from __future__ import annotations

import csv
import io

import pytest

from flashpoint import analyze
from flashpoint.export import write_export
from test_fuse import fused_specs

build = fused_specs


def crisis():
    return build([
        # a strike and the answering fire, each with its own toll
        ("a", "2025-06-02", ("ASSAULT", "IND", "PAK"),
         dict(date="2025-06-01", where="Kotli", killed=6, sentence="Missiles hit Kotli, six died.")),
        ("b", "2025-06-02", ("ASSAULT", "PAK", "IND"),
         dict(date="2025-06-01", where="Poonch", killed=3, sentence="Shells fell on Poonch.")),
        # the attacker's own count of the other side's dead: a claim
        ("c", "2025-06-02", ("ASSAULT", "IND", "PAK"),
         dict(date="2025-06-01", where="Kotli", killed=70, modality="claimed", claimed_by="IND")),
        # an attack only denied: not a happening
        ("d", "2025-06-03", ("ASSAULT", "PAK", "IND"),
         dict(date="2025-06-02", where="Poonch", killed=9, modality="negated")),
        # a bombing years back, named as background
        ("e", "2025-06-03", ("ASSAULT", "PAK", "IND"),
         dict(date="2019-02-14", killed=40)),
        # both sides agree to a truce
        ("f", "2025-06-05", ("AGREE", "IND", "PAK"),
         dict(date="2025-06-05", sentence="The two armies agreed to a truce from midnight.")),
    ])  # fmt: skip


def test_only_what_happened_between_the_two_and_is_news_counts():
    incidents = crisis()
    counted = analyze.crisis_incidents(incidents, "IND-PAK")
    kinds = {(i["event_type"], i["source"]["code"], i["date"]) for i in counted}
    assert ("ASSAULT", "PAK", "2025-06-02") not in kinds  # only negated
    assert ("ASSAULT", "PAK", "2019-02-14") not in kinds  # background
    assert len(counted) == 3


def test_totals_count_established_figures_once_and_list_claims_apart():
    totals = analyze.casualty_totals(analyze.crisis_incidents(crisis(), "IND-PAK"))
    assert totals["fatalities"]["best"] == 9 and totals["fatalities"]["incidents"] == 2
    assert [(c["by"], c["figure"]) for c in totals["claims"]] == [("IND", 70)]


def test_one_sentence_read_as_two_incidents_is_summed_once():
    said = "Twelve people died when the depot burned."
    incidents = build([
        ("a", "2025-06-02", ("ASSAULT", "IND", "PAK"), dict(date="2025-06-01", killed=12,
                                                          sentence=said)),
        ("a", "2025-06-02", ("ASSAULT", "PAK", "IND"), dict(date="2025-06-01", killed=12,
                                                          sentence=said, seq=1)),
    ])  # fmt: skip
    assert len(incidents) == 2
    totals = analyze.casualty_totals(incidents)
    assert totals["fatalities"]["best"] == 12 and totals["fatalities"]["duplicates"] == 1


def test_escalation_by_side_and_the_truce_as_de_escalation():
    rows = analyze.escalation(crisis(), "IND-PAK")
    first = rows[0]
    assert first["date"] == "2025-06-01" and first["events"] == 2
    assert first["sides"]["IND->PAK"]["events"] == 1 and first["sides"]["PAK->IND"]["events"] == 1
    assert first["sides"]["IND->PAK"]["index"] < first["sides"]["PAK->IND"]["index"] < 0
    assert first["index"] == pytest.approx(
        first["sides"]["IND->PAK"]["index"] + first["sides"]["PAK->IND"]["index"], abs=0.002)
    truce = next(r for r in rows if r["date"] == "2025-06-05")
    assert truce["turning"] == ["ceasefire"] and truce["jump"] == "de-escalation"
    assert all(r["events"] == 0 for r in rows if r["date"] == "2025-06-02")  # the negated one
    summary = analyze.side_summary(rows, "IND-PAK")
    assert [s["side"] for s in summary] == ["IND->PAK", "PAK->IND"]
    table = analyze.escalation_table(rows, "IND-PAK")
    assert list(table[0]) == analyze.escalation_columns("IND-PAK")


@pytest.mark.parametrize("args, kw, kind", [
    (("RETREAT", "PAK", "IND"), dict(mode="ceasefire"), "ceasefire"),
    (("AGREE", "PAK", None), dict(sentence="Both sides agreed to halt the fire and hold a truce."),
     "ceasefire"),
    (("AGREE", "QAT", None), dict(sentence="The hosts said the two agreed on an immediate ceasefire."),
     "ceasefire"),
    (("AGREE", "PAK", "IND"), dict(sentence="The two signed a water-sharing accord."), "agreement"),
    (("AGREE", "PAK", "IND"), dict(sentence="The premier said he was ready to talk."), None),
    (("ASSAULT", "IND", "PAK"), dict(sentence="Hours later the truce was violated by shelling."),
     "violation"),
    (("ASSAULT", "IND", "PAK"), dict(sentence="Shelling resumed along the border."), None),
    (("CONSULT", "IND", "PAK"), dict(), "talks"),
    (("CONSULT", "QAT", "PAK"), dict(mode="third-party"), "mediation"),
    (("REJECT", "PAK", "IND"), dict(sentence="The minister said the talks had collapsed."),
     "collapse"),
    (("REJECT", "PAK", "USA"), dict(), "rejection"),
    (("AGREE", "PAK", "IND"), dict(modality="hypothetical"), None),
])  # fmt: skip
def test_turning_points(args, kw, kind):
    [incident] = build([("x", "2025-06-05", args, dict(date="2025-06-05", **kw))])
    assert analyze.turning_point(incident, ("IND", "PAK")) == kind


def test_the_diplomacy_timeline_and_turning_points_carry_the_truce():
    incidents = crisis()
    assert [r["kind"] for r in analyze.turning_points(incidents, "IND-PAK")] == ["ceasefire"]
    assert any(r["kind"] == "ceasefire" and r["date"] == "2025-06-05"
               for r in analyze.diplomacy(incidents, "IND-PAK"))  # fmt: skip


def test_the_network_draws_no_edge_for_what_did_not_happen():
    incidents = build([
        ("a", "2025-06-02", ("ASSAULT", "USA", "IRN"), dict(date="2025-06-01", modality="negated")),
        ("b", "2025-06-02", ("ASSAULT", "IND", "PAK"), dict(date="2025-06-01")),
    ])  # fmt: skip
    edges = {(e["source"], e["target"]) for e in analyze.actor_network(incidents)["edges"]}
    assert edges == {("IND", "PAK")}


def test_the_acled_export_is_one_row_per_incident_and_sums_to_the_totals():
    incidents = analyze.crisis_incidents(crisis(), "IND-PAK")
    out = io.StringIO()
    write_export(crisis(), what="incidents", fmt="acled", stream=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert sum(int(r["fatalities"]) for r in rows) == analyze.casualty_totals(incidents)[
        "fatalities"]["best"]
    assert any("claim: 70 killed by IND" in r["notes"] for r in rows)


def test_an_appeal_for_restraint_is_drawn_as_cooperation_in_the_network():
    incidents = build([
        ("a", "2025-06-02", ("REQUEST", "JPN", "PAK"),
         dict(date="2025-06-01", sentence="Tokyo urged both capitals to show restraint.")),
        ("b", "2025-06-02", ("REQUEST", "IND", "PAK"),
         dict(date="2025-06-01", sentence="Delhi demanded the handover of the suspects.")),
    ])  # fmt: skip
    edges = {(e["source"], e["target"]): e for e in analyze.actor_network(incidents)["edges"]}
    assert edges[("JPN", "PAK")]["by_quad"] == {"verbal_cooperation": 1}
    assert edges[("JPN", "PAK")]["weight"] > 0
    assert edges[("IND", "PAK")]["by_quad"] == {"verbal_conflict": 1}


def test_the_incident_csv_says_which_tolls_the_totals_count():
    out = io.StringIO()
    incidents = crisis()
    write_export(incidents, what="incidents", fmt="csv", stream=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    counted = sum(int(r["fatalities_best"]) for r in rows if r["toll_counted"] == "True")
    crisis_total = analyze.casualty_totals(analyze.crisis_incidents(incidents, "IND-PAK"))
    assert counted == crisis_total["fatalities"]["best"]


def test_an_offer_between_the_two_is_no_agreement_on_the_diplomacy_timeline():
    incidents = build([("a", "2025-06-02", ("AGREE", "PAK", "IND"),
                        dict(date="2025-06-01", sentence="The premier said he was ready to help."))])
    assert analyze.diplomacy(incidents, "IND-PAK") == []
