"""The web dashboard and read-only REST API (``flashpoint serve``).

``create_app(db)`` (``app.py``) builds the FastAPI app; ``api.py`` holds the
``/api`` routes, ``pages.py`` the dashboard pages, ``queries.py`` the
paginated, indexed reads, ``analysis.py`` the cached analysis views,
``specs.py`` the dashboard's Vega-Lite specs, ``assets.py`` the offline assets,
``bench.py`` the load benchmark.
"""

from flashpoint.web.app import create_app

__all__ = ["create_app"]
