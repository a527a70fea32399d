"""Migration scripts, one a file, applied in order by Alembic."""
