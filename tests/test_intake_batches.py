"""How ``ingest`` groups coded articles into write transactions
(``intake.batches``): ``BATCH_ARTICLES`` at most, and a batch that has
waited ``BATCH_SECONDS`` goes with the next article, so slow coding still
stores as it goes. The clock is a fake one; no model needed."""

from __future__ import annotations

from flashpoint import intake
from flashpoint.intake import BATCH_ARTICLES, BATCH_SECONDS, batches


def _sizes(items, **kw) -> list[int]:
    return [len(b) for b in batches(items, **kw)]


def test_fast_coding_fills_whole_batches():
    assert _sizes(range(2 * BATCH_ARTICLES + 3)) == [BATCH_ARTICLES, BATCH_ARTICLES, 3]


def test_slow_coding_cuts_a_batch_by_its_age(monkeypatch):
    """Articles coded a second apart: a batch goes with the article that
    comes BATCH_SECONDS after its first one."""
    now = [0.0]
    monkeypatch.setattr(intake.time, "monotonic", lambda: now[0])

    def coded(n: int):
        for i in range(n):
            now[0] += 1.0  # coding takes a second an article
            yield i

    per_batch = int(BATCH_SECONDS) + 1  # the first and the BATCH_SECONDS after it
    n = 3 * per_batch + 2
    assert _sizes(coded(n)) == [per_batch, per_batch, per_batch, 2]
    assert [x for b in batches(coded(n)) for x in b] == list(range(n))
