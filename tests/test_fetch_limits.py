"""URL fetching is bounded and says why: one deadline from connecting to the
last byte (a server dripping its headers cannot hold a fetch), redirects to
another host followed and recorded or refused, a redirect without a Location
named as such. Everything runs on loopback."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from flashpoint.ingest.decode import InputError
from flashpoint.ingest.urls import fetch
from test_feeds import PAGE_STORY, LocalServer, Route, page


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


class DripServer:
    """Answers every connection with a status line, then one header byte
    every ``every_s`` seconds, never ending the headers."""

    def __init__(self, every_s: float = 0.1) -> None:
        self.every_s = every_s
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/slow"

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            while not self.stop.is_set():
                conn.sendall(b"X")
                time.sleep(self.every_s)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def test_a_server_dripping_its_headers_is_cut_at_the_deadline():
    drip = DripServer()
    try:
        started = time.monotonic()
        with pytest.raises(InputError, match="timed out after 1 s"):
            fetch(drip.url, timeout_s=1.0)
        assert time.monotonic() - started < 2.5
    finally:
        drip.close()


def test_a_redirect_to_another_host_is_recorded_or_refused(server):
    target = server.add("/there", Route(page("Harbour reopens", PAGE_STORY)))
    elsewhere = target.replace("127.0.0.1", "localhost")
    start = server.add("/here", Route(status=302, headers={"Location": elsewhere}))
    fetched = fetch(start)
    assert fetched.hosts == ("127.0.0.1", "localhost")
    before = len(server.requests)
    with pytest.raises(InputError, match="redirected to another host"):
        fetch(start, same_host=True)
    assert [p for p, _ in server.requests[before:]] == ["/here"]  # the other host not asked


def test_a_same_host_redirect_is_followed_even_when_same_host_only(server):
    target = server.add("/b", Route(page("Harbour reopens", PAGE_STORY)))
    start = server.add("/a", Route(status=301, headers={"Location": target}))
    assert fetch(start, same_host=True).hosts == ("127.0.0.1",)


@pytest.mark.parametrize("status", [301, 302, 307])
def test_a_redirect_without_a_location_is_named(server, status):
    url = server.add("/nowhere", Route(b"", status=status))
    with pytest.raises(InputError, match=f"HTTP {status} redirect without a Location header"):
        fetch(url)


def test_same_host_only_is_read_from_the_environment(server, monkeypatch):
    """What ``--same-host-only`` sets."""
    target = server.add("/t", Route(page("Harbour reopens", PAGE_STORY)))
    start = server.add("/s", Route(status=302, headers={
        "Location": target.replace("127.0.0.1", "localhost")}))  # fmt: skip
    monkeypatch.setenv("FLASHPOINT_SAME_HOST_ONLY", "1")
    with pytest.raises(InputError, match="refused"):
        fetch(start)
    monkeypatch.setenv("FLASHPOINT_SAME_HOST_ONLY", "0")
    assert fetch(start).hosts == ("127.0.0.1", "localhost")
