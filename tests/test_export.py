"""Exports: every format parses back; ACLED columns and type mapping."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from flashpoint.export import (
    ACLED_COLUMNS,
    INCIDENT_COLUMNS,
    acled_actor,
    acled_type,
    write_export,
)
from flashpoint.fuse import fuse
from test_fuse import article, event

ARTICLES = [article("a", "2025-05-07", "Wire A"), article("b", "2025-05-08", "Wire B"),
            article("c", "2025-05-08", "Wire C")]  # fmt: skip
EVENTS = [
    event("a", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli", mode="aerial",
          killed=5, sentence="Jets struck a camp near Kotli, killing five."),
    event("b", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli", mode="aerial",
          killed=7, sentence="Seven died when missiles hit Kotli."),
    event("c", "ACCUSE", "PAK", "IND", date="2025-05-07", sentence="Islamabad blamed Delhi."),
    event("c", "ASSAULT", "PAK", "IND", date="2025-05-08", where="Poonch",
          mode="heavy-weapons", killed=3, target_sector="CVL", seq=1,
          sentence="Shells fell on Poonch, killing three villagers."),
]  # fmt: skip


def incidents():
    return fuse(ARTICLES, EVENTS)


def export_text(records, **kw) -> str:
    stream = io.StringIO()
    write_export(records, stream=stream, **kw)
    return stream.getvalue()


def test_jsonl_incidents_carry_the_spec_fields():
    lines = export_text(incidents(), what="incidents", fmt="jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3
    strike = next(r for r in records if r["event_type"] == "ASSAULT" and r["sources"] == 2)
    for key in ("id", "event_type", "quad", "source", "target", "date", "date_precision",
                "location", "fatalities", "injuries", "reports", "sources", "contested",
                "claims"):  # fmt: skip
        assert key in strike
    assert {k: strike["fatalities"][k] for k in ("low", "best", "high")} == {
        "low": 5, "best": 7, "high": 7}
    assert {"doc_id", "outlet", "published", "sentence"} <= set(strike["reports"][0])


def test_csv_events_and_incidents_parse_back():
    rows = list(csv.DictReader(io.StringIO(export_text(EVENTS, what="events", fmt="csv"))))
    assert [r["event_type"] for r in rows] == ["ASSAULT", "ASSAULT", "ACCUSE", "ASSAULT"]
    assert rows[0]["location_name"] == "Kotli" and rows[0]["fatalities"] == "5"
    rows = list(csv.DictReader(io.StringIO(export_text(incidents(), what="incidents",
                                                       fmt="csv"))))  # fmt: skip
    assert tuple(rows[0]) == INCIDENT_COLUMNS
    strike = next(r for r in rows if r["sources"] == "2")
    assert strike["doc_ids"] == "a;b" and strike["fatalities_best"] == "7"


@pytest.mark.parametrize("what", ["events", "incidents"])
def test_parquet_parses_back_with_typed_columns(tmp_path, what):
    path = tmp_path / f"{what}.parquet"
    records = EVENTS if what == "events" else incidents()
    assert write_export(records, what=what, fmt="parquet", output=path) == len(records)
    table = pq.read_table(path)
    assert table.num_rows == len(records)
    column = "fatalities" if what == "events" else "fatalities_best"
    assert str(table.schema.field(column).type) == "int64"
    assert sorted(v for v in table.column(column).to_pylist() if v is not None) == (
        [3, 5, 7] if what == "events" else [3, 7])


def test_parquet_needs_a_file():
    with pytest.raises(ValueError, match="output file"):
        write_export(EVENTS, what="events", fmt="parquet")


def test_acled_rows_map_types_and_leave_out_statements():
    articles = {a["doc_id"]: a for a in ARTICLES}
    text = export_text(EVENTS, what="events", fmt="acled", articles=articles)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert len(rows) == 3  # the accusation is not an ACLED event
    air = rows[0]
    assert (air["event_type"], air["sub_event_type"]) == ("Explosions/Remote violence",
                                                          "Air/drone strike")  # fmt: skip
    assert air["actor1"] == "Government of India" and air["country"] == "Pakistan"
    assert air["source"] == "Wire A" and air["geo_precision"] == "1"
    shelling = rows[2]
    assert shelling["sub_event_type"] == "Shelling/artillery/missile attack"
    assert shelling["actor2"] == "Civilians (India)" and shelling["fatalities"] == "3"
    inc_rows = list(csv.DictReader(io.StringIO(export_text(incidents(), what="incidents",
                                                           fmt="acled"))))  # fmt: skip
    assert len(inc_rows) == 2
    strike = next(r for r in inc_rows if r["location"] == "Kotli")
    assert strike["fatalities"] == "7" and strike["source"] == "Wire A; Wire B"
    assert "[2 sources]" in strike["notes"]


def test_acled_type_rules():
    assert acled_type({"event_type": "ASSAULT", "target": {"sector": "CVL"}}) == (
        "Violence against civilians", "Attack")
    assert acled_type({"event_type": "ASSAULT", "target": {"sector": "MIL"}}) == (
        "Battles", "Armed clash")
    assert acled_type({"event_type": "PROTEST", "mode": "demo"}) == ("Protests",
                                                                     "Peaceful protest")
    assert acled_type({"event_type": "RETREAT", "quad": "material_cooperation"}) == (
        "Strategic developments", "Agreement")
    assert acled_type({"event_type": "CONSULT", "quad": "verbal_cooperation"}) is None
    assert acled_actor({"code": "PAK", "sector": "MIL"}) == "Military Forces of Pakistan"
    assert acled_actor({"code": "LET", "sector": "REB", "name": "Lashkar-e-Taiba"}) == (
        "Lashkar-e-Taiba")


# -- the commands ---------------------------------------------------------------


def saved_store(path) -> str:
    """A SQLite store at ``path`` with the hand-built articles and events
    saved (not yet fused)."""
    from flashpoint.models import Article
    from flashpoint.store import Store

    with Store(str(path)) as store:
        for a in ARTICLES:
            store.save_article(Article(doc_id=a["doc_id"], text=f"Text of {a['doc_id']}.",
                                       published=a["published"], outlet=a["outlet"],
                                       url=f"https://news.example/{a['doc_id']}"),
                               [e for e in EVENTS if e["doc_id"] == a["doc_id"]])  # fmt: skip
    return str(path)


@pytest.fixture
def db(tmp_path):
    """A SQLite store with the hand-built events saved (not yet fused)."""
    return saved_store(tmp_path / "cli.db")


def test_cli_incidents_fuses_pending_articles_and_filters(db):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["incidents", "--db", db, "--dyad", "IND-PAK"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3 and sum(r["sources"] for r in records) == 4
    result = runner.invoke(app, ["incidents", "--db", db, "--since", "2025-05-08",
                                 "--format", "csv"])  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["location_name"] for r in rows] == ["Poonch"]
    assert runner.invoke(app, ["incidents", "--db", db, "--dyad", "INDPAK"]).exit_code == 2


def test_cli_export_formats(db, tmp_path):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    runner = CliRunner()
    out = tmp_path / "acled.csv"
    result = runner.invoke(app, ["export", "--db", db, "--what", "incidents",
                                 "--format", "acled", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert set(ACLED_COLUMNS) <= set(rows[0]) and len(rows) == 2
    # ACLED rows are incidents by default (one per happening); per event only when asked
    result = runner.invoke(app, ["export", "--db", db, "--format", "acled"])
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 2
    result = runner.invoke(app, ["export", "--db", db, "--what", "events", "--format", "acled"])
    assert {r["source"] for r in csv.DictReader(io.StringIO(result.stdout))} == {
        "Wire A", "Wire B", "Wire C"}
    assert "does not add up" in result.output
    pq_path = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "--db", db, "--format", "parquet", "-o", str(pq_path)])
    assert result.exit_code == 0 and pq.read_table(pq_path).num_rows == 4
    assert runner.invoke(app, ["export", "--db", db, "--format", "parquet"]).exit_code == 2


def test_parquet_is_typed_and_rows_carry_their_article(db, tmp_path):
    import datetime

    import pyarrow as pa
    from typer.testing import CliRunner

    from flashpoint.cli import app

    runner = CliRunner()
    events = tmp_path / "events.parquet"
    assert runner.invoke(app, ["export", "--db", db, "--format", "parquet",
                               "-o", str(events)]).exit_code == 0  # fmt: skip
    table = pq.read_table(events)
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("published").type == pa.date32()
    assert table.schema.field("contexts").type == pa.list_(pa.string())
    assert table.schema.field("location_lat").type == pa.float64()
    assert table.schema.field("fatalities").type == pa.int64()
    rows = table.to_pylist()
    first = next(r for r in rows if r["doc_id"] == "a")
    assert first["date"] == datetime.date(2025, 5, 7)
    assert (first["outlet"], first["url"]) == ("Wire A", "https://news.example/a")
    incidents = tmp_path / "incidents.parquet"
    assert runner.invoke(app, ["export", "--db", db, "--what", "incidents", "--format",
                               "parquet", "-o", str(incidents)]).exit_code == 0  # fmt: skip
    strike = next(r for r in pq.read_table(incidents).to_pylist() if r["sources"] == 2)
    assert strike["doc_ids"] == ["a", "b"] and strike["outlet_names"] == ["Wire A", "Wire B"]
    assert strike["urls"] == ["https://news.example/a", "https://news.example/b"]
    assert isinstance(strike["first_reported"], datetime.date)
    # CSV keeps lists readable: joined by ";"
    result = runner.invoke(app, ["export", "--db", db, "--what", "incidents", "--format", "csv"])
    row = next(r for r in csv.DictReader(io.StringIO(result.stdout)) if r["sources"] == "2")
    assert row["doc_ids"] == "a;b"


def test_event_csv_rows_carry_outlet_url_and_publication_date(db):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    result = CliRunner().invoke(app, ["export", "--db", db, "--format", "csv", "--type", "ACCUSE"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["outlet"], r["url"], r["published"]) for r in rows] == [
        ("Wire C", "https://news.example/c", "2025-05-08")]


def test_statements_export_with_their_article(tmp_path):
    from typer.testing import CliRunner

    from flashpoint.cli import app
    from flashpoint.models import Article
    from flashpoint.store import Store

    statement = {"kind": "statement", "id": "s1", "doc_id": "q", "quote": "We will answer.",
                 "speaker": {"code": "PAK", "sector": "GOV", "name": "A spokesman"},
                 "evidence": {"sentence": "\"We will answer,\" a spokesman said.\n\n",
                              "start": 0, "end": 36, "trigger": None},
                 "date": "2025-05-08"}  # fmt: skip
    path = str(tmp_path / "s.db")
    with Store(path) as store:
        store.save_article(Article(doc_id="q", text="x", published="2025-05-08T10:00:00+00:00",
                                   outlet="Wire Q", url="https://news.example/q"),
                           [], [statement])  # fmt: skip
    result = CliRunner().invoke(app, ["export", "--db", path, "--what", "statements",
                                      "--format", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["speaker_code"], row["quote"], row["outlet"], row["url"]) == (
        "PAK", "We will answer.", "Wire Q", "https://news.example/q")
    out = tmp_path / "s.parquet"
    CliRunner().invoke(app, ["export", "--db", path, "--what", "statements", "--format",
                             "parquet", "-o", str(out)])  # fmt: skip
    assert str(pq.read_table(out).to_pylist()[0]["published"]) == "2025-05-08"
    assert CliRunner().invoke(app, ["export", "--db", path, "--what", "statements",
                                    "--format", "acled"]).exit_code == 2  # fmt: skip


def test_acled_rows_have_acleds_full_column_set(db):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    result = CliRunner().invoke(app, ["export", "--db", db, "--format", "acled"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    for column in ("event_id_cnty", "time_precision", "disorder_type", "inter1", "inter2",
                   "interaction", "civilian_targeting", "admin1", "admin2", "source_scale",
                   "tags", "timestamp"):  # fmt: skip
        assert column in ACLED_COLUMNS
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert strike["event_id_cnty"].startswith("PAK-")  # placed nowhere: the target's state
    assert strike["country"] == "Pakistan" and strike["iso"] == "586"
    assert (strike["time_precision"], strike["disorder_type"]) == ("1", "Political violence")
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("1", "1", "11")
    assert strike["source_scale"] == "Other" and int(strike["timestamp"]) > 0
    shelling = next(r for r in rows if r["sub_event_type"].startswith("Shelling"))
    assert (shelling["inter2"], shelling["interaction"]) == ("7", "17")
    assert shelling["civilian_targeting"] == "Civilian targeting"
    assert all("\n" not in r["notes"] for r in rows)


def test_acled_mapping_is_data_and_documented():
    from pathlib import Path

    from flashpoint.export import load_acled_mapping, source_scale

    mapping = load_acled_mapping()
    for key in ("rules", "actors", "geo_precision", "time_precision", "disorder_type", "inter",
                "civilian_targeting", "source_scale", "tags"):  # fmt: skip
        assert key in mapping, key
    assert source_scale(["reuters", "Dawn", "Unknown Gazette"], mapping) == (
        "National-International-Other")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### ACLED export", 1)[1]
    for column in ACLED_COLUMNS:
        assert f"`{column}`" in section, column


def test_acled_notes_are_one_line():
    from flashpoint.export import acled_incident_row

    incident = next(i for i in incidents() if i["event_type"] == "ASSAULT")
    incident["reports"][0]["sentence"] += "\n\n"
    row = acled_incident_row(incident)
    assert row["notes"] and "\n" not in row["notes"]
