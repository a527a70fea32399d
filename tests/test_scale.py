"""``extract --ray`` and ``ingest --ray`` on a real local Ray cluster (two
CPUs, started once for the module): the same records and the same store as
the plain path, bad inputs rejected the same way. Skipped, saying why, where
Ray is not installed; the missing-Ray error is checked everywhere."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

runner = CliRunner()

ARTICLES = {
    "strike": (
        "Indian fighter jets struck militant camps in Pakistan on Wednesday, officials said. "
        "Pakistan condemned the strikes and vowed to respond."
    ),
    "talks": (
        "The foreign ministers of India and Pakistan spoke by telephone on Saturday. "
        "China urged both sides to exercise restraint."
    ),
    "quote": (
        "\u201cWe will defend every inch of our land,\u201d Prime Minister Shehbaz Sharif said "
        "on Thursday. Pakistani troops shelled Indian posts along the Line of Control."
    ),
}


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'flashpoint[ray]')")
    pytest.importorskip("ray.data", reason="ray[data] is not installed")
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(
            json.dumps({"published": "2025-05-08", "outlet": "Test Wire"}), encoding="utf-8"
        )
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary, not an article")
    return folder


def _records(path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return sorted(rows, key=lambda r: (r["doc_id"], r["kind"], r["id"]))


@pytest.mark.model
def test_extract_on_ray_gives_the_plain_records(ray_cluster, corpus, tmp_path):
    plain_out, ray_out = tmp_path / "plain.jsonl", tmp_path / "ray.jsonl"
    plain = runner.invoke(app, ["extract", str(corpus), "-o", str(plain_out)])
    on_ray = runner.invoke(
        app, ["extract", str(corpus), "-o", str(ray_out), "--ray", "--workers", "2"]
    )
    assert plain.exit_code == 1, plain.output
    assert on_ray.exit_code == 1, on_ray.output
    assert "broken.txt" in on_ray.stderr
    records = _records(ray_out)
    assert {r["doc_id"] for r in records} == set(ARTICLES)
    assert records == _records(plain_out)


@pytest.mark.model
def test_ingest_on_ray_stores_what_the_plain_ingest_stores(ray_cluster, corpus, tmp_path):
    def stats(db):
        return json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)

    plain_db, ray_db = tmp_path / "plain.db", tmp_path / "ray.db"
    plain = runner.invoke(app, ["ingest", str(corpus), "--db", str(plain_db)])
    on_ray = runner.invoke(
        app, ["ingest", str(corpus), "--db", str(ray_db), "--ray", "--workers", "2"]
    )
    assert plain.exit_code == 1, plain.output
    assert on_ray.exit_code == 1, on_ray.output
    assert "broken.txt" in on_ray.stderr
    want, got = stats(plain_db), stats(ray_db)
    assert got["events"] > 0
    for key in ("articles", "events", "statements", "rejected", "events_by_type"):
        assert got[key] == want[key], key
    # re-ingesting through Ray codes nothing: every article is unchanged
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(ray_db), "--ray"])
    assert "unchanged" in again.stdout
    assert stats(ray_db)["events"] == want["events"]


def test_ray_missing_is_a_usage_error_naming_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails
    src = tmp_path / "a.txt"
    src.write_text(ARTICLES["strike"], encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--ray"])
    assert result.exit_code == 2
    assert "install flashpoint[ray]" in result.stderr
    result = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "x.db"), "--ray"])
    assert result.exit_code == 2
    assert "install flashpoint[ray]" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_ray_options_need_ray(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLES["strike"], encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--workers", "2"])
    assert result.exit_code == 2
