"""Load against a real server with two workers, on each database: 4 bulk loaders and 8
searchers/updaters for at least a minute. No 5xx, nothing lost or duplicated, racing
If-Match updates never both win, and at the end search finds every entry in its last
version."""

from __future__ import annotations

import os
import random
import threading
import time
from collections import defaultdict

import httpx

from tests.conftest import ADMIN, ADMIN_KEY
from tests.live import LiveServer, app_env, run_cli

SECONDS = float(os.environ.get("CKB_TEST_LOAD_SECONDS", "60"))
LOADERS = 4
SEARCHERS = 4
RACERS = 4  # two pairs of updaters racing on the same entries
BATCH = 50


class Record:
    """What the clients sent and saw, to check the server against."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.server_errors: list[str] = []
        self.sent: dict[tuple[int, str], dict] = {}  # (loader, external_id) → last item sent and acknowledged
        self.batches: dict[str, set[tuple[int, str]]] = defaultdict(set)  # batch token → items
        self.races = {"won": 0, "lost": 0, "both_won": 0}

    def check(self, response: httpx.Response, what: str) -> None:
        if response.status_code >= 500:
            with self.lock:
                self.server_errors.append(f"{what}: {response.status_code} {response.text[:200]}")


def loader(url: str, key: str, number: int, record: Record, stop: threading.Event) -> None:
    rng = random.Random(number)
    headers = {"Authorization": f"Bearer {key}"}
    batch_no = 0
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        while not stop.is_set():
            batch_no += 1
            token = f"zb{number}q{batch_no}"
            items = []
            for k in range(BATCH):
                xid = f"l{number}-{batch_no}-{k}"
                items.append(
                    {
                        "external_id": xid,
                        "title": f"Loader {number} case {batch_no}.{k}",
                        "summary": f"A co-production case from batch {token}.",
                        "keywords": [token],
                        "start_year": 2000 + k % 25,
                    }
                )
            # Now and then, change some earlier items (an update of the same external ids).
            with record.lock:  # the other loaders add to record.sent meanwhile
                earlier = sorted(x for (n, x) in record.sent if n == number)
                revised = [record.sent[(number, xid)] for xid in rng.sample(earlier, min(5, len(earlier)))]
            items.extend({**previous, "title": previous["title"] + " revised"} for previous in revised)
            r = client.post("/api/v1/projects/bulk", json=items)
            record.check(r, "bulk")
            if r.status_code == 200:
                with record.lock:
                    for item, result in zip(items, r.json()["items"], strict=True):
                        assert result["status"] in ("created", "updated", "unchanged"), result
                        record.sent[(number, item["external_id"])] = item
                        record.batches[item["keywords"][0]].add((number, item["external_id"]))
            time.sleep(0.05)


def searcher(url: str, number: int, record: Record, stop: threading.Event) -> None:
    rng = random.Random(100 + number)
    words = [
        "co-production",
        "case",
        "loader",
        "partcipatory",
        "revised",
        '"case from batch"',
        "batch -revised",
        "cas*",
    ]
    with httpx.Client(base_url=url, timeout=60) as client:
        while not stop.is_set():
            r = client.get("/api/v1/search", params={"q": rng.choice(words), "per_page": rng.choice([5, 20, 100])})
            record.check(r, "search")
            r = client.get("/api/v1/search/suggest", params={"q": rng.choice(["ca", "lo", "re", "co"])})
            record.check(r, "suggest")
            r = client.get("/api/v1/projects", params={"per_page": 50, "page": rng.randint(1, 5)})
            record.check(r, "list")


def racer_pair(url: str, entry_ids: list[int], record: Record, stop: threading.Event, pair: int) -> None:
    """Two updaters read the same version of an entry, then both PATCH it with If-Match."""
    barrier = threading.Barrier(2)
    outcomes: list[int] = [0, 0]
    rng = random.Random(pair)

    def one(side: int, client: httpx.Client, entry_id: int, version: int) -> None:
        barrier.wait()
        r = client.patch(
            f"/api/v1/projects/{entry_id}",
            json={"summary": f"pair {pair} side {side} at {time.monotonic()}"},
            headers={"If-Match": f'"{version}"'},
        )
        record.check(r, "patch")
        outcomes[side] = r.status_code

    with (
        httpx.Client(base_url=url, headers=ADMIN, timeout=60) as a,
        httpx.Client(base_url=url, headers=ADMIN, timeout=60) as b,
    ):
        while not stop.is_set():
            entry_id = rng.choice(entry_ids)
            version = a.get(f"/api/v1/projects/{entry_id}").json()["version"]
            threads = [
                threading.Thread(target=one, args=(0, a, entry_id, version)),
                threading.Thread(target=one, args=(1, b, entry_id, version)),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            with record.lock:
                if sorted(outcomes) == [200, 412]:
                    record.races["won"] += 1
                    record.races["lost"] += 1
                elif outcomes == [200, 200]:
                    record.races["both_won"] += 1


def test_load_on_a_real_server(database_url, tmp_path):
    env = app_env(
        database_url,
        tmp_path / "index",
        CKB_ADMIN_KEY=ADMIN_KEY,
        CKB_WRITE_RATE_LIMIT="100000/minute",
        CKB_INDEX_WAIT_SECONDS="10",
        # The check at the end pages through each loader's entries, which on a fast machine
        # number more than the default depth of 10,000.
        CKB_MAX_PAGE_DEPTH="1000000",
    )
    keys = []
    for n in range(LOADERS):
        made = run_cli("create-key", "--partner", f"Loader {n}", env=env)
        assert made.returncode == 0, made.stderr
        keys.append(made.stdout.strip())
    record = Record()
    stop = threading.Event()
    with LiveServer(env, workers=2, log=tmp_path / "server.log") as server:
        race_ids = []
        for i in range(6):
            r = httpx.post(f"{server.url}/api/v1/projects", json={"title": f"Contested entry {i}"}, headers=ADMIN)
            race_ids.append(r.json()["id"])
        crashed: list[str] = []

        def thread(target, *args):
            def run():
                try:
                    target(*args)
                except BaseException as exc:  # a client that dies would load or search no more
                    crashed.append(f"{target.__name__}: {exc!r}")
                    raise

            return threading.Thread(target=run)

        threads = [thread(loader, server.url, keys[n], n, record, stop) for n in range(LOADERS)]
        threads += [thread(searcher, server.url, n, record, stop) for n in range(SEARCHERS)]
        threads += [thread(racer_pair, server.url, race_ids[p::2], record, stop, p) for p in range(RACERS // 2)]
        for t in threads:
            t.start()
        time.sleep(SECONDS)
        stop.set()
        for t in threads:
            t.join(timeout=120)

        assert crashed == []
        assert not any(t.is_alive() for t in threads)
        assert record.server_errors == []
        assert record.races["both_won"] == 0
        assert record.races["won"] >= 10

        # Nothing lost, nothing duplicated, contents as last sent.
        for n, key in enumerate(keys):
            mine = {}
            page = 1
            while True:
                r = httpx.get(
                    f"{server.url}/api/v1/projects",
                    params={"owner": "me", "per_page": 100, "page": page, "sort": "id"},
                    headers={"Authorization": f"Bearer {key}"},
                    timeout=60,
                )
                assert r.status_code == 200, r.text
                items = r.json()["items"]
                for item in items:
                    assert item["external_id"] not in mine, "duplicated"
                    mine[item["external_id"]] = item
                if len(items) < 100:
                    break
                page += 1
            sent = {xid: item for (m, xid), item in record.sent.items() if m == n}
            assert set(mine) == set(sent), f"loader {n}: {len(mine)} stored, {len(sent)} sent"
            for xid, item in sent.items():
                assert mine[xid]["title"] == item["title"]

        # Search finds every entry the clients wrote, in its last version.
        for token, members in record.batches.items():
            r = httpx.get(f"{server.url}/api/v1/search", params={"keyword": token, "per_page": 100}, timeout=60)
            found = {h["title"] for h in r.json()["items"]}
            assert found == {record.sent[m]["title"] for m in members}, token
    check = run_cli("check", env=env)
    assert check.returncode == 0, check.stdout
    total = len(record.sent)
    print(f"\n{total} entries loaded, {record.races['won']} races decided, over {SECONDS:.0f} s")
