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


# -- the analyst's commands on a hand-built store (no model) -------------------------

WIDTH_80 = {"COLUMNS": "80", "TERM": "dumb"}


@pytest.fixture
def hand_db(tmp_path):
    """A SQLite store of hand-built events (those of tests/test_export.py),
    saved and not yet fused."""
    from test_export import saved_store

    return saved_store(tmp_path / "hand.db")


@pytest.mark.parametrize("command", [
    ["incidents"], ["escalation"], ["diplomacy"], ["export"], ["report", "-o", "{tmp}/b.md"],
])  # fmt: skip
@pytest.mark.parametrize("dyad, problem", [
    ("INDIA-PAKISTAN", "did you mean IND"),  # a name for a code
    ("IND-XQZ", "unknown actor code 'XQZ'"),
    ("INDPAK", "a dyad is A-B"),
    ("IND-", "a dyad is A-B"),
])  # fmt: skip
def test_a_wrong_dyad_exits_2_naming_known_codes(hand_db, tmp_path, command, dyad, problem):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = runner.invoke(app, [*args, "--db", hand_db, "--dyad", dyad], env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert problem in result.output and "known codes include IND, PAK" in result.output
    assert not (tmp_path / "b.md").exists()


@pytest.mark.parametrize("command", ["incidents", "export"])
def test_an_unknown_actor_or_type_exits_2(hand_db, command):
    result = runner.invoke(app, [command, "--db", hand_db, "--actor", "PAKI"],
                           env={"COLUMNS": "200"})  # fmt: skip
    assert result.exit_code == 2 and "did you mean PAK" in result.output
    result = runner.invoke(app, [command, "--db", hand_db, "--type", "BOMB"],
                           env={"COLUMNS": "200"})  # fmt: skip
    assert result.exit_code == 2 and "ASSAULT" in result.output


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("args, expected", [
    ([], 3),
    (["--until", "2025-05-07"], 2),
    (["--since", "2025-05-08", "--until", "2025-05-08"], 1),
    (["--type", "accuse"], 1),
    (["--actor", "pak", "--type", "ASSAULT"], 2),
    (["--dyad", "PAK-IND", "--since", "2025-05-08"], 1),
])  # fmt: skip
def test_incidents_and_export_filter_alike(hand_db, args, expected):
    listed = runner.invoke(app, ["incidents", "--db", hand_db, *args])
    assert listed.exit_code == 0, listed.output
    assert len(_json_lines(listed.stdout)) == expected
    exported = runner.invoke(app, ["export", "--what", "incidents", "--db", hand_db, *args])
    assert exported.exit_code == 0, exported.output
    assert len(_json_lines(exported.stdout)) == expected


def test_since_after_until_is_a_usage_error(hand_db):
    result = runner.invoke(app, ["incidents", "--db", hand_db, "--since", "2025-05-09",
                                 "--until", "2025-05-01"])  # fmt: skip
    assert result.exit_code == 2


def test_escalation_and_diplomacy_take_a_date_range(hand_db):
    whole = runner.invoke(app, ["escalation", "--db", hand_db, "--dyad", "IND-PAK",
                                "--format", "jsonl"])  # fmt: skip
    assert [r["date"] for r in _json_lines(whole.stdout)] == ["2025-05-07", "2025-05-08"]
    part = runner.invoke(app, ["escalation", "--db", hand_db, "--dyad", "IND-PAK",
                               "--since", "2025-05-08", "--format", "jsonl"])  # fmt: skip
    rows = _json_lines(part.stdout)
    assert [r["date"] for r in rows] == ["2025-05-08"]
    # the part keeps the whole series' figures (its mean still sees the days before)
    assert rows[0] == _json_lines(whole.stdout)[1]
    result = runner.invoke(app, ["diplomacy", "--db", hand_db, "--dyad", "IND-PAK",
                                 "--until", "2025-05-01", "--format", "jsonl"])  # fmt: skip
    assert result.exit_code == 0 and _json_lines(result.stdout) == []


def test_the_incidents_table_fits_80_columns_and_keeps_whole_dates(hand_db):
    result = runner.invoke(app, ["incidents", "--db", hand_db, "--format", "table"],
                           env=WIDTH_80)  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert sum("2025-05-07" in line for line in lines) == 2
    assert "2025-05-08" in result.stdout and "…" not in result.stdout


def test_a_table_too_wide_leaves_out_columns_and_says_which():
    from rich.console import Console

    from flashpoint.cli_analysis import fit_table

    rows = [{"date": "2025-05-07", "kind": "ceasefire", "sentence": "a b c",
             **{f"extra{i}": "somewhat-long-value" for i in range(6)}}]  # fmt: skip
    columns = ["date", "kind", "sentence", *(f"extra{i}" for i in range(6))]
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(fit_table(rows, columns, "t", width=80, drop=("extra0",)))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "2025-05-07" in text and "sentence" in text and "left out" in text
    assert "extra0" in text.split("left out")[1]


@pytest.mark.parametrize("command", [[], ["extract"], ["ingest"], ["incidents"], ["export"],
                                     ["escalation"], ["watch"], ["serve"], ["demo"], ["report"]])
def test_help_shows_no_python_type_labels(command):
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    for noise in ("<bool>", "<list[", "<str>", "<int", "<float", "<path>"):
        assert noise not in result.output, (command, noise)
    if command == ["extract"]:
        assert "flashpoint[ray]" in result.output  # help text is not read as markup


def test_a_taken_port_is_one_clear_line(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--port", str(port)])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.db").exists()  # checked before the store is opened


def test_logs_are_quiet_unless_verbose(tmp_path):
    """A record given twice is debug detail: silent by default, shown with -v."""
    from test_export import EVENTS

    doc = tmp_path / "doc.txt"
    doc.write_text("x", encoding="utf-8")
    from flashpoint.cli import configure_logging
    from flashpoint.models import Article
    from flashpoint.store import Store

    for verbose in (False, True):
        configure_logging(verbose)
        stream = io.StringIO()
        import logging

        handler = logging.StreamHandler(stream)
        logging.getLogger("flashpoint").addHandler(handler)
        try:
            with Store(str(tmp_path / f"v{verbose}.db")) as store:
                store.save_article(Article(doc_id="a", text="Text."), [EVENTS[0], EVENTS[0]])
        finally:
            logging.getLogger("flashpoint").removeHandler(handler)
        assert ("appears twice" in stream.getvalue()) is verbose
    configure_logging(False)


def test_watch_once_counts_a_rejection_once(tmp_path):
    """A bad file left in a watched folder is named on every --once pass, but
    only the pass that first rejects it exits 1; a new bad file exits 1 again."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "w.db")
    first = runner.invoke(app, ["watch", "--once", "--db", db, str(folder)])
    assert first.exit_code == 1 and "empty.txt" in first.output
    again = runner.invoke(app, ["watch", "--once", "--db", db, str(folder)])
    assert again.exit_code == 0, again.output
    assert "empty.txt" in again.output and "earlier pass" in again.output
    (folder / "blank.txt").write_text("   \n", encoding="utf-8")
    assert runner.invoke(app, ["watch", "--once", "--db", db, str(folder)]).exit_code == 1
