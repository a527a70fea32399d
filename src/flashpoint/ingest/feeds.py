"""RSS and Atom feeds: each entry an article (SPEC "Inputs").

``read_feed_bytes(data, name=...)`` parses a feed with feedparser and yields
an ``Article`` per entry:

- ``doc_id``: a hash of the entry's link (``fetching.url_doc_id``), or of its
  id/guid when it has no link; an entry with neither is rejected;
- text: the entry's ``content`` (else its ``summary``) HTML, extracted with
  trafilatura as for HTML files, then ``clean_article``. With
  ``fetch_entries=True``, an entry whose text is missing or shorter than
  ``min_entry_words`` is replaced by its linked page (fetched as a URL
  input); if that fails, the entry's own text is kept;
- ``published`` from the entry's published (else updated) date, its offset
  kept; ``outlet`` the feed's title; ``title`` the entry's; ``url`` its link.

A feed that does not parse (feedparser's "bozo" with no entries) is one
Rejection naming the feed; a bad entry is a Rejection naming its link, and
the other entries still yield. ``parse_feed`` gives the entries without
building articles, for callers (``watch``) that skip entries already seen.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from flashpoint.ingest.decode import DEFAULT_MAX_BYTES, InputError, read_bytes
from flashpoint.ingest.fetching import DEFAULT_TIMEOUT_S, url_doc_id
from flashpoint.ingest.metadata import normalise_published
from flashpoint.ingest.pages import extract_html, make_article, page_article
from flashpoint.models import Article, Rejection

Item = Article | Rejection

# An entry with fewer words than this is a teaser: with fetch_entries the
# linked page is read instead.
DEFAULT_MIN_ENTRY_WORDS = 60


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a parsed feed, before its text is extracted."""

    index: int  # 1-based position in the feed
    doc_id: str
    link: str | None
    html: str  # content, else summary ("" when the entry has neither)
    meta: dict[str, str] = field(default_factory=dict)  # title, published, url, outlet

    @property
    def name(self) -> str:
        """What a Rejection of this entry is called: its link."""
        return self.link or f"entry {self.index}"

    @property
    def signature(self) -> str:
        """Changes when the entry's text or metadata changes."""
        raw = "\x1f".join([self.doc_id, self.html, *(f"{k}={v}" for k, v in sorted(self.meta.items()))])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def read_feed_file(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch_entries: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    client=None,
) -> Iterator[Item]:
    """The articles of a feed file (``.rss``, ``.atom``, ``.xml``)."""
    try:
        data = read_bytes(path, max_bytes=max_bytes)
    except InputError as exc:
        yield Rejection(str(path), str(exc))
        return
    yield from read_feed_bytes(data, name=str(path), fetch_entries=fetch_entries,
                               max_bytes=max_bytes, timeout_s=timeout_s, client=client)  # fmt: skip


def read_feed_bytes(
    data: bytes,
    *,
    name: str,
    base_url: str | None = None,
    fetch_entries: bool = False,
    min_entry_words: int = DEFAULT_MIN_ENTRY_WORDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    client=None,
) -> Iterator[Item]:
    """An Article per entry of the feed in ``data`` (read from ``name``)."""
    try:
        entries, problems = parse_feed(data, name=name, base_url=base_url)
    except InputError as exc:
        yield Rejection(name, str(exc))
        return
    yield from problems
    own = None
    if fetch_entries and client is None and entries:
        from flashpoint.ingest.fetching import make_client

        client = own = make_client(timeout_s=timeout_s)
    try:
        for entry in entries:
            try:
                yield entry_article(entry, source=name, fetch_entries=fetch_entries,
                                    min_entry_words=min_entry_words, max_bytes=max_bytes,
                                    timeout_s=timeout_s, client=client)  # fmt: skip
            except InputError as exc:
                yield Rejection(entry.name, str(exc))
    finally:
        if own is not None:
            own.close()


def parse_feed(
    data: bytes, *, name: str, base_url: str | None = None
) -> tuple[list[FeedEntry], list[Rejection]]:
    """The entries of a feed, and a Rejection for each entry without a link
    or id. Raises InputError when ``data`` is not a feed."""
    import feedparser  # only when there is a feed

    if not data.strip():
        raise InputError("empty file")
    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise InputError(f"feed does not parse ({_bozo_reason(parsed)})")
        if not parsed.get("version"):
            raise InputError("not an RSS or Atom feed")
        return [], []
    outlet = _clean(parsed.feed.get("title"))
    entries: list[FeedEntry] = []
    problems: list[Rejection] = []
    seen: set[str] = set()
    for index, raw in enumerate(parsed.entries, start=1):
        link = (raw.get("link") or "").strip() or None
        key = link or (raw.get("id") or "").strip()
        if not key:
            problems.append(Rejection(f"{name}#{index}", "feed entry has no link or id"))
            continue
        doc_id = url_doc_id(key)
        if doc_id in seen:  # the same story listed twice
            continue
        seen.add(doc_id)
        meta = {
            "title": _clean(raw.get("title")),
            "published": _entry_published(raw),
            "url": link,
            "outlet": outlet,
        }
        entries.append(FeedEntry(
            index=index, doc_id=doc_id, link=link, html=_entry_html(raw),
            meta={k: v for k, v in meta.items() if v},
        ))  # fmt: skip
    return entries, problems


def entry_article(
    entry: FeedEntry,
    *,
    source: str,
    fetch_entries: bool = False,
    min_entry_words: int = DEFAULT_MIN_ENTRY_WORDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    client=None,
) -> Article:
    """The Article of one entry; raises InputError when it has no text."""
    text = entry_text(entry.html)
    short = text is None or len(text.split()) < min_entry_words
    if fetch_entries and short and entry.link:
        from flashpoint.ingest.fetching import fetch

        try:
            fetched = fetch(entry.link, max_bytes=max_bytes, timeout_s=timeout_s, client=client)
            if fetched.kind != "html":
                raise InputError("the linked page is a feed")
            return page_article(entry.link, fetched, doc_id=entry.doc_id, meta=entry.meta)
        except InputError as exc:
            if text is None:
                raise InputError(f"entry has no text and its page failed: {exc}") from exc
    if text is None:
        raise InputError("feed entry has no text")
    return make_article(entry.doc_id, text, entry.meta, source=source)


def entry_text(fragment: str) -> str | None:
    """The text of an entry's HTML (or plain text) through trafilatura, or
    None when it holds none."""
    if not fragment.strip():
        return None
    if "<" not in fragment:
        fragment = f"<p>{html.escape(html.unescape(fragment))}</p>"
    try:
        text, _ = extract_html(f"<html><body><article>{fragment}</article></body></html>")
    except InputError:
        return None
    return text


def _entry_html(raw) -> str:
    """The longest ``content`` value, else the summary."""
    contents = [c.get("value") or "" for c in raw.get("content") or []]
    best = max(contents, key=len, default="")
    return best if best.strip() else (raw.get("summary") or "")


def _entry_published(raw) -> str | None:
    """The entry's date as written (its offset kept), else feedparser's UTC."""
    for key in ("published", "updated", "created"):
        text = (raw.get(key) or "").strip()
        if not text:
            continue
        try:
            return parsedate_to_datetime(text).isoformat()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        value = normalise_published(text.replace("Z", "+00:00"))  # Atom: ISO 8601
        if value:
            return value
    for key in ("published_parsed", "updated_parsed"):
        parsed = raw.get(key)
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    return None


def _clean(value: str | None) -> str | None:
    text = " ".join(html.unescape(value or "").split())
    return text or None


def _bozo_reason(parsed) -> str:
    exc = parsed.get("bozo_exception")
    reason = str(exc).strip() if exc is not None else ""
    return reason or (type(exc).__name__ if exc is not None else "unknown error")
