"""Chart specs: valid Vega-Lite (compiled and drawn by vl-convert), data
inlined, nothing fetched."""

from __future__ import annotations

import json

import pytest

from flashpoint import charts

ROWS = [
    {"date": "2025-05-01", "events": 1, "index": -2.0, "mean7": -2.0, "jump": ""},
    {"date": "2025-05-02", "events": 0, "index": 0, "mean7": -1.0, "jump": ""},
    {"date": "2025-05-03", "events": 2, "index": -3.0, "mean7": -1.667, "jump": ""},
    {"date": "2025-05-04", "events": 4, "index": -30.5, "mean7": -8.875, "jump": "escalation"},
    {"date": "2025-05-05", "events": 1, "index": 7.0, "mean7": -5.7, "jump": "de-escalation"},
]


def _incident(iid, best, *, low=None, high=None, etype="ASSAULT", date="2025-05-07",
              place="Kotli", src="IND", tgt="PAK", sources=2):  # fmt: skip
    return {
        "id": iid, "event_type": etype, "date": date,
        "source": {"code": src}, "target": {"code": tgt}, "location": {"name": place},
        "fatalities": {"low": low if low is not None else best, "best": best,
                       "high": high if high is not None else best,
                       "sources": {"low": ["a"], "best": ["a", "b"], "high": ["c"]}},
        "sources": sources,
    }  # fmt: skip


INCIDENTS = [
    _incident("i1", 5, low=3, high=9),
    _incident("i2", 40, place="Bahawalpur"),
    {**_incident("i3", 0), "fatalities": {"best": None}, "event_type": "CONSULT"},
    _incident("i4", 12, etype="ASSAULT", date=None, place=None, src=None),
]


def _no_remote(spec: dict) -> None:
    text = json.dumps(spec)
    assert text.count("http") == 1 and spec["$schema"].startswith("https://vega.github.io/")
    assert '"url"' not in text


def test_escalation_chart_inlines_the_rows_and_compiles():
    spec = charts.escalation_chart(ROWS, dyad="IND-PAK")
    _no_remote(spec)
    assert [v["date"] for v in spec["data"]["values"]] == [r["date"] for r in ROWS]
    assert spec["data"]["values"][3]["index"] == -30.5
    assert spec["title"]["text"] == "Escalation index, IND-PAK"
    vega = charts.to_vega(spec)
    assert vega["$schema"].startswith("https://vega.github.io/schema/vega/")
    inlined = [d for d in vega["data"] if d.get("values")]
    assert any(len(d["values"]) == len(ROWS) for d in inlined)
    svg = charts.to_svg(spec)
    assert svg.lstrip().startswith("<svg") and "May" in svg


def test_escalation_chart_marks_only_jump_days():
    spec = charts.escalation_chart(ROWS, dyad="IND-PAK")
    jump_layer = next(layer for layer in spec["layer"] if layer.get("transform"))
    assert jump_layer["transform"] == [{"filter": "datum.jump != ''"}]
    assert jump_layer["encoding"]["color"]["scale"]["domain"] == ["escalation", "de-escalation"]
    marked = [r for r in spec["data"]["values"] if r["jump"] != ""]
    assert [r["date"] for r in marked] == ["2025-05-04", "2025-05-05"]
    # the jump legend is drawn
    assert "de-escalation" in charts.to_svg(spec)


def test_escalation_chart_of_an_empty_series_still_renders():
    spec = charts.escalation_chart([], dyad="IND-PAK", title="")
    assert spec["data"]["values"] == [] and "title" not in spec
    assert charts.to_svg(spec).lstrip().startswith("<svg")


def test_casualty_rows_deadliest_first_with_ranges_and_sources():
    rows = charts.casualty_rows(INCIDENTS)
    assert [r["incident"] for r in rows] == ["i2", "i4", "i1"]  # i3 has no figure
    i1 = rows[-1]
    assert (i1["low"], i1["best"], i1["high"]) == (3, 5, 9)
    assert i1["sources"]["high"] == ["c"]
    assert rows[1]["label"] == "undated ASSAULT ?->PAK"
    assert rows[0]["label"] == "2025-05-07 ASSAULT IND->PAK, Bahawalpur"
    assert charts.casualty_rows(INCIDENTS, limit=1)[0]["best"] == 40


def test_casualties_chart_compiles_with_a_range_rule():
    spec = charts.casualties_chart(INCIDENTS)
    _no_remote(spec)
    assert [v["best"] for v in spec["data"]["values"]] == [40, 12, 5]
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert rule["encoding"]["x"]["field"] == "low" and rule["encoding"]["x2"]["field"] == "high"
    svg = charts.to_svg(spec)
    assert "Bahawalpur" in svg


def test_chart_labels_from_articles_are_escaped_in_svg():
    hostile = _incident("h", 3, place='<script>alert("x")</script>')
    svg = charts.to_svg(charts.casualties_chart([hostile]))
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_type_counts_in_plover_order_with_quad():
    records = [{"event_type": t} for t in ("ASSAULT", "AGREE", "ASSAULT", "ACCUSE", "BOGUS")]
    counts = charts.type_counts(records)
    assert counts == [
        {"event_type": "AGREE", "quad": "verbal_cooperation", "count": 1},
        {"event_type": "ACCUSE", "quad": "verbal_conflict", "count": 1},
        {"event_type": "ASSAULT", "quad": "material_conflict", "count": 2},
    ]


def test_events_by_type_chart_compiles():
    spec = charts.events_by_type_chart(INCIDENTS)
    _no_remote(spec)
    assert {v["event_type"]: v["count"] for v in spec["data"]["values"]} == {
        "CONSULT": 1, "ASSAULT": 3}  # fmt: skip
    assert spec["encoding"]["color"]["scale"]["domain"] == list(charts.QUAD_ORDER)
    assert charts.to_svg(spec).lstrip().startswith("<svg")


def test_an_invalid_spec_is_refused():
    with pytest.raises(ValueError):
        charts.to_vega({"mark": "no-such-mark", "data": {"values": []}})


def test_to_svg_fetches_nothing():
    spec = charts.events_by_type_chart([])
    spec["data"] = {"url": "https://example.invalid/data.json"}
    with pytest.raises(ValueError):
        charts.to_svg(spec)


def test_the_escalation_chart_draws_each_side():
    rows = [{"date": "2025-06-01", "events": 2, "index": -20.0, "mean7": -20.0, "jump": "",
             "sides": {"IND->PAK": {"index": -15.0}, "PAK->IND": {"index": -5.0}}}]
    spec = charts.escalation_chart(rows, dyad="IND-PAK")
    assert spec["data"]["values"][0]["IND->PAK"] == -15.0
    folded = [layer for layer in spec["layer"] if "transform" in layer
              and "fold" in layer["transform"][0]]
    assert folded and folded[0]["transform"][0]["fold"] == ["IND->PAK", "PAK->IND"]
