"""Vega-Lite specs of the dashboard's own charts, the actor network and the
diplomacy timeline (the escalation chart is
``flashpoint.charts.escalation_chart``, shared with the briefing), and the
data of the incident map (``map_data``, drawn by ``static/map.js``).

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

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from flashpoint.charts import QUAD_COLOURS, QUAD_ORDER, SCHEMA
from flashpoint.links import actor_href, incident_href

COUNTRIES_URL = "/static/countries-110m.json"


def inline_json(spec: dict | Markup) -> Markup:
    """A spec as JSON to set inside a ``<script type="application/json">``
    (``<``, ``>``, ``&`` and ``'`` escaped, as Jinja's ``tojson``); a spec
    serialized already (a cached page part) is returned as it is."""
    if isinstance(spec, Markup):
        return spec
    return htmlsafe_json_dumps(spec, sort_keys=True)
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


# The map is drawn by static/map.js (SVG, no Vega): Vega-Lite has no zoom or
# pan of a projection with clusters that split as one zooms, and a small
# script of our own does it with the same vendored country outlines. The page
# embeds ``map_data``: the points, the box to show first and the clusters of
# every zoom level, computed here (``cluster_levels``) so the grouping is
# plain Python, tested without a browser; the script only draws the level of
# its current zoom, moves and scales the view and shows tooltips (text only,
# never HTML).

TILE_PX = 256  # the world's width in pixels at zoom 0 (Web Mercator, as web maps)
CELL_PX = 48  # incidents within one cell of this many screen pixels form one cluster
APART_PX = 40  # clusters closer than this are joined (circles are at most 20 px in radius)
MAX_ZOOM = 12  # the deepest level clustered (about 40 m a pixel); the view zooms no deeper
MERCATOR_LAT = 85.0511  # Web Mercator's edge: the world is a square
WORLD_BOX = (-180.0, -58.0, 180.0, 78.0)  # the box shown when there is no point


def world_xy(lon: float, lat: float) -> tuple[float, float]:
    """A place on the Web Mercator square: x from 0 (180° W) to 1 (180° E),
    y from 0 (the north edge) to 1 (the south edge)."""
    lat = max(-MERCATOR_LAT, min(MERCATOR_LAT, lat))
    phi = math.radians(lat)
    x = (lon + 180.0) / 360.0
    y = (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0
    return x, y


def cell_of(x: float, y: float, zoom: int, *, cell_px: int = CELL_PX) -> tuple[int, int]:
    """The grid cell holding world point (x, y) at ``zoom``: the world is
    ``TILE_PX * 2**zoom`` pixels wide there, cut into ``cell_px`` squares (a
    cell of one zoom is four cells of the next)."""
    size = TILE_PX * 2**zoom / cell_px
    return math.floor(x * size), math.floor(y * size)


def cluster_levels(points: list[dict], *, max_zoom: int = MAX_ZOOM, cell_px: int = CELL_PX,
                   apart_px: float = APART_PX) -> tuple[list[dict], list[list[int]]]:  # fmt: skip
    """Clusters of ``points`` (with ``x``/``y`` from ``world_xy``) at every
    zoom from 0 to ``max_zoom``. Each zoom refines the one before: a cluster
    is cut by the grid of its zoom (``cell_of``), then those of its parts
    whose centres lie closer than ``apart_px`` screen pixels are joined again
    (neighbouring cells: no two circles drawn on top of each other). So a
    cluster only ever splits as one zooms in, into clusters of its own points.

    Returns the points reordered and, for each zoom, where its clusters start
    in that order: each cluster of each zoom is one run of consecutive points
    (inside a run of the zoom before), so a zoom costs one number per cluster.
    The levels stop at the first zoom where no cluster holds two spots (deeper
    ones would repeat it; the script keeps using the last)."""
    groups: list[list[dict]] = [list(points)] if points else []
    tree: list[list[list[dict]]] = []
    for zoom in range(max_zoom + 1):
        scale = TILE_PX * 2**zoom
        refined: list[list[dict]] = []
        for group in groups:
            cells: dict[tuple[int, int], list[dict]] = {}
            for p in group:
                cells.setdefault(cell_of(p["x"], p["y"], zoom, cell_px=cell_px), []).append(p)
            refined.extend(_join_close([cells[c] for c in sorted(cells)], apart_px / scale))
        tree.append(refined)
        groups = refined
        if all(len({(p["x"], p["y"]) for p in g}) == 1 for g in groups):
            break
    ordered = [p for g in groups for p in g]  # every level's runs follow this order
    levels = []
    for refined in tree:
        starts, at = [], 0
        for g in refined:
            starts.append(at)
            at += len(g)
        levels.append(starts)
    return ordered, levels


def _join_close(parts: list[list[dict]], apart: float) -> list[list[dict]]:
    """``parts`` with any two whose centres are closer than ``apart`` (world
    units) joined, until none are (a joined part's centre moves)."""
    parts = [list(p) for p in parts]
    joined = True
    while joined and len(parts) > 1:
        joined = False
        centres = [_centre(p) for p in parts]
        for i in range(len(parts)):
            for j in range(i + 1, len(parts)):
                if math.dist(centres[i], centres[j]) < apart:
                    parts[i].extend(parts.pop(j))
                    joined = True
                    break
            if joined:
                break
    return parts


def _centre(group: list[dict]) -> tuple[float, float]:
    return (sum(p["x"] for p in group) / len(group), sum(p["y"] for p in group) / len(group))


def map_data(points: list[dict], *, focus: list[dict] | None = None) -> dict:
    """What ``static/map.js`` draws: the ``points`` (each with its world
    ``x``/``y``), ``levels`` (``cluster_levels``: where each zoom's clusters
    start), and ``box`` (west, south, east, north), the padded box of ``focus``
    (default: all the points; the whole world when there are none) that the
    first view fits, whatever the screen's size."""
    placed = [{**p, "x": round(xy[0], 9), "y": round(xy[1], 9)}
              for p in points for xy in [world_xy(p["lon"], p["lat"])]]  # fmt: skip
    ordered, levels = cluster_levels(placed)
    shown = points if focus is None else focus
    box = extent_of(shown) if shown else WORLD_BOX
    return {"points": ordered, "levels": levels, "box": list(box), "tile": TILE_PX,
            "cell": CELL_PX, "max_zoom": MAX_ZOOM, "countries": COUNTRIES_URL,
            "colours": dict(zip(QUAD_ORDER, QUAD_COLOURS, strict=True))}  # fmt: skip


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
