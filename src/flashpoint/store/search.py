"""Full-text search over the store: what can be found, and the clause that
finds it, on SQLite (FTS5) and PostgreSQL (``tsvector`` with a GIN index).

What is searchable, per table:

- ``events``: the evidence sentence and the location name;
- ``statements``: the quote;
- ``articles``: the title and the outlet (not the body: its sentences are
  found through their events and statements);
- ``incidents``: every report's sentence and the location name (written
  to the incident's ``search_text`` column with its record: ``incident_text``).

Semantics, the same on both engines: a query is cut into words (runs of
letters and digits; anything else only separates words, so no input is ever
a query-syntax error) and a record matches when every word occurs in its
text, in any case; words of three or more characters also match as the start
of a longer word ("shell poonch" finds "Shelling in Poonch"), shorter ones
only whole ("UN" does not find "until"). A query with no word finds nothing.
Diacritics count ("cafe" does not find "café"). At most ``MAX_WORDS`` words
are used.

The indexes are made by migration ``0003_search``, and the incidents' by
``0010_incident_search_text`` (change what is indexed only with a new
migration, and keep ``PG_TEXT`` here equal to it: the queries must repeat the
index's expression for PostgreSQL to use the index):

- SQLite: one contentless FTS5 table per searched table, ``<table>_fts``
  (one column ``body``; its rowid is the row's rowid), kept in step by
  triggers on insert, update and delete of the table. Every write (the
  store's, fusion's, a raw ``INSERT``) updates the index in its own
  transaction: a rolled-back write leaves nothing indexed.
- PostgreSQL: an expression GIN index ``ix_<table>_search`` on
  ``to_tsvector('simple', <text with punctuation made spaces>)``.

FTS5 virtual tables, their shadow tables and the expression indexes are
outside SQLAlchemy's ``metadata``; ``include_object`` leaves them out when the
migrations are compared with ``schema.py`` (``alembic`` autogenerate).
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Connection, Table, false, func, literal_column, select
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table

SEARCHED = ("events", "statements", "articles", "incidents")
MAX_WORDS = 16
MIN_PREFIX = 3  # shorter words match whole words only
_WORD = re.compile(r"[^\W_]+")

# PostgreSQL: the searchable text of a row, ``{p}`` the column prefix ("" in
# the index, "events." in a query). Must stay equal to migration 0003's.
PG_TEXT = {
    "events": "coalesce({p}record -> 'evidence' ->> 'sentence', '') || ' ' || "
    "coalesce({p}record -> 'location' ->> 'name', '')",
    "statements": "coalesce({p}quote, '')",
    "articles": "coalesce({p}title, '') || ' ' || coalesce({p}outlet, '')",
    # since migration 0010, a column of its own (``incident_text``)
    "incidents": "coalesce({p}search_text, '')",
}
# Punctuation (and the JSON escapes \n \t ... of a jsonb array's text) become
# spaces, as FTS5's unicode61 tokenizer treats them.
PG_DOCUMENT = "to_tsvector('simple'::regconfig, regexp_replace({text}, '(\\\\[nrtbf]|[^[:alnum:]])+', ' ', 'g'))"


def incident_text(record: dict) -> str:
    """An incident's searchable text, as the store writes it to its
    ``search_text`` column (migration 0010): the words of its reports'
    sentences, then of its place's name (what migration 0003's triggers
    took out of the record), each run of non-space characters once.

    Search asks only whether each word occurs (no ranking, no phrases), and
    both engines' tokenizers cut at every space, so a repeated run adds
    nothing a query can find. An incident's reports are mostly the same
    wire sentence run by many outlets: kept whole, the text grew with every
    report, and PostgreSQL's GIN index and SQLite's FTS5 table re-read all
    of it each time fusion added one. Rows written before keep their whole
    text, which finds the same incidents."""
    sentences = [r.get("sentence") for r in record.get("reports") or []]
    place = (record.get("location") or {}).get("name") or ""
    text = " ".join(str(x) for x in sentences if x is not None) + " " + place
    return " ".join(dict.fromkeys(text.split()))


def fts_table(name: str) -> str:
    """The FTS5 table of a searched table (SQLite)."""
    return f"{name}_fts"


def pg_index(name: str) -> str:
    """The GIN index of a searched table (PostgreSQL)."""
    return f"ix_{name}_search"


def pg_document(name: str, *, prefix: str = "") -> str:
    """The ``tsvector`` expression of a searched table, as SQL."""
    return PG_DOCUMENT.format(text=PG_TEXT[name].format(p=prefix))


def words(q: str | None) -> list[str]:
    """The words of a query, lower-cased, at most ``MAX_WORDS``."""
    return [w.lower() for w in _WORD.findall(q or "")][:MAX_WORDS]


def fts5_query(found: list[str]) -> str:
    """FTS5 query syntax for ``words``: each quoted (so never an operator),
    all required, long ones as prefixes."""
    return " ".join(f'"{w}"*' if len(w) >= MIN_PREFIX else f'"{w}"' for w in found)


def tsquery(found: list[str]) -> str:
    """``to_tsquery`` syntax for ``words`` (letters and digits only, so never
    a syntax error): all required, long ones as prefixes."""
    return " & ".join(f"{w}:*" if len(w) >= MIN_PREFIX else w for w in found)


def match(table: Table, q: str | None, dialect: str, *, by_rowid: bool = True,
          ) -> ColumnElement[bool]:  # fmt: skip
    """A WHERE clause: the rows of ``table`` (one of ``SEARCHED``) whose text
    has every word of ``q``; false when ``q`` has no word.

    SQLite: ``rowid IN (the FTS5 hits)``. With ``by_rowid=False`` the rowid
    is written ``+rowid``, so SQLite does not look the hits up one by one but
    tests each row it reads against them: better when the hits are many and
    the query walks an index in the wanted order (the newest 25 of 10,000
    hits: a few hundred index entries instead of 10,000 rows sorted).
    """
    if table.name not in SEARCHED:
        raise ValueError(f"{table.name} is not searchable; these are: {', '.join(SEARCHED)}")
    found = words(q)
    if not found:
        return false()
    if dialect == "sqlite":
        fts = _fts(table)
        hits = select(fts.c.rowid).where(fts.c.body.op("MATCH")(fts5_query(found)))
        rowid = f"{'' if by_rowid else '+'}{table.name}.rowid"
        return literal_column(rowid).in_(hits)
    if dialect == "postgresql":
        document = literal_column(pg_document(table.name, prefix=f"{table.name}."))
        return document.op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"),
                                                 tsquery(found)))  # fmt: skip
    raise ValueError(f"no full-text search on {dialect}")


def count(conn: Connection, table: Table, q: str | None) -> int:
    """How many rows of ``table`` match ``q`` (SQLite: counted in the FTS5
    index alone, without reading the rows)."""
    found = words(q)
    if not found:
        return 0
    if conn.dialect.name == "sqlite":
        fts = _fts(table)
        query = select(func.count()).where(fts.c.body.op("MATCH")(fts5_query(found)))
    else:
        query = select(func.count()).select_from(table).where(match(table, q, conn.dialect.name))
    return conn.execute(query).scalar_one()


def _fts(table: Table):
    return sa_table(fts_table(table.name), sa_column("rowid"), sa_column("body"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic ``include_object``: leave out the search structures, which
    ``schema.py`` does not describe (FTS5 tables with their shadow tables
    ``<table>_fts_data`` ..., and the PostgreSQL expression indexes)."""
    if type_ == "table" and name:
        return not any(name == fts_table(t) or name.startswith(fts_table(t) + "_")
                       for t in SEARCHED)  # fmt: skip
    if type_ == "index" and name:
        return name not in {pg_index(t) for t in SEARCHED}
    return True
