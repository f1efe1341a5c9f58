"""The vector store: one unit vector per published entry, kept beside the keyword index.

Like the index it is derived data, fed from the change log, one per machine, under the index
directory (`<index dir>/vectors/<model>/`):

    data-<generation>.f32   the vectors, float32 rows of DIM, appended to, never rewritten
    state.npz               which row holds which entry (kind, id, version; kind -1 for a
                            row no longer used), how many rows count, the generation, and
                            the last change-log sequence applied
    writer.lock             held (flock) by the one process that writes

A commit appends the new rows to the data file and flushes them to disk, then replaces
state.npz in one rename: a crash leaves the previous state, whose rows are all on disk, and
the rows it does not count are written over. So the store and its sequence move together,
and applying a change twice changes nothing. When more rows are unused than used, the live
ones are copied to a new generation (readers keep the old file mapped until they reload).

Every process maps the data file read-only (numpy.memmap): the vectors are shared through
the page cache, not copied into each worker. Readers reload when state.npz changes on disk.
Nearest neighbours are exact (one float32 matrix-vector product: ~3 ms at 100,000 × 256 on
this project's 2-core machine), so no approximate index and no recall to lose.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlmodel import Session
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from app.kinds import KINDS
from app.models import Change
from app.search.embedding import DIM, MODEL_NAME, TEXT_COLUMNS, embed, entry_text

log = logging.getLogger("app.search.vectors")

FORMAT = 1
KIND_CODES: dict[str, int] = {name: code for code, name in enumerate(KINDS)}
KIND_NAMES: list[str] = list(KINDS)
DEAD = -1
FETCH_CHUNK = 500
COMPACT_MIN_DEAD = 1_000  # unused rows before the data file is compacted (and more than used)
STATE = "state.npz"

Ref = tuple[str, int]


@lru_cache(maxsize=1)
def _one_blas_thread() -> None:
    """The product of a 100,000 x 256 matrix by a vector is bound by memory: a second BLAS
    thread only waits for the core that the other worker (or the indexer) is using. With one
    thread it takes 3.3 ms at p50 and 3.9 at p95; with two, 2.5-8 ms and 10-12 at p95
    (measured on 2 shared cores). Set once for the process; nothing else here uses BLAS."""
    threadpool_limits(limits=1, user_api="blas")


class VectorsBusy(Exception):
    """Another process holds the vector store's writer lock."""


@dataclass(frozen=True)
class Snapshot:
    """One consistent view of the store: the rows a search looks at and whose they are."""

    matrix: npt.NDArray[np.float32]  # rows x DIM (a read-only memory map)
    kinds: npt.NDArray[np.int8]  # per row: kind code, or DEAD
    ids: npt.NDArray[np.int32]
    versions: npt.NDArray[np.int32]
    last_seq: int | None  # None: never built
    generation: int
    dead: npt.NDArray[np.intp] = field(init=False)  # rows no longer used

    def __post_init__(self) -> None:
        object.__setattr__(self, "dead", np.flatnonzero(self.kinds == DEAD))

    def row_of(self, ref: Ref) -> int | None:
        code = KIND_CODES.get(ref[0])
        if code is None:
            return None
        found = np.flatnonzero((self.ids == ref[1]) & (self.kinds == code))
        return int(found[0]) if len(found) else None

    def nearest(self, vector: npt.NDArray[np.float32], k: int, floor: float) -> list[tuple[Ref, float]]:
        """The k rows most similar to `vector` with similarity at least `floor`, best first."""
        if not len(self.kinds) or k <= 0:
            return []
        scores = self.matrix @ vector
        scores[self.dead] = -2.0
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[scores[top] >= floor]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [((KIND_NAMES[self.kinds[i]], int(self.ids[i])), float(scores[i])) for i in top]


def _empty_snapshot(last_seq: int | None = None, generation: int = 0) -> Snapshot:
    return Snapshot(
        matrix=np.zeros((0, DIM), dtype=np.float32),
        kinds=np.zeros(0, dtype=np.int8),
        ids=np.zeros(0, dtype=np.int32),
        versions=np.zeros(0, dtype=np.int32),
        last_seq=last_seq,
        generation=generation,
    )


class VectorStore:
    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / "vectors" / f"{MODEL_NAME}-v{FORMAT}"
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock_file: int | None = None
        self._write_lock = threading.Lock()  # guards the writer's state within this process
        self._stamp: tuple[int, int, int] | None = None
        self.snapshot = _empty_snapshot()
        self.reload()
        _one_blas_thread()

    # --- reading ---------------------------------------------------------------------------

    def _state_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path / STATE)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def reload(self) -> None:
        stamp = self._state_stamp()
        self._stamp = stamp
        self.snapshot = self._read_state() if stamp is not None else _empty_snapshot()

    def reload_if_changed(self) -> bool:
        if self._state_stamp() == self._stamp:
            return False
        self.reload()
        return True

    def _read_state(self) -> Snapshot:
        with np.load(self.path / STATE) as state:
            meta = state["meta"]
            kinds, ids, versions = state["kinds"], state["ids"], state["versions"]
        fmt, generation, rows, last_seq, dim = (int(v) for v in meta)
        if fmt != FORMAT or dim != DIM:
            raise RuntimeError(f"{self.path / STATE} is of another format; delete the directory to rebuild it")
        matrix = (
            # A plain array over the map (np.memmap's own operators cost more per call).
            np.asarray(np.memmap(self._data_path(generation), dtype=np.float32, mode="r", shape=(rows, DIM)))
            if rows
            else np.zeros((0, DIM), dtype=np.float32)
        )
        return Snapshot(matrix, kinds, ids, versions, last_seq if last_seq >= 0 else None, generation)

    def _data_path(self, generation: int) -> Path:
        return self.path / f"data-{generation}.f32"

    def applied_seq(self) -> int | None:
        return self.snapshot.last_seq

    # --- writing ---------------------------------------------------------------------------

    @property
    def is_writer(self) -> bool:
        return self._lock_file is not None

    def try_acquire_writer(self) -> bool:
        with self._write_lock:
            if self._lock_file is not None:
                return True
            fd = os.open(self.path / "writer.lock", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            self._lock_file = fd
            self.reload()  # what the last writer committed
            return True

    def release_writer(self) -> None:
        with self._write_lock:
            if self._lock_file is not None:
                os.close(self._lock_file)  # closing releases the lock
                self._lock_file = None

    def require_writer(self) -> None:
        if not self.try_acquire_writer():
            raise VectorsBusy(
                f"The vector store at {self.path} is being written by another process "
                "(a running server). Stop it first."
            )

    def apply(
        self,
        session: Session,
        refs: Iterable[Ref],
        last_seq: int,
        known: Mapping[Ref, Mapping[str, Any]] | None = None,
    ) -> int:
        """Re-embed these entries from the database (dropping those gone or not published),
        record `last_seq`: one commit. Returns how many vectors were written."""
        self.require_writer()
        with self._write_lock:
            snap = self.snapshot
            kinds = snap.kinds.copy()
            wanted: dict[str, list[int]] = {}
            for kind, entry_id in refs:
                wanted.setdefault(kind, []).append(entry_id)
            for kind, ids in wanted.items():
                # The entries' old rows are dropped; the published ones get new rows below.
                kinds[(kinds == KIND_CODES[kind]) & np.isin(snap.ids, ids)] = DEAD
            fresh = [(kind, row) for kind, ids in wanted.items() for row in _published_rows(session, kind, ids)]
            return self._commit(snap, kinds, snap.ids, snap.versions, fresh, last_seq)

    def rebuild(self, session: Session) -> tuple[int, int]:
        """Replace the whole store by the database's published entries. Returns (entries,
        last_seq); the sequence is read first, so a change committed meanwhile is applied
        again later."""
        self.require_writer()
        with self._write_lock:
            last_seq = int(session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one())
            fresh = [(kind, row) for kind in KINDS for row in _published_rows(session, kind, None)]
            generation = self.snapshot.generation + 1
            empty = _empty_snapshot(generation=generation)
            count = self._commit(empty, empty.kinds, empty.ids, empty.versions, fresh, last_seq, generation)
            self._remove_other_generations(generation)
            return count, last_seq

    def _commit(
        self,
        snap: Snapshot,
        kinds: npt.NDArray[np.int8],
        ids: npt.NDArray[np.int32],
        versions: npt.NDArray[np.int32],
        fresh: list[tuple[str, dict[str, Any]]],
        last_seq: int,
        generation: int | None = None,
    ) -> int:
        vectors = embed([entry_text(row) for _, row in fresh])
        new_kinds = np.array([KIND_CODES[kind] for kind, _ in fresh], dtype=np.int8)
        new_ids = np.array([row["id"] for _, row in fresh], dtype=np.int32)
        new_versions = np.array([row["version"] for _, row in fresh], dtype=np.int32)
        generation = snap.generation if generation is None else generation
        dead = int((kinds == DEAD).sum())
        if dead > COMPACT_MIN_DEAD and dead > len(kinds) - dead:
            keep = kinds != DEAD
            generation += 1
            self._write_rows(generation, 0, np.asarray(snap.matrix[keep]), truncate=True)
            kinds, ids, versions = kinds[keep], ids[keep], versions[keep]
        rows = len(kinds)
        self._write_rows(generation, rows, vectors, truncate=rows == 0)
        self._write_state(
            generation,
            np.concatenate([kinds, new_kinds]),
            np.concatenate([ids, new_ids]),
            np.concatenate([versions, new_versions]),
            last_seq,
        )
        if generation != snap.generation:
            self._remove_other_generations(generation)
        return len(fresh)

    def _write_rows(self, generation: int, at_row: int, vectors: npt.NDArray[np.float32], *, truncate: bool) -> None:
        """Write rows from `at_row` on (over whatever a crashed commit left there), durably."""
        path = self._data_path(generation)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            offset = at_row * DIM * 4
            if truncate or os.fstat(fd).st_size > offset:
                os.ftruncate(fd, offset)
            data = np.ascontiguousarray(vectors, dtype=np.float32).tobytes()
            written = 0
            while written < len(data):
                written += os.pwrite(fd, memoryview(data)[written:], offset + written)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _write_state(
        self,
        generation: int,
        kinds: npt.NDArray[np.int8],
        ids: npt.NDArray[np.int32],
        versions: npt.NDArray[np.int32],
        last_seq: int,
    ) -> None:
        meta = np.array([FORMAT, generation, len(kinds), last_seq, DIM], dtype=np.int64)
        tmp = self.path / f"{STATE}.tmp"
        with open(tmp, "wb") as f:
            np.savez(f, meta=meta, kinds=kinds, ids=ids, versions=versions)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path / STATE)
        dir_fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself survives a power cut
        finally:
            os.close(dir_fd)
        self.reload()

    def _remove_other_generations(self, generation: int) -> None:
        # Readers that still map an old file keep it until they reload (POSIX unlink).
        for path in self.path.glob("data-*.f32"):
            if path != self._data_path(generation):
                path.unlink(missing_ok=True)


def _published_rows(session: Session, kind_name: str, ids: list[int] | None) -> Iterator[dict[str, Any]]:
    """(id, version, text columns) of the published entries among `ids` (None: all)."""
    table = KINDS[kind_name].core
    columns = [table.c.id, table.c.version, *(table.c[name] for name in TEXT_COLUMNS)]
    published = table.c.status == "published"
    if ids is None:
        result = session.execute(select(*columns).where(published).execution_options(yield_per=2000))
        keys = list(result.keys())
        for row in result:
            yield dict(zip(keys, row, strict=True))
        return
    for start in range(0, len(ids), FETCH_CHUNK):
        chunk = ids[start : start + FETCH_CHUNK]
        result = session.execute(select(*columns).where(published, table.c.id.in_(chunk)))
        keys = list(result.keys())
        for row in result:
            yield dict(zip(keys, row, strict=True))


@dataclass
class VectorDiscrepancy:
    kind: str
    id: int
    problem: str  # "missing", "stale" or "extra"


def compare_vectors(session: Session, store: VectorStore) -> tuple[list[VectorDiscrepancy], int | None]:
    """Published entries without a current vector, and vectors of entries not published (or
    gone). Returns (discrepancies, the store's sequence)."""
    store.reload()
    snap = store.snapshot
    held: dict[Ref, int] = {}
    for code, entry_id, version in zip(snap.kinds.tolist(), snap.ids.tolist(), snap.versions.tolist(), strict=True):
        if code != DEAD:
            held[(KIND_NAMES[code], entry_id)] = version
    problems: list[VectorDiscrepancy] = []
    for kind in KINDS.values():
        table = kind.core
        for entry_id, version in session.execute(
            select(table.c.id, table.c.version).where(table.c.status == "published")
        ):
            have = held.pop((kind.name, entry_id), None)
            if have is None:
                problems.append(VectorDiscrepancy(kind.name, entry_id, "missing"))
            elif have != version:
                problems.append(VectorDiscrepancy(kind.name, entry_id, "stale"))
    problems.extend(VectorDiscrepancy(kind, entry_id, "extra") for (kind, entry_id) in sorted(held))
    return problems, snap.last_seq
