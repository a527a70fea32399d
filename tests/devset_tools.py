"""Helpers the dev-set tests share: write the coder's records for a JSONL input,
and score them with ../shared/eval/score.py (the gold is read by the scorer only)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_records(nlp, path: Path, out: Path) -> Path:
    """Code every article of ``path`` and write its records to ``out`` as JSONL."""
    from flashpoint.extract import code_articles
    from flashpoint.intake import split_inputs

    articles, rejected = split_inputs([str(path)])
    assert not rejected, rejected
    with open(out, "w", encoding="utf-8") as fh:
        for coded in code_articles(articles, nlp=nlp):
            for record in coded.records():
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def score(shared_dir: Path, gold: Path, pred: Path) -> dict:
    """The scorer's totals (score.py --json) for ``pred`` against ``gold``."""
    done = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), str(gold), str(pred), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
