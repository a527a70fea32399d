"""Everything the browser loads, served by the app itself (no CDN, no
internet): the Vega/Vega-Lite/vega-embed bundle, the static files and the
API documentation.

- ``/assets/vega.js``: ``vl_convert.javascript_bundle()`` (vega, vega-lite and
  vega-embed as one script that sets ``window.vegaEmbed``). Building it takes
  a few seconds, so it is built once per process (on first use, or early in a
  thread by ``warm_up``) and sent with a long cache lifetime and an ETag.
- ``/docs``: Swagger UI from the files the PyPI package ``fastapi-offline``
  ships (Swagger UI 5, which reads OpenAPI 3.1). Without that package
  installed, ``/docs`` is a small page of our own that lists every operation of
  ``/openapi.json`` with its parameters (``templates/docs.html``).
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(str(files("flashpoint.web") / "static"))
SWAGGER_URL = "/assets/swagger"


@cache
def vega_bundle() -> tuple[bytes, str]:
    """The JS bundle and its ETag (built once per process)."""
    import vl_convert

    body = vl_convert.javascript_bundle().encode("utf-8")
    return body, '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def warm_up() -> threading.Thread:
    """Build the bundle in the background so the first page is quick."""
    thread = threading.Thread(target=vega_bundle, name="vega-bundle", daemon=True)
    thread.start()
    return thread


def swagger_dir() -> Path | None:
    """The Swagger UI files of ``fastapi-offline``, or None when not installed."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def docs_csp(body: bytes) -> str:
    """The Content-Security-Policy of ``/docs``: scripts from this app, and
    the page's own inline scripts (Swagger UI starts from one) by their
    SHA-256 only, so no other script can run there."""
    inline = re.findall(rb"<script>(.*?)</script>", body, flags=re.DOTALL)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'"
                      for s in inline)  # fmt: skip
    return (f"default-src 'self'; script-src 'self' {hashes}".rstrip() + "; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def mount(app, templates) -> None:
    """Add the static mounts and the asset routes to ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    swagger = swagger_dir()
    if swagger is not None:
        app.mount(SWAGGER_URL, StaticFiles(directory=swagger), name="swagger")
    router = APIRouter(include_in_schema=False)

    @router.get("/assets/vega.js")
    def vega_js(request: Request) -> Response:
        body, etag = vega_bundle()
        headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="text/javascript", headers=headers)

    @router.get("/docs")
    def docs(request: Request) -> HTMLResponse:
        if swagger is not None:
            page = get_swagger_ui_html(
                openapi_url=app.openapi_url, title="flashpoint API",
                swagger_js_url=f"{SWAGGER_URL}/swagger-ui-bundle.js",
                swagger_css_url=f"{SWAGGER_URL}/swagger-ui.css",
                swagger_favicon_url=f"{SWAGGER_URL}/favicon.png",
            )  # fmt: skip
        else:
            page = templates.TemplateResponse(request, "docs.html", {"api": app.openapi()})
        page.headers["Content-Security-Policy"] = docs_csp(bytes(page.body))
        return page

    app.include_router(router)
