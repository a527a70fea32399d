"""The FastAPI application: ``create_app(db)`` builds the dashboard and the
REST API over one store.

    from flashpoint.web import create_app
    app = create_app("flashpoint.db")        # or a Store, or a database URL

The app only reads: GET is answered, every other method (HEAD included) is
``405 Method Not Allowed``. Templates are autoescaped; every asset (the Vega
bundle, country outlines, Swagger UI) is served by the app, so the dashboard
works with no internet.
"""

from __future__ import annotations

import gc
import logging
import os
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from flashpoint import __version__, links
from flashpoint.store import Store
from flashpoint.web import alerts, api, assets, pages
from flashpoint.web.analysis import DEFAULT_TTL_S, Analysis

TEMPLATES_DIR = Path(str(files("flashpoint.web") / "templates"))
READ_METHODS = ("GET",)
log = logging.getLogger(__name__)


def has_nul(request: Request) -> bool:
    """Whether the path or the query string holds a NUL character, which no
    value of this app can contain and PostgreSQL refuses in any string: such a
    request is answered 422 on every route and engine alike."""
    raw = request.scope.get("raw_path") or b""
    query = request.scope.get("query_string") or b""
    return ("\x00" in request.url.path or b"%00" in raw or b"\x00" in raw
            or b"%00" in query or b"\x00" in query)  # fmt: skip


class ReadOnly:
    """Every method but GET is answered 405, a request holding a NUL 422
    (``has_nul``), and every response gets ``X-Content-Type-Options:
    nosniff`` and ``Referrer-Policy: no-referrer``. A plain ASGI middleware:
    Starlette's ``@app.middleware("http")`` ran each request through extra
    tasks and streams, a fixed cost on every route."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = None
        if scope["method"] not in READ_METHODS:
            refused = JSONResponse({"detail": "Method Not Allowed: this API is read-only"},
                                   status_code=405, headers={"Allow": ", ".join(READ_METHODS)})
        elif has_nul(Request(scope)):
            refused = JSONResponse({"detail": "the request holds a NUL character (%00)"},
                                   status_code=422)  # fmt: skip

        async def send_headed(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        if refused is not None:
            await refused(scope, receive, send_headed)
        else:
            await self.app(scope, receive, send_headed)


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.globals["version"] = __version__
    env.globals["incident_href"] = links.incident_href
    env.globals["article_href"] = links.article_href
    env.globals["actor_href"] = links.actor_href
    env.filters["inline_json"] = pages.specs.inline_json
    return Jinja2Templates(env=env)


@asynccontextmanager
async def _lifespan(app: FastAPI):
    await _warm_up(app)
    yield


async def _warm_up(app: FastAPI) -> None:
    """Build the Vega bundle and the busiest pages' views (``pages.warm``)
    before the server takes its first request, in a worker thread (the event
    loop stays free): at a hundred thousand incidents they take seconds, and
    clients arriving together at a cold server queued behind them."""
    import anyio

    assets.warm_up()

    def run() -> None:
        try:
            pages.warm(app.state)
        except Exception:  # a view that fails now fails again, visibly, on use
            log.exception("warming the views failed")
        # what is alive now (the views, the app, the modules) lives as long as
        # the server: out of the collector's way, a full collection no longer
        # walks it in the middle of a request
        gc.collect()
        gc.freeze()

    await anyio.to_thread.run_sync(run)


def create_app(
    db: Store | str | os.PathLike[str] | None = None,
    *,
    cache_ttl_s: float = DEFAULT_TTL_S,
    warm: bool = False,
) -> FastAPI:
    """The app over ``db`` (a ``Store``, a path or URL; None: the default
    database). Cached views are checked after ``cache_ttl_s`` seconds and
    computed again if the store changed; ``warm`` computes the busiest ones
    (and builds the Vega bundle) as the app starts, before it answers."""
    store = db if isinstance(db, Store) else Store(db)
    app = FastAPI(
        title="flashpoint",
        version=__version__,
        description="Read-only access to flashpoint's articles, PLOVER events, "
        "statements, fused incidents and their analysis.",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan if warm else None,
    )
    app.state.store = store
    app.state.analysis = Analysis(store, ttl_s=cache_ttl_s)
    app.state.templates = make_templates()

    app.add_middleware(ReadOnly)

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and not request.url.path.startswith(("/api", "/static",
                                                                        "/assets")):
            return pages.not_found_page(request)
        if exc.status_code == 422 and not request.url.path.startswith(("/api", "/static",
                                                                        "/assets")):
            return pages.invalid_page(request, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))  # fmt: skip

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(alerts.router)  # /alerts.atom
    assets.mount(app, app.state.templates)
    return app


#: what ``app_from_environment`` reads: ``serve --workers`` hands each worker
#: process its settings through these variables
ENV_DB, ENV_TTL, ENV_ALERTS = "FLASHPOINT_SERVE_DB", "FLASHPOINT_SERVE_TTL", "FLASHPOINT_SERVE_ALERTS"


def app_from_environment() -> FastAPI:
    """The app of one of ``serve --workers N``'s worker processes (uvicorn's
    app factory): the database, cache time and alert rules named by
    ``ENV_DB``, ``ENV_TTL`` and ``ENV_ALERTS``. Each worker keeps its own
    analysis cache; the alert rules are checked by the serving process, not
    here (the feed only reads them)."""
    app = create_app(os.environ.get(ENV_DB) or None,
                     cache_ttl_s=float(os.environ.get(ENV_TTL) or DEFAULT_TTL_S), warm=True)
    if os.environ.get(ENV_ALERTS):
        from flashpoint.alerts import load_config

        app.state.alerts = load_config(os.environ[ENV_ALERTS])
    return app

