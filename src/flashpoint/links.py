"""The dashboard's addresses: the one owner of the path of an incident page
and of an actor page.

The web layer serves these paths; the briefing, the alerts feed and the
dashboard's own specs and templates link to them. Kept below all of them
(it imports nothing of flashpoint) so that none needs to import another, and
the web layer (FastAPI) is never loaded to build a link.
"""

from __future__ import annotations

from urllib.parse import quote


def incident_href(incident_id: str) -> str:
    """The path of an incident's page; the id is one path segment, so an id
    holding ``/`` or ``?`` stays one segment."""
    return "/incidents/" + quote(str(incident_id), safe="")


def actor_href(code: str) -> str:
    """The path of an actor's page."""
    return "/actors/" + quote(str(code), safe="")


def article_href(doc_id: str) -> str:
    """The article page of ``doc_id``, every character that could end or
    redirect the path (``/``, ``?``, ``#``, ``..``) encoded; the route takes
    the decoded rest of the path, so an id that is a URL is reachable."""
    return "/articles/" + quote(str(doc_id), safe="")


def absolute(path: str, base_url: str) -> str:
    """``path`` on the dashboard served at ``base_url``."""
    return base_url.rstrip("/") + path
