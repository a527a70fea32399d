"""The store, run against SQLite (a tmp file) and the PostgreSQL test server.

Every test that takes ``store`` (or ``open_store``) runs twice: once on SQLite
and once on PostgreSQL, where each test gets its own schema, dropped after.
Without a reachable server the PostgreSQL half skips and says why. The URL can
be changed with FLASHPOINT_TEST_PG.
"""

from __future__ import annotations

import os
import threading
import uuid
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from flashpoint.models import PLOVER_TYPES, Actor, Article, Event, Evidence, Location, Statement
from flashpoint.store import Store, resolve_db_url
from flashpoint.store import schema as s
from flashpoint.store.engine import head_revision
from flashpoint.store.search import include_object

PG_URL = os.environ.get("FLASHPOINT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


# -- fixtures --------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_error() -> str | None:
    """None when the PostgreSQL test server answers, else why not."""
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as exc:  # any failure means: skip the PostgreSQL half
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def _drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def open_store(request, tmp_path, pg_error):
    """open_store(**kw) -> a new Store on this test's database (call it twice
    for a second process's view of the same database)."""
    opened: list[Store] = []
    if request.param == "sqlite":
        url, schema = str(tmp_path / "sub" / "test.db"), None
    else:
        if pg_error:
            pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {pg_error}")
        url, schema = PG_URL, f"fp_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"

    def open_(**kw) -> Store:
        store = Store(url, schema=schema, **kw)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()
    if schema:
        _drop_schema(schema)


@pytest.fixture
def store(open_store) -> Store:
    return open_store()


# -- records written for these tests ---------------------------------------

TEXT = (
    "Indian jets hit two camps near Muridke early on Wednesday, killing 9 people. "
    'Pakistan\'s foreign office called the raid "an act of war". '
    "The United States urged both sides to talk."
)


def article(doc_id: str = "a1", text: str = TEXT, **kw) -> Article:
    kw.setdefault("published", "2025-05-07")
    kw.setdefault("outlet", "Test Wire")
    return Article(doc_id=doc_id, text=text, **kw)


def event(
    doc_id: str = "a1",
    event_type: str = "ASSAULT",
    source: str | None = "IND",
    target: str | None = "PAK",
    *,
    day: str | None = "2025-05-07",
    start: int = 0,
    trigger: str = "hit",
    **kw,
) -> Event:
    return Event(
        doc_id=doc_id,
        event_type=event_type,
        evidence=Evidence(
            sentence="Indian jets hit two camps.", start=start, end=start + 26, trigger=trigger
        ),
        source=Actor(code=source, sector="MIL", text="Indian jets") if source else None,
        target=Actor(code=target, sector="REB") if target else None,
        date=day,
        date_precision="day" if day else None,
        **kw,
    )


def statement(doc_id: str = "a1", quote: str = "an act of war", start: int = 77) -> Statement:
    return Statement(
        doc_id=doc_id,
        quote=quote,
        evidence=Evidence(
            sentence="Pakistan's foreign office called it so.", start=start, end=start + 60
        ),
        speaker=Actor(code="PAK", sector="GOV", name=None, text="Pakistan's foreign office"),
        date="2025-05-07",
    )


def full_event(doc_id: str = "a1") -> Event:
    return event(
        doc_id,
        mode="aerial",
        contexts=["military", "terrorism"],
        date_text="early on Wednesday",
        location=Location(
            name="Muridke",
            country="PAK",
            admin1="Punjab",
            lat=31.80,
            lon=74.26,
            precision="city",
            text="near Muridke",
        ),
        fatalities=9,
        injuries=None,
        casualty_text="killing 9 people",
        modality="claimed",
        claimed_by=Actor(code="IND", sector="GOV"),
        confidence=0.8,
    )


def counts(store: Store) -> tuple[int, int, int]:
    st_ = store.stats()
    return st_["articles"], st_["events"], st_["statements"]


# -- round trip ------------------------------------------------------------


def test_round_trip_gives_back_the_spec_dicts(store):
    events = [
        full_event(),
        event(event_type="ACCUSE", source="PAK", target="IND", start=77, trigger="called"),
    ]
    assert store.save_article(article(), events, [statement()]) == "new"
    assert store.events(doc_id="a1") == [e.to_dict() for e in events]
    assert store.statements(doc_id="a1") == [statement().to_dict()]
    got = store.article("a1")
    assert got is not None
    assert {k: got[k] for k in article().to_dict()} == article().to_dict()
    assert got["content_hash"] == article().content_hash
    assert got["ingested_at"].endswith("+00:00")
    assert store.article("missing") is None


def test_records_may_be_spec_dicts(store):
    ev = full_event()
    assert store.save_article(article(), [ev.to_dict()], [statement().to_dict()]) == "new"
    assert store.events() == [ev.to_dict()]


def _events_strategy():
    text = st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
    )
    maybe_text = st.none() | text
    code = st.none() | st.sampled_from(["IND", "PAK", "USA", "UN", "LET"])
    actor = st.none() | st.builds(
        Actor,
        code=code,
        sector=st.none() | st.sampled_from(["GOV", "MIL"]),
        name=maybe_text,
        role=maybe_text,
        text=maybe_text,
    )
    location = st.none() | st.builds(
        Location, name=maybe_text, country=st.none() | st.just("PAK"), admin1=maybe_text,
        lat=st.none() | st.floats(-90, 90), lon=st.none() | st.floats(-180, 180),
        precision=st.none() | st.just("city"), text=maybe_text,
    )  # fmt: skip
    day = st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)).map(date.isoformat)
    count = st.none() | st.integers(0, 100_000)
    return st.lists(
        st.builds(
            Event,
            doc_id=st.just("x"),
            event_type=st.sampled_from(PLOVER_TYPES),
            evidence=st.builds(
                Evidence,
                sentence=text,
                start=st.integers(0, 10**6),
                end=st.integers(0, 10**6),
                trigger=maybe_text,
            ),
            source=actor,
            target=actor,
            mode=maybe_text,
            contexts=st.lists(text, max_size=3),
            date=day,
            date_precision=st.none() | st.just("day"),
            date_text=maybe_text,
            location=location,
            fatalities=count,
            injuries=count,
            casualty_text=maybe_text,
            modality=st.sampled_from(["asserted", "claimed", "denied"]),
            claimed_by=actor,
            confidence=st.floats(0, 1),
        ),
        max_size=5,
        unique_by=lambda e: e.id,
    )


def _statements_strategy():
    text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
    evidence = st.builds(
        Evidence, sentence=text, start=st.integers(0, 10**6), end=st.integers(0, 10**6)
    )
    speaker = st.none() | st.builds(Actor, code=st.none() | st.just("PAK"), name=st.none() | text)
    day = st.none() | st.dates().map(date.isoformat)
    return st.lists(
        st.builds(
            Statement, doc_id=st.just("x"), quote=text, evidence=evidence, speaker=speaker, date=day
        ),
        max_size=3,
        unique_by=lambda x: x.id,
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=1,
        max_size=200,
    ),
    events=_events_strategy(),
    statements=_statements_strategy(),
)
def test_property_whatever_is_saved_comes_back_equal(store, body, events, statements):
    doc_id = "h" + uuid.uuid4().hex
    for record in (*events, *statements):
        record.doc_id = doc_id
    assert store.save_article(Article(doc_id=doc_id, text=body), events, statements) == "new"
    assert store.statements(doc_id=doc_id) == [x.to_dict() for x in statements]
    # events() order: by date, undated last, then position in the article
    ordered = sorted(enumerate(events), key=lambda p: (p[1].date is None, p[1].date or "", p[0]))
    assert store.events(doc_id=doc_id) == [e.to_dict() for _, e in ordered]
    assert store.article(doc_id)["text"] == body


# -- idempotence, updates, atomicity ---------------------------------------


def test_same_article_twice_is_unchanged(store):
    assert store.save_article(article(), [full_event()], [statement()]) == "new"
    first = store.article("a1")
    assert store.save_article(article(), [full_event()], [statement()]) == "unchanged"
    assert counts(store) == (1, 1, 1)
    assert store.article("a1") == first  # not even ingested_at moves


def test_new_text_replaces_the_articles_records(store):
    store.save_article(article(), [full_event(), event(start=5, trigger="killing")], [statement()])
    new_text = TEXT + " Pakistan said it shot down five jets."
    newer = event(event_type="ASSAULT", source="PAK", target="IND", start=200, trigger="shot down")
    assert store.save_article(article(text=new_text), [newer], []) == "updated"
    assert store.events(doc_id="a1") == [newer.to_dict()]
    assert store.statements(doc_id="a1") == []
    assert store.article("a1")["text"] == new_text
    assert counts(store) == (1, 1, 0)


def test_force_recodes_unchanged_text(store):
    store.save_article(article(), [event()], [])
    recoded = full_event()
    assert store.save_article(article(), [recoded], [], force=True) == "updated"
    assert store.events() == [recoded.to_dict()]


def test_a_record_that_cannot_be_stored_leaves_nothing(store):
    bad = event(start=9)
    bad.contexts = [object()]  # not JSON: fails while the events are inserted
    with pytest.raises(Exception):  # noqa: B017 - the driver's own error type
        store.save_article(article(), [full_event(), bad], [statement()])
    assert store.article("a1") is None
    assert counts(store) == (0, 0, 0)


def test_a_failure_after_the_events_leaves_nothing(store, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_insert_statements", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_article(article(), [full_event()], [statement()])
    assert counts(store) == (0, 0, 0)


def test_a_failed_update_keeps_the_old_version(store, monkeypatch):
    store.save_article(article(), [full_event()], [statement()])

    def boom(*_a, **_k):
        raise RuntimeError("crash mid-update")

    monkeypatch.setattr(store, "_insert_events", boom)
    with pytest.raises(RuntimeError):
        store.save_article(article(text="Other text entirely."), [event(start=3)], [])
    assert store.article("a1")["text"] == TEXT
    assert store.events() == [full_event().to_dict()]
    assert store.statements() == [statement().to_dict()]


def test_nul_characters_are_refused_before_writing(store):
    with pytest.raises(ValueError, match="NUL"):
        store.save_article(article(text="bad\x00text"), [], [])
    quote = statement(quote="a\x00b")
    with pytest.raises(ValueError, match="NUL"):
        store.save_article(article(), [], [quote])
    assert counts(store) == (0, 0, 0)


def test_the_nul_check_searches_only_what_its_json_cannot_clear():
    """``_check_no_nul`` clears a value by its JSON and searches the rest:
    a NUL deep in a record is refused, a backslash written before "u0000"
    (the escape's look-alike) is kept, and a value with no JSON is searched."""
    from flashpoint.store.store import _check_no_nul

    with pytest.raises(ValueError, match="NUL"):
        _check_no_nul({"a": [{"b": ("fine", "x\x00y")}]}, where="r")
    with pytest.raises(ValueError, match="NUL"):
        _check_no_nul({"a": {1, 2}, "b": "x\x00"}, where="r")  # a set: no JSON
    _check_no_nul({"a": "C:\\u0000 is a path", "b": [None, 1.5]}, where="r")
    _check_no_nul({"a": {3}}, where="r")


def test_records_of_another_article_are_refused(store):
    with pytest.raises(ValueError, match="doc_id"):
        store.save_article(article("a1"), [event("zz")], [])
    assert counts(store) == (0, 0, 0)


def test_a_repeated_record_id_is_kept_once(store):
    assert store.save_article(article(), [event(), event()], []) == "new"
    assert store.events() == [event().to_dict()]


def test_same_content_under_another_doc_id_is_another_article(store):
    assert store.save_article(article("a1"), [event("a1")], []) == "new"
    assert store.save_article(article("a2"), [event("a2")], []) == "new"
    assert counts(store) == (2, 2, 0)
    assert store.has_content_hash(article().content_hash)
    assert store.doc_ids_for_hash(article().content_hash) == ["a1", "a2"]
    assert store.content_hash("a1") == article().content_hash
    assert store.content_hash("nope") is None
    assert not store.has_content_hash("0" * 64)


def test_content_hashes_are_read_in_chunks(store, monkeypatch):
    from flashpoint.store import store as store_module

    monkeypatch.setattr(store_module, "HASH_CHUNK", 2)
    for doc_id in ("a1", "a2", "a3"):
        store.save_article(article(doc_id), [event(doc_id)], [])
    found = store.content_hashes(["a3", "nope", "a1", "a2", "a1"])
    assert found == {d: article().content_hash for d in ("a1", "a2", "a3")}
    assert store.content_hashes([]) == {}


def test_a_claim_is_read_once_per_doc_and_forgotten_with_its_transaction(store, monkeypatch):
    """``Store.claim`` reads every doc's stored hash at once; each is used by
    that doc's first save only (a second save of it in the same transaction
    reads again), and none outlives the transaction, committed or not."""
    from flashpoint.store import store as store_module

    monkeypatch.setattr(store_module, "HASH_CHUNK", 2)
    store.save_article(article("old"), [event("old")], [])
    changed = Article(doc_id="old", text=TEXT + " More.")
    with store.write() as conn:
        store.claim(conn, ["new", "old", "new", "absent"])
        assert set(store_module._CLAIMS[conn]) == {"new", "old", "absent"}
        statuses = [store.save_article(article("new"), [event("new")], [], conn=conn),
                    store.save_article(article("new"), [event("new")], [], conn=conn),
                    store.save_article(changed, [event("old")], [], conn=conn),
                    store.save_article(Article(doc_id="new", text="Other words."), [], [], conn=conn)]
        assert set(store_module._CLAIMS[conn]) == {"absent"}
    assert statuses == ["new", "unchanged", "updated", "updated"]
    assert not store_module._CLAIMS
    with pytest.raises(RuntimeError), store.write() as conn:
        store.claim(conn, ["x"])
        raise RuntimeError("rolled back")
    assert not store_module._CLAIMS


def test_deferred_inserts_write_a_batch_s_new_rows_together_at_the_end(store, monkeypatch):
    """Rule ``inserts_deferred``: inside the block new articles, events and
    statements are kept, and inserted in one go per table when it ends
    (``insert_rows``); a doc saved again inside it has its first rows
    inserted first; what is stored is what saving each alone stores."""
    from flashpoint.store import store as store_module

    inserts: list[str] = []

    def inserting(conn, table, rows):
        inserts.append(table.name)
        insert_rows(conn, table, rows)

    insert_rows = store_module.insert_rows
    monkeypatch.setattr(store_module, "insert_rows", inserting)
    with store.write() as conn:
        with store.deferred_inserts(conn):
            for doc_id in ("d1", "d2", "d3"):
                store.save_article(article(doc_id), [event(doc_id)], [statement(doc_id)], conn=conn)
            assert inserts == []
        assert inserts == ["articles", "events", "statements"]
        inserts.clear()
        with store.deferred_inserts(conn):
            store.save_article(article("d4"), [event("d4")], [], conn=conn)
            changed = Article(doc_id="d4", text=TEXT + " Later.", published="2025-05-08")
            assert store.save_article(changed, [event("d4", day="2025-05-08")], [], conn=conn) == "updated"
        assert inserts[:2] == ["articles", "events"]
    assert sorted(a["doc_id"] for a in store.articles()) == ["d1", "d2", "d3", "d4"]
    assert [e["date"] for e in store.events() if e["doc_id"] == "d4"] == ["2025-05-08"]
    assert len(store.statements()) == 3


def test_rows_inserted_in_one_go_are_stored_as_an_insert_stores_them(store):
    """``insert_rows`` (PostgreSQL: ``COPY``) stores what an INSERT of the
    same rows stores: JSON with nested values, quotes, tabs, newlines,
    backslashes and non-Latin text, NULLs, dates, times with their zone,
    booleans and floats."""
    from sqlalchemy import select

    from flashpoint.store import incidents as itables
    from flashpoint.store import schema
    from flashpoint.store.engine import insert_rows

    def row(incident: str) -> dict:
        odd = 'a "quoted"\ttab\\slash \\N\nline, कश्मीर \u2028 end'
        return {"id": incident, "event_type": "ASSAULT", "quad": None, "source_code": "IND",
                "target_code": None, "date": date(2025, 5, 7), "date_precision": "day",
                "date_lo": date(2025, 5, 1), "date_hi": None, "location_country": "PAK",
                "lat": 34.123456789, "lon": -0.1, "sources": 3, "fatalities_best": None,
                "contested": True, "linkable": False, "wide_window": False,
                "first_reported": "2025-05-07T06:00:00+05:30", "revision": 2**62,
                "record": {"text": odd, "n": [1, 2.5, None, True], "k": {"1": {}}},
                "search_text": odd}  # fmt: skip

    def page(doc_id: str) -> dict:
        return {"doc_id": doc_id, "content_hash": "h", "published": None, "outlet": "Wire",
                "title": "A\ttitle", "url": None, "text": "Body\r\nof it.", "source_path": None,
                "ingested_at": datetime(2025, 5, 7, 6, 0, 0, 123456, tzinfo=UTC)}  # fmt: skip

    with store.write() as conn:
        conn.execute(insert(itables.incidents), [row("by-insert")])
        insert_rows(conn, itables.incidents, [row("in-one-go"), row("in-one-go-2")])
        insert_rows(conn, itables.incidents, [])  # nothing to insert: nothing done
        conn.execute(insert(schema.articles), [page("by-insert")])
        insert_rows(conn, schema.articles, [page("in-one-go")])
    with store.read() as conn:
        got = {r.id: {k: v for k, v in r._mapping.items() if k != "id"}
               for r in conn.execute(select(itables.incidents))}
        pages = {r.doc_id: {k: v for k, v in r._mapping.items() if k != "doc_id"}
                 for r in conn.execute(select(schema.articles))}
    assert set(got) == {"by-insert", "in-one-go", "in-one-go-2"}
    assert got["in-one-go"] == got["by-insert"] == got["in-one-go-2"]
    assert got["in-one-go"]["record"]["text"] == row("x")["record"]["text"]
    assert pages["in-one-go"] == pages["by-insert"]


def test_a_claim_holds_every_doc_lock_and_the_fusion_lock_to_the_end(store):
    """PostgreSQL: ``claim`` takes the locks each article's save and fusion
    would take, for the whole transaction; another writer waits on them."""
    if store.dialect != "postgresql":
        pytest.skip("SQLite's write lock already serialises writers")
    from sqlalchemy import text

    from flashpoint.store.incidents import _FUSION_LOCK

    free = text("SELECT pg_try_advisory_xact_lock(hashtext(:d)), pg_try_advisory_xact_lock(:k)")
    with store.engine.connect() as other:
        with store.write() as conn:
            store.claim(conn, ["b", "a"])
            assert tuple(other.execute(free, {"d": "a", "k": _FUSION_LOCK}).one()) == (False, False)
            other.rollback()
            assert other.execute(free, {"d": "c", "k": 0}).one()[0] is True
            other.rollback()
        assert tuple(other.execute(free, {"d": "a", "k": _FUSION_LOCK}).one()) == (True, True)
        other.rollback()


def test_delete_article_removes_its_records(store):
    store.save_article(article(), [full_event()], [statement()])
    assert store.delete_article("a1") is True
    assert counts(store) == (0, 0, 0)
    assert store.delete_article("a1") is False


# -- stats, filters, runs ---------------------------------------------------


def _fill(store: Store) -> None:
    """Three articles: 3 IND->PAK assaults, 2 PAK->IND, 1 USA request, 1 undated."""
    store.save_article(
        article("d1", "One."),
        [
            event("d1", day="2025-05-07", start=0),
            event("d1", day="2025-05-07", start=10),
            event("d1", "REQUEST", "USA", None, day="2025-05-10", start=20),
        ],
        [statement("d1")],
    )
    store.save_article(
        article("d2", "Two."),
        [
            event("d2", source="PAK", target="IND", day="2025-05-08", start=0),
            event("d2", source="PAK", target="IND", day="2025-05-09", start=10),
        ],
        [],
    )
    store.save_article(
        article("d3", "Three.", published=None),
        [event("d3", day="2025-05-06", start=0), event("d3", "ACCUSE", day=None, start=10)],
        [],
    )


def test_stats_counts_types_and_dyads(store):
    _fill(store)
    stats = store.stats()
    assert stats["articles"] == 3
    assert stats["events"] == 7
    assert stats["statements"] == 1
    assert stats["events_by_type"] == {"ASSAULT": 5, "ACCUSE": 1, "REQUEST": 1}
    assert stats["top_dyads"] == [["IND-PAK", 4], ["PAK-IND", 2]]
    assert store.stats(top=1)["top_dyads"] == [["IND-PAK", 4]]
    assert (stats["rejected"], stats["runs"]) == (0, 0)


def test_empty_store_stats(store):
    assert store.stats() == {
        "articles": 0, "events": 0, "events_by_type": {}, "statements": 0,
        "rejected": 0, "runs": 0, "top_dyads": [],
    }  # fmt: skip


def test_event_filters(store):
    _fill(store)
    everything = store.events()
    assert len(everything) == 7
    dates = [e["date"] for e in everything]
    assert dates == sorted(d for d in dates if d) + [None]  # chronological, undated last
    assert {e["event_type"] for e in store.events(event_type="accuse")} == {"ACCUSE"}
    assert len(store.events(dyad="PAK-IND")) == 2
    assert len(store.events(dyad=("IND", "PAK"))) == 4
    assert len(store.events(actor="USA")) == 1
    assert [e["date"] for e in store.events(since="2025-05-08")] == [
        "2025-05-08",
        "2025-05-09",
        "2025-05-10",
    ]
    assert [e["date"] for e in store.events(until=date(2025, 5, 7))] == [
        "2025-05-06",
        "2025-05-07",
        "2025-05-07",
    ]
    assert len(store.events(since="2025-05-07", until="2025-05-08", dyad="IND-PAK")) == 2
    assert len(store.events(doc_id="d2")) == 2
    assert store.count_events(dyad="IND-PAK") == 4
    assert store.count_events() == 7
    with pytest.raises(ValueError, match="SOURCE-TARGET"):
        store.events(dyad="INDPAK")


def test_pagination_walks_the_whole_list(store):
    _fill(store)
    everything = store.events()
    pages = [store.events(limit=3, offset=o) for o in (0, 3, 6, 9)]
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    assert [e for p in pages for e in p] == everything


def test_statements_and_articles_listing(store):
    _fill(store)
    assert [x["speaker"]["code"] for x in store.statements(speaker="PAK")] == ["PAK"]
    assert store.statements(speaker="IND") == []
    listed = store.articles()
    assert [a["doc_id"] for a in listed] == ["d1", "d2", "d3"]  # same day; undated last
    assert [a["doc_id"] for a in store.articles(limit=1, offset=1)] == ["d2"]
    assert "text" not in store.articles(with_text=False)[0]


def test_runs_and_rejections_are_recorded(store):
    run = store.start_run(["news/", "feed.xml"])
    store.add_rejection(run, "news/blank.txt", "empty file")
    store.add_rejection(run, "feed.xml", "feed does not parse")
    store.finish_run(run, processed=5, events=12, statements=3)
    (row,) = store.runs()
    assert row["id"] == run
    assert row["inputs"] == ["news/", "feed.xml"]
    assert (row["processed"], row["rejected"], row["events"], row["statements"]) == (5, 2, 12, 3)
    assert row["finished_at"] >= row["started_at"]
    assert [(r["name"], r["reason"]) for r in store.rejections(run_id=run)] == [
        ("news/blank.txt", "empty file"),
        ("feed.xml", "feed does not parse"),
    ]
    assert (store.stats()["rejected"], store.stats()["runs"]) == (2, 1)
    second = store.start_run([])
    assert second != run
    store.finish_run(second, processed=0, rejected=0)
    assert [r["id"] for r in store.runs()] == [second, run]
    with pytest.raises(KeyError):
        store.finish_run(9999, processed=0)


# -- schema, engines, concurrency -------------------------------------------


def test_migrations_match_schema_module(store):
    """The Alembic migrations and schema.py describe the same tables."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        # search structures (FTS5 tables, expression indexes) are not in metadata
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert ctx.get_current_revision() == head_revision()
        assert compare_metadata(ctx, s.metadata) == []


def test_reopening_keeps_the_data(open_store):
    first = open_store()
    first.save_article(article(), [full_event()], [])
    first.close()
    assert open_store().events() == [full_event().to_dict()]


def test_two_opens_of_a_fresh_database_at_once(open_store):
    errors: list[BaseException] = []

    def open_one():
        try:
            open_store().stats()
        except BaseException as exc:  # report it in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_two_writers_on_the_same_doc(open_store):
    """Concurrent saves of one new article: one 'new', the rest 'unchanged'."""
    stores = [open_store() for _ in range(4)]
    results: list[str] = []
    errors: list[BaseException] = []

    def save(st_: Store):
        try:
            results.append(st_.save_article(article(), [full_event()], [statement()]))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(x,)) for x in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == ["new", "unchanged", "unchanged", "unchanged"]
    assert counts(stores[0]) == (1, 1, 1)


def test_a_reader_while_a_writer_writes(open_store):
    writer, reader = open_store(), open_store()
    n = 40
    stop = threading.Event()
    errors: list[BaseException] = []
    seen: list[int] = []

    def read_loop():
        try:
            while not stop.is_set():
                seen.append(reader.stats()["events"])
                reader.events(limit=5)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=read_loop)
    thread.start()
    try:
        for i in range(n):
            writer.save_article(article(f"w{i}", f"text {i}"), [event(f"w{i}")], [])
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert seen == sorted(seen)  # counts only grow: each save is all or nothing
    assert reader.stats()["events"] == n


def test_sqlite_is_wal_with_foreign_keys(tmp_path):
    store = Store(tmp_path / "x.db")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    with pytest.raises(Exception, match="FOREIGN KEY"), store.write() as conn:  # noqa: B017
        conn.execute(
            insert(s.statements).values(id="s", doc_id="nope", seq=0, quote="q", record={})
        )
    store.close()


def test_sqlite_writer_commits_while_a_reader_holds_a_snapshot(tmp_path):
    """WAL: an open read transaction does not block a writer (a rollback
    journal would make it wait out the busy timeout and fail)."""
    writer = Store(tmp_path / "x.db", busy_timeout_s=1.0)
    reader = Store(tmp_path / "x.db", busy_timeout_s=1.0)
    writer.save_article(article("a0", "zero"), [event("a0")], [])
    with reader.read() as conn:
        before = conn.exec_driver_sql("SELECT count(*) FROM events").scalar()
        assert writer.save_article(article("a1"), [event("a1")], []) == "new"
        # the reader's snapshot is unchanged until its transaction ends
        assert conn.exec_driver_sql("SELECT count(*) FROM events").scalar() == before == 1
    assert reader.stats()["events"] == 2
    writer.close()
    reader.close()


def test_postgres_schemas_are_isolated(pg_error):
    if pg_error:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {pg_error}")
    names = [f"fp_test_{os.getpid()}_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    try:
        one, two = (Store(PG_URL, schema=n) for n in names)
        one.save_article(article(), [full_event()], [])
        assert (counts(one), counts(two)) == ((1, 1, 0), (0, 0, 0))
        one.close()
        two.close()
    finally:
        for n in names:
            _drop_schema(n)


def test_schema_in_the_url(pg_error):
    if pg_error:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {pg_error}")
    name = f"fp_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    try:
        store = Store(f"{PG_URL}?schema={name}")
        assert store.schema == name
        store.save_article(article(), [], [])
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT current_schema()").scalar() == name
        store.close()
        with Store(PG_URL, schema=name) as again:
            assert again.stats()["articles"] == 1
    finally:
        _drop_schema(name)


def test_bad_schema_arguments(tmp_path):
    with pytest.raises(ValueError, match="two schemas"):
        Store(f"{PG_URL}?schema=a", schema="b")
    with pytest.raises(ValueError, match="PostgreSQL"):
        Store(tmp_path / "x.db", schema="abc")
    with pytest.raises(ValueError, match="schema name"):
        Store(PG_URL, schema="x; DROP TABLE y")


# -- URLs -------------------------------------------------------------------


def test_resolve_db_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FLASHPOINT_DB", raising=False)
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'flashpoint.db'}"
    monkeypatch.setenv("FLASHPOINT_DB", "other.db")
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'other.db'}"
    assert resolve_db_url("data/x.db") == f"sqlite:///{tmp_path / 'data' / 'x.db'}"
    assert resolve_db_url(tmp_path / "p.db") == f"sqlite:///{tmp_path / 'p.db'}"
    assert resolve_db_url("sqlite:///rel.db") == "sqlite:///rel.db"
    assert resolve_db_url(":memory:") == "sqlite://"
    assert resolve_db_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert resolve_db_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_db_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_in_memory_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store(":memory:") as store:
        assert store.save_article(article(), [full_event()], []) == "new"
        assert store.events() == [full_event().to_dict()]
    assert list(tmp_path.iterdir()) == []  # no file was made


def test_store_creates_the_folder_and_accepts_a_path(tmp_path):
    store = Store(tmp_path / "new" / "dir" / "f.db")
    assert (tmp_path / "new" / "dir" / "f.db").exists()
    assert store.dialect == "sqlite"
    assert "f.db" in repr(store)
    store.close()


# -- full-text search (store.search) ------------------------------------------


def said(doc_id: str, sentence: str, *, start: int = 0, place: str | None = None,
         source: str | None = "IND", target: str | None = "PAK",
         day: str | None = "2025-05-07", event_type: str = "ASSAULT") -> Event:  # fmt: skip
    """An event whose evidence sentence is ``sentence``."""
    return Event(
        doc_id=doc_id,
        event_type=event_type,
        evidence=Evidence(sentence=sentence, start=start, end=start + len(sentence)),
        source=Actor(code=source, sector="MIL") if source else None,
        target=Actor(code=target, sector="GOV") if target else None,
        date=day,
        date_precision="day" if day else None,
        location=Location(name=place, country="IND") if place else None,
    )


SHELLING = "Artillery shelling hit a market in the border town overnight."
TALKS = "The ministry said talks in Geneva would resume next week."


def _searchable(store: Store) -> None:
    store.save_article(article("s1", SHELLING, title="Night of guns in Poonch"),
                       [said("s1", SHELLING, place="Poonch")],
                       [statement("s1", quote="We will answer every provocation")])  # fmt: skip
    store.save_article(article("s2", TALKS, title="Envoys to meet", outlet="Lakeside Wire"),
                       [said("s2", TALKS, event_type="CONSULT")], [])  # fmt: skip


def _ids(records: list[dict]) -> list[str]:
    return [r["doc_id"] for r in records]


def test_search_takes_every_word_in_any_case_long_ones_as_prefixes(store):
    _searchable(store)
    assert _ids(store.events(q="SHELLING")) == ["s1"]
    assert _ids(store.events(q="poonch")) == ["s1"]  # the place name is searched too
    assert _ids(store.events(q="shell arti")) == ["s1"]  # prefixes, any order
    assert _ids(store.events(q="geneva talks")) == ["s2"]
    assert store.events(q="shelling geneva") == []  # every word must be there
    assert store.events(q="ta") == []  # short words only whole: not "talks"
    assert _ids(store.events(q="in")) == ["s1", "s2"]
    assert store.events(q="elling") == []  # words, not substrings
    assert store.count_events(q="the") == 2 and store.count_events(q="market") == 1
    assert _ids(store.statements(q="provoc")) == ["s1"]
    assert store.statements(q="geneva") == []


def test_search_input_is_never_query_syntax(store):
    _searchable(store)
    hostile = ['"', "'", "*", "AND", "OR NOT", "NEAR(a b)", "(", "^x", "a:b", "%", "_", "\\",
               "body:geneva", "'; DROP TABLE events; --", "geneva)", "-geneva", '"geneva', "",
               "   ", "…", "日本"]  # fmt: skip
    for q in hostile:
        found = store.events(q=q)
        assert found == store.events(q=q.lower())
    for q in ("geneva)", "-geneva", '"geneva', "geneva:", "(GENEVA)*"):  # only separators
        assert "s2" in _ids(store.events(q=q)), q
    for q in ("%", "_", "*", "", "   "):  # no word: nothing, not everything
        assert store.events(q=q) == [] and store.count_events(q=q) == 0
    assert store.stats()["events"] == 2  # and nothing was dropped


def test_search_index_follows_updates_deletes_and_rollbacks(store, monkeypatch):
    _searchable(store)
    drones = "Drones were seen over Jammu before dawn."
    assert store.save_article(article("s1", drones), [said("s1", drones)], []) == "updated"
    assert store.events(q="shelling") == [] and store.statements(q="provocation") == []
    assert _ids(store.events(q="jammu drones")) == ["s1"]
    assert store.delete_article("s1") is True  # its events go by cascade
    assert store.events(q="jammu") == []

    def boom(*_a, **_k):
        raise RuntimeError("crash mid-save")

    monkeypatch.setattr(store, "_insert_statements", boom)
    with pytest.raises(RuntimeError):
        store.save_article(article("s3", drones), [said("s3", drones)], [statement("s3")])
    assert store.events(q="jammu") == []  # the rolled-back events left no index entry
    monkeypatch.undo()
    store.save_article(article("s3", drones), [said("s3", drones)], [])
    assert _ids(store.events(q="jammu")) == ["s3"]


def _incident(incident_id: str, sentence: str, *, source: str | None = "IND",
              target: str | None = "PAK", day: str | None = "2025-05-07") -> dict:  # fmt: skip
    return {"id": incident_id, "event_type": "ASSAULT", "sources": 1,
            "source": {"code": source} if source else None,
            "target": {"code": target} if target else None, "date": day,
            "location": {"name": "Uri", "country": "IND"},
            "reports": [{"doc_id": "x", "sentence": sentence},
                        {"doc_id": "y", "sentence": "A second report of it."}]}  # fmt: skip


def test_incident_search_follows_fusions_writes(store):
    from flashpoint.store import incidents as itables
    from flashpoint.web import queries

    def found(q: str) -> list[str]:  # one day: the order of ties differs by engine
        return sorted(i["id"] for i in queries.incidents_page(store, queries.Filters(q=q)).items)

    with store.write() as conn:
        itables.save_incident(conn, _incident("i1", SHELLING), [], None)
        itables.save_incident(conn, _incident("i2", TALKS), [], None)
    assert found("shelling") == ["i1"] and found("second report") == ["i1", "i2"]
    assert found("uri") == ["i1", "i2"]  # the location name
    with store.write() as conn:
        itables.save_incident(conn, _incident("i1", "Mortar rounds fell."), [], None)
        itables.update_record(conn, _incident("i2", "Envoys met again."))
    assert found("shelling") == [] and found("geneva") == []
    assert found("mortar") == ["i1"] and found("envoys") == ["i2"]
    with store.write() as conn:
        itables.delete_incident(conn, "i1")
    assert found("mortar") == [] and found("uri") == ["i2"]


def test_incident_search_text_holds_each_word_once_and_finds_the_same(store):
    """``incident_text`` keeps each run of non-space characters once (wire
    copies repeat one sentence); a row written with the whole text, as
    before, and one written with the shorter text are found by the same
    queries, on both engines."""
    from sqlalchemy import update

    from flashpoint.store import incidents as itables
    from flashpoint.store.search import incident_text
    from flashpoint.web import queries

    wire = "Shelling hit Poonch, officials said; Shelling hit Poonch."
    record = _incident("i1", wire)
    record["reports"] += [{"doc_id": d, "sentence": wire} for d in "zw"]
    text = incident_text(record)
    assert text == "Shelling hit Poonch, officials said; Poonch. A second report of it. Uri"
    with store.write() as conn:
        itables.save_incident(conn, record, [], None)
        itables.save_incident(conn, {**record, "id": "i2"}, [], None)
        whole = " ".join(r["sentence"] for r in record["reports"]) + " Uri"
        conn.execute(update(itables.incidents).where(itables.incidents.c.id == "i2")
                     .values(search_text=whole))  # as written before

    def found(q: str) -> list[str]:
        return sorted(i["id"] for i in queries.incidents_page(store, queries.Filters(q=q)).items)

    for q in ("poonch", "POONCH", "shell", "officials said", "second", "uri", "poonch uri"):
        assert found(q) == ["i1", "i2"], q
    for q in ("kashmir", "po", "shelling kashmir"):
        assert found(q) == [], q


def test_search_text_is_the_migrations(store):
    """The queries repeat the index's expression (PostgreSQL uses the index
    only then): search.py's copy and the migrations' are the same (0003's,
    and 0010's for incidents)."""
    import importlib.util

    from flashpoint.store import search
    from flashpoint.store.engine import MIGRATIONS

    def migration(name):
        spec = importlib.util.spec_from_file_location(name, MIGRATIONS / "versions" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    first, incidents = migration("0003_search"), migration("0010_incident_search_text")
    assert {**first.PG_TEXT, "incidents": incidents.PG_TEXT} == search.PG_TEXT
    assert first.PG_DOCUMENT == search.PG_DOCUMENT == incidents.PG_DOCUMENT
    assert first.SEARCHED == search.SEARCHED
    assert incidents.OLD_PG_TEXT == first.PG_TEXT["incidents"]
    assert incidents.OLD_SQLITE_TEXT == first.SQLITE_TEXT["incidents"]


def test_postgres_search_uses_the_gin_indexes(open_store):
    store = open_store()
    if store.dialect != "postgresql":
        pytest.skip("PostgreSQL's plans")
    from sqlalchemy import func, select

    from flashpoint.store import search

    for name in search.SEARCHED:
        table = s.metadata.tables[name]
        query = (
            select(func.count())
            .select_from(table)
            .where(search.match(table, "border shelling", "postgresql"))
        )
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {compiled}"))
        assert search.pg_index(name) in plan, plan


# -- web queries: actor and dyad pages (both engines) --------------------------


CALLS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")


def _actors_everywhere(store: Store) -> None:
    """Events and incidents with PAK as source, target, both and neither,
    several on one day, some undated; statements by two speakers."""
    from flashpoint.store import incidents as itables

    pairs = [("PAK", "IND"), ("IND", "PAK"), ("PAK", "PAK"), ("USA", "IND"), ("PAK", None),
             (None, "PAK"), ("IND", "PAK"), ("CHN", "PAK")]  # fmt: skip
    days = ["2025-05-07", "2025-05-07", None, "2025-05-09", "2025-05-07", None, "2025-05-10",
            "2025-05-06"]  # fmt: skip
    for n in range(3):
        doc = f"p{n}"
        events = [said(doc, f"Report {n} names {CALLS[k]}.", start=20 * k, source=a, target=b,
                       day=days[(k + n) % len(days)])
                  for k, (a, b) in enumerate(pairs)]  # fmt: skip
        quotes = [statement(doc, quote=f"Quote {n}", start=200)]
        store.save_article(article(doc, f"Text {n}."), events, quotes)
    with store.write() as conn:
        for k, (a, b) in enumerate(pairs * 2):
            itables.save_incident(
                conn,
                _incident(
                    f"inc{k:02d}", f"Incident {k}.", source=a, target=b, day=days[k % len(days)]
                ),
                [],
                None,
            )


def _walk(page_of, total_expected: int, *, limit: int = 3) -> list[str]:
    ids: list[str] = []
    for offset in range(0, total_expected + limit, limit):
        page = page_of(limit, offset)
        assert page.total == total_expected
        ids += [r["id"] for r in page.items]
    return ids


@pytest.mark.parametrize("merge_up_to", [None, 4], ids=["merged", "deep-pages"])
def test_actor_and_dyad_pages_equal_the_plain_queries(store, merge_up_to, monkeypatch):
    """The merged index scans give the same pages, totals and order as the
    one-query OR filter they replace (and so do deep pages, one OR query)."""
    from sqlalchemy import and_, or_, select

    from flashpoint.store import incidents as itables
    from flashpoint.web import queries
    from flashpoint.web.queries import Filters

    if merge_up_to is not None:
        monkeypatch.setattr(queries, "MERGE_UP_TO", merge_up_to)
    _actors_everywhere(store)
    e, i, st_ = s.events.c, itables.incidents.c, s.statements.c
    event_order = (e.date.asc().nulls_last(), e.doc_id, e.seq)
    incident_order = queries.newest_first(store, itables.incidents)

    def plain(key, table, where, order):
        base = select(key).select_from(table).where(where)
        with store.read() as conn:
            return list(conn.execute(base.order_by(*order)).scalars())

    pak_events = plain(e.id, s.events, or_(e.source_code == "PAK", e.target_code == "PAK"),
                       event_order)  # fmt: skip
    assert len(pak_events) == 21  # 7 of 8 pairs in 3 articles; PAK-PAK once each
    got = _walk(lambda n, o: queries.events_page(store, Filters(actor="pak"), limit=n, offset=o),
                len(pak_events))  # fmt: skip
    assert got == pak_events
    dyad = or_(and_(i.source_code == "IND", i.target_code == "PAK"),
               and_(i.source_code == "PAK", i.target_code == "IND"))  # fmt: skip
    ind_pak = plain(i.id, itables.incidents, dyad, incident_order)
    got = _walk(lambda n, o: queries.incidents_page(store, Filters(dyad="PAK-IND"), limit=n,
                                                    offset=o), len(ind_pak))  # fmt: skip
    assert got == ind_pak and len(ind_pak) == 6
    pak_incidents = plain(
        i.id, itables.incidents, or_(i.source_code == "PAK", i.target_code == "PAK"), incident_order
    )
    got = _walk(lambda n, o: queries.incidents_page(store, Filters(actor="PAK"), limit=n,
                                                    offset=o), len(pak_incidents))  # fmt: skip
    assert got == pak_incidents and len(pak_incidents) == 14
    as_source = plain(i.id, itables.incidents, i.source_code == "PAK", incident_order)
    as_target = plain(i.id, itables.incidents, i.target_code == "PAK", incident_order)
    found = queries.actor(store, "PAK", limit=50)
    assert [r["id"] for r in found["as_source"]["items"]] == as_source
    assert [r["id"] for r in found["as_target"]["items"]] == as_target
    assert (found["as_source"]["total"], found["as_target"]["total"]) == (6, 10)
    assert found["quotes"]["total"] == 3
    quotes = plain(st_.id, s.statements, st_.speaker_code == "PAK",
                   (st_.date.desc().nulls_last(), st_.doc_id, st_.seq))  # fmt: skip
    assert _walk(lambda n, o: queries.statements_page(store, speaker="PAK", limit=n, offset=o),
                 3, limit=2) == quotes  # fmt: skip
    # other filters still apply inside the merge
    dated = queries.events_page(store, Filters(actor="PAK", since=date(2025, 5, 7)), limit=100)
    assert dated.items and all(r["date"] >= "2025-05-07" for r in dated.items)
    assert dated.total == len(dated.items)
    searched = queries.events_page(store, Filters(actor="PAK", q="charlie"), limit=100)
    assert {r["evidence"]["sentence"] for r in searched.items} == {
        f"Report {n} names charlie." for n in range(3)}  # fmt: skip
    assert searched.total == 3


def test_the_window_look_up_finds_exactly_the_overlapping_incidents(store):
    """Fusion's bounded look-up (narrow windows by a range of the index, wide
    and unknown ones apart) finds what a plain overlap test over every
    incident finds, for windows of every length and of each type."""
    from datetime import date, timedelta

    from flashpoint.store import incidents as itables

    start = date(2025, 1, 1)
    spans = [0, 1, 6, 12, 30, 31, 32, 364]  # a day .. a year, around WIDE_WINDOW_DAYS
    saved: dict[str, tuple | None] = {}
    with store.write() as conn:
        for n in range(120):
            lo = start + timedelta(days=(n * 7) % 400)
            window = None if n % 17 == 0 else (lo, lo + timedelta(days=spans[n % len(spans)]))
            kind = ("ASSAULT", "ACCUSE")[n % 2]
            source, target = ("IND", None, "PAK")[n % 3], ("PAK", "IND", None, "CHN")[n % 4]
            record = {**_incident(f"i{n:03d}", "A report.", source=source, target=target),
                      "event_type": kind}  # fmt: skip
            itables.save_incident(conn, record, [], window, linkable=n % 3 == 0)
            saved[record["id"]] = (kind, n % 3 == 0, window, source, target)

    def expected(window, slack, kind, source=None, target=None):
        lo, hi = window[0] - timedelta(days=slack), window[1] + timedelta(days=slack)
        return sorted(i for i, (k, link, w, s, t) in saved.items()
                      if (kind is None or k == kind)
                      and (w is None or (w[0] <= hi and w[1] >= lo))
                      and (source is None or s in (None, source))
                      and (target is None or t in (None, target)))  # fmt: skip

    with store.read() as conn:
        for offset in range(-40, 440, 9):
            day = start + timedelta(days=offset)
            for width, slack, kind in [(0, 1, "ASSAULT"), (30, 1, "ACCUSE"),
                                       (0, 8, None), (364, 4, None)]:  # fmt: skip
                window = (day, day + timedelta(days=width))
                types = [kind] if kind else None
                found = itables.ids_in_window(conn, window, event_types=types, slack_days=slack)
                assert found == expected(window, slack, kind), (window, kind)
                # only incidents whose actors could take a report of IND against PAK
                found = itables.ids_in_window(conn, window, event_types=types, slack_days=slack,
                                              source="IND", target="PAK")  # fmt: skip
                assert found == expected(window, slack, kind, "IND", "PAK"), (window, kind)
        assert itables.ids_in_window(conn, None, source="PAK") == sorted(
            i for i, v in saved.items() if v[3] in (None, "PAK"))  # fmt: skip
        # many look-ups at once (one statement on either engine): each finds what it
        # finds alone, with the incidents' revisions
        lookups = [((start + timedelta(days=o), start + timedelta(days=o + width)), kind, src, tgt)
                   for o in range(-40, 440, 23) for width in (0, 30, 364)
                   for kind, src, tgt in [("ASSAULT", None, None), ("ACCUSE", "IND", "PAK"),
                                          ("ASSAULT", "PAK", None)]]  # fmt: skip
        lookups.append((None, "ACCUSE", "IND", None))
        found = itables.look_up(conn, lookups, [], slack_days=2)[0]
        assert len(found) == len(lookups)
        for (window, kind, src, tgt), got in zip(lookups, found, strict=True):
            alone = itables.revisions_in_window(conn, window, event_types=[kind], slack_days=2,
                                                source=src, target=tgt)  # fmt: skip
            assert got == alone and list(got) == sorted(got)
            if window is not None:
                assert list(got) == expected(window, 2, kind, src, tgt)
            assert all(isinstance(r, int) for r in got.values())
        # with the stored ids of some ids (fusion's founding ids): the same look-ups,
        # and the ids stored, windowed look-ups or not
        ids = [*list(saved)[::7], "nope", "no such incident"]
        for some in (lookups, lookups[-1:], []):
            assert itables.look_up(conn, some, ids, slack_days=2) == (
                itables.look_up(conn, some, [], slack_days=2)[0], itables.stored_ids(conn, ids))
        assert itables.look_up(conn, lookups, [], slack_days=2) == (found, set())


def test_the_link_day_look_up_finds_the_linkable_incidents_of_those_days(store):
    """``link_days_in_window`` reads linkable incidents by their date, not
    their window: one known to its year is found near its date only; the
    undated ones always, with the day they were first reported."""
    from datetime import date, timedelta

    from flashpoint.store import incidents as itables

    start = date(2025, 1, 1)
    saved: dict[str, tuple] = {}
    with store.write() as conn:
        for n in range(90):
            day = None if n % 11 == 0 else start + timedelta(days=(n * 5) % 200)
            first = f"{(day or start + timedelta(days=n)).isoformat()}T08:00:00+00:00"
            record = {**_incident(f"i{n:03d}", "A report.", day=day and day.isoformat()),
                      "first_reported": first}  # fmt: skip
            # a year-long window around some: the look-up goes by the date all the same
            window = None if day is None else (
                (day.replace(month=1, day=1), day.replace(month=12, day=31)) if n % 4 == 0
                else (day, day))  # fmt: skip
            itables.save_incident(conn, record, [], window, linkable=n % 3 != 1)
            saved[record["id"]] = (n % 3 != 1, day, first)
    with store.read() as conn:
        assert itables.link_days_in_window(conn, None, slack_days=8) == {
            i: (day, first) for i, (link, day, first) in saved.items() if link}
        for offset in range(-20, 220, 13):
            lo = start + timedelta(days=offset)
            window = (lo, lo + timedelta(days=offset % 3))
            found = itables.link_days_in_window(conn, window, slack_days=8)
            assert found == {i: (day, first) for i, (link, day, first) in saved.items()
                             if link and (day is None or window[0] - timedelta(days=8) <= day
                                          <= window[1] + timedelta(days=8))}, window  # fmt: skip


def test_kept_incident_writes_are_read_as_written_and_written_once(store, monkeypatch):
    """Rule ``incident_writes_deferred``: within the block fusion's writes
    are kept, each incident's last one only, and written when it ends;
    until then fusion's look-ups (``look_up``, ``stored_ids``,
    ``link_days_in_window``) answer exactly what they answer once the
    writes are made, for incidents new, moved, retyped, made linkable or
    not, with reports added or all replaced; and the tables end as writing
    each at once leaves them."""
    import itertools
    import random
    from datetime import date, timedelta

    from sqlalchemy import delete, select
    from sqlalchemy import event as sa_event

    from flashpoint.store import incidents as itables

    start = date(2025, 3, 1)

    def write(rng, n: int, exists: bool, *, fresh: bool) -> itables.IncidentWrite:
        day = start + timedelta(days=rng.randrange(60))
        span = rng.choice([None, 0, 0, 6, 30, 32, 364])
        window = None if span is None else (day, day + timedelta(days=span))
        record = {**_incident(f"i{n:02d}", f"Report {rng.randrange(1000)}.",
                              source=rng.choice(["IND", "PAK", None]),
                              target=rng.choice(["IND", "PAK", None]),
                              day=rng.choice([None, day.isoformat()])),
                  "event_type": rng.choice(["ASSAULT", "ACCUSE"]),
                  "first_reported": f"{day.isoformat()}T06:00:00+00:00"}  # fmt: skip
        new = [{"event_id": f"e{next(serial):04d}", "doc_id": f"d{k}", "published": None}
               for k in range(rng.randint(1, 3))]  # fmt: skip
        # all its reports: those stored and the new ones, or the new ones alone
        reports = held[record["id"]] = (held.get(record["id"], []) if exists and fresh else []) + new
        return itables.IncidentWrite(record, reports, window, linkable=rng.random() < 0.5,
                                     exists=exists, fresh=new if fresh else None)  # fmt: skip

    def batch(conn, rng) -> None:  # four articles' writes: stored incidents rewritten, new ones
        for _ in range(4):
            ids = [f"i{n:02d}" for n in rng.sample(range(30), 8)]
            writes = [write(rng, int(i[1:]), i in itables.stored_ids(conn, [i]),
                            fresh=rng.random() < 0.6) for i in ids]  # fmt: skip
            assert set(itables.save_incidents(conn, writes)) == set(ids)
            # relinked: two it wrote, and one it did not write
            other = rng.choice([f"i{n:02d}" for n in range(20) if f"i{n:02d}" not in ids])
            itables.update_records(conn, [{**w.summary, "contested": True}
                                          for w in rng.sample(writes, 2)]
                                   + [{**_incident(other, "Linked."), "contested": True}])  # fmt: skip

    def answers(conn) -> list:
        lookups = [((start + timedelta(days=o), start + timedelta(days=o + w)), kind, src, tgt)
                   for o in range(-10, 70, 9) for w in (0, 40)
                   for kind, src, tgt in [("ASSAULT", None, None), ("ACCUSE", "IND", "PAK"),
                                          ("ASSAULT", "PAK", None)]]  # fmt: skip
        lookups.append((None, "ACCUSE", None, "IND"))
        ids = [f"i{n:02d}" for n in range(0, 40, 3)]
        days = [itables.link_days_in_window(conn, w, slack_days=4) for w, *_ in lookups]
        return [itables.look_up(conn, lookups, ids, slack_days=2),
                itables.stored_ids(conn, ids), days, itables.link_facts(conn, ids)]

    def tables(conn) -> tuple:
        i, r = itables.incidents.c, itables.incident_reports.c
        columns = [c for c in i if c.name != "revision"]  # a fresh token every write
        return (conn.execute(select(*columns).order_by(i.id)).all(),
                conn.execute(select(r.event_id, r.incident_id, r.doc_id).order_by(r.event_id)).all())

    statements: list[str] = []  # the first word of each statement, and "insert_rows"
    sa_event.listen(store.engine, "before_cursor_execute",
                    lambda c, cur, sql, *rest: statements.append(sql.split()[0]))  # fmt: skip
    insert_rows = itables.insert_rows

    def inserting(conn, table, rows):
        statements.extend(["insert_rows"] if rows else [])
        insert_rows(conn, table, rows)

    monkeypatch.setattr(itables, "insert_rows", inserting)
    outcomes = []
    for deferred in (False, True):
        rng, serial, held = random.Random(7), itertools.count(), {}
        with store.write() as conn:  # twenty stored before the batch
            conn.execute(delete(itables.incident_reports))
            conn.execute(delete(itables.incidents))
            itables.save_incidents(conn, [write(rng, n, False, fresh=False) for n in range(20)])
        with store.write() as conn:
            if not deferred:
                batch(conn, rng)
            else:
                with itables.deferred_writes(conn):
                    statements.clear()
                    batch(conn, rng)
                    assert not {"insert_rows", "INSERT", "UPDATE"} & set(statements)
                    kept = answers(conn)
                    itables.flush_pending(conn)
                    assert kept == answers(conn)
                    # each kind of write in one statement, each incident once
                    assert statements.count("insert_rows") == 2 and statements.count("UPDATE") == 2
            outcomes.append(tables(conn))
    assert outcomes[0] == outcomes[1]
    # an incident's link facts are its columns: its date, first report and
    # linkable flag as written
    with store.read() as conn:
        facts = itables.link_facts(conn, [f"i{n:02d}" for n in range(40)])
        i = itables.incidents.c
        assert facts == {n: (day, first, flag) for n, day, first, flag in conn.execute(
            select(i.id, i.date, i.first_reported, i.linkable))}  # fmt: skip
        assert len(facts) >= 20
    # a read the kept writes cannot answer writes them first
    with store.write() as conn, itables.deferred_writes(conn):
        itables.update_records(conn, [{**_incident("i01", "Changed."), "contested": False}])
        assert itables.records_of(conn, ["i01"])["i01"]["reports"][0]["sentence"] == "Changed."


def test_a_file_store_keeps_a_page_cache_sized_for_a_large_file(tmp_path):
    """SQLite's default page cache (2 MiB) is far smaller than a store of some
    thousands of articles; every connection to a file store asks for
    ``SQLITE_CACHE_KIB``."""
    from flashpoint.store import Store
    from flashpoint.store.engine import SQLITE_CACHE_KIB

    with Store(str(tmp_path / "c.db")) as st, st.read() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB


# -- table upkeep on PostgreSQL (rules stale_statistics, dead_rows) ----------


def _alerts(n: int) -> list[dict]:
    when = datetime(2025, 5, 7, tzinfo=UTC)
    return [{"key": f"k{i}", "rule": "test", "kind": "new", "delivered": False,
             "title": f"alert {i}", "created_at": when, "record": {}} for i in range(n)]  # fmt: skip


def _upkept(store: Store) -> dict[str, tuple]:
    """table -> (last analysed, last vacuumed), by this store's upkeep."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT relname, last_analyze, last_vacuum FROM pg_stat_user_tables"
            " WHERE schemaname = current_schema()")  # fmt: skip
        return {name: (analyzed, vacuumed) for name, analyzed, vacuumed in rows}


def _flush_counts(conn) -> None:
    """The rows this transaction writes reach the server's counts at commit."""
    conn.exec_driver_sql("SELECT pg_stat_force_next_flush()")


def test_a_write_that_grows_a_table_analyses_it(store):
    """A table written past autovacuum's threshold (50 rows plus a tenth of
    its rows) gets planner statistics after the write, whether or not the
    server's autovacuum runs; tables not written to are left alone."""
    if store.dialect == "sqlite":
        pytest.skip("SQLite keeps no planner statistics")
    with store.write() as conn:
        conn.execute(insert(s.alerts), _alerts(300))
        _flush_counts(conn)
    store.upkeep.wait()  # on the upkeep's own thread
    upkept = _upkept(store)
    assert upkept["alerts"][0] is not None and upkept["alerts"][1] is None
    assert upkept["incidents"] == (None, None)
    assert store.upkeep.run() == {}  # nothing is stale any more


def test_a_write_that_leaves_dead_rows_vacuums_the_table(store):
    """Deleted (or updated) rows past autovacuum's threshold (50 plus a fifth
    of the live rows) are vacuumed away after the write."""
    if store.dialect == "sqlite":
        assert store.upkeep.run() == {}
        pytest.skip("SQLite reuses a deleted row's space itself")
    store.upkeep.check_s = 0.0
    with store.write() as conn:
        conn.execute(insert(s.alerts), _alerts(300))
        _flush_counts(conn)
    store.upkeep.wait()
    with store.write() as conn:
        conn.execute(s.alerts.delete().where(s.alerts.c.key != "k0"))
        _flush_counts(conn)
    store.upkeep.wait()
    # vacuumed (whether it could clear every dead row depends on the server's
    # other open transactions, so that is not asserted)
    assert _upkept(store)["alerts"][1] is not None


def test_tables_are_checked_at_most_every_so_often(store):
    """After a check, writes within ``check_s`` seconds do not look again."""
    if store.dialect == "sqlite":
        pytest.skip("SQLite needs no upkeep")
    with store.write() as conn:  # the first write checks (and finds nothing)
        conn.exec_driver_sql("SELECT 1")
    store.upkeep.wait()
    with store.write() as conn:
        conn.execute(insert(s.alerts), _alerts(300))
        _flush_counts(conn)
    store.upkeep.wait()
    assert _upkept(store)["alerts"] == (None, None)  # within check_s of the first
    assert store.upkeep.run() == {"alerts": "analyze"}


def test_upkeep_runs_beside_the_writer_one_check_at_a_time(store, monkeypatch):
    """The check runs on the upkeep's own thread: the write that starts it
    returns while it runs, and writes meanwhile start no other."""
    if store.dialect == "sqlite":
        pytest.skip("SQLite needs no upkeep")
    started, release, calls = threading.Event(), threading.Event(), []

    def slow() -> dict:
        calls.append(threading.current_thread().name)
        started.set()
        release.wait(10)
        return {}

    monkeypatch.setattr(store.upkeep, "run", slow)
    store.upkeep.check_s = 0.0
    with store.write() as conn:
        conn.exec_driver_sql("SELECT 1")
    assert started.wait(10)  # running, and the write has returned
    with store.write() as conn:  # due again, but one is running
        conn.exec_driver_sql("SELECT 1")
    release.set()
    store.upkeep.wait()
    assert calls == ["flashpoint-upkeep"]


def test_upkeep_that_fails_leaves_the_write_committed(store, monkeypatch, caplog):
    """Upkeep runs after the commit: if it fails, the write stands and the
    failure is logged, not raised at the writer."""
    if store.dialect == "sqlite":
        pytest.skip("SQLite needs no upkeep")

    def broken():
        raise RuntimeError("the server went away")

    monkeypatch.setattr(store.upkeep, "run", broken)
    with caplog.at_level("WARNING"):
        with store.write() as conn:
            conn.execute(insert(s.alerts), _alerts(3))
        store.upkeep.wait()
    assert "table upkeep failed" in caplog.text
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM alerts").scalar() == 3
