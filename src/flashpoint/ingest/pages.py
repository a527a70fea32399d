"""The article of a page: the text of an HTML page (trafilatura, offline)
and an ``Article`` made from text and metadata the way every reader makes
one (page furniture out, ``published`` normalised)."""

from __future__ import annotations

import re

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
    if word_count(text) < MIN_HTML_WORDS:
        raise InputError("no article text found")
    page = {
        "title": doc.title,
        "published": doc.date,
        "outlet": doc.sitename,
        "url": doc.url,
    }
    return text, pick_metadata(page)


# Scripts written without spaces between words: each character counts as a
# word (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, Tibetan).
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def word_count(text: str) -> int:
    """Words in ``text``: runs between spaces, and each character of a
    script written without spaces (a Japanese article has few spaces)."""
    return len(_UNSPACED.sub(" ", text).split()) + len(_UNSPACED.findall(text))


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
