"""One index directory: every process reads it; one process at a time writes it.

Which process writes is decided by tantivy's own writer lock (a lock file the operating
system releases when its holder dies), so another process takes over after a crash.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import Result, func, select
from sqlmodel import Session
from tantivy import Index, IndexWriter, Query, Searcher

from app.kinds import KINDS
from app.models import Change
from app.search import welsh
from app.search.analysis import FOLDED, STEMMED, folded_analyzer, stemmed_analyzer
from app.search.documents import (
    DOCUMENT_COLUMNS,
    META_KEY,
    SCHEMA,
    SCHEMA_VERSION,
    entry_document,
    entry_key,
    marker_document,
)

log = logging.getLogger("app.search")

WRITER_HEAP = 64 * 1024 * 1024  # bytes of indexing buffer, shared by its threads; bounds memory
# Two indexing threads: a commit of a 1,000-entry batch takes ~110 ms instead of ~170 ms
# with one (measured on this 2-core machine); more threads than cores gain nothing.
WRITER_THREADS = 2
FETCH_CHUNK = 500


class IndexBusy(Exception):
    """Another process holds the index's writer lock."""


class SearchIndex:
    def __init__(self, directory: Path) -> None:
        self.path = directory / f"v{SCHEMA_VERSION}"
        self.path.mkdir(parents=True, exist_ok=True)
        self.index = Index(SCHEMA, path=str(self.path), reuse=True)
        self.index.register_tokenizer(STEMMED, stemmed_analyzer())
        self.index.register_tokenizer(FOLDED, folded_analyzer())
        self.index.register_tokenizer(welsh.WELSH, welsh.analyzer())
        self.index.config_reader(reload_policy="manual")
        self.writer: IndexWriter | None = None
        self._meta_mtime = self._meta_stamp()
        self._lock = threading.Lock()  # one writer thread per process; guards `writer`

    # --- reading ---------------------------------------------------------------------------

    def searcher(self) -> Searcher:
        return self.index.searcher()

    def reload(self) -> None:
        self.index.reload()

    def _meta_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path / "meta.json")
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def reload_if_changed(self) -> bool:
        """Reload when another process has committed (meta.json changes at each commit)."""
        stamp = self._meta_stamp()
        if stamp == self._meta_mtime:
            return False
        self._meta_mtime = stamp
        self.index.reload()
        return True

    def applied_seq(self, searcher: Searcher | None = None) -> int | None:
        """The last change-log sequence in the index, None for a new (never built) index."""
        searcher = searcher or self.searcher()
        hits = searcher.search(Query.term_query(SCHEMA, "key", META_KEY), 1, count=False).hits
        if not hits:
            return None
        value = searcher.doc(hits[0][1]).get_first("last_seq")
        return int(value) if value is not None else None

    # --- writing ---------------------------------------------------------------------------

    @property
    def is_writer(self) -> bool:
        return self.writer is not None

    def try_acquire_writer(self) -> bool:
        with self._lock:
            if self.writer is not None:
                return True
            try:
                self.writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
            except ValueError as exc:
                if "LockBusy" in str(exc) or "lock" in str(exc).lower():
                    return False
                raise
            return True

    def release_writer(self) -> None:
        with self._lock:
            if self.writer is not None:
                self.writer.wait_merging_threads()
                self.writer = None

    def require_writer(self) -> IndexWriter:
        if not self.try_acquire_writer():
            raise IndexBusy(
                f"The search index at {self.path} is being written by another process "
                "(a running server). Stop it first, or delete the index directory and restart "
                "the server, which rebuilds it."
            )
        assert self.writer is not None
        return self.writer

    def apply(
        self,
        session: Session,
        refs: Iterable[tuple[str, int]],
        last_seq: int,
        known: Mapping[tuple[str, int], Mapping[str, Any]] | None = None,
    ) -> int:
        """Re-index these entries from the database (deleting those that are gone), record
        `last_seq`, and commit: all in one index commit. Applying twice changes nothing.
        `known`: rows of some of these entries as committed, which need not be read again."""
        writer = self.require_writer()
        known = known or {}
        wanted: dict[str, list[int]] = {}
        for kind, entry_id in refs:
            wanted.setdefault(kind, []).append(entry_id)
        count = 0
        for kind, ids in wanted.items():
            for entry_id in ids:
                writer.delete_documents_by_term("key", entry_key(kind, entry_id))
            unknown = [entry_id for entry_id in ids if (kind, entry_id) not in known]
            rows = chain(
                (known[(kind, entry_id)] for entry_id in ids if (kind, entry_id) in known),
                _rows(session, kind, unknown),
            )
            for row in rows:
                writer.add_document(entry_document(kind, row))
                count += 1
        self._commit(writer, last_seq)
        return count

    def rebuild(self, session: Session) -> tuple[int, int]:
        """Replace the whole index by the database's entries. Returns (entries, last_seq).
        The sequence is read first: a change committed meanwhile is applied again later."""
        writer = self.require_writer()
        last_seq = int(session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one())
        writer.delete_all_documents()
        count = 0
        for kind in KINDS.values():
            rows = session.execute(select(*_document_columns(kind.name)).execution_options(yield_per=2000))
            for row in _dicts(rows):
                writer.add_document(entry_document(kind.name, row))
                count += 1
        self._commit(writer, last_seq)
        return count, last_seq

    def _commit(self, writer: IndexWriter, last_seq: int) -> None:
        writer.delete_documents_by_term("key", META_KEY)
        writer.add_document(marker_document(last_seq))
        writer.commit()
        self.index.reload()
        self._meta_mtime = self._meta_stamp()


def _document_columns(kind_name: str) -> list[Any]:
    table = KINDS[kind_name].core
    return [column for column in table.columns if column.name in DOCUMENT_COLUMNS]


def _rows(session: Session, kind_name: str, ids: list[int]) -> Iterator[dict[str, Any]]:
    table = KINDS[kind_name].core
    columns = _document_columns(kind_name)
    for start in range(0, len(ids), FETCH_CHUNK):
        chunk = ids[start : start + FETCH_CHUNK]
        yield from _dicts(session.execute(select(*columns).where(table.c.id.in_(chunk))))


def _dicts(result: Result[Any]) -> Iterator[dict[str, Any]]:
    # Plain dicts: a document reads some twenty values, and RowMapping.get is slow.
    keys = list(result.keys())
    for row in result:
        yield dict(zip(keys, row, strict=True))


@dataclass
class Discrepancy:
    kind: str
    id: int
    problem: str  # "missing", "stale" or "extra"


def compare(session: Session, index: SearchIndex) -> tuple[list[Discrepancy], int | None, int]:
    """Entries missing from or stale in the index (and index documents with no entry).
    Returns (discrepancies, index sequence, database sequence)."""
    index.reload()
    searcher = index.searcher()
    indexed: dict[tuple[str, int], int] = {}
    total = searcher.num_docs
    if total:
        hits = searcher.search(Query.all_query(), total, count=False).hits
        addresses = [address for _, address in hits]
        for start in range(0, len(addresses), 10_000):
            chunk = addresses[start : start + 10_000]
            ids = searcher.fast_field_values("id", chunk)
            versions = searcher.fast_field_values("version", chunk)
            for address, entry_id, version in zip(chunk, ids, versions, strict=True):
                if entry_id is None:
                    continue  # the marker
                kind = searcher.doc(address).get_first("kind")
                indexed[(str(kind), int(entry_id))] = int(version or 0)
    problems: list[Discrepancy] = []
    for kind in KINDS.values():
        table = kind.core
        for entry_id, version in session.execute(select(table.c.id, table.c.version)):
            have = indexed.pop((kind.name, entry_id), None)
            if have is None:
                problems.append(Discrepancy(kind.name, entry_id, "missing"))
            elif have != version:
                problems.append(Discrepancy(kind.name, entry_id, "stale"))
    problems.extend(Discrepancy(kind, entry_id, "extra") for (kind, entry_id) in sorted(indexed))
    db_seq = int(session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one())
    return problems, index.applied_seq(searcher), db_seq
