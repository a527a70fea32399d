"""Alembic environment for the flashpoint store.

``Store`` runs the migrations itself (``flashpoint.store.store.upgrade``) on the
connection it opened, passed in ``config.attributes["connection"]``; there is no
``alembic.ini``. To write a new migration by hand, copy the newest file in
``versions/`` and change ``revision``, ``down_revision`` and the operations.
Search structures (FTS5 tables, triggers, expression indexes) are raw SQL in
their migration and left out of autogenerate by ``search.include_object``.
"""

from __future__ import annotations

from alembic import context

from flashpoint.store.schema import metadata
from flashpoint.store.search import include_object

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "flashpoint's migrations run through flashpoint.store.Store(url), "
        "which passes its connection in config.attributes['connection']"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # ALTER on SQLite
    # FTS5 tables and expression indexes (0003) are not in ``metadata``
    include_object=include_object,
)
context.run_migrations()
