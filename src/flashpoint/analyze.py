"""Analysis over incidents: the escalation index, the diplomacy timeline and
the actor network.

Everything here takes incident records (``fuse.summarize`` dicts, what
``fuse.stored_incidents`` returns), so each happening counts once however many
outlets reported it.

**Escalation index.** Each incident weighs ``types[event_type] + modes[mode]``
from ``data/intensity.yaml``, minus ``fatalities * log1p(best fatalities)`` and
``injuries * log1p(best injuries)``, times the factor of its strongest
modality. A dyad (unordered: IND-PAK counts both directions) has, for every day
from its first incident to its last, ``events`` (incidents that day),
``index`` (their summed weight, 0 on a quiet day), ``mean7`` (the mean index of
the seven days ending that day) and ``jump``: ``escalation`` when the index is
below the mean of the previous seven days by more than ``k`` standard
deviations and at least ``min_change``, ``de-escalation`` when above by as
much (``jumps`` in the YAML). An incident is placed on its date when that is a
day; an undated one on the day of its first report; one dated only to a week,
month or year is left out of the daily series.

**Diplomacy timeline.** For a dyad, the incidents in which a third party (an
actor coded and not in the dyad) deals with a dyad member, and the dyad
members' answers: offers to mediate (AGREE, context ``mediation``), calls for
restraint (REQUEST), calls, visits and meetings (CONSULT by mode), acceptances
(AGREE by a dyad member of mediation or toward a third party) and rejections
(REJECT by a dyad member of mediation or of a third party), plus the dyad's
own agreements and ceasefires (AGREE between the two, RETREAT ``ceasefire``).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

import yaml

from flashpoint.store.store import parse_day

MODALITY_STRENGTH = ("asserted", "claimed", "planned", "denied", "hypothetical", "negated")


def load_intensity(path: str | Path | None = None) -> dict:
    """The escalation weights (``data/intensity.yaml`` unless ``path``)."""
    if path is None:
        raw = (files("flashpoint") / "data" / "intensity.yaml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    weights = yaml.safe_load(raw) or {}
    for key in ("types", "modes", "casualties", "modality", "jumps"):
        weights.setdefault(key, {})
    return weights


def _code(actor: dict | None) -> str | None:
    return (actor or {}).get("code")


def parse_pair(dyad: str | tuple[str, str]) -> tuple[str, str]:
    if isinstance(dyad, str):
        a, sep, b = dyad.partition("-")
        if not sep or not a or not b:
            raise ValueError(f"a dyad is A-B, e.g. IND-PAK, not {dyad!r}")
        return a.upper(), b.upper()
    return dyad[0], dyad[1]


def in_dyad(incident: dict, pair: tuple[str, str]) -> bool:
    """Whether the incident is between the two (either direction)."""
    return {_code(incident.get("source")), _code(incident.get("target"))} == set(pair)


def strongest_modality(incident: dict) -> str:
    present = {r.get("modality") or "asserted" for r in incident.get("reports") or []}
    return next((m for m in MODALITY_STRENGTH if m in present), "asserted")


def incident_weight(incident: dict, weights: dict) -> float:
    """How much one incident moves its dyad's index."""
    w = float(weights["types"].get(incident["event_type"], 0))
    w += float(weights["modes"].get(incident.get("mode"), 0))
    for key in ("fatalities", "injuries"):
        best = (incident.get(key) or {}).get("best")
        if best:
            w -= float(weights["casualties"].get(key, 0)) * math.log1p(best)
    return w * float(weights["modality"].get(strongest_modality(incident), 1.0))


def incident_day(incident: dict) -> date | None:
    """The day an incident counts on in a daily series (None: left out)."""
    if incident.get("date"):
        return (
            parse_day(incident["date"]) if incident.get("date_precision") in (None, "day") else None
        )
    return parse_day(incident.get("first_reported"))


def escalation(
    incidents: Iterable[dict],
    dyad: str | tuple[str, str],
    *,
    weights: dict | None = None,
) -> list[dict]:
    """The dyad's daily rows: ``date``, ``events``, ``index``, ``mean7``, ``jump``."""
    weights = weights or load_intensity()
    pair = parse_pair(dyad)
    by_day: dict[date, list[float]] = defaultdict(list)
    for incident in incidents:
        day = incident_day(incident)
        if day and in_dyad(incident, pair):
            by_day[day].append(incident_weight(incident, weights))
    if not by_day:
        return []
    jumps = weights["jumps"]
    window = int(jumps.get("window", 7))
    k = float(jumps.get("k", 2.0))
    min_change = float(jumps.get("min_change", 0.0))
    min_history = int(jumps.get("min_history", 3))
    rows: list[dict] = []
    day, last = min(by_day), max(by_day)
    while day <= last:
        values = by_day.get(day, [])
        index = sum(values)
        earlier = [r["index"] for r in rows[-window:]]
        trailing = (earlier + [index])[-window:]
        jump = ""
        if len(earlier) >= min_history:
            mean = statistics.fmean(earlier)
            sd = statistics.pstdev(earlier)
            change = index - mean
            if abs(change) >= min_change and abs(change) > k * sd:
                jump = "escalation" if change < 0 else "de-escalation"
        rows.append({
            "date": day.isoformat(), "events": len(values), "index": round(index, 3),
            "mean7": round(statistics.fmean(trailing), 3), "jump": jump,
        })  # fmt: skip
        day += timedelta(days=1)
    return rows


# --- diplomacy ---------------------------------------------------------------------

CONSULT_KINDS = {"phone": "call", "visit": "visit", "third-party": "mediation",
                 "multilateral": "meeting"}  # fmt: skip


def diplomacy_kind(incident: dict, pair: tuple[str, str]) -> str | None:
    """What an incident is on the dyad's diplomacy timeline, or None."""
    src, tgt = _code(incident.get("source")), _code(incident.get("target"))
    etype, mode = incident["event_type"], incident.get("mode")
    mediation = "mediation" in (incident.get("contexts") or [])
    src_in, tgt_in = src in pair, tgt in pair
    src_third = bool(src) and not src_in
    tgt_third = bool(tgt) and not tgt_in
    if src_third and (tgt_in or (tgt is None and mediation)):
        if etype == "AGREE":
            return "offer to mediate" if mediation else "offer"
        if etype == "REQUEST":
            return "call for restraint"
        if etype == "CONSULT":
            return "mediation" if mediation and mode is None else CONSULT_KINDS.get(
                mode, "consultation")  # fmt: skip
        return None
    if src_in and tgt_third and etype == "CONSULT":
        return CONSULT_KINDS.get(mode, "consultation")
    if src_in and (tgt_third or mediation):
        if etype == "AGREE":
            return "acceptance"
        if etype == "REJECT":
            return "rejection"
        return None
    if src_in and tgt_in and src != tgt:
        if etype == "AGREE":
            return "agreement"
        if etype == "RETREAT" and mode == "ceasefire":
            return "ceasefire"
    return None


def diplomacy(incidents: Iterable[dict], dyad: str | tuple[str, str]) -> list[dict]:
    """The dyad's diplomacy timeline, by date (undated last)."""
    pair = parse_pair(dyad)
    rows = []
    for incident in incidents:
        kind = diplomacy_kind(incident, pair)
        if kind is None:
            continue
        first = (incident.get("reports") or [{}])[0]
        source, target = incident.get("source") or {}, incident.get("target") or {}
        rows.append({
            "date": incident.get("date") or (incident.get("first_reported") or "")[:10] or None,
            "kind": kind,
            "actor": source.get("code"),
            "actor_name": source.get("name"),
            "counterpart": target.get("code"),
            "event_type": incident["event_type"],
            "mode": incident.get("mode"),
            "sources": incident.get("sources", 0),
            "sentence": first.get("sentence"),
            "doc_id": first.get("doc_id"),
            "incident": incident["id"],
        })  # fmt: skip
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["incident"]))


# --- actor network --------------------------------------------------------------------


def actor_network(incidents: Iterable[dict], *, weights: dict | None = None) -> dict:
    """Actors as nodes and who-did-what-to-whom as directed edges: per edge the
    incident count, the count by quad class and the summed intensity."""
    weights = weights or load_intensity()
    nodes: Counter[str] = Counter()
    edges: dict[tuple[str, str], dict] = {}
    for incident in incidents:
        src, tgt = _code(incident.get("source")), _code(incident.get("target"))
        if not src or not tgt or src == tgt:
            continue
        nodes[src] += 1
        nodes[tgt] += 1
        edge = edges.setdefault((src, tgt), {"source": src, "target": tgt, "incidents": 0,
                                             "by_quad": Counter(), "weight": 0.0})  # fmt: skip
        edge["incidents"] += 1
        edge["by_quad"][incident.get("quad")] += 1
        edge["weight"] += incident_weight(incident, weights)
    return {
        "nodes": [{"id": code, "incidents": n} for code, n in sorted(nodes.items())],
        "edges": [{**e, "by_quad": dict(e["by_quad"]), "weight": round(e["weight"], 3)}
                  for _, e in sorted(edges.items())],
    }  # fmt: skip
