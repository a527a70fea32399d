"""The one reader of flashpoint's data files (dictionaries, patterns, word
lists, gazetteer cues, weights, mappings, actor and place tables) and of a
user's files of the same kinds.

One dialect for all of them: YAML 1.1 as PyYAML's safe loader reads it,
except that only ``true`` / ``false`` are booleans, so the words ``on``,
``off``, ``yes`` and ``no`` in a word list stay words. A file that does not
parse fails with ``DataFileError`` naming the file, the line and the
problem; a file whose top level is not a mapping fails the same way.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file that cannot be read: its name, line and the reason."""


class WordLoader(yaml.SafeLoader):
    """PyYAML's safe loader with only true/false as booleans."""


WordLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    WordLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


def parse_yaml(text: str, *, source: str = "<text>", kind: str | None = None) -> dict[str, Any]:
    """The mapping a YAML text holds ({} for an empty text); given ``kind``
    (a packaged file's name, as in ``SHAPES``), checked against its shape."""
    try:
        data = yaml.load(text, Loader=WordLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise DataFileError(f"{where}: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{source}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataFileError(f"{source}: the file must hold a mapping (name: value), "
                            f"not a {type(data).__name__}")
    if kind is not None:
        check_shape(data, SHAPES[kind], source=source)
    return data


def read_yaml(path: Any, *, kind: str | None = None) -> dict[str, Any]:
    """The mapping of a YAML data file (a path, or a packaged resource),
    checked against the shape of its ``kind`` (by default, the packaged
    file it is, when it is one that ``SHAPES`` lists)."""
    text = path.read_text(encoding="utf-8") if hasattr(path, "read_text") else Path(path).read_text(
        encoding="utf-8")
    if kind is None:
        found = _kind_of(path)
        kind = found if found in SHAPES else None
    return parse_yaml(text, source=str(getattr(path, "name", path)) if not isinstance(path, str | Path)
                      else str(path), kind=kind)


# -- shapes ----------------------------------------------------------------------
#
# A loader states the shape its file must have, and ``check_shape`` fails
# naming the file and the key path where the file departs from it:
#   str, int, float, bool  a scalar of that type (int is also a float; a
#                          word list may hold numbers, which read as words);
#   WORD                   a scalar word: str, int or float;
#   ANY                    anything;
#   [shape]                a list whose items have the shape (None: empty);
#   {"key": shape, ...}    a mapping with these keys; a key ending in "?" is
#                          optional; the key "*" gives the shape of any other
#                          key (without it, an unknown key is an error).

ANY = object()
WORD = (str, int, float)


def _describe(shape: Any) -> str:
    if shape is ANY:
        return "anything"
    if shape is WORD:
        return "a word"
    if isinstance(shape, list):
        return "a list"
    if isinstance(shape, dict):
        return "a mapping"
    if isinstance(shape, tuple):
        return " or ".join(t.__name__ for t in shape)
    return shape.__name__


def check_shape(data: Any, shape: Any, *, source: str, where: str = "") -> Any:
    """``data`` unchanged when it has ``shape``; otherwise ``DataFileError``
    naming ``source`` and the key path."""
    here = where or "the top level"
    if shape is ANY or data is None:  # an empty value is an empty list or mapping
        return data
    if isinstance(shape, list | dict) and not isinstance(data, type(shape)):
        raise DataFileError(f"{source}: {here} must be {_describe(shape)}, "
                            f"not {type(data).__name__}")
    if isinstance(shape, list):
        for i, item in enumerate(data):
            check_shape(item, shape[0], source=source, where=f"{where}[{i}]")
        return data
    if isinstance(shape, dict):
        known = {k.rstrip("?"): v for k, v in shape.items() if k != "*"}
        for key in (k for k in shape if k != "*" and not k.endswith("?")):
            if key not in data:
                raise DataFileError(f"{source}: {here} lacks the key {key!r}")
        for key, value in data.items():
            inner = known.get(str(key), shape.get("*"))
            path = f"{where}.{key}" if where else str(key)
            if inner is None and str(key) not in known:
                allowed = ", ".join(sorted(known)) or "none"
                raise DataFileError(f"{source}: unknown key {path!r} (known: {allowed})")
            check_shape(value, inner, source=source, where=path)
        return data
    types = shape if isinstance(shape, tuple) else (shape,)
    if float in types and isinstance(data, int) and not isinstance(data, bool):
        return data
    if isinstance(data, bool) and bool not in types:
        raise DataFileError(f"{source}: {here} must be {_describe(shape)}, not a boolean")
    if not isinstance(data, types):
        raise DataFileError(f"{source}: {here} must be {_describe(shape)}, "
                            f"not {type(data).__name__}")
    return data


# -- tables ----------------------------------------------------------------------


def read_csv(path: Any = None, *, required: Iterable[str] = (), columns: Iterable[str] = (),
             source: str | None = None, text: str | None = None) -> list[dict[str, str]]:
    """The rows of a CSV data table (a path, a packaged resource, or ``text``),
    cells stripped; blank lines and lines starting with ``#`` are comments.
    Every column in ``columns`` must be in the header; every column in
    ``required`` must be in it and filled in every row; otherwise
    ``DataFileError`` names the file, the line and the column."""
    required = tuple(required)
    name = source or str(getattr(path, "name", path))
    if text is None:
        text = (path.read_text(encoding="utf-8") if hasattr(path, "read_text")
                else Path(path).read_text(encoding="utf-8"))  # fmt: skip
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.lstrip().startswith("#")]  # fmt: skip
    if not numbered:
        return []
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in numbered)))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in (*columns, *required) if c not in header]
    if missing:
        raise DataFileError(f"{name}:{numbered[0][0]}: the header lacks the column(s) "
                            f"{', '.join(missing)}")
    rows = []
    for row in reader:
        line_no = numbered[min(reader.line_num, len(numbered)) - 1][0]
        if None in row:
            raise DataFileError(f"{name}:{line_no}: more cells than the header has columns")
        clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for column in required:
            if not clean.get(column):
                raise DataFileError(f"{name}:{line_no}: the column {column!r} is empty")
        rows.append(clean)
    return rows


# -- the packaged files' shapes ---------------------------------------------------
#
# Keyed by the file's path under ``flashpoint/data``; a user's file of the
# same kind is checked against the same shape (``kind``). Pattern files and
# grammar word lists have their own, stricter checks (``coding.patterns``).

_WORDS = [WORD]
_NUMBERS = {"*": float}

SHAPES: dict[str, Any] = {
    "intensity.yaml": {"types?": _NUMBERS, "modes?": _NUMBERS, "casualties?": _NUMBERS,
                       "modality?": _NUMBERS, "jumps?": _NUMBERS},
    "turning_points.yaml": {"*": _WORDS},
    "report/phrases.yaml": {"types?": {"*": {"with_target?": str, "alone?": str}},
                            "modes?": {"*": str}, "unknown_actor?": str,
                            "diplomacy?": {"*": str}},
    "acled.yaml": {"rules": [{"when": {"*": ANY}, "event_type?": str, "sub_event_type?": str,
                              "skip?": bool}],
                   "*": ANY},
    "furniture.yaml": {"patterns": [{"name": str, "pattern": str, "keep?": [str],
                                     "examples?": [str]}],
                       "max_line_chars?": int},
    "attr_targets.yaml": {"target_nouns": _WORDS, "list_verbs": _WORDS},
    "attr_places.yaml": {"place_reference_nouns": {"*": _WORDS}, "*": _WORDS},
    "casualties.yaml": {"labels?": {"*": str}, "lives_word?": str, "*": _WORDS},
    "dates.yaml": {"months": {"*": int}, "month_abbreviations": {"*": int},
                   "weekdays": {"*": int}, "month_parts?": {"*": int},
                   "relative?": {"*": {"days?": int, "unit?": str, "offset?": int}},
                   "ago_units?": {"*": str},
                   "small_numbers?": {"*": int}, "event_kinds?": [_WORDS],
                   "story_relative?": {"*": int}, "story_directions?": {"*": int},
                   "lead_date_reach?": int, "story_carry_sentences?": int,
                   "retold_reach_sentences?": int, "anniversary_reach?": int,
                   "anniversary_offsets?": {"*": int}, "*": _WORDS},
    "places/cues.yaml": {"designator_levels?": {"*": _WORDS}, "*": _WORDS},
    "places/spellings.yaml": {"countries?": [str], "endings?": [[str]],
                              "first_words?": {"*": str}, "admin2_suffixes?": [str],
                              "names?": {"*": [str]}},
    "actors/sectors.yaml": {"titles?": {"*": str}, "*": _WORDS},
    "actors/groups.yaml": {"phrases": [{"text": WORD, "sector?": str}]},
    "actors/rules.yaml": {k + "?": _WORDS for k in (
        "common_word_names", "visit_verbs", "speech_verbs", "relational_roles",
        "not_name_words", "home_state_roles", "person_roles", "not_state_spellings")},
    "actors/institutions.yaml": {"heads": {"*": str}},
    "actors/context.yaml": {"*": _WORDS},
    "actors/ethnic.yaml": {"markers?": _WORDS, "place_preps?": _WORDS,
                           "unmarked_place_preps?": _WORDS, "minorities?": {"*": _WORDS},
                           "groups?": [{"names": _WORDS, "states?": [str], "home?": str}]},
}  # fmt: skip

_DATA_DIR = Path(__file__).resolve().parent / "data"


def _kind_of(path: Any) -> str | None:
    try:
        return Path(str(path)).resolve().relative_to(_DATA_DIR).as_posix()
    except ValueError:
        return None
