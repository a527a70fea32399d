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

from flashpoint.analyze import background, summed
from flashpoint.datafiles import parse_yaml
from flashpoint.extract import CSV_COLUMNS, flatten
from flashpoint.fuse.rules import happened
from flashpoint.store.store import parse_day

FORMATS = ("jsonl", "csv", "parquet", "acled")
WHATS = ("events", "incidents", "statements")

#: what each event and statement row carries of its article
ARTICLE_COLUMNS = ("outlet", "url", "published")

INCIDENT_COLUMNS = (
    "id", "event_type", "quad", "mode", "contexts",
    "source_code", "source_sector", "source_name", "target_code", "target_sector", "target_name",
    "date", "date_precision", "date_basis", "modality",
    "location_name", "location_country", "location_admin1", "location_lat", "location_lon",
    "location_precision",
    "fatalities_low", "fatalities_best", "fatalities_high",
    "injuries_low", "injuries_best", "injuries_high", "fatalities_claims",
    "sources", "outlets", "doc_ids", "outlet_names", "urls", "first_reported",
    "contested", "claims", "confidence", "sentence", "toll_counted",
)  # fmt: skip

#: ACLED's columns, in ACLED's order (the README's "ACLED export" says how each is filled)
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

INT_COLUMNS = {"fatalities", "injuries", "sentence_start", "sentence_end", "sources", "outlets",
               "fatalities_low", "fatalities_best", "fatalities_high", "injuries_low",
               "injuries_best", "injuries_high", "geo_precision", "year", "time_precision",
               "inter1", "inter2", "interaction", "iso", "timestamp"}  # fmt: skip
FLOAT_COLUMNS = {"confidence", "location_lat", "location_lon", "latitude", "longitude"}
BOOL_COLUMNS = {"contested", "toll_counted"}
#: Parquet: a date (date32; a timestamp's day); CSV: as stored
DATE_COLUMNS = {"date", "published", "first_reported", "event_date"}
#: Parquet: a list of strings; CSV: joined by ";"
LIST_COLUMNS = {"contexts", "doc_ids", "outlet_names", "urls"}


# --- flat rows ---------------------------------------------------------------------


EVENT_COLUMNS = tuple(c for c in CSV_COLUMNS if c not in ("speaker_code", "speaker_name", "quote")
                      ) + ARTICLE_COLUMNS  # fmt: skip
STATEMENT_COLUMNS = ("kind", "id", "doc_id", "speaker_code", "speaker_sector", "speaker_name",
                     "quote", "date", "sentence", "sentence_start", "sentence_end",
                     *ARTICLE_COLUMNS)  # fmt: skip


def _article_fields(record: dict, articles: dict[str, dict] | None) -> dict:
    """The outlet, URL and publication date of the record's article."""
    article = (articles or {}).get(record.get("doc_id")) or {}
    return {key: article.get(key) for key in ARTICLE_COLUMNS}


def event_row(event: dict, articles: dict[str, dict] | None = None) -> dict:
    """One event as a flat row (``EVENT_COLUMNS``: as ``extract --format
    csv``, contexts a list, plus its article's outlet, URL and date)."""
    row = {k: v for k, v in flatten(event).items() if k in EVENT_COLUMNS}
    row["contexts"] = list(event.get("contexts") or [])
    return {**row, **_article_fields(event, articles)}


def statement_row(statement: dict, articles: dict[str, dict] | None = None) -> dict:
    """One statement as a flat row (``STATEMENT_COLUMNS``)."""
    row = flatten(statement)
    row["speaker_sector"] = (statement.get("speaker") or {}).get("sector")
    row["date"] = statement.get("date")
    row = {k: row.get(k) for k in STATEMENT_COLUMNS}
    return {**row, **_article_fields(statement, articles)}


def incident_row(incident: dict, articles: dict[str, dict] | None = None) -> dict:
    """One incident as a flat row (``INCIDENT_COLUMNS``; its reports'
    documents, outlets and URLs as lists)."""
    row: dict[str, Any] = {k: incident.get(k) for k in INCIDENT_COLUMNS if k in incident}
    row["contexts"] = list(incident.get("contexts") or [])
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
    row["doc_ids"] = sorted({r["doc_id"] for r in reports})
    row["outlet_names"] = sorted({r["outlet"] for r in reports if r.get("outlet")})
    row["urls"] = sorted({u for d in row["doc_ids"]
                          if (u := ((articles or {}).get(d) or {}).get("url"))})  # fmt: skip
    row["claims"] = json.dumps(incident.get("claims") or [], ensure_ascii=False)
    row["fatalities_claims"] = ";".join(
        f"{c['figure']} by {c.get('by') or '?'}"
        for c in (incident.get("fatalities") or {}).get("claims") or [])  # fmt: skip
    row["sentence"] = one_line(reports[0].get("sentence")) if reports else None
    return {k: row.get(k) for k in INCIDENT_COLUMNS}


# --- ACLED -------------------------------------------------------------------------


@cache
def load_acled_mapping(path: str | None = None) -> dict:
    """The PLOVER -> ACLED mapping (``data/acled.yaml`` unless ``path``)."""
    if path is None:
        raw = (files("flashpoint") / "data" / "acled.yaml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    return parse_yaml(raw, source=str(path or "acled.yaml"), kind="acled.yaml")


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


def acled_inter(actor: dict | None, acled_event_type: str, role: str, mapping: dict) -> int | None:
    """ACLED's interaction code of an actor (``inter`` in ``data/acled.yaml``):
    protesters and rioters by the event's ACLED type for the acting side,
    else by the actor's sector; None when the actor is unknown."""
    inter = mapping.get("inter") or {}
    if role == "actor1" and acled_event_type in (inter.get("by_event_type") or {}):
        return inter["by_event_type"][acled_event_type]
    if not actor or not (actor.get("code") or actor.get("sector")):
        return None
    by_sector = inter.get("by_sector") or {}
    if not actor.get("sector") and country_name(actor.get("code")):
        return inter.get("state")  # a state named without its branch: its forces
    return by_sector.get(actor.get("sector"), inter.get("default"))


def source_scale(outlets: Iterable[str], mapping: dict) -> str:
    """ACLED's ``source_scale``: the scales of the outlets
    (``source_scale.outlets`` in ``data/acled.yaml``; others
    ``source_scale.default``), each once, joined by "-" as ACLED joins them
    ("National-International")."""
    table = mapping.get("source_scale") or {}
    known = {k.casefold(): v for k, v in (table.get("outlets") or {}).items()}
    order = table.get("order") or []
    scales = {known.get(o.casefold(), table.get("default") or "Other") for o in outlets if o}
    return "-".join(sorted(scales, key=lambda x: (order.index(x) if x in order else len(order), x)))


def _timestamp(doc_ids: Iterable[str], articles: dict[str, dict] | None) -> int | None:
    """ACLED's ``timestamp``: when the row last changed, the Unix time of the
    latest ingest of its articles (None when unknown)."""
    from datetime import datetime

    times = []
    for doc_id in doc_ids:
        stamp = ((articles or {}).get(doc_id) or {}).get("ingested_at")
        if stamp:
            try:
                times.append(int(datetime.fromisoformat(str(stamp)).timestamp()))
            except ValueError:
                continue
    return max(times) if times else None


def _acled_row(record: dict, *, event_date: str | None, source: list[str], notes: str,
               fatalities: int | None, mapping: dict, tags: list[str],
               timestamp: int | None) -> dict | None:  # fmt: skip
    kind = acled_type(record, mapping)
    if kind is None:
        return None
    loc = record.get("location") or {}
    precision = (mapping.get("geo_precision") or {}).get(loc.get("precision"))
    country_code = acled_country(record)
    inter1 = acled_inter(record.get("source"), kind[0], "actor1", mapping)
    inter2 = acled_inter(record.get("target"), kind[0], "actor2", mapping)
    pair = sorted(i for i in (inter1, inter2) if i is not None)
    interaction = int("".join(str(i) for i in pair)) if pair else None
    if len(pair) == 1:
        interaction = pair[0] * 10  # ACLED's code of an actor alone: 10, 60...
    targeting = mapping.get("civilian_targeting") or {}
    civilian = (inter2 is not None and inter2 == targeting.get("inter")
                and kind[0] in (targeting.get("event_types") or []))  # fmt: skip
    days = (mapping.get("time_precision") or {})
    numeric = _numeric_country(country_code)
    return {
        "event_id_cnty": f"{country_code or 'XXX'}-{record['id']}",
        "event_date": event_date,
        "year": int(event_date[:4]) if event_date else None,
        "time_precision": days.get(record.get("date_precision"), days.get("default")),
        "disorder_type": (mapping.get("disorder_type") or {}).get(kind[0], ""),
        "event_type": kind[0],
        "sub_event_type": kind[1],
        "actor1": acled_actor(record.get("source"), mapping),
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": acled_actor(record.get("target"), mapping),
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": numeric,
        "region": (mapping.get("regions") or {}).get(country_code, ""),
        "country": country_name(country_code) or "",
        "admin1": loc.get("admin1") or "",
        "admin2": loc.get("admin2") or "",
        "admin3": loc.get("admin3") or "",
        "location": loc.get("name") or "",
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": precision,
        "source": "; ".join(source),
        "source_scale": source_scale(source, mapping),
        "notes": one_line(notes),
        "fatalities": fatalities or 0,
        "tags": "; ".join(tags),
        "timestamp": timestamp,
    }


def acled_country(record: dict) -> str | None:
    """ACLED's country, where it happened: the place's country; for a record
    placed nowhere, the state its target belongs to (the side acted upon,
    where a strike or a protest lands), else its source's; None when neither
    is a state."""
    country = (record.get("location") or {}).get("country")
    if country:
        return country
    for role in ("target", "source"):
        code = (record.get(role) or {}).get("code")
        if country_name(code):
            return code
    return None


@cache
def _numeric_country(code: str | None) -> int | None:
    """ISO 3166 numeric code of an alpha-3 code (ACLED's ``iso``)."""
    if not code:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return int(country.numeric) if country is not None else None


def acled_event_row(event: dict, article: dict | None = None, *,
                    mapping: dict | None = None) -> dict | None:  # fmt: skip
    """One event as an ACLED-style row (its article gives outlet and a date
    when the event has none), or None when ACLED would not code it."""
    article = article or {}
    mapping = mapping or load_acled_mapping()
    return _acled_row(
        event,
        event_date=event.get("date") or (article.get("published") or "")[:10] or None,
        source=[article["outlet"]] if article.get("outlet") else [],
        notes=(event.get("evidence") or {}).get("sentence") or "",
        fatalities=event.get("fatalities"),
        mapping=mapping,
        tags=_tags(event, mapping),
        timestamp=_timestamp([event.get("doc_id")], {event.get("doc_id"): article}),
    )


def _tags(record: dict, mapping: dict) -> list[str]:
    """ACLED's ``tags``: the record's facts that ``tags`` in
    ``data/acled.yaml`` names (contested, claimed, its date only a week...)."""
    found = []
    for rule in mapping.get("tags") or []:
        value = record.get(rule["field"])
        if value in (rule.get("values") or [True]):
            found.append(rule["tag"])
    return found


def acled_incident_row(incident: dict, *, mapping: dict | None = None, counted: bool = True,
                       articles: dict[str, dict] | None = None) -> dict | None:  # fmt: skip
    """One incident as an ACLED-style row: fatalities its best established
    figure (0 when ``counted`` is False: another row already carries the
    same happening's dead), sources its outlets, notes its first report's
    sentence with the source count, contested, and one side's claims (which
    ACLED, too, keeps out of the fatalities)."""
    mapping = mapping or load_acled_mapping()
    reports = incident.get("reports") or []
    outlets = sorted({r["outlet"] for r in reports if r.get("outlet")})
    note = one_line(reports[0].get("sentence")) if reports else ""
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
        source=outlets,
        notes=f"{note} [{extra}]" if note else f"[{extra}]",
        fatalities=figures.get("best") if counted else 0,
        mapping=mapping,
        tags=_tags(incident, mapping),
        timestamp=_timestamp({r["doc_id"] for r in reports}, articles),
    )


def acled_incidents(incidents: Iterable[dict]) -> list[dict]:
    """The incidents an ACLED table holds: those that happened
    (``fuse.happened``: ACLED codes events, not denials or hypotheses) and
    are news, not ``background`` recalled from years before."""
    return [i for i in incidents if happened(i) and not background(i)]


# --- writing ------------------------------------------------------------------------


def one_line(text: str | None) -> str:
    """``text`` on one line: a sentence keeps no paragraph breaks or trailing
    blank lines in a CSV cell."""
    return " ".join((text or "").split())


def rows_for(records: Iterable[dict], *, what: str, fmt: str,
             articles: dict[str, dict] | None = None) -> tuple[tuple[str, ...], list[dict]]:  # fmt: skip
    """The columns and flat rows of an export (for csv, parquet and acled);
    ``articles`` (doc_id -> article) gives each row its outlet, URL and date."""
    if fmt == "acled":
        if what == "statements":
            raise ValueError("ACLED has no statements: export them as jsonl, csv or parquet")
        mapping = load_acled_mapping()
        articles = articles or {}
        if what == "events":
            made = (acled_event_row(e, articles.get(e["doc_id"]), mapping=mapping)
                    for e in records)  # fmt: skip
        else:
            records = acled_incidents(records)
            taken = summed(records)
            made = (acled_incident_row(i, mapping=mapping, counted=taken.get(i["id"], True),
                                       articles=articles)
                    for i in records)  # fmt: skip
        return ACLED_COLUMNS, [r for r in made if r is not None]
    if what == "events":
        return EVENT_COLUMNS, [event_row(e, articles) for e in records]
    if what == "statements":
        return STATEMENT_COLUMNS, [statement_row(st, articles) for st in records]
    records = list(records)
    taken = summed(acled_incidents(records))
    return INCIDENT_COLUMNS, [{**incident_row(i, articles), "toll_counted": taken.get(i["id"], False)}
                              for i in records]  # fmt: skip


def _arrow_type(column: str):
    import pyarrow as pa

    if column in INT_COLUMNS:
        return pa.int64()
    if column in FLOAT_COLUMNS:
        return pa.float64()
    if column in BOOL_COLUMNS:
        return pa.bool_()
    if column in DATE_COLUMNS:
        return pa.date32()
    if column in LIST_COLUMNS:
        return pa.list_(pa.string())
    return pa.string()


def parquet_cell(column: str, value: Any) -> Any:
    """A row's value as its Parquet column's type (``_arrow_type``)."""
    if value is None:
        return [] if column in LIST_COLUMNS else None
    if column in DATE_COLUMNS:
        return parse_day(value)
    if column in LIST_COLUMNS:
        return [str(v) for v in value] if isinstance(value, list | tuple) else \
            [v for v in str(value).split(";") if v]
    if column in INT_COLUMNS | FLOAT_COLUMNS | BOOL_COLUMNS:
        return value
    return str(value)


def csv_cell(value: Any) -> Any:
    """A row's value in a CSV cell: a list joined by ";"."""
    return ";".join(str(v) for v in value) if isinstance(value, list | tuple) else value


def write_parquet(columns: tuple[str, ...], rows: list[dict], path: str | Path) -> None:
    """Typed Parquet: counts as int64, coordinates and confidence as float64,
    dates as date32, contexts, documents, outlets and URLs as lists of
    strings, actors and places as flat typed columns (``source_code``,
    ``location_lat``...)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, _arrow_type(c)) for c in columns])
    data = {c: [parquet_cell(c, r.get(c)) for r in rows] for c in columns}
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
    ``articles`` (doc_id -> article dict) gives each row its outlet, URL and
    publication date, and ACLED's source and fallback date."""
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
            writer.writerow({k: csv_cell(v) for k, v in row.items()})
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
    from flashpoint.analyze import parse_pair

    if what == "events":
        records = store.events(since=since, until=until, event_type=event_type, actor=actor)
        if dyad:
            from flashpoint.analyze import in_dyad

            records = [e for e in records if in_dyad(e, parse_pair(dyad))]
    elif what == "statements":
        pair = set(parse_pair(dyad)) if dyad else None
        records = [st for st in store.statements(speaker=actor)
                   if (pair is None or (st.get("speaker") or {}).get("code") in pair)
                   if (not since or (st.get("date") or "") >= since)
                   and (not until or (st.get("date") or "9999") <= until)]  # fmt: skip
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
