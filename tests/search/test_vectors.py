"""The vector store follows the change log as the index does, on each database: one writer,
readers that reload, a sequence recorded with the data (so a crash loses nothing), and
`python -m app reindex` / `check` covering it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.search.embedding import DIM
from app.search.vectors import VectorsBusy, VectorStore, compare_vectors
from tests.conftest import ADMIN, wait_until_indexed
from tests.helpers import SAMPLES
from tests.search.test_meaning import hits, vectors_ready

pytestmark = pytest.mark.anyio


async def make(client: Any, title: str, **extra: Any) -> int:
    r = await client.post("/api/v1/projects", json={**SAMPLES["projects"], "title": title, **extra}, headers=ADMIN)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def test_vectors_follow_writes(client, app):
    first = await make(client, "Rough sleepers make films about their lives", summary="Homeless people film.")
    await make(client, "Allotments for everyone", summary="Gardening on council land.")
    await wait_until_indexed(app)
    await vectors_ready(app)
    store = app.state.vectors
    with app.state.db.reading() as session:
        assert compare_vectors(session, store)[0] == []
    found = await hits(client, "homeless people making films", mode="semantic")
    assert [h["id"] for h in found][:1] == [first]

    r = await client.patch(f"/api/v1/projects/{first}", json={"status": "draft"}, headers=ADMIN)
    assert r.status_code == 200
    seq = int(r.headers["x-change-seq"])
    r = await client.get(
        "/api/v1/search", params={"q": "homeless people making films", "mode": "semantic", "min_seq": seq}
    )
    assert first not in [h["id"] for h in r.json()["items"]]
    assert app.state.vector_indexer.applied >= seq
    with app.state.db.reading() as session:
        assert compare_vectors(session, store)[0] == []
        assert store.applied_seq() == seq


async def test_a_second_process_reads_and_takes_over(client, app, settings):
    await make(client, "Tenants plan repairs together")
    await wait_until_indexed(app)
    await vectors_ready(app)
    other = VectorStore(settings.resolved_index_dir)  # as another worker opens it
    assert not other.try_acquire_writer()  # this app's process writes
    with pytest.raises(VectorsBusy), app.state.db.reading() as session:
        other.rebuild(session)
    rows = len(other.snapshot.kinds)
    await make(client, "Parents shape the new school")
    await wait_until_indexed(app)
    await vectors_ready(app)
    assert other.reload_if_changed() and len(other.snapshot.kinds) > rows
    assert other.applied_seq() == app.state.vector_indexer.applied
    app.state.vector_indexer.stop()  # the writer goes: another takes over, from where it was
    assert other.try_acquire_writer()
    other.release_writer()


def test_a_crash_before_the_state_is_replaced_loses_nothing(tmp_path):
    store = VectorStore(tmp_path)
    assert store.try_acquire_writer()
    ones = np.ones((2, DIM), dtype=np.float32) / np.sqrt(DIM)
    store._write_rows(0, 0, ones, truncate=True)
    store._write_state(0, np.array([1, 1], dtype=np.int8), np.array([1, 2], dtype=np.int32), np.ones(2, np.int32), 7)
    # A commit that wrote its rows and died before replacing the state.
    store._write_rows(0, 2, ones * -1, truncate=False)
    store.release_writer()

    again = VectorStore(tmp_path)
    assert again.applied_seq() == 7 and len(again.snapshot.kinds) == 2
    assert [ref for ref, _ in again.snapshot.nearest(ones[0], 5, 0.5)] == [("projects", 1), ("projects", 2)]
    assert again.try_acquire_writer()
    again._write_rows(0, 2, ones[:1], truncate=False)  # the next commit writes over what it left
    assert (tmp_path / "vectors").exists()
    size = os.path.getsize(again._data_path(0))
    assert size == 3 * DIM * 4


def test_reindex_and_check_cover_the_vectors(database_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CKB_INDEX_DIR": str(tmp_path / "index"),
        "CKB_SEED_DIR": str(Path(__file__).resolve().parents[2] / "seed"),
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    assert cli("seed").returncode == 0
    assert cli("reindex").returncode == 0
    ok = cli("check")
    assert ok.returncode == 0 and "so do the vectors" in ok.stdout, ok.stdout + ok.stderr
    for path in (tmp_path / "index" / "vectors").rglob("state.npz"):
        path.unlink()
    missing = cli("check")
    assert missing.returncode == 1 and "vectors at change none" in missing.stdout, missing.stdout
    assert "vector missing: " in missing.stdout
    rebuilt = cli("reindex")
    assert "embedded" in rebuilt.stdout, rebuilt.stdout + rebuilt.stderr
    assert cli("check").returncode == 0
