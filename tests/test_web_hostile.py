"""Hostile requests get a 4xx, never a 500, on both engines: offsets past
the engines' integers, malformed dyads, NUL (``%00``) anywhere in a request;
an article whose id is a URL is reachable from the pages that link to it;
``/docs`` sends a Content-Security-Policy."""

from __future__ import annotations

import os
import re
import uuid
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from flashpoint import fuse
from flashpoint.models import Actor, Article, Event, Evidence

PG_URL = os.environ.get("FLASHPOINT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
URL_ID = "https://news.example/world/2025/raid?id=7#top"
LISTS = ["/api/articles", "/api/events", "/api/incidents", "/api/statements", "/api/actors",
         "/api/actors/AAA", "/api/diplomacy?dyad=AAA-BBB"]  # fmt: skip
PAGES = ["/incidents", "/actors", "/actors/AAA"]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql",
                                                               marks=pytest.mark.postgres)])
def client(request, tmp_path_factory):
    from flashpoint.store import Store
    from flashpoint.web import create_app

    schema = None
    if request.param == "sqlite":
        store = Store(str(tmp_path_factory.mktemp("web") / "h.db"))
    else:
        try:
            import psycopg

            psycopg.connect(PG_URL, connect_timeout=3).close()
        except Exception as exc:
            pytest.skip(f"PostgreSQL not reachable: {exc}")
        schema = f"fp_hostile_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        store = Store(PG_URL, schema=schema)
    for doc_id in (URL_ID, "plain"):
        sentence = "Gunboats fired on a patrol boat."
        store.save_article(Article(doc_id=doc_id, text=sentence, published="2025-04-02"), [
            Event(doc_id=doc_id, event_type="ASSAULT", evidence=Evidence(sentence, 0, 31, "fired"),
                  source=Actor(code="AAA", sector="MIL"), target=Actor(code="BBB", sector="MIL"),
                  date="2025-04-01")])  # fmt: skip
        fuse.update_for_article(store, doc_id)
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c
    store.close()
    if schema:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _with(route: str, param: str) -> str:
    return route + ("&" if "?" in route else "?") + param


@pytest.mark.parametrize("offset", [2**63, 2**64, 10**12])
@pytest.mark.parametrize("route", LISTS + PAGES)
def test_an_offset_out_of_range_is_422(client, route, offset):
    assert client.get(_with(route, f"offset={offset}")).status_code == 422


@pytest.mark.parametrize("route", LISTS + PAGES + ["/", "/map", "/search"])
@pytest.mark.parametrize("param", ["q=a%00b", "actor=%00", "dyad=A%00-B"])
def test_nul_in_a_parameter_is_422(client, route, param):
    assert client.get(_with(route, param)).status_code == 422


@pytest.mark.parametrize("path", ["/articles/x%00y", "/api/articles/x%00y", "/incidents/%00",
                                  "/api/incidents/%00", "/actors/%00", "/api/actors/%00"])
def test_nul_in_a_path_is_422(client, path):
    assert client.get(path).status_code == 422


@pytest.mark.parametrize("dyad", ["a--", "--", "-a-", "a-b-c", "a-", "AAA-ZZZ"])
def test_a_malformed_or_unknown_dyad_is_422_on_pages_and_in_the_api(client, dyad):
    answers = [client.get(route, params={"dyad": dyad})
               for route in ("/", "/incidents", "/map", "/api/escalation", "/api/incidents")]
    assert [a.status_code for a in answers] == [422] * 5
    message = answers[-1].json()["detail"]
    assert "known codes include" in message
    assert message.replace("'", "&#39;") in answers[1].text  # the page says the same, escaped


def test_a_dyad_of_codes_the_store_holds_is_accepted(client):
    assert client.get("/incidents", params={"dyad": "bbb-aaa"}).status_code == 200
    assert client.get("/api/incidents", params={"dyad": "AAA-BBB"}).json()["total"] >= 1


def test_an_article_whose_id_is_a_url_is_reachable_from_its_incident(client):
    assert client.get("/api/articles/" + quote(URL_ID, safe="")).json()["doc_id"] == URL_ID
    [incident] = client.get("/api/incidents").json()["items"]
    page = client.get(f"/incidents/{incident['id']}").text
    links = set(re.findall(r'href="(/articles/[^"]+)"', page))
    assert links, "the incident page links its articles"
    for link in links:
        target = link.replace("&amp;", "&").split("#")[0]
        response = client.get(target)
        assert response.status_code == 200, link
    assert any(quote(URL_ID, safe="") in link for link in links)


def test_docs_has_a_content_security_policy_that_allows_only_its_own_scripts(client):
    response = client.get("/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "frame-ancestors 'none'" in csp
    for script in re.findall(r"<script>(.*?)</script>", response.text, flags=re.DOTALL):
        import base64
        import hashlib

        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src
