"""One bad input never stops a batch: each bad JSONL line, sidecar, article
or stored value is rejected by name (``file.jsonl:LINE``) with its reason, and
the rest of the run goes on; an unexpected crash exits 3 and ``extract -o``
keeps what it wrote. The texts are our own."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from flashpoint.extract import (
    CodedArticle,
    TimeBudgetExceeded,
    code_articles,
    coding_date,
    time_budget,
)
from flashpoint.ingest import normalise_published, read_inputs
from flashpoint.models import Actor, Article, Event, Evidence, Rejection

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("FLASHPOINT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
GOOD = "Militia fighters burned a market in the hill town on Sunday, residents said."
CODED = "Army units shelled a border post on Monday, killing two soldiers, police said."

# -- JSONL lines: each bad one rejected by its line, the others read -----------------

BAD_LINES = [  # (record, what the reason says)
    ({"id": "s", "text": GOOD + "\ud800"}, "unpaired surrogate"),
    ({"id": "z", "text": GOOD + "\x00"}, "NUL"),
    ({"id": "q" * 256, "text": GOOD}, "longer than 255"),
    ({"id": "o", "text": GOOD, "outlet": "w" * 256}, "outlet is longer than 255"),
    ({"id": "e", "text": GOOD, "published": 1e20}, "published"),
    ({"id": "n", "text": GOOD, "published": float("nan")}, "published"),
    ({"id": "i", "text": GOOD, "published": float("inf")}, "published"),
    ({"id": "y", "text": GOOD, "published": "the day before"}, "is not a date"),
    ({"id": "w", "text": GOOD, "published": "yesterday"}, "is not a date"),
    ({"id": ["a", "b"], "text": GOOD}, "id must be a string or a number"),
    ({"id": {"k": 1}, "text": GOOD}, "id must be a string or a number"),
    ({"id": True, "text": GOOD}, "id must be a string or a number"),
    ({"id": "t", "text": GOOD, "title": ["x"]}, "title"),
]


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", errors="surrogatepass") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")
    return path


@pytest.mark.parametrize(("record", "reason"), BAD_LINES, ids=[r for _, r in BAD_LINES])
def test_a_bad_line_is_rejected_by_its_line_and_the_next_lines_are_read(tmp_path, record,
                                                                        reason):
    path = _write_jsonl(tmp_path / "c.jsonl", [{"id": "first", "text": GOOD}, record,
                                               {"id": "last", "text": GOOD}])  # fmt: skip
    items = list(read_inputs([path]))
    assert [a.doc_id for a in items if isinstance(a, Article)] == ["first", "last"]
    rejected = [r for r in items if isinstance(r, Rejection)]
    assert len(rejected) == 1 and rejected[0].name == f"{path}:2"
    assert reason in rejected[0].reason


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00Z",
                                   -1e20, 1e300, float("nan"), float("-inf"), 253402300800])
def test_placeholder_and_impossible_dates_are_no_date_and_never_raise(value):
    assert normalise_published(value) is None


def test_a_placeholder_date_reads_the_line_without_a_date(tmp_path):
    path = _write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": GOOD,
                                                "published": "0001-01-01"}])  # fmt: skip
    [article] = list(read_inputs([path]))
    assert isinstance(article, Article) and article.published is None


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "0500-06-01"])
def test_the_coder_ignores_a_publication_date_outside_the_sane_years(published):
    assert coding_date(Article(doc_id="d", text=GOOD, published=published)) is None
    assert coding_date(Article(doc_id="d", text=GOOD, published="2025-05-10")).year == 2025


def test_a_sidecar_with_an_impossible_date_stops_neither_the_folder_nor_a_watch(tmp_path,
                                                                              monkeypatch):
    """The sidecar is rejected by name; its article and the file after it
    are still read (and, in a watch pass, stored)."""
    from flashpoint.store import Store
    from flashpoint.watch import Watcher

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "a.meta.json").write_text('{"published": 1e300}', encoding="utf-8")
    (folder / "b.txt").write_text(GOOD.replace("Sunday", "Monday"), encoding="utf-8")
    items = list(read_inputs([folder]))
    assert sorted(a.doc_id for a in items if isinstance(a, Article)) == ["a", "b"]
    assert [r.name for r in items if isinstance(r, Rejection)] == [str(folder / "a.meta.json")]
    with Store(str(tmp_path / "w.db")) as store, \
            Watcher([str(folder)], store, nlp=_FakeNlp()) as watcher:  # fmt: skip
        import flashpoint.extract as extract

        monkeypatch.setattr(extract, "code_articles", lambda articles, nlp=None: fake_coder(articles))
        summary = watcher.run_pass()
        assert summary.new == 2 and len(summary.rejected) == 1
        assert {a["doc_id"] for a in store.articles()} == {"a", "b"}


class _FakeNlp:
    """Stands in for the pipeline where ``fake_coder`` does the coding."""


def fake_coder(articles):
    for article in articles:
        event = Event(doc_id=article.doc_id, event_type="ASSAULT",
                      evidence=Evidence(sentence=article.text, start=0, end=len(article.text)),
                      source=Actor(code="AAA"), target=Actor(code="BBB"), date="2025-05-04")  # fmt: skip
        yield CodedArticle(article=article, events=[event])


# -- storing: one article the store refuses is rejected, on both engines ---------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    from flashpoint.store import Store

    if request.param == "sqlite":
        with Store(str(tmp_path / "i.db")) as st:
            yield st
        return
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    schema = f"fp_iso_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    with Store(PG_URL, schema=schema) as st:
        yield st
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_an_article_the_store_refuses_is_rejected_and_the_run_goes_on(store):
    """An id or outlet wider than its column (PostgreSQL used to stop the
    run with StringDataRightTruncation; SQLite kept it) is refused alike on
    both engines, named, and the next article is stored."""
    from flashpoint.intake import ingest

    articles = [Article(doc_id="k" * 300, text=GOOD, source_path="x.jsonl:1"),
                Article(doc_id="wide-outlet", text=GOOD, outlet="o" * 300),
                Article(doc_id="fine", text=GOOD)]  # fmt: skip
    summary = ingest([], store, coder=lambda _: fake_coder(articles))
    assert [r.name for r in summary.rejected[-2:]] == ["x.jsonl:1", "wide-outlet"]
    assert all("over 255" in r.reason for r in summary.rejected[-2:])
    assert [a["doc_id"] for a in store.articles()] == ["fine"]
    assert store.runs()[0]["status"] == "finished"


def test_an_article_the_database_refuses_mid_batch_is_rolled_back_alone(store, monkeypatch):
    """Articles are stored a batch per transaction, each in a savepoint once
    one has failed (``savepoints_after_failure``): one
    whose event collides with a stored event's id (the database refuses it)
    is rejected with nothing of it kept, and the articles before and after it
    in the same batch are stored and fused."""
    from sqlalchemy import func, select

    from flashpoint import intake
    from flashpoint.intake import ingest
    from flashpoint.store import schema as s

    def one_by_one(*args, **kwargs):
        raise AssertionError("the batch's own transaction failed")

    monkeypatch.setattr(intake, "store_or_reject", one_by_one)  # the savepoint must do it
    articles = [Article(doc_id=f"doc{i}", text=f"{GOOD} Report {i}.") for i in range(3)]
    coded = list(fake_coder(articles))
    clash = coded[0].events[0].to_dict()
    coded[1].events.append({**clash, "doc_id": "doc1"})  # the first article's event id
    summary = ingest([], store, coder=lambda _: iter(coded))
    assert [r.name for r in summary.rejected] == ["doc1"]
    assert "could not be stored" in summary.rejected[0].reason
    assert [a["doc_id"] for a in store.articles()] == ["doc0", "doc2"]
    with store.read() as conn:
        reports = conn.execute(select(s.incident_reports.c.doc_id)).scalars().all()
        events = conn.execute(select(func.count()).select_from(s.events)).scalar()
    assert sorted(reports) == ["doc0", "doc2"] and events == 2
    assert summary.new == 2 and store.runs()[0]["status"] == "finished"


def test_a_batch_takes_savepoints_only_after_an_article_failed(store):
    """Rule ``savepoints_after_failure``: a batch whose articles all store
    is one transaction without a savepoint; one that fails is stored again,
    each article in a savepoint, and only the failing one is left out."""
    from sqlalchemy import event

    from flashpoint import intake

    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda conn, cursor, sql, *rest: statements.append(sql))  # fmt: skip
    articles = [Article(doc_id=f"doc{i}", text=f"{GOOD} Report {i}.") for i in range(3)]
    coded = list(fake_coder(articles))
    assert intake.store_batch(coded, store, intake.IngestSummary()) == [None] * 3
    assert not [sql for sql in statements if "SAVEPOINT" in sql.upper()]
    statements.clear()
    later = list(fake_coder([Article(doc_id=f"later{i}", text=f"{GOOD} Later {i}.") for i in range(3)]))
    later[1].events.append({**coded[0].events[0].to_dict(), "doc_id": "later1"})  # a stored event's id
    outcomes = intake.store_batch(later, store, intake.IngestSummary())
    assert [o is None for o in outcomes] == [True, False, True]
    assert len([sql for sql in statements if sql.upper().startswith("SAVEPOINT")]) == 3
    assert sorted(a["doc_id"] for a in store.articles()) == ["doc0", "doc1", "doc2", "later0", "later2"]


def test_an_article_rolled_back_after_its_fusion_leaves_no_trace_in_the_batch(store, monkeypatch):
    """Fusion keeps what it read and wrote for the rest of the batch's
    transaction (``fuse.store.FusionCache``); an article whose savepoint rolls
    back after its fusion ran must take its reports with it, so the articles
    after it in the batch fuse against the store as it is, not as the
    refused article left it in memory."""
    from sqlalchemy import select

    from flashpoint import fuse, intake
    from flashpoint.store import schema as s

    real = fuse.fuse_in

    def fails_after_fusing(conn, doc_id):
        changed = real(conn, doc_id)
        if doc_id == "doc1":
            raise RuntimeError("refused after fusion")
        return changed

    monkeypatch.setattr(fuse, "fuse_in", fails_after_fusing)
    articles = [Article(doc_id=f"doc{i}", text=f"{GOOD} Report {i}.") for i in range(3)]
    summary = intake.IngestSummary()
    outcomes = intake.store_batch(list(fake_coder(articles)), store, summary)
    assert [o is None for o in outcomes] == [True, False, True]
    with store.read() as conn:
        rows = conn.execute(select(s.incident_reports.c.incident_id, s.incident_reports.c.doc_id)).all()
        records = conn.execute(select(s.incidents.c.record)).scalars().all()
    # the two stored reports of one happening make one incident, with no third report
    assert sorted(d for _, d in rows) == ["doc0", "doc2"] and len({i for i, _ in rows}) == 1
    assert len(records) == 1 and len(records[0]["reports"]) == 2
    # and nothing fusion kept outlives the batch's transaction
    from flashpoint.fuse import store as fusion_store

    gc.collect()
    assert len(fusion_store._CACHES) == 0


# -- the coder's edge -------------------------------------------------------------------


def test_the_time_budget_interrupts_a_runaway_block():
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded), time_budget(0.2):
        while True:
            pass
    assert time.monotonic() - started < 2
    with time_budget(0):  # no budget: nothing fires
        time.sleep(0.05)


def test_a_block_that_swallowed_its_alarm_is_still_over_budget():
    """An alarm swallowed where Python ignores exceptions (a garbage
    collector's callback, a __del__) and a block that ends before the next
    one: the budget was passed, so the block still fails."""
    swallowed = []
    with pytest.raises(TimeBudgetExceeded), time_budget(0.01):
        try:
            time.sleep(0.1)
        except TimeBudgetExceeded:
            swallowed.append(True)
    assert swallowed


@pytest.mark.model
def test_one_bad_article_is_an_error_and_the_others_are_coded(nlp):
    articles = [Article(doc_id="ok1", text=CODED, published="2025-05-10"),
                Article(doc_id="digits", text="Gunmen killed " + "7" * 5000 + " people."),
                Article(doc_id="early", text="Rebels raided a camp yesterday.",
                        published="0001-01-01"),
                Article(doc_id="late", text="Rebels raided a camp two days ago.",
                        published="9999-12-31"),
                Article(doc_id="ok2", text=CODED, published="2025-05-10")]  # fmt: skip
    coded = {c.article.doc_id: c for c in code_articles(articles, nlp=nlp)}
    assert list(coded) == [a.doc_id for a in articles]
    assert coded["ok1"].error is None and coded["ok1"].events
    assert coded["ok2"].error is None and coded["ok2"].events
    assert coded["digits"].error is None or "could not be coded" in coded["digits"].error
    assert coded["early"].error is None and coded["late"].error is None


@pytest.mark.model
def test_an_article_over_its_time_budget_is_an_error_not_a_wait(nlp):
    articles = [Article(doc_id=f"a{i}", text=GOOD * 30) for i in range(3)]
    started = time.monotonic()
    coded = list(code_articles(articles, nlp=nlp, time_budget_s=0.001))
    assert time.monotonic() - started < 10
    assert all("time budget of 0.001 s" in c.error for c in coded)


# -- the command line: exit 3 on a crash, and what was coded is kept ------------------------

CRASH_AFTER_ONE = """
import sys
import flashpoint.extract as extract
from flashpoint.extract import CodedArticle
from flashpoint.models import Event, Evidence
def coder(articles, **kwargs):
    first = next(iter(articles))
    ev = Event(doc_id=first.doc_id, event_type="ASSAULT",
               evidence=Evidence(sentence=first.text, start=0, end=5))
    yield CodedArticle(article=first, events=[ev])
    raise RuntimeError("a bug in the coder")
extract.code_articles = coder
from flashpoint.cli import app
sys.argv = ["flashpoint", *sys.argv[1:]]
app()
"""


def test_a_crash_exits_3_and_extract_keeps_what_it_wrote(tmp_path):
    corpus = _write_jsonl(tmp_path / "c.jsonl", [{"id": "one", "text": GOOD},
                                                 {"id": "two", "text": GOOD}])  # fmt: skip
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", CRASH_AFTER_ONE, "extract", str(corpus),
                           "-o", str(out)], env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 3, done.stderr[-2000:]
    assert "a bug in the coder" in done.stderr
    assert [json.loads(line)["doc_id"] for line in out.read_text().splitlines()] == ["one"]



@pytest.mark.model
def test_extract_time_budget_option_rejects_by_name(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    monkeypatch.setenv("FLASHPOINT_TIME_BUDGET_S", "60")  # restored after the test
    corpus = _write_jsonl(tmp_path / "c.jsonl", [{"id": "one", "text": CODED}])
    result = CliRunner().invoke(app, ["extract", str(corpus), "--time-budget", "0.0001"])
    assert result.exit_code == 1
    assert f"{corpus}:1" in result.stderr and "time budget" in result.stderr


# -- property: no text makes code_text raise or overrun its budget --------------------------

FUZZ_PIECES = ['"', "\u201c", "\u201d", "'", "\U0001F600", "\u0915", "\u4e00", " ", ".", "\n",
               "said", "killed", "yesterday", "last week", "on Monday", "9" * 60,
               "Officials said \"strike 3\" happened.", "Army troops shelled a village.",
               "\x00", "\ufeff", "\u200b", "((", "]]"]  # fmt: skip


@pytest.mark.model
def test_no_fuzzed_text_raises_or_overruns_its_budget(nlp):
    """Texts built of the pieces that broke the coder before (quote runs,
    emoji, huge numbers, relative dates, NUL, odd scripts) with publication
    dates at both ends of the calendar: code_text gives records or an error,
    never an exception, and never takes much longer than the budget."""
    import random

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from flashpoint.bench import FUZZ_KINDS
    from flashpoint.extract import code_text

    budget = 5.0

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(pieces=st.lists(st.sampled_from(FUZZ_PIECES), min_size=1, max_size=300),
           noise=st.text(max_size=200),
           kind=st.sampled_from([None, *FUZZ_KINDS]), seed=st.integers(0, 2**32),
           published=st.sampled_from([None, "0001-01-01", "9999-12-31", "2025-05-10"]))
    def check(pieces, noise, kind, seed, published):
        # the pieces and noise, or a text of one of the benchmark's fuzz kinds
        # (``flashpoint bench --fuzz N`` codes thousands)
        text = ("".join(pieces) + noise if kind is None
                else FUZZ_KINDS[kind][0](random.Random(seed))[:5000])  # fmt: skip
        started = time.monotonic()
        coded = code_text(text, nlp=nlp, published=published, time_budget_s=budget)
        assert time.monotonic() - started < budget + 2
        assert coded.error is None or isinstance(coded.error, str)

    check()


# -- event ids: distinct events, distinct ids; the count reported is the count stored ------


def test_events_differing_only_in_an_uncoded_actor_have_distinct_ids_and_are_all_stored(
        store):  # fmt: skip
    from flashpoint.intake import ingest

    sentence = "Police and students clashed with workers near the gate."

    def clash(sector: str, text: str) -> Event:
        return Event(doc_id="gate", event_type="PROTEST", evidence=Evidence(sentence, 0, 55, "clashed"),
                     source=Actor(sector="COP", text="Police"), target=Actor(sector=sector, text=text))  # fmt: skip

    events = [clash("CVL", "students"), clash("LAB", "workers"), clash("CVL", "students")]
    assert len({e.id for e in events}) == 2
    article = Article(doc_id="gate", text=sentence)
    summary = ingest([], store, coder=lambda _: iter([CodedArticle(article=article,
                                                                   events=events)]))  # fmt: skip
    assert summary.events == store.stats()["events"] == 2


# -- inputs: UTF-16 and scripts without spaces ------------------------------------------------

NOTE = "Border troops exchanged fire across the river on Tuesday, officials said.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_utf16_files_are_read_with_or_without_a_byte_order_mark(tmp_path, encoding, suffix):
    body = NOTE * 3 if suffix == ".txt" else (
        f"<html><head><title>River</title></head><body><article><p>{NOTE * 3}</p>"
        "</article></body></html>")  # fmt: skip
    path = tmp_path / f"note{suffix}"
    path.write_bytes(body.encode(encoding))
    [article] = list(read_inputs([path]))
    assert isinstance(article, Article), article
    assert "exchanged fire across the river" in article.text


def test_bytes_that_only_look_like_utf16_are_named_so(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    [rejection] = list(read_inputs([path]))
    assert isinstance(rejection, Rejection) and "UTF-16" in rejection.reason


def test_a_page_in_a_script_without_spaces_is_counted_by_characters(tmp_path):
    from flashpoint.ingest.readers import word_count

    assert word_count("国境で衝突が起きた") == 9 and word_count("two words") == 2
    path = tmp_path / "jp.html"
    path.write_text("<html><body><article><p>国境付近で部隊が衝突し、当局が発表した。"
                    "</p></article></body></html>", encoding="utf-8")  # fmt: skip
    [article] = list(read_inputs([path]))
    assert isinstance(article, Article), article


def test_the_time_budget_is_disarmed_after_its_block_whatever_happens():
    """Many short budgets that expire as their block ends: no alarm outlives
    its block (a stray one would raise anywhere later)."""
    import signal

    before = signal.getsignal(signal.SIGALRM)
    for _ in range(200):
        try:
            with time_budget(0.0005):
                sum(range(2000))
        except TimeBudgetExceeded:
            pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before
    time.sleep(0.3)  # a stray re-fire would raise here


def test_an_alarm_before_the_block_starts_is_still_disarmed():
    """A budget so small that the alarm lands as the timer is set, before the
    block runs: the caller gets TimeBudgetExceeded and no timer is left behind."""
    import signal

    before = signal.getsignal(signal.SIGALRM)
    for _ in range(200):
        try:
            with time_budget(0.000001):
                pass
        except TimeBudgetExceeded:
            pass
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) == before


# -- linear time: what reaches the parser, and how many calls a text costs ------------------


@pytest.fixture(scope="module")
def blank():
    import spacy

    return spacy.blank("en")


@pytest.mark.parametrize("text", ['"' * 16_000, "\U0001F600" * 16_000, "\u201c\u201d" * 9_000,
                                  "Wait" + "!" * 40 + " no", "a " + "-" * 30 + "\n" + "*" * 20 + " b",
                                  "\u200b" * 500, "_" * 100 + "x"])  # fmt: skip
def test_a_run_of_symbols_is_one_token_and_the_text_is_kept_whole(blank, text):
    from flashpoint.nlp.pipeline import SYMBOL_RUN_RE, make_doc

    doc = make_doc(blank, text)
    assert doc.text == text
    runs = [m.group() for m in SYMBOL_RUN_RE.finditer(text)]
    assert runs and all(any(t.text == run for t in doc) for run in runs)
    assert len(doc) <= 2 * len(runs) + 4


def test_what_reaches_the_parser_does_not_grow_with_a_run(blank):
    """A run of 4,000 or of 64,000 emoji or quotation marks is one token:
    the parser, the matchers and every rule see the same Doc length."""
    from flashpoint.nlp.pipeline import make_doc

    for mark in ("\U0001F600", '"', "\u201c", "!"):
        lengths = {len(make_doc(blank, f"Troops fired {mark * n} twice.")) for n in (4_000, 64_000)}
        assert lengths == {5}  # Troops, fired, the run, twice, the full stop


def test_a_text_without_runs_is_tokenised_as_the_model_does(blank):
    from flashpoint.nlp.pipeline import make_doc

    text = 'He said: "Stop!!!" -- and left... (at 5 p.m.) \U0001F600\U0001F600  twice\n\nNext.'
    assert [(t.text, t.whitespace_) for t in make_doc(blank, text)] == [
        (t.text, t.whitespace_) for t in blank.make_doc(text)]


def test_line_starts_are_marked_on_a_text_of_many_lines(blank):
    from flashpoint.nlp.paragraphs import mark_line_starts

    doc = mark_line_starts(blank.make_doc("Headline\nBody one.\n\n  Body two\n" * 3000))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Headline"] + ["Body", "Body", "Headline"] * 2999 + ["Body", "Body"]


def test_line_starts_scan_the_doc_a_fixed_number_of_times_not_once_per_line(blank):
    """Counted, not timed: spaCy's ``is_sent_start`` setter checks the whole
    Doc (``Doc.has_annotation``) on every call, once per line before."""
    import cProfile
    import pstats

    from flashpoint.nlp.paragraphs import mark_line_starts

    scans = []
    for lines in (500, 2000):
        doc = blank.make_doc("Headline\nBody one.\n" * lines)
        profile = cProfile.Profile()
        profile.enable()
        mark_line_starts(doc)
        profile.disable()
        stats = pstats.Stats(profile).stats
        scans.append(sum(v[0] for k, v in stats.items() if k[2] == "has_annotation"))
    assert scans[0] == scans[1] <= 1


def test_the_text_of_a_doc_is_read_once(blank):
    from flashpoint.nlp.extensions import text_of

    doc = blank.make_doc("Troops fired twice.\nPolice said so.")
    assert text_of(doc) == doc.text and text_of(doc) is text_of(doc)
    other = blank.make_doc("Another text.")
    other.user_data.update(doc.user_data)  # a copied user_data is not taken for the text
    assert text_of(other) == "Another text."


def test_no_rule_reads_doc_text_but_through_text_of():
    """``Doc.text`` joins every token on each access: a rule reading it per
    quotation, date or line was quadratic (``nlp.extensions.text_of``)."""
    src = ROOT / "src" / "flashpoint"
    found = [f"{path.relative_to(src)}:{n}" for folder in ("nlp", "coding")
             for path in sorted((src / folder).glob("*.py")) if path.name != "extensions.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bdoc\.text\b(?!_)", line.split("#")[0])]  # fmt: skip
    assert found == []


def _calls(nlp, text: str) -> int:
    import cProfile
    import pstats

    from flashpoint.pipeline import make_doc

    profile = cProfile.Profile()
    profile.enable()
    nlp(make_doc(nlp, text, doc_id="linear"))
    profile.disable()
    return pstats.Stats(profile).total_calls


def _mixed_marks(n: int) -> str:
    import random

    r = random.Random(n)
    return "".join(r.choice('"\u201c\u201d\u2018\u2019\' \n') for _ in range(n))


@pytest.mark.model
@pytest.mark.parametrize("make", [_mixed_marks, lambda n: "\u201c\u201d\n" * (n // 3),
                                  lambda n: "\U0001F600 " * (n // 2),
                                  lambda n: " ".join(f'Officials said "strike {i}" happened.'
                                                     for i in range(n // 40))],
                         ids=["mixed quotation marks", "lines of marks", "spaced emoji",
                              "quoted sentences"])  # fmt: skip
def test_the_calls_a_text_costs_grow_linearly_with_its_length(nlp, make):
    """Counted, not timed: the function calls of coding a text four times
    as long are at most 4.4 times as many (they were 5.5 times for mixed
    quotation marks when rules read ``Doc.text`` per quotation, and grow as
    the square of the length wherever a rule looks over the whole text for
    each thing it finds)."""
    _calls(nlp, "Warm up: troops shelled a town.")  # what loads on first use
    short, long = _calls(nlp, make(1000)), _calls(nlp, make(4000))
    assert long <= 4.4 * short, (short, long)


# -- over-long texts are coded in pieces --------------------------------------------------------


def test_split_text_cuts_at_the_best_boundary_and_rebuilds_the_text():
    from flashpoint.extract import split_text

    para = "Troops fired on a convoy. Police said two died.\n\n"
    text = para * 10
    pieces = split_text(text, 120)
    assert "".join(text[s:e] for s, e in pieces) == text
    assert [s for s, _ in pieces] == sorted(s for s, _ in pieces)
    assert all(e - s <= 120 for s, e in pieces)
    assert all(text[s:e].endswith("\n\n") for s, e in pieces[:-1])  # at paragraph breaks
    one_line = "Troops fired on a convoy. Police said two died. " * 10
    assert all(one_line[s:e].endswith(". ") for s, e in split_text(one_line, 120)[:-1])
    spaces = "word " * 100
    assert all(spaces[s:e].endswith(" ") for s, e in split_text(spaces, 64)[:-1])
    solid = "x" * 1000
    assert split_text(solid, 300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]
    assert split_text("short", 300) == [(0, 5)]


@pytest.mark.model
def test_a_text_over_the_limit_is_coded_in_pieces_with_offsets_in_the_whole_text(nlp):
    from flashpoint.extract import code_text, split_text

    text = ("Army units shelled a border post on Monday, killing two soldiers, police said.\n\n"
            "Militia fighters burned a market in the hill town on Sunday, residents said.\n\n"
            '"We will answer this attack," the defence minister told reporters.\n\n'
            "Rebels ambushed a police patrol near the river on Tuesday.\n\n")  # fmt: skip
    limit = 100
    coded = code_text(text, nlp=nlp, published="2025-05-10", chunk_chars=limit)
    assert coded.error is None and coded.events and coded.statements
    events: list[dict] = []
    statements: list[dict] = []
    for start, end in split_text(text, limit):
        piece = code_text(text[start:end], nlp=nlp, published="2025-05-10", chunk_chars=limit)
        assert piece.error is None
        for record in (*piece.events, *piece.statements):
            record.evidence.start += start
            record.evidence.end += start
        events += [e.to_dict() for e in piece.events]
        statements += [s.to_dict() for s in piece.statements]
    assert coded.records() == events + statements  # the events, then the statements
    for record in coded.records():
        evidence = record["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
    assert max(r["evidence"]["start"] for r in coded.records()) > limit  # a later piece's record


def test_the_longest_text_coded_whole_is_never_over_the_coders_limit():
    """A text over spaCy's ``nlp.max_length`` (it raised before) is coded in
    pieces no longer than that limit, whatever ``chunk_chars`` says."""
    from flashpoint.extract import CHUNK_CHARS, chunk_limit

    class Coder:
        max_length = 1_000_000

    assert chunk_limit(Coder()) == CHUNK_CHARS <= Coder.max_length
    assert chunk_limit(Coder(), 5_000_000) == 1_000_000
    assert chunk_limit(Coder(), 300) == 300


@pytest.mark.model
def test_a_piece_that_fails_rejects_its_article_naming_the_piece(nlp):
    from flashpoint.extract import code_text

    coded = code_text(GOOD * 10, nlp=nlp, chunk_chars=200, time_budget_s=0.0001)
    assert coded.error and "the piece of characters 0-" in coded.error and "time budget" in coded.error


def test_a_text_with_an_unpaired_surrogate_is_refused_by_name():
    from flashpoint.extract import code_articles

    class NoCoder:
        max_length = 1_000_000

    [coded] = code_articles([Article(doc_id="s", text=GOOD + "\udc00")], nlp=NoCoder())
    assert coded.error == (f"text has an unpaired surrogate (U+DC00) at character {len(GOOD)}: "
                           "not Unicode text")  # fmt: skip


def test_every_runtime_dependency_of_html_reading_is_declared():
    """A bare ``pip install`` left out ``lxml_html_clean`` (trafilatura needs
    it) and every .html input was rejected: it is declared."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~\[ ;]", dep, maxsplit=1)[0].lower().replace("-", "_")
             for dep in project["dependencies"]}  # fmt: skip
    assert {"trafilatura", "lxml_html_clean"} <= names
