"""Vega-Lite chart specs shared by the briefing (``report``) and the dashboard.

Each builder returns a plain ``dict``: a complete Vega-Lite v5 spec with its
data inlined (``data.values``), so the same spec renders in the page (through
the JavaScript bundle that ``vl-convert-python`` ships) and in the briefing
(``to_svg``), with nothing fetched from the network.

- ``escalation_chart(rows, dyad=...)``: one dyad's daily index
  (``analyze.escalation`` rows) as bars, its 7-day mean as a line, and the
  days the index jumps marked (red: escalation, green: de-escalation).
- ``casualties_chart(incidents)``: the incidents with a toll, one bar per
  incident at its best figure and a rule from low to high.
- ``events_by_type_chart(records)``: incidents (or events) counted by PLOVER
  type, coloured by quad class.

The rows each chart plots are public too (``casualty_rows``,
``type_counts``), for tables beside the chart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flashpoint.fuse.rules import happened
from flashpoint.models import PLOVER_TYPES, QUAD_CLASS

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier, never fetched
QUAD_ORDER = ("verbal_cooperation", "material_cooperation", "verbal_conflict",
              "material_conflict")  # fmt: skip
QUAD_COLOURS = ("#4c78a8", "#72b7b2", "#f58518", "#e45756")
JUMP_COLOURS = {"escalation": "#d62728", "de-escalation": "#2ca02c"}
UTC_DAY = "utc:'%Y-%m-%d'"


def _base(title: str | None, width: int | str, height: int) -> dict:
    spec: dict = {"$schema": SCHEMA, "width": width, "height": height,
                  "config": {"view": {"stroke": None}, "font": "sans-serif"}}  # fmt: skip
    if title:
        spec["title"] = {"text": title, "anchor": "start", "fontSize": 13}
    return spec


# --- escalation ----------------------------------------------------------------------


def escalation_chart(
    rows: Iterable[dict],
    *,
    dyad: str,
    title: str | None = None,
    width: int | str = 640,
    height: int = 220,
) -> dict:
    """One dyad's daily escalation index (``analyze.escalation`` rows:
    ``date``, ``events``, ``index``, ``mean7``, ``jump``, ``sides``). Conflict
    is negative, so escalation points down. Bars are the pair's index; thin
    lines each direction's (``sides``: who escalates)."""
    side_names = sorted({side for r in rows for side in (r.get("sides") or {})})
    values = [
        {"date": r["date"], "events": int(r.get("events") or 0),
         "index": float(r.get("index") or 0.0), "mean7": float(r.get("mean7") or 0.0),
         "jump": r.get("jump") or "",
         **{side: float(((r.get("sides") or {}).get(side) or {}).get("index") or 0.0)
            for side in side_names}}
        for r in rows
    ]  # fmt: skip
    x = {"field": "date", "type": "temporal", "title": None, "scale": {"type": "utc"},
         "axis": {"format": "%d %b", "labelAngle": 0, "tickCount": 8}}  # fmt: skip
    tooltip = [
        {"field": "date", "type": "temporal", "format": "%d %b %Y", "scale": {"type": "utc"}},
        {"field": "index", "type": "quantitative", "title": "index"},
        {"field": "mean7", "type": "quantitative", "title": "7-day mean"},
        {"field": "events", "type": "quantitative", "title": "incidents"},
    ]
    y_title = "index (conflict < 0)"
    spec = _base(title if title is not None else f"Escalation index, {dyad}", width, height)
    spec["data"] = {"values": values, "format": {"parse": {"date": UTC_DAY}}}
    spec["layer"] = [
        {"mark": {"type": "bar", "opacity": 0.55},
         "encoding": {
             "x": x,
             "y": {"field": "index", "type": "quantitative", "title": y_title},
             "color": {"condition": {"test": "datum.index < 0", "value": "#e45756"},
                       "value": "#4c78a8"},
             "tooltip": tooltip}},
        {"mark": {"type": "line", "color": "#333333", "strokeWidth": 2},
         "encoding": {"x": x, "y": {"field": "mean7", "type": "quantitative"},
                      "tooltip": tooltip}},
        {"transform": [{"filter": "datum.jump != ''"}],
         "mark": {"type": "point", "filled": True, "size": 90, "shape": "triangle-down"},
         "encoding": {
             "x": x,
             "y": {"field": "index", "type": "quantitative"},
             "color": {"field": "jump", "type": "nominal", "title": "jump",
                       "scale": {"domain": list(JUMP_COLOURS),
                                 "range": list(JUMP_COLOURS.values())},
                       "legend": {"orient": "bottom"}},
             "tooltip": [*tooltip, {"field": "jump", "type": "nominal"}]}},
        {"mark": {"type": "rule", "color": "#999999"}, "encoding": {"y": {"datum": 0}}},
    ]  # fmt: skip
    if side_names:
        spec["layer"].insert(2, {
            "transform": [{"fold": side_names, "as": ["side", "side_index"]}],
            "mark": {"type": "line", "strokeWidth": 1.2, "strokeDash": [4, 2], "opacity": 0.9},
            "encoding": {
                "x": x,
                "y": {"field": "side_index", "type": "quantitative"},
                "color": {"field": "side", "type": "nominal", "title": "by side",
                          "scale": {"range": ["#b279a2", "#f58518"]},
                          "legend": {"orient": "bottom"}},
                "tooltip": [tooltip[0], {"field": "side", "type": "nominal"},
                            {"field": "side_index", "type": "quantitative", "title": "index"}]}})  # fmt: skip
        spec["resolve"] = {"scale": {"color": "independent"}, "legend": {"color": "independent"}}
    return spec


# --- casualties ----------------------------------------------------------------------


def _short_day(value: str | None) -> str:
    return value[:10] if value else "undated"


def casualty_label(incident: dict) -> str:
    """A short label: ``2025-05-07 ASSAULT IND->PAK, Poonch``."""
    src = (incident.get("source") or {}).get("code") or "?"
    tgt = (incident.get("target") or {}).get("code") or "?"
    place = (incident.get("location") or {}).get("name")
    label = f"{_short_day(incident.get('date'))} {incident['event_type']} {src}->{tgt}"
    return f"{label}, {place}" if place else label


def casualty_rows(
    incidents: Iterable[dict],
    *,
    key: str = "fatalities",
    limit: int | None = None,
) -> list[dict]:
    """The incidents that happened (``fuse.happened``) with a ``key`` figure
    (``fatalities`` or ``injuries``, established: claims are not tolls),
    largest best figure first: ``incident``, ``label``, ``date``, ``low``,
    ``best``, ``high``, ``sources`` (doc_ids behind low / best / high) and
    ``reports`` (how many articles report the incident)."""
    rows = []
    for incident in incidents:
        figures = incident.get(key) or {}
        if figures.get("best") is None or not happened(incident):
            continue
        rows.append({
            "incident": incident["id"], "label": casualty_label(incident),
            "date": incident.get("date"), "event_type": incident["event_type"],
            "low": figures.get("low"), "best": figures["best"], "high": figures.get("high"),
            "sources": figures.get("sources") or {}, "reports": incident.get("sources", 0),
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["best"], -(r["high"] or 0), r["date"] or "9999", r["incident"]))
    return rows[:limit] if limit is not None else rows


def casualties_chart(
    incidents: Iterable[dict],
    *,
    key: str = "fatalities",
    limit: int = 12,
    title: str | None = None,
    width: int | str = 640,
) -> dict:
    """One bar per incident at its best ``key`` figure and a rule from the
    lowest to the highest figure reported (UCDP-style low / best / high)."""
    rows = casualty_rows(incidents, key=key, limit=limit)
    values = [{k: r[k] for k in ("label", "date", "low", "best", "high", "reports")}
              for r in rows]  # fmt: skip
    word = "killed" if key == "fatalities" else "injured"
    y = {"field": "label", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelLimit": 320}}  # fmt: skip
    tooltip = [{"field": "label", "type": "nominal", "title": "incident"},
               {"field": "low", "type": "quantitative"},
               {"field": "best", "type": "quantitative"},
               {"field": "high", "type": "quantitative"},
               {"field": "reports", "type": "quantitative", "title": "articles"}]  # fmt: skip
    spec = _base(title if title is not None else f"People {word}: best figure, low-high range",
                 width, max(60, 22 * len(values)))  # fmt: skip
    spec["data"] = {"values": values}
    spec["layer"] = [
        {"mark": {"type": "bar", "color": "#e45756", "opacity": 0.7, "height": 12},
         "encoding": {"y": y, "x": {"field": "best", "type": "quantitative", "title": word},
                      "tooltip": tooltip}},
        {"mark": {"type": "rule", "color": "#333333", "strokeWidth": 1.5},
         "encoding": {"y": y, "x": {"field": "low", "type": "quantitative"},
                      "x2": {"field": "high"}, "tooltip": tooltip}},
        {"mark": {"type": "tick", "color": "#333333", "thickness": 2, "size": 12},
         "encoding": {"y": y, "x": {"field": "high", "type": "quantitative"},
                      "tooltip": tooltip}},
    ]  # fmt: skip
    return spec


# --- events by type --------------------------------------------------------------------


def type_counts(records: Iterable[dict]) -> list[dict]:
    """Records (incidents or events) counted by PLOVER type, in PLOVER order:
    ``event_type``, ``quad``, ``count``; types with no record are left out."""
    counts = Counter(r["event_type"] for r in records if r.get("event_type") in QUAD_CLASS)
    return [{"event_type": t, "quad": QUAD_CLASS[t], "count": counts[t]}
            for t in PLOVER_TYPES if counts[t]]  # fmt: skip


def events_by_type_chart(
    records: Iterable[dict],
    *,
    title: str | None = "Incidents by PLOVER type",
    width: int | str = 640,
    height: int = 200,
) -> dict:
    """A bar per PLOVER type, coloured by quad class."""
    values = type_counts(records)
    spec = _base(title, width, height)
    spec["data"] = {"values": values}
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": {"field": "event_type", "type": "nominal", "sort": list(PLOVER_TYPES),
              "title": None, "axis": {"labelAngle": -40}},
        "y": {"field": "count", "type": "quantitative", "title": "count"},
        "color": {"field": "quad", "type": "nominal", "title": "quad class",
                  "scale": {"domain": list(QUAD_ORDER), "range": list(QUAD_COLOURS)},
                  "legend": {"orient": "bottom"}},
        "tooltip": [{"field": "event_type", "type": "nominal", "title": "type"},
                    {"field": "quad", "type": "nominal"},
                    {"field": "count", "type": "quantitative"}],
    }  # fmt: skip
    return spec


# --- weekly, by type --------------------------------------------------------------------


def weekly_rows(records: Iterable[dict]) -> list[dict]:
    """Incidents that happened, by week (``week``: its Monday) and PLOVER
    type: ``incidents`` and ``killed`` (the best established figures). An
    incident dated only to a month or a year, or not at all, is left out."""
    from datetime import timedelta

    from flashpoint.analyze import incident_day

    counts: Counter = Counter()
    killed: Counter = Counter()
    for record in records:
        if not happened(record):
            continue
        day = incident_day(record)
        if day is None:
            continue
        key = ((day - timedelta(days=day.weekday())).isoformat(), record["event_type"])
        counts[key] += 1
        killed[key] += (record.get("fatalities") or {}).get("best") or 0
    return [{"week": week, "event_type": etype, "incidents": counts[(week, etype)],
             "killed": killed[(week, etype)]} for week, etype in sorted(counts)]  # fmt: skip


def weekly_chart(rows: list[dict], *, measure: str = "incidents", title: str | None = None,
                 width: int | str = 640, height: int = 160) -> dict:  # fmt: skip
    """Stacked weekly bars of ``measure`` (``incidents`` or ``killed``),
    coloured by PLOVER type (``weekly_rows``)."""
    from datetime import date, timedelta

    spec = _base(title, width, height)
    spec["data"] = {"values": [r for r in rows if r[measure]]}
    spec["mark"] = {"type": "bar"}
    weeks: list[str] = []
    if rows:  # every week from the first to the last, quiet ones too
        day = min(date.fromisoformat(r["week"]) for r in rows)
        last = max(date.fromisoformat(r["week"]) for r in rows)
        while day <= last:
            weeks.append(day.isoformat())
            day += timedelta(days=7)
    spec["encoding"] = {
        "x": {"field": "week", "type": "ordinal", "title": "week (from Monday)",
              "scale": {"domain": weeks}, "axis": {"labelAngle": -40}},
        "y": {"field": measure, "type": "quantitative", "aggregate": "sum", "title": measure},
        "color": {"field": "event_type", "type": "nominal", "title": "type",
                  "scale": {"domain": list(PLOVER_TYPES), "scheme": "category20"},
                  "legend": {"orient": "bottom", "columns": 8}},
        "tooltip": [{"field": "week", "type": "ordinal", "title": "week from"},
                    {"field": "event_type", "type": "nominal", "title": "type"},
                    {"field": measure, "type": "quantitative", "aggregate": "sum"}],
    }  # fmt: skip
    return spec


# --- rendering -------------------------------------------------------------------------


def to_svg(spec: dict) -> str:
    """The spec as an SVG string (``vl-convert``; no network: external data
    URLs are refused)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])


def to_vega(spec: dict) -> dict:
    """The spec compiled to Vega (raises ``ValueError`` on an invalid spec)."""
    import vl_convert

    return vl_convert.vegalite_to_vega(spec)
