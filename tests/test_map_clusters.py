"""The incident map's data (``flashpoint.web.specs.map_data``): Web Mercator
placement, the clusters of each zoom level (they only split as one zooms in,
close clusters are joined, one spot never splits) and a hostile place name
reaching the page as inert JSON. The map's drawing and controls are tested in a
browser (tests/test_dashboard_browser.py)."""

from __future__ import annotations

import json
import math
import random

import pytest
from fastapi.testclient import TestClient

from flashpoint.web import specs


def pt(lon: float, lat: float, **kw) -> dict:
    x, y = specs.world_xy(lon, lat)
    return {"lon": lon, "lat": lat, "x": x, "y": y, **kw}


def clusters(ordered: list[dict], starts: list[int]) -> list[list[dict]]:
    ends = [*starts[1:], len(ordered)]
    return [ordered[a:b] for a, b in zip(starts, ends, strict=True)]


def names(group: list[dict]) -> set[str]:
    return {p["name"] for p in group}


def test_world_xy_is_web_mercator():
    assert specs.world_xy(0.0, 0.0) == (0.5, 0.5)
    assert specs.world_xy(-180.0, 0.0)[0] == 0.0 and specs.world_xy(180.0, 0.0)[0] == 1.0
    north, south = specs.world_xy(74.0, 34.0)[1], specs.world_xy(74.0, -34.0)[1]
    assert north < 0.5 < south and math.isclose(north + south, 1.0)
    assert specs.world_xy(0.0, 89.9)[1] == pytest.approx(0.0, abs=1e-4)  # clamped to the edge


def test_nearby_towns_are_one_cluster_far_out_and_split_as_one_zooms_in():
    towns = [pt(74.09, 33.77, name="a"), pt(73.90, 33.52, name="b"),  # ~30 km apart
             pt(67.0, 24.9, name="c")]  # ~1,100 km away  # fmt: skip
    ordered, levels = specs.cluster_levels(towns)
    assert sorted(p["name"] for p in ordered) == ["a", "b", "c"]
    at = [[names(g) for g in clusters(ordered, starts)] for starts in levels]
    assert at[0] == [{"a", "b", "c"}]  # the whole world in a few hundred pixels
    assert {"a", "b"} in at[5] and {"c"} in at[5]
    assert sorted(map(sorted, at[-1])) == [["a"], ["b"], ["c"]]
    assert len(levels) < specs.MAX_ZOOM + 1  # no level after everything has split


def test_every_level_refines_the_one_before():
    rng = random.Random(7)
    points = [pt(rng.uniform(60, 90), rng.uniform(20, 40), name=str(i)) for i in range(300)]
    points += [pt(74.0, 33.0, name=f"same{i}") for i in range(3)]
    ordered, levels = specs.cluster_levels(points)
    assert sorted(p["name"] for p in ordered) == sorted(p["name"] for p in points)
    assert levels[0] == [0]
    for coarse, fine in zip(levels, levels[1:], strict=False):
        assert set(coarse) <= set(fine)  # a run of a zoom is cut, never regrouped
        assert fine == sorted(fine) and len(fine) >= len(coarse)
    last = clusters(ordered, levels[-1])
    assert len(last) == 301  # 300 spots alone and the three at one spot together
    same = next(g for g in last if len(g) > 1)
    assert names(same) == {"same0", "same1", "same2"}


def test_one_spot_never_splits_and_no_points_is_no_cluster():
    spot = [pt(74.0, 33.0, name=str(i)) for i in range(4)]
    ordered, levels = specs.cluster_levels(spot)
    assert levels == [[0]] and len(ordered) == 4
    assert specs.cluster_levels([]) == ([], [[]])


def test_close_points_across_a_cell_edge_are_one_cluster():
    zoom, cell = 6, specs.CELL_PX
    scale = specs.TILE_PX * 2**zoom
    edge = 700 * cell / scale  # an edge between two cells at this zoom
    apart = 10 / scale  # ten screen pixels apart at this zoom
    a = {"x": edge - apart / 2, "y": 0.4, "name": "a"}
    b = {"x": edge + apart / 2, "y": 0.4, "name": "b"}
    assert specs.cell_of(a["x"], a["y"], zoom) != specs.cell_of(b["x"], b["y"], zoom)
    ordered, levels = specs.cluster_levels([a, b])
    assert [names(g) for g in clusters(ordered, levels[zoom])] == [{"a", "b"}]
    # far enough apart (APART_PX and more) they are two
    ordered, levels = specs.cluster_levels([a, {**b, "x": a["x"] + 60 / scale}])
    assert len(clusters(ordered, levels[zoom])) == 2


def test_no_two_clusters_of_a_level_are_drawn_on_top_of_each_other():
    rng = random.Random(3)
    points = [pt(rng.gauss(74, 1.5), rng.gauss(33, 1.0), name=str(i)) for i in range(200)]
    ordered, levels = specs.cluster_levels(points)
    for zoom, starts in enumerate(levels):
        scale = specs.TILE_PX * 2**zoom
        centres = [(sum(p["x"] for p in g) / len(g) * scale, sum(p["y"] for p in g) / len(g) * scale)
                   for g in clusters(ordered, starts)]  # fmt: skip
        close = sum(1 for i, c in enumerate(centres) for d in centres[i + 1:]
                    if math.dist(c, d) < specs.APART_PX / 2)  # fmt: skip
        assert close <= len(centres) // 20, (zoom, close, len(centres))


def test_map_box_is_padded_and_never_a_pinpoint():
    west, south, east, north = specs.extent_of([{"lon": 74.0, "lat": 33.0}])
    assert east - west >= 12.0 and north - south >= 8.0
    west, south, east, north = specs.extent_of([{"lon": 60.0, "lat": 20.0},
                                                {"lon": 80.0, "lat": 36.0}], pad=0.1)
    assert (west, south, east, north) == (58.0, 18.4, 82.0, 37.6)


def test_map_data_fits_the_focus_and_keeps_every_point():
    rows = [{"lon": 74.0, "lat": 33.0, "place": "a"}, {"lon": 75.0, "lat": 34.0, "place": "b"},
            {"lon": -77.0, "lat": 38.9, "place": "far"}]  # fmt: skip
    data = specs.map_data(rows, focus=rows[:2])
    assert data["box"] == list(specs.extent_of(rows[:2]))
    assert {p["place"] for p in data["points"]} == {"a", "b", "far"}
    assert all(0 <= p["x"] <= 1 and 0 <= p["y"] <= 1 for p in data["points"])
    assert specs.map_data(rows)["box"] == list(specs.extent_of(rows))
    empty = specs.map_data([])
    assert empty["points"] == [] and empty["box"] == list(specs.WORLD_BOX)


# -- a hostile place name (the page, no browser) ---------------------------------------

HOSTILE_PLACE = '<img src=x onerror="window.__pwned=9">Kotli</script><script>window.__pwned=8</script>'


def hostile_store(path):
    """A SQLite store with two located incidents, one at a place named with
    markup (as an article could spell it)."""
    from flashpoint import fuse
    from flashpoint.models import Actor, Article, Event, Evidence, Location
    from flashpoint.store import Store

    store = Store(str(path))
    for doc_id, name, lat, lon, day in (("h1", HOSTILE_PLACE, 33.52, 73.90, "2025-05-07"),
                                        ("h2", "Bahawalpur", 29.40, 71.68, "2025-04-20")):
        sentence = "Shells hit the village overnight."
        store.save_article(Article(doc_id=doc_id, text=sentence, published="2025-05-08"), [
            Event(doc_id=doc_id, event_type="ASSAULT", evidence=Evidence(sentence, 0, 33, "hit"),
                  source=Actor(code="PAK", sector="MIL"), target=Actor(code="IND", sector="CVL"),
                  date=day, fatalities=2,
                  location=Location(name=name, country="PAK", lat=lat, lon=lon, precision="city"))])  # fmt: skip
        fuse.update_for_article(store, doc_id)
    return store


def test_a_place_name_with_markup_reaches_the_page_as_inert_json(tmp_path):
    from flashpoint.web import create_app

    store = hostile_store(tmp_path / "h.db")
    try:
        with TestClient(create_app(store)) as client:
            page = client.get("/map").text
    finally:
        store.close()
    assert "<img src=x" not in page and "<script>window.__pwned" not in page
    raw = page.split('<script type="application/json" id="map-data">')[1].split("</script>")[0]
    places = {p["place"] for p in json.loads(raw)["points"]}
    assert places == {HOSTILE_PLACE, "Bahawalpur"}  # the name itself is kept, as data
