"""Reading inputs into Articles (PLACEHOLDER: the ingest work replaces the readers).

``read_inputs(paths)`` yields an ``Article`` for every article found and a
``Rejection`` (name + reason) for every input that could not be read; a bad
input never stops the others."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from flashpoint.models import Article, Rejection


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article | Rejection]:
    for p in paths:
        path = Path(p)
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    d = json.loads(line)
                    yield Article(doc_id=str(d["id"]), text=d.get("text", ""),
                                  published=d.get("published"), outlet=d.get("outlet"),
                                  title=d.get("title"), url=d.get("url"))
        else:
            yield Rejection(str(path), "unsupported input")
