"""The analysis views (escalation, diplomacy, network, casualty totals),
computed from the store's incidents with ``flashpoint.analyze`` and kept for a
short while.

They read every incident of a dyad (or all of them, for the network), which at
a hundred thousand incidents takes a second or more, so each result is kept in
a ``TTLCache`` for ``ttl_s`` seconds (default 30): a dashboard under a
``watch`` writer is at most that stale, and many clients asking at once
compute it once (one lock per key).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from flashpoint import analyze
from flashpoint.store import Store
from flashpoint.store import incidents as itables
from flashpoint.web import queries

DEFAULT_TTL_S = 30.0
LATEST = 10
PAGES_KEPT = 256  # rendered search and actor pages (tens of kilobytes each)
log = logging.getLogger(__name__)


#: how many values this thread is computing, one inside another
_computing = threading.local()


class TTLCache:
    """Values by key, fresh for ``ttl_s`` seconds; one computation per key at
    once. A stale value is still answered at once while one background thread
    recomputes it (stale-while-revalidate), so only a key's very first use
    waits for the computation.

    With ``version`` (a function, e.g. ``Store.data_version``), a value is
    kept with the version read before it was computed, and a stale value
    whose version has not moved is fresh again without a computation: a
    store nobody writes to costs no recomputation (at a hundred thousand
    incidents one took seconds of the process's CPU, and every request of
    that process waited behind it). A stale value asked for while another
    value is computed (a page from its views, a view's JSON) is computed
    again first, so a value is never built from stale parts and then kept
    as current."""

    def __init__(self, *, ttl_s: float = DEFAULT_TTL_S, max_items: int = 256,
                 version: Callable[[], Any] | None = None) -> None:  # fmt: skip
        self.ttl_s = ttl_s
        self.max_items = max_items
        self.version = version
        self._values: dict[Hashable, tuple[float, Any, Any]] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._refreshing: set[Hashable] = set()
        self._guard = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        hit = self._values.get(key)
        if hit is not None:
            if not self._stale(hit) or self._still_current(key, hit):
                return hit[1]
            if not getattr(_computing, "depth", 0):
                self._refresh_later(key, compute)
                return hit[1]
            # inside the computation of another value (a page from its views):
            # that value must not be built on this stale one
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            again = self._values.get(key)
            if again is not None and (again is not hit or hit is None):
                return again[1]
            return self._compute(key, compute)

    def has(self, key: Hashable) -> bool:
        """Whether a value (fresh or stale) is kept for ``key``."""
        return key in self._values

    def _current_version(self) -> Any:
        return self.version() if self.version is not None else None

    def _still_current(self, key: Hashable, hit: tuple[float, Any, Any]) -> bool:
        """A stale value computed under the version the store still has is
        kept (its time renewed); False when it must be computed again."""
        if self.version is None:
            return False
        try:
            same = self._current_version() == hit[2]
        except Exception:  # the version unknown: recompute, as without one
            log.exception("reading the data version failed")
            return False
        if same:
            with self._guard:
                if self._values.get(key) is hit:
                    self._values[key] = (time.monotonic(), hit[1], hit[2])
        return same

    def _compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        version = self._current_version()  # before: a write during compute moves it
        _computing.depth = getattr(_computing, "depth", 0) + 1
        try:
            value = compute()
        finally:
            _computing.depth -= 1
        with self._guard:
            if key not in self._values and len(self._values) >= self.max_items:
                self._values.pop(next(iter(self._values)))
            self._values[key] = (time.monotonic(), value, version)
        return value

    def _stale(self, hit: tuple[float, Any, Any]) -> bool:
        return time.monotonic() - hit[0] > self.ttl_s

    def _refresh_later(self, key: Hashable, compute: Callable[[], Any]) -> None:
        with self._guard:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def run() -> None:
            try:
                self._compute(key, compute)
            except Exception:  # the stale value stays; the next use tries again
                log.exception("refreshing %r failed", key)
            finally:
                with self._guard:
                    self._refreshing.discard(key)

        threading.Thread(target=run, name=f"refresh-{key!r}"[:60], daemon=True).start()

    def clear(self) -> None:
        with self._guard:
            self._values.clear()


class Analysis:
    """The cached analysis views of one store."""

    def __init__(self, store: Store, *, ttl_s: float = DEFAULT_TTL_S) -> None:
        self.store = store
        self.cache = TTLCache(ttl_s=ttl_s, version=store.data_version)
        # list totals by query
        self.counts = TTLCache(ttl_s=ttl_s, max_items=2048, version=store.data_version)
        # pages drawn from what visitors type (searches, actors' pages), rendered;
        # kept apart so that many of them do not push the views out
        self.pages = TTLCache(ttl_s=ttl_s, max_items=PAGES_KEPT, version=store.data_version)

    def stats(self) -> dict:
        """The store's counts (``Store.stats``) with ``incidents`` added."""

        def compute() -> dict:
            numbers = self.store.stats()
            numbers["incidents"] = queries.count_incidents(self.store)
            return numbers

        return self.cache.get(("stats",), compute)

    def actors(self) -> list[dict]:
        """Every actor with its counts (``queries.actor_rows``)."""
        return self.cache.get(("actors",), lambda: queries.actor_rows(self.store))

    def warm(self) -> None:
        """Compute the overview's views now (``serve`` does it at start, in a
        thread), so the first visitor does not wait for them."""
        self.stats()
        dyad = self.default_dyad()
        if dyad:
            self.escalation(dyad)
            self.diplomacy(dyad)
        self.actors()
        self.network()  # last: a caller may wait for it to know all are done

    def dyads(self, *, top: int = 10) -> list[tuple[str, int]]:
        return self.cache.get(("dyads", top), lambda: queries.top_dyads(self.store, top=top))

    def default_dyad(self) -> str | None:
        dyads = self.dyads()
        names = [d for d, _ in dyads]
        return "IND-PAK" if "IND-PAK" in names else (names[0] if names else None)

    def _dyad(self, dyad: str) -> dict:
        """Escalation series and casualty totals of a dyad, from one read."""

        def compute() -> dict:
            incidents = queries.dyad_incidents(self.store, dyad)
            known = {i["id"] for i in incidents}
            nearby = [i for i in queries.diplomacy_candidates(self.store, dyad) if i["id"] not in known]
            crisis = analyze.crisis_incidents(incidents, dyad)
            latest = sorted(crisis, key=lambda i: (i.get("date") or "", i["id"]), reverse=True)
            return {"escalation": analyze.escalation(incidents + nearby, dyad),
                    "casualties": casualty_totals(crisis), "incidents": len(crisis),
                    "turning": analyze.turning_points(incidents + nearby, dyad),
                    "latest": latest[:LATEST]}  # fmt: skip

        return self.cache.get(("dyad", dyad), compute)

    def escalation(self, dyad: str) -> list[dict]:
        return self._dyad(normal_dyad(dyad))["escalation"]

    def casualties(self, dyad: str) -> dict:
        return self._dyad(normal_dyad(dyad))["casualties"]

    def latest(self, dyad: str) -> list[dict]:
        """The dyad's ``LATEST`` newest incidents (dated first)."""
        return self._dyad(normal_dyad(dyad))["latest"]

    def turning_points(self, dyad: str) -> list[dict]:
        """The dyad's turning points (``analyze.turning_points``): ceasefires,
        agreements, violations, talks, by date."""
        return self._dyad(normal_dyad(dyad))["turning"]

    def incident_count(self, dyad: str) -> int:
        """How many incidents make the dyad's picture (``analyze.crisis_incidents``)."""
        return self._dyad(normal_dyad(dyad))["incidents"]

    def diplomacy(self, dyad: str) -> list[dict]:
        dyad = normal_dyad(dyad)
        return self.cache.get(("diplomacy", dyad), lambda: analyze.diplomacy(
            queries.diplomacy_candidates(self.store, dyad), dyad))  # fmt: skip

    def network(self) -> dict:
        def compute() -> dict:
            itables.ensure_tables(self.store.engine)
            with self.store.read() as conn:
                return analyze.actor_network(queries.stream_dyadic_incidents(conn))

        return self.cache.get(("network",), compute)


def normal_dyad(dyad: str) -> str:
    """``"pak-ind"`` -> ``"IND-PAK"`` (unordered: the codes sorted)."""
    a, b = analyze.parse_pair(dyad)
    return "-".join(sorted((a, b)))


def casualty_totals(incidents: list[dict]) -> dict:
    """Killed and injured over incidents: ``analyze.casualty_totals`` (the
    one sum the overview, the API, the briefing and the exports share)."""
    return analyze.casualty_totals(incidents)
