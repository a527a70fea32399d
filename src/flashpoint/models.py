"""The SPEC records (../shared/SPEC.md) as plain dataclasses.

Every record serialises to the SPEC's JSON shape with ``to_dict()``; fields
whose names start with an underscore are internal (token offsets and the like)
and never leave the process.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

QUAD_CLASS = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation",
    "SUPPORT": "verbal_cooperation", "CONCEDE": "verbal_cooperation",
    "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation",
    "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict", "REJECT": "verbal_conflict",
    "THREATEN": "verbal_conflict", "SANCTION": "verbal_conflict",
    "PROTEST": "material_conflict", "MOBILIZE": "material_conflict",
    "COERCE": "material_conflict", "ASSAULT": "material_conflict",
}  # fmt: skip

MODALITIES = ("asserted", "claimed", "denied", "hypothetical", "negated", "planned")
DATE_PRECISIONS = ("day", "week", "month", "year")
LOCATION_PRECISIONS = ("exact", "city", "admin1", "region", "country")


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _public(obj: Any) -> Any:
    """A record's public fields as plain values: what ``asdict`` gives,
    without the underscore fields (recursively: dataclasses, lists and
    dicts) and with dates as ISO strings; made in one walk. (``asdict``
    deep-copies every field first, the internal ones too, and that was most
    of the cost of storing a record.) Anything else (a tuple, a set, an
    object) is deep-copied as ``asdict`` copies it and kept as it is."""
    if type(obj) in _ATOMS:
        return obj
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _public(getattr(obj, f.name)) for f in fields(obj)
                if not f.name.startswith("_")}  # fmt: skip
    if isinstance(obj, list):
        return [_public(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _public(v) for k, v in obj.items() if not k.startswith("_")}
    if isinstance(obj, date):
        return obj.isoformat()
    return asdict(_Copy(obj)).pop("value")


@dataclass
class _Copy:
    """One value, to copy it as ``asdict`` copies a field's (``_public``)."""

    value: Any


def stable_id(*parts: Any) -> str:
    """A short id that is the same for the same parts (SPEC: stable ids)."""
    raw = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    doc_id: str
    text: str
    published: str | None = None  # ISO date or date-time
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    source_path: str | None = None  # where it was read from (file name, file:line)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def published_date(self) -> date | None:
        if not self.published:
            return None
        try:
            return date.fromisoformat(self.published[:10])
        except ValueError:
            return None

    def to_dict(self) -> dict:
        return _public(self)


@dataclass
class Rejection:
    """An input that could not be read: its name and the reason."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class Actor:
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    role: str | None = None
    text: str | None = None

    def to_dict(self) -> dict:
        return _public(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> Actor | None:
        if not d:
            return None
        return cls(**{f.name: d.get(f.name) for f in fields(cls)})


@dataclass
class Location:
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    text: str | None = None

    def to_dict(self) -> dict:
        return _public(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> Location | None:
        if not d:
            return None
        return cls(**{f.name: d.get(f.name) for f in fields(cls)})


@dataclass
class Evidence:
    sentence: str
    start: int
    end: int
    trigger: str | None = None

    def to_dict(self) -> dict:
        return _public(self)


@dataclass
class Event:
    doc_id: str
    event_type: str
    evidence: Evidence
    source: Actor | None = None
    target: Actor | None = None
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    location: Location | None = None
    fatalities: int | None = None
    injuries: int | None = None
    casualty_text: str | None = None
    modality: str = "asserted"
    claimed_by: Actor | None = None
    confidence: float = 0.5
    # Internal: the trigger's token span (start, end) in the spaCy Doc, used by
    # the components that fill date, place and casualties. Not serialised.
    _trigger_span: tuple[int, int] | None = field(default=None, repr=False, compare=False)
    # Internal: the n-th further place of one act told at several places
    # ("strikes in X and Y"), 0 for the first; part of the id when set.
    _place_part: int = field(default=0, repr=False, compare=False)

    kind = "event"

    @property
    def id(self) -> str:
        """Stable, and distinct for distinct events of one sentence: the
        source and the target count whole (code, sector, name, text), since
        two events of one trigger may differ only in an uncoded actor's
        sector or words."""
        parts = (self._place_part,) if self._place_part else ()
        return stable_id(
            self.doc_id, "event", self.event_type, self.evidence.start,
            self.evidence.trigger, _actor_key(self.source), _actor_key(self.target), *parts,
        )  # fmt: skip

    @property
    def quad(self) -> str:
        return QUAD_CLASS[self.event_type]

    def to_dict(self) -> dict:
        d = {"kind": "event", "id": self.id}
        d.update(_public(self))
        return d


@dataclass
class Statement:
    doc_id: str
    quote: str
    evidence: Evidence
    speaker: Actor | None = None
    date: str | None = None

    kind = "statement"

    @property
    def id(self) -> str:
        return stable_id(self.doc_id, "statement", self.evidence.start, self.quote)

    def to_dict(self) -> dict:
        d = {"kind": "statement", "id": self.id}
        d.update(_public(self))
        return d


def _actor_key(actor: Actor | None) -> list | None:
    """What identifies an actor in an event id: its code, sector, name and
    words (the role is a description, not an identity)."""
    return [actor.code, actor.sector, actor.name, actor.text] if actor else None
