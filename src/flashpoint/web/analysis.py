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

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from flashpoint import analyze
from flashpoint.store import Store
from flashpoint.store import incidents as itables
from flashpoint.web import queries

DEFAULT_TTL_S = 30.0


class TTLCache:
    """Values by key, each kept ``ttl_s`` seconds; one computation per key at once."""

    def __init__(self, *, ttl_s: float = DEFAULT_TTL_S, max_items: int = 256) -> None:
        self.ttl_s = ttl_s
        self.max_items = max_items
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        hit = self._fresh(key)
        if hit is not None:
            return hit[1]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._fresh(key)
            if hit is not None:
                return hit[1]
            value = compute()
            with self._guard:
                if len(self._values) >= self.max_items:
                    self._values.pop(next(iter(self._values)))
                self._values[key] = (time.monotonic(), value)
            return value

    def _fresh(self, key: Hashable) -> tuple[float, Any] | None:
        hit = self._values.get(key)
        if hit is not None and (self.ttl_s <= 0 or time.monotonic() - hit[0] > self.ttl_s):
            return None
        return hit

    def clear(self) -> None:
        with self._guard:
            self._values.clear()


class Analysis:
    """The cached analysis views of one store."""

    def __init__(self, store: Store, *, ttl_s: float = DEFAULT_TTL_S) -> None:
        self.store = store
        self.cache = TTLCache(ttl_s=ttl_s)

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
            return {"escalation": analyze.escalation(incidents, dyad),
                    "casualties": casualty_totals(incidents), "incidents": len(incidents)}  # fmt: skip

        return self.cache.get(("dyad", dyad), compute)

    def escalation(self, dyad: str) -> list[dict]:
        return self._dyad(normal_dyad(dyad))["escalation"]

    def casualties(self, dyad: str) -> dict:
        return self._dyad(normal_dyad(dyad))["casualties"]

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
    """Fatalities and injuries summed over incidents as low / best / high,
    with how many incidents carry a figure."""
    totals: dict[str, dict] = {}
    for key in ("fatalities", "injuries"):
        sums = {"low": 0, "best": 0, "high": 0, "incidents": 0}
        for incident in incidents:
            figures = incident.get(key) or {}
            if figures.get("best") is None and figures.get("high") is None:
                continue
            sums["incidents"] += 1
            for bound in ("low", "best", "high"):
                sums[bound] += int(figures.get(bound) or 0)
        totals[key] = sums
    return totals
