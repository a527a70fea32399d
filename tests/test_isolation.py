"""One bad input never stops a batch: each bad JSONL line, sidecar, article
or stored value is rejected by name (``file.jsonl:LINE``) with its reason, and
the rest of the run goes on; an unexpected crash exits 3 and ``extract -o``
keeps what it wrote. The texts are our own."""

from __future__ import annotations

import json
import os
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
    """Articles are stored a batch per transaction, each in a savepoint: one
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


# -- the coder's edge -------------------------------------------------------------------


def test_the_time_budget_interrupts_a_runaway_block():
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded), time_budget(0.2):
        while True:
            pass
    assert time.monotonic() - started < 2
    with time_budget(0):  # no budget: nothing fires
        time.sleep(0.05)


@pytest.mark.model
def test_one_bad_article_is_an_error_and_the_others_are_coded(nlp):
    articles = [Article(doc_id="ok1", text=CODED, published="2025-05-10"),
                Article(doc_id="long", text="Troops fired. " * 80_000),
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
    assert "over the coder's limit" in coded["long"].error
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
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from flashpoint.extract import code_text

    budget = 5.0

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(pieces=st.lists(st.sampled_from(FUZZ_PIECES), min_size=1, max_size=300),
           noise=st.text(max_size=200),
           published=st.sampled_from([None, "0001-01-01", "9999-12-31", "2025-05-10"]))
    def check(pieces, noise, published):
        text = "".join(pieces) + noise
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
