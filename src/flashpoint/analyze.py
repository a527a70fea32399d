"""Analysis over incidents: the crisis picture of a dyad (the incidents that
count, casualty totals, turning points), the escalation index, the diplomacy
timeline and the actor network.

Everything here takes incident records (``fuse.summarize`` dicts, what
``fuse.stored_incidents`` returns), so each happening counts once however many
outlets reported it. The dashboard, the API, the briefing, the exports and the
CLI all read these functions, so their numbers agree.

**What counts.** ``crisis_incidents``: incidents between the two (either
direction) that happened (asserted or claimed, never only denied, negated,
supposed or planned) and are not ``background`` (history recalled more than
30 days before the first report). ``casualty_totals`` sums their established
figures once per happening and lists claims apart.

**Escalation index.** Each incident weighs ``types[event_type] + modes[mode]``
from ``data/intensity.yaml``, minus ``fatalities * log1p(best fatalities)`` and
``injuries * log1p(best injuries)``, times the factor of its strongest
modality. A dyad has, for every day from its first incident to its last,
``events`` (incidents that day), ``index`` (their summed weight, 0 on a quiet
day), ``mean7`` (the mean index of the seven days ending that day) and
``jump``: ``escalation`` when the index is below the mean of the previous
seven days by more than ``k`` standard deviations and at least
``min_change``, ``de-escalation`` when above by as much (``jumps`` in the
YAML) or on the day of a ceasefire or agreement between the two. The pair
(both directions) and each direction (``sides``: "A->B", "B->A") have their
own series, so a chart shows who escalates. An incident is placed on its date
when that is a day (or the day of its first report, for one no report
dates); one dated only to a week, month or year is left out.

**Turning points.** ``turning_point``: ceasefires and truces, agreements, their
violations, talks, mediation that happened, acceptances, rejections and
collapses (words in ``data/turning_points.yaml``); the overview's and the
briefing's key developments start with them.

**Diplomacy timeline.** For a dyad, its turning points, and the incidents in
which a third party (an actor coded and not in the dyad) deals with a dyad
member, and the dyad members' answers: offers to mediate (AGREE, context
``mediation``), calls for restraint (REQUEST), calls, visits and meetings
(CONSULT by mode), acceptances (AGREE by a dyad member of mediation or toward
a third party) and rejections (REJECT by a dyad member of mediation or of a
third party).
"""

from __future__ import annotations

import difflib
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

from flashpoint.datafiles import parse_yaml
from flashpoint.fuse.rules import code_of, happened
from flashpoint.nlp.actor_dictionary import code_names
from flashpoint.store.store import parse_day

MODALITY_STRENGTH = ("asserted", "claimed", "planned", "denied", "hypothetical", "negated")


def load_intensity(path: str | Path | None = None) -> dict:
    """The escalation weights (``data/intensity.yaml`` unless ``path``)."""
    if path is None:
        raw = (files("flashpoint") / "data" / "intensity.yaml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    weights = parse_yaml(raw, source=str(path or "intensity.yaml"), kind="intensity.yaml")
    for key in ("types", "modes", "casualties", "modality", "jumps"):
        weights.setdefault(key, {})
    return weights


def parse_pair(dyad: str | tuple[str, str]) -> tuple[str, str]:
    if isinstance(dyad, str):
        a, sep, b = dyad.partition("-")
        if not sep or not a or not b:
            raise ValueError(f"a dyad is A-B, e.g. IND-PAK, not {dyad!r}")
        return a.upper(), b.upper()
    return dyad[0], dyad[1]


# --- Validating what a user names: one validator for the CLI, the API and the pages.

_ACTOR_CODE = re.compile(r"[A-Z0-9_]+")


class UnknownActorError(ValueError):
    """An actor code or dyad a user named that flashpoint does not know; the
    message names the problem and some known codes (the same text on the
    command line, in the API's 422 and on the pages)."""


def known_actor_codes() -> dict[str, str]:
    """Every actor code the actor tables define (``data/actors``: countries,
    organisations, armed groups), with its first name: the codes the coder
    can give, so the ones a filter can match."""
    return code_names()


def _suggestions(code: str, known: dict[str, str], extra: Iterable[str]) -> list[str]:
    """Codes the user may have meant: a code whose actor's name the user typed
    (``INDIA`` for IND), then codes spelled alike."""
    named = [c for c, name in known.items() if name and name.upper() == code]
    if named:
        return named[:3]
    return difflib.get_close_matches(code, list(dict.fromkeys([*extra, *known])), n=3, cutoff=0.6)


def check_actor_code(code: str, *, extra: Iterable[str] = ()) -> str:
    """``code`` in capitals when it is a known actor code (the actor tables'
    or one of ``extra``, e.g. the codes a store holds); else
    ``UnknownActorError`` naming it, what it may have meant and some known
    codes (``extra`` first)."""
    extra = [c.upper() for c in extra if c]
    wanted = (code or "").strip().upper()
    known = known_actor_codes()
    if wanted and _ACTOR_CODE.fullmatch(wanted) and (wanted in known or wanted in extra):
        return wanted
    hints = _suggestions(wanted, known, extra)
    meant = f" (did you mean {', '.join(hints)}?)" if hints else ""
    examples = list(dict.fromkeys([*extra[:8], "IND", "PAK", "USA", "CHN", "UN", "EU"]))[:10]
    raise UnknownActorError(f"unknown actor code {code!r}{meant}; known codes include "
                            f"{', '.join(examples)} (countries are ISO 3166 alpha-3; the full "
                            "list is in data/actors)")  # fmt: skip


def check_dyad(dyad: str, *, extra: Iterable[str] = ()) -> str:
    """``dyad`` as ``A-B`` in capitals when it is two known actor codes
    (``check_actor_code``); else ``UnknownActorError`` naming the problem."""
    extra = list(extra)
    try:
        a, b = parse_pair(dyad)
        if not (_ACTOR_CODE.fullmatch(a) and _ACTOR_CODE.fullmatch(b)):
            raise ValueError(f"a dyad is A-B, e.g. IND-PAK, not {dyad!r}")
    except ValueError as exc:
        raise UnknownActorError(f"{exc}: two actor codes joined by '-'; known codes include "
                                "IND, PAK, USA, CHN, UN, EU") from exc  # fmt: skip
    if a == b:
        raise UnknownActorError(f"a dyad is two different actors, not {dyad!r}")
    try:
        return f"{check_actor_code(a, extra=extra)}-{check_actor_code(b, extra=extra)}"
    except UnknownActorError as exc:
        raise UnknownActorError(f"in dyad {dyad!r}: {exc}") from exc


def in_dyad(incident: dict, pair: tuple[str, str]) -> bool:
    """Whether the incident is between the two (either direction)."""
    return {code_of(incident.get("source")), code_of(incident.get("target"))} == set(pair)


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


BACKGROUND_DAYS = 30


def background(incident: dict) -> bool:
    """Whether an incident is history the reports recall rather than news:
    it happened more than ``BACKGROUND_DAYS`` before its first report (a 2019
    bombing named as the cause of a 2025 crisis). Such an incident stays in
    the store but is no incident of the crisis being reported."""
    day = parse_day(incident.get("date")) if incident.get("date_basis") != "reported" else None
    first = parse_day(incident.get("first_reported"))
    return bool(day and first and (first - day).days > BACKGROUND_DAYS)


def crisis_incidents(incidents: Iterable[dict], dyad: str | tuple[str, str]) -> list[dict]:
    """The incidents that make a dyad's picture: between the two (either
    direction), happened (``fuse.happened``: a report asserts or claims it)
    and not ``background``. Every view of a dyad (the escalation index, the
    totals, the incident counts) starts from this list, in the dashboard, the
    API, the briefing, the exports and the CLI, so they agree."""
    pair = parse_pair(dyad)
    return [i for i in incidents if in_dyad(i, pair) and happened(i) and not background(i)]


def sides(dyad: str | tuple[str, str]) -> tuple[str, str]:
    """The two directions of a dyad, as "A->B" and "B->A"."""
    a, b = parse_pair(dyad)
    return f"{a}->{b}", f"{b}->{a}"


def _jump(earlier: list[float], index: float, jumps: dict) -> str:
    """``escalation``/``de-escalation`` when ``index`` leaves the trailing
    window's mean by more than ``k`` standard deviations and ``min_change``."""
    if len(earlier) < int(jumps.get("min_history", 3)):
        return ""
    mean, sd = statistics.fmean(earlier), statistics.pstdev(earlier)
    change = index - mean
    if abs(change) >= float(jumps.get("min_change", 0.0)) and abs(change) > float(
            jumps.get("k", 2.0)) * sd:  # fmt: skip
        return "escalation" if change < 0 else "de-escalation"
    return ""


def _series(by_day: dict[date, list[float]], first: date, last: date, jumps: dict) -> list[dict]:
    window = int(jumps.get("window", 7))
    rows: list[dict] = []
    day = first
    while day <= last:
        values = by_day.get(day, [])
        index = float(sum(values))
        earlier = [r["index"] for r in rows[-window:]]
        trailing = (earlier + [index])[-window:]
        rows.append({"date": day.isoformat(), "events": len(values), "index": round(index, 3),
                     "mean7": round(statistics.fmean(trailing), 3),
                     "jump": _jump(earlier, index, jumps)})  # fmt: skip
        day += timedelta(days=1)
    return rows


def escalation(
    incidents: Iterable[dict],
    dyad: str | tuple[str, str],
    *,
    weights: dict | None = None,
) -> list[dict]:
    """The dyad's daily rows: ``date``, ``events``, ``index``, ``mean7``,
    ``jump`` for the pair, the same per direction under ``sides`` ("A->B",
    "B->A": who escalates), and ``turning``: the turning points of the day
    (``turning_points`` of all the incidents given: a ceasefire "both sides
    agreed" names no target, so pass the dyad's diplomacy candidates too).

    Only ``crisis_incidents`` make the index. A day with a ceasefire or an agreement
    between the two is a ``de-escalation`` of the pair unless the index marks
    an escalation that day: fighting on the day a truce is agreed sums
    negative, yet the truce is what turns the crisis."""
    weights = weights or load_intensity()
    pair = parse_pair(dyad)
    forward, backward = sides(pair)
    by_day: dict[str, dict[date, list[float]]] = {k: defaultdict(list) for k in
                                                  ("pair", forward, backward)}  # fmt: skip
    incidents = list(incidents)
    turning: dict[date, list[str]] = defaultdict(list)
    for incident in crisis_incidents(incidents, pair):
        day = incident_day(incident)
        if not day:
            continue
        weight = incident_weight(incident, weights)
        by_day["pair"][day].append(weight)
        direction = f"{code_of(incident.get('source'))}->{code_of(incident.get('target'))}"
        by_day[direction][day].append(weight)
    for row in turning_points(incidents, pair):
        day = parse_day(row["date"])
        if day and row["kind"] not in turning[day]:
            turning[day].append(row["kind"])
    if not by_day["pair"]:
        return []
    jumps = weights["jumps"]
    first, last = min(by_day["pair"]), max(by_day["pair"])
    rows = _series(by_day["pair"], first, last, jumps)
    per_side = {side: _series(by_day[side], first, last, jumps) for side in (forward, backward)}
    for n, row in enumerate(rows):
        row["sides"] = {side: {k: per_side[side][n][k] for k in ("events", "index", "mean7", "jump")}
                        for side in (forward, backward)}  # fmt: skip
        kinds = turning.get(date.fromisoformat(row["date"]), [])
        row["turning"] = kinds
        if not row["jump"] and set(kinds) & DE_ESCALATING:
            row["jump"] = "de-escalation"
    return rows


def side_summary(rows: list[dict], dyad: str | tuple[str, str]) -> list[dict]:
    """Per direction over the escalation rows: ``side`` ("A->B"), ``events``,
    ``index`` (summed), ``escalations`` and ``de_escalations`` (the days its
    own series jumps): who escalates, in one line each."""
    out = []
    for side in sides(dyad):
        values = [(r["date"], (r.get("sides") or {}).get(side) or {}) for r in rows]
        out.append({
            "side": side,
            "events": sum(v.get("events", 0) for _, v in values),
            "index": round(sum(v.get("index", 0.0) for _, v in values), 1),
            "escalations": [d for d, v in values if v.get("jump") == "escalation"],
            "de_escalations": [d for d, v in values if v.get("jump") == "de-escalation"],
        })  # fmt: skip
    return out


def escalation_table(rows: list[dict], dyad: str | tuple[str, str]) -> list[dict]:
    """Escalation rows flattened for a table or CSV: the pair's columns, then
    ``index A->B``, ``jump A->B`` and the same for B->A, then ``turning``."""
    flat = []
    for row in rows:
        out = {k: row[k] for k in ("date", "events", "index", "mean7", "jump")}
        for side in sides(dyad):
            values = (row.get("sides") or {}).get(side) or {}
            out[f"events {side}"] = values.get("events", 0)
            out[f"index {side}"] = values.get("index", 0.0)
            out[f"jump {side}"] = values.get("jump", "")
        out["turning"] = " ".join(row.get("turning") or [])
        flat.append(out)
    return flat


def escalation_columns(dyad: str | tuple[str, str]) -> list[str]:
    columns = ["date", "events", "index", "mean7", "jump"]
    for side in sides(dyad):
        columns += [f"events {side}", f"index {side}", f"jump {side}"]
    return columns + ["turning"]


# --- totals ------------------------------------------------------------------------


def _figure_keys(incident: dict, key: str) -> set[tuple[str, str]]:
    """(doc_id, sentence) of the reports behind an incident's established
    figures: what a sum must not take twice."""
    figures = incident.get(key) or {}
    docs = {d for level in ("low", "best", "high") for d in (figures.get("sources") or {}).get(level) or []}
    values = {figures.get(level) for level in ("low", "best", "high")} - {None}
    return {(r.get("doc_id"), " ".join((r.get("sentence") or "").split()).lower())
            for r in incident.get("reports") or []
            if r.get("doc_id") in docs and r.get(key) in values}  # fmt: skip


def summed(incidents: Iterable[dict], key: str = "fatalities") -> dict[str, bool]:
    """Incident id -> whether its ``key`` figure enters a sum: it happened
    (``fuse.happened``), has an established best figure, and its figures do
    not rest on the same sentences as an incident already taken (the coder
    read one sentence as two events: one happening, counted once). Incidents
    are taken by sources (most first), then date, so the better reported
    reading is the one kept. ``casualty_totals`` and the ACLED export both
    read this."""
    pool = sorted((i for i in incidents if happened(i)),
                  key=lambda i: (-(i.get("sources") or 0), i.get("date") or "", i["id"]))  # fmt: skip
    taken: dict[str, bool] = {}
    seen: set[tuple[str, str]] = set()
    for incident in pool:
        if (incident.get(key) or {}).get("best") is None:
            continue
        evidence = _figure_keys(incident, key)
        taken[incident["id"]] = not (evidence & seen)
        seen |= evidence
    return taken


def casualty_totals(incidents: Iterable[dict]) -> dict:
    """Killed and injured summed over incidents as low / best / high.

    What it counts, in ``counts``: incidents that happened, their
    established figures only (an incident's own low / best / high; claims
    are never added, they are listed in ``claims``), and each happening once
    (``summed``; ``duplicates`` says how many readings were left out). Pass
    ``crisis_incidents`` for a dyad: the overview, the API, the briefing and
    the exports all do."""
    incidents = list(incidents)
    totals: dict[str, dict] = {}
    for key in ("fatalities", "injuries"):
        sums = {"low": 0, "best": 0, "high": 0, "incidents": 0, "duplicates": 0}
        taken = summed(incidents, key)
        for incident in incidents:
            if incident["id"] not in taken:
                continue
            if not taken[incident["id"]]:
                sums["duplicates"] += 1
                continue
            figures = incident.get(key) or {}
            sums["incidents"] += 1
            for bound in ("low", "best", "high"):
                sums[bound] += int(figures.get(bound) or 0)
        totals[key] = sums
    claims = []
    for incident in incidents:
        if not happened(incident):
            continue
        for c in (incident.get("fatalities") or {}).get("claims") or []:
            claims.append({**c, "incident": incident["id"], "date": incident.get("date")})
    totals["claims"] = sorted(claims, key=lambda c: (-c["figure"], c["date"] or "", c["incident"]))
    totals["counts"] = ("established figures of incidents that happened, each happening once; "
                        "claims listed apart")  # fmt: skip
    return totals


# --- turning points ------------------------------------------------------------------


def load_turning_words(path: str | Path | None = None) -> dict[str, list[str]]:
    """The turning-point word lists (``data/turning_points.yaml`` unless ``path``)."""
    if path is None:
        raw = (files("flashpoint") / "data" / "turning_points.yaml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    return {k: [w.lower() for w in v or []] for k, v in parse_yaml(raw, source=str(path or "turning_points.yaml"), kind="turning_points.yaml").items()}


_TURNING_WORDS: dict[str, list[str]] | None = None


def _says(incident: dict, kind: str) -> bool:
    """Whether a report of the incident uses a word of ``kind`` (at a word start)."""
    global _TURNING_WORDS
    if _TURNING_WORDS is None:
        _TURNING_WORDS = load_turning_words()
    words = _TURNING_WORDS.get(kind) or []
    for r in incident.get("reports") or []:
        text = " " + " ".join((r.get("sentence") or "").lower().split())
        if any(f" {w}" in text or f"-{w}" in text or f'"{w}' in text for w in words):
            return True
    return False


TURNING_KINDS = ("ceasefire", "agreement", "violation", "talks", "mediation", "acceptance",
                 "rejection", "collapse")  # fmt: skip
DE_ESCALATING = {"ceasefire", "agreement"}


def turning_point(incident: dict, pair: tuple[str, str]) -> str | None:
    """What turn of the crisis an incident is, or None.

    Only incidents that happened (``fuse.happened``), and are not
    ``background``, are turning points:

    - ``ceasefire``: a RETREAT ``ceasefire`` by a side; an AGREE by a side
      (with the other or with no one named: "both sides agreed") or by a
      third party about the two, whose reports speak of a ceasefire or truce;
    - ``agreement``: any other AGREE of one side with the other whose reports
      say an agreement was reached (an offer or a readiness to talk is not);
    - ``violation``: an attack, coercion or accusation between the two whose
      reports speak of breaking a ceasefire;
    - ``talks``: a meeting (CONSULT) of the two sides;
    - ``mediation``: a third party's meeting or call with a side, or talks
      under a mediator (mode ``third-party``, context ``mediation``);
    - ``acceptance`` / ``rejection``: a side's AGREE / REJECT toward a third
      party or a mediation; a side's REJECT of the other about talks;
    - ``collapse``: a side's statement that talks or an agreement failed.
    The words are in ``data/turning_points.yaml``."""
    if not happened(incident) or background(incident):
        return None
    src, tgt = code_of(incident.get("source")), code_of(incident.get("target"))
    etype, mode = incident["event_type"], incident.get("mode")
    mediation = "mediation" in (incident.get("contexts") or []) or mode == "third-party"
    src_in, tgt_in = src in pair, tgt in pair
    both = src_in and tgt_in and src != tgt
    third = bool(src) and not src_in
    if etype == "RETREAT" and mode == "ceasefire" and (src_in or tgt_in):
        return "ceasefire"
    if etype == "AGREE":
        if (both or (src_in and tgt is None) or (third and (tgt_in or tgt is None))) and _says(
                incident, "ceasefire"):  # fmt: skip
            return "ceasefire"
        if both:  # "ready to talk" is an offer; an agreement is reached
            return "agreement" if _says(incident, "agreement") else None
        if src_in and (mediation or (tgt and not tgt_in)):
            return "acceptance"
        return None
    if etype in ("ASSAULT", "COERCE", "ACCUSE") and (both or (src_in and tgt is None)):
        if _says(incident, "ceasefire") and _says(incident, "violation"):
            return "violation"
        return None
    if etype == "CONSULT":
        if both:
            return "mediation" if mediation else "talks"
        if (third and tgt_in) or (src_in and tgt and not tgt_in):
            return "mediation" if mediation or _says(incident, "talks") else None
        return None
    if etype == "REJECT" and src_in:
        if _says(incident, "collapse") and (_says(incident, "talks") or _says(incident, "ceasefire")):
            return "collapse"
        if (tgt and not tgt_in) or mediation or (both and _says(incident, "talks")):
            return "rejection"
    return None


def turning_points(incidents: Iterable[dict], dyad: str | tuple[str, str]) -> list[dict]:
    """The dyad's turning points by date: ``date``, ``kind``, ``actor``,
    ``counterpart``, ``sources``, ``sentence``, ``doc_id``, ``incident``,
    ``contested``. The overview's and the briefing's key developments start
    with these."""
    return _timeline(incidents, parse_pair(dyad), turning_point)


def _timeline_row(incident: dict, kind: str) -> dict:
    first = (incident.get("reports") or [{}])[0]
    source, target = incident.get("source") or {}, incident.get("target") or {}
    return {
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
        "contested": bool(incident.get("contested")),
    }


# --- diplomacy ---------------------------------------------------------------------

CONSULT_KINDS = {"phone": "call", "visit": "visit", "third-party": "mediation",
                 "multilateral": "meeting"}  # fmt: skip


def diplomacy_kind(incident: dict, pair: tuple[str, str]) -> str | None:
    """What an incident is on the dyad's diplomacy timeline, or None: its
    turning point (``turning_point``: ceasefires, agreements, violations,
    talks, collapses first), else a third party's dealing with a side or a
    side's answer to it. Only incidents that happened are on it."""
    if not happened(incident) or background(incident):
        return None
    turn = turning_point(incident, pair)
    if turn is not None:
        return turn
    src, tgt = code_of(incident.get("source")), code_of(incident.get("target"))
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
    return None  # the two sides' own agreements and ceasefires are turning points (above)


def diplomacy(incidents: Iterable[dict], dyad: str | tuple[str, str]) -> list[dict]:
    """The dyad's diplomacy timeline, by date (undated last)."""
    return _timeline(incidents, parse_pair(dyad), diplomacy_kind)


def _timeline(incidents: Iterable[dict], pair: tuple[str, str], kind_of) -> list[dict]:
    """The rows of the incidents ``kind_of`` gives a kind for, by date
    (undated last)."""
    rows = [_timeline_row(incident, kind) for incident in incidents
            if (kind := kind_of(incident, pair)) is not None]
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["incident"]))


# --- actor network --------------------------------------------------------------------


def appeal_for_calm(incident: dict) -> bool:
    """Whether an incident is an appeal for restraint, calm or dialogue: a
    REQUEST whose reports use a ``calm`` word (``data/turning_points.yaml``).
    PLOVER files every REQUEST under verbal conflict, but a third party
    urging two sides to hold their fire is not in conflict with them: the
    network draws such an appeal as cooperation."""
    return incident.get("event_type") == "REQUEST" and _says(incident, "calm")


def actor_network(incidents: Iterable[dict], *, weights: dict | None = None) -> dict:
    """Actors as nodes and who-did-what-to-whom as directed edges: per edge the
    incident count, the count by quad class and the summed intensity. Only
    incidents that happened (``fuse.happened``) draw an edge: a denied,
    negated or supposed attack is no tie; an appeal for calm
    (``appeal_for_calm``) counts as cooperation."""
    weights = weights or load_intensity()
    nodes: Counter[str] = Counter()
    edges: dict[tuple[str, str], dict] = {}
    for incident in incidents:
        src, tgt = code_of(incident.get("source")), code_of(incident.get("target"))
        if not src or not tgt or src == tgt or not happened(incident):
            continue
        nodes[src] += 1
        nodes[tgt] += 1
        edge = edges.setdefault((src, tgt), {"source": src, "target": tgt, "incidents": 0,
                                             "by_quad": Counter(), "weight": 0.0})  # fmt: skip
        edge["incidents"] += 1
        weight = incident_weight(incident, weights)
        if appeal_for_calm(incident):
            edge["by_quad"]["verbal_cooperation"] += 1
            edge["weight"] += abs(weight)
        else:
            edge["by_quad"][incident.get("quad")] += 1
            edge["weight"] += weight
    return {
        "nodes": [{"id": code, "incidents": n} for code, n in sorted(nodes.items())],
        "edges": [{**e, "by_quad": dict(e["by_quad"]), "weight": round(e["weight"], 3)}
                  for _, e in sorted(edges.items())],
    }  # fmt: skip
