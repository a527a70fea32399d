"""Alembic environment for the flashpoint store.

``Store`` runs the migrations itself (``flashpoint.store.store.upgrade``) on the
connection it opened, passed in ``config.attributes["connection"]``; there is no
``alembic.ini``. To write a new migration by hand, copy the newest file in
``versions/`` and change ``revision``, ``down_revision`` and the operations.
"""

from __future__ import annotations

from alembic import context

from flashpoint.store.schema import metadata

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
)
context.run_migrations()
