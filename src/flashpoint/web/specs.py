"""Vega-Lite specs of the dashboard's own charts: the incident map, the actor
network and the diplomacy timeline (the escalation chart is
``flashpoint.charts.escalation_chart``, shared with the briefing).

Data is inlined (``data.values``) except the country outlines, which the map
loads from the app itself (``/static/countries-110m.json``: Natural Earth
1:110m through the npm package ``world-atlas`` 2.0.2, ISC licence).
Links in marks (``href``) are paths of this app built here, never text from
an article.
"""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta

from flashpoint.charts import QUAD_COLOURS, QUAD_ORDER, SCHEMA
from flashpoint.links import actor_href, incident_href

COUNTRIES_URL = "/static/countries-110m.json"
OCEAN = "#e6eff6"
QUAD_SCALE = {"domain": list(QUAD_ORDER), "range": list(QUAD_COLOURS)}
COOPERATION = ("verbal_cooperation", "material_cooperation")
EARTH_KM = 6371.0
FAR_KM = 2500.0  # a point further than this from the median point is "far"
FAR_SHARE = 0.2  # more far points than this share: no single theatre, show them all
PAD_SHARE = 0.15  # map padding, as a share of the points' box on each side
MIN_LON_SPAN, MIN_LAT_SPAN = 12.0, 8.0  # the smallest box shown, in degrees
LABEL_OUT = 1.1  # network labels sit this far out from the centre (nodes at 1.0)
LABEL_ALIGN = {"right": ("left", "middle"), "left": ("right", "middle"),
               "top": ("center", "bottom"), "bottom": ("center", "top")}
CRISIS_GAP_DAYS = 30  # a longer gap between diplomacy dates ends the crisis period
CRISIS_PAD_DAYS = 3
CRISIS_MIN_DAYS = 14


def _base(width: int | str, height: int) -> dict:
    return {"$schema": SCHEMA, "width": width, "height": height,
            "config": {"view": {"stroke": None}, "font": "sans-serif"}}  # fmt: skip


# -- map ------------------------------------------------------------------------------


def map_points(rows: list[dict]) -> list[dict]:
    """One point per located incident (``queries.map_page`` rows)."""
    return [{
        "lat": r["lat"], "lon": r["lon"], "country": r.get("location_country") or "",
        "type": r["event_type"], "quad": r.get("quad") or "",
        "date": str(r["date"]) if r.get("date") else "", "killed": r.get("fatalities_best") or 0,
        "sources": r.get("sources") or 0, "href": incident_href(r["id"]),
        "place": r.get("place") or "",
        "actors": f"{r.get('source_code') or '?'} → {r.get('target_code') or '?'}",
    } for r in rows if r.get("lat") is not None and r.get("lon") is not None]  # fmt: skip


def _distance_km(a: dict, b: dict) -> float:
    """Great-circle distance between two points (``lat``/``lon`` in degrees)."""
    lat1, lat2 = math.radians(a["lat"]), math.radians(b["lat"])
    dlat, dlon = lat2 - lat1, math.radians(b["lon"] - a["lon"])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def split_far(points: list[dict], *, radius_km: float = FAR_KM,
              max_share: float = FAR_SHARE) -> tuple[list[dict], list[dict]]:
    """The points near the bulk of the others and the far ones: a point is far
    when it lies more than ``radius_km`` from the median point. When more than
    ``max_share`` of the points would be far, they are not one theatre and all
    count as near (nothing is left out)."""
    if len(points) < 3:
        return list(points), []
    middle = {"lat": statistics.median(p["lat"] for p in points),
              "lon": statistics.median(p["lon"] for p in points)}  # fmt: skip
    near = [p for p in points if _distance_km(p, middle) <= radius_km]
    far = [p for p in points if _distance_km(p, middle) > radius_km]
    if len(far) > max_share * len(points):
        return list(points), []
    return near, far


def extent_of(points: list[dict], *, pad: float = PAD_SHARE,
              min_lon: float = MIN_LON_SPAN, min_lat: float = MIN_LAT_SPAN,
              ) -> tuple[float, float, float, float]:  # fmt: skip
    """The box (west, south, east, north) holding the points, padded by
    ``pad`` of its size on each side and at least ``min_lon`` x ``min_lat``
    degrees (one town alone is not shown at street level)."""
    lons, lats = [p["lon"] for p in points], [p["lat"] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    lon_pad = max((east - west) * pad, (min_lon - (east - west)) / 2)
    lat_pad = max((north - south) * pad, (min_lat - (north - south)) / 2)
    west, east = max(-180.0, west - lon_pad), min(180.0, east + lon_pad)
    south, north = max(-80.0, south - lat_pad), min(84.0, north + lat_pad)
    return round(west, 3), round(south, 3), round(east, 3), round(north, 3)


def view_of(points: list[dict], *, width: int = 860, height: int = 520) -> dict:
    """A Mercator projection fitted to the padded box of the points (Vega's
    ``fit``: the box's corners fill the ``width`` x ``height`` view), or the
    whole world (Equal Earth) when there is no point."""
    if not points:
        return {"type": "equalEarth"}
    west, south, east, north = extent_of(points)
    corners = [[west, south], [east, south], [east, north], [west, north]]
    return {"type": "mercator", "center": [round((west + east) / 2, 3),
                                           round((south + north) / 2, 3)],
            "fit": {"type": "Feature", "properties": {},
                    "geometry": {"type": "MultiPoint", "coordinates": corners}}}  # fmt: skip


def map_spec(points: list[dict], *, width: int = 860, height: int = 520) -> dict:
    spec = _base(width, height)
    spec["projection"] = view_of(points, width=width, height=height)
    spec["view"] = {"fill": OCEAN, "stroke": None}  # the sea: the view behind the countries
    spec["layer"] = [
        {"data": {"url": COUNTRIES_URL, "format": {"type": "topojson", "feature": "countries"}},
         "mark": {"type": "geoshape", "fill": "#eeeeea", "stroke": "#9a9a9a",
                  "strokeWidth": 0.6, "clip": True},
         "encoding": {"tooltip": {"field": "properties.name", "type": "nominal",
                                  "title": "country"}}},
        {"data": {"values": points},
         "mark": {"type": "circle", "opacity": 0.75, "stroke": "#222222",
                  "strokeWidth": 0.5, "cursor": "pointer", "clip": True},
         "encoding": {
             "longitude": {"field": "lon", "type": "quantitative"},
             "latitude": {"field": "lat", "type": "quantitative"},
             "size": {"field": "killed", "type": "quantitative", "title": "killed",
                      "scale": {"range": [40, 700], "zero": True}},
             "color": {"field": "quad", "type": "nominal", "title": "quad class",
                       "scale": QUAD_SCALE, "legend": {"orient": "bottom"}},
             "href": {"field": "href", "type": "nominal"},
             "tooltip": [{"field": "date", "type": "nominal"},
                         {"field": "type", "type": "nominal"},
                         {"field": "actors", "type": "nominal", "title": "who → whom"},
                         {"field": "place", "type": "nominal"},
                         {"field": "country", "type": "nominal"},
                         {"field": "killed", "type": "quantitative"},
                         {"field": "sources", "type": "quantitative", "title": "articles"}]}},
    ]  # fmt: skip
    if not points:
        del spec["layer"][1]  # no circles: no empty legends either
    return spec


# -- network --------------------------------------------------------------------------


def network_layout(network: dict, *, max_nodes: int = 40) -> tuple[list[dict], list[dict]]:
    """Nodes on a circle (the most active first, clockwise from the top) and
    edges between their positions, each coloured by its dominant quad class."""
    nodes = sorted(network.get("nodes") or [], key=lambda n: (-n["incidents"], n["id"]))
    nodes = nodes[:max_nodes]
    where: dict[str, tuple[float, float]] = {}
    placed = []
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(1, len(nodes))
        x, y = round(math.sin(angle), 4), round(math.cos(angle), 4)
        where[node["id"]] = (x, y)
        placed.append({"id": node["id"], "incidents": node["incidents"], "x": x, "y": y,
                       "lx": round(x * LABEL_OUT, 4), "ly": round(y * LABEL_OUT, 4),
                       "side": _side(x, y), "href": actor_href(node["id"])})  # fmt: skip
    edges = []
    for edge in network.get("edges") or []:
        if edge["source"] not in where or edge["target"] not in where:
            continue
        by_quad = edge.get("by_quad") or {}
        quad = max(QUAD_ORDER, key=lambda q: (by_quad.get(q, 0), q in COOPERATION))
        (x, y), (x2, y2) = where[edge["source"]], where[edge["target"]]
        edges.append({"source": edge["source"], "target": edge["target"], "x": x, "y": y,
                      "x2": x2, "y2": y2, "incidents": edge["incidents"], "quad": quad,
                      "relation": "cooperation" if quad in COOPERATION else "conflict",
                      "weight": edge.get("weight", 0)})  # fmt: skip
    return placed, edges


def network_spec(network: dict, *, size: int = 620, max_nodes: int = 40) -> dict:
    nodes, edges = network_layout(network, max_nodes=max_nodes)
    spec = _base(size, size)
    axis = {"axis": None, "scale": {"domain": [-1.3, 1.3]}}
    x = {"field": "x", "type": "quantitative", **axis}
    y = {"field": "y", "type": "quantitative", **axis}
    spec["layer"] = [
        {"data": {"values": edges},
         "mark": {"type": "rule", "opacity": 0.6},
         "encoding": {
             "x": x, "y": y, "x2": {"field": "x2"}, "y2": {"field": "y2"},
             "color": {"field": "quad", "type": "nominal", "title": "quad class",
                       "scale": QUAD_SCALE, "legend": {"orient": "bottom"}},
             "strokeWidth": {"field": "incidents", "type": "quantitative",
                             "scale": {"range": [1, 8]}, "legend": None},
             "tooltip": [{"field": "source", "type": "nominal"},
                         {"field": "target", "type": "nominal"},
                         {"field": "relation", "type": "nominal"},
                         {"field": "incidents", "type": "quantitative"}]}},
        {"data": {"values": nodes},
         "mark": {"type": "circle", "color": "#555555", "opacity": 0.9, "cursor": "pointer"},
         "encoding": {"x": x, "y": y,
                      "size": {"field": "incidents", "type": "quantitative",
                               "scale": {"range": [60, 900]}, "legend": None},
                      "href": {"field": "href", "type": "nominal"},
                      "tooltip": [{"field": "id", "type": "nominal", "title": "actor"},
                                  {"field": "incidents", "type": "quantitative"}]}},
        *(_labels(nodes, side, x, y) for side in LABEL_ALIGN),
    ]  # fmt: skip
    return spec


def _side(x: float, y: float) -> str:
    """Where a node's label goes, away from the circle's centre."""
    if abs(x) > 0.2:
        return "right" if x > 0 else "left"
    return "top" if y > 0 else "bottom"


def _labels(nodes: list[dict], side: str, x: dict, y: dict) -> dict:
    """The labels of the nodes on one ``side``, set outside the circle."""
    align, baseline = LABEL_ALIGN[side]
    return {"data": {"values": [n for n in nodes if n["side"] == side]},
            "mark": {"type": "text", "fontSize": 11, "fontWeight": "bold", "align": align,
                     "baseline": baseline},
            "encoding": {"x": {**x, "field": "lx"}, "y": {**y, "field": "ly"},
                         "text": {"field": "id"}}}  # fmt: skip


# -- diplomacy timeline -----------------------------------------------------------------


def crisis_window(days: list[str], *, max_gap_days: int = CRISIS_GAP_DAYS,
                  pad_days: int = CRISIS_PAD_DAYS, min_days: int = CRISIS_MIN_DAYS,
                  ) -> tuple[date, date] | None:  # fmt: skip
    """The crisis period of a series of ISO dates: the run of dates holding
    the most of them with no gap longer than ``max_gap_days`` (the latest run
    on a tie), padded by ``pad_days`` on each side and at least ``min_days``
    long. A background item dated years before (a war recalled in passing)
    falls outside it. None when no date parses."""
    parsed = sorted({d for d in (_day(v) for v in days) if d is not None})
    if not parsed:
        return None
    runs: list[list[date]] = [[parsed[0]]]
    for day in parsed[1:]:
        if (day - runs[-1][-1]).days > max_gap_days:
            runs.append([])
        runs[-1].append(day)
    counts = {id(run): sum(1 for v in days if _within(_day(v), run[0], run[-1])) for run in runs}
    best = max(reversed(runs), key=lambda run: counts[id(run)])
    start, end = best[0] - timedelta(days=pad_days), best[-1] + timedelta(days=pad_days)
    short = min_days - (end - start).days
    if short > 0:
        start, end = start - timedelta(days=short // 2), end + timedelta(days=short - short // 2)
    return start, end


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def split_window(rows: list[dict], window: tuple[date, date] | None,
                 ) -> tuple[list[dict], list[dict]]:  # fmt: skip
    """Rows dated inside ``window`` and the dated rows outside it (undated
    rows are in neither: a timeline cannot place them)."""
    if window is None:
        return [r for r in rows if _day(r.get("date"))], []
    inside = [r for r in rows if _within(_day(r.get("date")), *window)]
    outside = [r for r in rows if _day(r.get("date")) and not _within(_day(r.get("date")), *window)]
    return inside, outside


def _datetime(day: date) -> dict:
    return {"year": day.year, "month": day.month, "date": day.day, "utc": True}


def diplomacy_spec(rows: list[dict], *, width: int | str = 640,
                   window: tuple[date, date] | None = None) -> dict:  # fmt: skip
    """The dyad's diplomacy items as points by date and kind; with
    ``window`` (``crisis_window``), only the items inside it, on an axis
    spanning exactly it."""
    if window is not None:
        rows, _ = split_window(rows, window)
    values = [{"date": str(r["date"])[:10], "kind": r["kind"], "actor": r.get("actor") or "?",
               "counterpart": r.get("counterpart") or "?",
               "href": incident_href(r["incident"])}
              for r in rows if _day(r.get("date"))]  # fmt: skip
    kinds = sorted({v["kind"] for v in values})
    spec = _base(width, max(60, 26 * len(kinds)))
    spec["data"] = {"values": values, "format": {"parse": {"date": "utc:'%Y-%m-%d'"}}}
    spec["mark"] = {"type": "point", "filled": True, "size": 90, "cursor": "pointer",
                    "opacity": 0.85}  # fmt: skip
    x_scale: dict = {"type": "utc"}
    if window is not None:
        x_scale["domain"] = [_datetime(window[0]), _datetime(window[1])]
    spec["encoding"] = {
        "x": {"field": "date", "type": "temporal", "title": None, "scale": x_scale,
              "axis": {"format": "%d %b", "labelAngle": 0, "tickCount": 8}},
        "y": {"field": "kind", "type": "nominal", "title": None},
        "color": {"field": "actor", "type": "nominal", "title": "actor",
                  "scale": {"scheme": "tableau20"},  # 20 colours: no two actors alike
                  "legend": {"orient": "bottom", "columns": 10}},
        "href": {"field": "href", "type": "nominal"},
        "tooltip": [{"field": "date", "type": "temporal", "format": "%d %b %Y",
                     "scale": {"type": "utc"}},
                    {"field": "kind", "type": "nominal"},
                    {"field": "actor", "type": "nominal"},
                    {"field": "counterpart", "type": "nominal"}],
    }  # fmt: skip
    return spec


BRUSH = "period"  # the escalation chart's interval selection (static/dashboard.js reads it)


def with_brush(spec: dict) -> dict:
    """The escalation chart with a brush: dragging across its days selects a
    period, which ``static/dashboard.js`` offers as the overview's date range
    (the briefing's chart stays without one)."""
    spec = {**spec, "layer": [dict(layer) for layer in spec.get("layer") or []]}
    if spec["layer"]:
        spec["layer"][0]["params"] = [{"name": BRUSH, "select": {"type": "interval",
                                                                 "encodings": ["x"]}}]  # fmt: skip
    return spec
