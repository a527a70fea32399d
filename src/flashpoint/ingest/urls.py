"""``http(s)://`` inputs: ``read_url(url)`` decides per response whether it
holds a feed (each entry an article, see ``feeds``) or a page
(trafilatura's text, ``doc_id`` = a hash of the URL, SPEC "Inputs").
Fetching itself (size caps, timeouts, conditional requests, the reasons a
user can act on) is ``fetching``'s; its names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from flashpoint.ingest import feeds
from flashpoint.ingest.decode import DEFAULT_MAX_BYTES, InputError
from flashpoint.ingest.fetching import (  # noqa: F401  (re-exported)
    DEFAULT_TIMEOUT_S,
    Fetched,
    content_kind,
    fetch,
    is_url,
    make_client,
    url_doc_id,
)
from flashpoint.ingest.pages import page_article
from flashpoint.models import Article, Rejection

Item = Article | Rejection


def read_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    fetch_entries: bool = False,
    client: httpx.Client | None = None,
) -> Iterator[Item]:
    """The article(s) at ``url``: a page's, or every entry of a feed."""
    try:
        fetched = fetch(url, max_bytes=max_bytes, timeout_s=timeout_s, client=client)
        kind = fetched.kind
    except InputError as exc:
        yield Rejection(url, str(exc))
        return
    yield from read_fetched(url, fetched, kind=kind, max_bytes=max_bytes, timeout_s=timeout_s,
                            fetch_entries=fetch_entries, client=client)  # fmt: skip


def read_fetched(
    url: str,
    fetched: Fetched,
    *,
    kind: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    fetch_entries: bool = False,
    client: httpx.Client | None = None,
) -> Iterator[Item]:
    """The article(s) in a response already fetched from ``url``."""
    if kind == "feed":
        yield from feeds.read_feed_bytes(
            fetched.data, name=url, base_url=fetched.url, fetch_entries=fetch_entries,
            max_bytes=max_bytes, timeout_s=timeout_s, client=client,
        )  # fmt: skip
        return
    try:
        yield page_article(url, fetched)
    except InputError as exc:
        yield Rejection(url, str(exc))
