"""``/alerts.atom``: the delivered alerts (``flashpoint.alerts``) as an Atom
feed any feed reader can follow. It lists what the ledger holds, whichever
process raised the alerts (``watch --alerts`` or ``serve --alerts``)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from flashpoint.alerts import atom_feed, recent
from flashpoint.alerts.feed import MEDIA_TYPE

router = APIRouter(include_in_schema=False)


@router.get("/alerts.atom")
def alerts_feed(request: Request, limit: int = Query(50, ge=1, le=500)) -> Response:
    config = getattr(request.app.state, "alerts", None)
    title = config.feed_title if config else "flashpoint alerts"
    if config and "limit" not in request.query_params:
        limit = config.feed_limit
    body = atom_feed(recent(request.app.state.store, limit=limit), title=title,
                     base_url=str(request.base_url), self_url=str(request.url))  # fmt: skip
    return Response(body, media_type=MEDIA_TYPE, headers={"Cache-Control": "no-cache"})
