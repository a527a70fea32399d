"""Fetching ``http(s)://`` inputs: the bytes of a page or a feed, or a reason why not.

``fetch(url)`` gets the bytes with httpx: redirects followed, a timeout, the
same size cap as files (``max_bytes``), a User-Agent naming flashpoint and
its version, and conditional requests (ETag / Last-Modified) for callers
that poll. Every failure raises ``InputError`` with a reason a user can act
on: ``HTTP 404 Not Found``, ``timed out after 10 s``, ``not HTML
(application/pdf)``, ``too large (...)``, ``could not connect (...)``.

What the bytes are read as is decided above this module: ``urls.read_url``
(a page or a feed), ``feeds`` (entries) and ``pages`` (a page's article).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from urllib.parse import urldefrag

import httpx

from flashpoint import __version__
from flashpoint.ingest.decode import DEFAULT_MAX_BYTES, InputError

USER_AGENT = f"flashpoint/{__version__} (news event coder; +https://pypi.org/project/flashpoint)"
DEFAULT_TIMEOUT_S = 10.0

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/xml", "text/xml", "text/rss+xml", "text/atom+xml",
})  # fmt: skip
# Types servers send for anything: the first bytes decide.
SNIFF_TYPES = frozenset({"", "text/plain", "application/octet-stream", "binary/octet-stream"})
ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
_HTML_ROOTS = (b"<!doctype html", b"<html")



@dataclass(frozen=True)
class Fetched:
    """A response: ``not_modified`` when the server answered 304 to a
    conditional request (``data`` is then empty)."""

    url: str  # the final URL, after redirects
    data: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False

    @property
    def kind(self) -> str:
        """``"feed"`` or ``"html"``; raises InputError for anything else."""
        return content_kind(self.content_type, self.data)


def url_doc_id(url: str) -> str:
    """The ``doc_id`` of a URL or feed-entry link (SPEC: a hash of it): the
    same link always gives the same id; a ``#fragment`` does not count."""
    link = urldefrag(url.strip())[0]
    return hashlib.sha1(link.encode("utf-8")).hexdigest()[:16]


def is_url(name: str) -> bool:
    return name[:8].lower().startswith(("http://", "https://"))


def make_client(*, timeout_s: float = DEFAULT_TIMEOUT_S) -> httpx.Client:
    """An httpx client with flashpoint's User-Agent, redirects followed."""
    return httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(timeout_s),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
    )


def fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    client: httpx.Client | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """The body of ``url``; raises InputError with the reason it cannot be had.

    ``timeout_s`` bounds connecting, each read, and the whole download.
    ``etag`` / ``last_modified`` from an earlier ``Fetched`` make the request
    conditional: an unchanged resource comes back ``not_modified``."""
    own = client is None
    client = client or make_client(timeout_s=timeout_s)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client.stream("GET", url, headers=headers, timeout=timeout_s) as response:
            return _read_response(response, max_bytes=max_bytes, timeout_s=timeout_s)
    except httpx.TimeoutException as exc:
        raise InputError(f"timed out after {timeout_s:g} s") from exc
    except httpx.TooManyRedirects as exc:
        raise InputError("too many redirects") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise InputError(f"not a valid URL ({exc})") from exc
    except httpx.ConnectError as exc:
        raise InputError(f"could not connect ({exc})") from exc
    except httpx.HTTPError as exc:
        raise InputError(f"fetch failed ({type(exc).__name__}: {exc})") from exc
    finally:
        if own:
            client.close()


def _read_response(response: httpx.Response, *, max_bytes: int, timeout_s: float) -> Fetched:
    final = str(response.url)
    if response.status_code == 304:
        return Fetched(url=final, not_modified=True,
                       etag=response.headers.get("etag"),
                       last_modified=response.headers.get("last-modified"))  # fmt: skip
    if response.status_code >= 400:
        raise InputError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
    content_type = media_type(response.headers.get("content-type"))
    if content_type not in HTML_TYPES | FEED_TYPES | SNIFF_TYPES:
        raise InputError(f"not HTML ({content_type})")
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(f"too large ({_mb(int(declared))}, limit {_mb(max_bytes)})")
    deadline = time.monotonic() + timeout_s
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"too large (over {_mb(max_bytes)})")
        if time.monotonic() > deadline:
            raise InputError(f"timed out after {timeout_s:g} s")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data.strip():
        raise InputError("empty response")
    return Fetched(
        url=final,
        data=data,
        content_type=content_type,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )


def media_type(header: str | None) -> str:
    """``text/html`` for ``text/html; charset=utf-8``."""
    return (header or "").split(";", 1)[0].strip().lower()


def content_kind(content_type: str, data: bytes) -> str:
    """``"feed"`` or ``"html"`` for a response; InputError when it is neither.
    A feed served as HTML or as plain text is still a feed."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(root in head for root in _FEED_ROOTS):
        return "feed"
    if content_type in FEED_TYPES:
        return "feed"  # feedparser says why, when it is not one
    if content_type in HTML_TYPES:
        return "html"
    if any(head.startswith(root) for root in _HTML_ROOTS) or b"<html" in head:
        return "html"
    raise InputError(f"not HTML ({content_type or 'no content type'})")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
