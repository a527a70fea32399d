"""Readers: files, directories and JSONL corpora into Articles.

``read_inputs(paths)`` yields an ``Article`` for every article it finds and a
``Rejection`` (the input's name and the reason) for every input it cannot
read. A bad input never stops the others and nothing is raised for one.

Inputs (SPEC "Inputs"):

- ``NAME.txt`` / ``NAME.md``: the file is the article text; ``doc_id`` is
  NAME; metadata from a sidecar ``NAME.meta.json`` if there is one.
- ``NAME.html`` / ``NAME.htm``: trafilatura extracts body, title, date and
  site name offline; the sidecar overrides the page's metadata.
- ``*.jsonl``: one article a line (``id``, ``text`` or ``html``, optional
  ``published``, ``url``, ``outlet``, ``title``). A bad line is rejected as
  ``file.jsonl:LINE``; the other lines still yield. ``max_bytes`` limits each
  line (one article), not the whole corpus file, which is streamed.
- a directory: every supported file below it, recursively, in sorted path
  order; hidden files and folders (``.name``) and sidecars are skipped, and
  so are unsupported files, silently. A ``.md`` file inside a directory is
  read only when it has a sidecar: corpus folders often hold a README.md
  that is not an article. Passed by name, a ``.md`` file is always read.
- ``http(s)://`` URLs: fetched (``urls``); a page is read as HTML with
  ``doc_id`` = a hash of the URL, a feed as below.
- ``*.rss`` / ``*.atom`` / ``*.xml`` feeds (``feeds``): each entry an
  article, ``doc_id`` = a hash of its link; skipped inside a directory.

Every article's text goes through ``clean.clean_article`` (page furniture
out) and its ``published`` through ``metadata.normalise_published``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from flashpoint.ingest import feeds, urls
from flashpoint.ingest.decode import (
    DEFAULT_MAX_BYTES,
    InputError,
    decode_text,
    read_bytes,
    utf16_text,
)
from flashpoint.ingest.metadata import (
    MetadataError,
    is_sidecar,
    pick_metadata,
    read_sidecar,
    sidecar_path,
)
from flashpoint.ingest.pages import MIN_HTML_WORDS, extract_html, make_article, word_count  # noqa: F401
from flashpoint.models import Article, Rejection

Item = Article | Rejection
Reader = Callable[..., Iterator[Item]]

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
FEED_SUFFIXES = (".rss", ".atom", ".xml")

def read_inputs(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Articles and Rejections for ``paths`` (files, directories, URLs), in
    the order given; a directory's files in sorted order."""
    for p in paths:
        name = str(p)
        path = Path(p)
        try:
            if name[:8].lower().startswith(("http://", "https://")):
                yield from read_url(name, max_bytes=max_bytes)
            elif path.is_dir():
                yield from read_directory(path, max_bytes=max_bytes)
            elif path.exists():
                yield from read_file(path, max_bytes=max_bytes)
            else:
                yield Rejection(name, "no such file or directory")
        except Exception as exc:  # a reader bug must not stop the other inputs
            yield Rejection(name, f"could not be read ({type(exc).__name__}: {exc})")


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The articles in one file, chosen by its suffix."""
    reader = _reader_for(path)
    if reader is None:
        yield Rejection(str(path), f"unsupported file type {path.suffix or '(no suffix)'!r}")
        return
    yield from reader(path, max_bytes=max_bytes)


def read_directory(directory: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every supported file below ``directory`` (see the module docstring)."""
    found = False
    for path in _walk(directory):
        if is_sidecar(path) or _reader_for(path) in (None, read_feed):
            continue
        if path.suffix.lower() == ".md" and not sidecar_path(path).is_file():
            continue
        found = True
        try:
            yield from read_file(path, max_bytes=max_bytes)
        except Exception as exc:
            yield Rejection(str(path), f"could not be read ({type(exc).__name__}: {exc})")
    if not found:
        yield Rejection(str(directory), "no supported files found (.txt, .md, .html, .jsonl)")


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """A plain-text or Markdown article with its optional sidecar."""
    try:
        text = decode_text(read_bytes(path, max_bytes=max_bytes))
    except InputError as exc:
        yield Rejection(str(path), str(exc))
        return
    yield from _file_article(path, text, {})


def read_html(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """An HTML page: trafilatura's body and metadata, the sidecar on top.
    The page's bytes go to trafilatura as they are, so its declared charset
    is honoured."""
    try:
        data = read_bytes(path, max_bytes=max_bytes)
        if not data.strip():
            raise InputError("empty file")
        wide = utf16_text(data)  # a UTF-16 page goes to trafilatura as text
        if wide is None and b"\x00" in data:
            raise InputError("binary file (contains NUL bytes)")
        text, page_meta = extract_html(wide if wide is not None else data)
    except InputError as exc:
        yield Rejection(str(path), str(exc))
        return
    yield from _file_article(path, text, page_meta)


def read_jsonl(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """One article a line; a bad line is a Rejection named ``file:LINE``."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Rejection(str(path), (exc.strerror or str(exc)).lower())
        return
    any_line = False
    with fh:
        if b"\x00" in fh.read(8192):  # a binary file would give a rejection a "line"
            yield Rejection(str(path), "binary file (contains NUL bytes)")
            return
        fh.seek(0)
        for number, raw, too_long in _lines(fh, max_bytes):
            name = f"{path}:{number}"
            if too_long:
                yield Rejection(name, f"line is longer than the limit ({max_bytes} bytes)")
                continue
            if not raw.strip():
                continue
            any_line = True
            try:
                yield from _jsonl_record(raw, name=name)
            except Exception as exc:  # a reader bug rejects this line, not the file
                yield Rejection(name, f"could not be read ({type(exc).__name__}: {exc})")
    if not any_line:
        yield Rejection(str(path), "empty file")


def read_url(
    url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, fetch_entries: bool = False
) -> Iterator[Item]:
    """The page at ``url`` (as for HTML; ``doc_id`` = a hash of the URL), or
    every entry of the feed there: the response decides (``urls.read_url``)."""
    yield from urls.read_url(url, max_bytes=max_bytes, fetch_entries=fetch_entries)


def read_feed(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, fetch_entries: bool = False
) -> Iterator[Item]:
    """Every entry of an RSS/Atom feed file (``feeds``; ``doc_id`` = a hash of
    each entry's link). Inside a directory feed files are skipped (a folder's
    ``.xml`` files are seldom feeds): pass a feed by name or ``watch`` it."""
    yield from feeds.read_feed_file(path, max_bytes=max_bytes, fetch_entries=fetch_entries)


READERS: dict[str, Reader] = {
    **{suffix: read_text for suffix in TEXT_SUFFIXES},
    **{suffix: read_html for suffix in HTML_SUFFIXES},
    **{suffix: read_jsonl for suffix in JSONL_SUFFIXES},
    **{suffix: read_feed for suffix in FEED_SUFFIXES},
}


def _reader_for(path: Path) -> Reader | None:
    return READERS.get(path.suffix.lower())


def _walk(directory: Path) -> list[Path]:
    """Files below ``directory`` sorted by their path components (so
    ``a/z.txt`` comes before ``b.txt``), hidden entries skipped, symlinked
    folders not followed (no loops)."""
    found = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in names if not name.startswith("."))
    return sorted(found, key=lambda path: path.relative_to(directory).parts)


def _sidecar(path: Path) -> tuple[dict[str, str | None], Rejection | None]:
    """The sidecar's metadata; an unusable sidecar is reported as a
    Rejection of its own, and the article is still read without it."""
    try:
        return read_sidecar(path), None
    except MetadataError as exc:
        return {}, Rejection(str(sidecar_path(path)), str(exc))


def _file_article(path: Path, text: str, page_meta: dict) -> Iterator[Item]:
    """A file's article (its metadata: the page's, the sidecar's on top),
    after the sidecar's Rejection when the sidecar is unusable."""
    meta, problem = _sidecar(path)
    if problem is not None:
        yield problem
    yield from _article(path.stem, text, {**page_meta, **meta}, source=str(path), name=str(path))


def _article(doc_id: str, text: str, meta: dict, *, source: str, name: str) -> Iterator[Item]:
    """``make_article``'s Article, or a Rejection named ``name``."""
    try:
        yield make_article(doc_id, text, meta, source=source)
    except InputError as exc:
        yield Rejection(name, str(exc))


def _jsonl_record(raw: bytes, *, name: str) -> Iterator[Item]:
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield Rejection(name, "not valid UTF-8")
        return
    except json.JSONDecodeError as exc:
        yield Rejection(name, f"malformed JSON ({exc.msg} at column {exc.colno})")
        return
    if not isinstance(record, dict):
        yield Rejection(name, "not a JSON object")
        return
    problem = line_problem(record)
    if problem is not None:
        yield Rejection(name, problem)
        return
    doc_id = record.get("id")
    try:
        meta = pick_metadata(record, strict=True)
    except MetadataError as exc:
        yield Rejection(name, str(exc))
        return
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        body = text
    elif isinstance(html, str) and html.strip():
        try:
            body, page_meta = extract_html(html)
        except InputError as exc:
            yield Rejection(name, str(exc))
            return
        meta = {**page_meta, **meta}
    else:
        yield Rejection(name, "neither text nor html")
        return
    yield from _article(str(doc_id).strip(), body, meta, source=name, name=name)


#: longest doc_id the store keeps (its key column's width)
MAX_ID = 255


def line_problem(record: dict) -> str | None:
    """Why a JSONL record cannot be an article whatever its text, or None:
    an id that is missing, not a string or a number, or over ``MAX_ID``
    characters; text that is not valid Unicode (an unpaired surrogate such as
    ``\\ud800``, which JSON can spell but UTF-8 cannot) or holds a NUL
    character (which no store keeps)."""
    doc_id = record.get("id")
    if doc_id is None or (isinstance(doc_id, str) and not doc_id.strip()):
        return "missing id"
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int | float):
        return f"id must be a string or a number, not {type(doc_id).__name__}"
    if len(str(doc_id).strip()) > MAX_ID:
        return f"id is longer than {MAX_ID} characters"
    for key, value in record.items():
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = value[exc.start]
            return f"{key}: not valid Unicode (unpaired surrogate \\u{ord(bad):04x})"
        if "\x00" in value:
            return f"{key}: contains a NUL character"
    return None


def _lines(fh, max_bytes: int) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, bytes, too long) for each line of a binary file, never
    holding more than ``max_bytes`` of one line in memory."""
    number = 0
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                raw = fh.readline(1024 * 1024)
            yield number, b"", True
        else:
            yield number, raw, False
