"""Incidents: events from different articles about the same happening, fused.

- ``flashpoint.fuse.rules``: the matching and reconciling rules (pure
  functions on dicts) and ``Fusion``/``fuse`` in memory; its docstring states
  the rules.
- ``flashpoint.fuse.store``: the same fusion, incremental, against a
  ``Store`` (``update_for_article``, ``fuse_in``, ``fuse_pending``,
  ``stored_incidents``).

Every public name of both is importable from here::

    from flashpoint import fuse
    fuse.update_for_article(store, doc_id)
"""

from flashpoint.fuse.rules import (
    CLAIMED,
    CREDIBLE,
    DATE_RANK,
    DATE_SLACK_DAYS,
    DENIAL_WINDOW,
    NEVER_COUNTED,
    PLACE_RADIUS_KM,
    PLACE_RANK,
    UNDATED_WINDOW_DAYS,
    Fusion,
    assign,
    cross_links,
    date_interval,
    date_score,
    date_window,
    fuse,
    haversine_km,
    incident_id_for,
    incident_profile,
    internal_claims,
    is_denial_of,
    make_report,
    match_score,
    ordered,
    place_score,
    reconcile,
    relink,
    report_profile,
    same_reports,
    summarize,
)
from flashpoint.fuse.store import (
    LINK_SLACK_DAYS,
    fuse_in,
    fuse_pending,
    pending_docs,
    record_window,
    stored_incidents,
    update_for_article,
)

__all__ = [
    "CLAIMED",
    "CREDIBLE",
    "DATE_RANK",
    "DATE_SLACK_DAYS",
    "DENIAL_WINDOW",
    "LINK_SLACK_DAYS",
    "NEVER_COUNTED",
    "PLACE_RADIUS_KM",
    "PLACE_RANK",
    "UNDATED_WINDOW_DAYS",
    "Fusion",
    "assign",
    "cross_links",
    "date_interval",
    "date_score",
    "date_window",
    "fuse",
    "fuse_in",
    "fuse_pending",
    "haversine_km",
    "incident_id_for",
    "incident_profile",
    "internal_claims",
    "is_denial_of",
    "make_report",
    "match_score",
    "ordered",
    "pending_docs",
    "place_score",
    "reconcile",
    "record_window",
    "relink",
    "report_profile",
    "same_reports",
    "stored_incidents",
    "summarize",
    "update_for_article",
]
