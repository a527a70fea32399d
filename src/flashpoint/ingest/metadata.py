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
    return pick_metadata(data)


def pick_metadata(data: dict) -> dict[str, str | None]:
    """The known metadata fields of ``data``, as strings, present ones only;
    ``published`` normalised."""
    meta: dict[str, str | None] = {}
    for name in META_FIELDS:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        meta[name] = normalise_published(value) if name == "published" else str(value).strip()
    return meta


def normalise_published(value: object) -> str | None:
    """An ISO date or date-time for ``value``, or None when it is absent or
    cannot be read as an absolute date.

    Accepts ISO strings, epoch seconds, and the usual written forms
    ("May 10, 2025", "10 May 2025 14:30 IST") through dateparser; relative
    phrases ("yesterday") are refused, since there is nothing to resolve them
    against."""
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
