"""Alembic migrations for the store (run by ``Store`` on open; see ``env.py``)."""
