"""The dashboard under many clients (``flashpoint bench --web``): the SQLite
connection pool, the data version that keeps cached views until the store
changes, counts taken with no connection held, deep pages read from the far
end, the warm-up before the first request, pages and JSON rendered once, the
server processes each listening on their own socket, and the bench's client.
Stores are small synthetic ones (``web.bench.build_db``), on SQLite and, where
marked, on the PostgreSQL test server."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import astuple
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from flashpoint.store import Store
from flashpoint.store import engine as store_engine
from flashpoint.store import incidents as itables
from flashpoint.web import bench, create_app, queries
from flashpoint.web.analysis import TTLCache
from flashpoint.web.queries import Filters
from test_store import PG_URL, _drop_schema, pg_error  # noqa: F401

INCIDENTS = 150


@pytest.fixture(scope="module")
def bench_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("load") / "bench.db"
    bench.build_db(path, incidents=INCIDENTS)
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, pg_error):  # noqa: F811
    """A synthetic store's URL on each engine (PostgreSQL: a schema of its own)."""
    if request.param == "sqlite":
        url, schema = str(tmp_path / "b.db"), None
    else:
        if pg_error:
            pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {pg_error}")
        schema = f"fp_load_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        url = f"{PG_URL}?schema={schema}"
    bench.build_db(url, incidents=INCIDENTS)
    yield url
    if schema:
        _drop_schema(schema)


# -- the pool and the data version ---------------------------------------------------


def test_a_sqlite_file_keeps_a_connection_per_request_thread(tmp_path):
    store = Store(tmp_path / "p.db")
    try:
        assert store.engine.pool.size() == store_engine.SQLITE_POOL_SIZE >= 20
        assert store.engine.pool._max_overflow == store_engine.SQLITE_POOL_OVERFLOW
        held = [store.engine.connect() for _ in range(40)]  # FastAPI's 40 threads at once
        for conn in held:
            conn.close()
    finally:
        store.close()


@pytest.mark.postgres
def test_postgresql_keeps_the_default_pool(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    store = Store(db_url)
    try:
        assert store.engine.pool.size() == 5
    finally:
        store.close()


def test_the_data_version_moves_with_a_write_by_any_connection(db_url):
    reader, writer = Store(db_url), Store(db_url)
    try:
        before = reader.data_version()
        if reader.dialect == "sqlite":  # PostgreSQL's moves with the whole server's writes
            assert reader.data_version() == before
        with writer.write() as conn:
            conn.execute(itables.incidents.update().values(sources=9).where(
                itables.incidents.c.id == _first_id(writer)))  # fmt: skip
        after = reader.data_version()
        assert after != before
        with reader.write() as conn:  # its own store's writes count too
            conn.execute(itables.incidents.update().values(sources=8))
        assert reader.data_version() != after
    finally:
        reader.close()
        writer.close()


def test_an_in_memory_store_has_no_version_to_keep_views_by():
    store = Store(":memory:")
    try:
        assert store.data_version() != store.data_version()
    finally:
        store.close()


def _first_id(store: Store) -> str:
    with store.read() as conn:
        return conn.execute(select(itables.incidents.c.id).limit(1)).scalar_one()


# -- the cache: recomputed when the store changed -------------------------------------


def test_a_stale_value_of_an_unchanged_store_is_kept_without_computing():
    version = [1]
    calls = []
    cache = TTLCache(ttl_s=0.0, version=lambda: version[0])

    def compute():
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1
    for _ in range(5):
        time.sleep(0.01)
        assert cache.get("k", compute) == 1
    time.sleep(0.2)
    assert len(calls) == 1  # no background refresh either
    version[0] = 2
    assert cache.get("k", compute) == 1  # stale answered at once, refreshed behind
    deadline = time.monotonic() + 5
    while cache.get("k", compute) != 2:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert len(calls) == 2


def test_a_version_read_before_a_slow_computation_catches_a_write_during_it():
    version = [1]

    def compute():
        version[0] = 2  # a writer commits while the view is computed
        return "old"

    cache = TTLCache(ttl_s=0.0, version=lambda: version[0])
    assert cache.get("k", compute) == "old"
    time.sleep(0.01)
    cache.get("k", lambda: "new")
    deadline = time.monotonic() + 5
    while cache.get("k", lambda: "new") != "new":
        assert time.monotonic() < deadline
        time.sleep(0.01)


# -- counts and pages -------------------------------------------------------------------


def test_a_cached_count_is_taken_with_no_connection_held(tmp_path, monkeypatch, bench_db):
    """With a pool of one connection, a page whose total is being counted
    (and kept) needs no second one: before, every waiter held a connection
    while the counting one asked for another, and 20 clients ran the pool dry."""
    monkeypatch.setattr(store_engine, "SQLITE_POOL_SIZE", 1)
    monkeypatch.setattr(store_engine, "SQLITE_POOL_OVERFLOW", 0)
    store = Store(bench_db)
    store.engine.pool._timeout = 2  # fail fast instead of after 30 s
    try:
        counts = TTLCache()
        page = queries.incidents_page(store, Filters(actor="PAK"), limit=5, counts=counts)
        assert page.total > 0 and len(page.items) == 5
        plain = queries.incidents_page(store, Filters(), limit=5, counts=counts)
        assert plain.total == INCIDENTS
        speaker = queries.statements_page(store, speaker="IND", limit=5, counts=counts)
        assert speaker.total > 0
    finally:
        store.close()


def test_deep_pages_read_from_the_far_end_are_the_pages_in_order(db_url):
    store = Store(db_url)
    try:
        table = itables.incidents
        base = select(table.c.id).select_from(table)
        order = queries.newest_first(store, table)
        seen = []
        for offset in range(0, INCIDENTS + 20, 10):
            page = queries.incidents_page(store, Filters(), limit=10, offset=offset)
            forward = queries._page(store, table.c.id, [table.c.record], base, order, 10, offset)
            assert [i["id"] for i in page.items] == [i["id"] for i in forward.items], offset
            seen += [i["id"] for i in page.items]
        assert len(seen) == len(set(seen)) == INCIDENTS
        for offset in (INCIDENTS // 2 - 1, INCIDENTS // 2 + 1, INCIDENTS - 3, INCIDENTS - 1):
            page = queries.incidents_page(store, Filters(), limit=7, offset=offset)
            assert [i["id"] for i in page.items] == seen[offset:offset + 7]
    finally:
        store.close()


def _lists(store: Store, offset: int) -> list:
    """Pages of each list shape (actor, dyad and type, none, a speaker, an
    actor's events, an actor's roles) at ``offset``: ids and totals."""
    pages = [queries.incidents_page(store, f, limit=6, offset=offset)
             for f in (Filters(actor="PAK"), Filters(actor="IND"), Filters(),
                       Filters(dyad="IND-PAK", event_type="ASSAULT"),
                       Filters(dyad="PAK-IND", directed=True, since=date(2024, 3, 1)))]
    pages += [queries.statements_page(store, speaker=code, limit=6, offset=offset)
              for code in ("IND", "PAK")]
    pages.append(queries.events_page(store, Filters(actor="PAK"), limit=6, offset=offset))
    found = queries.actor(store, "PAK", limit=6, offset=offset)
    return ([(p.total, [r["id"] for r in p.items]) for p in pages]
            + [(found[k]["total"], [r["id"] for r in found[k]["items"]])
               for k in ("as_source", "as_target", "quotes")])


def test_statements_built_once_per_filter_serve_every_page_and_value(db_url, monkeypatch):
    """A list's statements are built once per filter and kept (``_built``):
    every offset runs the same statements (page sizes and offsets are bound
    parameters), and each filter's pages are the ones built afresh."""
    store = Store(db_url)
    try:
        queries._BUILT.clear()
        kept = {offset: _lists(store, offset) for offset in (0, 5, 17)}
        built = set(queries._BUILT)
        assert built and not any(5 in key or 17 in key for key in built)
        assert {offset: _lists(store, offset) for offset in (17, 5, 0)} == kept
        assert set(queries._BUILT) == built  # nothing built again
        monkeypatch.setattr(queries, "_built", lambda key, build: build())
        fresh = {offset: _lists(store, offset) for offset in (0, 5, 17)}
        assert fresh == kept
        assert kept[0] != kept[5] and kept[0][0] != kept[0][1]  # pages and actors differ
    finally:
        store.close()


def _old_api_body(store: Store, url: str) -> bytes:
    """What the API answered before it passed stored records through: the
    parsed records, with their articles, serialized by FastAPI."""
    from flashpoint.web.api import JSON_BODY

    path, _, query = url.partition("?")
    args = dict(p.split("=") for p in query.split("&")) if query else {}
    limit, offset = int(args.pop("limit", 50)), int(args.pop("offset", 0))
    if path == "/api/statements":
        page = queries.with_articles(store, queries.statements_page(
            store, speaker=args.get("speaker"), q=args.get("q"), limit=limit, offset=offset))
    else:
        f = Filters(dyad=args.get("dyad"), actor=args.get("actor"), event_type=args.get("type"),
                    since=date.fromisoformat(args["since"]) if "since" in args else None,
                    q=args.get("q"))
        if path == "/api/events":
            page = queries.with_articles(store, queries.events_page(store, f, limit=limit,
                                                                    offset=offset))
        else:
            page = queries.incidents_page(store, f, limit=limit, offset=offset)
    return JSON_BODY.dump_json(page.to_dict())


API_LISTS = ["/api/incidents", "/api/incidents?offset=140&limit=20",
             "/api/incidents?dyad=IND-PAK&type=ASSAULT&since=2024-03-01",
             "/api/incidents?q=Poonch", "/api/events?actor=PAK&offset=3",
             "/api/events?q=Poonch", "/api/statements?speaker=IND", "/api/statements",
             "/api/statements?q=Poonch&limit=500", "/api/incidents?dyad=IND-PAK&since=2099-01-01"]


def test_api_lists_pass_stored_records_through_with_the_same_json(db_url):
    """The lists write the stored JSON text of their records as it is: the
    answer parses to the same values, keys in the same order, as the parsed
    records serialized by FastAPI did."""
    store = Store(db_url)
    try:
        with TestClient(create_app(store)) as client:
            for url in API_LISTS:
                answer = client.get(url)
                assert answer.status_code == 200, url
                assert answer.headers["content-type"] == "application/json"
                old = _old_api_body(store, url)
                ordered = {"object_pairs_hook": list}
                assert json.loads(answer.content, **ordered) == json.loads(old, **ordered), url
    finally:
        store.close()


def test_records_json_cannot_write_as_it_is_are_parsed_and_written_again():
    from flashpoint.web.api import JSON_BODY, page_json

    article = {"outlet": "Wire", "url": None, "published": "2024-05-01", "title": "é"}
    items = [queries.RawRecord('{"a": NaN, "b": 1}'),  # Python's JSON, not JSON
             queries.RawRecord('{"article": 1, "c": 2}', "d1", article),  # has its own
             queries.RawRecord("{}", "d2", article),
             queries.RawRecord('{"d": "\\u00e9", "e": [1.5, null]}', "d3", article),
             {"plain": True}]
    page = queries.Page(items=items, total=9, limit=5, offset=4, extra={"truncated": True})
    body = page_json(page).body
    expected = [{"a": None, "b": 1}, {"article": article, "c": 2}, {"article": article},
                {"d": "é", "e": [1.5, None], "article": article}, {"plain": True}]
    assert json.loads(body) == {"total": 9, "limit": 5, "offset": 4, "items": expected,
                                "truncated": True}
    assert list(json.loads(body)) == ["total", "limit", "offset", "items", "truncated"]
    assert list(json.loads(body)["items"][3]) == ["d", "e", "article"]
    assert not items[0].spliceable() and not items[1].spliceable() and items[3].spliceable()
    assert json.loads(JSON_BODY.dump_json(items[0].parsed())) == {"a": None, "b": 1}


def test_search_hit_counts_are_kept_until_the_store_changes(bench_db):
    store = Store(bench_db)
    try:
        counts = TTLCache(version=store.data_version)
        first = queries.incidents_page(store, Filters(q="Poonch"), limit=5, counts=counts)
        assert any(key[0] == "search" for key in counts._values)
        again = queries.incidents_page(store, Filters(q="Poonch"), limit=5, counts=counts)
        assert first.total == again.total > 0
    finally:
        store.close()


# -- the app: warm before it answers, pages and JSON rendered once ---------------------


def test_the_busiest_views_are_built_before_the_first_request(bench_db):
    app = create_app(bench_db, warm=True)
    try:
        with TestClient(app):  # the lifespan has run: the warm-up is done
            cache = app.state.analysis.cache
            dyad = app.state.analysis.default_dyad()
            assert dyad == "IND-PAK"
            for key in [("stats",), ("actors",), ("network",), ("dyad", dyad),
                        ("diplomacy", dyad), ("overview", dyad), ("dyad-charts", dyad),
                        ("weekly", "IND"), ("weekly", "PAK"), ("network-page",),
                        ("map", astuple(Filters()), False)]:  # fmt: skip
                assert cache.has(key), key
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        app.state.store.close()


def test_kept_pages_and_json_change_when_the_store_does(bench_db, tmp_path):
    import shutil

    path = tmp_path / "copy.db"
    shutil.copy(bench_db, path)
    app = create_app(path, cache_ttl_s=0.0)
    writer = Store(path)
    try:
        with TestClient(app) as client:
            first = client.get("/api/escalation?dyad=IND-PAK")
            assert first.status_code == 200 and first.headers["content-type"] == "application/json"
            assert first.json()["dyad"] == "IND-PAK" and first.json()["rows"]
            assert client.get("/api/escalation?dyad=IND-PAK").content == first.content
            page = client.get("/")
            assert page.status_code == 200 and "Content-Security-Policy" in page.headers
            assert page.headers["X-Content-Type-Options"] == "nosniff"
            assert client.get("/").content == page.content
            network = client.get("/api/network").json()
            assert network["nodes"] and network["edges"]
            _add_incident(writer, "IND", "PAK", "2025-01-01", killed=40)
            deadline = time.monotonic() + 10
            while client.get("/api/escalation?dyad=IND-PAK").content == first.content:
                assert time.monotonic() < deadline, "the JSON kept the old store"
                time.sleep(0.05)
            while client.get("/").content == page.content:
                assert time.monotonic() < deadline, "the overview kept the old store"
                time.sleep(0.05)
    finally:
        writer.close()
        app.state.store.close()


def test_kept_search_and_actor_pages_change_when_the_store_does(db_url):
    """A search's page and an actor's page are rendered once per query (kept
    in ``Analysis.pages``, apart from the views) and again after a write."""
    app = create_app(db_url, cache_ttl_s=0.0)
    writer = Store(db_url)
    try:
        with TestClient(app) as client:
            search = client.get("/search?q=Qorvandi")
            actor = client.get("/actors/PAK")
            missing = client.get("/actors/ZZZ")
            assert search.status_code == actor.status_code == 200
            assert missing.status_code == 404
            assert "Content-Security-Policy" in search.headers
            assert "added-incident" not in search.text and "added-incident" not in actor.text
            pages = app.state.analysis.pages
            assert pages.has(("page", "search.html", "", "search", "Qorvandi"))
            assert pages.has(("page", "actor.html", "", "actor", "PAK", 0))
            assert not any("search.html" in key for key in app.state.analysis.cache._values)
            assert client.get("/search?q=Qorvandi").content == search.content
            assert client.get("/actors/PAK").content == actor.content
            assert client.get("/actors/ZZZ").status_code == 404
            _add_incident(writer, "IND", "PAK", "2099-01-01", killed=40,
                          sentence="Shelling hit the Qorvandi ridge.")
            deadline = time.monotonic() + 10
            while "added-incident" not in (page := client.get("/search?q=Qorvandi")).text:
                assert time.monotonic() < deadline, "the search kept the old store"
                time.sleep(0.05)
            assert page.status_code == 200
            while "added-incident" not in client.get("/actors/PAK").text:
                assert time.monotonic() < deadline, "the actor page kept the old store"
                time.sleep(0.05)
    finally:
        writer.close()
        app.state.store.close()


def _add_incident(store: Store, source: str, target: str, day: str, *, killed: int,
                  sentence: str | None = None) -> None:
    from datetime import date

    from flashpoint.store.search import incident_text

    reports = [{"sentence": sentence}] if sentence else []
    record = {"id": "added-incident", "event_type": "ASSAULT", "date": day,
              "source": {"code": source}, "target": {"code": target}, "sources": 1,
              "fatalities": {"low": killed, "best": killed, "high": killed},
              "reports": reports}  # fmt: skip
    row = {"id": "added-incident", "event_type": "ASSAULT", "quad": "material_conflict",
           "source_code": source, "target_code": target, "date": date.fromisoformat(day),
           "date_precision": "day", "sources": 1, "fatalities_best": killed,
           "contested": False, "linkable": False, "record": record,
           "search_text": incident_text(record)}  # fmt: skip
    with store.write() as conn:
        conn.execute(insert(itables.incidents), [row])


# -- serve --workers: a socket per process -----------------------------------------------


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[8:-1])
    return found


def _established_on(port: int) -> dict[str, int]:
    """Inode -> 1 for each established connection to ``port`` (server side)."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                found[fields[9]] = 1
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_each_server_process_gets_connections(bench_db):
    port = bench._free_port()
    code = ("from flashpoint.cli_web import serve_dashboard; "
            f"serve_dashboard({str(bench_db)!r}, host='127.0.0.1', port={port}, workers=2)")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, env=env)
    try:
        bench._wait_up(f"http://127.0.0.1:{port}", proc, timeout_s=120)
        bench._wait_idle(proc.pid, timeout_s=120)

        async def connect() -> list[int]:
            conns = [bench.Connection("127.0.0.1", port) for _ in range(16)]
            try:
                answers = await asyncio.gather(*(c.get("/api/stats") for c in conns))
                assert all(status == 200 for status, _ in answers)
                established = _established_on(port)
                return [len(_socket_inodes(w) & established.keys()) for w in workers]
            finally:
                for c in conns:
                    c.close()

        workers = [int(w) for t in Path(f"/proc/{proc.pid}/task").iterdir()
                   for w in (t / "children").read_text().split()
                   if b"spawn_main" in Path(f"/proc/{w}/cmdline").read_bytes()]  # fmt: skip
        per_worker = asyncio.run(connect())
        assert len(workers) == 2 and sum(per_worker) == 16
        assert min(per_worker) > 0, per_worker  # 16 to one of two: 1 chance in 32,768
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode is not None
    time.sleep(0.5)
    for w in workers:
        assert not Path(f"/proc/{w}").exists() or "Z" in Path(f"/proc/{w}/stat").read_text().split()[2]


# -- the bench's client -----------------------------------------------------------------


def test_the_bench_client_reads_sized_chunked_and_closed_responses():
    answers = {
        b"/sized": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"/chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\nTrailer: 1\r\n\r\n",
        b"/missing": b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno",
        b"/closed": b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end",
    }  # fmt: skip
    requests = []

    hung_up = []

    async def handle(reader, writer):
        while line := await reader.readline():
            path = line.split()[1]
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
            requests.append(path)
            if path == b"/hangup" and not hung_up:  # a kept-alive connection closed
                hung_up.append(1)  # by the server: the client opens another
                break
            writer.write(answers.get(path, answers[b"/sized"]))
            await writer.drain()
            if path == b"/closed":
                break
        writer.close()

    async def run():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        conn = bench.Connection("127.0.0.1", port)
        got = [await conn.get("/sized"), await conn.get("/chunked"), await conn.get("/missing"),
               await conn.get("/closed"), await conn.get("/sized"),
               await conn.get("/hangup"), await conn.get("/sized")]  # fmt: skip
        conn.close()
        server.close()
        await server.wait_closed()
        return got

    got = asyncio.run(run())
    assert got == [(200, 5), (200, 7), (404, 2), (200, 13), (200, 5), (200, 5), (200, 5)]
    assert requests == [b"/sized", b"/chunked", b"/missing", b"/closed", b"/sized",
                        b"/hangup", b"/hangup", b"/sized"]  # fmt: skip


def test_bench_web_measures_every_route_without_errors(bench_db):
    result = bench.bench_web(db=bench_db, clients=3, requests=4, workers=2)
    assert result.incidents == INCIDENTS and result.workers == 2
    assert [r.route for r in result.routes] == list(bench.routes(["x"]))
    for route in result.routes:
        assert route.errors == 0 and route.requests == 4, route
        assert route.server_cpu_ms is not None and route.server_cpu_ms >= 0


def test_threads_share_the_app_without_a_pool_timeout(bench_db):
    """Twenty threads asking for the same uncounted page at once (the cold
    start that timed out the pool) all get it."""
    store = Store(bench_db)
    counts = TTLCache()
    results, errors = [], []

    def ask():
        try:
            page = queries.incidents_page(store, Filters(dyad="IND-PAK"), limit=10, counts=counts)
            results.append(page.total)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    store.close()
    assert not errors and len(results) == 20 and len(set(results)) == 1
