"""The command line through Typer's CliRunner: exit codes, formats, the store
commands on a throwaway SQLite file."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from flashpoint import __version__
from flashpoint.cli import app

runner = CliRunner()

ARTICLE = (
    "Indian fighter jets struck militant camps in Pakistan on Wednesday, officials said. "
    "Pakistan condemned the strikes and vowed to respond. "
    "\u201cWe will defend every inch of our land,\u201d Prime Minister Shehbaz Sharif said."
)


def _jsonl(tmp_path, lines):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_usage_error_exits_2():
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2


@pytest.mark.model
def test_extract_writes_spec_records(tmp_path):
    src = _jsonl(tmp_path, [json.dumps({"id": "a1", "text": ARTICLE, "published": "2025-05-08"})])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    kinds = {r["kind"] for r in records}
    assert "event" in kinds
    for r in records:
        assert r["doc_id"] == "a1"
        assert r["id"]
        ev = r["evidence"]
        assert ARTICLE[ev["start"] : ev["end"]] == ev["sentence"]
    assert any(r.get("event_type") == "ASSAULT" for r in records)


@pytest.mark.model
def test_extract_same_input_same_ids(tmp_path):
    src = _jsonl(tmp_path, [json.dumps({"id": "a1", "text": ARTICLE, "published": "2025-05-08"})])
    first = runner.invoke(app, ["extract", str(src)]).stdout
    second = runner.invoke(app, ["extract", str(src)]).stdout
    ids = lambda s: [json.loads(line)["id"] for line in s.splitlines() if line.startswith("{")]  # noqa: E731
    assert ids(first) and ids(first) == ids(second)


@pytest.mark.model
def test_extract_bad_line_is_named_and_the_rest_goes_on(tmp_path):
    src = _jsonl(
        tmp_path,
        [json.dumps({"id": "good", "text": ARTICLE}), "{not json", json.dumps({"id": "alsogood", "text": ARTICLE})],
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "batch.jsonl:2" in result.stderr
    docs = {json.loads(line)["doc_id"] for line in out.read_text().splitlines()}
    assert docs == {"good", "alsogood"}


@pytest.mark.model
def test_extract_csv(tmp_path):
    src = _jsonl(tmp_path, [json.dumps({"id": "a1", "text": ARTICLE, "published": "2025-05-08"})])
    result = runner.invoke(app, ["extract", str(src), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"kind", "event_type", "source_code", "sentence"} <= set(rows[0])
    assert any(r["event_type"] == "ASSAULT" for r in rows)


@pytest.mark.model
def test_ingest_then_stats_and_reingest_changes_nothing(tmp_path):
    src = _jsonl(tmp_path, [json.dumps({"id": "a1", "text": ARTICLE, "published": "2025-05-08"})])
    db = tmp_path / "fp.db"
    first = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert first.exit_code == 0, first.output
    stats1 = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert stats1["articles"] == 1 and stats1["events"] >= 1
    again = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert again.exit_code == 0
    stats2 = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert {k: stats2[k] for k in ("articles", "events", "statements")} == {
        k: stats1[k] for k in ("articles", "events", "statements")
    }


@pytest.mark.model
def test_ingest_reports_rejections_and_exits_1(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "fp.db"
    result = runner.invoke(app, ["ingest", str(good), str(empty), "--db", str(db)])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    stats = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert stats["articles"] == 1
    assert stats["rejected"] == 1


@pytest.mark.model
def test_demo_ingests_the_sample_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_SERVE", "1")
    db = tmp_path / "demo.db"
    result = runner.invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    stats = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert stats["articles"] >= 30
    assert stats["events"] >= 100
    assert stats["rejected"] == 0
    # the corpus covers strikes, the attack, calls for restraint and mediation offers
    for kind in ("ASSAULT", "REQUEST", "AGREE", "CONSULT"):
        assert stats["events_by_type"].get(kind, 0) > 0, kind


def test_readme_documents_every_command():
    from pathlib import Path

    import typer.main

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    missing = [name for name in group.commands if f"flashpoint {name}" not in readme]
    assert not missing, f"commands missing from the README: {missing}"
