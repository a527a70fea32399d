"""Watching sources: the library side of ``flashpoint watch``.

A source is a folder, a file (an article, a JSONL corpus or an RSS/Atom
feed) or an ``http(s)://`` URL (a page or a feed). ``Watcher.run_pass()``
reads every source once and codes and stores what is new or changed, as
``flashpoint ingest`` does (``intake.ingest``: one store transaction per
article, fused in the same transaction); ``watch()`` repeats passes every interval
until stopped.

What was seen is remembered, in memory, so a pass does little work for
what has not changed:

- files: their mtime and size (and their sidecar's); an unchanged file is not
  read again;
- feed entries: a signature of their text and metadata; an unchanged entry
  is not extracted (nor its page fetched) again;
- URLs: the server's ETag / Last-Modified (conditional requests);
- and whatever gets through: the store's content hash, so re-reading an
  unchanged article is a no-op.

A folder with no articles yet is not an error (files may come later). A
source, a file of a folder or an article that fails is a Rejection (logged,
stored with the pass's run) and the pass goes on. The first pass begins by
repairing what a killed earlier run left (``Watcher._repair``). ``stop`` (a ``threading.Event``, set by ``Ctrl-C`` /
SIGTERM through ``stop_on_signals``) ends the watch after the article being
coded is stored. A pass that finds nothing new and nothing wrong records no
ingest run.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.ingest.decode import DEFAULT_MAX_BYTES, InputError
from flashpoint.ingest.metadata import is_sidecar, sidecar_path
from flashpoint.ingest.urls import DEFAULT_TIMEOUT_S, is_url
from flashpoint.models import Article, Rejection

DEFAULT_INTERVAL_S = 300.0

Item = Article | Rejection


@dataclass
class PassSummary:
    """What one pass over the sources did."""

    number: int
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0
    statements: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0
    run_id: int | None = None
    stopped: bool = False  # the pass was cut short by a stop request

    def line(self) -> str:
        """The one line printed per pass."""
        tail = " (stopped)" if self.stopped else ""
        return (
            f"pass {self.number}: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected; "
            f"{self.events} events, {self.statements} statements "
            f"in {self.seconds:.1f} s{tail}"
        )


@dataclass
class _Unit:
    """Items read together (one file, one feed entry, one page); ``remember``
    is called once all of them are stored, so a unit cut short is read again
    on the next pass."""

    items: list[Item]
    remember: Callable[[], None] | None = None


class Watcher:
    """Passes over ``sources`` into ``store``; keeps what it has seen."""

    def __init__(
        self,
        sources: Sequence[str],
        store,
        *,
        nlp=None,
        fetch_entries: bool = False,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_bytes: int = DEFAULT_MAX_BYTES,
        stop: threading.Event | None = None,
        on_reject: Callable[[Rejection], None] | None = None,
        on_article: Callable[[Article, str], None] | None = None,
    ) -> None:
        self.sources = [str(s) for s in sources]
        self.store = store
        self.fetch_entries = fetch_entries
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.stop = stop or threading.Event()
        self.on_reject = on_reject
        self.on_article = on_article
        self.passes = 0
        self._nlp = nlp
        self._client = None
        self._files: dict[str, tuple[tuple, int]] = {}  # path -> (signature, articles)
        self._entries: dict[str, str] = {}  # doc_id -> entry signature
        self._pages: dict[str, tuple[str | None, str | None, int]] = {}  # url -> etag, lm, n

    # -- a pass ------------------------------------------------------------

    def run_pass(self) -> PassSummary:
        """Read every source once; code and store what is new or changed."""
        self.passes += 1
        summary = PassSummary(number=self.passes)
        started = time.monotonic()
        if self.passes == 1:
            self._repair()
        try:
            self._pass_sources(summary)
        except BaseException:
            from flashpoint.intake import close_interrupted

            close_interrupted(self.store, summary)
            raise
        summary.stopped = self.stop.is_set()
        summary.seconds = time.monotonic() - started
        if summary.run_id is not None:
            self.store.finish_run(
                summary.run_id,
                processed=summary.new + summary.updated + summary.unchanged,
                rejected=len(summary.rejected),
                events=summary.events,
                statements=summary.statements,
            )
        return summary

    def _pass_sources(self, summary: PassSummary) -> None:
        for source in self.sources:
            if self.stop.is_set():
                break
            try:
                for unit in self._units(source, summary):
                    if not self._ingest_unit(unit, summary):
                        break
            except Exception as exc:  # a failing source never stops the pass
                self._reject(Rejection(source, f"could not be read ({type(exc).__name__}: {exc})"),
                             summary)  # fmt: skip

    def _repair(self) -> None:
        """What a killed earlier run left, put right before the first pass:
        its ingest runs closed as "interrupted", and articles whose fusion is
        missing or stale fused (as ``ingest`` does when it starts)."""
        from flashpoint import fuse

        self.store.close_stale_runs()
        fuse.fuse_pending(self.store)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- storing -------------------------------------------------------------

    def _ingest_unit(self, unit: _Unit, summary: PassSummary) -> bool:
        """Store a unit's articles; False when a stop request cut it short."""
        fresh = []
        for item in unit.items:
            if isinstance(item, Rejection):
                self._reject(item, summary)
            elif self.store.content_hash(item.doc_id) == item.content_hash:
                summary.unchanged += 1
                if self.on_article:
                    self.on_article(item, "unchanged")
            else:
                fresh.append(item)
        if fresh:
            from flashpoint.extract import code_articles
            from flashpoint.intake import store_or_reject

            done = 0
            for coded in code_articles(fresh, nlp=self.nlp):  # one bad article: its rejection
                self._run(summary)
                rejection = store_or_reject(coded, self.store, summary,
                                            on_article=self.on_article)  # fmt: skip
                if rejection is not None:
                    self._reject(rejection, summary)
                done += 1
                if self.stop.is_set() and done < len(fresh):
                    return False
        if unit.remember is not None:
            unit.remember()
        return not self.stop.is_set()

    def _reject(self, rejection: Rejection, summary: PassSummary) -> None:
        summary.rejected.append(rejection)
        self.store.add_rejection(self._run(summary), rejection.name, rejection.reason)
        if self.on_reject:
            self.on_reject(rejection)

    def _run(self, summary: PassSummary) -> int:
        """The pass's ingest run, started when it first has something to record."""
        if summary.run_id is None:
            summary.run_id = self.store.start_run(self.sources)
        return summary.run_id

    @property
    def nlp(self):
        """The spaCy pipeline, loaded once for the whole watch."""
        if self._nlp is None:
            from flashpoint.pipeline import load_pipeline

            self._nlp = load_pipeline()
        return self._nlp

    @property
    def client(self):
        """One HTTP client (connection pool) for the whole watch."""
        if self._client is None:
            from flashpoint.ingest.urls import make_client

            self._client = make_client(timeout_s=self.timeout_s)
        return self._client

    # -- reading ---------------------------------------------------------------

    def _units(self, source: str, summary: PassSummary) -> Iterator[_Unit]:
        from flashpoint.ingest.readers import FEED_SUFFIXES

        if is_url(source):
            yield from self._url_units(source, summary)
            return
        path = Path(source)
        if path.is_dir():
            for file in folder_files(path):
                try:
                    units = list(self._file_units(file, summary))
                except Exception as exc:  # one bad file never stops the folder
                    units = [_Unit([Rejection(str(file), f"could not be read "
                                                         f"({type(exc).__name__}: {exc})")])]
                yield from units
        elif path.is_file():
            if path.suffix.lower() in FEED_SUFFIXES:
                yield from self._feed_file_units(path, summary)
            else:
                yield from self._file_units(path, summary)
        else:
            yield _Unit([Rejection(source, "no such file or directory")])

    def _file_units(self, path: Path, summary: PassSummary) -> Iterator[_Unit]:
        """One unit for an article file, unless its mtime and size are as
        on the last pass."""
        from flashpoint.ingest.readers import read_file

        key, signature = str(path), file_signature(path)
        known = self._files.get(key)
        if known is not None and known[0] == signature:
            summary.unchanged += known[1]
            return
        items = list(read_file(path, max_bytes=self.max_bytes))
        count = sum(isinstance(i, Article) for i in items)
        yield _Unit(items, remember=lambda: self._files.__setitem__(key, (signature, count)))

    def _feed_file_units(self, path: Path, summary: PassSummary) -> Iterator[_Unit]:
        from flashpoint.ingest.decode import read_bytes

        key, signature = str(path), file_signature(path)
        known = self._files.get(key)
        if known is not None and known[0] == signature:
            summary.unchanged += known[1]
            return
        try:
            data = read_bytes(path, max_bytes=self.max_bytes)
        except InputError as exc:
            yield _Unit([Rejection(key, str(exc))])
            return
        count = yield from self._entry_units(data, name=key, base_url=None, summary=summary)
        yield _Unit([], remember=lambda: self._files.__setitem__(key, (signature, count)))

    def _url_units(self, url: str, summary: PassSummary) -> Iterator[_Unit]:
        from flashpoint.ingest.urls import (  # as urls has them (tests patch urls.fetch)
            fetch,
            page_article,
        )

        etag, last_modified, count = self._pages.get(url, (None, None, 0))
        try:
            fetched = fetch(url, max_bytes=self.max_bytes, timeout_s=self.timeout_s,
                            client=self.client, etag=etag, last_modified=last_modified)  # fmt: skip
            if fetched.not_modified:
                summary.unchanged += count
                return
            kind = fetched.kind
        except InputError as exc:
            yield _Unit([Rejection(url, str(exc))])
            return
        if kind == "feed":
            count = yield from self._entry_units(fetched.data, name=url, base_url=fetched.url,
                                                 summary=summary)  # fmt: skip
        else:
            try:
                items: list[Item] = [page_article(url, fetched)]
            except InputError as exc:
                items = [Rejection(url, str(exc))]
            yield _Unit(items)
            count = len(items) if isinstance(items[0], Article) else 0
        remembered = (fetched.etag, fetched.last_modified, count)
        yield _Unit([], remember=lambda: self._pages.__setitem__(url, remembered))

    def _entry_units(self, data: bytes, *, name: str, base_url: str | None,
                     summary: PassSummary):  # fmt: skip
        """A unit per new or changed entry of a feed; returns how many
        entries it holds (the unchanged count when it is skipped later)."""
        from flashpoint.ingest.feeds import entry_article, parse_feed

        try:
            entries, problems = parse_feed(data, name=name, base_url=base_url)
        except InputError as exc:
            yield _Unit([Rejection(name, str(exc))])
            return 0
        if problems:
            yield _Unit(list(problems))
        for entry in entries:
            if self._entries.get(entry.doc_id) == entry.signature:
                summary.unchanged += 1
                continue
            try:
                article = entry_article(
                    entry, source=name, fetch_entries=self.fetch_entries,
                    max_bytes=self.max_bytes, timeout_s=self.timeout_s,
                    client=self.client if self.fetch_entries else None,
                )  # fmt: skip
            except InputError as exc:
                yield _Unit([Rejection(entry.name, str(exc))])
                continue
            doc_id, signature = entry.doc_id, entry.signature
            yield _Unit([article], remember=lambda d=doc_id, s=signature: self._entries.__setitem__(d, s))
        return len(entries)


def watch(
    sources: Sequence[str],
    store,
    *,
    interval_s: float = DEFAULT_INTERVAL_S,
    max_passes: int | None = None,
    stop: threading.Event | None = None,
    sleep: Callable[[float], object] | None = None,
    on_pass: Callable[[PassSummary], None] | None = None,
    nlp=None,
    fetch_entries: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_reject: Callable[[Rejection], None] | None = None,
    on_article: Callable[[Article, str], None] | None = None,
) -> list[PassSummary]:
    """Run passes every ``interval_s`` seconds until ``stop`` is set or
    ``max_passes`` are done (``max_passes=1``: ``--once``). ``sleep`` waits
    between passes (default: waiting on ``stop``, so a stop request ends the
    wait at once). The other options are ``Watcher``'s. Returns the summaries of
    the last passes (at most 100 kept)."""
    stop = stop or threading.Event()
    wait = sleep or stop.wait
    kept: list[PassSummary] = []
    watcher = Watcher(
        sources, store, nlp=nlp, fetch_entries=fetch_entries, timeout_s=timeout_s,
        max_bytes=max_bytes, stop=stop, on_reject=on_reject, on_article=on_article,
    )  # fmt: skip
    with watcher:
        while True:
            summary = watcher.run_pass()
            kept = [*kept[-99:], summary]
            if on_pass:
                on_pass(summary)
            if stop.is_set() or (max_passes is not None and watcher.passes >= max_passes):
                return kept
            wait(interval_s)
            if stop.is_set():
                return kept


def stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """Make Ctrl-C and SIGTERM set ``stop`` (a second Ctrl-C interrupts at
    once). Call from the main thread; returns a function that puts the
    previous handlers back."""
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum, _frame) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()

    for sig in previous:
        signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def folder_files(directory: Path) -> list[Path]:
    """The article files a folder holds, as ``read_directory`` chooses them:
    supported suffixes, below it, in sorted order; hidden entries, sidecars,
    feeds and ``.md`` files without a sidecar left out."""
    from flashpoint.ingest.readers import FEED_SUFFIXES, READERS

    found = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(root) / name
            suffix = path.suffix.lower()
            if name.startswith(".") or is_sidecar(path) or suffix not in READERS:
                continue
            if suffix in FEED_SUFFIXES or (suffix == ".md" and not sidecar_path(path).is_file()):
                continue
            found.append(path)
    return sorted(found, key=lambda path: path.relative_to(directory).parts)


def file_signature(path: Path) -> tuple:
    """(mtime, size) of a file and of its sidecar: changes when either does."""
    def stat(p: Path) -> tuple[int, int] | None:
        try:
            st = p.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    return stat(path), stat(sidecar_path(path))
