"""Reading inputs into Articles.

``read_inputs(paths)`` yields an ``Article`` for every article found and a
``Rejection`` (name + reason) for every input that could not be read; a bad
input never stops the others. See ``readers`` for the input kinds, ``clean``
for the page furniture removed from every text, ``dedupe`` for near-duplicate
detection."""

from __future__ import annotations

from flashpoint.ingest.clean import clean_article, clean_text, load_furniture
from flashpoint.ingest.decode import DEFAULT_MAX_BYTES
from flashpoint.ingest.dedupe import Match, NearDuplicateIndex
from flashpoint.ingest.metadata import normalise_published
from flashpoint.ingest.readers import extract_html, read_inputs

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Match",
    "NearDuplicateIndex",
    "clean_article",
    "clean_text",
    "extract_html",
    "load_furniture",
    "normalise_published",
    "read_inputs",
]
