"""The alerts as an Atom feed (RFC 4287), what the dashboard serves at
``/alerts.atom``: the newest delivered alerts, newest first, each entry
linking to its incident's page (or to the dyad's page for an escalation).

Entry ids are ``urn:uuid:`` names derived from the alert key, so a feed
reader sees each alert once however often it polls.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from urllib.parse import quote
from xml.etree import ElementTree as ET

from flashpoint import __version__
from flashpoint.links import incident_href

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
_NAMESPACE = uuid.UUID("6f1c2a52-1d0e-4b7f-9a43-5d8b3e0c7a19")  # flashpoint alerts


def entry_id(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def alert_path(alert: dict) -> str:
    """The dashboard page an alert points to."""
    if alert.get("incident"):
        return incident_href(alert["incident"])
    if alert.get("dyad"):
        return "/?dyad=" + quote(alert["dyad"], safe="")
    return "/"


def atom_feed(alerts: list[dict], *, base_url: str, title: str = "flashpoint alerts",
              self_url: str | None = None) -> bytes:  # fmt: skip
    """The feed document (UTF-8 bytes) for ``alerts`` (newest first)."""
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM)

    def sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items() if v})
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", entry_id(f"feed:{base}"))
    sub(feed, "title", title)
    sub(feed, "subtitle", "Alerts raised by flashpoint's rules on the coded incidents")
    stamps = [_stamp(a) for a in alerts]
    sub(feed, "updated", max(stamps) if stamps else _iso(datetime.now(UTC)))
    sub(feed, "link", rel="self", href=self_url or f"{base}/alerts.atom",
        type="application/atom+xml")  # fmt: skip
    sub(feed, "link", rel="alternate", href=f"{base}/", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "flashpoint")
    sub(feed, "generator", "flashpoint", version=__version__)
    for alert, stamp in zip(alerts, stamps, strict=True):
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(alert["key"]))
        sub(entry, "title", alert["title"])
        sub(entry, "updated", stamp)
        sub(entry, "published", stamp)
        sub(entry, "link", rel="alternate", href=base + alert_path(alert), type="text/html")
        sub(entry, "category", term=alert.get("event") or alert["kind"], label=alert["rule"])
        lines = [alert["title"]]
        if alert.get("summary") and alert["summary"] != alert["title"]:
            lines.append(f"“{alert['summary']}”")
        lines.append(f"rule: {alert['rule']} ({alert['kind']})")
        sub(entry, "summary", "\n".join(lines), type="text")
    body = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def _stamp(alert: dict) -> str:
    raw = alert.get("created_at")
    try:
        when = datetime.fromisoformat(raw) if raw else datetime.now(UTC)
    except ValueError:
        when = datetime.now(UTC)
    return _iso(when if when.tzinfo else when.replace(tzinfo=UTC))


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
