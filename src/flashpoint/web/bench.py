"""Load benchmark of the dashboard and API (``flashpoint bench --web``).

``bench_web()`` synthesises a database of ``incidents`` incidents (default
100,000; each reported by two articles, so twice as many events, plus a quote
per article), starts ``flashpoint serve`` on it in a subprocess on a free
port of 127.0.0.1, sends ``requests`` requests to each main page and API
route from ``clients`` concurrent keep-alive connections (``Connection``,
asyncio), and reports the latency per route (p50, p95, max), the error count
and the server processes' CPU per request, once the server has warmed its
views and gone idle, and after untimed requests from every client per route
(steady state). Nothing leaves 127.0.0.1; the loops are bounded and stop by
themselves.

    python -m flashpoint.web.bench --incidents 100000 --clients 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from flashpoint import fuse
from flashpoint.models import QUAD_CLASS, stable_id
from flashpoint.store.search import incident_text

ACTORS = ("IND", "PAK", "USA", "CHN", "GBR", "IRN", "SAU", "UN", "EU", "RUS", "TUR", "QAT",
          "ARE", "AFG", "LET", "JEM", "TRF")  # fmt: skip
TYPES = (("ASSAULT", 40), ("ACCUSE", 10), ("REQUEST", 10), ("CONSULT", 10), ("REJECT", 6),
         ("THREATEN", 6), ("AGREE", 5), ("SUPPORT", 4), ("SANCTION", 3), ("MOBILIZE", 3),
         ("COERCE", 2), ("RETREAT", 1))  # fmt: skip
PLACES = (("Poonch", "IND", 33.77, 74.09), ("Uri", "IND", 34.08, 74.05),
          ("Muzaffarabad", "PAK", 34.37, 73.47), ("Kotli", "PAK", 33.52, 73.90),
          ("Jammu", "IND", 32.73, 74.86), ("Bahawalpur", "PAK", 29.40, 71.68),
          ("Srinagar", "IND", 34.08, 74.80), ("Sialkot", "PAK", 32.49, 74.53))  # fmt: skip
OUTLETS = ("Valley Wire", "Indus Ledger", "Frontier Post Daily", "Capital Dispatch")
START = date(2024, 1, 1)
DAYS = 730


@dataclass
class RouteTiming:
    route: str
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    #: CPU milliseconds the server processes spent per request (None: unknown)
    server_cpu_ms: float | None = None


@dataclass
class WebBench:
    incidents: int
    events: int
    articles: int
    clients: int
    build_seconds: float
    workers: int = 1
    load_average: list[float] = field(default_factory=list)
    routes: list[RouteTiming] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


# -- the synthetic database ------------------------------------------------------


def _dyad(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.4:
        return ("IND", "PAK") if rng.random() < 0.5 else ("PAK", "IND")
    a, b = rng.sample(ACTORS, 2)
    return a, b


def _event(rng: random.Random, doc_id: str, seq: int, base: dict, offset: int) -> dict:
    sentence = (f"{base['source']} forces acted against {base['target']} near {base['place'][0]} "
                f"on {base['date']}, officials said (report {seq}).")  # fmt: skip
    place = base["place"]
    event = {
        "kind": "event", "doc_id": doc_id, "event_type": base["type"],
        "evidence": {"sentence": sentence, "start": offset, "end": offset + len(sentence),
                     "trigger": "acted"},
        "source": {"code": base["source"], "sector": "MIL", "name": None, "role": None,
                   "text": base["source"]},
        "target": {"code": base["target"], "sector": "GOV", "name": None, "role": None,
                   "text": base["target"]},
        "mode": None, "contexts": ["military"], "date": base["date"], "date_precision": "day",
        "date_text": base["date"],
        "location": {"name": place[0], "country": place[1], "admin1": None, "lat": place[2],
                     "lon": place[3], "precision": "city", "text": place[0]},
        "fatalities": base["killed"] + rng.choice((0, 0, 1, 2)) if base["killed"] else None,
        "injuries": None, "casualty_text": None, "modality": "asserted", "claimed_by": None,
        "confidence": 0.7,
    }  # fmt: skip
    event["id"] = stable_id(doc_id, "event", base["type"], offset, seq)
    return event


def build_db(path: str | Path, *, incidents: int = 100_000, seed: int = 0,
             per_article: int = 8) -> dict:  # fmt: skip
    """Write the synthetic database; returns its counts."""
    from sqlalchemy import insert

    from flashpoint.models import Article
    from flashpoint.store import Store
    from flashpoint.store import incidents as itables

    rng = random.Random(seed)
    types = [t for t, _ in TYPES]
    weights = [w for _, w in TYPES]
    store = Store(path)
    itables.ensure_tables(store.engine)
    columns = set(itables.incidents.c.keys())
    # Each incident has two reports, in two different articles.
    slots: list[tuple[int, int]] = [(i, r) for i in range(incidents) for r in range(2)]
    rng.shuffle(slots)
    bases = []
    for _ in range(incidents):
        source, target = _dyad(rng)
        etype = rng.choices(types, weights)[0]
        bases.append({"source": source, "target": target, "type": etype,
                      "date": (START + timedelta(days=rng.randrange(DAYS))).isoformat(),
                      "place": rng.choice(PLACES),
                      "killed": rng.choice((0, 0, 0, 1, 2, 5, 12)) if etype == "ASSAULT" else 0})
    reports: dict[int, list[dict]] = {}
    n_events = n_articles = 0
    for start in range(0, len(slots), per_article):
        chunk = slots[start:start + per_article]
        doc_id = f"synthetic_{n_articles:06d}"
        day = max(bases[i]["date"] for i, _ in chunk)
        meta = {"doc_id": doc_id, "outlet": rng.choice(OUTLETS), "published": day}
        events, text = [], ""
        for seq, (i, _) in enumerate(chunk):
            event = _event(rng, doc_id, seq, bases[i], len(text))
            text += event["evidence"]["sentence"] + " "
            events.append(event)
            reports.setdefault(i, []).append(fuse.make_report(event, meta))
        speaker = {"code": bases[chunk[0][0]]["source"], "sector": "GOV",
                   "name": None, "role": None, "text": "a spokesman"}  # fmt: skip
        quote = f"We will answer every provocation near {bases[chunk[0][0]]['place'][0]}"
        statement = {"kind": "statement", "id": stable_id(doc_id, "statement", 0, quote),
                     "doc_id": doc_id, "quote": quote, "speaker": speaker, "date": day,
                     "evidence": {"sentence": quote, "start": 0, "end": len(quote),
                                  "trigger": "said"}}  # fmt: skip
        article = Article(doc_id=doc_id, text=text.strip(), published=day, outlet=meta["outlet"],
                          title=f"Synthetic report {n_articles}")  # fmt: skip
        store.save_article(article, events, [statement])
        n_events += len(events)
        n_articles += 1
    rows, report_rows = [], []
    for i in range(incidents):
        incident_id = stable_id("incident", i)
        summary = fuse.summarize(incident_id, reports[i])
        day = date.fromisoformat(bases[i]["date"])
        loc = summary.get("location") or {}
        row = {"id": incident_id, "event_type": summary["event_type"],
               "quad": QUAD_CLASS[summary["event_type"]], "source_code": bases[i]["source"],
               "target_code": bases[i]["target"], "date": day, "date_precision": "day",
               "date_lo": day, "date_hi": day, "location_country": loc.get("country"),
               "lat": loc.get("lat"), "lon": loc.get("lon"), "sources": summary["sources"],
               "fatalities_best": (summary.get("fatalities") or {}).get("best"),
               "contested": False, "linkable": False,
               "first_reported": summary.get("first_reported"), "record": summary,
               "search_text": incident_text(summary)}  # fmt: skip
        rows.append({k: v for k, v in row.items() if k in columns})
        report_rows.extend({"event_id": r["event_id"], "incident_id": incident_id,
                            "doc_id": r["doc_id"], "published": r.get("published"),
                            "report": r} for r in reports[i])  # fmt: skip
        if len(rows) >= 5000 or i == incidents - 1:
            with store.write() as conn:
                conn.execute(insert(itables.incidents), rows)
                conn.execute(insert(itables.incident_reports), report_rows)
            rows, report_rows = [], []
    if store.dialect == "sqlite":
        with store.write() as conn:
            conn.exec_driver_sql("ANALYZE")
    store.close()
    return {"incidents": incidents, "events": n_events, "articles": n_articles}


# -- the load ----------------------------------------------------------------------


def routes(sample_ids: list[str]) -> dict[str, list[str]]:
    """Route name -> the URLs its requests cycle through."""
    ids = sample_ids or ["none"]
    return {
        "page /": ["/"],
        "page /incidents": ["/incidents", "/incidents?offset=50000"],
        "page /incidents?filters": ["/incidents?dyad=IND-PAK&type=ASSAULT&since=2024-06-01"],
        "page /incidents/{id}": [f"/incidents/{i}" for i in ids],
        "page /map": ["/map"],
        "page /actors/PAK": ["/actors/PAK"],
        "page /network": ["/network"],
        "page /search": ["/search?q=Poonch"],
        "api /api/incidents": ["/api/incidents", "/api/incidents?offset=90000"],
        "api /api/incidents?filters": [
            "/api/incidents?dyad=IND-PAK&since=2024-03-01&until=2024-09-30&type=ASSAULT"],
        "api /api/incidents/{id}": [f"/api/incidents/{i}" for i in ids],
        "api /api/events?actor": ["/api/events?actor=PAK"],
        "api /api/statements": ["/api/statements?speaker=IND"],
        "api /api/actors": ["/api/actors"],
        "api /api/escalation": ["/api/escalation?dyad=IND-PAK"],
        "api /api/diplomacy": ["/api/diplomacy?dyad=IND-PAK"],
        "api /api/network": ["/api/network"],
        "api /api/stats": ["/api/stats"],
    }  # fmt: skip


class _Reopen(Exception):
    """A kept-alive connection was closed by the server before answering."""


class Connection:
    """One bench client: a keep-alive HTTP/1.1 connection that sends GETs and
    reads whole responses (``Content-Length``, chunked, or to the close).

    Written on asyncio's streams rather than with httpx: the load and the
    server share the machine's cores, and httpx spent 3-4 ms of CPU per
    request in the one client process (more than the server spent on most
    routes), so twenty clients queued behind the client's own parsing. This
    costs a tenth of that."""

    def __init__(self, host: str, port: int, *, timeout_s: float = 120) -> None:
        self.host, self.port, self.timeout_s = host, port, timeout_s
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, body bytes) of ``GET path``; an error closes the connection.
        A kept-alive connection the server had closed (uvicorn closes one idle
        for 5 s) is opened again and the request sent once more, as browsers
        do."""
        try:
            return await asyncio.wait_for(self._get(path), self.timeout_s)
        except _Reopen:
            self.close()
            return await self.get(path)
        except BaseException:
            self.close()
            raise

    async def _get(self, path: str) -> tuple[int, int]:
        reused = self._writer is not None
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._reader, self._writer
        assert reader is not None
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                         "Accept-Encoding: identity\r\n\r\n".encode("latin-1"))  # fmt: skip
            await writer.drain()
            status_line = await reader.readline()
        except ConnectionError:
            if reused:
                raise _Reopen() from None
            raise
        if not status_line:
            if reused:
                raise _Reopen()
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            key, _, value = line.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        size = 0
        if "content-length" in headers:
            size = len(await reader.readexactly(int(headers["content-length"])))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while chunk := int((await reader.readline()).split(b";")[0], 16):
                size += len(await reader.readexactly(chunk + 2)) - 2
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):  # trailers
                pass
        else:
            size = len(await reader.read())
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, size

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


async def _route(connections: list[Connection], name: str, urls: list[str], *,
                 requests: int) -> RouteTiming:  # fmt: skip
    """``requests`` GETs cycling through ``urls``, one client per connection."""
    queue = [urls[k % len(urls)] for k in range(requests)]
    times: list[float] = []
    errors = 0

    async def worker(connection: Connection) -> None:
        nonlocal errors
        while queue:
            url = queue.pop()
            t0 = time.perf_counter()
            try:
                status, _ = await connection.get(url)
                errors += status != 200
            except (TimeoutError, OSError, ValueError, IndexError, asyncio.IncompleteReadError):  # fmt: skip
                errors += 1
            times.append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(worker(c) for c in connections))
    times.sort()
    return RouteTiming(route=name, requests=len(times), errors=errors,
                       p50_ms=round(statistics.median(times), 1),
                       p95_ms=round(times[max(0, int(len(times) * 0.95) - 1)], 1),
                       max_ms=round(times[-1], 1))  # fmt: skip


async def _load(base: str, plan: dict[str, list[str]], *, clients: int,
                requests: int, server: Callable[[], float] | None = None) -> list[RouteTiming]:  # fmt: skip
    """Each route in turn under ``clients`` connections; with ``server`` (the
    server processes' CPU seconds so far), each timing gets the server's CPU
    per request."""
    host, _, port = base.removeprefix("http://").rpartition(":")
    connections = [Connection(host, int(port)) for _ in range(clients)]
    try:
        for urls in plan.values():  # untimed requests from every client: each server
            # process's caches and views warm (steady state); errors show when timed
            await asyncio.gather(*(c.get(urls[0]) for c in connections), return_exceptions=True)
        timings = []
        for name, urls in plan.items():
            before = server() if server else None
            timing = await _route(connections, name, urls, requests=requests)
            if server is not None and before is not None:
                timing.server_cpu_ms = round((server() - before) * 1000 / max(1, requests), 2)
            timings.append(timing)
        return timings
    finally:
        for c in connections:
            c.close()


def _cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user and system) of ``pid`` and every process under it,
    from /proc (None where there is no /proc)."""
    total, todo, seen = 0.0, [pid], set()
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(x) for x in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            if p == pid:
                return None
    return total


def _wait_idle(pid: int, *, quiet_s: float = 2.0, busy_below: float = 0.2,
               timeout_s: float = 900) -> None:  # fmt: skip
    """Wait until the server's processes use less than ``busy_below`` of a
    core over ``quiet_s`` seconds: with several processes the first one ready
    answers while the others still warm their views, and the load would
    start while they take the cores."""
    deadline = time.monotonic() + timeout_s
    last = _cpu_seconds(pid)
    while last is not None and time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = _cpu_seconds(pid)
        if now is None or now - last < busy_below * quiet_s:
            return
        last = now


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_up(base: str, proc: subprocess.Popen, *, timeout_s: float = 900) -> None:
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            if httpx.get(base + "/api/stats", timeout=30).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not start")


def bench_web(
    *,
    incidents: int = 100_000,
    clients: int = 20,
    requests: int = 100,
    db: str | Path | None = None,
    seed: int = 0,
    workers: int | None = None,
) -> WebBench:
    """Build (or reuse, when ``db`` exists) the synthetic database, serve it
    with ``workers`` server processes (default: one per core, as
    ``serve --workers``) and measure each route."""
    workers = workers or len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db) if db else Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        if not path.exists():
            counts = build_db(path, incidents=incidents, seed=seed)
        else:
            counts = _counts(path)
        build_s = time.perf_counter() - t0
        ids = _sample_ids(path, 50, seed=seed)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        code = ("from flashpoint.cli_web import serve_dashboard; "
                f"serve_dashboard({str(path)!r}, host='127.0.0.1', port={port}, workers={workers})")  # fmt: skip
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})  # fmt: skip
        try:
            _wait_up(base, proc)
            _wait_idle(proc.pid)
            timings = asyncio.run(_load(base, routes(ids), clients=clients, requests=requests,
                                        server=lambda: _cpu_seconds(proc.pid) or 0.0))
            load = [round(x, 2) for x in os.getloadavg()]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return WebBench(incidents=counts["incidents"], events=counts["events"],
                    articles=counts["articles"], clients=clients,
                    build_seconds=round(build_s, 1), routes=timings, workers=workers,
                    load_average=load)  # fmt: skip


def _counts(path: Path) -> dict:
    from flashpoint.store import Store
    from flashpoint.web.queries import count_incidents

    store = Store(path)
    try:
        numbers = store.stats(top=0)
        return {"incidents": count_incidents(store), "events": numbers["events"],
                "articles": numbers["articles"]}  # fmt: skip
    finally:
        store.close()


def _sample_ids(path: Path, n: int, *, seed: int) -> list[str]:
    from sqlalchemy import select

    from flashpoint.store import Store
    from flashpoint.store import incidents as itables

    store = Store(path)
    try:
        with store.read() as conn:
            ids = list(conn.execute(select(itables.incidents.c.id).limit(5000)).scalars())
    finally:
        store.close()
    return random.Random(seed).sample(ids, min(n, len(ids)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="requests per route")
    parser.add_argument("--db", help="reuse (or keep) the synthetic database here")
    args = parser.parse_args(argv)
    result = bench_web(incidents=args.incidents, clients=args.clients, requests=args.requests,
                       db=args.db)  # fmt: skip
    print(json.dumps(result.to_dict(), indent=1))


if __name__ == "__main__":  # pragma: no cover
    main()
