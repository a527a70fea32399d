"""The article of a page: the text of an HTML page (trafilatura, offline)
and an ``Article`` made from text and metadata the way every reader makes
one (page furniture out, ``published`` normalised)."""

from __future__ import annotations

from flashpoint.ingest.clean import clean_article
from flashpoint.ingest.decode import InputError
from flashpoint.ingest.fetching import Fetched, url_doc_id
from flashpoint.ingest.metadata import pick_metadata
from flashpoint.models import Article

# Extracted HTML text shorter than this is navigation residue, not an article.
MIN_HTML_WORDS = 5


def extract_html(data: bytes | str) -> tuple[str, dict[str, str | None]]:
    """Body text and page metadata (title, published, outlet, url) of an HTML
    page, offline. Raises InputError when the page holds no article text."""
    import trafilatura  # ~0.3 s to import: only when there is HTML

    doc = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False
    )
    text = (doc.text or "") if doc is not None else ""
    if len(text.split()) < MIN_HTML_WORDS:
        raise InputError("no article text found")
    page = {
        "title": doc.title,
        "published": doc.date,
        "outlet": doc.sitename,
        "url": doc.url,
    }
    return text, pick_metadata(page)


def make_article(doc_id: str, text: str, meta: dict, *, source: str) -> Article:
    """An Article with cleaned text (as every reader's); InputError when
    nothing but page furniture is left."""
    cleaned, title = clean_article(text, title=meta.get("title"))
    if not cleaned.strip():
        raise InputError("no article text (only page furniture)")
    return Article(
        doc_id=doc_id,
        text=cleaned,
        published=meta.get("published"),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        title=title,
        source_path=source,
    )


def page_article(url: str, fetched: Fetched, *, doc_id: str | None = None,
                 meta: dict | None = None) -> Article:
    """The article of an HTML page fetched from ``url``: trafilatura's text,
    the page's metadata under ``meta``; ``doc_id`` a hash of ``url`` unless
    given. Raises InputError when the page holds no article text."""
    if b"\x00" in fetched.data:
        raise InputError("binary content (contains NUL bytes)")
    text, page_meta = extract_html(fetched.data)
    merged = {**page_meta, **(meta or {})}
    merged.setdefault("url", fetched.url)
    return make_article(doc_id or url_doc_id(url), text, merged, source=url)
