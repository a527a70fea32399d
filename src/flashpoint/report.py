"""The briefing: one to three pages on a dyad over a period, from the store.

    from flashpoint.report import write_report
    write_report(store, "brief.pdf", dyad="IND-PAK", since="2025-05-01")

``collect`` reads the store into one plain dict (the briefing's content);
``render_html`` and ``render_markdown`` turn it into a page through the
Jinja2 templates in ``data/report/`` (HTML autoescaped: every article-derived
string is escaped); ``html_to_pdf`` prints the HTML with headless Chromium.
Nothing is fetched from the network: the chart is an SVG drawn by
``vl-convert`` and inlined, the CSS is inline, fonts are the system's.

Sections: headline summary, key developments (the most severe and the most
reported incidents), escalation chart, casualties (low / best / high with the
outlets behind each), who said what, mediation status (the diplomacy
timeline), and the method line.
"""

from __future__ import annotations

import base64
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2

from flashpoint import __version__, analyze, charts, fuse
from flashpoint.datafiles import parse_yaml
from flashpoint.links import absolute, incident_href
from flashpoint.models import QUAD_CLASS
from flashpoint.nlp.actor_dictionary import code_names
from flashpoint.store.store import parse_day

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md"}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ENV = "FLASHPOINT_CHROMIUM"
INSTALL_HINT = (
    "PDF output needs Chromium (headless print-to-PDF): install it "
    "(Debian/Ubuntu: `apt-get install chromium`) or set FLASHPOINT_CHROMIUM to a "
    "Chromium or Chrome binary. HTML (-o brief.html) and Markdown (-o brief.md) work without it."
)


MAX_PAGES = 3
# Shorter lists to print again with when a PDF runs past MAX_PAGES.
SHORTER = (
    {"developments": 6, "casualties": 6, "quotes": 6, "diplomacy_entries": 4},
    {"developments": 4, "casualties": 4, "quotes": 4, "diplomacy_entries": 3},
)


class ReportError(RuntimeError):
    """The briefing could not be written (the message says why)."""


class RendererMissing(ReportError):
    """No PDF renderer (Chromium) is installed."""


@dataclass
class ReportResult:
    path: Path
    fmt: str
    pages: int | None = None  # PDF only
    extra_files: tuple[Path, ...] = ()  # Markdown: the chart written beside it


def report_format(path: str | os.PathLike[str]) -> str:
    """``html``, ``pdf`` or ``md`` from the file's extension."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"the output must end in .html, .pdf or .md, not {str(path)!r}")
    return fmt


# --- data files ----------------------------------------------------------------------


def _data_dir():
    return files("flashpoint") / "data"


@cache
def phrases() -> dict:
    """The words of ``data/report/phrases.yaml``."""
    raw = (_data_dir() / "report" / "phrases.yaml").read_text(encoding="utf-8")
    table = parse_yaml(raw, source="phrases.yaml", kind="report/phrases.yaml")
    for key in ("types", "modes", "diplomacy"):
        table.setdefault(key, {})
    table.setdefault("unknown_actor", "An unidentified actor")
    return table


def actor_names() -> dict[str, str]:
    """Actor code -> display name (the actor tables' one owner:
    ``nlp.actor_dictionary.code_names``)."""
    return code_names()


def code_name(code: str | None) -> str | None:
    return actor_names().get(code, code) if code else None


def actor_label(actor: dict | None) -> str | None:
    """``Marco Rubio (United States)``, ``India``, or None when unknown."""
    actor = actor or {}
    country = code_name(actor.get("code"))
    person = actor.get("name")
    if person and country and person != country:
        return f"{person} ({country})"
    return person or country


# --- periods and relevance -------------------------------------------------------------


def incident_day(incident: dict) -> date | None:
    """The day an incident counts on in a period: its date (any precision),
    else the day it was first reported."""
    return parse_day(incident.get("date")) or parse_day(incident.get("first_reported"))


def _in_period(day: date | None, since: date | None, until: date | None) -> bool:
    if day is None:
        return since is None and until is None
    return (since is None or day >= since) and (until is None or day <= until)


def touches(incident: dict, pair: tuple[str, str]) -> bool:
    """Whether an incident concerns the dyad: one of its actors is a member,
    or it happened in a member's territory."""
    codes = {(incident.get(k) or {}).get("code") for k in ("source", "target")}
    country = (incident.get("location") or {}).get("country")
    return bool(codes & set(pair)) or country in pair


def default_dyad(incidents: Iterable[dict]) -> str | None:
    """The unordered dyad with the most incidents (``IND-PAK``), or None."""
    counts: Counter[tuple[str, str]] = Counter()
    for incident in incidents:
        a = (incident.get("source") or {}).get("code")
        b = (incident.get("target") or {}).get("code")
        if a and b and a != b:
            counts[tuple(sorted((a, b)))] += 1
    if not counts:
        return None
    (a, b), _ = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return f"{a}-{b}"


# --- sections ------------------------------------------------------------------------------


def describe(incident: dict) -> str:
    """A one-line description: who did what to whom, how, where, the toll."""
    words = phrases()
    source = actor_label(incident.get("source")) or words["unknown_actor"]
    target_actor = incident.get("target") or {}
    if QUAD_CLASS.get(incident["event_type"], "").startswith("material") and target_actor.get(
        "code"
    ):
        target_actor = {"code": target_actor["code"]}  # "attacked India", not a person
    target = actor_label(target_actor)
    verbs = words["types"].get(incident["event_type"]) or {}
    if target:
        verb = (verbs.get("with_target") or "{target}: " + incident["event_type"]).format(
            target=target
        )
    else:
        verb = verbs.get("alone") or incident["event_type"]
    line = f"{source} {verb}"
    mode = incident.get("mode")
    if mode:
        line += f" ({words['modes'].get(mode, mode)})"
    place = (incident.get("location") or {}).get("name")
    if place:
        line += f" at {place}"
    tolls = []
    for key, word in (("fatalities", "killed"), ("injuries", "injured")):
        figures = incident.get(key) or {}
        if figures.get("best") is not None:
            tolls.append(f"{_range_text(figures)} {word}")
    if tolls:
        line += "; " + ", ".join(tolls)
    return line


def _range_text(figures: dict) -> str:
    low, best, high = figures.get("low"), figures.get("best"), figures.get("high")
    if low == high or low is None or high is None:
        return str(best)
    return f"{best} (range {low}-{high})"


def _severity(incident: dict, weights: dict) -> float:
    return -analyze.incident_weight(incident, weights)


def key_developments(incidents: list[dict], *, limit: int, weights: dict,
                     turning: Iterable[dict] = (),
                     lookup: Iterable[dict] = ()) -> list[dict]:  # fmt: skip
    """Turning points first (``analyze.turning_points`` rows: ceasefires,
    agreements, violations, talks; the best reported of each kind and day),
    then the most severe and the most reported incidents (half each, the
    rest filled by the other order); by date. Each incident chosen carries
    ``turning`` (its kind, or None). A turning point is looked up among
    ``incidents`` and ``lookup`` (it may name one side only: "both sides
    agreed")."""
    by_id = {i["id"]: i for i in [*lookup, *incidents]}
    chosen: dict[str, dict] = {}
    best_turns: dict[tuple, dict] = {}
    for row in turning:
        key = (row["kind"], row["date"])
        if key not in best_turns or row["sources"] > best_turns[key]["sources"]:
            best_turns[key] = row
    for row in sorted(best_turns.values(), key=lambda r: (-r["sources"], r["date"] or "")):
        if len(chosen) >= max(1, limit - 2):
            break
        incident = by_id.get(row["incident"])
        if incident is not None:
            chosen[incident["id"]] = {**incident, "turning": row["kind"]}
    rest = [i for i in incidents if i["id"] not in chosen]
    for incident in _severe_and_reported(rest, limit=limit - len(chosen), weights=weights):
        chosen[incident["id"]] = {**incident, "turning": None}
    return sorted(chosen.values(), key=lambda i: (str(incident_day(i) or "9999"), i["id"]))


def _severe_and_reported(incidents: list[dict], *, limit: int, weights: dict) -> list[dict]:
    """The most severe and the most reported incidents (half each, the rest
    filled by the other order)."""
    if limit <= 0:
        return []
    severe = sorted(
        incidents, key=lambda i: (-_severity(i, weights), -i.get("sources", 0), i["id"])
    )
    reported = sorted(incidents, key=lambda i: (-i.get("sources", 0), -_severity(i, weights),
                                                i["id"]))  # fmt: skip
    chosen: dict[str, dict] = {}
    for pool, quota in ((severe, math.ceil(limit / 2)), (reported, limit)):
        for incident in pool:
            if len(chosen) >= quota:
                break
            chosen.setdefault(incident["id"], incident)
    return list(chosen.values())


def _outlets(doc_ids: Iterable[str], articles: dict[str, dict]) -> list[str]:
    seen: dict[str, None] = {}
    for doc_id in doc_ids:
        seen.setdefault((articles.get(doc_id) or {}).get("outlet") or doc_id, None)
    return list(seen)


#: where ``flashpoint serve`` answers by default: the briefing's incident links
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
CITED_ARTICLES = 4  # a development's sources cited by name and link; the rest counted


def safe_url(url: str | None) -> str | None:
    """An article's URL when it is a web address (http or https); None for
    anything else (a ``javascript:`` or ``data:`` URL is hostile input, never
    a link)."""
    if not url:
        return None
    text = str(url).strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe=":/?&=#%+@,;~!$'*-._")


def incident_url(incident_id: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The incident's page on the dashboard at ``base_url``."""
    return absolute(incident_href(incident_id), base_url)


def citations(doc_ids: Iterable[str], articles: dict[str, dict]) -> list[dict]:
    """The articles behind a figure or a development, each once, in order:
    ``outlet`` (its doc_id when unknown), ``url`` (``safe_url``: None when
    there is no web address), ``title``, ``published``."""
    cited: dict[str, dict] = {}
    for doc_id in doc_ids:
        if doc_id in cited:
            continue
        article = articles.get(doc_id) or {}
        cited[doc_id] = {"doc_id": doc_id, "outlet": article.get("outlet") or doc_id,
                         "url": safe_url(article.get("url")), "title": article.get("title"),
                         "published": article.get("published")}  # fmt: skip
    return list(cited.values())


def development_row(incident: dict, articles: dict[str, dict], *,
                    base_url: str = DEFAULT_BASE_URL) -> dict:  # fmt: skip
    first = (incident.get("reports") or [{}])[0]
    article = articles.get(first.get("doc_id")) or {}
    turning = incident.get("turning")
    description = describe(incident)
    if turning:
        description = f"{turning.capitalize()}: {description}"
    return {
        "id": incident["id"],
        "date": (incident_day(incident) or "").__str__() or None,
        "dated": incident.get("date_basis", "event") == "event" and bool(incident.get("date")),
        "place": (incident.get("location") or {}).get("name"),
        "description": description,
        "turning": turning,
        "modality": incident.get("modality"),
        "event_type": incident["event_type"],
        "sources": incident.get("sources", 0),
        "outlets": incident.get("outlets", 0),
        "contested": bool(incident.get("contested")),
        "first_outlet": article.get("outlet") or first.get("outlet"),
        "first_title": article.get("title"),
        "incident_url": incident_url(incident["id"], base_url),
        "cited": citations((r["doc_id"] for r in incident.get("reports") or []
                            if r.get("doc_id")), articles)[:CITED_ARTICLES],  # fmt: skip
    }


def casualty_table(incidents: list[dict], articles: dict[str, dict], *, limit: int,
                   base_url: str = DEFAULT_BASE_URL) -> list[dict]:  # fmt: skip
    """Incidents with a toll, deadliest first: low / best / high killed and
    injured, the outlets behind each figure (``cited``: with their links)
    and the incident's page."""
    rows = []
    killed = charts.casualty_rows(incidents, key="fatalities")
    injured_only = [r for r in charts.casualty_rows(incidents, key="injuries")
                    if r["incident"] not in {k["incident"] for k in killed}]  # fmt: skip
    by_id = {i["id"]: i for i in incidents}
    for row in (killed + injured_only)[:limit]:
        incident = by_id[row["incident"]]
        figures = {key: incident.get(key) or {} for key in ("fatalities", "injuries")}
        sources = []
        for key, word in (("fatalities", "killed"), ("injuries", "injured")):
            f = figures[key]
            if f.get("best") is None:
                continue
            for level in ("low", "best", "high"):
                if level != "best" and f.get(level) == f.get("best"):
                    continue
                doc_ids = (f.get("sources") or {}).get(level) or []
                outlets = _outlets(doc_ids, articles)
                if outlets:
                    sources.append({"figure": f"{f[level]} {word}", "level": level,
                                    "outlets": outlets,
                                    "cited": citations(doc_ids, articles)})  # fmt: skip
        rows.append({
            "date": str(incident_day(incident) or "") or None,
            "what": describe({**incident, "fatalities": None, "injuries": None}),
            "place": (incident.get("location") or {}).get("name"),
            "killed": {k: figures["fatalities"].get(k) for k in ("low", "best", "high")},
            "injured": {k: figures["injuries"].get(k) for k in ("low", "best", "high")},
            "sources": sources,
            "reports": incident.get("sources", 0),
            "incident_url": incident_url(incident["id"], base_url),
            "contested": bool(incident.get("contested")),
            "claims": [f"{c['figure']} killed, claimed by {code_name(c.get('by')) or 'an unnamed source'}"
                       for c in figures["fatalities"].get("claims") or []],
        })  # fmt: skip
    return rows


def _speaker_key(speaker: dict) -> str:
    return speaker.get("name") or speaker.get("code") or ""


def notable_statements(
    statements: list[dict],
    articles: dict[str, dict],
    *,
    pair: tuple[str, str],
    since: date | None,
    until: date | None,
    limit: int,
    max_words: int = 60,
) -> list[dict]:
    """Quotes worth a line: a known speaker, a quote of some length, at most
    two per speaker, named officials and the dyad's members first; by date."""
    scored = []
    seen_quotes: set[str] = set()
    for st in statements:
        speaker = st.get("speaker") or {}
        article = articles.get(st.get("doc_id")) or {}
        day = parse_day(st.get("date")) or parse_day(article.get("published"))
        quote = " ".join((st.get("quote") or "").split())
        n_words = len(quote.split())
        if not _speaker_key(speaker) or n_words < 5 or not _in_period(day, since, until):
            continue
        if quote.lower() in seen_quotes:
            continue
        seen_quotes.add(quote.lower())
        score = 2 * bool(speaker.get("name")) + bool(speaker.get("role"))
        score += 1 if speaker.get("code") in pair else 0
        score += 1 if 8 <= n_words <= 40 else 0
        if n_words > max_words:
            quote = " ".join(quote.split()[:max_words]) + " ..."
        scored.append((score, day, st, speaker, quote, article))
    scored.sort(key=lambda s: (-s[0], str(s[1] or "9999"), s[2]["id"]))
    per_speaker: Counter[str] = Counter()
    chosen = []
    for _score, day, st, speaker, quote, article in scored:
        key = _speaker_key(speaker)
        if per_speaker[key] >= 2:
            continue
        per_speaker[key] += 1
        label = actor_label(speaker) or speaker.get("text")
        if speaker.get("role") and speaker.get("name"):
            label = (
                f"{speaker['name']}, {speaker['role']} ({code_name(speaker.get('code')) or '?'})"
            )
        chosen.append({"date": str(day) if day else None, "speaker": label, "quote": quote,
                       "outlet": article.get("outlet"), "doc_id": st.get("doc_id")})  # fmt: skip
        if len(chosen) >= limit:
            break
    return sorted(chosen, key=lambda c: (c["date"] or "9999", c["speaker"] or ""))


def _short_date(value: str | None) -> str:
    day = parse_day(value)
    return f"{day.day} {day.strftime('%b')}" if day else "undated"


def mediation(rows: list[dict], *, per_kind: int = 6) -> dict:
    """The diplomacy timeline grouped by kind: per kind the actors with their
    dates and counterparts; and a one-line status."""
    labels = phrases()["diplomacy"]
    grouped: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        who = (f"{row['actor_name']} ({code_name(row['actor'])})"
               if row.get("actor_name") and row.get("actor_name") != code_name(row.get("actor"))
               else code_name(row.get("actor")) or "?")  # fmt: skip
        entry = grouped[row["kind"]].setdefault(
            who, {"who": who, "dates": [], "counterparts": [], "sources": 0}
        )
        short = _short_date(row.get("date"))
        if short not in entry["dates"]:
            entry["dates"].append(short)
        counterpart = code_name(row.get("counterpart"))
        if counterpart and counterpart not in entry["counterparts"]:
            entry["counterparts"].append(counterpart)
        entry["sources"] += row.get("sources") or 0
    kinds = []
    order = list(labels) + sorted(k for k in grouped if k not in labels)
    for kind in order:
        if kind not in grouped:
            continue
        entries = sorted(grouped[kind].values(), key=lambda e: (-e["sources"], e["who"]))
        kinds.append({"kind": kind, "label": labels.get(kind, kind), "count": len(entries),
                      "entries": entries[:per_kind], "more": max(0, len(entries) - per_kind)})  # fmt: skip
    return {"kinds": kinds, "status": _mediation_status(grouped, rows), "events": len(rows)}


def _mediation_status(grouped: dict[str, dict[str, dict]], rows: list[dict]) -> str:
    if not rows:
        return "No third-party diplomacy with the two sides was found in this period."
    parts = []
    for kind in ("ceasefire", "agreement"):
        dated = [r for r in rows if r["kind"] == kind]
        if dated:  # the best reported one (ties: the first), not merely the latest mention
            top = min(dated, key=lambda r: (-(r.get("sources") or 0), r.get("date") or "9999"))
            parts.append(f"{kind} reported on {_short_date(top.get('date'))} "
                         f"({top.get('sources', 0)} sources)")  # fmt: skip
    offers = list(grouped.get("offer to mediate", {}))
    parts.append("offers to mediate from " + ", ".join(offers) if offers
                 else "no offer to mediate recorded")  # fmt: skip
    for kind, word in (("acceptance", "accepted by"), ("rejection", "rejections by")):
        who = list(grouped.get(kind, {}))
        parts.append(f"{word} " + ", ".join(who) if who else f"no {kind} recorded")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


# --- collecting ------------------------------------------------------------------------------


def collect(
    store,
    *,
    dyad: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    developments: int = 8,
    casualties: int = 8,
    quotes: int = 8,
    diplomacy_entries: int = 6,
    now: datetime | None = None,
    on_step: Callable[[str], None] | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> dict:
    """The briefing's content as a plain dict (what the templates render).
    Key developments and casualty figures cite their articles (outlet and
    URL) and link their incident's page on the dashboard at ``base_url``.

    ``dyad`` defaults to the pair of actors with the most incidents; the
    period shown to the first and last publication dates in the store (and
    then no incident is left out by its date: the counts, the index and the
    totals are the dashboard's, from ``analyze.crisis_incidents``).
    """
    step = on_step or (lambda message: None)
    step("reading articles and incidents")
    articles_list = store.articles(with_text=False)
    articles = {a["doc_id"]: a for a in articles_list}
    all_incidents = fuse.stored_incidents(store)
    published = sorted(d for a in articles_list if (d := parse_day(a.get("published"))))
    since_d = parse_day(since) or (published[0] if published else None)
    until_d = parse_day(until) or (published[-1] if published else None)
    if dyad is None:
        dyad = default_dyad(all_incidents)
    pair = analyze.parse_pair(dyad) if dyad else ("", "")
    dyad = f"{pair[0]}-{pair[1]}" if dyad else None
    # without an explicit period every incident counts (background and what did not
    # happen are left out by analyze.crisis_incidents), as on the dashboard
    period = [i for i in all_incidents if since is None and until is None
              or _in_period(incident_day(i), since_d, until_d)]  # fmt: skip
    counted = [i for i in period if fuse.happened(i) and not analyze.background(i)]
    relevant = [i for i in counted if touches(i, pair)] if dyad else counted
    crisis = analyze.crisis_incidents(period, dyad) if dyad else counted
    in_articles = [
        a for a in articles_list if _in_period(parse_day(a.get("published")), since_d, until_d)
    ]
    weights = analyze.load_intensity()

    step("escalation index and diplomacy timeline")
    series = analyze.escalation(period, dyad, weights=weights) if dyad else []
    diplomacy_rows = analyze.diplomacy(period, dyad) if dyad else []
    turning = analyze.turning_points(period, dyad) if dyad else []
    step("statements")
    statements = notable_statements(store.statements(), articles, pair=pair, since=since_d,
                                    until=until_d, limit=quotes)  # fmt: skip
    developments_rows = [development_row(i, articles, base_url=base_url)
                         for i in key_developments(relevant, limit=developments, weights=weights,
                                                   turning=turning, lookup=counted)]  # fmt: skip
    # the table lists every incident touching the two (an armed group's attack in
    # one of them too); the totals above it are the dyad's (analyze.casualty_totals)
    casualty_rows = casualty_table(relevant, articles, limit=casualties, base_url=base_url)
    quads = Counter(QUAD_CLASS.get(i["event_type"]) for i in crisis)
    names = [code_name(c) for c in pair] if dyad else []
    generated = (now or datetime.now(UTC)).astimezone(UTC)
    brief = {
        "base_url": base_url.rstrip("/"),
        "title": f"Briefing: {' and '.join(names)}" if names else "Briefing",
        "dyad": dyad,
        "dyad_names": names,
        "since": since_d.isoformat() if since_d else None,
        "until": until_d.isoformat() if until_d else None,
        "counts": {
            "articles": len(in_articles),
            "outlets": len({a["outlet"] for a in in_articles if a.get("outlet")}),
            "incidents": len(crisis),
            "incidents_touching": len(relevant),
            "incidents_all": len(period),
            "material_conflict": quads.get("material_conflict", 0),
            "cooperation": quads.get("verbal_cooperation", 0)
            + quads.get("material_cooperation", 0),
            "statements": len(statements),
        },
        "developments": developments_rows,
        "turning_points": turning,
        "totals": analyze.casualty_totals(crisis),
        "escalation": series,
        "sides": list(analyze.sides(dyad)) if dyad else [],
        "jumps": [{**r, "by": [side for side, v in (r.get("sides") or {}).items() if v["jump"]]}
                  for r in series if r.get("jump")],  # fmt: skip
        "peak": min(series, key=lambda r: (r["index"], r["date"])) if series else None,
        "casualties": casualty_rows,
        "statements": statements,
        "mediation": mediation(diplomacy_rows, per_kind=diplomacy_entries),
        "method": {
            "version": __version__,
            "database": _database_label(store),
            "corpus_articles": len(articles_list),
            "corpus_outlets": len({a["outlet"] for a in articles_list if a.get("outlet")}),
            "first_published": published[0].isoformat() if published else None,
            "last_published": published[-1].isoformat() if published else None,
            "generated": generated.strftime("%Y-%m-%d %H:%M UTC"),
        },
    }
    brief["summary"] = summary_line(brief)
    return brief


def _database_label(store) -> str:
    try:
        url = store.engine.url
    except AttributeError:
        return "?"
    if url.get_backend_name() == "sqlite":
        return Path(url.database).name if url.database else "in-memory SQLite"
    return url.render_as_string(hide_password=True)


def summary_line(brief: dict) -> str:
    """The headline sentence, from the collected numbers."""
    c = brief["counts"]
    who = " and ".join(brief["dyad_names"]) or "the actors"
    text = (f"From {_long_date(brief['since'])} to {_long_date(brief['until'])}, "
            f"{c['articles']} articles from {c['outlets']} outlets reported "
            f"{c['incidents']} incidents between {who}, "
            f"{c['material_conflict']} of them material conflict (attacks, coercion, "
            f"mobilisation) and {c['cooperation']} cooperative.")  # fmt: skip
    killed = (brief.get("totals") or {}).get("fatalities") or {}
    if killed.get("incidents"):
        text += (f" Established tolls: {killed['best']} killed (range {killed['low']}-"
                 f"{killed['high']}) over {killed['incidents']} incident"
                 f"{'s' if killed['incidents'] != 1 else ''}; one side's claims are not counted.")  # fmt: skip
    if brief["casualties"]:
        top = brief["casualties"][0]
        if top["killed"].get("best") is not None:
            text += (f" The deadliest incident reported: {top['killed']['best']} killed"
                     f"{' at ' + top['place'] if top.get('place') else ''}"
                     f" ({_long_date(top['date'])}).")  # fmt: skip
    turns = [t for t in brief.get("turning_points") or [] if t["kind"] in ("ceasefire", "agreement")]
    if turns:
        first = min(turns, key=lambda t: (t["date"] or "9999", -t["sources"]))
        text += (f" The first {first['kind']} was reported on {_long_date(first['date'])}"
                 f" ({first['sources']} source{'s' if first['sources'] != 1 else ''}).")  # fmt: skip
    if brief["peak"] and brief["peak"]["index"] < 0:
        text += f" The escalation index was at its lowest on {_long_date(brief['peak']['date'])}."
    return text


def _long_date(value: str | None) -> str:
    day = parse_day(value)
    return f"{day.day} {day.strftime('%B %Y')}" if day else "an unknown date"


# --- rendering -------------------------------------------------------------------------------


def _environment(*, autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: (_data_dir() / "report" / name).read_text(encoding="utf-8")
        ),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["short_date"] = _short_date
    env.filters["long_date"] = _long_date
    env.filters["md"] = markdown_escape
    env.globals["md_link"] = markdown_link
    env.filters["num"] = lambda v: "-" if v is None else str(v)
    return env


def chart_svg(brief: dict) -> str | None:
    """The escalation chart as SVG (None when the series is empty)."""
    if not brief["escalation"]:
        return None
    spec = charts.escalation_chart(brief["escalation"], dyad=brief["dyad"], title="",
                                   width=640, height=150)  # fmt: skip
    return charts.to_svg(spec)


def render_html(brief: dict, *, svg: str | None = None) -> str:
    """The briefing as one self-contained HTML page (the chart as an inline
    ``data:`` image, so no markup from it runs in the page)."""
    image = None
    if svg:
        image = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()
    css = (_data_dir() / "report" / "brief.css").read_text(encoding="utf-8")
    return (
        _environment(autoescape=True)
        .get_template("brief.html.j2")
        .render(b=brief, chart=image, css=css)
    )


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def markdown_escape(value) -> str:
    """Article-derived text made inert in Markdown: one line, HTML special
    characters as entities, Markdown punctuation backslash-escaped."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_link(text, url: str | None) -> str:
    """``[text](url)`` with the text escaped (``markdown_escape``) and the
    URL's parentheses, spaces and angle brackets percent-encoded; the text
    alone when there is no URL."""
    label = markdown_escape(text)
    if not url:
        return label
    target = "".join({"(": "%28", ")": "%29", " ": "%20", "<": "%3C", ">": "%3E"}.get(ch, ch)
                     for ch in str(url))  # fmt: skip
    return f"[{label}]({target})"


def render_markdown(brief: dict, *, chart_file: str | None = None) -> str:
    """The briefing as Markdown (``chart_file``: the chart image's name,
    written beside the Markdown file)."""
    return (
        _environment(autoescape=False)
        .get_template("brief.md.j2")
        .render(b=brief, chart_file=chart_file)
    )


# --- PDF ---------------------------------------------------------------------------------------


def find_chromium() -> str | None:
    """The Chromium binary: $FLASHPOINT_CHROMIUM, else the first of
    ``chromium``, ``chromium-browser``, ``google-chrome`` on the PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(
    html: str,
    output: str | os.PathLike[str],
    *,
    chromium: str | None = None,
    timeout_s: float = 120.0,
) -> int:
    """Print ``html`` to a PDF at ``output`` with headless Chromium; returns
    the page count. Raises ``RendererMissing`` without Chromium."""
    binary = chromium or find_chromium()
    if not binary:
        raise RendererMissing(INSTALL_HINT)
    output = Path(output).resolve()
    with tempfile.TemporaryDirectory(prefix="flashpoint-report-") as tmp:
        page = Path(tmp) / "brief.html"
        page.write_text(html, encoding="utf-8")
        target = Path(tmp) / "brief.pdf"
        command = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-component-update",
            f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={target}",
            page.as_uri(),
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
        except FileNotFoundError as exc:
            raise RendererMissing(INSTALL_HINT) from exc
        except subprocess.TimeoutExpired as exc:
            raise ReportError(f"Chromium did not finish printing within {timeout_s:.0f} s") from exc
        if not target.exists() or target.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise ReportError(f"Chromium made no PDF (exit {done.returncode}): " + " | ".join(tail))
        data = target.read_bytes()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    return pdf_page_count(data)


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF whose page objects are not compressed (Chromium's)."""
    return len(_PAGE_OBJECT.findall(data))


# --- writing ------------------------------------------------------------------------------------


def write_report(
    store,
    output: str | os.PathLike[str],
    *,
    dyad: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    chromium: str | None = None,
    now: datetime | None = None,
    on_step: Callable[[str], None] | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> ReportResult:
    """Write the briefing to ``output``; its format from the extension
    (``.html``, ``.pdf``, ``.md``). A PDF without Chromium raises
    ``RendererMissing`` before anything is read; a PDF longer than
    ``MAX_PAGES`` is printed again with shorter lists (``SHORTER``)."""
    output = Path(output)
    fmt = report_format(output)
    step = on_step or (lambda message: None)
    if fmt == "pdf" and not (chromium or find_chromium()):
        raise RendererMissing(INSTALL_HINT)
    brief = collect(store, dyad=dyad, since=since, until=until, now=now, on_step=step,
                    base_url=base_url)
    step("drawing the escalation chart")
    svg = chart_svg(brief)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        extra: tuple[Path, ...] = ()
        chart_name = None
        if svg:
            chart_path = output.with_name(output.stem + ".escalation.svg")
            chart_path.write_text(svg, encoding="utf-8")
            chart_name, extra = chart_path.name, (chart_path,)
        output.write_text(render_markdown(brief, chart_file=chart_name), encoding="utf-8")
        return ReportResult(output, fmt, extra_files=extra)
    html = render_html(brief, svg=svg)
    if fmt == "html":
        output.write_text(html, encoding="utf-8")
        return ReportResult(output, fmt)
    step("printing the PDF with Chromium")
    pages = html_to_pdf(html, output, chromium=chromium)
    for limits in SHORTER:
        if pages <= MAX_PAGES:
            break
        step(f"{pages} pages: printing again with shorter lists")
        brief = collect(store, dyad=dyad, since=since, until=until, now=now, base_url=base_url,
                        **limits)
        pages = html_to_pdf(render_html(brief, svg=svg), output, chromium=chromium)
    return ReportResult(output, fmt, pages=pages)
