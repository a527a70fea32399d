"""Escalation index (hand-computed), diplomacy timeline, actor network."""

from __future__ import annotations

import json
import math

import pytest

from flashpoint.analyze import (
    actor_network,
    diplomacy,
    escalation,
    incident_weight,
    load_intensity,
)
from test_fuse import event, fused_specs

build = fused_specs


def test_intensity_table_orders_the_types():
    w = load_intensity()["types"]
    assert min(w, key=w.get) == "ASSAULT"
    assert max(w.values()) == w["AGREE"] == w["AID"]
    assert set(w) == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                      "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                      "MOBILIZE", "COERCE", "ASSAULT"}  # fmt: skip


def escalation_incidents():
    return build([
        ("a", "2025-05-01", ("REJECT", "PAK", "IND"), {"date": "2025-05-01"}),
        ("b", "2025-05-02", ("ACCUSE", "IND", "PAK"), {"date": "2025-05-02"}),
        ("c", "2025-05-03", ("CONSULT", "IND", "PAK"), {"date": "2025-05-03"}),
        # one air strike reported twice: counted once
        ("d", "2025-05-05", ("ASSAULT", "IND", "PAK"),
         {"date": "2025-05-05", "where": "Kotli", "mode": "aerial", "killed": 10}),
        ("e", "2025-05-06", ("ASSAULT", "IND", "PAK"),
         {"date": "2025-05-05", "where": "Kotli", "mode": "aerial", "killed": 10}),
        # shelling the other way that India claims
        ("f", "2025-05-05", ("ASSAULT", "PAK", "IND"),
         {"date": "2025-05-05", "where": "Poonch", "mode": "heavy-weapons", "killed": 3,
          "modality": "claimed", "claimed_by": "IND"}),
        # a third party's call is not in the dyad's index
        ("g", "2025-05-04", ("CONSULT", "USA", "IND"), {"date": "2025-05-04"}),
    ])  # fmt: skip


def test_escalation_index_matches_the_hand_computed_values():
    rows = escalation(escalation_incidents(), "IND-PAK")
    assert [r["date"] for r in rows] == [f"2025-05-0{d}" for d in range(1, 6)]
    assert [r["events"] for r in rows] == [1, 1, 1, 0, 2]
    strike = -10 - 3 - 2.0 * math.log1p(10)
    shelling = (-10 - 3 - 2.0 * math.log1p(3)) * 0.75
    expected = [-2, -2, 2, 0, strike + shelling]
    assert [r["index"] for r in rows] == pytest.approx(expected, abs=1e-3)
    assert rows[4]["mean7"] == pytest.approx(sum(expected) / 5, abs=1e-3)
    assert rows[2]["mean7"] == pytest.approx(-2 / 3, abs=1e-3)
    assert [r["jump"] for r in rows] == ["", "", "", "", "escalation"]


def test_a_ceasefire_after_fighting_is_a_de_escalation_jump():
    specs = [(f"s{d}", f"2025-05-0{d}", ("ASSAULT", "IND", "PAK"),
              {"date": f"2025-05-0{d}", "where": "Kotli", "killed": 2}) for d in range(1, 6)]
    specs.append(("cf", "2025-05-06", ("RETREAT", "IND", "PAK"),
                  {"date": "2025-05-06", "mode": "ceasefire"}))  # fmt: skip
    rows = escalation(build(specs), "PAK-IND")
    assert rows[-1]["index"] == pytest.approx(8.0)
    assert rows[-1]["jump"] == "de-escalation"
    assert all(r["jump"] == "" for r in rows[:-1])


def test_claimed_incident_weighs_less_than_asserted():
    weights = load_intensity()
    [asserted] = build([("a", "2025-05-07", ("ASSAULT", "IND", "PAK"), {"date": "2025-05-07"})])
    [claimed] = build([("a", "2025-05-07", ("ASSAULT", "IND", "PAK"),
                        {"date": "2025-05-07", "modality": "claimed", "claimed_by": "PAK"})])
    assert incident_weight(claimed, weights) == pytest.approx(0.75 * incident_weight(asserted,
                                                                                      weights))


def test_diplomacy_timeline_lists_third_parties_and_answers():
    incidents = build([
        ("m1", "2025-05-08", ("AGREE", "USA", "IND"),
         {"date": "2025-05-08", "contexts": ["mediation"]}),
        ("m2", "2025-05-08", ("CONSULT", "USA", "PAK"), {"date": "2025-05-08", "mode": "phone"}),
        ("m3", "2025-05-07", ("REQUEST", "GBR", "PAK"), {"date": "2025-05-07"}),
        ("m4", "2025-05-09", ("REJECT", "IND", "USA"),
         {"date": "2025-05-09", "contexts": ["mediation"]}),
        ("m5", "2025-05-09", ("AGREE", "PAK", "USA"),
         {"date": "2025-05-09", "contexts": ["mediation"]}),
        ("m6", "2025-05-10", ("AGREE", "IND", "PAK"),
         {"date": "2025-05-10", "sentence": "The two governments agreed to reopen the crossing."}),
        ("m7", "2025-05-06", ("CONSULT", "SAU", "PAK"), {"date": "2025-05-06", "mode": "visit"}),
        ("m8", "2025-05-07", ("CONSULT", "SAU", "PAK"), {"date": "2025-05-06", "mode": "visit"}),
        ("x1", "2025-05-07", ("ASSAULT", "IND", "PAK"), {"date": "2025-05-07", "where": "Kotli"}),
        ("x2", "2025-05-07", ("CONSULT", "USA", "CHN"), {"date": "2025-05-07"}),
    ])  # fmt: skip
    rows = diplomacy(incidents, "IND-PAK")
    got = [(r["date"], r["kind"], r["actor"], r["counterpart"]) for r in rows]
    assert got == [
        ("2025-05-06", "visit", "SAU", "PAK"),
        ("2025-05-07", "call for restraint", "GBR", "PAK"),
        ("2025-05-08", "offer to mediate", "USA", "IND"),
        ("2025-05-08", "call", "USA", "PAK"),
        ("2025-05-09", "rejection", "IND", "USA"),
        ("2025-05-09", "acceptance", "PAK", "USA"),
        ("2025-05-10", "agreement", "IND", "PAK"),
    ]
    assert rows[0]["sources"] == 2


def test_actor_network_counts_incidents_per_directed_edge():
    net = actor_network(escalation_incidents())
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("IND", "PAK")]["incidents"] == 3  # accuse, consult, one fused strike
    assert edges[("IND", "PAK")]["by_quad"] == {"verbal_conflict": 1, "verbal_cooperation": 1,
                                                "material_conflict": 1}  # fmt: skip
    assert edges[("USA", "IND")]["incidents"] == 1
    assert {n["id"] for n in net["nodes"]} == {"IND", "PAK", "USA"}


def test_cli_escalation_and_diplomacy(tmp_path):
    from typer.testing import CliRunner

    from flashpoint.cli import app
    from flashpoint.fuse import update_for_article
    from flashpoint.models import Article
    from flashpoint.store import Store

    events = [
        event("p", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli"),
        event("q", "REQUEST", "GBR", "PAK", date="2025-05-08"),
    ]
    with Store(str(tmp_path / "a.db")) as store:
        for e, published in zip(events, ["2025-05-07", "2025-05-08"], strict=True):
            store.save_article(Article(doc_id=e["doc_id"], text="x", published=published), [e])
            update_for_article(store, e["doc_id"])
    runner = CliRunner()
    db = str(tmp_path / "a.db")
    result = runner.invoke(app, ["escalation", "--dyad", "PAK-IND", "--db", db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    # the pair's columns, then each direction's (who escalates), then turning points
    assert result.stdout.splitlines() == [
        "date,events,index,mean7,jump,events PAK->IND,index PAK->IND,jump PAK->IND,"
        "events IND->PAK,index IND->PAK,jump IND->PAK,turning",
        "2025-05-07,1,-10.0,-10.0,,0,0.0,,1,-10.0,,"]  # fmt: skip
    result = runner.invoke(app, ["diplomacy", "--dyad", "IND-PAK", "--db", db, "--format", "jsonl"])
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["kind"], row["actor"]) == ("call for restraint", "GBR")
    assert runner.invoke(app, ["escalation", "--db", db]).exit_code == 2
