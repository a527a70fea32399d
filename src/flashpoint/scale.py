"""Coding articles on a Ray cluster (``flashpoint extract|ingest --ray``).

What runs where:

- **driver** (the ``flashpoint`` process): reads the inputs with the same
  readers as the plain path, so a bad input is rejected the same way and
  named on stderr; for ``ingest`` it also skips articles whose text is
  unchanged in the store. It streams the remaining articles to the cluster
  in windows, receives the coded articles back in input order and writes
  them: JSONL/CSV for ``extract``, the store for ``ingest`` (the driver is
  the only writer, so SQLite stays single-writer; PostgreSQL too).
- **workers**: a Ray Data ``map_batches`` over an actor pool
  (``concurrency=N`` actors, one CPU each). Each actor loads the spaCy
  pipeline once and codes batches of articles with ``code_articles``, the
  same function as the plain path, so the records are identical.

``ray.init(address=...)`` connects to an existing cluster when an address is
given (``--ray-address`` or ``RAY_ADDRESS``); otherwise a local one is started
with ``num_cpus`` CPUs and shut down when the run ends. Articles and coded
articles cross the wire pickled (both sides run the same flashpoint).

Ray is an optional extra: ``pip install 'flashpoint[ray]'``.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice

from flashpoint.extract import CodedArticle
from flashpoint.models import Article

INSTALL_HINT = "--ray needs Ray: install flashpoint[ray] (pip install 'flashpoint[ray]')"

#: articles sent to the cluster per Ray Data dataset (bounds the object store;
#: each window starts its own actor pool, which loads the pipeline once)
WINDOW = 10_000
#: articles per map_batches batch (one call of an actor)
BATCH_SIZE = 8


class RayUnavailable(RuntimeError):
    """``--ray`` was asked for but Ray (``ray[data]``) is not importable."""


def require_ray():
    """The ``ray`` module with Ray Data, or :class:`RayUnavailable` with the
    install hint."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise RayUnavailable(f"{INSTALL_HINT} ({exc})") from exc
    return ray


@contextmanager
def ray_session(address: str | None = None, *, num_cpus: int | None = None):
    """Connect to the cluster at ``address`` (default ``$RAY_ADDRESS``) or
    start a local one with ``num_cpus`` CPUs; shut down only what this call
    started. A session already initialised in this process is reused."""
    ray = require_ray()
    if ray.is_initialized():
        yield ray
        return
    address = address or os.environ.get("RAY_ADDRESS") or None
    quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
    if address:
        ray.init(address=address, **quiet)
    else:
        ray.init(num_cpus=num_cpus, include_dashboard=False, **quiet)
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    try:
        yield ray
    finally:
        ray.shutdown()


class ArticleCoder:
    """The actor behind ``map_batches``: loads the pipeline once, then codes
    each batch of pickled articles into pickled ``CodedArticle``s."""

    def __init__(self) -> None:
        from flashpoint.pipeline import load_pipeline

        self.nlp = load_pipeline()

    def __call__(self, batch: dict) -> dict:
        from flashpoint.extract import code_articles

        articles = [pickle.loads(blob) for blob in batch["article"]]
        coded = code_articles(articles, nlp=self.nlp)
        return {"coded": [pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL) for c in coded]}


def code_articles_ray(
    articles: Iterable[Article],
    *,
    workers: int = 2,
    batch_size: int = BATCH_SIZE,
    window: int = WINDOW,
) -> Iterator[CodedArticle]:
    """Code ``articles`` on the connected Ray cluster with ``workers`` actors;
    yields in input order, like :func:`flashpoint.extract.code_articles`.
    Call inside :func:`ray_session`."""
    ray = require_ray()
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    it = iter(articles)
    while True:
        chunk = list(islice(it, window))
        if not chunk:
            return
        items = [{"article": pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL)} for a in chunk]
        # a short window still gives every actor work: smaller batches
        size = max(1, min(batch_size, -(-len(items) // max(1, workers))))
        ds = ray.data.from_items(items, override_num_blocks=-(-len(items) // size))
        coded = ds.map_batches(
            ArticleCoder,
            batch_size=size,
            batch_format="numpy",
            # a fixed pool of `workers` actors (Ray >= 2.51 spells the
            # `concurrency=N` of earlier releases this way; both accept it)
            compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
            num_cpus=1,
        )
        for row in coded.iter_rows():
            yield pickle.loads(row["coded"])


def make_coder(address: str | None = None, *, workers: int | None = None):
    """A ``coder(articles) -> Iterator[CodedArticle]`` for ``intake.ingest``
    and the CLI: codes on Ray with ``workers`` actors (default: one per CPU
    of the cluster), connecting (or starting a local cluster of ``workers``
    CPUs, default all) on first use and shutting down what it started when
    exhausted."""
    require_ray()

    def coder(articles: Iterable[Article]) -> Iterator[CodedArticle]:
        articles = iter(articles)
        first = next(articles, None)
        if first is None:  # nothing to code: no cluster to start
            return
        articles = chain([first], articles)
        with ray_session(address, num_cpus=workers) as ray:
            n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
            yield from code_articles_ray(articles, workers=n)

    return coder
