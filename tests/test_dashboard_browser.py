"""The dashboard in a real browser: Debian's chromium driven by Playwright,
the app served in-process by uvicorn on a free port. Screenshots go to
test-output/screenshots/. Every request leaving 127.0.0.1 is refused and
recorded, so the pages are proven to work with no internet."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from flashpoint.web import specs
from web_fixtures import HOSTILE_DOC, LiveServer, web_app, web_db  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"

BROWSER_MARKS = (
    pytest.mark.playwright,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
)


def in_browser(test):
    """The marks of a test that drives chromium (the plain unit tests at the
    end of this file run anywhere)."""
    for mark in BROWSER_MARKS:
        test = mark(test)
    return test


@pytest.fixture(scope="module")
def live(web_app):  # noqa: F811
    with LiveServer(web_app) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page with its console errors, page errors, dialogs and any request
    that tried to leave this machine."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="load")
        return self.page

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, live):
    w = Watched(browser, live.url)
    yield w
    w.close()


def _wait_charts(page, n: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('div.chart[data-rendered=\"1\"]').length >= {n}",
        timeout=30_000,
    )


def _marks(page, chart_id: str, mark_class: str) -> int:
    return page.locator(f"#{chart_id} svg g.{mark_class} path").count()


def _data_marks(page, chart_id: str, mark_class: str) -> int:
    """Marks drawn for data (legend symbols left out)."""
    return page.locator(f"#{chart_id} svg g.{mark_class}.role-mark path").count()


@in_browser
@pytest.mark.parametrize("path,name", [
    ("/incidents", "incidents"), ("/actors", "actors"), ("/actors/PAK", "actor_pak"),
    ("/search?q=Poonch", "search"), (f"/articles/{HOSTILE_DOC}", "article"),
])  # fmt: skip
def test_page_loads_cleanly(watched, path, name):
    page = watched.open(path)
    assert page.locator("main h1").count() == 1
    watched.shot(name)
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_overview_draws_escalation_with_jumps(watched):
    page = watched.open("/")
    _wait_charts(page, 2)
    assert _marks(page, "escalation", "mark-rect") > 5  # daily bars
    assert _marks(page, "escalation", "mark-symbol") >= 1  # jumps marked
    assert _marks(page, "diplomacy", "mark-symbol") >= 3
    assert "killed (low / best / high)" in page.inner_text("#killed")
    watched.shot("overview")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_network_draws_actors_and_edges(watched):
    page = watched.open("/network")
    _wait_charts(page, 1)
    assert _marks(page, "network", "mark-symbol") >= 5
    assert page.locator("#network svg g.mark-rule line").count() >= 5
    watched.shot("network")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_click_from_incident_to_highlighted_sentence(watched):
    page = watched.open("/incidents?dyad=IND-PAK&type=ASSAULT")
    page.locator("a.incident-link").first.click()
    page.wait_for_url("**/incidents/*")
    first_report = page.locator("section.report").first
    sentence = first_report.locator("mark").inner_text().strip()
    assert sentence
    watched.shot("incident")
    first_report.locator("a.report-link").click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("mark#hl")
    assert mark.is_visible()
    assert mark.inner_text().strip() == sentence
    assert page.evaluate("document.getElementById('hl').getBoundingClientRect().top") < 900
    watched.shot("article_highlight")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_hostile_article_runs_nothing(watched, live):
    import httpx

    art = httpx.get(f"{live.url}/api/articles/{HOSTILE_DOC}").json()
    paths = [f"/articles/{HOSTILE_DOC}?event={art['events'][0]['id']}",
             *(f"/incidents/{i}" for i in art["incidents"]),
             "/search?q=pwned", "/incidents?q=pwned", "/", "/map", "/actors/PAK"]  # fmt: skip
    for path in paths:
        page = watched.open(path)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    page = watched.open(f"/incidents/{art['incidents'][0]}")
    assert "<script>window.__pwned=4</script>Frontier" in page.inner_text("main")
    assert page.locator("main img, main svg[onload]").count() == 0
    watched.shot("hostile_incident")
    assert watched.dialogs == []
    assert watched.outside == []


@in_browser
def test_swagger_docs_work_offline(watched):
    page = watched.open("/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock-get").count() >= 12
    watched.shot("docs")
    assert watched.outside == []


# -- overview charts, incident figures (browser; the map: tests/test_map_browser.py) ------


def _spec_of(page, chart_id: str) -> dict:
    return json.loads(page.locator(f"#{chart_id}-spec").text_content())


def _utc_day(ms: float) -> date:
    return datetime.utcfromtimestamp(ms / 1000).date()


@in_browser
def test_overview_diplomacy_axis_spans_the_crisis_only(watched, live):
    import httpx

    rows = httpx.get(f"{live.url}/api/diplomacy?dyad=IND-PAK&limit=500").json()["items"]
    page = watched.open("/")
    _wait_charts(page, 4)
    start, end = (_utc_day(ms) for ms in page.evaluate(
        "document.getElementById('diplomacy').vegaView.scale('x').domain().map(d => +d)"))
    assert (end - start).days <= 120  # weeks, not years
    days = sorted(date.fromisoformat(r["date"][:10]) for r in rows if r.get("date"))
    inside = [d for d in days if start <= d <= end]
    assert len(inside) >= 0.8 * len(days)  # the bulk is on the chart
    plotted = _spec_of(page, "diplomacy")["data"]["values"]
    assert len(plotted) == len(inside)
    assert all(start <= date.fromisoformat(v["date"]) <= end for v in plotted)
    assert _data_marks(page, "diplomacy", "mark-symbol") == len(plotted)
    caption = page.inner_text("#diplomacy-caption")
    assert start.strftime("%d %b %Y") in caption and end.strftime("%d %b %Y") in caption
    left_off = len(days) - len(inside)
    assert (f"{left_off} item" in caption) if left_off else ("outside" not in caption)
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_overview_draws_the_casualty_and_type_charts(watched, live):
    import httpx

    page = watched.open("/?dyad=IND-PAK")
    _wait_charts(page, 4)
    bars = _spec_of(page, "casualties")["layer"][0]
    values = _spec_of(page, "casualties")["data"]["values"]
    assert bars["mark"]["type"] == "bar" and values
    assert [v["best"] for v in values] == sorted((v["best"] for v in values), reverse=True)
    assert page.locator("#casualties svg g.layer_0_marks path").count() == len(values)  # bars
    assert page.locator("#casualties svg g.mark-rule.role-mark line").count() == len(values)
    types = _spec_of(page, "types")["data"]["values"]
    assert _data_marks(page, "types", "mark-rect") == len(types)
    # the incidents of the crisis (what happened, this crisis's), as the API counts them
    total = httpx.get(f"{live.url}/api/escalation?dyad=IND-PAK").json()["incidents"]
    assert sum(t["count"] for t in types) == total
    # no chart draws a title over its own heading
    assert all("title" not in _spec_of(page, c) for c in ("escalation", "casualties", "types"))
    watched.shot("overview")
    assert watched.errors == [] and watched.outside == []


def _contested_toll(client_url: str) -> dict | None:
    import httpx

    offset = 0
    while True:
        page = httpx.get(f"{client_url}/api/incidents",
                         params={"dyad": "IND-PAK", "limit": 200, "offset": offset}).json()
        for item in page["items"]:
            f = item.get("fatalities") or {}
            if f.get("best") is not None and f.get("low") != f.get("high"):
                return item
        offset += 200
        if offset >= page["total"]:
            return None


@in_browser
def test_incident_toll_reads_low_best_high_with_sources(watched, live):
    item = _contested_toll(live.url)
    if item is None:
        pytest.skip("no incident with a disputed toll in the sample")
    page = watched.open(f"/incidents/{item['id']}")
    toll = item["fatalities"]
    for bound in ("low", "best", "high"):
        row = page.locator(f"#fatalities tr.{bound}")
        assert row.locator("td.num").inner_text().strip() == str(toll[bound])
        hrefs = [a.get_attribute("href") for a in row.locator("a").all()]
        assert hrefs == [f"/articles/{d}" for d in toll["sources"][bound]]
        for link in row.locator("a").all():  # outlets, not file names
            assert link.inner_text().strip() not in toll["sources"][bound]
    assert "best" in page.inner_text("#fatalities .range")
    figures = page.inner_text("#reported-figures")
    for report in item["reports"]:
        if report.get("fatalities") is not None:
            assert str(report["fatalities"]) in figures
    claims = item.get("claims") or []
    if claims:
        shown = page.locator("#claims .stance")
        distinct = {(c["stance"], c.get("by"), c.get("by_name"), " ".join(c["sentence"].split()))
                    for c in claims}
        assert shown.count() == len(distinct)
        for i in range(shown.count()):
            assert shown.nth(i).locator("a[href^='/articles/']").count() >= 1
    watched.shot("incident_toll")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_network_labels_do_not_overlap(watched):
    page = watched.open("/network")
    _wait_charts(page, 1)
    boxes = page.evaluate("""() => [...document.querySelectorAll(
        '#network svg g.mark-text text')].map(t => {
            const r = t.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom];
        })""")
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)
    assert watched.errors == [] and watched.outside == []


# -- the specs behind them (no browser) ------------------------------------------------


def test_crisis_window_leaves_out_a_background_date():
    days = ["2019-02-26"] + [f"2025-05-{d:02d}" for d in range(1, 20)] + ["2025-04-23"]
    start, end = specs.crisis_window(days, pad_days=3)
    assert start == date(2025, 4, 20) and end == date(2025, 5, 22)
    inside, outside = specs.split_window([{"date": d} for d in [*days, None]], (start, end))
    assert [r["date"] for r in outside] == ["2019-02-26"] and len(inside) == 20


def test_crisis_window_has_a_minimum_length_and_survives_no_dates():
    start, end = specs.crisis_window(["2025-05-10", "2025-05-10"], pad_days=1, min_days=14)
    assert (end - start).days == 14 and start <= date(2025, 5, 10) <= end
    assert specs.crisis_window([]) is None and specs.crisis_window(["soon"]) is None


def test_diplomacy_spec_axis_is_the_window():
    rows = [{"date": "2025-05-07", "kind": "call", "actor": "USA", "incident": "a"},
            {"date": "2001-01-01", "kind": "visit", "actor": "GBR", "incident": "b"}]
    window = (date(2025, 5, 1), date(2025, 5, 20))
    spec = specs.diplomacy_spec(rows, window=window)
    assert [v["date"] for v in spec["data"]["values"]] == ["2025-05-07"]
    assert spec["encoding"]["x"]["scale"]["domain"][0] == {"year": 2025, "month": 5, "date": 1,
                                                           "utc": True}


def test_far_points_are_split_from_the_theatre():
    theatre = [{"lon": 74.0 + i / 10, "lat": 33.0 + i / 20} for i in range(12)]
    far = [{"lon": -77.0, "lat": 38.9}]
    near, away = specs.split_far(theatre + far)
    assert away == far and len(near) == 12
    scattered = [{"lon": lon, "lat": 10.0} for lon in (-120, -60, 0, 60, 120)]
    assert specs.split_far(scattered) == (scattered, [])  # no theatre: all kept


def test_network_labels_sit_outside_their_nodes():
    network = {"nodes": [{"id": c, "incidents": 1} for c in ("A", "B", "C", "D")], "edges": []}
    nodes, _ = specs.network_layout(network)
    for n in nodes:
        assert abs(n["lx"]) >= abs(n["x"]) and abs(n["ly"]) >= abs(n["y"])
    assert {n["side"] for n in nodes} == {"top", "right", "bottom", "left"}


@in_browser
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_links_download_the_filtered_incidents(watched, live, tmp_path, fmt):
    import httpx

    page = watched.open("/incidents?dyad=IND-PAK&type=ASSAULT&since=2025-05-07")
    link = page.locator(f"a.export-link[data-format='{fmt}']")
    assert link.count() == 1
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / f"x.{fmt}"
    info.value.save_as(str(saved))
    total = httpx.get(f"{live.url}/api/incidents?dyad=IND-PAK&type=ASSAULT&since=2025-05-07"
                      "&limit=0").json()["total"]  # fmt: skip
    if fmt == "parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(saved).to_pylist()
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    else:
        import csv

        rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert len(rows) == total > 0
    assert all(r["event_type"] == "ASSAULT" for r in rows)
    assert info.value.suggested_filename.endswith(f".{fmt}")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_a_wrong_dyad_in_the_address_is_a_page_saying_so(watched):
    page = watched.open("/incidents?dyad=INDIA-PAKISTAN")
    assert "Invalid request" in page.inner_text("main h1")
    assert "did you mean IND" in page.inner_text("main")
    assert watched.errors == [] or all("422" in e for e in watched.errors)


@in_browser
def test_clicking_the_killed_header_sorts_the_deadliest_first(watched):
    page = watched.open("/incidents?dyad=IND-PAK")
    page.click("a.sort-link[data-sort='killed']")
    page.wait_for_url("**sort=killed**")
    assert page.locator("th[aria-sort='descending'] a[data-sort='killed']").count() == 1
    cells = page.locator("table.incidents tbody tr td:nth-child(6)").all_inner_texts()
    best = [int(c.split("/")[1]) if "/" in c else int(c) if c.strip() else -1 for c in cells]
    assert best[0] > 0 and best == sorted(best, reverse=True)
    page.click("a.sort-link[data-sort='sources']")
    page.wait_for_url("**sort=sources**")
    counts = [int(c) for c in
              page.locator("table.incidents tbody tr td:nth-child(7)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    assert "dyad=IND-PAK" in page.url  # the filter is kept
    assert watched.errors == [] and watched.outside == []


@in_browser
@pytest.mark.parametrize("path", ["/", "/incidents?dyad=IND-PAK", "/actors", "/actors/PAK",
                                  "/map", "/network", "/search?q=Poonch",
                                  f"/articles/{HOSTILE_DOC}"])  # fmt: skip
def test_every_page_fits_a_phone(browser, live, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(live.url + path, wait_until="load")
        page.wait_for_timeout(300)  # charts drawn after load
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide at 390"
    finally:
        context.close()


@in_browser
def test_search_results_highlight_the_matching_words(watched):
    page = watched.open("/search?q=Poonch")
    marks = page.locator("tr.match mark").all_inner_texts()
    assert marks and all(m.lower().startswith("poonch") for m in marks)
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_a_date_range_set_on_the_overview_follows_to_the_incidents(watched):
    page = watched.open("/?dyad=IND-PAK")
    page.fill("form.filters input[name=since]", "2025-05-08")
    page.fill("form.filters input[name=until]", "2025-05-10")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**until=2025-05-10**")
    _wait_charts(page, 2)
    page.click("header a[href^='/incidents']")
    page.wait_for_url("**/incidents?since=2025-05-08**")
    assert page.input_value("form.filters input[name=since]") == "2025-05-08"
    dates = page.locator("table.incidents tbody tr td:first-child").all_inner_texts()
    assert dates and all("2025-05-08" <= d[:10] <= "2025-05-10" for d in dates)
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_a_country_page_draws_weekly_charts_by_type(watched):
    page = watched.open("/actors/PAK")
    _wait_charts(page, 2)
    assert _data_marks(page, "weekly", "mark-rect") > 3
    assert _data_marks(page, "weekly-killed", "mark-rect") >= 1
    watched.shot("country_pak")
    page.click("p.dyads a[href='/?dyad=IND-PAK']")
    page.wait_for_url("**dyad=IND-PAK**")
    assert watched.errors == [] and watched.outside == []


@in_browser
def test_brushing_the_escalation_chart_offers_that_period(watched):
    page = watched.open("/?dyad=IND-PAK")
    _wait_charts(page, 2)
    link = page.locator("#brush-period")
    assert link.is_hidden()
    page.locator("#escalation").scroll_into_view_if_needed()
    box = page.locator("#escalation svg").bounding_box()
    y = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=8)
    page.mouse.up()
    link.wait_for(state="visible")
    href = link.get_attribute("href")
    since = href.split("since=")[1][:10]
    until = href.split("until=")[1][:10]
    assert "dyad=IND-PAK" in href and since < until
    link.click()
    page.wait_for_url(f"**until={until}**")
    assert page.input_value("form.filters input[name=since]") == since
    assert watched.errors == [] and watched.outside == []
