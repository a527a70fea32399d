"""The store's migrations: 0002 (incident tables) on new and on old databases.

Before 0002, fusion created ``incidents`` and ``incident_reports`` itself
(``create_all``), so databases exist at revision 0001 that already hold them,
some from the first version without ``incidents.linkable``. Each test runs on
SQLite and on the PostgreSQL test server (its own schema, dropped after).
"""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    event,
    insert,
    inspect,
    select,
    update,
)

from flashpoint.fuse import make_report, stored_incidents, summarize, update_for_article
from flashpoint.models import Actor, Article, Event, Evidence
from flashpoint.store import Store
from flashpoint.store import incidents as itables
from flashpoint.store import schema as s
from flashpoint.store.engine import (
    create_store_engine,
    current_revision,
    downgrade,
    head_revision,
    resolve_db_url,
    upgrade,
)
from flashpoint.store.search import include_object

PG_URL = os.environ.get("FLASHPOINT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
INCIDENT_TABLES = ("incidents", "incident_reports")


def _pg_error() -> str | None:
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as exc:  # any failure means: skip the PostgreSQL half
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def location(request, tmp_path):
    """(url, schema) of an empty database for this test."""
    if request.param == "sqlite":
        yield resolve_db_url(tmp_path / "m.db"), None
        return
    error = _pg_error()
    if error:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {error}")
    schema = f"fp_mig_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    yield resolve_db_url(PG_URL), schema
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _old_incident_tables(*, with_linkable: bool) -> MetaData:
    """The two tables as the old fusion code made them: their own MetaData,
    no naming convention; its first version had no ``linkable``."""
    old = MetaData()
    linkable = [Column("linkable", Boolean, nullable=False, default=False)] if with_linkable else []
    Table(
        "incidents", old,
        Column("id", String(32), primary_key=True),
        Column("event_type", String(16), nullable=False, index=True),
        Column("quad", String(32)),
        Column("source_code", String(32), index=True),
        Column("target_code", String(32), index=True),
        Column("date", Date, index=True),
        Column("date_precision", String(8)),
        Column("date_lo", Date),
        Column("date_hi", Date),
        Column("location_country", String(3)),
        Column("lat", Float),
        Column("lon", Float),
        Column("sources", Integer, nullable=False),
        Column("fatalities_best", Integer),
        Column("contested", Boolean, nullable=False),
        *linkable,
        Column("first_reported", String(40)),
        Column("record", JSON, nullable=False),
        Index("ix_incidents_window", "event_type", "date_lo", "date_hi"),
    )  # fmt: skip
    Table(
        "incident_reports", old,
        Column("event_id", String(32), primary_key=True),
        Column("incident_id", String(32), ForeignKey("incidents.id", ondelete="CASCADE"),
               nullable=False, index=True),
        Column("doc_id", String(255), nullable=False, index=True),
        Column("published", String(40)),
        Column("report", JSON, nullable=False),
    )  # fmt: skip
    return old


def _attack(doc_id: str, day: str, *, modality: str = "asserted", kind: str = "ASSAULT") -> Event:
    return Event(
        doc_id=doc_id,
        event_type=kind,
        evidence=Evidence(sentence="Shells fell on a border village.", start=0, end=32),
        source=Actor(code="PAK", sector="MIL"),
        target=Actor(code="IND", sector="CVL"),
        date=day,
        date_precision="day",
        modality=modality,
        claimed_by=Actor(code="IND", sector="GOV") if modality == "claimed" else None,
    )


# incident id -> its one event, stored as the old fusion code stored it
OLD_ROWS = {
    "inc-accuse": _attack("doc0", "2025-04-20", kind="ACCUSE"),
    "inc-claimed": _attack("doc1", "2025-04-21", modality="claimed"),
    "inc-plain": _attack("doc2", "2025-04-25"),
}


def _make_old_database(url: str, schema: str | None, *, with_linkable: bool) -> None:
    """A database as the old code left it: migrations at 0001, incident tables
    made by ``create_all``, a few incidents in them."""
    engine = create_store_engine(url, schema=schema)
    upgrade(engine, schema=schema, revision="0001")
    old = _old_incident_tables(with_linkable=with_linkable)
    old.create_all(engine)
    incidents, reports = old.tables["incidents"], old.tables["incident_reports"]
    with engine.begin() as conn:
        for incident_id, ev in OLD_ROWS.items():
            report = make_report(ev.to_dict(), {"doc_id": ev.doc_id, "published": ev.date})
            record = summarize(incident_id, [report])
            row = {"id": incident_id, "event_type": ev.event_type, "sources": 1,
                   "contested": False, "date": date.fromisoformat(ev.date), "record": record}  # fmt: skip
            if with_linkable:
                row["linkable"] = False
            conn.execute(insert(incidents), row)
            conn.execute(insert(reports), {"event_id": report["event_id"], "doc_id": ev.doc_id,
                                           "incident_id": incident_id, "report": report})  # fmt: skip
    assert current_revision(engine) == "0001"
    engine.dispose()


def _schema_differences(store: Store) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        return compare_metadata(context, s.metadata)


def _an_attack(doc_id: str) -> tuple[Article, Event]:
    art = Article(doc_id=doc_id, text="Shells fell on a border village.", published="2025-05-08")
    return art, _attack(doc_id, "2025-05-08")


@pytest.mark.parametrize("with_linkable", [True, False], ids=["linkable", "first-version"])
def test_a_database_made_by_the_old_fusion_code_upgrades(location, with_linkable):
    url, schema = location
    _make_old_database(url, schema, with_linkable=with_linkable)
    with Store(url, schema=schema) as store:
        assert current_revision(store.engine) == head_revision()
        assert _schema_differences(store) == []
        with store.read() as conn:
            linkable = dict(conn.execute(select(s.incidents.c.id, s.incidents.c.linkable)).all())
            reports = itables.reports_of(conn, OLD_ROWS)
        assert sorted(linkable) == sorted(OLD_ROWS)  # the rows are kept
        assert [r["modality"] for r in reports["inc-claimed"]] == ["claimed"]
        if with_linkable:  # a column already there keeps its values
            assert not any(linkable.values())
        else:  # a column added is filled as fusion sets it
            assert linkable == {"inc-accuse": True, "inc-claimed": True, "inc-plain": False}
        inspector = inspect(store.engine)
        for table in INCIDENT_TABLES:
            wanted = {ix.name for ix in s.metadata.tables[table].indexes}
            assert wanted <= {ix["name"] for ix in inspector.get_indexes(table)}
        if store.dialect == "postgresql":  # keys renamed to the naming convention
            assert inspector.get_pk_constraint("incidents")["name"] == "pk_incidents"
            [fk] = inspector.get_foreign_keys("incident_reports")
            assert fk["name"] == "fk_incident_reports_incident_id_incidents"
        # fusion goes on in the upgraded database
        art, ev = _an_attack("new-doc")
        store.save_article(art, [ev])
        assert len(update_for_article(store, "new-doc")) == 1
        assert len(stored_incidents(store)) == len(OLD_ROWS) + 1


def test_a_0001_database_without_incident_tables_gets_them(location):
    url, schema = location
    engine = create_store_engine(url, schema=schema)
    upgrade(engine, schema=schema, revision="0001")
    assert not any(inspect(engine).has_table(t) for t in INCIDENT_TABLES)
    engine.dispose()
    with Store(url, schema=schema) as store:
        assert all(inspect(store.engine).has_table(t) for t in INCIDENT_TABLES)
        assert _schema_differences(store) == []


def test_downgrade_drops_the_incident_tables_only(location):
    url, schema = location
    art, ev = _an_attack("d1")
    with Store(url, schema=schema) as store:
        store.save_article(art, [ev])
        update_for_article(store, "d1")
        downgrade(store.engine, "0001", schema=schema)
        assert current_revision(store.engine) == "0001"
        assert not any(inspect(store.engine).has_table(t) for t in INCIDENT_TABLES)
        assert store.stats()["events"] == 1  # the 0001 tables keep their rows
    with Store(url, schema=schema) as store:  # opening upgrades again
        assert current_revision(store.engine) == head_revision()
        assert stored_incidents(store) == []
        assert len(update_for_article(store, "d1")) == 1


def test_reading_incidents_writes_nothing(location):
    """Readers no longer create tables: on an opened store, querying the
    incidents runs no DDL and no write."""
    url, schema = location
    with Store(url, schema=schema) as store:
        seen: list[str] = []
        event.listen(store.engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_a: seen.append(statement))  # fmt: skip
        assert stored_incidents(store) == []
        with store.read() as conn:
            assert itables.query_incidents(conn) == []
        writes = ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")
        assert seen  # the listener saw the queries
        assert not [q for q in seen if q.lstrip().upper().startswith(writes)]


# -- 0003: full-text search and actor indexes -----------------------------------

SEARCH_TABLES = ("events", "statements", "articles", "incidents")
OLD_ACTOR_INDEXES = {"events": {"ix_events_source_code", "ix_events_target_code"},
                     "incidents": {"ix_incidents_source_code", "ix_incidents_target_code"},
                     "statements": {"ix_statements_speaker_code"}}  # fmt: skip
NEW_ACTOR_INDEXES = {"events": {"ix_events_source_date", "ix_events_target_date"},
                     "incidents": {"ix_incidents_source_date", "ix_incidents_target_date"},
                     "statements": {"ix_statements_speaker_date"}}  # fmt: skip


def _search_structures(engine) -> set[str]:
    """The FTS5 tables (SQLite) or GIN search indexes (PostgreSQL) there."""
    inspector = inspect(engine)
    if engine.dialect.name == "sqlite":
        return {t for t in inspector.get_table_names() if t.endswith("_fts")}
    return {ix["name"] for t in SEARCH_TABLES for ix in inspector.get_indexes(t)
            if ix["name"].endswith("_search")}  # fmt: skip


def _fill_at_0002(engine) -> None:
    """Rows written by a flashpoint at 0002 (no search index yet)."""
    art, ev = _an_attack("old-doc")
    ev.evidence = Evidence(sentence="Mortar shells landed near Kupwara.", start=0, end=35)
    report = make_report(ev.to_dict(), {"doc_id": "old-doc", "published": "2025-05-08"})
    with engine.begin() as conn:
        conn.execute(insert(s.articles), {"doc_id": "old-doc", "content_hash": art.content_hash,
                                          "text": art.text, "title": "Shelling in Kupwara",
                                          "ingested_at": date(2025, 5, 8)})  # fmt: skip
        conn.execute(insert(s.events), {"id": ev.id, "doc_id": "old-doc", "seq": 0,
                                        "event_type": "ASSAULT", "source_code": "PAK",
                                        "date": date(2025, 5, 8), "record": ev.to_dict()})  # fmt: skip
        conn.execute(insert(s.statements), {"id": "q1", "doc_id": "old-doc", "seq": 0,
                                            "speaker_code": "IND", "quote": "Kupwara stands firm",
                                            "record": {"quote": "Kupwara stands firm"}})  # fmt: skip
        conn.execute(insert(s.incidents), {"id": "inc-old", "event_type": "ASSAULT",
                                           "sources": 1, "contested": False,
                                           "record": summarize("inc-old", [report])})  # fmt: skip


def _kupwara(store: Store) -> dict[str, int]:
    from flashpoint.web import queries

    return {"events": store.count_events(q="kupwara"),
            "statements": len(store.statements(q="kupwara")),
            "articles": queries.articles_page(store, q="kupwara").total,
            "incidents": queries.incidents_page(store, queries.Filters(q="kupwara")).total}  # fmt: skip


def test_a_0002_database_is_indexed_for_search_on_upgrade(location):
    url, schema = location
    engine = create_store_engine(url, schema=schema)
    upgrade(engine, schema=schema, revision="0002")
    assert _search_structures(engine) == set()
    _fill_at_0002(engine)
    engine.dispose()
    with Store(url, schema=schema) as store:
        assert current_revision(store.engine) == head_revision()
        assert _schema_differences(store) == []
        assert len(_search_structures(store.engine)) == len(SEARCH_TABLES)
        # the rows already there were indexed by the migration
        assert _kupwara(store) == {"events": 1, "statements": 1, "articles": 1, "incidents": 1}
        inspector = inspect(store.engine)
        for table, wanted in NEW_ACTOR_INDEXES.items():
            present = {ix["name"] for ix in inspector.get_indexes(table)}
            assert wanted <= present and not OLD_ACTOR_INDEXES[table] & present
        # and the writes after it are indexed as they happen
        art, ev = _an_attack("new-doc")
        store.save_article(art, [ev])
        assert store.count_events(q="border village") == 1


def test_downgrade_from_0003_drops_search_and_upgrade_rebuilds_it(location):
    url, schema = location
    with Store(url, schema=schema) as store:
        downgrade(store.engine, "0002", schema=schema)
        assert current_revision(store.engine) == "0002"
        assert _search_structures(store.engine) == set()
        inspector = inspect(store.engine)
        for table, wanted in OLD_ACTOR_INDEXES.items():
            present = {ix["name"] for ix in inspector.get_indexes(table)}
            assert wanted <= present and not NEW_ACTOR_INDEXES[table] & present
        # writes at 0002 work: no trigger is left pointing at a dropped table
        art, ev = _an_attack("between")
        store.save_article(art, [ev])
        store.delete_article("between")
        _fill_at_0002(store.engine)
    with Store(url, schema=schema) as store:  # opening upgrades again
        assert current_revision(store.engine) == head_revision()
        assert _kupwara(store) == {"events": 1, "statements": 1, "articles": 1, "incidents": 1}
        assert store.count_events(q="border village") == 0  # deleted before: not indexed


# -- 0004: how ingest runs ended -------------------------------------------------------


def test_a_0003_database_gets_run_statuses_and_downgrades_cleanly(location):
    """Runs already there: finished ones say "finished"; one never closed
    (its process died under the old code) says "interrupted"."""
    from datetime import UTC, datetime

    url, schema = location
    engine = create_store_engine(url, schema=schema)
    upgrade(engine, schema=schema, revision="0003")
    now = datetime.now(UTC)
    runs_0003 = Table("ingest_runs", MetaData(), Column("id", Integer, primary_key=True),
                      Column("started_at", s.ingest_runs.c.started_at.type),
                      Column("finished_at", s.ingest_runs.c.finished_at.type),
                      Column("inputs", JSON))  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(runs_0003), [
            {"started_at": now, "finished_at": now, "inputs": ["a"]},
            {"started_at": now, "finished_at": None, "inputs": ["b"]},
        ])  # fmt: skip
    engine.dispose()
    with Store(url, schema=schema) as store:
        assert current_revision(store.engine) == head_revision()
        assert _schema_differences(store) == []
        assert [r["status"] for r in reversed(store.runs())] == ["finished", "interrupted"]
        downgrade(store.engine, "0003", schema=schema)
        columns = {c["name"] for c in inspect(store.engine).get_columns("ingest_runs")}
        assert not {"status", "host", "pid"} & columns


def test_0006_marks_the_wide_windows_already_stored(location):
    url, schema = location
    engine = create_store_engine(url, schema=schema)
    upgrade(engine, schema=schema, revision="0005")
    rows = {"day": (date(2025, 5, 8), date(2025, 5, 8)), "month": (date(2025, 5, 1), date(2025, 5, 31)),
            "year": (date(2025, 1, 1), date(2025, 12, 31)), "none": (None, None)}  # fmt: skip
    with engine.begin() as conn:
        for name, (lo, hi) in rows.items():
            conn.execute(insert(s.incidents), {"id": name, "event_type": "ASSAULT", "sources": 1,
                                               "contested": False, "date_lo": lo, "date_hi": hi,
                                               "record": {"id": name}})  # fmt: skip
    engine.dispose()
    with Store(url, schema=schema) as store, store.read() as conn:
        wide = dict(conn.execute(select(s.incidents.c.id, s.incidents.c.wide_window)).all())
    assert wide == {"day": False, "month": False, "year": True, "none": False}


def test_0007_indexes_a_dyad_by_date_and_downgrades(location):
    url, schema = location
    engine = create_store_engine(url, schema=schema)
    upgrade(engine, schema=schema, revision="0006")
    assert "ix_incidents_dyad_date" not in {i["name"] for i in inspect(engine).get_indexes("incidents")}
    engine.dispose()
    with Store(url, schema=schema) as store:
        indexes = {i["name"]: i["column_names"] for i in inspect(store.engine).get_indexes("incidents")}
        assert indexes["ix_incidents_dyad_date"] == ["source_code", "target_code", "date"]
        if store.dialect == "sqlite":
            with store.read() as conn:
                plan = " ".join(str(row) for row in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM incidents WHERE source_code = 'A' "
                    "AND target_code = 'B' AND date >= '2025-01-01'"))  # fmt: skip
            assert "ix_incidents_dyad_date" in plan
        downgrade(store.engine, "0006", schema=schema)
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("incidents")}
        assert "ix_incidents_dyad_date" not in indexes and "ix_incidents_target_date" in indexes


def _search_statistics_targets(store: Store) -> dict[str, int]:
    with store.read() as conn:
        return dict(conn.exec_driver_sql(
            "SELECT c.relname, a.attstattarget FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relname LIKE 'ix_%%_search'"
            " AND a.attnum = 1").all())  # fmt: skip


def test_0008_gathers_no_statistics_on_search_text_and_downgrades(location):
    """On PostgreSQL, ANALYZE skips the search indexes' expression (target
    0); downgrading gives them the server's default again."""
    url, schema = location
    with Store(url, schema=schema) as store:
        if store.dialect != "postgresql":
            pytest.skip("SQLite's search is FTS5, with no planner statistics")
        assert set(_search_statistics_targets(store).values()) == {0}
        assert len(_search_statistics_targets(store)) == 4
        downgrade(store.engine, "0007", schema=schema)
        assert set(_search_statistics_targets(store).values()) == {-1}


def test_0009_gives_incidents_a_revision_and_downgrades(location):
    """Incidents stored before 0009 have no revision (their profiles are
    made afresh until they change); downgrading drops the column."""
    url, schema = location
    engine = create_store_engine(url, schema=schema)
    upgrade(engine, schema=schema, revision="0008")
    assert "revision" not in {c["name"] for c in inspect(engine).get_columns("incidents")}
    engine.dispose()
    with Store(url, schema=schema) as store:
        assert "revision" in {c["name"] for c in inspect(store.engine).get_columns("incidents")}
        downgrade(store.engine, "0008", schema=schema)
        assert "revision" not in {c["name"] for c in inspect(store.engine).get_columns("incidents")}


def test_0010_searches_incidents_by_their_own_text_and_downgrades(location):
    """Incidents stored before 0010 keep being found by their reports'
    words; a record rewritten for its links only is still found, one whose
    reports change is found by its new words and not its old; downgrading
    finds them by 0003's text again."""
    from flashpoint.web import queries

    def found(store, q):
        return queries.incidents_page(store, queries.Filters(q=q)).total

    url, schema = location
    engine = create_store_engine(url, schema=schema)
    upgrade(engine, schema=schema, revision="0002")
    _fill_at_0002(engine)
    upgrade(engine, schema=schema, revision="0009")
    engine.dispose()
    with Store(url, schema=schema) as store:
        assert current_revision(store.engine) == head_revision()
        assert found(store, "kupwara") == 1 and found(store, "mortar shells") == 1
        with store.read() as conn:
            record = itables.records_of(conn, ["inc-old"])["inc-old"]
        with store.write() as conn:
            itables.update_record(conn, {**record, "contested": True})
        assert found(store, "mortar") == 1
        moved = {**record["reports"][0], "sentence": "Rockets hit Uri overnight."}
        with store.write() as conn:
            itables.save_incident(conn, {**record, "reports": [moved]}, [moved], None)
        assert found(store, "rockets uri") == 1 and found(store, "mortar") == 0
        downgrade(store.engine, "0009", schema=schema)
        assert "search_text" not in {c["name"] for c in inspect(store.engine).get_columns("incidents")}
        assert _found_by_0003(store, "rockets") == 1 and _found_by_0003(store, "mortar") == 0
        with store.write() as conn:  # writes at 0009 are indexed by 0003's text
            conn.execute(update(s.incidents).where(s.incidents.c.id == "inc-old")
                         .values(record={**record, "reports": [record["reports"][0]]}))  # fmt: skip
        assert _found_by_0003(store, "mortar") == 1 and _found_by_0003(store, "rockets") == 0


def _found_by_0003(store: Store, word: str) -> int:
    """Incidents that migration 0003's index finds by ``word`` (the store's
    own queries are the newest migration's)."""
    from flashpoint.store import search

    with store.read() as conn:
        if store.dialect == "sqlite":
            return conn.exec_driver_sql(
                f"SELECT count(*) FROM incidents_fts WHERE body MATCH '{word}'").scalar()  # fmt: skip
        text = ("jsonb_path_query_array(record::jsonb, '$.reports[*].sentence')::text || ' ' || "
                "coalesce(record -> 'location' ->> 'name', '')")  # fmt: skip
        document = search.PG_DOCUMENT.format(text=text)
        return conn.exec_driver_sql(
            f"SELECT count(*) FROM incidents WHERE {document} @@ to_tsquery('simple', '{word}')").scalar()  # fmt: skip


def test_0011_gathers_no_statistics_on_bodies_and_downgrades(location):
    """On PostgreSQL, ANALYZE skips the JSON records and the articles' text
    (target 0); downgrading gives them the server's default again."""
    url, schema = location

    def targets(store):
        with store.read() as conn:
            return dict(conn.exec_driver_sql(
                "SELECT c.relname || '.' || a.attname, a.attstattarget FROM pg_attribute a"
                " JOIN pg_class c ON c.oid = a.attrelid"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND a.attname IN"
                " ('text', 'record', 'search_text', 'report', 'doc_id')"
                " AND c.relkind = 'r'").all())  # fmt: skip

    with Store(url, schema=schema) as store:
        if store.dialect != "postgresql":
            pytest.skip("SQLite gathers no column statistics")
        found = targets(store)
        bodies = {"articles.text", "events.record", "statements.record", "incidents.record",
                  "incidents.search_text", "incident_reports.report"}  # fmt: skip
        assert {found[b] for b in bodies} == {0}
        assert found["events.doc_id"] == -1  # a column queries filter on keeps them
        downgrade(store.engine, "0010", schema=schema)
        assert {targets(store)[b] for b in bodies} == {-1}
