"""The coder on the shared dev sets, scored by ../shared/eval/score.py.

Skipped where ../shared is absent. The gold files are read by the scorer
only; this test writes the records and reads the scorer's totals.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _extract(nlp, path, out):
    from flashpoint.extract import code_articles
    from flashpoint.intake import split_inputs

    articles, rejected = split_inputs([str(path)])
    assert not rejected
    with open(out, "w", encoding="utf-8") as fh:
        for coded in code_articles(articles, nlp=nlp):
            for record in coded.records():
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def _score(shared_dir, gold, pred) -> dict:
    done = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), str(gold), str(pred), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(scope="module")
def seeds_score(nlp, tmp_path_factory):
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip("../shared is absent: the dev-set checks need it")
    out = tmp_path_factory.mktemp("dev") / "seeds.jsonl"
    _extract(nlp, SHARED / "seeds" / "seeds.jsonl", out)
    return _score(SHARED, SHARED / "eval" / "gold" / "seeds.json", out)


@pytest.fixture(scope="module")
def gsr_score(nlp, tmp_path_factory):
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip("../shared is absent: the dev-set checks need it")
    out = tmp_path_factory.mktemp("dev") / "gsr.jsonl"
    gsr = SHARED / "eval" / "plover_gsr"
    _extract(nlp, gsr / "input.jsonl", out)
    return _score(SHARED, gsr / "gold.json", out)


def test_seeds_event_f1(shared_dir, seeds_score):
    assert seeds_score["event_f1"] >= 0.85, seeds_score


def test_seeds_quote_recall(shared_dir, seeds_score):
    assert seeds_score["quote_recall"] >= 0.9, seeds_score


def test_seeds_no_forbidden_records(shared_dir, seeds_score):
    assert seeds_score["forbidden_records"] == 0, seeds_score


def test_gsr_event_recall_floor(shared_dir, gsr_score):
    # What the coder reaches with the current actor dictionary (measured
    # 0.655; it was 0.32, then 0.497, 0.568, 0.627, 0.649). The target (0.75) is the xfail test below.
    assert gsr_score["event_recall"] >= 0.65, gsr_score


def test_gsr_event_precision_floor(shared_dir, gsr_score):
    # One event per sentence in the gold: read recall first (measured 0.509).
    assert gsr_score["event_precision"] >= 0.49, gsr_score


@pytest.mark.xfail(reason="PLOVER GSR recall target 0.75 not reached: measured 0.655; the misses "
                          "left (counted by gold row) are about 37 wrong targets (domestic codings "
                          "in sentences naming two states, IGO codings, objects naming no state), "
                          "37 wrong sources (unknown people and groups, NGO vs IGO), 28 other "
                          "type choices (CAMEO-specific), 22 sentences with no event found",
                   strict=False)
def test_gsr_event_recall_target(shared_dir, gsr_score):
    assert gsr_score["event_recall"] >= 0.75, gsr_score
