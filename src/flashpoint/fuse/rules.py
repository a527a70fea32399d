"""Incidents: events from different articles about the same happening, fused.

Analysts want one incident with twelve sources, not twelve rows. Fusion is
*incremental*: each article's events are matched, as the article arrives,
against the incidents already known (``Fusion.add_article`` in memory,
``update_for_article`` against a store). Nothing is ever rebuilt in batch.

Matching rules (an event joins the best-scoring compatible incident, else it
founds a new one):

- **Type**: the same PLOVER ``event_type`` (the quad class is then the same
  too). Types are not merged across a quad class: an ACCUSE and a REJECT about
  the same happening are *linked* as claim and denial (below), not fused.
- **Dyad**: *ordered* source -> target. "India struck Pakistan" and "Pakistan
  struck India" on the same day are two incidents (a strike and its
  retaliation). Where both sides know an actor code, the codes must be equal;
  a missing code on either side is compatible but scores lower, unless a code
  stands on the other side (``reversed_direction``: fire *on* India never
  joins a strike *by* India).
- **Date**: each date is an interval by its precision: day = that day, week =
  the date +/- 6 days, month = its calendar month, year = its calendar year.
  Two intervals must overlap, with one day of slack (day vs day: equal or one
  day apart). A missing date falls back to the window of the two days up to
  the first report's publication (an undated report tells of something
  recent; the nearer incident before it scores higher; later reports never
  widen an undated incident's window, so it cannot drift for weeks; two
  undated ones must be first reported within a day of each other); with no
  publication date either it is compatible with any date. Missing dates score
  lower.
- **Place**: with coordinates on both sides, the distance must be within the
  coarser place's radius (exact 10 km, city 50 km, admin1 250 km, region
  300 km), and a town placed in another province of the same country than
  a province named is not in it; a country-level place only needs the same
  country. Different
  known countries never match. A missing place is compatible, scoring lower.
- **Evidence**: compatibility alone is not enough; positive agreement worth
  at least 1 is needed: an actor code known and equal on both sides (1 each),
  a place finer than a country that agrees (1), the same non-zero fatality
  figure (1), the same sector where codes are unknown ("civilians", 0.5
  each), the same day with both dates exact to the day (0.5), the very same
  sentence (1: a wire copy run by a second outlet). Two events that share
  only a type and a day stay apart.

Within an incident, its profile (the date, place and actors it is matched on)
is the consensus of its reports, except the date: the day it happened is the
earliest date of the finest precision among the reports that assert or claim
it (``incident_date``), so later reports join without moving it and reports
days apart never chain. An incident no report dates takes the day of its
first report, with ``date_basis`` "reported" (else "event").

Casualties follow UCDP: each article counts once (its largest figure: a later
paragraph's updated toll), and low / best / high come from *established*
figures only (``figure_standing``): asserted figures, and a side's count of
its own dead or a third party's count. One side's count of the other side's
dead (a claim by the incident's source or by no one named), a figure another
report disputes (denies), and a flat restatement of such a claim, are
``claims``: listed beside the toll with who claims them, never inside it.
Figures about another happening (another day, a month's or a year's tally, an
undated report published more than two days later) do not count; a dated look
back published later counts only when no report of the time gives a figure; neither do denied, negated,
hypothetical and planned ones. ``low`` is the lowest established figure,
``high`` the highest, ``best`` the one most articles give (ties: the most
recently published), each with the doc_ids behind it. ``modality`` says
whether the incident happened (``asserted``/``claimed``) or was only denied,
negated, supposed or planned (``happened``).

Claims and denials: an incident whose reports both assert (or claim) and deny
it is ``contested``. Across incidents, a REJECT by B (target A or unknown)
within three days after (or one day before) an ACCUSE by A of B, or after an
incident that A claims B carried out, links the two: both are contested and
each lists the other side's claim in ``claims``.

An incident keeps every report (doc_id, outlet, published, sentence, figures,
modality). Re-ingesting an article with the same content changes nothing; an
updated article replaces its reports (incidents left without reports vanish).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from flashpoint.models import QUAD_CLASS, stable_id
from flashpoint.store.store import parse_day

PLACE_RADIUS_KM = {"exact": 10.0, "city": 50.0, "admin1": 250.0, "region": 300.0}
PLACE_RANK = {"exact": 0, "city": 1, "admin1": 2, "region": 3, "country": 4, None: 5}
DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
UNDATED_WINDOW_DAYS = 2
DATE_SLACK_DAYS = 1
TOLL_LATE_DAYS = 2
CREDIBLE = ("asserted",)
CLAIMED = ("claimed",)
NEVER_COUNTED = ("denied", "negated", "hypothetical", "planned")
HAPPENED = ("asserted", "claimed")
MODALITY_ORDER = ("asserted", "claimed", "planned", "denied", "hypothetical", "negated")
DENIAL_WINDOW = (-1, 3)  # days, denial date minus claim date


# --- reports -------------------------------------------------------------------


def make_report(event: dict, article: dict | None = None) -> dict:
    """One event as one article reported it (what an incident keeps)."""
    article = article or {}
    evidence = event.get("evidence") or {}
    return {
        "event_id": event.get("id"),
        "doc_id": event.get("doc_id"),
        "outlet": article.get("outlet"),
        "published": article.get("published"),
        "sentence": evidence.get("sentence"),
        "trigger": evidence.get("trigger"),
        "modality": event.get("modality") or "asserted",
        "claimed_by": event.get("claimed_by"),
        "fatalities": event.get("fatalities"),
        "injuries": event.get("injuries"),
        "confidence": event.get("confidence"),
        "event": event,
    }


def article_reports(events: Iterable[dict], article: dict | None = None) -> list[dict]:
    """An article's events as reports, in fusion order (``ordered``), each
    marked with the figures its sentence gives as someone's claim.

    One sentence, one standing: when the coder reads a sentence as a claim in
    one event ("X says it killed 58 soldiers", claimed by X) and as a flat
    statement in another (the same 58, asserted, perhaps with the sides the
    other way round), the figure is the claimant's in both. The mark is
    ``claim_figures`` on the report; ``figure_standing`` reads it.

    One figure, one happening: an article that dates a death toll once ("its
    strikes on May 7 killed 31") has dated it wherever it repeats it without
    a date ("the 31 dead", a quote), so an undated report with that figure
    carries the date as ``figure_date``; ``off_happening`` judges it by that
    date, and it cannot toll a happening on another day.

    One figure, one claimant: a death toll the article gives as one side's
    count of those it killed ("X says it killed 58 soldiers", claimed by X,
    X the source) stays X's claim wherever the article repeats it flatly or
    in X's words ("58 soldiers have been killed", the spokesman said), even
    where the coder misread whose dead they were; the same figure from
    someone else (the victims' side confirming it) is not touched."""
    reports = [make_report(e, article) for e in ordered(events)]
    claimed: dict[str, tuple[set[int], dict]] = {}
    boasts: dict[int, dict] = {}  # killed figure -> the side that says it killed them
    own_dead = {(_norm(r.get("sentence")), code_of(r.get("claimed_by")), r.get("fatalities"))
                for r in reports if r["modality"] in CLAIMED
                and code_of(r.get("claimed_by")) == code_of(r["event"].get("target"))}
    for r in reports:
        by = code_of(r.get("claimed_by"))
        if r["modality"] in CLAIMED and by:
            for key in ("fatalities", "injuries"):
                if r.get(key) is not None:
                    claimed.setdefault(_norm(r.get("sentence")), (set(), r["claimed_by"]))[0].add(
                        r[key])  # fmt: skip
            # a sentence read both ways (the claimant's dead and the other
            # side's) says nothing sure about whose dead they were
            if r.get("fatalities") and by == code_of(r["event"].get("source")) and (
                    _norm(r.get("sentence")), by, r["fatalities"]) not in own_dead:
                boasts.setdefault(r["fatalities"], r["claimed_by"])
    for r in reports:
        figures, by = claimed.get(_norm(r.get("sentence")), (None, None))
        if figures and r["modality"] not in CLAIMED:
            r["claim_figures"] = sorted(figures)
            r["claim_by"] = by
        boaster = boasts.get(r.get("fatalities"))
        if boaster is not None and "claim_figures" not in r and (
                r["modality"] not in CLAIMED or code_of(r.get("claimed_by")) == code_of(boaster)):
            r["claim_figures"] = [r["fatalities"]]
            r["claim_by"] = boaster
    dated: dict[int, tuple[str, str | None]] = {}
    for r in sorted(reports, key=lambda r: DATE_RANK.get(r["event"].get("date_precision"), 4)):
        if r["event"].get("date") and r.get("fatalities") is not None:
            dated.setdefault(r["fatalities"], (r["event"]["date"], r["event"].get("date_precision")))
    for r in reports:
        if not r["event"].get("date") and r.get("fatalities") in dated:
            r["figure_date"] = list(dated[r["fatalities"]])
    return reports


def code_of(actor: dict | None) -> str | None:
    """The actor code of a record's actor (None when absent or uncoded)."""
    return (actor or {}).get("code")


# --- date and place compatibility -------------------------------------------------


def date_interval(day: date, precision: str | None) -> tuple[date, date]:
    """The days a date of this precision may mean."""
    if precision == "week":
        return day - timedelta(days=6), day + timedelta(days=6)
    if precision == "month":
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first, nxt - timedelta(days=1)
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return day, day


def date_window(profile: dict) -> tuple[tuple[date, date] | None, bool]:
    """(interval or None, whether the date is known rather than a fallback)."""
    day = parse_day(profile.get("date"))
    if day:
        return date_interval(day, profile.get("date_precision")), True
    published = [d for d in (parse_day(p) for p in profile.get("published") or []) if d]
    if published:  # the happening came before its first report, whoever reported it later
        first = min(published)
        return (first - timedelta(days=UNDATED_WINDOW_DAYS), first), False
    return None, False


def profile_window(profile: dict) -> tuple[tuple[date, date] | None, bool]:
    """``date_window`` of a profile, as made with it (``report_profile`` and
    ``incident_profile`` keep it under "window": a report is scored against
    tens of incidents, an incident against every report near it)."""
    window = profile.get("window")
    return date_window(profile) if window is None else window


def date_score(a: dict, b: dict) -> float | None:
    """None when the dates cannot be the same happening, else a score 0..1."""
    wa, known_a = profile_window(a)
    wb, known_b = profile_window(b)
    if wa is None or wb is None:
        return 0.4
    if not known_a and not known_b and abs((wa[1] - wb[1]).days) > DATE_SLACK_DAYS:
        return None  # neither dated: first reported more than a day apart, two happenings
    slack = timedelta(days=DATE_SLACK_DAYS)
    if wa[0] > wb[1] + slack or wb[0] > wa[1] + slack:
        return None
    if not (known_a and known_b):
        return 0.5 - 0.05 * _report_lag(a if not known_a else b, b if not known_a else a)
    if a.get("date_precision") == "day" and b.get("date_precision") == "day":
        return 1.0 if a["date"] == b["date"] else 0.9
    return 0.7


def _report_lag(undated: dict, dated: dict) -> int:
    """Days from a dated profile's day to the first report of an undated one
    (0..UNDATED_WINDOW_DAYS): an undated report most likely tells of the
    nearest happening before it, so nearer incidents score higher."""
    day = parse_day(dated.get("date"))
    published = [d for d in (parse_day(p) for p in undated.get("published") or []) if d]
    if day is None or not published:
        return 0
    return max(0, min(UNDATED_WINDOW_DAYS, (min(published) - day).days))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def place_score(a: dict | None, b: dict | None) -> tuple[float | None, bool]:
    """(score or None when incompatible, whether a fine place agrees)."""
    if not a or not b:
        return 0.5, False
    pa, pb = a.get("precision"), b.get("precision")
    ca, cb = a.get("country"), b.get("country")
    coords = all(x.get(k) is not None for x in (a, b) for k in ("lat", "lon"))
    if coords and pa != "country" and pb != "country":
        if _other_province(a, b) or _other_province(b, a):
            return None, False
        radius = max(PLACE_RADIUS_KM.get(pa, 50.0), PLACE_RADIUS_KM.get(pb, 50.0))
        if haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) > radius:
            return None, False
        return 1.0, True
    if ca and cb and ca != cb:
        return None, False
    name_a, name_b = (a.get("name") or "").lower(), (b.get("name") or "").lower()
    if name_a and name_a == name_b and pa != "country":
        return 1.0, True
    if ca and cb:
        return 0.7, False
    return 0.5, False


def _other_province(province: dict, town: dict) -> bool:
    """A town placed in one province is not in another province of the same
    country, however near its centre: strikes "in Kabul" and "in Paktika
    province" are two places, though Paktika's radius reaches Kabul."""
    if province.get("precision") != "admin1" or town.get("precision") not in ("exact", "city"):
        return False
    if not province.get("country") or province.get("country") != town.get("country"):
        return False
    own = (town.get("admin1") or "").lower()
    names = {(province.get(k) or "").lower() for k in ("name", "admin1")} - {""}
    return bool(own and names) and own not in names


def _actor_score(a: str | None, b: str | None, sector_a: str | None,
                 sector_b: str | None) -> tuple[float | None, float]:  # fmt: skip
    """(score or None when the actors differ, evidence): equal codes are full
    evidence; without codes, the same sector ("civilians") is half."""
    if a and b:
        return (1.0, 1.0) if a == b else (None, 0.0)
    if sector_a and sector_a == sector_b:
        return 0.7, 0.5
    return 0.6, 0.0


def reversed_direction(a: dict, b: dict) -> bool:
    """Whether two profiles point opposite ways: an actor code one gives as
    source the other gives as target (and not as source too). "Pakistani fire
    on Indian posts" never joins "Indian strikes on Pakistan", even when one
    report leaves a side unnamed: a strike and its answer are two happenings."""
    sa, ta, sb, tb = a.get("source"), a.get("target"), b.get("source"), b.get("target")
    if sa and sa == tb and sa != sb and sa != ta:
        return True
    return bool(ta and ta == sb and ta != tb and ta != sa)


def match_score(report_profile: dict, incident_profile: dict) -> float | None:
    """How well an event's profile fits an incident's; None when it cannot."""
    if report_profile["event_type"] != incident_profile["event_type"]:
        return None
    if reversed_direction(report_profile, incident_profile):
        return None
    # the actors before the dates: two different known actors is the cheap,
    # common "cannot"
    actors = [_actor_score(report_profile.get(key), incident_profile.get(key),
                           report_profile.get(f"{key}_sector"),
                           incident_profile.get(f"{key}_sector"))
              for key in ("source", "target")]  # fmt: skip
    if any(score is None for score, _ in actors):
        return None
    day = date_score(report_profile, incident_profile)
    scores = [day, *(score for score, _ in actors)]
    evidence = 0.5 if day == 1.0 else 0.0  # the same day, both exact to the day
    evidence += sum(agree for _, agree in actors)
    s, agree = place_score(report_profile.get("location"), incident_profile.get("location"))
    scores.append(s)
    evidence += agree
    figure = report_profile.get("fatalities")
    if figure and figure in (incident_profile.get("figures") or ()):
        evidence += 1
        scores.append(1.0)
    if report_profile.get("sentences", set()) & incident_profile.get("sentences", set()):
        evidence += 1  # the same sentence: a wire copy run by another outlet
    if any(s is None for s in scores) or evidence < 1:
        return None
    return sum(scores) + 0.5 * evidence


# --- profiles and summaries ---------------------------------------------------------


def report_profile(report: dict) -> dict:
    event = report["event"]
    profile = {
        "event_type": event["event_type"],
        "source": code_of(event.get("source")),
        "target": code_of(event.get("target")),
        "source_sector": (event.get("source") or {}).get("sector"),
        "target_sector": (event.get("target") or {}).get("sector"),
        "date": event.get("date"),
        "date_precision": event.get("date_precision") if event.get("date") else None,
        "location": event.get("location"),
        "published": [report.get("published")],
        "fatalities": event.get("fatalities"),
        "sentences": {_norm(report.get("sentence"))} - {""},
    }
    profile["window"] = date_window(profile)
    return profile


@lru_cache(maxsize=16384)
def _norm(text: str | None) -> str:
    """A sentence with its runs of spaces made one, in lower case: how two
    reports are told to quote the same sentence. Kept: an incident's
    sentences are normalised again each time its profile is made."""
    return " ".join((text or "").split()).lower()


def _consensus(values: Iterable[Any]) -> Any:
    """The most common non-null value; ties go to the smallest (as a string)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    first = present[0]
    if all(v == first for v in present):  # one value (most incidents): no counting
        return first
    counts = Counter(present)
    top = max(counts.values())
    return min((v for v, n in counts.items() if n == top), key=str)


def _self_directed(report: dict) -> bool:
    event = report["event"]
    code = code_of(event.get("source"))
    return bool(code) and code == code_of(event.get("target"))


def _actor_consensus(reports: list[dict], key: str) -> dict | None:
    """The incident's ``key`` actor: the most common code among its reports.
    A report coded with one actor on both sides ("Pakistan ... Pakistan")
    tells no direction, so it names a side only when every report does."""
    if len(reports) == 1:  # its one report's actor (most incidents): what follows gives it
        return reports[0]["event"].get(key) or None
    directed = [r for r in reports if not _self_directed(r)]
    reports = directed or reports
    code = _consensus(code_of(r["event"].get(key)) for r in reports)
    candidates = [r["event"].get(key) for r in reports if r["event"].get(key)]
    if code is not None:
        candidates = [a for a in candidates if a.get("code") == code]
    if not candidates:
        return None
    # the most complete description of that actor (name and sector known)
    return max(candidates, key=lambda a: (bool(a.get("sector")), bool(a.get("name"))))


def incident_date(reports: list[dict]) -> tuple[str | None, str | None]:
    """The day the happening took place: the earliest date of the finest
    precision present, among the reports that say it happened (asserted or
    claimed; all reports when none does).

    The earliest, not the most common or the latest: follow-up stories,
    statements and recaps come after the happening, so a later date is a
    later report, and a report that only mentions the incident must not move
    it. A date coarser than the finest present ("this month") never overrides
    a day. A date after the day of the first report is a misread (or a later
    step) and is not taken: what is reported has happened by then, and the
    first report's day stands in (``date_basis`` "reported")."""
    happened = [r for r in reports if (r.get("modality") or "asserted") in HAPPENED]
    dated = [r["event"] for r in (happened or reports) if r["event"].get("date")]
    first = min((d for d in (parse_day(r.get("published")) for r in reports) if d), default=None)
    if first is not None:  # a happening cannot be dated after its first report
        dated = [e for e in dated
                 if date_interval(parse_day(e["date"]), e.get("date_precision"))[0] <= first]
    if not dated:
        return None, None
    finest = min(DATE_RANK.get(e.get("date_precision"), 4) for e in dated)
    fine = [e for e in dated if DATE_RANK.get(e.get("date_precision"), 4) == finest]
    first = min(fine, key=lambda e: e["date"])
    return first["date"], first.get("date_precision")


def incident_profile(reports: list[dict]) -> dict:
    """What an incident is matched on: the consensus of its reports."""
    events = [r["event"] for r in reports]
    date_value, date_prec = incident_date(reports)
    placed = [e["location"] for e in events if e.get("location")]
    location = None
    if placed:
        finest = min(PLACE_RANK.get(p.get("precision"), 5) for p in placed)
        fine = [p for p in placed if PLACE_RANK.get(p.get("precision"), 5) == finest]
        name = _consensus(p.get("name") or p.get("country") for p in fine)
        location = next(p for p in fine if (p.get("name") or p.get("country")) == name)
    source = _actor_consensus(reports, "source")
    target = _actor_consensus(reports, "target")
    profile = {
        "event_type": events[0]["event_type"],
        "source": code_of(source),
        "target": code_of(target),
        "source_actor": source,
        "target_actor": target,
        "source_sector": (source or {}).get("sector"),
        "target_sector": (target or {}).get("sector"),
        "date": date_value,
        "date_precision": date_prec,
        "location": location,
        "published": sorted({r.get("published") for r in reports if r.get("published")}),
        "figures": sorted({e.get("fatalities") for e in events if e.get("fatalities")}),
        "sentences": {_norm(r.get("sentence")) for r in reports} - {""},
    }
    profile["window"] = date_window(profile)
    return profile


def _report_day(report: dict) -> tuple[date | None, str | None]:
    """The day a report's figure is about: its event's date, else the date the
    same article gives that figure elsewhere (``figure_date``)."""
    event = report.get("event") or {}
    if event.get("date"):
        return parse_day(event.get("date")), event.get("date_precision")
    if report.get("figure_date"):
        return parse_day(report["figure_date"][0]), report["figure_date"][1]
    return None, None


def off_happening(report: dict, profile: dict) -> bool:
    """Whether a report's figure is about another happening than the incident's.

    Only an incident dated to a day is judged. A report dated to another day
    (beyond the one-day slack), or only to a month or a year ("this year
    alone, 600 soldiers died"), tells a tally or an earlier event, not this
    one. An undated report published more than ``TOLL_LATE_DAYS`` after the
    incident's day (a recap that only mentions something like it), or any
    report published before the day it happened, is not a toll of it either
    (a dated late report is judged by ``late_report``). Such reports may still belong to
    the incident; their figures do not make its toll."""
    day = parse_day(profile.get("date"))
    if day is None:  # an undated incident: the day of its first report stands in
        day = min((d for d in (parse_day(p) for p in profile.get("published") or []) if d),
                  default=None)  # fmt: skip
        if day is None:
            return False
    elif profile.get("date_precision") == "year":
        return True  # a year is never one happening's date: a tally ("this year alone")
    elif profile.get("date_precision") not in (None, "day"):
        return False
    own, precision = _report_day(report)
    slack = timedelta(days=DATE_SLACK_DAYS)
    if own is not None:
        lo, hi = date_interval(own, precision)
        if precision in ("month", "year") or not (lo - slack <= day <= hi + slack):
            return True
    published = parse_day(report.get("published"))
    if published is None:
        return False
    lag = (published - day).days
    if lag < -DATE_SLACK_DAYS:
        return True
    return own is None and lag > TOLL_LATE_DAYS


def late_report(report: dict, profile: dict) -> bool:
    """Whether a report was published more than ``TOLL_LATE_DAYS`` after the
    incident's day: a look back ("its strikes on May 7 killed ..."). Its
    figure makes the toll only when no report of the time gives one
    (``reconcile``): what the reports said while the happening was news comes
    first, and a later retelling (often one side's count) never overrides it."""
    day = parse_day(profile.get("date")) or min(
        (d for d in (parse_day(p) for p in profile.get("published") or []) if d), default=None)
    published = parse_day(report.get("published"))
    return bool(day and published and (published - day).days > TOLL_LATE_DAYS)


def figure_standing(report: dict, profile: dict, key: str = "fatalities") -> str | None:
    """What one report's figure is to its incident: ``"established"`` (it may
    make the toll), ``"claim"`` (shown beside the toll, with who claims it) or
    None (not counted at all).

    - denied, negated, hypothetical and planned reports never count;
    - a figure about another happening (``off_happening``) does not count;
    - a figure claimed by the incident's own source (an attacker counting the
      other side's dead: "we killed 200 militants") is a claim; a claim whose
      claimant is not named is a claim too; a figure the victim's side gives
      of its own dead, or a third party gives, is established;
    - a figure that another reading of the same sentence attributes to a
      claimant (``article_reports``) is a claim;
    - an asserted figure is established, unless the same figure is one side's
      claim or disputed elsewhere in the incident (``contested_figures``):
      a newspaper repeating a spokesman's figure does not make it a fact.
    """
    value = report.get(key)
    modality = report.get("modality") or "asserted"
    if value is None or modality in NEVER_COUNTED or off_happening(report, profile):
        return None
    if value in (report.get("claim_figures") or ()):
        return "claim"
    if modality in CLAIMED:
        return "claim" if partisan_claim(report, profile) else "established"
    if value in profile.get(f"contested_{key}", ()):
        return "claim"
    return "established"


def partisan_claim(report: dict, profile: dict) -> bool:
    """Whether a claimed report is one side's claim about the other side: its
    claimant is unnamed, or is the incident's source (the side that acted)."""
    by = code_of(report.get("claimed_by"))
    return by is None or by == profile.get("source")


def contested_figures(reports: list[dict], profile: dict, key: str = "fatalities") -> set[int]:
    """Figures of the incident that its source claims (the side that acted,
    counting the other side's dead) or that a report denies (unless the
    denier is the acting side: "we had no part in the killing of 26" disputes
    who did it, not how many died): such a figure stays a claim wherever it
    appears, even in a sentence that states it flatly."""
    found = set()
    for r in reports:
        value, modality = r.get(key), r.get("modality") or "asserted"
        if value is None:
            continue
        if modality == "denied" and (not profile.get("source")
                                     or code_of(r.get("claimed_by")) != profile.get("source")):
            found.add(value)  # the acting side denying its role disputes the deed, not the toll
        elif modality in CLAIMED and code_of(r.get("claimed_by")) == profile.get("source") \
                and profile.get("source"):
            found.add(value)
    return found


def reconcile(reports: list[dict], key: str, profile: dict | None = None) -> dict:
    """UCDP-style low / best / high of a figure (``fatalities`` or
    ``injuries``) from established figures only (``figure_standing``), with
    one side's claims listed apart in ``claims`` (who claims, the figure, the
    articles). ``profile`` is the incident's (``incident_profile``); without it
    the reports' own consensus is used."""
    if profile is None:
        profile = incident_profile(reports) if reports and "event" in reports[0] else {}
    profile = {**profile, f"contested_{key}": contested_figures(reports, profile, key)}
    per_doc: dict[str, tuple[int, str]] = {}  # doc_id -> (figure, published)
    claimed: dict[tuple, dict] = {}
    timely = any(figure_standing(r, profile, key) == "established" and not late_report(r, profile)
                 for r in reports)  # fmt: skip
    for r in reports:
        standing = figure_standing(r, profile, key)
        if standing == "established" and timely and late_report(r, profile):
            continue
        if standing is None:
            continue
        value = r[key]
        if standing == "claim":
            by = r.get("claimed_by") or r.get("claim_by") or (
                profile.get("source_actor") if value in profile[f"contested_{key}"] else None) or {}
            entry = claimed.setdefault((by.get("code"), value), {
                "by": by.get("code"), "by_name": by.get("name"), "figure": value, "sources": []})
            if r["doc_id"] not in entry["sources"]:
                entry["sources"].append(r["doc_id"])
            continue
        old = per_doc.get(r["doc_id"])
        # an article counts once: its largest established figure (a later paragraph's update)
        if old is None or value > old[0]:
            per_doc[r["doc_id"]] = (value, r.get("published") or "")
    claims = sorted(claimed.values(), key=lambda c: (-c["figure"], str(c["by"])))
    for c in claims:
        c["sources"].sort()
    empty = {"low": None, "best": None, "high": None,
             "sources": {"low": [], "best": [], "high": []}, "claims": claims}
    if not per_doc:
        return empty
    low = min(v[0] for v in per_doc.values())
    high = max(v[0] for v in per_doc.values())
    counts = Counter(v[0] for v in per_doc.values())
    top = max(counts.values())
    tied = {f for f, n in counts.items() if n == top}
    best = max((v[1], v[0]) for v in per_doc.values() if v[0] in tied)[1]

    def docs(figure: int) -> list[str]:
        return sorted(d for d, v in per_doc.items() if v[0] == figure)

    return {
        "low": low,
        "best": best,
        "high": high,
        "sources": {"low": docs(low), "best": docs(best), "high": docs(high)},
        "claims": claims,
    }


def internal_claims(reports: list[dict]) -> list[dict]:
    """The claims and denials among an incident's own reports."""
    claims = []
    for r in reports:
        if r.get("modality") not in ("claimed", "denied"):
            continue
        by = r.get("claimed_by") or {}
        claims.append({
            "stance": "denial" if r["modality"] == "denied" else "claim",
            "by": by.get("code"), "by_name": by.get("name"),
            "doc_id": r["doc_id"], "outlet": r.get("outlet"), "sentence": r.get("sentence"),
        })  # fmt: skip
    return claims


def record_order(report: dict) -> tuple[str, str, str]:
    """The order of an incident's reports in its record (``summarize``)."""
    return report.get("published") or "", report["doc_id"], report["event_id"]


def summarize(incident_id: str, reports: list[dict], *, links: Iterable[dict] = (),
              profile: dict | None = None) -> dict:  # fmt: skip
    """The incident record (what ``flashpoint incidents`` prints);
    ``profile``: ``incident_profile`` of the reports in ``record_order``,
    where the caller has it."""
    reports = sorted(reports, key=record_order)
    if profile is None:
        profile = incident_profile(reports)
    docs = {r["doc_id"] for r in reports}
    confidences = [r.get("confidence") or 0.5 for r in reports]
    confidence = 1.0 - math.prod(1.0 - min(c, 0.95) for c in confidences)
    if not profile["date"]:
        confidence *= 0.8
    if not profile["location"]:
        confidence *= 0.8
    first_reported = min((r.get("published") for r in reports if r.get("published")), default=None)
    mode = _consensus(r["event"].get("mode") for r in reports)
    contexts = sorted({c for r in reports for c in r["event"].get("contexts") or []})
    summary = {
        "kind": "incident",
        "id": incident_id,
        "event_type": profile["event_type"],
        "quad": QUAD_CLASS.get(profile["event_type"]),
        "mode": mode,
        "contexts": contexts,
        "source": profile["source_actor"],
        "target": profile["target_actor"],
        "date": profile["date"] or (first_reported or "")[:10] or None,
        "date_precision": profile["date_precision"],
        "date_basis": "event" if profile["date"] else ("reported" if first_reported else None),
        "location": profile["location"],
        "fatalities": reconcile(reports, "fatalities", profile),
        "injuries": reconcile(reports, "injuries", profile),
        "modality": incident_modality(reports),
        "reports": [
            {k: r.get(k) for k in ("doc_id", "outlet", "published", "sentence", "event_id",
                                   "modality", "claimed_by", "fatalities", "injuries")}
            for r in reports
        ],  # fmt: skip
        "sources": len(docs),
        "outlets": len({r.get("outlet") for r in reports if r.get("outlet")}),
        "first_reported": first_reported,
        "contested": False,
        "claims": [],
        "confidence": round(confidence, 3),
    }
    return relink(summary, links)


def incident_modality(reports: list[dict]) -> str:
    """The strongest modality among an incident's reports: ``asserted`` if any
    report states it, else ``claimed``, ``planned``, ``denied``,
    ``hypothetical``, ``negated``. Only ``asserted`` and ``claimed`` incidents
    happened (``happened``): the others never count in tolls, incident counts,
    the escalation index or the network."""
    present = {r.get("modality") or "asserted" for r in reports}
    return next((m for m in MODALITY_ORDER if m in present), "asserted")


def happened(incident: dict) -> bool:
    """Whether an incident record stands for something that happened (its
    reports assert or claim it), rather than only a denial, a negation, a
    hypothesis or a plan."""
    modality = incident.get("modality")
    if modality is None:
        modality = incident_modality(incident.get("reports") or [])
    return modality in HAPPENED


def relink(summary: dict, links: Iterable[dict]) -> dict:
    """The summary with its claims and ``contested`` recomputed from its own
    reports plus the given cross-incident ``links``."""
    links = list(links)
    reports = summary["reports"]
    modalities = {r.get("modality") for r in reports}
    own = internal_claims(reports)
    contested = bool(links) or ("denied" in modalities and bool(modalities & {"asserted", "claimed"}))
    return {**summary, "claims": own + links, "contested": contested}


def incident_id_for(report: dict, *, taken: Callable[[str], bool] = lambda i: False) -> str:
    """An incident is named after the event that founded it (``taken`` says
    whether an id is in use: a re-coded article's event may found a second one)."""
    incident = stable_id("incident", report["event_id"])
    n = 1
    while taken(incident):
        incident = stable_id("incident", report["event_id"], n)
        n += 1
    return incident


# --- claims and denials across incidents ---------------------------------------------


def _claimants_against(summary: dict) -> set[tuple[str, str]]:
    """(claimant, accused) pairs an incident stands for."""
    pairs = set()
    src, tgt = code_of(summary.get("source")), code_of(summary.get("target"))
    if summary["event_type"] == "ACCUSE" and src and tgt:
        pairs.add((src, tgt))
    for c in internal_claims(summary.get("reports") or []):
        if c["stance"] == "claim" and c.get("by") and src and c["by"] != src:
            pairs.add((c["by"], src))
    return pairs


def link_day(incident: dict) -> date | None:
    """The one day an incident's claim/denial links are judged by
    (``is_denial_of``): its date, or where it has none, the day it was first
    reported; None when neither is known (it may then be linked with an
    incident of any day). Not its date window: an incident known only to
    its year is linked as of its date, so its partners lie within
    ``DENIAL_WINDOW`` of that day, not anywhere in the year."""
    return parse_day(incident.get("date") or incident.get("first_reported"))


def is_denial_of(denial: dict, claim: dict, *,
                 claimants: set[tuple[str, str]] | None = None) -> bool:  # fmt: skip
    """A REJECT by the accused (of the accuser or of no one named) near the
    claim (``claimants``: the claim's ``_claimants_against``, when known)."""
    if denial["event_type"] != "REJECT" or denial["id"] == claim["id"]:
        return False
    who, whom = code_of(denial.get("source")), code_of(denial.get("target"))
    if not who:
        return False
    d1, d2 = link_day(denial), link_day(claim)
    if d1 and d2:
        delta = (d1 - d2).days
        if not DENIAL_WINDOW[0] <= delta <= DENIAL_WINDOW[1]:
            return False
    if claimants is None:
        claimants = _claimants_against(claim)
    return any(accused == who and whom in (None, claimant)
               for claimant, accused in claimants)  # fmt: skip


def _link(stance: str, other: dict) -> dict:
    first = (other.get("reports") or [{}])[0]
    actor = other.get("source") or {}
    return {
        "stance": stance, "by": actor.get("code"), "by_name": actor.get("name"),
        "doc_id": first.get("doc_id"), "outlet": first.get("outlet"),
        "sentence": first.get("sentence"), "incident": other["id"],
    }  # fmt: skip


class LinkIndex:
    """Incidents indexed for ``cross_links``: a denial is a REJECT whose
    source is the accused of a claim (``is_denial_of``), so an incident's
    possible partners are the REJECTs by those its claims accuse and, for a
    REJECT, the incidents whose claims accuse its source. Looking partners up
    by those codes, not pairing every incident with every other, keeps
    relinking a busy window linear; the links are those of trying every
    pair."""

    def __init__(self, incidents: Iterable[dict], *,
                 known: dict[int, tuple[dict, set[tuple[str, str]]]] | None = None) -> None:  # fmt: skip
        #: each incident's ``_claimants_against``, by the record object (kept
        #: in the entry, so its id is not reused); ``known``: a caller's,
        #: shared by every index over records that are never changed
        self._claimants = {} if known is None else known
        self._rejects_by: dict[str, list[dict]] = {}  # REJECT source -> REJECTs
        self._accusing: dict[str, list[dict]] = {}  # accused -> incidents accusing it
        for incident in incidents:
            who = code_of(incident.get("source"))
            if incident["event_type"] == "REJECT" and who:
                self._rejects_by.setdefault(who, []).append(incident)
            for accused in {a for _, a in self.claimants(incident)}:
                self._accusing.setdefault(accused, []).append(incident)

    def claimants(self, incident: dict) -> set[tuple[str, str]]:
        known = self._claimants.get(id(incident))
        if known is None:
            known = self._claimants[id(incident)] = (incident, _claimants_against(incident))
        return known[1]

    def links(self, summary: dict) -> list[dict]:
        """Claim/denial links between ``summary`` and the indexed incidents."""
        partners: dict[str, dict] = {}
        for accused in {a for _, a in self.claimants(summary)}:
            for other in self._rejects_by.get(accused, ()):
                partners[other["id"]] = other
        who = code_of(summary.get("source"))
        if summary["event_type"] == "REJECT" and who:
            for other in self._accusing.get(who, ()):
                partners[other["id"]] = other
        links = []
        for incident in sorted(partners):
            other = partners[incident]
            if incident == summary["id"]:
                continue
            if is_denial_of(other, summary, claimants=self.claimants(summary)):
                links.append(_link("denial", other))
            elif is_denial_of(summary, other, claimants=self.claimants(other)):
                links.append(_link("claim", other))
        return links


def cross_links(summary: dict, neighbours: Iterable[dict]) -> list[dict]:
    """Claim/denial links between an incident and nearby incidents (for many
    incidents against the same neighbours, build one ``LinkIndex``)."""
    return LinkIndex(neighbours).links(summary)


# --- in-memory fusion -----------------------------------------------------------------


@dataclass
class Fusion:
    """Incidents held in memory, built one article at a time."""

    reports: dict[str, list[dict]] = field(default_factory=dict)  # incident id -> reports

    def add_article(self, article: dict, events: list[dict]) -> set[str]:
        """Fuse one article's events; returns the ids of incidents that changed."""
        doc_id = article.get("doc_id") or (events[0]["doc_id"] if events else None)
        new = article_reports(events, article)
        old = [r for rs in self.reports.values() for r in rs if r["doc_id"] == doc_id]
        if same_reports(old, new):
            return set()
        changed = self.remove_doc(doc_id)
        for report in new:
            incident = assign(report, self.candidates())
            if incident is None:
                incident = incident_id_for(report, taken=self.reports.__contains__)
                self.reports[incident] = []
            self.reports[incident].append(report)
            changed.add(incident)
        return changed

    def remove_doc(self, doc_id: str | None) -> set[str]:
        changed = set()
        for incident, rs in list(self.reports.items()):
            kept = [r for r in rs if r["doc_id"] != doc_id]
            if len(kept) != len(rs):
                changed.add(incident)
                if kept:
                    self.reports[incident] = kept
                else:
                    del self.reports[incident]
        return changed

    def candidates(self) -> list[tuple[str, list[dict]]]:
        return list(self.reports.items())

    def incidents(self) -> list[dict]:
        summaries = [summarize(i, rs) for i, rs in self.reports.items()]
        index = LinkIndex(summaries)
        linked = [relink(s, index.links(s)) for s in summaries]
        return sorted(linked, key=lambda s: (s["date"] or "", s["id"]))


def same_reports(old: list[dict], new: list[dict]) -> bool:
    """Whether an article's reports are unchanged (its events re-coded the same)."""

    def key(rs: list[dict]) -> list:
        return sorted((r["event_id"], repr(sorted(r["event"].items()))) for r in rs)

    return bool(old) and key(old) == key(new)


def ordered(events: Iterable[dict]) -> list[dict]:
    """An article's events in the order fusion takes them: dated first, by date,
    then by position in the text (the same order in memory and in the store)."""
    return sorted(events, key=lambda e: (e.get("date") is None, e.get("date") or "",
                                         (e.get("evidence") or {}).get("start") or 0,
                                         e.get("id") or ""))  # fmt: skip


def assign(report: dict, candidates: Iterable[tuple[str, list[dict]]], *,
           profiles: dict[str, dict] | None = None) -> str | None:  # fmt: skip
    """The id of the incident this report belongs to, or None for a new one.

    ``profiles``: a cache of ``incident_profile`` by incident id, filled here;
    the caller drops an incident's entry whenever its reports change. An
    incident of another type is passed over before its profile is made (it
    could never match)."""
    profile = report_profile(report)
    kind = profile["event_type"]

    def profiled():
        for incident, reports in candidates:
            if not reports or reports[0]["event"]["event_type"] != kind:
                continue
            known = profiles.get(incident) if profiles is not None else None
            if known is None:
                known = incident_profile(reports)
                if profiles is not None:
                    profiles[incident] = known
            yield incident, len(reports), known

    return best_incident(profile, profiled())


def best_incident(profile: dict, candidates: Iterable[tuple[str, int, dict]]) -> str | None:
    """``assign`` on profiles: of ``candidates`` (incident id, its number of
    reports, its ``incident_profile``), the one a report of ``profile``
    matches best (``match_score``; then the incident of more reports; then
    the smaller id), or None when it matches none."""
    best: tuple[float, int, str] | None = None
    for incident, size, known in candidates:
        score = match_score(profile, known)
        if score is None:
            continue
        key = (score, size, incident)
        if best is None or (key[0], key[1]) > (best[0], best[1]) or (
            (key[0], key[1]) == (best[0], best[1]) and incident < best[2]
        ):
            best = key
    return best[2] if best else None


def fuse(articles: Iterable[dict], events: Iterable[dict]) -> list[dict]:
    """Incidents from article dicts and SPEC event dicts, fused article by article
    in publication order (the same result ``update_for_article`` builds)."""
    by_doc: dict[str, list[dict]] = {}
    for e in events:
        by_doc.setdefault(e["doc_id"], []).append(e)
    known = {a["doc_id"]: a for a in articles}
    for doc_id in by_doc:
        known.setdefault(doc_id, {"doc_id": doc_id})
    fusion = Fusion()
    for article in sorted(known.values(), key=lambda a: (a.get("published") or "", a["doc_id"])):
        fusion.add_article(article, by_doc.get(article["doc_id"], []))
    return fusion.incidents()
