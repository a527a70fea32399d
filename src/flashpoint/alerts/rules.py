"""What each rule kind finds in the stored incidents.

Every function takes a ``Rule`` and the incident records (``fuse.summarize``
dicts, as ``fuse.stored_incidents`` gives them) and returns the alerts the
rule raises *now*, each under a key (``rule:what:subject``) that stays the
same on every later pass: whether it is new is the ledger's business
(``flashpoint.alerts.ledger``), not this module's.

Kinds:

- ``incident`` and ``killed``: one alert per incident that passes the rule's
  filters (types, countries, regions, bbox, actors, dyads, min_killed,
  min_sources, modalities); ``killed`` requires ``min_killed``.
- ``escalation``: one alert per day on which a dyad's escalation index
  (``analyze.escalation``) jumps in the rule's direction.
- ``ceasefire``: a ceasefire reported (a RETREAT incident of mode
  ``ceasefire``, or an AGREE incident whose sentence names a ceasefire) and a
  ceasefire broken (an incident whose sentence reports a breach of one, or
  force between a ceasefire's parties in the ``window_days`` after it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from flashpoint.alerts.config import Rule
from flashpoint.analyze import escalation, incident_day, load_intensity, strongest_modality
from flashpoint.fuse.rules import code_of, date_interval
from flashpoint.store.store import parse_day


def codes_of(incident: dict) -> set[str]:
    """The actor codes of an incident's source and target (coded ones only)."""
    return {c for c in (code_of(incident.get("source")), code_of(incident.get("target"))) if c}




# -- filters -----------------------------------------------------------------------


def is_news(incident: dict, max_lag_days: int | None) -> bool:
    """Whether an incident is news rather than history told as background:
    it was first reported at most ``max_lag_days`` after the last day its
    date may mean (a year-precision 2019 ends on 31 December 2019). Reports
    recall old attacks, earlier ceasefires, past wars; fused like any other
    incident, they are not what an alert is for. Undated incidents, and any
    incident when ``max_lag_days`` is None, count as news."""
    day = parse_day(incident.get("date"))
    reported = parse_day(incident.get("first_reported"))
    if max_lag_days is None or day is None or reported is None:
        return True
    last = date_interval(day, incident.get("date_precision"))[1]
    return (reported - last).days <= max_lag_days


def passes_filters(incident: dict, options: dict, words: dict) -> bool:
    """Whether an incident passes every filter a rule gives (an absent filter
    passes everything); modality defaults to ``default_modalities``."""
    modalities = options.get("modalities") or words["default_modalities"]
    if strongest_modality(incident) not in modalities:
        return False
    if "types" in options and incident["event_type"] not in options["types"]:
        return False
    location = incident.get("location") or {}
    if "countries" in options and location.get("country") not in options["countries"]:
        return False
    if "regions" in options and (location.get("admin1") or "").casefold() not in options["regions"]:
        return False
    if "bbox" in options and not _in_bbox(location, options["bbox"]):
        return False
    codes = codes_of(incident)
    if "actors" in options and not codes & options["actors"]:
        return False
    if "dyads" in options and not any(_touches(codes, pair) for pair in options["dyads"]):
        return False
    if "min_killed" in options and _best(incident, "fatalities") < options["min_killed"]:
        return False
    return incident.get("sources", 0) >= options.get("min_sources", 0)


def _touches(codes: set[str], pair: tuple[str, str]) -> bool:
    """An incident is on a dyad when its coded actors are the dyad's (one side
    may be uncoded: "India declared a ceasefire")."""
    return bool(codes) and codes <= set(pair)


def _in_bbox(location: dict, bbox: tuple[float, float, float, float]) -> bool:
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None or lon is None:
        return False
    west, south, east, north = bbox
    east_ok = west <= lon <= east if west <= east else (lon >= west or lon <= east)
    return south <= lat <= north and east_ok


def _best(incident: dict, key: str) -> int:
    return int((incident.get(key) or {}).get("best") or 0)


# -- words in sentences ------------------------------------------------------------


@cache
def _word_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    parts = [re.escape(w[:-1]) + r"[\w-]*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I) if parts else None


def mentions(incident: dict, words: tuple[str, ...]) -> bool:
    """Whether a report sentence of the incident has one of ``words``."""
    pattern = _word_pattern(words)
    return pattern is not None and any(
        pattern.search(r.get("sentence") or "") for r in incident.get("reports") or []
    )


# -- what an alert says ------------------------------------------------------------


def describe(incident: dict) -> str:
    """One line for an incident: type, who, where, when, toll, sources."""
    kind = incident["event_type"] + (f" ({incident['mode']})" if incident.get("mode") else "")
    src, tgt = code_of(incident.get("source")), code_of(incident.get("target"))
    who = f" {src or '?'} → {tgt}" if tgt else (f" by {src}" if src else "")
    location = incident.get("location") or {}
    where = ""
    if location.get("name"):
        where = f" in {location['name']}"
        if location.get("country") and location.get("country") != location.get("name"):
            where += f" ({location['country']})"
    when = f" on {incident['date']}" if incident.get("date") else ""
    toll = []
    for key, word in (("fatalities", "killed"), ("injuries", "injured")):
        if _best(incident, key):
            toll.append(f"{_best(incident, key)} {word}")
    n = incident.get("sources", 0)
    tail = (": " + ", ".join(toll) if toll else "") + f" ({n} source{'s' if n != 1 else ''})"
    return f"{kind}{who}{where}{when}{tail}"


def quoted_sentence(incident: dict, words: dict,
                    matching: Callable[[str], bool] | None = None) -> str:  # fmt: skip
    """The report sentence an alert quotes: one that made the rule fire when
    ``matching`` says which (a breach, a ceasefire named); else, for an
    incident with deaths, one giving its best toll in words that tell a toll
    (``toll_words``: the coder may carry a toll to a nearby sentence of the
    same event); reported facts (asserted or claimed) before the rest; the
    earliest report among equals. Whitespace tidied."""
    best = _best(incident, "fatalities")
    toll = _word_pattern(words.get("toll_words", ()))

    def rank(report: dict) -> tuple[bool, bool, bool]:
        sentence = report.get("sentence") or ""
        tells = bool(best) and report.get("fatalities") == best
        return (
            not (matching and matching(sentence)),
            not (tells and toll is not None and toll.search(sentence)),
            (report.get("modality") or "asserted") not in ("asserted", "claimed"),
        )

    chosen = min(incident.get("reports") or [], key=rank, default={})
    return " ".join((chosen.get("sentence") or "").split())


def incident_alert(rule: Rule, incident: dict, words: dict, *, event: str, title: str,
                   key: str, matching: Callable[[str], bool] | None = None) -> dict:  # fmt: skip
    """The alert record about one incident."""
    return {
        "key": key,
        "rule": rule.name,
        "kind": rule.kind,
        "event": event,
        "title": title,
        "summary": quoted_sentence(incident, words, matching),
        "incident": incident["id"],
        "dyad": "-".join(sorted(codes_of(incident))) if len(codes_of(incident)) == 2 else None,
        "date": incident.get("date") or (incident.get("first_reported") or "")[:10] or None,
        "details": {
            "event_type": incident["event_type"],
            "mode": incident.get("mode"),
            "source": code_of(incident.get("source")),
            "target": code_of(incident.get("target")),
            "location": incident.get("location"),
            "fatalities": incident.get("fatalities"),
            "injuries": incident.get("injuries"),
            "sources": incident.get("sources", 0),
            "outlets": sorted(
                {r.get("outlet") for r in incident.get("reports") or [] if r.get("outlet")}
            ),
            "modality": strongest_modality(incident),
            "contested": bool(incident.get("contested")),
        },  # fmt: skip
    }


# -- the kinds ---------------------------------------------------------------------


def incident_alerts(rule: Rule, incidents: list[dict], words: dict) -> list[dict]:
    """``incident`` and ``killed``: each incident that passes the filters."""
    label = "deadly incident" if rule.kind == "killed" else "incident"
    return [
        incident_alert(rule, inc, words, event=label, title=describe(inc),
                       key=f"{rule.name}:incident:{inc['id']}")
        for inc in incidents
        if passes_filters(inc, rule.options, words)
    ]  # fmt: skip


def escalation_alerts(rule: Rule, incidents: list[dict], words: dict) -> list[dict]:
    """``escalation``: each day a dyad's index jumps in the rule's direction
    (every dyad of two coded actors when the rule names none)."""
    weights = load_intensity()
    jumps = dict(weights["jumps"])
    jumps.update({k: rule.options[k] for k in ("k", "min_change") if k in rule.options})
    weights = {**weights, "jumps": jumps}
    by_dyad: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for inc in incidents:
        codes = codes_of(inc)
        if len(codes) == 2:
            by_dyad[tuple(sorted(codes))].append(inc)  # type: ignore[index]
    wanted = rule.options.get("dyads") or set(by_dyad)
    direction = rule.options.get("direction", "escalation")
    found = []
    for pair in sorted(wanted):
        for row in escalation(by_dyad.get(pair, []), pair, weights=weights):
            if not row["jump"] or direction not in (row["jump"], "both"):
                continue
            dyad = "-".join(pair)
            title = (f"{row['jump'].capitalize()} on {dyad} on {row['date']}: index "
                     f"{row['index']:g} against a {row['mean7']:g} seven-day mean "
                     f"({row['events']} incident{'s' if row['events'] != 1 else ''})")  # fmt: skip
            found.append({
                "key": f"{rule.name}:{row['jump']}:{dyad}:{row['date']}",
                "rule": rule.name, "kind": rule.kind, "event": row["jump"], "title": title,
                "summary": title, "incident": None, "dyad": dyad, "date": row["date"],
                "details": row,
            })  # fmt: skip
    return found


def is_ceasefire(incident: dict, words: dict) -> bool:
    """A ceasefire reported: RETREAT of mode ``ceasefire``, or an AGREE whose
    sentence names a ceasefire ("the two sides agreed to a truce")."""
    if incident["event_type"] == "RETREAT" and incident.get("mode") == "ceasefire":
        return True
    return incident["event_type"] == "AGREE" and mentions(incident, words["ceasefire_words"])


def reports_breach(incident: dict, words: dict) -> bool:
    """A sentence that reports a ceasefire broken: a violation word and a
    ceasefire word in an incident of the ``violation_types``."""
    return (incident["event_type"] in words["violation_types"]
            and any(_both(r.get("sentence") or "", words) for r in incident.get("reports") or []))  # fmt: skip


def _both(sentence: str, words: dict) -> bool:
    cease, breach = _word_pattern(words["ceasefire_words"]), _word_pattern(words["violation_words"])
    return bool(cease and breach and cease.search(sentence) and breach.search(sentence))


@dataclass
class Ceasefire:
    """One ceasefire: the incidents one sentence was coded into ("A and B
    agreed to a truce" is an AGREE by each side), their parties together,
    and its first day. ``main`` (the lowest id) names it in keys."""

    incidents: list[dict]

    @property
    def main(self) -> dict:
        return self.incidents[0]

    @property
    def parties(self) -> set[str]:
        return set().union(*(codes_of(i) for i in self.incidents))

    @property
    def day(self) -> date | None:
        return min((d for d in map(incident_day, self.incidents) if d), default=None)


def ceasefires_of(incidents: list[dict]) -> list[Ceasefire]:
    """Ceasefire incidents grouped when they share a report sentence (the
    same words in the same article): a joint subject is coded as one event
    per member, but it is one ceasefire between them."""
    groups: list[list[dict]] = []
    where: dict[tuple, int] = {}
    for inc in sorted(incidents, key=lambda i: i["id"]):
        told = {(r.get("doc_id"), r.get("sentence")) for r in inc.get("reports") or []}
        hits = sorted({where[t] for t in told if t in where})
        group = hits[0] if hits else len(groups)
        if not hits:
            groups.append([])
        for other in hits[1:]:  # this incident joins two groups: merge them
            groups[group] += groups[other]
            groups[other] = []
        groups[group].append(inc)
        for member in groups[group]:
            for r in member.get("reports") or []:
                where[(r.get("doc_id"), r.get("sentence"))] = group
    return [Ceasefire(sorted(g, key=lambda i: i["id"])) for g in groups if g]


def _ceasefire_title(cf: Ceasefire) -> str:
    main = cf.main
    parties = sorted(cf.parties)
    who = (
        (", ".join(parties[:-1]) + " and " + parties[-1])
        if len(parties) > 1
        else (parties[0] if parties else "unnamed sides")
    )
    kinds = "/".join(sorted({i["event_type"] for i in cf.incidents}))
    where = (main.get("location") or {}).get("name")
    n = max(i.get("sources", 0) for i in cf.incidents)
    return (f"Ceasefire reported: {who} ({kinds})" + (f" in {where}" if where else "")
            + (f" on {cf.day.isoformat()}" if cf.day else "")
            + f" ({n} source{'s' if n != 1 else ''})")  # fmt: skip


def ceasefire_alerts(rule: Rule, incidents: list[dict], words: dict) -> list[dict]:
    """``ceasefire``: ceasefires reported, and ceasefires broken (a reported
    breach, or force between a ceasefire's parties within ``window_days``
    after its day)."""
    events = rule.options.get("events") or {"reported", "broken"}
    dyads = rule.options.get("dyads")
    window = timedelta(days=rule.options.get("window_days", 30))

    def on_dyad(inc: dict) -> bool:
        return not dyads or any(_touches(codes_of(inc), pair) for pair in dyads)

    only = {"modalities": rule.options["modalities"]} if "modalities" in rule.options else {}
    usable = [i for i in incidents if passes_filters(i, only, words) and on_dyad(i)]
    ceasefires = ceasefires_of([i for i in usable if is_ceasefire(i, words)])
    found = []
    if "reported" in events:
        names = _word_pattern(words["ceasefire_words"])
        for cf in ceasefires:
            alert = incident_alert(rule, cf.main, words, event="ceasefire reported",
                                   title=_ceasefire_title(cf),
                                   key=f"{rule.name}:ceasefire:{cf.main['id']}",
                                   matching=names.search if names else None)  # fmt: skip
            alert["details"]["parties"] = sorted(cf.parties)
            alert["details"]["incidents"] = [i["id"] for i in cf.incidents]
            if len(cf.parties) == 2:
                alert["dyad"] = "-".join(sorted(cf.parties))
            found.append(alert)
    if "broken" in events:
        for inc in usable:
            after = _breaks(inc, ceasefires, words, window)
            if after is None and not reports_breach(inc, words):
                continue
            title = "Ceasefire broken: " + describe(inc)
            alert = incident_alert(rule, inc, words, event="ceasefire broken", title=title,
                                   key=f"{rule.name}:broken:{inc['id']}",
                                   matching=lambda text: _both(text, words))  # fmt: skip
            alert["details"]["after_ceasefire"] = after.main["id"] if after else None
            found.append(alert)
    return found


def _breaks(incident: dict, ceasefires: list[Ceasefire], words: dict,
            window: timedelta) -> Ceasefire | None:  # fmt: skip
    """The latest ceasefire that ``incident`` breaks: force (``force_types``)
    between its two parties (either way) on a day after it, within
    ``window``; the incident must carry its own date (an undated one is
    placed on its first report, and reports after a truce recall the
    fighting before it). A one-sided ceasefire ("X declared a truce") names
    no other side, so only a sentence reporting a breach breaks it
    (``reports_breach``): X's fighting with anyone else is not a breach."""
    if (incident["event_type"] not in words["force_types"] or not incident.get("date")
            or incident.get("date_basis") == "reported"):
        return None  # undated (or dated by its first report only): perhaps fighting before it, recalled after
    day, codes = incident_day(incident), codes_of(incident)
    if day is None or len(codes) != 2:
        return None
    best = None
    for cf in ceasefires:
        if cf.day is None or cf.parties != codes:
            continue
        if cf.day < day <= cf.day + window and (best is None or cf.day > best.day):
            best = cf
    return best


KINDS = {
    "incident": incident_alerts,
    "killed": incident_alerts,
    "escalation": escalation_alerts,
    "ceasefire": ceasefire_alerts,
}


def evaluate(rule: Rule, incidents: list[dict], words: dict) -> list[dict]:
    """The alerts ``rule`` raises on ``incidents`` now."""
    return KINDS[rule.kind](rule, incidents, words)
