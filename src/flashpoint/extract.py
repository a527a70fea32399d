"""Library entry point: articles in, coded events and statements out.

``code_articles`` runs the pipeline once per article text (the parse is never
repeated) and returns, per article, the SPEC records it produced. The CLI's
``extract`` writes them out; ``ingest`` stores them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from flashpoint.models import Article, Event, Statement
from flashpoint.pipeline import load_pipeline, make_doc


@dataclass
class CodedArticle:
    article: Article
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def records(self) -> list[dict]:
        return [e.to_dict() for e in self.events] + [s.to_dict() for s in self.statements]


def code_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    batch_size: int = 8,
) -> Iterator[CodedArticle]:
    """Code each article; yields in input order."""
    nlp = nlp or load_pipeline()
    docs = (
        (make_doc(nlp, a.text, doc_id=a.doc_id, published=a.published_date), a) for a in articles
    )
    for doc, article in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
        yield CodedArticle(
            article=article,
            events=list(doc._.fp_events or []),
            statements=list(doc._.fp_statements or []),
        )


def code_text(text: str, *, nlp: Language | None = None, published: str | None = None,
              doc_id: str = "text") -> CodedArticle:
    """Code one text (Python API convenience)."""
    article = Article(doc_id=doc_id, text=text, published=published)
    return next(code_articles([article], nlp=nlp))


# --- writers -----------------------------------------------------------------

CSV_COLUMNS = (
    "kind", "id", "doc_id", "event_type", "mode", "contexts",
    "source_code", "source_sector", "source_name", "source_text",
    "target_code", "target_sector", "target_name", "target_text",
    "date", "date_precision", "date_text",
    "location_name", "location_country", "location_admin1", "location_lat", "location_lon",
    "location_precision", "fatalities", "injuries", "casualty_text",
    "modality", "claimed_by_code", "confidence",
    "speaker_code", "speaker_name", "quote",
    "sentence", "sentence_start", "sentence_end", "trigger",
)  # fmt: skip


def flatten(record: dict) -> dict:
    """One SPEC record as a flat CSV row."""
    row = {k: v for k, v in record.items() if not isinstance(v, dict | list)}
    row["contexts"] = ";".join(record.get("contexts") or [])
    for role in ("source", "target", "speaker"):
        actor = record.get(role) or {}
        for key in ("code", "sector", "name", "text"):
            row[f"{role}_{key}"] = actor.get(key)
    loc = record.get("location") or {}
    for key in ("name", "country", "admin1", "lat", "lon", "precision"):
        row[f"location_{key}"] = loc.get(key)
    row["claimed_by_code"] = (record.get("claimed_by") or {}).get("code")
    ev = record.get("evidence") or {}
    row["sentence"], row["trigger"] = ev.get("sentence"), ev.get("trigger")
    row["sentence_start"], row["sentence_end"] = ev.get("start"), ev.get("end")
    return {k: row.get(k) for k in CSV_COLUMNS}


class RecordWriter:
    """Writes SPEC records as JSONL or CSV to a text stream."""

    def __init__(self, stream: io.TextIOBase, *, fmt: str = "jsonl") -> None:
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"unknown format {fmt!r}: use jsonl or csv")
        self.stream, self.fmt = stream, fmt
        self._csv = None
        if fmt == "csv":
            self._csv = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            self._csv.writeheader()

    def write(self, record: dict) -> None:
        if self._csv is not None:
            self._csv.writerow(flatten(record))
        else:
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
