"""The REST API and the server-rendered pages, through FastAPI's in-process
TestClient, on the sample corpus plus a hostile article (web_fixtures)."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest
from fastapi.testclient import TestClient

from flashpoint.web import analysis, queries, specs
from web_fixtures import HOSTILE_DOC, web_app, web_db  # noqa: F401

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client(web_app):  # noqa: F811
    with TestClient(web_app) as c:
        yield c


def _all_pages(client, url: str, *, limit: int = 100) -> list[dict]:
    items, offset = [], 0
    while True:
        sep = "&" if "?" in url else "?"
        page = client.get(f"{url}{sep}limit={limit}&offset={offset}").json()
        items.extend(page["items"])
        offset += limit
        if offset >= page["total"]:
            return items


def _codes(record: dict) -> set:
    return {(record.get("source") or {}).get("code"), (record.get("target") or {}).get("code")}


# -- lists, pagination, filters -------------------------------------------------


def test_stats_count_the_corpus(client):
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 47  # 46 sample reports and the hostile one
    assert stats["events"] == client.get("/api/events?limit=0").json()["total"]
    assert stats["incidents"] == client.get("/api/incidents?limit=0").json()["total"] > 100
    assert stats["top_dyads_unordered"][0][0] == "IND-PAK"


def test_incident_pages_are_disjoint_and_add_up_to_the_total(client):
    first = client.get("/api/incidents?limit=5").json()
    second = client.get("/api/incidents?limit=5&offset=5").json()
    assert first["total"] == second["total"]
    assert len(first["items"]) == len(second["items"]) == 5
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    everything = _all_pages(client, "/api/incidents")
    assert len(everything) == len({i["id"] for i in everything}) == first["total"]
    dated = [i["date"] for i in everything if i["date"]]
    assert dated == sorted(dated, reverse=True)  # newest first


def test_dyad_filter_takes_both_directions_unless_directed(client):
    both = _all_pages(client, "/api/incidents?dyad=IND-PAK")
    assert both and all(_codes(i) == {"IND", "PAK"} for i in both)
    directed = _all_pages(client, "/api/incidents?dyad=IND-PAK&directed=true")
    assert directed and all(i["source"]["code"] == "IND" for i in directed)
    assert len(directed) < len(both)
    assert client.get("/api/incidents?dyad=pak-ind&limit=0").json()["total"] == len(both)


def test_type_actor_and_date_filters(client):
    assaults = _all_pages(client, "/api/incidents?type=assault&since=2025-05-07&until=2025-05-10")
    assert assaults
    assert all(i["event_type"] == "ASSAULT" for i in assaults)
    assert all("2025-05-07" <= i["date"] <= "2025-05-10" for i in assaults)
    for i in _all_pages(client, "/api/incidents?actor=CHN"):
        assert "CHN" in _codes(i)
    events = _all_pages(client, "/api/events?type=CONSULT&actor=USA")
    assert events and all(e["event_type"] == "CONSULT" and "USA" in _codes(e) for e in events)
    assert client.get("/api/incidents?type=NOPE").status_code == 422
    assert client.get("/api/incidents?since=yesterday").status_code == 422


def _searched_text(incident: dict) -> str:
    """What incident search reads: the reports' sentences and the place."""
    sentences = [r.get("sentence") or "" for r in incident["reports"]]
    return " ".join([*sentences, (incident.get("location") or {}).get("name") or ""])


def test_text_search_is_by_word_in_any_case(client):
    found = _all_pages(client, "/api/incidents?q=uRi")
    assert found
    starts_a_word = re.compile(r"(?<![^\W_])uri", re.IGNORECASE)  # Uri, not "during"/"security"
    assert all(starts_a_word.search(_searched_text(i)) for i in found)
    everything = _all_pages(client, "/api/incidents")
    assert len(found) == sum(bool(starts_a_word.search(_searched_text(i))) for i in everything)
    assert client.get("/api/incidents?q=%25%25").json()["total"] == 0  # no word: nothing
    quotes = client.get("/api/statements?q=answered every round").json()
    assert quotes["total"] == 1 and quotes["items"][0]["doc_id"] == HOSTILE_DOC
    articles = client.get("/api/articles?q=Uri shelling").json()
    assert [a["doc_id"] for a in articles["items"]] == [HOSTILE_DOC]
    assert "text" not in articles["items"][0]


@pytest.mark.parametrize("q", ['"', "'", "*", "NEAR(", "a AND", ")", "\\", "%", ":", "^",
                               "-", "uri*", "OR", "'; --", "a" * 200])  # fmt: skip
def test_search_input_never_breaks_a_route(client, q):
    for url in ("/api/incidents", "/api/events", "/api/statements", "/api/articles", "/search",
                "/incidents", "/map"):  # fmt: skip
        response = client.get(url, params={"q": q})
        assert response.status_code == 200, (url, q, response.text[:200])


def test_search_words_are_prefixes_and_all_required(client):
    shell = client.get("/api/events?q=shell&limit=500").json()
    assert shell["total"] > 0
    assert all(re.search(r"\bshell", e["evidence"]["sentence"], re.IGNORECASE)
               for e in shell["items"])  # fmt: skip
    assert any("shelling" in e["evidence"]["sentence"].lower() for e in shell["items"])
    both = client.get("/api/events?q=shell uri&limit=500").json()["items"]
    assert both and {e["id"] for e in both} <= {e["id"] for e in shell["items"]}
    assert client.get("/api/events?q=shell zzyzx").json()["total"] == 0


def test_actor_lists_walk_in_order_without_gaps(client):
    """The actor filter's merged pages: every event with PAK on either side,
    once, in the list's own order (by date, undated last)."""
    everything = _all_pages(client, "/api/events")
    wanted = [e["id"] for e in everything if "PAK" in _codes(e)]
    walked = _all_pages(client, "/api/events?actor=PAK", limit=7)
    assert [e["id"] for e in walked] == wanted and wanted
    incidents = _all_pages(client, "/api/incidents")
    wanted = [i["id"] for i in incidents if "IND" in _codes(i) and "PAK" in _codes(i)]
    walked = _all_pages(client, "/api/incidents?dyad=PAK-IND", limit=9)
    assert [i["id"] for i in walked] == wanted
    quotes = _all_pages(client, "/api/statements?speaker=ind", limit=4)
    assert quotes and all(q["speaker"]["code"] == "IND" for q in quotes)
    assert len({q["id"] for q in quotes}) == len(quotes)


def test_limits_are_bounded(client):
    assert client.get("/api/incidents?limit=501").status_code == 422
    assert client.get("/api/incidents?offset=-1").status_code == 422
    page = client.get("/api/events?limit=500").json()
    assert len(page["items"]) == min(500, page["total"])


# -- single records -------------------------------------------------------------


def test_incident_by_id_matches_the_list(client):
    listed = client.get("/api/incidents?dyad=IND-PAK&type=ASSAULT&limit=1").json()["items"][0]
    one = client.get(f"/api/incidents/{listed['id']}").json()
    assert one == listed
    assert one["reports"] and all(r["doc_id"] and "sentence" in r for r in one["reports"])
    assert client.get("/api/incidents/doesnotexist").status_code == 404


def test_article_with_its_records(client):
    art = client.get(f"/api/articles/{HOSTILE_DOC}").json()
    assert art["title"].startswith("Uri shelling")
    assert {e["event_type"] for e in art["events"]} == {"ASSAULT"}
    assert art["statements"][0]["quote"].startswith("We answered")
    assert art["incidents"]
    assert client.get("/api/articles/nope").status_code == 404


def test_actors_ranked_with_names_and_roles(client):
    page = client.get("/api/actors?limit=100").json()
    counts = [a["incidents"] for a in page["items"]]
    assert counts == sorted(counts, reverse=True)
    by_code = {a["code"]: a for a in page["items"]}
    assert by_code["PAK"]["name"] == "Pakistan"
    assert by_code["PAK"]["incidents"] == by_code["PAK"]["as_source"] + by_code["PAK"]["as_target"]
    pak = client.get("/api/actors/pak?limit=100").json()
    assert pak["as_source"]["total"] == by_code["PAK"]["as_source"]
    assert all(i["source"]["code"] == "PAK" for i in pak["as_source"]["items"])
    assert all(i["target"]["code"] == "PAK" for i in pak["as_target"]["items"])
    assert all(s["speaker"]["code"] == "PAK" for s in pak["quotes"]["items"])
    assert client.get("/api/actors/ZZZ").status_code == 404


# -- analysis ----------------------------------------------------------------------


def test_escalation_series_is_daily_and_unordered(client):
    a = client.get("/api/escalation?dyad=PAK-IND").json()
    b = client.get("/api/escalation?dyad=IND-PAK").json()
    assert a == b and a["dyad"] == "IND-PAK"
    days = [r["date"] for r in a["rows"]]
    assert days == sorted(days) and len(days) == len(set(days))
    assert any(r["jump"] == "escalation" for r in a["rows"])
    assert a["casualties"]["fatalities"]["low"] <= a["casualties"]["fatalities"]["high"]
    assert client.get("/api/escalation?dyad=INDPAK").status_code == 422
    assert client.get("/api/escalation").status_code == 422


def test_diplomacy_and_network(client):
    page = client.get("/api/diplomacy?dyad=IND-PAK&limit=500").json()
    rows = page["items"]
    assert len(rows) == page["total"]
    assert client.get("/api/diplomacy?dyad=IND-PAK&limit=2&offset=1").json()["items"] == rows[1:3]
    assert rows and {"offer to mediate", "call for restraint"} & {r["kind"] for r in rows}
    network = client.get("/api/network").json()
    ids = {n["id"] for n in network["nodes"]}
    assert {"IND", "PAK"} <= ids
    assert all(e["source"] in ids and e["target"] in ids for e in network["edges"])


# -- read-only, docs, assets ---------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "HEAD"])
def test_only_get_is_allowed(client, method):
    for url in ("/api/incidents", "/", "/api/nothing-here"):
        response = client.request(method, url)
        assert response.status_code == 405
        assert response.headers["allow"] == "GET"


def test_openapi_lists_every_route_and_docs_need_no_internet(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/articles", "/api/articles/{doc_id}", "/api/events", "/api/incidents",
                  "/api/incidents/{incident_id}", "/api/statements", "/api/actors",
                  "/api/actors/{code}", "/api/escalation", "/api/diplomacy", "/api/network",
                  "/api/stats"):  # fmt: skip
        assert list(paths[route]) == ["get"]
    docs = client.get("/docs").text
    assert not re.search(r"(src|href)=['\"]https?://", docs)
    for asset in re.findall(r"['\"](/assets/swagger/[^'\"]+)['\"]", docs):
        assert client.get(asset).status_code == 200


def test_vega_bundle_is_served_and_cached(client):
    first = client.get("/assets/vega.js")
    assert first.status_code == 200
    assert "vegaEmbed" in first.text and first.headers["content-type"].startswith("text/javascript")
    again = client.get("/assets/vega.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_country_outlines_are_served_by_the_app(client):
    topo = client.get(specs.COUNTRIES_URL).json()
    assert topo["type"] == "Topology"
    names = {g["properties"]["name"] for g in topo["objects"]["countries"]["geometries"]}
    assert {"India", "Pakistan", "China"} <= names


# -- pages ---------------------------------------------------------------------------


def _spec(html: str, chart_id: str) -> dict:
    raw = re.search(rf'<script type="application/json" id="{chart_id}-spec">(.*?)</script>',
                    html, re.S).group(1)  # fmt: skip
    return json.loads(raw)


@pytest.mark.parametrize("url", ["/", "/incidents", "/map", "/actors", "/actors/IND",
                                 "/network", "/search?q=Poonch", "/search"])
def test_pages_load_with_a_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"].split(
        "script-src")[1].split(";")[0]  # fmt: skip
    assert not re.search(r"<script>", response.text)  # no inline script at all


def test_overview_charts_carry_the_series(client):
    html = client.get("/?dyad=PAK-IND").text
    spec = _spec(html, "escalation")
    rows = client.get("/api/escalation?dyad=IND-PAK").json()["rows"]
    assert len(spec["data"]["values"]) == len(rows)
    assert "killed (low / best / high)" in html
    assert _spec(html, "diplomacy")["data"]["values"]


def test_overview_api_and_briefing_tell_the_same_crisis(client, web_db):  # noqa: F811
    """One computation: the overview's killed card and incident count, the API's
    escalation answer and the briefing agree; key developments are on the page."""
    from flashpoint import report
    from flashpoint.store import Store

    answer = client.get("/api/escalation?dyad=IND-PAK").json()
    html = client.get("/?dyad=IND-PAK").text
    killed = answer["casualties"]["fatalities"]
    assert f"{killed['low']} / {killed['best']} / {killed['high']}" in html
    assert 'id="key-developments"' in html and "modality" in client.get("/incidents").text
    assert [s["side"] for s in answer["by_side"]] == ["IND->PAK", "PAK->IND"]
    assert all(set(r["sides"]) == {"IND->PAK", "PAK->IND"} for r in answer["rows"])
    with Store(web_db) as store:
        brief = report.collect(store, dyad="IND-PAK")
    assert brief["counts"]["incidents"] == answer["incidents"]
    assert brief["totals"]["fatalities"] == killed
    assert [r["date"] for r in brief["jumps"]] == [r["date"] for r in answer["rows"] if r["jump"]]


def _map_data(html: str) -> dict:
    raw = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    return json.loads(raw.group(1))


def test_map_page_plots_located_incidents(client):
    data = _map_data(client.get("/map?dyad=IND-PAK").text)
    assert data["countries"] == specs.COUNTRIES_URL
    points = data["points"]
    assert points and all(p["href"].startswith("/incidents/") for p in points)
    far_out, close_up = data["levels"][0], data["levels"][-1]
    assert far_out[0] == 0 and len(far_out) < len(close_up) <= len(points)  # clusters split


def test_incident_page_highlights_each_report_sentence(client):
    incident = client.get(f"/api/articles/{HOSTILE_DOC}").json()["incidents"][0]
    item = client.get(f"/api/incidents/{incident}").json()
    html = client.get(f"/incidents/{item['id']}").text
    assert html.count("<mark>") >= len(item["reports"])
    assert f"/articles/{HOSTILE_DOC}?event=" in html
    assert client.get("/incidents/nope").status_code == 404


def test_incident_list_pages_keep_filters(client):
    html = client.get("/incidents?dyad=IND-PAK&offset=25").text
    assert 'rel="prev"' in html and "dyad=IND-PAK" in html
    garbage = client.get("/incidents?dyad=IND-PAK&since=never&type=zz")
    assert garbage.status_code == 200  # a malformed date or type is ignored on pages
    wrong = client.get("/incidents?dyad=INDIA-PAKISTAN")
    assert wrong.status_code == 422 and "did you mean IND" in wrong.text  # a dyad is not
    api = client.get("/api/incidents?dyad=INDIA-PAKISTAN")
    assert api.status_code == 422 and "did you mean IND" in api.json()["detail"]
    assert client.get("/api/events?actor=PAKISTAN").status_code == 422


def test_hostile_text_is_escaped_everywhere(client):
    event = client.get(f"/api/articles/{HOSTILE_DOC}").json()["events"][0]
    incident = client.get(f"/api/articles/{HOSTILE_DOC}").json()["incidents"][0]
    shown = (f"/articles/{HOSTILE_DOC}?event={event['id']}", f"/incidents/{incident}",
             "/search?q=pwned")
    for url in (*shown, "/incidents?q=pwned", "/actors/PAK", "/"):
        html = client.get(url).text
        # shown, as text (on the search page, its matching word marked)
        assert url not in shown or "window.__pwned" in html.replace("<mark>", "").replace(
            "</mark>", ""), url  # fmt: skip
        assert "<script>window" not in html
        assert "<img src=x" not in html and "<svg onload" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.__pwned=4&lt;/script&gt;Frontier" in client.get(
        f"/incidents/{incident}").text  # fmt: skip


# -- units -----------------------------------------------------------------------------


def test_ttl_cache_computes_once_for_concurrent_callers():
    cache = analysis.TTLCache(ttl_s=60)
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return len(calls)

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow)))
               for _ in range(8)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [1] * 8 and len(calls) == 1


def test_ttl_cache_answers_stale_values_while_refreshing():
    cache = analysis.TTLCache(ttl_s=0.05)
    assert cache.get("k", lambda: 1) == 1
    time.sleep(0.1)
    assert cache.get("k", lambda: 2) == 1  # stale, answered at once; refreshed behind
    deadline = time.monotonic() + 5
    while cache.get("k", lambda: 3) == 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache.get("k", lambda: 4) in (2, 3)


def test_serve_warms_the_views_at_start(web_db):  # noqa: F811
    from flashpoint.web import create_app

    app = create_app(web_db, warm=True)
    with TestClient(app):
        deadline = time.monotonic() + 30
        while ("network",) not in app.state.analysis.cache._values:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert ("dyad", "IND-PAK") in app.state.analysis.cache._values
    app.state.store.close()


def test_casualty_totals_sum_low_best_high():
    incidents = [
        {"id": "a", "fatalities": {"low": 3, "best": 4, "high": 9}, "injuries": {"best": None}},
        {"id": "b", "fatalities": {"low": 1, "best": 1, "high": 1},
         "injuries": {"low": 2, "best": 2, "high": 5}},
        {"id": "c", "fatalities": {"best": None}, "injuries": None},
        {"id": "d", "modality": "negated", "fatalities": {"low": 7, "best": 7, "high": 7}},
    ]  # fmt: skip
    totals = analysis.casualty_totals(incidents)
    assert totals["fatalities"] == {"low": 4, "best": 5, "high": 10, "incidents": 2,
                                    "duplicates": 0}  # fmt: skip
    assert totals["injuries"] == {"low": 2, "best": 2, "high": 5, "incidents": 1, "duplicates": 0}


def test_split_text_refuses_offsets_outside_the_text():
    assert queries.split_text("abcdef", 2, 4) == ("ab", "cd", "ef")
    assert queries.split_text("abc", 2, 9) is None
    assert queries.split_text("abc", None, 2) is None
    assert queries.excerpt("x" * 50 + "HIT" + "y" * 50, 50, 53, context=5) == (
        "…xxxxx", "HIT", "yyyyy…")


def test_network_edges_take_the_dominant_quad_colour():
    network = {"nodes": [{"id": "A", "incidents": 3}, {"id": "B", "incidents": 2}],
               "edges": [{"source": "A", "target": "B", "incidents": 3, "weight": -4,
                          "by_quad": {"material_conflict": 2, "verbal_cooperation": 1}}]}
    nodes, edges = specs.network_layout(network)
    assert [n["id"] for n in nodes] == ["A", "B"]
    assert edges[0]["relation"] == "conflict" and edges[0]["quad"] == "material_conflict"
    assert (edges[0]["x"], edges[0]["y"]) == (nodes[0]["x"], nodes[0]["y"])


def test_map_first_view_centres_on_the_points():
    west, south, east, north = specs.map_data([{"lon": 70.0, "lat": 30.0},
                                               {"lon": 76.0, "lat": 34.0}])["box"]  # fmt: skip
    assert ((west + east) / 2, (south + north) / 2) == (73.0, 32.0)
    assert specs.map_data([])["box"] == list(specs.WORLD_BOX)


def test_events_and_statements_carry_their_article(client):
    for route in ("/api/events?limit=5", "/api/statements?limit=5"):
        items = client.get(route).json()["items"]
        assert items, route
        for item in items:
            assert set(item["article"]) >= {"outlet", "url", "published"}
        assert any(item["article"]["url"] for item in items), route


def test_the_article_page_links_its_source_only_when_it_is_a_web_address(client):
    listed = client.get("/api/articles?limit=500").json()["items"]
    plain = next(a for a in listed if (a.get("url") or "").startswith("http"))
    html = client.get(f"/articles/{plain['doc_id']}").text
    assert 'class="source-link"' in html and 'href="http' in html
    hostile = client.get(f"/articles/{HOSTILE_DOC}").text
    assert 'class="source-link"' not in hostile and 'href="javascript' not in hostile


def test_export_answers_the_filtered_incidents_as_a_file(client):
    import csv
    import io

    total = client.get("/api/incidents?actor=PAK&type=ASSAULT&limit=0").json()["total"]
    answer = client.get("/api/export?actor=PAK&type=ASSAULT&format=csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == total and {r["event_type"] for r in rows} == {"ASSAULT"}
    assert client.get("/api/export?dyad=INDIA-PAKISTAN").status_code == 422
    assert client.get("/api/export?format=xlsx").status_code == 422
    html = client.get("/incidents?dyad=IND-PAK&q=strike").text
    assert "/api/export?dyad=IND-PAK&amp;format=csv" in html


@pytest.mark.parametrize("sort", ["killed", "sources", "oldest", "date", "nonsense"])
def test_the_incident_list_sorts_by_its_column_headers(client, sort):
    import re

    html = client.get(f"/incidents?dyad=IND-PAK&sort={sort}").text
    assert html.count('class="sort-link"') == 3
    ids = re.findall(r'class="incident-link" href="/incidents/([^"]+)"', html)
    records = [client.get(f"/api/incidents/{i}").json() for i in ids]
    assert len(records) == 25
    if sort == "killed":
        best = [(r.get("fatalities") or {}).get("best") or -1 for r in records]
        assert best == sorted(best, reverse=True) and best[0] > 0
    elif sort == "sources":
        assert [r["sources"] for r in records] == sorted((r["sources"] for r in records),
                                                         reverse=True)  # fmt: skip
    else:
        dates = [r["date"] for r in records if r.get("date")]
        assert dates == sorted(dates, reverse=sort != "oldest")
    following = re.search(r'rel="next" href="([^"]+)"', html).group(1)
    assert (f"sort={sort}" in following) is (sort in ("killed", "sources", "oldest"))


@pytest.mark.parametrize("text, q, marked", [
    ("Shelling in Poonch killed three.", "shell poonch", ["Shelling", "Poonch"]),
    ("The UN met until noon.", "un", ["UN"]),  # a short word only whole
    ("Troops fired at dawn.", "fire", ["fired"]),
    ("Troops fired at dawn.", "ceasefire", []),
    ("<b>Raid</b> on a depot", "raid", ["Raid"]),
])  # fmt: skip
def test_highlight_marks_what_the_search_matches(text, q, marked):
    from flashpoint.web.queries import highlight

    parts = highlight(text, q)
    assert "".join(p for p, _ in parts) == " ".join(text.split())
    assert [p for p, hit in parts if hit] == marked


def test_search_results_show_their_matching_text(client):
    html = client.get("/search?q=Poonch").text
    assert '<td colspan="9" class="match-text">' in html
    assert "<mark>Poonch</mark>" in html
    hostile = client.get("/search?q=pwned").text
    assert "window.__<mark>pwned</mark>" in hostile  # the article's markup stays text
    assert "<script>window" not in hostile


def test_the_overview_narrows_to_a_date_range_that_follows_the_analyst(client):
    import re

    whole = client.get("/?dyad=IND-PAK").text
    part = client.get("/?dyad=IND-PAK&since=2025-05-08&until=2025-05-10").text
    count = lambda html: int(re.search(r'id="crisis-incidents"><div class="big">(\d+)',  # noqa: E731
                                       html).group(1))
    assert 0 < count(part) < count(whole)
    in_range = client.get("/api/incidents?dyad=IND-PAK&since=2025-05-08&until=2025-05-10"
                          "&limit=0").json()["total"]  # fmt: skip
    assert count(part) <= in_range
    # the header's links carry the range to the other pages
    assert 'href="/incidents?since=2025-05-08&amp;until=2025-05-10"' in part
    assert 'href="/map?since=2025-05-08&amp;until=2025-05-10"' in part
    assert 'href="/incidents"' in whole
    spec = json.loads(re.search(r'id="escalation-spec">(.*?)</script>', part, re.S).group(1))
    assert {v["date"][:10] for v in spec["data"]["values"]} == {
        "2025-05-08", "2025-05-09", "2025-05-10"}


def test_map_points_carry_what_their_tooltips_show(client):
    points = _map_data(client.get("/map?dyad=IND-PAK").text)["points"]
    assert points and all({"date", "type", "actors", "place", "killed"} <= set(p) for p in points)
    assert all(" → " in p["actors"] for p in points)
    assert any(p["place"] for p in points)


def test_the_map_keeps_the_date_range(client):
    points = _map_data(client.get("/map?since=2025-05-08&until=2025-05-10").text)["points"]
    assert points and all("2025-05-08" <= p["date"] <= "2025-05-10" for p in points)


def test_a_country_page_has_weekly_events_and_killed_by_type_and_its_dyads(client):
    import re

    html = client.get("/actors/PAK").text
    weekly = json.loads(re.search(r'id="weekly-spec">(.*?)</script>', html, re.S).group(1))
    killed = json.loads(re.search(r'id="weekly-killed-spec">(.*?)</script>', html, re.S).group(1))
    rows = weekly["data"]["values"]
    from datetime import date

    assert rows and all(date.fromisoformat(r["week"]).weekday() == 0 for r in rows)
    assert "ASSAULT" in {r["event_type"] for r in rows}
    assert sum(r["killed"] for r in killed["data"]["values"]) > 0
    assert 'href="/?dyad=IND-PAK"' in html


def test_weekly_rows_count_each_incident_in_its_week():
    from flashpoint.charts import weekly_rows

    def inc(day, etype, killed=None, modality="asserted"):
        return {"id": day + etype, "event_type": etype, "date": day, "date_precision": "day",
                "date_basis": "event", "modality": modality, "reports": [],
                "fatalities": {"best": killed}}  # fmt: skip

    rows = weekly_rows([inc("2025-05-07", "ASSAULT", 3), inc("2025-05-11", "ASSAULT", 2),
                        inc("2025-05-12", "ASSAULT"), inc("2025-05-08", "AGREE"),
                        inc("2025-05-09", "ASSAULT", 9, modality="denied")])  # fmt: skip
    assert rows == [
        {"week": "2025-05-05", "event_type": "AGREE", "incidents": 1, "killed": 0},
        {"week": "2025-05-05", "event_type": "ASSAULT", "incidents": 2, "killed": 5},
        {"week": "2025-05-12", "event_type": "ASSAULT", "incidents": 1, "killed": 0},
    ]


def test_the_overview_has_a_weekly_trend_by_type_of_the_crisis(client):
    import re

    html = client.get("/?dyad=IND-PAK").text
    trend = json.loads(re.search(r'id="trend-spec">(.*?)</script>', html, re.S).group(1))
    total = client.get("/api/escalation?dyad=IND-PAK").json()["incidents"]
    shown = sum(r["incidents"] for r in trend["data"]["values"])
    assert 0 < shown <= total  # the crisis's incidents dated to a day or a week
