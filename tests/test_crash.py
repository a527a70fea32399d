"""Crash safety: an ``ingest`` process killed with SIGKILL at any point leaves
a store that the next run repairs into exactly what a clean run gives.

The kills are real: a forked child runs ``intake.ingest`` against a real
store (SQLite file, or a PostgreSQL schema of its own) and sends itself
SIGKILL after its Nth SQL statement, N drawn at random over the whole run;
the parent then runs the remaining ingests to the end and compares every
table, incidents included, with a run that was never killed. Coding is a
stand-in (``fake_coder``: one event per line of a made-up notation) so that a
child costs milliseconds, not a spaCy load; one test kills the real command
line, with the real coder, at the point the issue names.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from flashpoint.extract import CodedArticle
from flashpoint.intake import ingest
from flashpoint.models import Actor, Article, Event, Evidence, Location, Statement
from flashpoint.store import Store
from flashpoint.store import schema as s

PG_URL = os.environ.get("FLASHPOINT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parent.parent

PLACES = {"Northtown": (31.0, 70.0), "Southport": (31.1, 70.1), "Eastfield": (29.0, 75.0)}


def fake_coder(articles: list[Article]):
    """One event per line ``TYPE SOURCE TARGET DAY PLACE KILLED`` and one
    statement per article: enough for fusion to merge, split and relink."""
    for article in articles:
        events, offset = [], 0
        for line in article.text.split("\n"):
            parts = line.split()
            if len(parts) == 6:
                kind, source, target, day, where, killed = parts
                lat, lon = PLACES[where]
                events.append(Event(
                    doc_id=article.doc_id, event_type=kind,
                    evidence=Evidence(sentence=line, start=offset, end=offset + len(line),
                                      trigger=kind.lower()),
                    source=Actor(code=source, sector="GOV", text=source),
                    target=Actor(code=target, sector="MIL", text=target),
                    date=day, date_precision="day",
                    location=Location(name=where, country=source, lat=lat, lon=lon,
                                      precision="city", text=where),
                    fatalities=int(killed) or None,
                ))  # fmt: skip
            offset += len(line) + 1
        quote = Statement(doc_id=article.doc_id, quote=article.text[:30],
                          evidence=Evidence(sentence=article.text[:30], start=0, end=30),
                          speaker=Actor(code="AAA", sector="GOV"))  # fmt: skip
        yield CodedArticle(article=article, events=events, statements=[quote])


def _story(n: int, version: int) -> dict:
    """Article ``n``: two to three events on a few shared days and places, so
    reports fuse across articles; version 2 changes some of them."""
    day = f"2025-03-{10 + n % 3:02d}"
    lines = [f"ASSAULT AAA BBB {day} {'Northtown' if n % 2 else 'Southport'} {n % 4 + 1}",
             f"ACCUSE BBB AAA {day} Eastfield 0"]  # fmt: skip
    if n % 3 == 0:
        lines.append(f"REJECT AAA BBB 2025-03-{11 + n % 3:02d} Eastfield 0")
    if version == 2:  # a correction: a new first line, a new toll and place
        lines[0] = f"ASSAULT AAA BBB 2025-03-{12 + n % 2:02d} Eastfield {n + 3}"
        lines.insert(0, "Corrected.")
    return {"id": f"story-{n}", "text": "\n".join(lines), "published": f"2025-03-{14 + n % 3}",
            "outlet": f"Outlet {n % 2}"}  # fmt: skip


def _write_corpus(folder: Path) -> list[Path]:
    """Two ingests: eight articles, then three of them updated and two new."""
    first = [_story(n, 1) for n in range(8)]
    second = [_story(n, 2) for n in (1, 3, 6)] + [_story(n, 1) for n in (8, 9)]
    paths = []
    for name, rows in (("first.jsonl", first), ("second.jsonl", second)):
        path = folder / name
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(path)
    return paths


# -- stores ------------------------------------------------------------------


def _pg_error() -> str | None:
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


class StoreAt:
    """Where one store lives: a SQLite file or a PostgreSQL schema."""

    def __init__(self, engine: str, folder: Path, name: str) -> None:
        self.engine = engine
        if engine == "sqlite":
            self.url, self.schema = str(folder / f"{name}.db"), None
        else:
            self.url, self.schema = PG_URL, f"fp_crash_{os.getpid()}_{uuid.uuid4().hex[:10]}"

    def open(self) -> Store:
        return Store(self.url, schema=self.schema)

    def drop(self) -> None:
        if self.schema:
            import psycopg

            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request):
    if request.param == "postgresql":
        error = _pg_error()
        if error:
            pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {error}")
    return request.param


@pytest.fixture
def places(engine, tmp_path):
    made: list[StoreAt] = []

    def make(name: str) -> StoreAt:
        made.append(StoreAt(engine, tmp_path, name))
        return made[-1]

    yield make
    for place in made:
        place.drop()


# -- running, counting and killing --------------------------------------------


#: the table upkeep's statements (PostgreSQL, after a committed write): how
#: many run depends on when the server's statistics caught up, so they are
#: not counted, and a kill falls on the same statement in every run
_UPKEEP = ("ANALYZE", "VACUUM", "SELECT relname")


#: the statement that closes an ingest run: a kill after it (PostgreSQL then
#: gives up the run's lock) leaves the run finished, not interrupted
_CLOSES_RUN = "UPDATE ingest_runs SET finished_at"
#: the statements of the transaction that opens an ingest run (the run's
#: row; PostgreSQL: and its lock): a kill up to the last of them, before that
#: transaction commits, leaves no run at all
_OPENS_RUN = ("INSERT INTO ingest_runs", "SELECT pg_advisory_lock(")


def _count_statements(store: Store, kill_at: int | None = None) -> list:
    """Count the SQL statements ``store`` runs, but the table upkeep's, and
    note which closed the run and the last that opened it: [count, number
    of the closing one, number of the last opening one]; SIGKILL this
    process after statement ``kill_at``."""
    count: list = [0, None, None]

    @sa_event.listens_for(store.engine, "after_cursor_execute")
    def _after(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().startswith(_UPKEEP):
            return
        count[0] += 1
        if statement.lstrip().startswith(_CLOSES_RUN):
            count[1] = count[0]
        if statement.lstrip().startswith(_OPENS_RUN) and count[1] is None:
            count[2] = count[0]
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    return count


def _ingest_in_child(place: StoreAt, path: Path, kill_at: int | None) -> bool:
    """Run one ingest in a forked child; True when it was killed."""
    pid = os.fork()
    if pid == 0:  # the child: ingest, maybe die on the way
        code = 1
        try:
            store = place.open()
            _count_statements(store, kill_at)
            ingest([str(path)], store, coder=fake_coder)
            store.close()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the child ingest failed"
    return False


def snapshot(store: Store) -> dict:
    """Every table that matters, in a comparable form."""
    with store.read() as conn:
        def rows(query):
            return sorted(json.dumps(list(r), sort_keys=True, default=str)
                          for r in conn.execute(query))  # fmt: skip

        return {
            "articles": rows(select(s.articles.c.doc_id, s.articles.c.content_hash)),
            "events": rows(select(s.events.c.id, s.events.c.record)),
            "statements": rows(select(s.statements.c.id, s.statements.c.record)),
            "incidents": rows(select(s.incidents.c.id, s.incidents.c.record)),
            "reports": rows(select(s.incident_reports.c.event_id,
                                   s.incident_reports.c.incident_id)),  # fmt: skip
        }


def damage(store: Store) -> dict[str, int]:
    """What a crash can leave: events in no incident, reports of events that
    are gone, runs never closed."""
    e, r, runs = s.events.c, s.incident_reports.c, s.ingest_runs.c
    with store.read() as conn:
        event_ids = set(conn.execute(select(e.id)).scalars())
        report_ids = set(conn.execute(select(r.event_id)).scalars())
        open_runs = conn.execute(select(runs.id).where(runs.finished_at.is_(None))).all()
    return {"unfused_events": len(event_ids - report_ids),
            "stale_reports": len(report_ids - event_ids),
            "open_runs": len(open_runs)}  # fmt: skip


def _run_clean(place: StoreAt, corpus: list[Path]) -> tuple[dict, list[int], list[range]]:
    """A run never killed: its snapshot, the statements each stage ran, and
    for each stage the statements a kill after which leaves its run open
    (after the last that opened it, up to the one that closed it)."""
    counts, open_at = [], []
    for path in corpus:
        store = place.open()
        count = _count_statements(store)
        ingest([str(path)], store, coder=fake_coder)
        counts.append(count[0])
        open_at.append(range(count[2] + 1, count[1] + 1))
        store.close()
    store = place.open()
    try:
        return snapshot(store), counts, open_at
    finally:
        store.close()


@pytest.mark.parametrize("batch", [0, 1], ids=["kills-1-10", "kills-11-20"])
def test_killed_ingests_are_repaired_into_the_clean_result(engine, places, tmp_path, batch):
    """Ten kills per test (twenty per engine over both), at random statements
    of either ingest; after each, the next runs leave the store equal to the
    clean one, with no event outside an incident, no stale report and no run
    left open."""
    corpus = _write_corpus(tmp_path)
    clean, counts, open_at = _run_clean(places("clean"), corpus)
    assert len(clean["incidents"]) >= 3 and len(clean["reports"]) == len(clean["events"])
    rng = random.Random(1400 + batch)
    killed = 0
    for number in range(10):
        stage = rng.randrange(len(corpus))
        kill_at = rng.randint(1, counts[stage])
        place = places(f"kill{number}")
        for done in range(stage):
            assert not _ingest_in_child(place, corpus[done], None)
        killed += _ingest_in_child(place, corpus[stage], kill_at)
        for path in corpus[stage:]:
            assert not _ingest_in_child(place, path, None)
        store = place.open()
        try:
            assert damage(store) == {"unfused_events": 0, "stale_reports": 0, "open_runs": 0}
            assert snapshot(store) == clean, f"kill after statement {kill_at} of stage {stage}"
            statuses = [r["status"] for r in store.runs()]
        finally:
            store.close()
        # killed while its run was open: the next run closed it as interrupted
        # (killed before its run was committed, it left none)
        interrupted = int(kill_at in open_at[stage])
        assert statuses.count("interrupted") == interrupted
        assert set(statuses) == ({"finished", "interrupted"} if interrupted else {"finished"})
        place.drop()
    assert killed == 10


# -- repairs of what older code left -------------------------------------------------


@pytest.mark.parametrize("entry", ["ingest", "watch", "serve"])
def test_pending_and_stale_fusion_is_repaired_by_the_next_run(engine, places, tmp_path, entry,
                                                              monkeypatch):
    """A store as the old two-transaction ingest could leave it: one article
    saved and never fused, one updated with its old reports left in the
    incidents. The next ingest (of anything), a watch's first pass, or
    ``serve`` starting repairs both."""
    from flashpoint import fuse
    from flashpoint.watch import Watcher

    corpus = _write_corpus(tmp_path)
    place = places("old")
    store = place.open()
    try:
        ingest([str(corpus[0])], store, coder=fake_coder)
        coded = {c.article.doc_id: c for c in fake_coder([Article(**{
            "doc_id": r["id"], "text": r["text"], "published": r["published"]})
            for r in map(json.loads, corpus[1].read_text().splitlines())])}  # fmt: skip
        # updated without fusing (its old reports stay), new without fusing
        for doc_id in ("story-3", "story-8"):
            c = coded[doc_id]
            store.save_article(c.article, c.events, c.statements)
        assert damage(store)["stale_reports"] > 0 and damage(store)["unfused_events"] > 0
        assert fuse.pending_docs(store) == ["story-3", "story-8"]
        if entry == "ingest":
            ingest([str(corpus[1])], store, coder=fake_coder)
        elif entry == "serve":  # serve fuses before it serves (the server itself: not here)
            import uvicorn

            from flashpoint.cli_web import serve_dashboard

            monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
            db = place.url if place.schema is None else f"{place.url}?schema={place.schema}"
            serve_dashboard(db)
        else:
            (tmp_path / "empty").mkdir()
            with Watcher([str(tmp_path / "empty")], store) as watcher:
                watcher.run_pass()
        assert damage(store) == {"unfused_events": 0, "stale_reports": 0, "open_runs": 0}
        assert fuse.pending_docs(store) == []
    finally:
        store.close()


def test_a_run_of_a_live_process_is_not_closed(engine, places):
    """Only dead runs are closed: a run still open in this process stays
    "running" when another store opens a run beside it."""
    place = places("live")
    first, second = place.open(), place.open()
    try:
        live = first.start_run(["a"])
        other = second.start_run(["b"])
        assert second.close_stale_runs() == []
        assert {r["id"]: r["status"] for r in second.runs()} == {live: "running",
                                                                  other: "running"}
        first.finish_run(live)
        second.finish_run(other)
        assert {r["status"] for r in first.runs()} == {"finished"}
    finally:
        first.close()
        second.close()


# -- the reproduction, on the real command line -----------------------------------

KILL_IN_FUSION = """
import os, signal, sys
import flashpoint.fuse as fuse
import flashpoint.fuse.store as fuse_store
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
fuse.fuse_in = fuse_store.fuse_in = fuse.update_for_article = die
from flashpoint.cli import app
sys.argv = ["flashpoint", *sys.argv[1:]]
app()
"""


@pytest.mark.model
def test_the_command_line_killed_while_fusing_loses_nothing(engine, places, tmp_path):
    """The issue's case: fusion kills the process; ingesting again used to
    say "unchanged" and leave 1 event and 0 incident reports. Now the kill
    takes the unfused article back with it, and the next run stores and
    fuses it."""
    article = tmp_path / "raid.txt"
    article.write_text("Border guards shelled a village near the frontier on Monday, "
                       "killing three farmers, officials said.\n", encoding="utf-8")  # fmt: skip
    place = places("cli")
    db = place.url if place.schema is None else f"{place.url}?schema={place.schema}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", KILL_IN_FUSION, "ingest", str(article), "--db", db]
    died = subprocess.run(cmd, env=env, capture_output=True, timeout=120)
    assert died.returncode == -signal.SIGKILL
    again = subprocess.run([sys.executable, "-m", "flashpoint.cli", "ingest", str(article),
                            "--db", db], env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    store = place.open()
    try:
        assert store.stats()["events"] >= 1
        assert damage(store) == {"unfused_events": 0, "stale_reports": 0, "open_runs": 0}
        assert [r["status"] for r in store.runs()] == ["finished", "interrupted"]
    finally:
        store.close()
