"""Fetching ``http(s)://`` inputs: the bytes of a page or a feed, or a reason why not.

``fetch(url)`` gets the bytes with httpx: redirects followed, one overall
deadline, the same size cap as files (``max_bytes``), a User-Agent naming
flashpoint and its version, and conditional requests (ETag / Last-Modified)
for callers that poll. Every failure raises ``InputError`` with a reason a
user can act on: ``HTTP 404 Not Found``, ``timed out after 10 s``, ``not HTML
(application/pdf)``, ``too large (...)``, ``could not connect (...)``,
``HTTP 302 redirect without a Location header``.

The deadline (``timeout_s``) runs from the connection to the last byte: every
socket read and write of a fetch gets what is left of it (``_DeadlineBackend``),
so a server that drips its headers a byte at a time cannot hold a fetch
longer. A redirect to another host is followed and logged, and
``Fetched.hosts`` keeps the hosts it went through; ``$FLASHPOINT_SAME_HOST_ONLY``
(``--same-host-only``) refuses such a redirect before the other host is asked.

What the bytes are read as is decided above this module: ``urls.read_url``
(a page or a feed), ``feeds`` (entries) and ``pages`` (a page's article).
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urldefrag, urlsplit

import httpcore
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

log = logging.getLogger(__name__)


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
    hosts: tuple[str, ...] = ()  # the hosts it was fetched through (redirects), in order

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


# The deadline of the fetch running in this thread/context (time.monotonic()),
# and the host it started at: read by the network streams and the redirect hook.
_DEADLINE: ContextVar[float | None] = ContextVar("flashpoint_fetch_deadline", default=None)
_START: ContextVar[tuple[str, bool] | None] = ContextVar("flashpoint_fetch_start", default=None)


def _left(timeout: float | None) -> float | None:
    """``timeout`` cut to what is left of the current fetch's deadline."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write waits at most until the
    current fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname,
                                                     _left(timeout)))  # fmt: skip

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend with ``_DeadlineStream`` connections."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self._inner.connect_tcp(host, port, _left(timeout),
                                                       local_address, socket_options))  # fmt: skip

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        return _DeadlineStream(self._inner.connect_unix_socket(path, _left(timeout),
                                                               socket_options))  # fmt: skip

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def same_host_only() -> bool:
    """Whether redirects to another host are refused (``$FLASHPOINT_SAME_HOST_ONLY``)."""
    return os.environ.get("FLASHPOINT_SAME_HOST_ONLY", "") not in ("", "0", "false", "no")


def _check_redirect(request: httpx.Request) -> None:
    """Each request of a fetch (the first and every redirect): a hop to
    another host is logged, or refused when the fetch is same-host only."""
    start = _START.get()
    if start is None or request.url.host == start[0]:
        return
    if start[1]:
        raise InputError(f"redirected to another host ({start[0]} -> {request.url.host}); "
                         "refused (same-host only)")  # fmt: skip
    log.warning("%s: redirected to another host, %s", start[0], request.url.host)


def make_client(*, timeout_s: float = DEFAULT_TIMEOUT_S) -> httpx.Client:
    """An httpx client with flashpoint's User-Agent, redirects followed and
    checked (``_check_redirect``), and every fetch held to its deadline."""
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if pool is not None and hasattr(pool, "_network_backend"):
        pool._network_backend = _DeadlineBackend(pool._network_backend)
    return httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(timeout_s),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
        transport=transport,
        event_hooks={"request": [_check_redirect]},
    )


def fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    client: httpx.Client | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    same_host: bool | None = None,
) -> Fetched:
    """The body of ``url``; raises InputError with the reason it cannot be had.

    ``timeout_s`` bounds the whole fetch, from connecting to the last byte
    (redirects included). ``etag`` / ``last_modified`` from an earlier
    ``Fetched`` make the request conditional: an unchanged resource comes back
    ``not_modified``. ``same_host`` (default ``same_host_only()``) refuses a
    redirect to another host."""
    own = client is None
    client = client or make_client(timeout_s=timeout_s)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    strict = same_host_only() if same_host is None else same_host
    deadline = _DEADLINE.set(time.monotonic() + timeout_s)
    start = _START.set((_host(url), strict))
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
        _DEADLINE.reset(deadline)
        _START.reset(start)
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
    if 300 <= response.status_code < 400:  # a redirect httpx could not follow
        if not response.headers.get("location"):
            raise InputError(f"HTTP {response.status_code} redirect without a Location header")
        raise InputError(f"HTTP {response.status_code} redirect not followed "
                         f"(to {response.headers['location'][:200]})")  # fmt: skip
    content_type = media_type(response.headers.get("content-type"))
    if content_type not in HTML_TYPES | FEED_TYPES | SNIFF_TYPES:
        raise InputError(f"not HTML ({content_type})")
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(f"too large ({_mb(int(declared))}, limit {_mb(max_bytes)})")
    deadline = _DEADLINE.get() or time.monotonic() + timeout_s  # the fetch's, from connecting
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
        hosts=tuple(dict.fromkeys(r.url.host for r in [*response.history, response])),
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


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # httpx names what is wrong with it
        return ""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
