"""Article metadata: sidecar files and publication dates.

A sidecar ``NAME.meta.json`` beside ``NAME.txt`` / ``NAME.md`` / ``NAME.html``
holds any of ``published``, ``url``, ``outlet``, ``title``. ``published`` is
normalised to ISO 8601: ``YYYY-MM-DD`` for a date, the full date-time (with
its offset when given) for a date-time.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

META_FIELDS = ("published", "url", "outlet", "title")
SIDECAR_SUFFIX = ".meta.json"

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)


class MetadataError(ValueError):
    """A sidecar that cannot be used (not JSON, not an object)."""


def sidecar_path(path: Path) -> Path:
    """``dir/NAME.meta.json`` for ``dir/NAME.txt``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict[str, str | None]:
    """The metadata in the sidecar of ``path``; {} when it has none.

    Raises MetadataError when the sidecar exists but is unusable."""
    side = sidecar_path(path)
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MetadataError(f"sidecar is not readable JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise MetadataError("sidecar is not a JSON object")
    return pick_metadata(data, strict=True)


def pick_metadata(data: dict, *, strict: bool = False) -> dict[str, str | None]:
    """The known metadata fields of ``data``, as strings, present ones only;
    ``published`` normalised.

    ``strict`` (metadata a person wrote: a JSONL line, a sidecar) raises
    MetadataError for a value that cannot be used, naming it: a ``published``
    that is not an absolute date ("yesterday", NaN, 1e20), an ``outlet`` over
    ``MAX_OUTLET`` characters, a field that is a list or an object. Without it
    (a page's own metadata) such a value is left out. Either way a
    publication year outside ``PUBLISHED_YEARS`` (a CMS's "no date"
    0001-01-01) counts as no date.
    """
    meta: dict[str, str | None] = {}
    for name in META_FIELDS:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        problem = _unusable(name, value)
        if problem is None and name == "published":
            meta[name] = normalise_published(value)
            if meta[name] is None and not _out_of_range(value):
                problem = f"published: {_shown(value)} is not a date"
        elif problem is None:
            meta[name] = str(value).strip()
        if problem is not None:
            meta.pop(name, None)
            if strict:
                raise MetadataError(problem)
    return meta


#: longest outlet name the store keeps (its column's width)
MAX_OUTLET = 255
#: publication years taken as real; outside them a date is a placeholder
PUBLISHED_YEARS = (1800, 2200)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _unusable(name: str, value: object) -> str | None:
    """Why a metadata value cannot be used as it is, or None."""
    if isinstance(value, dict | list | tuple | bool):
        return f"{name}: {_shown(value)} is not a {'date' if name == 'published' else 'string'}"
    if name == "outlet" and len(str(value).strip()) > MAX_OUTLET:
        return f"outlet is longer than {MAX_OUTLET} characters"
    return None


def _out_of_range(value: object) -> bool:
    """Whether ``value`` reads as a date whose year is outside PUBLISHED_YEARS
    (not unreadable: a placeholder, taken as no date)."""
    if isinstance(value, str):
        match = re.match(r"\s*(\d{4})-\d{2}-\d{2}", value)
        return bool(match) and not _sane_year(int(match.group(1)))
    return False


def _sane_year(year: int) -> bool:
    return PUBLISHED_YEARS[0] <= year <= PUBLISHED_YEARS[1]


def normalise_published(value: object) -> str | None:
    """An ISO date or date-time for ``value``, or None when it is absent,
    cannot be read as an absolute date, or falls outside ``PUBLISHED_YEARS``.
    Never raises.

    Accepts ISO strings, epoch seconds, and the usual written forms
    ("May 10, 2025", "10 May 2025 14:30 IST") through dateparser; relative
    phrases ("yesterday") are refused, since there is nothing to resolve them
    against."""
    try:
        found = _normalise(value)
    except (ValueError, OverflowError, OSError, TypeError):  # 1e20, NaN, year 0
        return None
    if found is None or not _sane_year(int(found[:4])):
        return None
    return found


def _normalise(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    iso = _from_iso(text)
    if iso is not None:
        return iso
    if len(text) > 100:  # no date is written this long
        return None
    return _from_words(text)


def _from_iso(text: str) -> str | None:
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _from_words(text: str) -> str | None:
    import dateparser  # slow to import; most dates are ISO already

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"PARSERS": ["absolute-time", "custom-formats"], "REQUIRE_PARTS": ["year"]},
    )
    if parsed is None:
        return None
    if not _HAS_TIME.search(text):
        return parsed.date().isoformat()
    return parsed.isoformat()
