"""RSS/Atom feeds and http(s) URLs as inputs (ingest.feeds, ingest.urls).

Nothing leaves the machine: pages and feeds are served by ``LocalServer``,
an ``http.server`` on 127.0.0.1 in a thread. Articles are written for these
tests."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flashpoint import __version__
from flashpoint.ingest import read_inputs
from flashpoint.ingest.decode import InputError
from flashpoint.ingest.feeds import parse_feed, read_feed_bytes, read_feed_file
from flashpoint.ingest.urls import content_kind, fetch, read_url, url_doc_id
from flashpoint.models import Article, Rejection

OUTLET = "Frontier Ledger"

STORY_ONE = (
    "Artillery shells landed in a village near Poonch late on Wednesday, "
    "injuring four civilians and damaging a row of shops, district officials said. "
    "Residents spent the night in community bunkers built after earlier shelling."
)
STORY_TWO = (
    "Pakistan closed its airspace to Indian airlines on Thursday and suspended "
    "trade through the Wagah crossing, a foreign ministry spokesperson told reporters "
    "in Islamabad. Airlines said flights to Europe would take longer routes."
)
STORY_THREE = (
    "The two armies' directors general of military operations spoke on the hotline "
    "on Saturday afternoon and agreed to stop all firing on land, at sea and in the air, "
    "officials in both capitals said in separate briefings."
)
PAGE_STORY = (
    "Schools in the border districts of Jammu reopened on Monday after a week of "
    "closures, and teachers said attendance was lower than usual. Parents told this "
    "newspaper they were still wary of fresh shelling along the frontier. Engineers "
    "had checked each building for damage before classes resumed in the morning."
)


def rss(items: list[dict], *, title: str = OUTLET) -> bytes:
    """An RSS 2.0 feed; each item's keys: title, link, guid, date, html."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
             f"<title>{title}</title><link>https://ledger.example/</link>"]  # fmt: skip
    for item in items:
        parts.append("<item>")
        if "title" in item:
            parts.append(f"<title>{item['title']}</title>")
        if "link" in item:
            parts.append(f"<link>{item['link']}</link>")
        if "guid" in item:
            parts.append(f'<guid isPermaLink="false">{item["guid"]}</guid>')
        if "date" in item:
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        if "html" in item:
            parts.append(f"<description><![CDATA[{item['html']}]]></description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def atom(entries: list[dict], *, title: str = "Hill Times Wire") -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
             f"<title>{title}</title><id>urn:hilltimes</id><updated>2025-05-10T12:00:00Z</updated>"]  # fmt: skip
    for e in entries:
        parts.append(
            f"<entry><title>{e['title']}</title><link href=\"{e['link']}\"/>"
            f"<id>{e['link']}</id><published>{e['date']}</published><updated>{e['date']}</updated>"
            f"<content type=\"html\"><![CDATA[{e['html']}]]></content></entry>"
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="Valley Courier"></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}"
        f"</article><footer>Copyright Valley Courier</footer></body></html>"
    ).encode()


LEDGER_ITEMS = [
    {"title": "Shells hit village near Poonch", "link": "https://ledger.example/a/1",
     "date": "Thu, 08 May 2025 07:15:00 +0530", "html": f"<p>{STORY_ONE}</p><p>Also Read | Earlier shelling in the district</p>"},
    {"title": "Pakistan shuts airspace", "link": "https://ledger.example/a/2",
     "date": "Thu, 24 Apr 2025 18:00:00 +0500", "html": f"<p>{STORY_TWO}</p>"},
]  # fmt: skip


# --- a local web server -----------------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay_s: float = 0.0
    send_length: bool = True
    headers: dict[str, str] = field(default_factory=dict)


class LocalServer:
    """Serves ``routes`` (path -> Route) on 127.0.0.1; records each request's
    path and headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.delay_s:
                    time.sleep(route.delay_s)
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def split(items) -> tuple[list[Article], list[Rejection]]:
    items = list(items)
    return ([i for i in items if isinstance(i, Article)],
            [i for i in items if isinstance(i, Rejection)])  # fmt: skip


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    return path


# --- feed files ---------------------------------------------------------------


def test_rss_file_gives_an_article_per_entry(tmp_path):
    feed = write(tmp_path / "ledger.rss", rss(LEDGER_ITEMS))
    articles, rejections = split(read_inputs([feed]))
    assert rejections == []
    assert [a.doc_id for a in articles] == [url_doc_id("https://ledger.example/a/1"),
                                            url_doc_id("https://ledger.example/a/2")]  # fmt: skip
    first = articles[0]
    assert first.outlet == OUTLET
    assert first.title == "Shells hit village near Poonch"
    assert first.url == "https://ledger.example/a/1"
    assert first.published == "2025-05-08T07:15:00+05:30"  # the feed's offset kept
    assert first.published_date.isoformat() == "2025-05-08"
    assert first.source_path == str(feed)
    assert "injuring four civilians" in first.text
    assert "Also Read" not in first.text  # cleaned as every article is
    assert "<p>" not in first.text


def test_entry_doc_id_is_a_stable_hash_of_the_link(tmp_path):
    one = write(tmp_path / "one.xml", rss(LEDGER_ITEMS))
    # the same stories in another feed, in another order, with other titles
    other = [dict(item, title="Updated: " + item["title"]) for item in reversed(LEDGER_ITEMS)]
    two = write(tmp_path / "two.xml", rss(other, title="Another Outlet"))
    first = {a.url: a.doc_id for a in split(read_inputs([one]))[0]}
    second = {a.url: a.doc_id for a in split(read_inputs([two]))[0]}
    assert first == second
    assert len(set(first.values())) == 2
    assert url_doc_id("https://ledger.example/a/1#comments") == url_doc_id("https://ledger.example/a/1")
    assert url_doc_id("https://ledger.example/a/1") != url_doc_id("https://ledger.example/a/10")


def test_atom_file(tmp_path):
    feed = write(tmp_path / "wire.atom", atom([
        {"title": "Guns fall silent", "link": "https://hill.example/s/9",
         "date": "2025-05-10T17:30:00+05:30", "html": f"<p>{STORY_THREE}</p>"},
    ]))  # fmt: skip
    articles, rejections = split(read_feed_file(feed))
    assert rejections == []
    (article,) = articles
    assert article.doc_id == url_doc_id("https://hill.example/s/9")
    assert article.outlet == "Hill Times Wire"
    assert article.published == "2025-05-10T17:30:00+05:30"
    assert article.text.startswith("The two armies' directors general")


def test_plain_text_summary_and_guid_without_link(tmp_path):
    items = [
        {"title": "No link", "guid": "ledger-item-77", "html": STORY_TWO},
        {"title": "Nothing to name it by", "html": STORY_ONE},
        {"title": "No text", "link": "https://ledger.example/a/3"},
    ]
    feed = write(tmp_path / "odd.rss", rss(items))
    articles, rejections = split(read_feed_file(feed))
    assert [a.doc_id for a in articles] == [url_doc_id("ledger-item-77")]
    assert articles[0].text == STORY_TWO
    assert articles[0].url is None
    assert [(r.name, r.reason) for r in rejections] == [
        (f"{feed}#2", "feed entry has no link or id"),
        ("https://ledger.example/a/3", "feed entry has no text"),
    ]


def test_the_same_link_twice_in_a_feed_is_one_article():
    items = [LEDGER_ITEMS[0], dict(LEDGER_ITEMS[0], title="Repeat")]
    entries, problems = parse_feed(rss(items), name="f")
    assert problems == []
    assert len(entries) == 1
    assert entries[0].meta["title"] == "Shells hit village near Poonch"


def test_malformed_feed_is_rejected_and_the_others_are_read(tmp_path):
    broken = write(tmp_path / "broken.rss", "this file was truncated before <rss version=")
    html_file = write(tmp_path / "notes.xml", "<notes><note>buy milk</note></notes>")
    good = write(tmp_path / "good.txt", STORY_ONE)
    articles, rejections = split(read_inputs([broken, html_file, good]))
    assert [a.doc_id for a in articles] == ["good"]
    assert [r.name for r in rejections] == [str(broken), str(html_file)]
    assert rejections[0].reason.startswith("feed does not parse")
    assert rejections[1].reason == "not an RSS or Atom feed"


def test_empty_feed_file_is_rejected(tmp_path):
    empty = write(tmp_path / "empty.rss", "")
    assert [(r.name, r.reason) for r in read_feed_file(empty)] == [(str(empty), "empty file")]


def test_a_valid_feed_with_no_entries_yields_nothing():
    assert list(read_feed_bytes(rss([]), name="quiet.rss")) == []


# --- URLs ---------------------------------------------------------------------


def test_page_url_is_read_as_html_with_doc_id_a_hash_of_the_url(server):
    url = server.add("/news/schools", Route(page("Border schools reopen", PAGE_STORY)))
    articles, rejections = split(read_inputs([url]))
    assert rejections == []
    (article,) = articles
    assert article.doc_id == url_doc_id(url)
    assert article.title == "Border schools reopen"
    assert article.outlet == "Valley Courier"
    assert article.url == url
    assert article.source_path == url
    assert "attendance was lower than usual" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text


def test_user_agent_names_flashpoint_and_its_version(server):
    url = server.add("/p", Route(page("Border schools reopen", PAGE_STORY)))
    list(read_url(url))
    (_, headers), = server.requests
    assert f"flashpoint/{__version__}" in headers["User-Agent"]


def test_redirect_is_followed_and_the_id_is_the_requested_url(server):
    target = server.add("/new", Route(page("Border schools reopen", PAGE_STORY)))
    old = server.add("/old", Route(status=301, headers={"Location": target}))
    (article,) = split(read_url(old))[0]
    assert article.doc_id == url_doc_id(old)
    assert article.url == target


@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/html", "text/plain", ""])
def test_feed_url_is_recognised_by_type_or_content(server, content_type):
    url = server.add("/feed", Route(rss(LEDGER_ITEMS), content_type=content_type))
    articles, rejections = split(read_inputs([url]))
    assert rejections == []
    assert [a.url for a in articles] == ["https://ledger.example/a/1", "https://ledger.example/a/2"]
    assert all(a.source_path == url for a in articles)


def test_bad_urls_are_rejected_by_name_and_the_others_are_read(server, tmp_path):
    missing = server.url("/gone")
    pdf = server.add("/report.pdf", Route(b"%PDF-1.7 binary", content_type="application/pdf"))
    garbled = server.add("/feed.xml", Route(b"<rss><channel><title>Cut off", content_type="application/rss+xml"))
    failing = server.add("/error", Route(b"oops", status=503))
    good_url = server.add("/ok", Route(page("Border schools reopen", PAGE_STORY)))
    good_file = write(tmp_path / "good.txt", STORY_TWO)
    articles, rejections = split(read_inputs([missing, pdf, garbled, failing, good_url, good_file]))
    assert [a.doc_id for a in articles] == [url_doc_id(good_url), "good"]
    reasons = {r.name: r.reason for r in rejections}
    assert reasons[missing].startswith("HTTP 404")
    assert reasons[pdf] == "not HTML (application/pdf)"
    assert reasons[garbled].startswith("feed does not parse")
    assert reasons[failing].startswith("HTTP 503")
    assert len(rejections) == 4


def test_slow_server_times_out(server):
    slow = server.add("/slow", Route(page("Late", PAGE_STORY), delay_s=0.6))
    quick = server.add("/quick", Route(page("Border schools reopen", PAGE_STORY)))
    started = time.monotonic()
    items = [*read_url(slow, timeout_s=0.2), *read_url(quick, timeout_s=0.2)]
    assert time.monotonic() - started < 0.6
    articles, rejections = split(items)
    assert [(r.name, r.reason) for r in rejections] == [(slow, "timed out after 0.2 s")]
    assert [a.doc_id for a in articles] == [url_doc_id(quick)]


@pytest.mark.parametrize("send_length", [True, False])
def test_oversized_response_is_rejected(server, tmp_path, send_length):
    big = server.add("/big", Route(page("Big", PAGE_STORY * 40), send_length=send_length))
    good = write(tmp_path / "good.txt", STORY_ONE)
    articles, rejections = split(read_inputs([big, good], max_bytes=4000))
    assert [a.doc_id for a in articles] == ["good"]
    assert [r.name for r in rejections] == [big]
    assert rejections[0].reason.startswith("too large")


def test_unreachable_host_is_rejected(tmp_path):
    with LocalServer() as srv:
        url = srv.url("/x")
    (rejection,) = read_url(url, timeout_s=1)  # the server is gone: connection refused
    assert rejection.name == url
    assert rejection.reason.startswith(("could not connect", "timed out"))


def test_conditional_fetch_is_answered_not_modified(server):
    url = server.add("/feed", Route(rss(LEDGER_ITEMS), content_type="application/rss+xml",
                                    headers={"ETag": '"v1"'}))  # fmt: skip
    first = fetch(url)
    assert first.etag == '"v1"' and first.kind == "feed" and not first.not_modified
    again = fetch(url, etag=first.etag)
    assert again.not_modified and again.data == b""
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'


def test_content_kind_sniffs_untyped_responses():
    assert content_kind("text/plain", b"\xef\xbb\xbf<?xml version='1.0'?><feed xmlns='x'>") == "feed"
    assert content_kind("", b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert content_kind("application/xhtml+xml", b"<html/>") == "html"
    with pytest.raises(InputError, match=r"not HTML \(text/plain\)"):
        content_kind("text/plain", b"just some words")


# --- fetching the linked pages of short entries ----------------------------------


def test_fetch_entries_reads_the_linked_page_of_a_teaser(server):
    link = server.add("/story/5", Route(page("Schools reopen in Jammu", PAGE_STORY)))
    teaser = [{"title": "Schools reopen", "link": link, "date": "Mon, 12 May 2025 09:00:00 +0530",
               "html": "<p>Classes resume after a week of closures near the frontier.</p>"}]  # fmt: skip
    without = split(read_feed_bytes(rss(teaser), name="teasers.rss"))[0]
    assert without[0].text == "Classes resume after a week of closures near the frontier."
    assert server.requests == []  # nothing fetched by default
    (article,) = split(read_feed_bytes(rss(teaser), name="teasers.rss", fetch_entries=True))[0]
    assert article.doc_id == url_doc_id(link)
    assert "attendance was lower than usual" in article.text
    assert article.title == "Schools reopen"  # the entry's metadata wins
    assert article.outlet == OUTLET
    assert article.published == "2025-05-12T09:00:00+05:30"


def test_fetch_entries_keeps_the_summary_when_the_page_fails(server):
    link = server.url("/story/missing")
    teaser = [{"title": "Short", "link": link, "html": "<p>Classes resume after a week of closures.</p>"}]
    (article,) = split(read_feed_bytes(rss(teaser), name="t.rss", fetch_entries=True))[0]
    assert article.text == "Classes resume after a week of closures."
    assert article.doc_id == url_doc_id(link)
