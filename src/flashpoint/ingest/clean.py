"""Article text cleaning: page furniture out, paragraphs kept.

``clean_article(text, title=...)`` returns the text the coder reads:

- NFC-normalised, ``\\r\\n`` and lone ``\\r`` turned into ``\\n``, trailing
  whitespace stripped from every line, 3+ newlines collapsed to 2, blank lines
  at the start and end dropped;
- every whole line that a pattern of ``data/furniture.yaml`` matches removed
  (related links, bylines, comment and share prompts, ad slots);
- a list of other stories' headlines removed: short unpunctuated lines
  each set off by a line holding only a list mark ("-", "•"), two or more of
  them (``_strip_headline_lists``: a related-stories block pasted with the
  text, whose headlines are not this story's);
- the headline removed where it is repeated at the top of the body (after
  the furniture is gone): leading lines equal to the metadata title are
  dropped; without a title, a first line repeated in the lines right after it
  loses its repeats (one copy stays, and becomes the title).

Nothing else changes: the text is otherwise character-identical to the
input, so sentence offsets in the records point at what the reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from flashpoint.datafiles import parse_yaml

FURNITURE_FILE = files("flashpoint") / "data" / "furniture.yaml"

# A repeated first line is taken for a headline only when it is this short.
MAX_HEADLINE_CHARS = 300
# Site-name suffixes a page title carries ("Headline | Outlet").
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:•·]\s+[^|\-–—:•·]{1,60}$")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


@dataclass(frozen=True)
class FurniturePattern:
    name: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Furniture:
    patterns: tuple[FurniturePattern, ...]
    max_line_chars: int = 300

    def match(self, line: str) -> str | None:
        """The name of the pattern that makes ``line`` furniture, or None."""
        stripped = line.strip()
        if not stripped or len(stripped) > self.max_line_chars:
            return None
        for pattern in self.patterns:
            if pattern.regex.fullmatch(stripped):
                return pattern.name
        return None


def load_furniture(path: str | Path | None = None) -> Furniture:
    """Read furniture patterns from a YAML file (default: the packaged one)."""
    if path is None:
        return _default_furniture()
    return _parse_furniture(Path(path).read_text(encoding="utf-8"))


@cache
def _default_furniture() -> Furniture:
    return _parse_furniture(FURNITURE_FILE.read_text(encoding="utf-8"))


def _parse_furniture(source: str) -> Furniture:
    data = parse_yaml(source, source="furniture patterns", kind="furniture.yaml")
    patterns = tuple(
        FurniturePattern(name=entry["name"], regex=re.compile(entry["pattern"]))
        for entry in data.get("patterns", [])
    )
    return Furniture(patterns=patterns, max_line_chars=int(data.get("max_line_chars", 300)))


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line ends, no trailing whitespace, at most one blank line
    in a row, no blank lines at either end."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


def clean_article(
    text: str, *, title: str | None = None, furniture: Furniture | None = None
) -> tuple[str, str | None]:
    """The cleaned text and the title (``title``, or a headline found
    repeated at the top of the body)."""
    furniture = furniture or load_furniture()
    lines = normalise_text(text).split("\n")
    lines = [line for line in lines if furniture.match(line) is None]
    lines = _strip_headline_lists(lines)
    lines, title = _strip_repeated_title(lines, title)
    return normalise_text("\n".join(lines)), title


def clean_text(text: str, *, title: str | None = None, furniture: Furniture | None = None) -> str:
    """The cleaned text alone (see ``clean_article``)."""
    return clean_article(text, title=title, furniture=furniture)[0]


def _key(line: str) -> str:
    """A line reduced for headline comparison: case, quotes, spacing and
    final punctuation do not count."""
    line = unicodedata.normalize("NFC", line).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", line).strip().rstrip(".:;!?").strip()


def _title_keys(title: str) -> set[str]:
    keys = {_key(title)}
    keys.add(_key(_TITLE_SUFFIX.sub("", title)))
    keys.discard("")
    return keys


# A line holding only a list mark, and what a headline in such a list is: a
# line of at most this many words with no closing punctuation.
_LIST_MARK = re.compile(r"[-\u2013\u2014\u2022*\u00b7]")
MAX_LISTED_HEADLINE_WORDS = 25


def _listed_headline(line: str) -> bool:
    text = line.strip()
    return (bool(text) and len(text.split()) <= MAX_LISTED_HEADLINE_WORDS
            and not text.endswith((".", "!", "?", '"', "\u201d", ":")))


def _strip_headline_lists(lines: list[str]) -> list[str]:
    """Drop a list of headlines: two or more short unpunctuated lines, each
    right after a line that holds only a list mark, with the marks. One
    such pair is left alone (a dash line before a lone subhead)."""
    items = []
    for i, line in enumerate(lines):
        if not _LIST_MARK.fullmatch(line.strip()):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and _listed_headline(lines[j]):
            items.append((i, j))
    if len(items) < 2:
        return lines
    drop = {k for pair in items for k in pair}
    drop |= {i for i, line in enumerate(lines) if _LIST_MARK.fullmatch(line.strip())}
    return [line for i, line in enumerate(lines) if i not in drop]


def _strip_repeated_title(lines: list[str], title: str | None) -> tuple[list[str], str | None]:
    """Drop the copies of the headline at the top: every leading line equal
    to ``title``; without a title, the repeats of a short first line."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        return lines, title
    if title and title.strip():
        keys, top = _title_keys(title), content
    else:
        headline = lines[content[0]].strip()
        if len(headline) > MAX_HEADLINE_CHARS:
            return lines, title
        keys, top = {_key(headline)}, content[1:]
    drop = set()
    for i in top:
        if _key(lines[i]) not in keys:
            break
        drop.add(i)
    if drop and not (title and title.strip()):
        title = lines[content[0]].strip()
    return [line for i, line in enumerate(lines) if i not in drop], title
