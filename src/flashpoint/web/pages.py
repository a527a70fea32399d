"""The dashboard's pages: server-rendered Jinja2 templates (autoescaped), with
charts as Vega-Lite specs embedded as JSON (``tojson``) and drawn by
``static/dashboard.js``. Every page sends a Content-Security-Policy that
allows scripts from this app only (no inline script runs).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple
from datetime import date, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from flashpoint import analyze
from flashpoint.charts import (
    casualties_chart,
    casualty_rows,
    escalation_chart,
    events_by_type_chart,
)
from flashpoint.models import PLOVER_TYPES
from flashpoint.web import api, queries, specs
from flashpoint.web.analysis import normal_dyad
from flashpoint.web.queries import Filters

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
MAP_POINTS = 2000
DIPLOMACY_POINTS = 500  # the newest on the overview's chart
REPORT_ROWS = 8  # reports shown in full; the others behind a disclosure
TOLLS = (("fatalities", "killed"), ("injuries", "injured"))
CASUALTY_BARS = 12  # the deadliest incidents on the overview's casualty chart
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")  # fmt: skip
# 'unsafe-eval': Vega compiles its expressions with Function(); inline scripts stay blocked.


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def page_dyad(request: Request, dyad: str | None) -> str | None:
    """A dyad from a page's query, ``A-B`` in capitals (None when absent);
    a malformed dyad or an unknown code is a 422 page with the API's and the
    command line's message (``api.valid_dyad``)."""
    return api.valid_dyad(request, dyad) if dyad else None


async def page_filters(
    request: Request,
    dyad: str | None = None, actor: str | None = None, type: str | None = None,  # noqa: A002
    since: str | None = None, until: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Filters:  # fmt: skip
    """Filters from a form: a dyad or actor flashpoint does not know is a 422
    page naming known codes; a malformed date or type is ignored."""
    dyad = page_dyad(request, dyad)
    actor = api.valid_actor(request, actor) if actor else None
    etype = type.upper() if type and type.upper() in PLOVER_TYPES else None
    return Filters(dyad=dyad or None, actor=actor, event_type=etype,
                   since=_date(since), until=_date(until), q=q or None)  # fmt: skip


Filtered = Annotated[Filters, Depends(page_filters)]
PageOffset = Annotated[int, Query(le=queries.MAX_OFFSET)]  # negative: the first page


def period_query(request: Request) -> str:
    """The page's date range (``since``/``until``, when they are dates) as a
    query string the header's links carry, so the range follows the analyst
    from page to page ("" when there is none)."""
    kept = {k: v for k in ("since", "until")
            if (v := request.query_params.get(k)) and _date(v)}  # fmt: skip
    return "?" + urlencode(kept) if kept else ""


def in_period(rows: list[dict], since: date | None, until: date | None) -> list[dict]:
    """The rows (with an ISO ``date``) within ``since``..``until``; all of
    them when no range is given, only dated ones when one is."""
    if since is None and until is None:
        return rows
    return [r for r in rows if (day := _date((r.get("date") or "")[:10]))
            and (since is None or day >= since) and (until is None or day <= until)]  # fmt: skip


def render(request: Request, name: str, context: dict, *, status: int = 200) -> HTMLResponse:
    context.setdefault("period_query", period_query(request))
    templates = request.app.state.templates
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    return response


def render_kept(request: Request, key: tuple, name: str, make_context, *,
                kept: str = "cache") -> HTMLResponse:
    """A page that depends only on the store and ``key`` (the parameters it
    is drawn from), rendered once and kept like the analysis views (``key``
    and the period its links carry name it): the overview, the map and the
    network, which every visitor opens, render a few hundred kilobytes.

    ``kept`` names the ``Analysis`` cache it is kept in: ``"pages"`` for
    pages drawn from what a visitor types (a search, an actor's page), so
    that many of them do not push the views out. ``make_context`` may
    return None: the page is a 404 (kept as well)."""

    def compute() -> tuple[int, bytes]:
        context = make_context()
        if context is None:
            response = render(request, "missing.html", {"what": "actor"}, status=404)
        else:
            response = render(request, name, context)
        return response.status_code, bytes(response.body)

    query = period_query(request)
    cache = getattr(request.app.state.analysis, kept)
    status, body = cache.get(("page", name, query, *key), compute)
    return HTMLResponse(body, status_code=status, headers={"Content-Security-Policy": CSP})


def filter_query(f: Filters) -> dict:
    """The filters as query parameters (for links that keep them)."""
    raw = {"dyad": f.dyad, "actor": f.actor, "type": f.event_type,
           "since": f.since.isoformat() if f.since else None,
           "until": f.until.isoformat() if f.until else None, "q": f.q}  # fmt: skip
    return {k: v for k, v in raw.items() if v}


def pager(page: queries.Page, params: dict) -> dict:
    """Links to the previous and next page, keeping the other parameters."""

    def link(offset: int) -> str:
        return "?" + urlencode({**params, "offset": offset})

    prev_offset = max(0, page.offset - page.limit)
    has_next = page.offset + page.limit < page.total
    return {
        "first": page.offset + 1 if page.items else 0,
        "last": page.offset + len(page.items),
        "total": page.total,
        "prev": link(prev_offset) if page.offset > 0 else None,
        "next": link(page.offset + page.limit) if has_next else None,
    }


def overview_view(state, chosen: str) -> dict:
    """The parts of a dyad's overview that depend only on the store, kept
    like the analysis views (one computation per dyad and period of the
    cache), with the charts' specs already serialized: at a hundred
    thousand incidents the series, windows and specs of the page cost more
    than the queries behind them. ``state``: the app's (``app.state``)."""

    def compute() -> dict:
        return _overview_view(state, chosen)

    return state.analysis.cache.get(("overview", chosen), compute)


def _overview_view(state, chosen: str) -> dict:
    views = state.analysis
    rows = views.escalation(chosen)
    diplomacy = views.diplomacy(chosen)
    plotted = diplomacy[-DIPLOMACY_POINTS:]
    window = specs.crisis_window([r["date"] for r in plotted if r.get("date")])
    _, outside = specs.split_window(plotted, window)
    charts = {key: specs.inline_json(value) if key.endswith("_spec") and value is not None else value
              for key, value in dyad_charts(state, chosen).items()}  # fmt: skip
    return dict(
        escalation=rows,
        jumps=[r for r in rows if r["jump"]],
        escalation_spec=specs.inline_json(specs.with_brush(
            escalation_chart(rows, dyad=chosen, title="", width="container"))),
        casualties=views.casualties(chosen),
        crisis_count=views.incident_count(chosen),
        turning=views.turning_points(chosen),
        side_summary=analyze.side_summary(rows, chosen),
        diplomacy=diplomacy,
        diplomacy_spec=specs.inline_json(
            specs.diplomacy_spec(plotted, width="container", window=window)),
        diplomacy_window=window, diplomacy_outside=outside, casualty_bars=CASUALTY_BARS,
        latest=views.latest(chosen),
        **charts,
    )  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, dyad: str | None = None, since: str | None = None,
             until: str | None = None) -> HTMLResponse:  # fmt: skip
    """The overview of a dyad; ``since``/``until`` narrow it to a date range
    (the series, turning points, diplomacy, latest incidents, totals and
    charts; the index's means still count the days before)."""
    views = request.app.state.analysis
    store = request.app.state.store
    dyads = views.dyads()
    chosen = normal_dyad(page_dyad(request, dyad)) if dyad else views.default_dyad()
    start, end = _date(since), _date(until)
    context: dict = {"dyads": dyads, "dyad": chosen, "stats": views.stats(),
                     "since": start, "until": end}  # fmt: skip
    if chosen and (start or end):
        context.update(period_view(request, chosen, start, end))
    elif chosen:
        return render_kept(request, ("overview", chosen), "overview.html",
                           lambda: {**context, **overview_view(request.app.state, chosen)})
    else:
        context["latest"] = queries.incidents_page(store, Filters(), limit=10).items
    return render(request, "overview.html", context)


def period_view(request: Request, dyad: str, since: date | None, until: date | None) -> dict:
    """The overview's context for a dyad within ``since``..``until``: each
    view narrowed to the range; the totals and charts from the crisis's
    incidents in it (``analyze.crisis_incidents``, as without a range)."""
    views = request.app.state.analysis
    rows = in_period(views.escalation(dyad), since, until)
    plotted = in_period(views.diplomacy(dyad), since, until)[-DIPLOMACY_POINTS:]
    window = specs.crisis_window([r["date"] for r in plotted if r.get("date")])
    _, outside = specs.split_window(plotted, window)
    incidents = in_period(analyze.crisis_incidents(
        queries.dyad_incidents(request.app.state.store, dyad), dyad), since, until)  # fmt: skip
    tolls = len(casualty_rows(incidents))
    latest = queries.incidents_page(request.app.state.store,
                                    Filters(dyad=dyad, since=since, until=until), limit=10).items
    return dict(
        escalation=rows,
        jumps=[r for r in rows if r["jump"]],
        escalation_spec=specs.with_brush(escalation_chart(rows, dyad=dyad, title="",
                                                              width="container")),
        casualties=analyze.casualty_totals(incidents),
        crisis_count=len(incidents),
        turning=in_period(views.turning_points(dyad), since, until),
        side_summary=analyze.side_summary(rows, dyad),
        diplomacy=in_period(views.diplomacy(dyad), since, until),
        diplomacy_spec=specs.diplomacy_spec(plotted, width="container", window=window),
        diplomacy_window=window, diplomacy_outside=outside, casualty_bars=CASUALTY_BARS,
        latest=latest,
        casualty_spec=casualties_chart(incidents, limit=CASUALTY_BARS, title="",
                                       width="container") if tolls else None,
        tolls=tolls,
        types_spec=events_by_type_chart(incidents, title=None, width="container")
        if incidents else None,
        trend_spec=trend_spec(incidents),
    )  # fmt: skip


def trend_spec(incidents: list[dict]) -> dict | None:
    """The weekly trend by type of a dyad's crisis incidents (None when none
    is dated to a day or week)."""
    from flashpoint.charts import weekly_chart, weekly_rows

    rows = weekly_rows(incidents)
    return weekly_chart(rows, width="container", height=140) if rows else None


def dyad_charts(state, dyad: str) -> dict:
    """The briefing's casualty-range and events-by-type charts of a dyad
    (kept like the analysis views): ``casualty_spec`` (None when no incident
    carries a toll), ``tolls`` (how many do), ``types_spec`` (None when the
    dyad has no incident)."""

    def compute() -> dict:
        incidents = analyze.crisis_incidents(queries.dyad_incidents(state.store, dyad), dyad)
        tolls = len(casualty_rows(incidents))
        return {
            "casualty_spec": casualties_chart(incidents, limit=CASUALTY_BARS, title="",
                                              width="container") if tolls else None,
            "tolls": tolls,
            "types_spec": events_by_type_chart(incidents, title=None, width="container")
            if incidents else None,
            "trend_spec": trend_spec(incidents),
        }  # fmt: skip

    return state.analysis.cache.get(("dyad-charts", dyad), compute)


@router.get("/incidents", response_class=HTMLResponse)
def incident_list(request: Request, f: Filtered, offset: PageOffset = 0,
                  sort: str = "date") -> HTMLResponse:  # fmt: skip
    """The incident list; ``sort`` (a column header's link) orders it by
    date, killed or sources (``queries.INCIDENT_SORTS``; anything else: date)."""
    sort = sort if sort in queries.INCIDENT_SORTS else "date"
    page = queries.incidents_page(request.app.state.store, f, limit=PAGE_SIZE,
                                  offset=max(0, offset), sort=sort,
                                  counts=request.app.state.analysis.counts)  # fmt: skip
    exported = {k: v for k, v in filter_query(f).items() if k != "q"}
    kept = {**filter_query(f), **({"sort": sort} if sort != "date" else {})}
    sorts = {key: "?" + urlencode({**filter_query(f), "sort": key})
             for key in queries.INCIDENT_SORTS}  # fmt: skip
    return render(request, "incidents.html", {
        "page": page, "pager": pager(page, kept), "f": f, "types": PLOVER_TYPES,
        "sort": sort, "sorts": sorts,
        "exports": {fmt: "/api/export?" + urlencode({**exported, "format": fmt})
                    for fmt in ("csv", "jsonl", "parquet")},
    })  # fmt: skip


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> HTMLResponse:
    store = request.app.state.store
    found = queries.incident(store, incident_id)
    if found is None:
        return render(request, "missing.html", {"what": "incident"}, status=404)
    texts: dict[str, dict | None] = {}

    def article(doc_id: str) -> dict:
        if doc_id not in texts:
            texts[doc_id] = store.article(doc_id)
        return texts[doc_id] or {}

    reports = []
    seen: set[tuple[str, str]] = set()
    for report in found.pop("reports_full"):
        doc_id = report["doc_id"]
        text = article(doc_id).get("text") or ""
        evidence = (report.get("event") or {}).get("evidence") or {}
        parts = queries.split_text(text, evidence.get("start"), evidence.get("end"))
        same = (doc_id, " ".join((report.get("sentence") or "").split()))
        reports.append({
            **report, "title": article(doc_id).get("title"),
            "published_text": when(report.get("published")),
            "excerpt": queries.excerpt(text, evidence["start"], evidence["end"])
            if parts else None,
            "repeat": same in seen,  # another event coded from the same sentence
        })  # fmt: skip
        seen.add(same)
    reports.sort(key=lambda r: (r.get("published") or "", r["doc_id"], r["repeat"]))
    found["first_reported_text"] = when(found.get("first_reported"))
    refs = {doc_id: article_ref(doc_id, article(doc_id))
            for doc_id in figure_docs(found)}  # fmt: skip
    claims = grouped_claims(found.get("claims") or [], article)
    return render(request, "incident.html", {
        "inc": found, "reports": reports, "refs": refs, "report_rows": REPORT_ROWS,
        "tolls": [(key, word, found[key]) for key, word in TOLLS
                  if (found.get(key) or {}).get("best") is not None],
        "reported": reported_figures(reports, article),
        "claims": [c for c in claims if c["stance"] == "claim"],
        "denials": [c for c in claims if c["stance"] == "denial"],
    })  # fmt: skip


def when(value: str | None) -> str:
    """An ISO date-time as ``2025-05-07 19:00 (+05:30)``; a date as it is."""
    if not value or len(value) <= 10:
        return value or ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    zone = moment.strftime("%z")
    zone = f" ({zone[:3]}:{zone[3:]})" if zone else ""
    return moment.strftime("%Y-%m-%d %H:%M") + zone


def article_ref(doc_id: str, article: dict) -> dict:
    """How a page names an article: outlet, day and title (for links)."""
    return {"doc_id": doc_id, "outlet": article.get("outlet") or doc_id,
            "day": (article.get("published") or "")[:10], "title": article.get("title") or ""}


def figure_docs(incident: dict) -> list[str]:
    """The articles behind the incident's low / best / high figures and its claims."""
    docs: list[str] = []
    for key, _ in TOLLS:
        figures = incident.get(key) or {}
        for ids in (figures.get("sources") or {}).values():
            docs.extend(d for d in ids if d not in docs)
        for claim in figures.get("claims") or []:  # one side's figures, shown beside the toll
            docs.extend(d for d in claim.get("sources") or [] if d not in docs)
    return docs


def grouped_claims(claims: list[dict], article) -> list[dict]:
    """Claims and denials with the same speaker and sentence as one item, with
    every article that carries it (wire copy repeats sentences)."""
    groups: dict[tuple, dict] = {}
    for c in claims:
        sentence = " ".join((c.get("sentence") or "").split())
        key = (c.get("stance"), c.get("by"), c.get("by_name"), sentence)
        group = groups.setdefault(key, {"stance": c.get("stance"), "by": c.get("by"),
                                        "by_name": c.get("by_name"), "sentence": sentence,
                                        "refs": []})  # fmt: skip
        if all(r["doc_id"] != c["doc_id"] for r in group["refs"]):
            ref = article_ref(c["doc_id"], article(c["doc_id"]))
            group["refs"].append({**ref, "outlet": c.get("outlet") or ref["outlet"]})
    return list(groups.values())


def reported_figures(reports: list[dict], article) -> list[dict]:
    """Each distinct figure as the articles give it (killed, injured, how:
    asserted or claimed by whom), with the articles, fewest killed first."""
    rows: dict[tuple, dict] = {}
    for r in reports:
        if r.get("fatalities") is None and r.get("injuries") is None:
            continue
        by = r.get("claimed_by") or {}
        key = (r.get("fatalities"), r.get("injuries"), r.get("modality"),
               by.get("name") or by.get("code"))  # fmt: skip
        row = rows.setdefault(key, {"fatalities": key[0], "injuries": key[1], "modality": key[2],
                                    "claimed_by": key[3], "refs": []})  # fmt: skip
        if all(ref["doc_id"] != r["doc_id"] for ref in row["refs"]):
            row["refs"].append(article_ref(r["doc_id"], article(r["doc_id"])))
    return sorted(rows.values(), key=lambda row: (
        row["fatalities"] is None, row["fatalities"] or 0, row["injuries"] or 0,
        row["modality"] or "", row["claimed_by"] or ""))  # fmt: skip


@router.get("/articles/{doc_id:path}", response_class=HTMLResponse)
def article_page(request: Request, doc_id: str, event: str | None = None) -> HTMLResponse:
    store = request.app.state.store
    article = store.article(doc_id)
    if article is None:
        return render(request, "missing.html", {"what": "article"}, status=404)
    from flashpoint.report import safe_url

    article["source_href"] = safe_url(article.get("url"))  # a link only to a web address
    events = store.events(doc_id=doc_id)
    chosen = next((e for e in events if e["id"] == event), None)
    parts = None
    if chosen is not None:
        evidence = chosen.get("evidence") or {}
        parts = queries.split_text(article["text"], evidence.get("start"), evidence.get("end"))
    incident_of = {r["event_id"]: i for i, rs in queries.incidents_of_doc(store, doc_id).items()
                   for r in rs}  # fmt: skip
    return render(request, "article.html", {
        "article": article, "events": events, "chosen": chosen, "parts": parts,
        "incident_of": incident_of,
        "statements": store.statements(doc_id=doc_id),
    })  # fmt: skip


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, f: Filtered, view: str | None = None) -> HTMLResponse:
    """The map of the newest located incidents (``MAP_POINTS``). Every one is
    on the map; the first view fits those close together (``split_far``), or
    all of them with ``view=world``. Zoom, pan, clusters and tooltips are
    ``static/map.js``'s, the clusters of each zoom ``specs.cluster_levels``'."""
    world = view == "world"
    return render_kept(request, ("map", astuple(f), world), "map.html", lambda: {
        "f": f, "types": PLOVER_TYPES, **map_view(request.app.state, f, world=world),
        "world": world, "world_link": "?" + urlencode({**filter_query(f), "view": "world"}),
        "near_link": "?" + urlencode(filter_query(f)),
    })  # fmt: skip


def map_view(state, f: Filters, *, world: bool = False) -> dict:
    """The map's points and their JSON (kept like the analysis views: the
    newest located incidents change slowly)."""

    def compute() -> dict:
        page = queries.map_page(state.store, f, limit=MAP_POINTS)
        points = specs.map_points(page.items)
        near, far = (points, []) if world else specs.split_far(points)
        data = specs.map_data(points, focus=near)
        return {"points": len(points), "truncated": page.extra["truncated"],
                "map_json": specs.inline_json(data), "colours": data["colours"],
                "shown": len(near),
                "far": len(far),
                "far_countries": Counter(p["country"] or "?" for p in far).most_common()}  # fmt: skip

    return state.analysis.cache.get(("map", astuple(f), world), compute)


@router.get("/actors", response_class=HTMLResponse)
def actor_list(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
               offset: PageOffset = 0) -> HTMLResponse:  # fmt: skip
    page = queries.actors_page(request.app.state.analysis.actors(), q=q, limit=PAGE_SIZE,
                               offset=max(0, offset))  # fmt: skip
    return render(request, "actors.html", {"page": page, "q": q,
                                           "pager": pager(page, {"q": q} if q else {})})


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor_page(request: Request, code: str, offset: PageOffset = 0) -> HTMLResponse:
    """An actor's page, kept per (actor, page, period) until the store
    changes (``render_kept``): its two incident tables and quotes cost
    several milliseconds to render."""
    state = request.app.state
    offset = max(0, offset)

    def context() -> dict | None:
        found = queries.actor(state.store, code, limit=PAGE_SIZE, offset=offset,
                              counts=state.analysis.counts)  # fmt: skip
        if found is None:
            return None
        return {"actor": found, "offset": offset, "size": PAGE_SIZE,
                **weekly_views(state, code)}  # fmt: skip

    return render_kept(request, ("actor", code, offset), "actor.html", context, kept="pages")


def weekly_views(state, code: str) -> dict:
    """An actor's or country's page views (kept like the analysis views):
    incidents and killed per week by PLOVER type, of the incidents it is in
    or its territory holds, and its dyads."""
    from flashpoint.charts import weekly_chart, weekly_rows

    def compute() -> dict:
        records = queries.country_incidents(state.store, code)
        rows = weekly_rows(records)
        return {
            "weekly_spec": weekly_chart(rows, width="container") if rows else None,
            "killed_spec": weekly_chart(rows, measure="killed", width="container")
            if any(r["killed"] for r in rows) else None,
            "dyads": queries.counterpart_dyads(records, code.upper())[:12],
        }  # fmt: skip

    return state.analysis.cache.get(("weekly", code.upper()), compute)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> HTMLResponse:
    return render_kept(request, ("network",), "network.html",
                       lambda: dict(network_view(request.app.state)))


def network_view(state) -> dict:
    """The network page's chart (serialized once) and busiest edges, kept
    like the analysis views."""

    def compute() -> dict:
        network = state.analysis.network()
        edges = sorted(network["edges"], key=lambda e: (-e["incidents"], e["source"], e["target"]))
        return {"network_spec": specs.inline_json(specs.network_spec(network)),
                "edges": edges[:100], "nodes": len(network["nodes"]),
                "edge_total": len(network["edges"])}  # fmt: skip

    return state.analysis.cache.get(("network-page",), compute)


def warm(state) -> None:
    """Compute what the busiest pages show before the server takes requests
    (``create_app(warm=True)``, which ``serve`` uses): the analysis views
    (``Analysis.warm``), the default dyad's overview, its two actors' pages'
    charts, the map and the network page. Afterwards they are recomputed only
    when the store changes (``TTLCache``'s ``version``)."""
    views = state.analysis
    views.warm()
    dyad = views.default_dyad()
    if dyad:
        overview_view(state, dyad)
        for code in dyad.split("-"):
            weekly_views(state, code)
    map_view(state, Filters())
    network_view(state)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
                ) -> HTMLResponse:  # fmt: skip
    """Incidents, statements, articles and actors matching ``q``; the page
    is kept per query until the store changes (``render_kept``): a search
    collects thousands of full-text hits, highlights them and renders four
    lists."""
    state = request.app.state

    def context() -> dict:
        store, counts = state.store, state.analysis.counts
        results = None
        if q:
            results = {
                "incidents": queries.incidents_page(store, Filters(q=q), limit=PAGE_SIZE,
                                                    counts=counts),
                "statements": queries.statements_page(store, q=q, limit=PAGE_SIZE,
                                                      counts=counts),
                "articles": queries.articles_page(store, q=q, limit=PAGE_SIZE, counts=counts),
                "actors": queries.actors_page(state.analysis.actors(), q=q, limit=PAGE_SIZE),
            }
        matches = queries.incident_matches(results["incidents"].items, q) if results else {}
        return {"q": q or "", "results": results, "matches": matches,
                "highlight": queries.highlight}  # fmt: skip

    return render_kept(request, ("search", q or ""), "search.html", context, kept="pages")


def not_found_page(request: Request) -> HTMLResponse:
    return render(request, "missing.html", {"what": "page"}, status=404)


def invalid_page(request: Request, message: str) -> HTMLResponse:
    """A 422 page: what in the address flashpoint could not use, and why."""
    return render(request, "missing.html", {"what": None, "message": message}, status=422)

