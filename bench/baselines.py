"""What a simpler design gives: the same entries searched with SQLite FTS5 and with
PostgreSQL full-text search. These tables exist only here, in scratch databases of the
benchmark; the app never uses them.

Each engine does the work of one search page, as plainly as it allows: the top 20 by its own
relevance ranking (title and keywords weighted above summary above body), a marked snippet
for each, and the count of the whole match set. Neither does what the app's search also does
(typo tolerance, synonyms, hyphen folding, facets), so they do less work than the app.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import select

from app.kinds import KINDS
from bench.pg import libpq_url
from bench.queries import BenchQuery

PAGE = 20
KIND_TABLES = {kind.name: kind.table.__table__ for kind in KINDS.values()}  # type: ignore[attr-defined]


def published_rows(session: Any) -> Iterator[tuple[str, int, str, str, str, str]]:
    """(kind, id, title, summary, body, keywords) of every published entry of the app's tables."""
    for kind, table in KIND_TABLES.items():
        query = select(table.c.id, table.c.title, table.c.summary, table.c.body, table.c.keywords).where(
            table.c.status == "published"
        )
        for row in session.execute(query.execution_options(yield_per=2000)):
            yield kind, row.id, row.title, row.summary or "", row.body or "", ", ".join(row.keywords or [])


class Fts5:
    """An FTS5 table (porter stemming over unicode61) in a SQLite file of its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def build(self, rows: Iterable[tuple[str, int, str, str, str, str]]) -> int:
        c = self.conn
        c.execute("PRAGMA journal_mode=WAL")
        c.execute(
            "CREATE VIRTUAL TABLE entry_fts USING fts5("
            "title, summary, body, keywords, kind UNINDEXED, entry_id UNINDEXED, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        count = 0
        with c:
            for batch in _batches(rows, 2000):
                c.executemany(
                    "INSERT INTO entry_fts (kind, entry_id, title, summary, body, keywords) VALUES (?, ?, ?, ?, ?, ?)",
                    batch,
                )
                count += len(batch)
        with c:
            c.execute("INSERT INTO entry_fts (entry_fts) VALUES ('optimize')")
        return count

    def search(self, query: BenchQuery) -> tuple[int, list[tuple[Any, ...]]]:
        match = query.fts5_match()
        where = "entry_fts MATCH ?"
        args: list[Any] = [match]
        if query.kind:
            where += " AND kind = ?"
            args.append(query.kind)
        hits = self.conn.execute(
            "SELECT kind, entry_id, title, summary, "
            "snippet(entry_fts, -1, '<mark>', '</mark>', '…', 32), "
            "bm25(entry_fts, 3.0, 2.0, 1.0, 3.0) AS score "
            f"FROM entry_fts WHERE {where} ORDER BY score LIMIT {PAGE}",
            args,
        ).fetchall()
        (total,) = self.conn.execute(f"SELECT count(*) FROM entry_fts WHERE {where}", args).fetchone()
        return int(total), hits

    def close(self) -> None:
        self.conn.close()


class PostgresFts:
    """A table with a weighted tsvector (title and keywords A, summary B, body D) and a GIN
    index, in a scratch database; ranked by ts_rank, marked by ts_headline."""

    def __init__(self, database_url: str) -> None:
        self.conn = psycopg.connect(libpq_url(database_url), autocommit=True)

    def build(self, rows: Iterable[tuple[str, int, str, str, str, str]]) -> int:
        c = self.conn
        c.execute(
            "CREATE TABLE entry_fts (kind text NOT NULL, entry_id int NOT NULL, title text NOT NULL, "
            "summary text NOT NULL, body text NOT NULL, keywords text NOT NULL, tsv tsvector)"
        )
        count = 0
        with (
            c.cursor() as cur,
            cur.copy("COPY entry_fts (kind, entry_id, title, summary, body, keywords) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        c.execute(
            "UPDATE entry_fts SET tsv = "
            "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', keywords), 'A') || "
            "setweight(to_tsvector('english', summary), 'B') || setweight(to_tsvector('english', body), 'D')"
        )
        c.execute("CREATE INDEX entry_fts_tsv ON entry_fts USING gin (tsv)")
        c.execute("VACUUM ANALYZE entry_fts")
        return count

    def _tsquery(self, query: BenchQuery) -> tuple[str, list[Any]]:
        web, prefixes = query.pg_parts()
        parts: list[str] = []
        args: list[Any] = []
        if web:
            parts.append("websearch_to_tsquery('english', %s)")
            args.append(web)
        for prefix in prefixes:
            parts.append("to_tsquery('english', %s)")
            args.append(prefix + ":*")
        return " && ".join(parts), args

    def search(self, query: BenchQuery) -> tuple[int, list[tuple[Any, ...]]]:
        tsquery, args = self._tsquery(query)
        kind_sql = " AND kind = %s" if query.kind else ""
        kind_args = [query.kind] if query.kind else []
        # Headlines only for the page (ts_headline re-parses the whole body each time).
        hits = self.conn.execute(
            f"WITH q AS (SELECT {tsquery} AS query), "
            "top AS (SELECT e.kind, e.entry_id, e.title, e.summary, e.body, ts_rank(e.tsv, q.query) AS score "
            f"FROM entry_fts e, q WHERE e.tsv @@ q.query{kind_sql} ORDER BY score DESC LIMIT {PAGE}) "
            "SELECT top.kind, top.entry_id, top.title, top.summary, "
            "ts_headline('english', top.body, q.query, 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15'), "
            "top.score FROM top, q ORDER BY top.score DESC",
            [*args, *kind_args],
        ).fetchall()
        row = self.conn.execute(
            f"SELECT count(*) FROM entry_fts e WHERE e.tsv @@ ({tsquery}){kind_sql}", [*args, *kind_args]
        ).fetchone()
        return int(row[0]) if row else 0, hits

    def close(self) -> None:
        self.conn.close()


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def totals(results: Mapping[str, tuple[int, list[Any]]]) -> dict[str, int]:
    return {q: total for q, (total, _) in results.items()}
