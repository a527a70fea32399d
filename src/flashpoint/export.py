"""Exports: events or incidents as JSONL (SPEC records), CSV, Parquet or
ACLED-style CSV.

- ``jsonl``: one SPEC record a line (events exactly as stored; incidents as
  ``fuse.summarize`` gives them).
- ``csv`` and ``parquet``: one flat row a record (events in the columns of
  ``flashpoint extract --format csv``; incidents in ``INCIDENT_COLUMNS``,
  where ``toll_counted`` says whether the row's fatalities enter the totals:
  summing ``fatalities_best`` over the rows where it is true gives the
  overview's figure).
- ``acled``: CSV in ACLED's columns (``ACLED_COLUMNS``); the PLOVER -> ACLED
  type mapping, actor naming and geo-precision are data
  (``data/acled.yaml``). Statements and other verbal events are left out,
  as ACLED leaves them out. By default one row per incident that happened
  (``acled_incidents``), its fatalities the established best figure, each
  happening's dead in one row only (``analyze.summed``), so the column sums
  to the overview's total; ``--what events`` gives one row per report
  instead, and says that its fatalities do not add up.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

import yaml

from flashpoint.analyze import background, summed
from flashpoint.extract import CSV_COLUMNS, flatten
from flashpoint.fuse.rules import happened

FORMATS = ("jsonl", "csv", "parquet", "acled")
WHATS = ("events", "incidents")

INCIDENT_COLUMNS = (
    "id", "event_type", "quad", "mode", "contexts",
    "source_code", "source_sector", "source_name", "target_code", "target_sector", "target_name",
    "date", "date_precision", "date_basis", "modality",
    "location_name", "location_country", "location_admin1", "location_lat", "location_lon",
    "location_precision",
    "fatalities_low", "fatalities_best", "fatalities_high",
    "injuries_low", "injuries_best", "injuries_high", "fatalities_claims",
    "sources", "outlets", "doc_ids", "outlet_names", "first_reported",
    "contested", "claims", "confidence", "sentence", "toll_counted",
)  # fmt: skip

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities",
)  # fmt: skip

INT_COLUMNS = {"fatalities", "injuries", "sentence_start", "sentence_end", "sources", "outlets",
               "fatalities_low", "fatalities_best", "fatalities_high", "injuries_low",
               "injuries_best", "injuries_high", "geo_precision"}  # fmt: skip
FLOAT_COLUMNS = {"confidence", "location_lat", "location_lon", "latitude", "longitude"}
BOOL_COLUMNS = {"contested", "toll_counted"}


# --- flat rows ---------------------------------------------------------------------


EVENT_COLUMNS = tuple(c for c in CSV_COLUMNS if c not in ("speaker_code", "speaker_name", "quote"))


def event_row(event: dict) -> dict:
    """One event as a flat row (``EVENT_COLUMNS``, as ``extract --format csv``)."""
    return {k: v for k, v in flatten(event).items() if k in EVENT_COLUMNS}


def incident_row(incident: dict) -> dict:
    """One incident as a flat row (``INCIDENT_COLUMNS``)."""
    row: dict[str, Any] = {k: incident.get(k) for k in INCIDENT_COLUMNS if k in incident}
    row["contexts"] = ";".join(incident.get("contexts") or [])
    for role in ("source", "target"):
        actor = incident.get(role) or {}
        for key in ("code", "sector", "name"):
            row[f"{role}_{key}"] = actor.get(key)
    loc = incident.get("location") or {}
    for key in ("name", "country", "admin1", "lat", "lon", "precision"):
        row[f"location_{key}"] = loc.get(key)
    for figure in ("fatalities", "injuries"):
        values = incident.get(figure) or {}
        for key in ("low", "best", "high"):
            row[f"{figure}_{key}"] = values.get(key)
    reports = incident.get("reports") or []
    row["doc_ids"] = ";".join(sorted({r["doc_id"] for r in reports}))
    row["outlet_names"] = ";".join(sorted({r["outlet"] for r in reports if r.get("outlet")}))
    row["claims"] = json.dumps(incident.get("claims") or [], ensure_ascii=False)
    row["fatalities_claims"] = ";".join(
        f"{c['figure']} by {c.get('by') or '?'}"
        for c in (incident.get("fatalities") or {}).get("claims") or [])  # fmt: skip
    row["sentence"] = reports[0].get("sentence") if reports else None
    return {k: row.get(k) for k in INCIDENT_COLUMNS}


# --- ACLED -------------------------------------------------------------------------


@cache
def load_acled_mapping(path: str | None = None) -> dict:
    """The PLOVER -> ACLED mapping (``data/acled.yaml`` unless ``path``)."""
    if path is None:
        raw = (files("flashpoint") / "data" / "acled.yaml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    return yaml.safe_load(raw)


def _matches(when: dict, facts: dict) -> bool:
    for key, wanted in when.items():
        options = wanted if isinstance(wanted, list) else [wanted]
        if facts.get(key) not in options:
            return False
    return True


def acled_type(record: dict, mapping: dict | None = None) -> tuple[str, str] | None:
    """(event_type, sub_event_type) for an event or incident; None to leave it out."""
    mapping = mapping or load_acled_mapping()
    facts = {
        "event_type": record.get("event_type"),
        "mode": record.get("mode"),
        "quad": record.get("quad"),
        "source_sector": (record.get("source") or {}).get("sector"),
        "target_sector": (record.get("target") or {}).get("sector"),
    }
    for rule in mapping.get("rules") or []:
        if _matches(rule.get("when") or {}, facts):
            if rule.get("skip"):
                return None
            return rule["event_type"], rule["sub_event_type"]
    return None


@cache
def country_name(code: str | None) -> str | None:
    if not code:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def acled_actor(actor: dict | None, mapping: dict | None = None) -> str:
    """An ACLED-style actor name ("Military Forces of India")."""
    if not actor:
        return ""
    mapping = mapping or load_acled_mapping()
    country = country_name(actor.get("code"))
    template = (mapping.get("actors") or {}).get(actor.get("sector"))
    if template and country:
        return template.format(country=country, name=actor.get("name") or country)
    return actor.get("name") or country or actor.get("code") or ""


def _acled_row(record: dict, *, event_date: str | None, source: str, notes: str,
               fatalities: int | None, mapping: dict) -> dict | None:  # fmt: skip
    kind = acled_type(record, mapping)
    if kind is None:
        return None
    loc = record.get("location") or {}
    precision = (mapping.get("geo_precision") or {}).get(loc.get("precision"))
    return {
        "event_id_cnty": record["id"],
        "event_date": event_date,
        "event_type": kind[0],
        "sub_event_type": kind[1],
        "actor1": acled_actor(record.get("source"), mapping),
        "actor2": acled_actor(record.get("target"), mapping),
        "country": country_name(loc.get("country")) or "",
        "admin1": loc.get("admin1") or "",
        "location": loc.get("name") or "",
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": precision,
        "source": source,
        "notes": notes,
        "fatalities": fatalities or 0,
    }


def acled_event_row(event: dict, article: dict | None = None, *,
                    mapping: dict | None = None) -> dict | None:  # fmt: skip
    """One event as an ACLED-style row (its article gives outlet and a date
    when the event has none), or None when ACLED would not code it."""
    article = article or {}
    return _acled_row(
        event,
        event_date=event.get("date") or (article.get("published") or "")[:10] or None,
        source=article.get("outlet") or "",
        notes=(event.get("evidence") or {}).get("sentence") or "",
        fatalities=event.get("fatalities"),
        mapping=mapping or load_acled_mapping(),
    )


def acled_incident_row(incident: dict, *, mapping: dict | None = None,
                       counted: bool = True) -> dict | None:  # fmt: skip
    """One incident as an ACLED-style row: fatalities its best established
    figure (0 when ``counted`` is False: another row already carries the
    same happening's dead), sources its outlets, notes its first report's
    sentence with the source count, contested, and one side's claims (which
    ACLED, too, keeps out of the fatalities)."""
    reports = incident.get("reports") or []
    outlets = sorted({r["outlet"] for r in reports if r.get("outlet")})
    note = reports[0].get("sentence") if reports else ""
    n = incident.get("sources", len(reports))
    extra = f"{n} source" + ("" if n == 1 else "s")
    if incident.get("contested"):
        extra += "; contested"
    figures = incident.get("fatalities") or {}
    for claim in figures.get("claims") or []:
        extra += f"; claim: {claim['figure']} killed by {claim.get('by') or 'unnamed source'}"
    if not counted and figures.get("best") is not None:
        extra += "; its dead are counted in another row (the same report read twice)"
    return _acled_row(
        incident,
        event_date=incident.get("date") or (incident.get("first_reported") or "")[:10] or None,
        source="; ".join(outlets),
        notes=f"{note} [{extra}]" if note else f"[{extra}]",
        fatalities=figures.get("best") if counted else 0,
        mapping=mapping or load_acled_mapping(),
    )


def acled_incidents(incidents: Iterable[dict]) -> list[dict]:
    """The incidents an ACLED table holds: those that happened
    (``fuse.happened``: ACLED codes events, not denials or hypotheses) and
    are news, not ``background`` recalled from years before."""
    return [i for i in incidents if happened(i) and not background(i)]


# --- writing ------------------------------------------------------------------------


def rows_for(records: Iterable[dict], *, what: str, fmt: str,
             articles: dict[str, dict] | None = None) -> tuple[tuple[str, ...], list[dict]]:  # fmt: skip
    """The columns and flat rows of an export (for csv, parquet and acled)."""
    if fmt == "acled":
        mapping = load_acled_mapping()
        articles = articles or {}
        if what == "events":
            made = (acled_event_row(e, articles.get(e["doc_id"]), mapping=mapping)
                    for e in records)  # fmt: skip
        else:
            records = acled_incidents(records)
            taken = summed(records)
            made = (acled_incident_row(i, mapping=mapping, counted=taken.get(i["id"], True))
                    for i in records)  # fmt: skip
        return ACLED_COLUMNS, [r for r in made if r is not None]
    if what == "events":
        return EVENT_COLUMNS, [event_row(e) for e in records]
    records = list(records)
    taken = summed(acled_incidents(records))
    return INCIDENT_COLUMNS, [{**incident_row(i), "toll_counted": taken.get(i["id"], False)}
                              for i in records]  # fmt: skip


def _arrow_type(column: str):
    import pyarrow as pa

    if column in INT_COLUMNS:
        return pa.int64()
    if column in FLOAT_COLUMNS:
        return pa.float64()
    if column in BOOL_COLUMNS:
        return pa.bool_()
    return pa.string()


def write_parquet(columns: tuple[str, ...], rows: list[dict], path: str | Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, _arrow_type(c)) for c in columns])

    def cell(column: str, value: Any) -> Any:
        if value is None or column in INT_COLUMNS | FLOAT_COLUMNS | BOOL_COLUMNS:
            return value
        return str(value)

    data = {c: [cell(c, r.get(c)) for r in rows] for c in columns}
    pq.write_table(pa.table(data, schema=schema), str(path))


def write_export(
    records: Iterable[dict],
    *,
    what: str = "events",
    fmt: str = "jsonl",
    output: str | Path | None = None,
    stream: IO[str] | None = None,
    articles: dict[str, dict] | None = None,
    on_record: Callable[[], None] | None = None,
) -> int:
    """Write ``records`` (events or incidents) in ``fmt`` to ``output`` (a path;
    needed for parquet) or ``stream``; returns the number of rows written.
    ``articles`` (doc_id -> article dict) gives ACLED's source and fallback date."""
    if what not in WHATS:
        raise ValueError(f"unknown export {what!r}: use {' or '.join(WHATS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "parquet" and output is None:
        raise ValueError("parquet needs an output file (-o FILE)")
    records = list(records)
    if fmt == "parquet":
        columns, rows = rows_for(records, what=what, fmt=fmt, articles=articles)
        write_parquet(columns, rows, output)
        return len(rows)
    handle = open(output, "w", encoding="utf-8", newline="") if output else None
    out = handle or stream or io.StringIO()
    try:
        if fmt == "jsonl":
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                if on_record:
                    on_record()
            return len(records)
        columns, rows = rows_for(records, what=what, fmt=fmt, articles=articles)
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            if on_record:
                on_record()
        return len(rows)
    finally:
        if handle:
            handle.close()


def export_store(
    store,
    *,
    what: str = "events",
    fmt: str = "jsonl",
    output: str | Path | None = None,
    stream: IO[str] | None = None,
    dyad: str | None = None,
    since: str | None = None,
    until: str | None = None,
    event_type: str | None = None,
    actor: str | None = None,
) -> int:
    """Export the store's events or incidents (see ``write_export``) that the
    filters select: ``dyad`` (either direction), ``since``/``until``
    (inclusive), ``event_type``, ``actor`` (as source or target)."""
    from flashpoint import fuse

    if what == "events":
        records = store.events(since=since, until=until, event_type=event_type, actor=actor)
        if dyad:
            from flashpoint.analyze import in_dyad, parse_pair

            pair = parse_pair(dyad)
            records = [e for e in records if in_dyad(e, pair)]
    else:
        fuse.fuse_pending(store)
        records = fuse.stored_incidents(store, dyad=dyad, since=since, until=until,
                                        event_type=event_type)  # fmt: skip
        if actor:
            records = [i for i in records if actor in {(i.get(role) or {}).get("code")
                                                       for role in ("source", "target")}]  # fmt: skip
    articles = {a["doc_id"]: a for a in store.articles(with_text=False)}
    return write_export(records, what=what, fmt=fmt, output=output, stream=stream,
                        articles=articles)  # fmt: skip
