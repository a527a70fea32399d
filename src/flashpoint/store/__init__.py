"""Storage: one ``Store`` facade over SQLAlchemy Core for SQLite and PostgreSQL.

    from flashpoint.store import Store, resolve_db_url
    store = Store(resolve_db_url(None))      # ./flashpoint.db or $FLASHPOINT_DB
    store.save_article(article, events, statements)   # "new" | "unchanged" | "updated"

Tables live in ``flashpoint.store.schema`` (``metadata``); the schema is created
and upgraded by the Alembic migrations in ``flashpoint/store/migrations``.
Full-text search (``store.events(q="shelling poonch")``, ``search.match`` for
other queries) is described in ``flashpoint.store.search``.
"""

from flashpoint.store.engine import resolve_db_url
from flashpoint.store.schema import metadata
from flashpoint.store.store import SAVE_STATUSES, Store, parse_dyad

__all__ = ["SAVE_STATUSES", "Store", "metadata", "parse_dyad", "resolve_db_url"]
