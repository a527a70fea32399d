"""The dashboard in a real browser: Debian's chromium driven by Playwright,
the app served in-process by uvicorn on a free port. Screenshots go to
test-output/screenshots/. Every request leaving 127.0.0.1 is refused and
recorded, so the pages are proven to work with no internet."""

from __future__ import annotations

from pathlib import Path

import pytest

from web_fixtures import HOSTILE_DOC, LiveServer, web_app, web_db  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"

pytestmark = [
    pytest.mark.playwright,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


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


@pytest.mark.parametrize("path,name", [
    ("/incidents", "incidents"), ("/actors", "actors"), ("/actors/PAK", "actor_pak"),
    ("/search?q=Poonch", "search"), (f"/articles/{HOSTILE_DOC}", "article"),
])  # fmt: skip
def test_page_loads_cleanly(watched, path, name):
    page = watched.open(path)
    assert page.locator("main h1").count() == 1
    watched.shot(name)
    assert watched.errors == [] and watched.outside == []


def test_overview_draws_escalation_with_jumps(watched):
    page = watched.open("/")
    _wait_charts(page, 2)
    assert _marks(page, "escalation", "mark-rect") > 5  # daily bars
    assert _marks(page, "escalation", "mark-symbol") >= 1  # jumps marked
    assert _marks(page, "diplomacy", "mark-symbol") >= 3
    assert "killed (low / best / high)" in page.inner_text("#killed")
    watched.shot("overview")
    assert watched.errors == [] and watched.outside == []


def test_map_draws_countries_and_incidents(watched):
    page = watched.open("/map")
    _wait_charts(page, 1)
    assert _marks(page, "map", "mark-shape") > 100  # country outlines
    assert _marks(page, "map", "mark-symbol") > 10  # incidents
    watched.shot("map")
    assert watched.errors == [] and watched.outside == []


def test_network_draws_actors_and_edges(watched):
    page = watched.open("/network")
    _wait_charts(page, 1)
    assert _marks(page, "network", "mark-symbol") >= 5
    assert page.locator("#network svg g.mark-rule line").count() >= 5
    watched.shot("network")
    assert watched.errors == [] and watched.outside == []


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


def test_map_circle_click_opens_its_incident(watched):
    page = watched.open("/map?dyad=IND-PAK")
    _wait_charts(page, 1)
    page.locator("#map svg g.mark-symbol path").first.click(force=True)
    page.wait_for_url("**/incidents/*", timeout=10_000)
    assert page.locator("section.report").count() >= 1


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


def test_swagger_docs_work_offline(watched):
    page = watched.open("/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock-get").count() >= 12
    watched.shot("docs")
    assert watched.outside == []
