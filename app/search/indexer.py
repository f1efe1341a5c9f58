"""The indexer: a thread in every server process that keeps a local store derived from the
change log (the keyword index, the vector store) up to date with it.

The process that holds the index's writer lock applies the change log in sequence order,
grouping whatever has arrived into one commit, and records the last sequence applied in
that same commit; after a crash it resumes from there. The other processes only reload
when the index changes on disk, and keep trying to take the writer lock, so that one of
them takes over when the writer dies.

Each store has its own indexer (thread, writer lock and sequence): the vector store, whose
embedding costs more, follows the keyword index a little behind it, and writes wait only
for the keyword index.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlmodel import Session, col

from app import changelog
from app.db import Database
from app.models import Change

log = logging.getLogger("app.search.indexer")

MAX_BATCH = 5_000  # change-log rows per index commit
IDLE_POLL = 0.05  # seconds between looks at the change log (other processes' writes)
READER_POLL = 0.02  # seconds between looks at the index directory, when not the writer
TAKEOVER_EVERY = 1.0  # seconds between attempts to become the writer
GATHER_BELOW = 100  # pause to gather a burst only when fewer changes than this are waiting
MAX_OFFERED = 50_000  # rows offered by writers and not yet applied, at most (a bound on memory)
COMMIT_WAIT = 0.25  # seconds the indexer holds off while a local write commits rows it will offer


class DerivedStore(Protocol):
    """What an indexer drives: the keyword index (index.SearchIndex) or the vector store
    (vectors.VectorStore). One process writes it at a time; the others reload it."""

    path: Path

    @property
    def is_writer(self) -> bool: ...

    def try_acquire_writer(self) -> bool: ...

    def release_writer(self) -> None: ...

    def applied_seq(self) -> int | None: ...

    def reload_if_changed(self) -> bool: ...

    def apply(
        self,
        session: Session,
        refs: Iterable[tuple[str, int]],
        last_seq: int,
        known: Mapping[tuple[str, int], Mapping[str, Any]] | None = None,
    ) -> int: ...

    def rebuild(self, session: Session) -> tuple[int, int]: ...


class Indexer:
    def __init__(
        self,
        db: Database,
        index: DerivedStore,
        *,
        batch_seconds: float = 0.02,
        followers: Iterable[Indexer] = (),
        name: str = "search index",
        catch_up_on_stop: float = 0.0,
    ) -> None:
        self.db = db
        self.index = index
        self.batch_seconds = batch_seconds
        self.name = name
        # Indexers of other stores, woken when this one has applied changes (they read the
        # same change log; this saves them waiting for their next look).
        self.followers = list(followers)
        # Seconds a stopping writer may spend applying what is left of the change log. Writes
        # wait for the keyword index, so it has nothing left; the vector store follows it a
        # little behind, and a server stopped cleanly leaves it caught up (`check` agrees).
        self.catch_up_on_stop = catch_up_on_stop
        self._cond = threading.Condition()
        self._applied = index.applied_seq() or 0
        self._wanted = 0  # highest sequence a local write has announced
        self._notices = 0  # how many announcements so far (a wake-up missed is seen here)
        # Rows that local writes committed, by entry: (sequence, version, row). Applying a
        # change whose entry's version matches takes the row from here instead of the database.
        self._offered: dict[tuple[str, int], tuple[int, int, dict[str, Any]]] = {}
        self._committing = 0  # local writes between their commit and their offer
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    # --- for request handlers --------------------------------------------------------------

    @property
    def applied(self) -> int:
        return self._applied

    @property
    def is_writer(self) -> bool:
        return self.index.is_writer

    def notify(self, seq: int) -> None:
        with self._cond:
            self._wanted = max(self._wanted, seq)
            self._notices += 1
            self._cond.notify_all()

    @contextmanager
    def committing(self) -> Iterator[None]:
        """Around a local write's commit and offer (see Writer.commit)."""
        with self._cond:
            self._committing += 1
        try:
            yield
        finally:
            with self._cond:
                self._committing -= 1
                self._cond.notify_all()

    def offer(self, seq: int, written: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Whole rows a local write committed, up to change `seq` (see changelog.note_written).
        Only worth keeping in the process that writes the index."""
        if not self.is_writer:
            return
        # Quick (the rows are kept as they are): the indexer may be looking at the change log
        # already, and what arrives after it has started on these changes is not used.
        rows = {(kind, row["id"]): (seq, row["version"], row) for kind, row in written}
        with self._cond:
            if len(self._offered) + len(rows) > MAX_OFFERED:
                self._offered.clear()  # the indexer is far behind: it reads them back
            self._offered.update(rows)

    def wait_for(self, seq: int, timeout: float) -> bool:
        """Block until this process's index has applied `seq`, at most `timeout` seconds."""
        if self._applied >= seq:
            return True
        self.notify(seq)
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._applied < seq:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, READER_POLL))
                if not self.is_writer and self.index.reload_if_changed():
                    self._set_applied(self.index.applied_seq() or 0)
        return True

    # --- the thread ------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"ckb-indexer-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self.catch_up_on_stop and self.is_writer and self._thread is not None and self._thread.is_alive():
            self.wait_for(current_seq(self.db), self.catch_up_on_stop)
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.index.release_writer()

    def _set_applied(self, seq: int) -> None:
        with self._cond:
            advanced = seq > self._applied
            if advanced:
                self._applied = seq
            self._cond.notify_all()
        if advanced:
            for follower in self.followers:
                follower.notify(seq)

    def _run(self) -> None:
        next_takeover = 0.0
        while not self._stop.is_set():
            try:
                if not self.is_writer and time.monotonic() >= next_takeover:
                    next_takeover = time.monotonic() + TAKEOVER_EVERY
                    if self.index.try_acquire_writer():
                        log.info("this process now writes the %s at %s", self.name, self.index.path)
                        self._catch_up_from_index()
                if self.is_writer:
                    notices = self._notices
                    if not self.step():
                        # Nothing new: sleep until a local write announces one (unless one
                        # did while looking) or the next look for other processes' writes.
                        with self._cond:
                            if self._notices == notices and not self._stop.is_set():
                                self._cond.wait(IDLE_POLL)
                        # Let a burst of small writes gather into one commit; a big write
                        # (a bulk batch) is one already, and its client is waiting.
                        if self.batch_seconds and self._wanted - self._applied < GATHER_BELOW:
                            time.sleep(self.batch_seconds)
                else:
                    if self.index.reload_if_changed():
                        self._set_applied(self.index.applied_seq() or 0)
                    self._stop.wait(READER_POLL)
            except Exception as exc:  # keep serving reads; try again shortly
                self.error = exc
                log.exception("indexer step failed; retrying")
                self._stop.wait(1.0)

    def _catch_up_from_index(self) -> None:
        """On becoming the writer: a new index is built from the tables, an existing one
        resumes from the sequence its last commit recorded."""
        applied = self.index.applied_seq()
        if applied is None:
            with self.db.reading() as session:
                count, seq = self.index.rebuild(session)
            log.info("built the %s: %d entries up to change %d", self.name, count, seq)
            applied = seq
        self._set_applied(applied)

    def step(self) -> bool:
        """Apply the next batch of the change log; returns whether there was any."""
        with self._cond:
            deadline = time.monotonic() + COMMIT_WAIT
            while self._committing and (remaining := deadline - time.monotonic()) > 0:
                self._cond.wait(remaining)
        with self.db.reading() as session:
            rows = session.execute(
                select(col(Change.seq), col(Change.kind), col(Change.entry_id), col(Change.version), col(Change.op))
                .where(col(Change.seq) > self._applied)
                .order_by(col(Change.seq))
                .limit(MAX_BATCH)
            ).all()
            if not rows:
                return False
            latest = {(kind, entry_id): (version, op) for _, kind, entry_id, version, op in rows}
            last = rows[-1][0]
            self.index.apply(session, list(latest), last, known=self._take_offered(latest, last))
        self._set_applied(last)
        return True

    def _take_offered(
        self, latest: dict[tuple[str, int], tuple[int, str]], last: int
    ) -> dict[tuple[str, int], dict[str, Any]]:
        """The offered rows that are these entries' latest versions; forget those now applied."""
        known: dict[tuple[str, int], dict[str, Any]] = {}
        with self._cond:
            if not self._offered:
                return known
            for ref, (version, op) in latest.items():
                offered = self._offered.get(ref)
                if offered is not None and offered[1] == version and op != "delete":
                    known[ref] = offered[2]
            for ref in [ref for ref, (seq, _, _) in self._offered.items() if seq <= last]:
                del self._offered[ref]
        return known


def current_seq(db: Database) -> int:
    with db.reading() as session:
        return changelog.last_seq(session)
