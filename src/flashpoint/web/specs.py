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
from urllib.parse import quote

from flashpoint.charts import QUAD_COLOURS, QUAD_ORDER, SCHEMA

COUNTRIES_URL = "/static/countries-110m.json"
QUAD_SCALE = {"domain": list(QUAD_ORDER), "range": list(QUAD_COLOURS)}
COOPERATION = ("verbal_cooperation", "material_cooperation")


def _base(width: int | str, height: int) -> dict:
    return {"$schema": SCHEMA, "width": width, "height": height,
            "config": {"view": {"stroke": None}, "font": "sans-serif"}}  # fmt: skip


def incident_href(incident_id: str) -> str:
    return "/incidents/" + quote(incident_id, safe="")


def actor_href(code: str) -> str:
    return "/actors/" + quote(code, safe="")


# -- map ------------------------------------------------------------------------------


def map_points(rows: list[dict]) -> list[dict]:
    """One point per located incident (``queries.map_page`` rows)."""
    return [{
        "lat": r["lat"], "lon": r["lon"], "country": r.get("location_country") or "",
        "type": r["event_type"], "quad": r.get("quad") or "",
        "date": str(r["date"]) if r.get("date") else "", "killed": r.get("fatalities_best") or 0,
        "sources": r.get("sources") or 0, "href": incident_href(r["id"]),
    } for r in rows if r.get("lat") is not None and r.get("lon") is not None]  # fmt: skip


def view_of(points: list[dict], *, width: int, height: int) -> dict:
    """A Mercator projection centred on the points and scaled to hold them."""
    if not points:
        return {"type": "equalEarth"}
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    lon_span = max(max(lons) - min(lons), 8.0) * 1.3
    lat_span = max(max(lats) - min(lats), 6.0) * 1.3
    center = [(max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2]
    by_lon = width * 360 / (2 * math.pi * lon_span)
    by_lat = height * 180 / (2 * math.pi * lat_span * 1.2)
    return {"type": "mercator", "center": center, "scale": round(min(by_lon, by_lat), 1)}


def map_spec(points: list[dict], *, width: int = 860, height: int = 520) -> dict:
    spec = _base(width, height)
    spec["projection"] = view_of(points, width=width, height=height)
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
                         {"field": "country", "type": "nominal"},
                         {"field": "killed", "type": "quantitative"},
                         {"field": "sources", "type": "quantitative", "title": "articles"}]}},
    ]  # fmt: skip
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
                       "href": actor_href(node["id"])})  # fmt: skip
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
    axis = {"axis": None, "scale": {"domain": [-1.2, 1.2]}}
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
        {"data": {"values": nodes},
         "mark": {"type": "text", "dy": -14, "fontSize": 11, "fontWeight": "bold"},
         "encoding": {"x": x, "y": y, "text": {"field": "id"}}},
    ]  # fmt: skip
    return spec


# -- diplomacy timeline -----------------------------------------------------------------


def diplomacy_spec(rows: list[dict], *, width: int | str = 640) -> dict:
    values = [{"date": r["date"], "kind": r["kind"], "actor": r.get("actor") or "?",
               "counterpart": r.get("counterpart") or "?",
               "href": incident_href(r["incident"])}
              for r in rows if r.get("date")]  # fmt: skip
    kinds = sorted({v["kind"] for v in values})
    spec = _base(width, max(60, 26 * len(kinds)))
    spec["data"] = {"values": values, "format": {"parse": {"date": "utc:'%Y-%m-%d'"}}}
    spec["mark"] = {"type": "point", "filled": True, "size": 90, "cursor": "pointer"}
    spec["encoding"] = {
        "x": {"field": "date", "type": "temporal", "title": None, "scale": {"type": "utc"},
              "axis": {"format": "%d %b", "labelAngle": 0}},
        "y": {"field": "kind", "type": "nominal", "title": None},
        "color": {"field": "actor", "type": "nominal", "title": "actor",
                  "legend": {"orient": "bottom", "columns": 8}},
        "href": {"field": "href", "type": "nominal"},
        "tooltip": [{"field": "date", "type": "temporal", "format": "%d %b %Y",
                     "scale": {"type": "utc"}},
                    {"field": "kind", "type": "nominal"},
                    {"field": "actor", "type": "nominal"},
                    {"field": "counterpart", "type": "nominal"}],
    }  # fmt: skip
    return spec
