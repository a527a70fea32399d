"""Storage: one ``Store`` facade over SQLAlchemy Core for SQLite and PostgreSQL
(PLACEHOLDER: the store work replaces this)."""
