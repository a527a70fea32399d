"""The incident map in a real browser (static/map.js): it opens fitted to the
incidents (on a phone too), zooms with its buttons, the wheel and two
fingers, pans by a drag, splits clusters as it zooms in, shows the place,
date and actors in its tooltips, keeps the date range, and shows a place
name with markup as text. Chromium and the app as in
tests/test_dashboard_browser.py."""

from __future__ import annotations

import json
import math

import pytest

from test_dashboard_browser import CHROMIUM, Watched, browser, in_browser, live  # noqa: F401
from web_fixtures import LiveServer, web_app, web_db  # noqa: F401

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def watched(browser, live):  # noqa: F811
    w = Watched(browser, live.url)
    yield w
    w.close()


def open_map(watched, path: str):
    page = watched.open(path)
    page.wait_for_selector("#map[data-rendered='1']", timeout=30_000)
    settle(page)
    return page


def settle(page) -> None:
    """Wait for the map's next frame (its view is drawn in requestAnimationFrame)."""
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def view(page) -> dict:
    return page.evaluate("document.getElementById('map').flashMap.view()")


def map_box(page) -> dict:
    return page.evaluate("""() => {
        const r = document.querySelector('#map svg').getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    }""")


def markers(page) -> list[dict]:
    """Every marker: its count, kind, centre in page pixels, the link of an
    incident, and whether it is the topmost thing at its centre."""
    return page.evaluate("""() => [...document.querySelectorAll('#map .mark')].map(m => {
        const r = m.querySelector('circle').getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        return {count: +m.dataset.count, cluster: m.classList.contains('cluster'), x, y,
                href: m.getAttribute('href'), top: !!hit && hit.closest('.mark') === m};
    })""")


def inside(page, margin: float = 0) -> list[dict]:
    box = map_box(page)
    return [m for m in markers(page)
            if box["left"] + margin < m["x"] < box["right"] - margin
            and box["top"] + margin < m["y"] < box["bottom"] - margin]  # fmt: skip


def map_points(page) -> list[dict]:
    return json.loads(page.locator("#map-data").text_content())["points"]


def caption_numbers(page) -> tuple[int, int]:
    """(located incidents, those the first view is fitted to) from the caption."""
    words = page.inner_text("#map-caption").split()
    total = int(words[0])
    if "opens on the" in page.inner_text("#map-caption"):
        return total, int(words[words.index("opens") + 3])
    return total, total


def visible(page, cluster: bool | None = None) -> dict:
    """A marker on top at its centre, inside the map (the biggest cluster
    when ``cluster``)."""
    found = [m for m in inside(page, margin=24) if m["top"]
             and (cluster is None or m["cluster"] == cluster)]  # fmt: skip
    assert found, "no marker to use"
    return max(found, key=lambda m: m["count"])


@in_browser
def test_map_draws_countries_and_every_incident(watched):
    page = open_map(watched, "/map")
    assert page.locator("#map path.country").count() > 100
    total, _ = caption_numbers(page)
    assert sum(m["count"] for m in markers(page)) == total == len(map_points(page))
    assert any(m["cluster"] for m in markers(page))  # the theatre is crowded: clusters
    watched.shot("map")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_map_opens_fitted_to_the_incidents_and_far_ones_are_one_click_away(watched):
    page = open_map(watched, "/map")
    total, first = caption_numbers(page)
    box = map_box(page)
    shown = inside(page, margin=4)
    assert sum(m["count"] for m in shown) == first
    xs, ys = [m["x"] for m in shown], [m["y"] for m in shown]
    assert (max(xs) - min(xs)) > 0.3 * (box["right"] - box["left"]) or (
        max(ys) - min(ys)) > 0.3 * (box["bottom"] - box["top"])  # fitted: they fill the view
    if first == total:
        return
    page.locator("#map-world").click()
    page.wait_for_url("**view=world**")
    page.wait_for_selector("#map[data-rendered='1']")
    settle(page)
    assert sum(m["count"] for m in inside(page, margin=4)) == total
    assert page.locator("#map-near").count() == 1
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_zoom_buttons_change_the_view_and_a_cluster_splits(watched):
    page = open_map(watched, "/map?dyad=IND-PAK")
    start = view(page)
    page.click("#map .map-zoom-in")
    settle(page)
    assert view(page)["k"] == pytest.approx(2 * start["k"])
    page.click("#map .map-zoom-out")
    settle(page)
    assert view(page)["k"] == pytest.approx(start["k"])
    cluster = visible(page, cluster=True)
    before = [m["count"] for m in markers(page)]
    page.mouse.click(cluster["x"], cluster["y"])  # a cluster zooms in until it splits
    settle(page)
    after = [m["count"] for m in markers(page)]
    assert view(page)["level"] > start["level"]
    assert after.count(cluster["count"]) < before.count(cluster["count"])
    assert len(after) > len(before) and sum(after) == sum(before)
    box = map_box(page)  # the cluster's incidents are in the middle of the view now
    near = [m for m in markers(page)
            if abs(m["x"] - (box["left"] + box["right"]) / 2) < 0.45 * (box["right"] - box["left"])
            and abs(m["y"] - (box["top"] + box["bottom"]) / 2) < 0.45 * (box["bottom"] - box["top"])]
    assert sum(m["count"] for m in near) >= cluster["count"]
    page.click("#map .map-fit")
    settle(page)
    assert view(page)["k"] == pytest.approx(start["k"])
    watched.shot("map_zoomed")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_the_wheel_zooms_at_the_pointer(watched):
    page = open_map(watched, "/map?dyad=IND-PAK")
    box = map_box(page)
    px, py = box["left"] + 0.3 * (box["right"] - box["left"]), box["top"] + 0.6 * (
        box["bottom"] - box["top"])
    before = view(page)
    page.mouse.move(px, py)
    page.mouse.wheel(0, -500)
    page.wait_for_function(f"document.getElementById('map').flashMap.view().k > {before['k']}")
    settle(page)
    after = view(page)
    assert after["k"] > 1.5 * before["k"]

    def world(v: dict) -> tuple[float, float]:  # the world point under the pointer
        return (px - box["left"] - v["tx"]) / v["k"], (py - box["top"] - v["ty"]) / v["k"]

    # the same place stays under the pointer (within a pixel: events carry whole pixels)
    assert world(after) == pytest.approx(world(before), abs=1.5 / after["k"])
    assert page.evaluate("window.scrollY") == 0  # the page itself did not scroll
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_a_drag_pans_the_map_and_opens_nothing(watched):
    page = open_map(watched, "/map?dyad=IND-PAK")
    url = page.url
    before = view(page)
    marker = visible(page)
    box = map_box(page)
    x, y = (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2
    page.mouse.move(marker["x"], marker["y"])  # a drag may start on a circle
    page.mouse.down()
    page.mouse.move(marker["x"] - 120, marker["y"] - 70, steps=10)
    page.mouse.up()
    settle(page)
    after = view(page)
    assert (after["tx"] - before["tx"], after["ty"] - before["ty"]) == pytest.approx((-120, -70))
    assert after["k"] == before["k"]
    moved = [m for m in markers(page) if m["count"] == marker["count"]
             and math.isclose(m["x"], marker["x"] - 120, abs_tol=1.5)
             and math.isclose(m["y"], marker["y"] - 70, abs_tol=1.5)]  # fmt: skip
    assert moved  # the circle went with the map
    page.wait_for_timeout(200)
    assert page.url == url  # the drag did not click its circle
    page.mouse.move(x, y)  # the keyboard pans too
    page.focus("#map")
    page.keyboard.press("ArrowRight")
    settle(page)
    assert view(page)["tx"] < after["tx"]
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_a_tooltip_names_place_date_and_actors_and_a_click_opens_the_incident(watched):
    page = open_map(watched, "/map?dyad=IND-PAK")
    single = visible(page, cluster=False)
    point = next(p for p in map_points(page) if p["href"] == single["href"])
    page.mouse.move(single["x"], single["y"])
    tip = page.locator("#map .map-tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    for value in (point["place"] or point["country"], point["date"], point["actors"],
                  point["type"]):  # fmt: skip
        assert value and value in text, (value, text)
    assert f"killed {point['killed']}" in text
    assert tip.locator("a.tip-link").get_attribute("href") == point["href"]
    cluster = visible(page, cluster=True)
    page.mouse.move(cluster["x"], cluster["y"])
    page.wait_for_function(
        f"document.querySelector('#map .map-tip').innerText.includes('{cluster['count']} incidents')")
    text = tip.inner_text()
    assert "places" in text and "dates" in text and "→" in text
    box = map_box(page)  # the keyboard: a focused cluster shows its tooltip, Enter zooms in
    page.mouse.move(box["right"] + 5, box["bottom"] + 5)
    tip.wait_for(state="hidden")
    level = view(page)["level"]
    page.locator("#map .mark.cluster").first.focus()
    tip.wait_for(state="visible")
    assert " incidents" in tip.inner_text()
    page.keyboard.press("Enter")
    settle(page)
    assert view(page)["level"] > level
    page.click("#map .map-fit")
    settle(page)
    page.mouse.move(single["x"], single["y"])
    page.mouse.click(single["x"], single["y"])
    page.wait_for_url("**/incidents/*", timeout=10_000)
    assert page.url.endswith(point["href"])
    assert page.locator("section.report").count() >= 1
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_a_cluster_that_cannot_split_lists_its_incidents(watched):
    page = open_map(watched, "/map")
    data = json.loads(page.locator("#map-data").text_content())
    starts, points = data["levels"][-1], data["points"]
    runs = [points[a:b] for a, b in zip(starts, [*starts[1:], len(points)], strict=True)]
    spot = max(runs, key=len)
    if len(spot) < 2:
        pytest.skip("no two incidents share a spot in the sample")
    zoom = len(data["levels"]) - 1
    page.evaluate(f"document.getElementById('map').flashMap.centreOn("
                  f"{spot[0]['x']}, {spot[0]['y']}, {data['tile'] * 2**zoom})")
    settle(page)
    marker = next(m for m in inside(page) if m["count"] == len(spot) and m["top"])
    before, url = view(page), page.url
    page.mouse.click(marker["x"], marker["y"])
    tip = page.locator("#map .map-tip.pinned")
    tip.wait_for(state="visible")
    links = tip.locator("li a").evaluate_all("(as) => as.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(p["href"] for p in spot)
    assert "Too close together to split" in tip.inner_text()
    assert view(page)["k"] == before["k"] and page.url == url
    box = map_box(page)
    page.mouse.click(box["right"] - 6, box["bottom"] - 6)  # a click elsewhere closes it
    tip.wait_for(state="hidden")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_the_map_keeps_the_shared_date_range(watched):
    page = watched.open("/incidents?since=2025-05-08&until=2025-05-10")
    page.click("header a[href^='/map']")
    page.wait_for_url("**/map?since=2025-05-08&until=2025-05-10")
    page.wait_for_selector("#map[data-rendered='1']")
    settle(page)
    points = map_points(page)
    assert points and all("2025-05-08" <= p["date"] <= "2025-05-10" for p in points)
    assert sum(m["count"] for m in markers(page)) == len(points)
    assert page.input_value("form.filters input[name=since]") == "2025-05-08"
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_on_a_phone_the_incidents_are_on_screen_and_fingers_work(browser, live):  # noqa: F811
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(live.url + "/map?dyad=IND-PAK", wait_until="load")
        page.wait_for_selector("#map[data-rendered='1']", timeout=30_000)
        page.locator("#map").scroll_into_view_if_needed()
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        box = map_box(page)
        assert box["left"] >= 0 and box["right"] <= PHONE["width"]
        assert box["bottom"] - box["top"] >= 300
        _, first = caption_numbers(page)
        shown = [m for m in inside(page, margin=2) if 0 <= m["y"] <= PHONE["height"]]
        assert sum(m["count"] for m in shown) == first  # all of the theatre on screen
        # a tap on an incident shows its tooltip; its link opens it
        url = page.url
        single = visible(page, cluster=False)
        page.touchscreen.tap(single["x"], single["y"])
        tip = page.locator("#map .map-tip")
        tip.wait_for(state="visible")
        assert "who → whom" in tip.inner_text() and page.url == url
        assert tip.locator("a.tip-link").get_attribute("href") == single["href"]
        # two fingers apart zoom in
        before = view(page)
        pinch(context, page, box)
        settle(page)
        assert view(page)["k"] > 1.3 * before["k"]
        page.screenshot(path=str(shots_dir() / "map_phone.png"))
    finally:
        context.close()


def shots_dir():
    from test_dashboard_browser import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def pinch(context, page, box: dict) -> None:
    """Two fingers from 40 px apart to 160 px apart, at the map's middle."""
    cdp = context.new_cdp_session(page)
    x, y = (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2

    def touch(kind: str, spread: float) -> None:
        points = [] if kind == "touchEnd" else [
            {"x": x - spread, "y": y, "id": 1}, {"x": x + spread, "y": y, "id": 2}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 20)
    for spread in range(30, 90, 10):
        touch("touchMove", spread)
    touch("touchEnd", 80)


# -- a place name with markup ----------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_live(tmp_path_factory):
    from flashpoint.web import create_app
    from test_map_clusters import hostile_store

    store = hostile_store(tmp_path_factory.mktemp("maph") / "h.db")
    with LiveServer(create_app(store)) as server:
        yield server
    store.close()


@in_browser
def test_a_place_name_with_markup_stays_text(browser, hostile_live):  # noqa: F811
    from test_map_clusters import HOSTILE_PLACE

    w = Watched(browser, hostile_live.url)
    try:
        page = open_map(w, "/map")
        hostile = [p for p in map_points(page) if p["place"] == HOSTILE_PLACE]
        assert hostile
        marker = next(m for m in markers(page) if m["href"] == hostile[0]["href"])
        page.mouse.move(marker["x"], marker["y"])
        tip = page.locator("#map .map-tip")
        tip.wait_for(state="visible")
        assert HOSTILE_PLACE in tip.inner_text()  # shown as the text it is
        assert page.locator("#map img, #map script, .map-tip img").count() == 0
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert w.dialogs == [] and w.errors == [] and w.outside == []
    finally:
        w.close()
