"""The coder on the shared dev sets, scored by ../shared/eval/score.py.

Skipped where ../shared is absent. The gold files are read by the scorer
only; this test writes the records and reads the scorer's totals.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devset_tools import score, write_records

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(scope="module")
def seeds_score(nlp, tmp_path_factory):
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip("../shared is absent: the dev-set checks need it")
    out = tmp_path_factory.mktemp("dev") / "seeds.jsonl"
    write_records(nlp, SHARED / "seeds" / "seeds.jsonl", out)
    return score(SHARED, SHARED / "eval" / "gold" / "seeds.json", out)


@pytest.fixture(scope="module")
def gsr_score(nlp, tmp_path_factory):
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip("../shared is absent: the dev-set checks need it")
    out = tmp_path_factory.mktemp("dev") / "gsr.jsonl"
    gsr = SHARED / "eval" / "plover_gsr"
    write_records(nlp, gsr / "input.jsonl", out)
    return score(SHARED, gsr / "gold.json", out)


def test_seeds_event_f1(shared_dir, seeds_score):
    assert seeds_score["event_f1"] >= 0.85, seeds_score


def test_seeds_quote_recall(shared_dir, seeds_score):
    assert seeds_score["quote_recall"] >= 0.9, seeds_score


def test_seeds_no_forbidden_records(shared_dir, seeds_score):
    assert seeds_score["forbidden_records"] == 0, seeds_score


def test_gsr_event_recall_target(shared_dir, gsr_score):
    # The target. Measured 0.817 (it was 0.32, 0.497, 0.568, 0.627,
    # 0.649, 0.655 in the first session's passes).
    assert gsr_score["event_recall"] >= 0.75, gsr_score


def test_gsr_event_recall_floor(shared_dir, gsr_score):
    # A few points under the measured 0.817 so that a regression fails.
    assert gsr_score["event_recall"] >= 0.79, gsr_score


def test_gsr_event_precision_floor(shared_dir, gsr_score):
    # One event per sentence in the gold: read recall first (measured 0.623).
    assert gsr_score["event_precision"] >= 0.59, gsr_score
