"""The REST API under ``/api``: read-only JSON over the store.

Lists take ``limit`` (default 50, at most 500) and ``offset`` and answer
``{"total", "limit", "offset", "items"}``; ``total`` is what the filters match
(kept for the cache lifetime, ``serve --cache-ttl``, like the analysis views).
Filters: ``dyad`` (``IND-PAK``; both directions unless ``directed=true``),
``actor`` (source or target code), ``type`` (PLOVER type), ``since`` /
``until`` (inclusive ``YYYY-MM-DD``; undated records are left out), ``q``
(case-insensitive text search). Records are the SPEC shapes (events,
statements) and fusion's incident records.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import TypeAdapter

from flashpoint import analyze
from flashpoint.models import PLOVER_TYPES
from flashpoint.web import queries
from flashpoint.web.analysis import Analysis, normal_dyad
from flashpoint.web.queries import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, Filters

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
DyadQ = Annotated[str | None, Query(max_length=100, description="Two actor codes, e.g. IND-PAK.")]
NeededDyad = Annotated[str, Query(max_length=100, description="Two actor codes, e.g. IND-PAK.")]


# The dependencies are coroutines: they only read the app's state (the actor
# codes are an analysis view, built at start), and a plain function would be
# one more hop through the thread pool for every request.


async def store_of(request: Request):
    return request.app.state.store


async def analysis_of(request: Request) -> Analysis:
    return request.app.state.analysis


def store_codes(request: Request) -> list[str]:
    """The actor codes the store's incidents hold, the most active first
    (known to the validator beside the actor tables' codes)."""
    return [row["code"] for row in request.app.state.analysis.actors()]


def valid_dyad(request: Request, dyad: str) -> str:
    """``dyad`` as ``A-B`` in capitals, or 422 with ``analyze.check_dyad``'s
    message (the same as the command line's)."""
    try:
        return analyze.check_dyad(dyad, extra=store_codes(request))
    except analyze.UnknownActorError as exc:
        raise HTTPException(422, str(exc)) from exc


def valid_actor(request: Request, code: str) -> str:
    """``code`` in capitals, or 422 with ``analyze.check_actor_code``'s message."""
    try:
        return analyze.check_actor_code(code, extra=store_codes(request))
    except analyze.UnknownActorError as exc:
        raise HTTPException(422, str(exc)) from exc


async def filters(
    request: Request,
    dyad: DyadQ = None,
    directed: Annotated[bool, Query(description="dyad is SOURCE-TARGET only")] = False,
    actor: Annotated[str | None, Query(description="Source or target actor code.")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type.")] = None,  # noqa: A002
    since: Annotated[date | None, Query(description="On or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="On or before (YYYY-MM-DD).")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text search.")] = None,
) -> Filters:
    if type is not None and type.upper() not in PLOVER_TYPES:
        raise HTTPException(422, f"unknown PLOVER type {type!r}")
    dyad = valid_dyad(request, dyad) if dyad else None
    actor = valid_actor(request, actor) if actor else None
    return Filters(dyad=dyad, directed=directed, actor=actor, event_type=type or None,
                   since=since, until=until, q=q or None)  # fmt: skip


DB = Annotated[object, Depends(store_of)]
Views = Annotated[Analysis, Depends(analysis_of)]
Filtered = Annotated[Filters, Depends(filters)]


@router.get("/articles", summary="Articles (without their text), newest first")
def articles(store: DB, views: Views, q: Annotated[str | None, Query(max_length=200)] = None,
             limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:  # fmt: skip
    return queries.articles_page(store, q=q, limit=limit, offset=offset,
                                 counts=views.counts).to_dict()  # fmt: skip


@router.get("/articles/{doc_id:path}",
            summary="One article with its text, events and statements")
def article(store: DB, doc_id: str) -> dict:
    found = store.article(doc_id)
    if found is None:
        raise HTTPException(404, "no such article")
    found["events"] = store.events(doc_id=doc_id)
    found["statements"] = store.statements(doc_id=doc_id)
    found["incidents"] = sorted(queries.incidents_of_doc(store, doc_id))
    return found


@router.get("/events", summary="Event records by event date, each with its article's "
            "outlet, URL and publication date")
def events(store: DB, views: Views, f: Filtered, doc_id: str | None = None,
           limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:  # fmt: skip
    page = queries.events_page(store, f, limit=limit, offset=offset, doc_id=doc_id,
                               counts=views.counts)  # fmt: skip
    return queries.with_articles(store, page).to_dict()


@router.get("/incidents", summary="Incidents (events fused across reports), newest first")
def incidents(store: DB, views: Views, f: Filtered, limit: Limit = DEFAULT_LIMIT,
              offset: Offset = 0) -> dict:  # fmt: skip
    return queries.incidents_page(store, f, limit=limit, offset=offset,
                                  counts=views.counts).to_dict()  # fmt: skip


@router.get("/incidents/{incident_id}", summary="One incident with every report")
def incident(store: DB, incident_id: str) -> dict:
    found = queries.incident(store, incident_id)
    if found is None:
        raise HTTPException(404, "no such incident")
    found.pop("reports_full", None)
    return found


@router.get("/statements", summary="Quotations and attributed statements, each with its "
            "article's outlet, URL and publication date")
def statements(store: DB, views: Views, speaker: str | None = None,
               q: Annotated[str | None, Query(max_length=200)] = None,
               limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:  # fmt: skip
    page = queries.statements_page(store, speaker=speaker, q=q, limit=limit, offset=offset,
                                   counts=views.counts)  # fmt: skip
    return queries.with_articles(store, page).to_dict()


@router.get("/actors", summary="Actors by how many incidents they are in")
def actors(views: Views, q: Annotated[str | None, Query(max_length=200)] = None,
           limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:  # fmt: skip
    return queries.actors_page(views.actors(), q=q, limit=limit, offset=offset).to_dict()


@router.get("/actors/{code}", summary="One actor: incidents as source and target, quotes")
def actor(store: DB, views: Views, code: str, limit: Limit = 25, offset: Offset = 0) -> dict:
    found = queries.actor(store, code, limit=limit, offset=offset, counts=views.counts)
    if found is None:
        raise HTTPException(404, "no such actor")
    return found


def _pair(request: Request, dyad: str) -> str:
    return normal_dyad(valid_dyad(request, dyad))


JSON_BODY = TypeAdapter(dict)  # what FastAPI serializes a ``-> dict`` route's value with


def cached_json(views: Analysis, key: tuple, compute) -> Response:
    """``compute()``'s value as a JSON response, serialized once and kept
    like the analysis views (a dyad's escalation rows are half a megabyte of
    JSON: serializing them took more of each request than anything else)."""
    body = views.cache.get(("json", *key), lambda: JSON_BODY.dump_json(compute()))
    return Response(body, media_type="application/json")


@router.get("/escalation", summary="A dyad's daily escalation index with jumps marked",
            response_model=dict)  # fmt: skip
def escalation(request: Request, views: Views, dyad: NeededDyad) -> Response:
    """The pair's rows with each direction's under ``sides``, ``by_side`` (who
    escalates), ``incidents`` (how many make the picture: between the two,
    happened, each once), ``casualties`` (established totals, claims apart)
    and ``turning_points``: the same computation as the overview and the
    briefing."""
    dyad = _pair(request, dyad)

    def compute() -> dict:
        rows = views.escalation(dyad)
        return {"dyad": dyad, "rows": rows,
                "by_side": analyze.side_summary(rows, normal_dyad(dyad)),
                "incidents": views.incident_count(dyad), "casualties": views.casualties(dyad),
                "turning_points": views.turning_points(dyad)}  # fmt: skip

    return cached_json(views, ("escalation", dyad), compute)


@router.get("/diplomacy", summary="A dyad's mediation and diplomacy timeline")
def diplomacy(request: Request, views: Views, dyad: NeededDyad, limit: Limit = DEFAULT_LIMIT,
              offset: Offset = 0) -> dict:  # fmt: skip
    """Rows oldest first, paginated like every list (``items``, ``total``)."""
    dyad = _pair(request, dyad)
    rows = views.diplomacy(dyad)
    return {"dyad": dyad, "total": len(rows), "limit": limit, "offset": offset,
            "items": rows[offset:offset + limit]}  # fmt: skip


@router.get("/network", summary="Actors as nodes, who-did-what-to-whom as edges",
            response_model=dict)  # fmt: skip
def network(views: Views) -> Response:
    return cached_json(views, ("network",), views.network)


@router.get("/stats", summary="Counts of articles, events, statements, incidents")
def stats(views: Views) -> dict:
    return {**views.stats(), "top_dyads_unordered": [[d, n] for d, n in views.dyads()]}


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
                "parquet": "application/vnd.apache.parquet"}  # fmt: skip


@router.get("/export", summary="The filtered incidents or events as a CSV, JSONL or Parquet file")
def export_file(
    store: DB, f: Filtered,
    format: Annotated[str, Query(pattern="^(csv|jsonl|parquet)$")] = "csv",  # noqa: A002
    what: Annotated[str, Query(pattern="^(incidents|events)$")] = "incidents",
) -> Response:  # fmt: skip
    """What the dashboard's export buttons download: the rows of
    ``flashpoint export`` with the same filters (``dyad`` both directions,
    ``actor``, ``type``, ``since``, ``until``; ``q`` is not applied)."""
    import io
    import tempfile
    from pathlib import Path

    from flashpoint.export import export_store

    options = dict(what=what, fmt=format, dyad=f.dyad, actor=f.actor, event_type=f.event_type,
                   since=f.since.isoformat() if f.since else None,
                   until=f.until.isoformat() if f.until else None)  # fmt: skip
    if format == "parquet":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.parquet"
            export_store(store, output=path, **options)
            body: bytes = path.read_bytes()
    else:
        stream = io.StringIO()
        export_store(store, stream=stream, **options)
        body = stream.getvalue().encode("utf-8")
    name = "flashpoint-" + "-".join(x for x in (what, f.dyad, f.actor, f.event_type,
                                                options["since"], options["until"]) if x)
    return Response(body, media_type=EXPORT_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'})
