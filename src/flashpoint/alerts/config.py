"""The rules file: loading it and checking every field at load.

``load_config(path)`` reads a YAML rules file (see the README's "Alerts"
section) into an ``AlertConfig``: the rules, and where alerts go (``webhook``,
``email``, ``feed``). Anything it does not know is an ``AlertConfigError``
naming the file and the field (``rules.yaml: rules[1] (deadly): unknown field
'min_kiled'``), so a typo fails at start, not silently at the first alert.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from flashpoint.models import MODALITIES, QUAD_CLASS

DEFAULT_INTERVAL_S = 60.0
DEFAULT_FEED_LIMIT = 50

# kind -> the fields a rule of that kind may have (besides name, kind, description)
INCIDENT_FIELDS = ("types", "countries", "regions", "bbox", "actors", "dyad", "dyads",
                   "min_killed", "min_sources", "modalities")  # fmt: skip
RULE_FIELDS = {
    "incident": INCIDENT_FIELDS,
    "killed": INCIDENT_FIELDS,
    "escalation": ("dyad", "dyads", "direction", "k", "min_change"),
    "ceasefire": ("dyad", "dyads", "events", "window_days", "modalities"),
}
COMMON_FIELDS = ("name", "kind", "description")
DIRECTIONS = ("escalation", "de-escalation", "both")
CEASEFIRE_EVENTS = ("reported", "broken")
TOP_FIELDS = ("rules", "webhook", "email", "feed", "interval", "backfill", "max_age_days",
              "max_lag_days", "dashboard_url")  # fmt: skip
DEFAULT_MAX_LAG_DAYS = 30
WEBHOOK_FIELDS = ("url", "headers", "timeout", "retries", "backoff")
EMAIL_FIELDS = ("host", "port", "from", "to", "starttls", "ssl", "username", "password_env",
                "subject_prefix", "timeout", "retries", "backoff")  # fmt: skip
FEED_FIELDS = ("title", "limit")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


class AlertConfigError(ValueError):
    """A rules file that cannot be used; the message names the file and field."""


@dataclass(frozen=True)
class Rule:
    """One rule as the file gives it, checked. ``options`` holds the kind's
    fields (``types`` ... as frozensets, dyads as sorted pairs)."""

    name: str
    kind: str
    options: dict[str, Any]
    description: str | None = None

    @property
    def fingerprint(self) -> str:
        """Changes when the rule's kind or fields do: a changed rule takes a
        new baseline (see ``flashpoint.alerts.ledger``)."""
        raw = json.dumps([self.kind, _jsonable(self.options)], sort_keys=True)
        return hashlib.sha1(raw.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Channel:
    """Where alerts are sent: ``kind`` "webhook" or "email", its fields."""

    kind: str
    options: dict[str, Any]
    retries: int = 5
    backoff_s: float = 2.0
    timeout_s: float = 10.0


@dataclass(frozen=True)
class AlertConfig:
    rules: tuple[Rule, ...]
    channels: tuple[Channel, ...] = ()
    feed_title: str = "flashpoint alerts"
    feed_limit: int = DEFAULT_FEED_LIMIT
    interval_s: float = DEFAULT_INTERVAL_S
    backfill: bool = False
    max_age_days: int | None = None
    max_lag_days: int | None = DEFAULT_MAX_LAG_DAYS
    dashboard_url: str | None = None
    path: str = "<rules>"
    words: dict = field(default_factory=lambda: load_words())


@cache
def load_words(path: str | None = None) -> dict:
    """The word lists of ``data/alerts.yaml`` (or ``path``)."""
    raw = (Path(path).read_text(encoding="utf-8") if path else
           (files("flashpoint") / "data" / "alerts.yaml").read_text(encoding="utf-8"))  # fmt: skip
    data = yaml.safe_load(raw) or {}
    return {
        "ceasefire_words": tuple(data.get("ceasefire_words") or ()),
        "violation_words": tuple(data.get("violation_words") or ()),
        "toll_words": tuple(data.get("toll_words") or ()),
        "violation_types": frozenset(data.get("violation_types") or ()),
        "force_types": frozenset(data.get("force_types") or ()),
        "default_modalities": frozenset(data.get("default_modalities") or ("asserted",)),
    }


def load_config(path: str | Path) -> AlertConfig:
    """Read and check a rules file; ``AlertConfigError`` when it is unusable."""
    name = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AlertConfigError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise AlertConfigError(f"{name}: not valid YAML ({exc})") from exc
    return parse_config(data, name=name)


def parse_config(data: Any, *, name: str = "<rules>") -> AlertConfig:
    """An ``AlertConfig`` from the parsed YAML ``data`` (``name``: the file)."""
    check = _Checker(name)
    top = check.mapping(data, "the file", TOP_FIELDS)
    raw_rules = top.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        check.fail("rules", "must be a list of at least one rule")
    rules = tuple(_rule(check, raw, i) for i, raw in enumerate(raw_rules))
    names = [r.name for r in rules]
    for n in names:
        if names.count(n) > 1:
            check.fail("rules", f"two rules are named {n!r}")
    channels = []
    if top.get("webhook") is not None:
        channels.append(_webhook(check, top["webhook"]))
    if top.get("email") is not None:
        channels.append(_email(check, top["email"]))
    feed = check.mapping(top.get("feed") or {}, "feed", FEED_FIELDS)
    dashboard = top.get("dashboard_url")
    if dashboard is not None and not _is_http(dashboard):
        check.fail("dashboard_url", "must be an http(s):// URL")
    return AlertConfig(
        rules=rules,
        channels=tuple(channels),
        feed_title=check.text(feed.get("title", "flashpoint alerts"), "feed.title"),
        feed_limit=check.integer(feed.get("limit", DEFAULT_FEED_LIMIT), "feed.limit", low=1),
        interval_s=check.number(top.get("interval", DEFAULT_INTERVAL_S), "interval", low=1),
        backfill=check.boolean(top.get("backfill", False), "backfill"),
        max_age_days=(
            None
            if top.get("max_age_days") is None
            else check.integer(top["max_age_days"], "max_age_days", low=0)
        ),  # fmt: skip
        max_lag_days=(
            None
            if top.get("max_lag_days", DEFAULT_MAX_LAG_DAYS) is None
            else check.integer(top.get("max_lag_days", DEFAULT_MAX_LAG_DAYS), "max_lag_days", low=0)
        ),  # fmt: skip
        dashboard_url=dashboard.rstrip("/") if dashboard else None,
        path=name,
    )


def _rule(check: _Checker, raw: Any, index: int) -> Rule:
    where = f"rules[{index}]"
    if isinstance(raw, dict) and isinstance(raw.get("name"), str):
        where += f" ({raw['name']})"
    if not isinstance(raw, dict):
        check.fail(where, "must be a mapping with a kind")
    kind = raw.get("kind")
    if kind not in RULE_FIELDS:
        check.fail(f"{where}.kind", f"unknown rule kind {kind!r} (known: {', '.join(RULE_FIELDS)})")
    check.mapping(raw, where, COMMON_FIELDS + RULE_FIELDS[kind])
    name = check.text(raw.get("name", f"{kind}-{index + 1}"), f"{where}.name")
    if not re.fullmatch(r"[\w.-]{1,100}", name):
        check.fail(f"{where}.name", "use letters, digits, '.', '-' or '_' (at most 100)")
    opts: dict[str, Any] = {}
    if "types" in raw:
        opts["types"] = check.choices(raw["types"], f"{where}.types", QUAD_CLASS, upper=True)
    if "countries" in raw:
        opts["countries"] = check.codes(raw["countries"], f"{where}.countries", _COUNTRY,
                                        "ISO 3166 alpha-3 codes such as PAK")  # fmt: skip
    if "regions" in raw:
        opts["regions"] = frozenset(check.text(r, f"{where}.regions").casefold()
                                    for r in check.listed(raw["regions"], f"{where}.regions"))  # fmt: skip
    if "bbox" in raw:
        opts["bbox"] = _bbox(check, raw["bbox"], f"{where}.bbox")
    if "actors" in raw:
        opts["actors"] = check.codes(raw["actors"], f"{where}.actors", _CODE, "actor codes")
    dyads = [raw["dyad"]] if "dyad" in raw else []
    if "dyads" in raw:
        dyads += check.listed(raw["dyads"], f"{where}.dyads")
    if dyads:
        opts["dyads"] = frozenset(_dyad(check, d, f"{where}.dyad") for d in dyads)
    for key in ("min_killed", "min_sources", "window_days"):
        if key in raw:
            opts[key] = check.integer(
                raw[key], f"{where}.{key}", low=0 if key != "window_days" else 1
            )
    if kind == "killed" and "min_killed" not in opts:
        check.fail(f"{where}.min_killed", "a killed rule needs min_killed")
    if "modalities" in raw:
        opts["modalities"] = check.choices(raw["modalities"], f"{where}.modalities", MODALITIES)
    if kind == "escalation":
        direction = raw.get("direction", "escalation")
        if direction not in DIRECTIONS:
            check.fail(f"{where}.direction", f"one of {', '.join(DIRECTIONS)}")
        opts["direction"] = direction
        for key in ("k", "min_change"):
            if key in raw:
                opts[key] = check.number(raw[key], f"{where}.{key}", low=0)
    if kind == "ceasefire":
        opts["events"] = check.choices(raw.get("events", list(CEASEFIRE_EVENTS)),
                                       f"{where}.events", CEASEFIRE_EVENTS)  # fmt: skip
        opts.setdefault("window_days", 30)
    description = raw.get("description")
    if description is not None:
        description = check.text(description, f"{where}.description")
    return Rule(name=name, kind=kind, options=opts, description=description)


def _webhook(check: _Checker, raw: Any) -> Channel:
    opts = check.mapping(raw, "webhook", WEBHOOK_FIELDS)
    url = opts.get("url")
    if not _is_http(url):
        check.fail("webhook.url", "must be an http(s):// URL")
    headers = check.mapping(opts.get("headers") or {}, "webhook.headers", None)
    return Channel(
        kind="webhook",
        options={"url": url, "headers": {str(k): str(v) for k, v in headers.items()}},
        **_retry(check, opts, "webhook"),
    )


def _email(check: _Checker, raw: Any) -> Channel:
    opts = check.mapping(raw, "email", EMAIL_FIELDS)
    for key in ("host", "from", "to"):
        if not opts.get(key):
            check.fail(f"email.{key}", "is required")
    to = opts["to"] if isinstance(opts["to"], list) else [opts["to"]]
    return Channel(
        kind="email",
        options={
            "host": check.text(opts["host"], "email.host"),
            "port": check.integer(opts.get("port", 25), "email.port", low=1),
            "from": check.text(opts["from"], "email.from"),
            "to": [check.text(t, "email.to") for t in to],
            "starttls": check.boolean(opts.get("starttls", False), "email.starttls"),
            "ssl": check.boolean(opts.get("ssl", False), "email.ssl"),
            "username": opts.get("username") and check.text(opts["username"], "email.username"),
            "password_env": opts.get("password_env")
            and check.text(opts["password_env"], "email.password_env"),
            "subject_prefix": check.text(
                opts.get("subject_prefix", "[flashpoint]"), "email.subject_prefix"
            ),
        },  # fmt: skip
        **_retry(check, opts, "email"),
    )


def _retry(check: _Checker, opts: dict, where: str) -> dict:
    return {
        "retries": check.integer(opts.get("retries", 5), f"{where}.retries", low=0),
        "backoff_s": check.number(opts.get("backoff", 2.0), f"{where}.backoff", low=0),
        "timeout_s": check.number(opts.get("timeout", 10.0), f"{where}.timeout", low=0.1),
    }


def _dyad(check: _Checker, value: Any, where: str) -> tuple[str, str]:
    a, sep, b = str(value).upper().partition("-")
    if not sep or not _CODE.match(a) or not _CODE.match(b) or a == b:
        check.fail(where, f"a dyad is two actor codes A-B (e.g. IND-PAK), not {value!r}")
    return tuple(sorted((a, b)))  # type: ignore[return-value]


def _bbox(check: _Checker, value: Any, where: str) -> tuple[float, float, float, float]:
    if not isinstance(value, list) or len(value) != 4:
        check.fail(where, "is [west, south, east, north] in degrees")
    west, south, east, north = (check.number(v, where) for v in value)
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south < north <= 90):
        check.fail(where, "is [west, south, east, north] in degrees (south below north)")
    return west, south, east, north


def _is_http(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


class _Checker:
    """Type checks that fail naming the file and the field."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str):
        raise AlertConfigError(f"{self.name}: {where}: {problem}")

    def mapping(self, value: Any, where: str, known: tuple[str, ...] | None) -> dict:
        if not isinstance(value, dict):
            self.fail(where, "must be a mapping")
        if known is not None:
            for key in value:
                if key not in known:
                    self.fail(where, f"unknown field {key!r} (known: {', '.join(known)})")
        return value

    def listed(self, value: Any, where: str) -> list:
        if isinstance(value, str | int | float):
            return [value]
        if not isinstance(value, list) or not value:
            self.fail(where, "must be a value or a non-empty list")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "must be a non-empty string")
        return value.strip()

    def number(self, value: Any, where: str, *, low: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"must be a number, not {value!r}")
        if low is not None and value < low:
            self.fail(where, f"must be at least {low:g}")
        return float(value)

    def integer(self, value: Any, where: str, *, low: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"must be a whole number, not {value!r}")
        if low is not None and value < low:
            self.fail(where, f"must be at least {low}")
        return value

    def boolean(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, f"must be true or false, not {value!r}")
        return value

    def choices(self, value: Any, where: str, allowed, *, upper: bool = False) -> frozenset:
        found = set()
        for item in self.listed(value, where):
            item = str(item).upper() if upper else str(item)
            if item not in allowed:
                self.fail(where, f"unknown value {item!r} (known: {', '.join(allowed)})")
            found.add(item)
        return frozenset(found)

    def codes(self, value: Any, where: str, pattern: re.Pattern, what: str) -> frozenset:
        found = set()
        for item in self.listed(value, where):
            item = str(item).upper()
            if not pattern.match(item):
                self.fail(where, f"{item!r} is not one of the {what}")
            found.add(item)
        return frozenset(found)
