"""Bulk-load benchmark: generated case studies loaded over HTTP through the real server, in
batches of 1,000, against the same rows inserted by raw executemany (the floor).

    python -m bench.bulk --entries 10000 [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

For SQLite, and for PostgreSQL when --postgres is given (scratch databases, dropped after):
 1. a fresh database and `python -m app serve`; the batches are POSTed one after another to
    /api/v1/projects/bulk by one client, or --clients N (each answer comes once the server's search index has
    applied the batch, so indexing is included); entries/second;
 2. the same batches re-sent unchanged (every item `unchanged`): entries/second;
 2b. with --compare-vectors, the first load again into a fresh database through a server
    whose vector store is off (CKB_VECTORS=false); with it on, how long after the last
    answer the vector store had embedded everything (it follows the keyword index);
 3. in another fresh migrated database, the same rows inserted by the database driver's
    executemany (app.db.insert_many: values converted, one statement) into the `project` and
    `change` tables, one transaction per batch (the rows are built beforehand the way
    app/services/bulk.py builds them, and that is timed apart).
Figures are printed and written to bench/results/bulk-<entries>-<time>.json.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import httpx
import orjson

from app import changelog
from app.cli import migrate_to_head
from app.config import Settings
from app.db import Database, insert_many
from app.kinds import KINDS
from app.models import Change
from app.models.types import utcnow
from app.search.vectors import VectorStore
from app.services import keys, slugs, writes
from bench import report
from bench.generate import case_studies
from bench.pg import scratch_database
from bench.server import ADMIN_KEY, Server, dir_size_mb, stopping_on_signals
from bench.timing import Stopwatch, ratio, summarise

BATCH = 1_000


def encode(items: Sequence[dict[str, Any]], batch: int, ndjson: bool) -> list[bytes]:
    """The request bodies, made before any clock starts."""
    out = []
    for start in range(0, len(items), batch):
        chunk = items[start : start + batch]
        out.append(b"\n".join(orjson.dumps(item) for item in chunk) + b"\n" if ndjson else orjson.dumps(chunk))
    return out


# --- over HTTP -----------------------------------------------------------------------------


def post_batches(
    base_url: str, bodies: Sequence[bytes], *, ndjson: bool, expect: str, clients: int = 1
) -> dict[str, Any]:
    """POST every batch, by `clients` concurrent clients (each takes the next batch when its
    last is answered); each item must come back with status `expect`."""
    headers = {
        "Authorization": f"Bearer {ADMIN_KEY}",
        "Content-Type": "application/x-ndjson" if ndjson else "application/json",
    }
    latencies: list[float] = []
    counts = {"created": 0, "updated": 0, "unchanged": 0, "error": 0}
    pending = 0
    queue = iter(bodies)
    lock = threading.Lock()
    failures: list[str] = []

    def send() -> None:
        nonlocal pending
        with httpx.Client(base_url=base_url, headers=headers, timeout=600) as client:
            while not failures:
                with lock:
                    body = next(queue, None)
                if body is None:
                    return
                t0 = time.perf_counter()
                r = client.post("/api/v1/projects/bulk", content=body)
                took = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    failures.append(f"POST /api/v1/projects/bulk answered {r.status_code}: {r.text[:1000]}")
                    return
                summary = r.json()["summary"]
                with lock:
                    latencies.append(took)
                    for name in counts:
                        counts[name] += summary.get(name, 0)
                    pending += r.headers.get("x-index-pending") == "true"

    started = time.perf_counter()
    threads = [threading.Thread(target=send) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(failures[0])
    entries = sum(counts.values())
    unexpected = entries - counts[expect]
    return {
        "entries": entries,
        "clients": clients,
        "seconds": round(elapsed, 2),
        "entries_per_s": round(entries / elapsed),
        "batch_ms": summarise(latencies),
        # Whether a batch costs more as the table grows:
        "first_10_batches_ms_mean": round(sum(latencies[:10]) / len(latencies[:10]), 1),
        "last_10_batches_ms_mean": round(sum(latencies[-10:]) / len(latencies[-10:]), 1),
        "summary": counts,
        "unexpected_outcomes": unexpected,
        "index_pending_answers": pending,
    }


def searchable_projects(base_url: str) -> int:
    """How many projects the search index holds (an empty query matches every entry)."""
    r = httpx.get(f"{base_url}/api/v1/search", params={"q": "", "kind": "projects", "per_page": 1}, timeout=60)
    r.raise_for_status()
    return int(r.json()["total"])


def over_http(
    database_url: str,
    work: Path,
    bodies: Sequence[bytes],
    *,
    ndjson: bool,
    workers: int,
    clients: int,
    label: str,
    quiet: Callable[[str], None],
    vectors: bool = True,
    resend: bool = True,
) -> dict[str, Any]:
    """The first load (and a re-send) through a server with or without its vector store. With
    vectors, also how long after the last answer the vector store (embedding off the
    request's path, behind the keyword index) had applied everything."""
    index_dir = work / f"index-{label}"
    with Server(
        database_url=database_url,
        index_dir=index_dir,
        log_path=work / f"server-{label}.log",
        workers=workers,
        CKB_VECTORS="true" if vectors else "false",
    ) as server:
        server.wait_for_index(0)
        quiet(f"{label} first load")
        first = post_batches(server.base_url, bodies, ndjson=ndjson, expect="created", clients=clients)
        answered = time.perf_counter()
        caught_up = vectors_caught_up(database_url, index_dir) - answered if vectors else None
        searchable = searchable_projects(server.base_url)
        if resend:
            quiet(f"{label} re-send")
            again = post_batches(server.base_url, bodies, ndjson=ndjson, expect="unchanged", clients=clients)
    out: dict[str, Any] = {
        "vectors": vectors,
        "first_load": first,
        "searchable_after_load": searchable,
        "index_mb": dir_size_mb(index_dir),
    }
    if resend:
        out["resend"] = again
    if caught_up is not None:
        out["vectors_caught_up_after_s"] = round(caught_up, 2)
        out["entries_per_s_until_vectors_caught_up"] = round(first["entries"] / (first["seconds"] + caught_up))
    return out


def vectors_caught_up(database_url: str, index_dir: Path, timeout: float = 1800) -> float:
    """When the vector store (read as another process reads it) reached the change log's end."""
    db = Database(Settings(database_url=database_url))
    try:
        with db.reading() as session:
            last = changelog.last_seq(session)
    finally:
        db.dispose()
    store = VectorStore(index_dir)
    deadline = time.perf_counter() + timeout
    while (store.applied_seq() or 0) < last and time.perf_counter() < deadline:
        time.sleep(0.05)
        store.reload_if_changed()
    return time.perf_counter()


# --- the floor -----------------------------------------------------------------------------


def raw_inserts(database_url: str, work: Path, items: Sequence[dict[str, Any]], batch: int) -> dict[str, Any]:
    """The same rows into the same tables of a fresh migrated database, by executemany."""
    kind = KINDS["projects"]
    settings = Settings(database_url=database_url, index_dir=work / "index-raw")
    migrate_to_head(settings)
    db = Database(settings)
    try:
        with db.reading() as session:
            owner = keys.house_partner_id(session)
        # Rows as app/services/bulk.py builds them: validated by the create schema, column
        # values, the schema's defaults for what an item leaves out, a unique slug, the owner,
        # version and timestamps; ids are given here, so no RETURNING is needed.
        with Stopwatch() as prepare:
            defaults = {
                name: info.get_default(call_default_factory=True)
                for name, info in kind.create.model_fields.items()
                if name not in ("related", "status") and name in kind.table.model_fields and not info.is_required()
            }
            taken: set[str] = set()
            now = utcnow()
            rows: list[dict[str, Any]] = []
            changes: list[dict[str, Any]] = []
            for number, item in enumerate(items, start=1):
                data = kind.create.model_validate(item)
                values = writes.from_schema(data).values
                base = slug = slugs.base_slug(values["title"], kind.singular)
                n = 1
                while slug in taken:
                    n += 1
                    slug = f"{base}-{n}"
                taken.add(slug)
                rows.append(
                    {
                        **defaults,
                        **values,
                        "id": number,
                        "slug": slug,
                        "status": "published",
                        "owner_id": owner,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                changes.append(
                    {
                        "kind": kind.name,
                        "entry_id": number,
                        "op": "create",
                        "version": 1,
                        "status": "published",
                        "at": now,
                        "key_id": None,
                        "partner_id": owner,
                        "diff": None,
                    }
                )
        table = kind.table.__table__  # type: ignore[attr-defined]
        change_table = Change.__table__  # type: ignore[attr-defined]
        latencies = []
        with Stopwatch() as sw:
            for start in range(0, len(rows), batch):
                t0 = time.perf_counter()
                with db.writing() as session:
                    # The cursor's executemany of converted values: what the app's own bulk
                    # path uses to insert (app.db.insert_many), with nothing else around it.
                    insert_many(session, table, rows[start : start + batch])
                    insert_many(session, change_table, changes[start : start + batch])
                latencies.append((time.perf_counter() - t0) * 1000)
    finally:
        db.dispose()
    return {
        "entries": len(rows),
        "seconds": round(sw.seconds, 2),
        "entries_per_s": round(len(rows) / sw.seconds),
        "batch_ms": summarise(latencies),
        "prepare_seconds": round(prepare.seconds, 2),
    }


# --- the run -------------------------------------------------------------------------------


def run_database(
    name: str,
    make_url: Callable[[str], AbstractContextManager[str]],
    work: Path,
    items: Sequence[dict[str, Any]],
    bodies: Sequence[bytes],
    args: argparse.Namespace,
    loads: dict[str, float],
) -> dict[str, Any]:
    """HTTP first load, re-send and raw inserts on one database engine; `make_url(label)`
    gives a fresh database for each."""
    say = report.console.log

    def quiet(phase: str) -> None:
        """Each timed phase starts when the machine is quiet (or after --wait-quiet seconds)."""
        loads[phase] = report.wait_for_quiet(args.wait_quiet)

    with make_url("http") as url:
        say(f"{name}: loading {len(items)} case studies over HTTP in batches of {args.batch}")
        http = over_http(
            url,
            work,
            bodies,
            ndjson=args.ndjson,
            workers=args.workers,
            clients=args.clients,
            label=f"{name}-http",
            quiet=quiet,
        )
    if args.compare_vectors:
        with make_url("http-novec") as url:
            say(f"{name}: the same over HTTP, the server's vector store off (CKB_VECTORS=false)")
            without = over_http(
                url,
                work,
                bodies,
                ndjson=args.ndjson,
                workers=args.workers,
                clients=args.clients,
                label=f"{name}-http-novec",
                quiet=quiet,
                vectors=False,
                resend=False,
            )
    with make_url("raw") as url:
        say(f"{name}: raw executemany of the same rows")
        quiet(f"{name} raw")
        raw = raw_inserts(url, work, items, args.batch)
    first, resend = http["first_load"], http["resend"]
    compared: dict[str, Any] = {}
    if args.compare_vectors:
        compared = {
            "without_vectors": without,
            "with_over_without_vectors_rate": ratio(first["entries_per_s"], without["first_load"]["entries_per_s"]),
        }
    return {
        **http,
        **compared,
        "raw": raw,
        "http_over_raw_time": ratio(first["seconds"], raw["seconds"]),
        "first_load_over_resend_time": ratio(first["seconds"], resend["seconds"]),
    }


def print_report(results: dict[str, Any]) -> None:
    rows = []
    for name, data in results["databases"].items():
        first, resend, raw = data["first_load"], data["resend"], data["raw"]
        rows.append(
            [
                f"{name}: HTTP first load",
                first["entries_per_s"],
                first["seconds"],
                first["batch_ms"]["p50"],
                first["batch_ms"]["p95"],
                "",
            ]
        )
        rows.append(
            [
                f"{name}: HTTP re-send (unchanged)",
                resend["entries_per_s"],
                resend["seconds"],
                resend["batch_ms"]["p50"],
                resend["batch_ms"]["p95"],
                f"first/re-send {data['first_load_over_resend_time']}x",
            ]
        )
        rows.append(
            [
                f"{name}: raw executemany (floor)",
                raw["entries_per_s"],
                raw["seconds"],
                raw["batch_ms"]["p50"],
                raw["batch_ms"]["p95"],
                f"HTTP/raw {data['http_over_raw_time']}x",
            ]
        )
    report.table(
        f"Bulk load, {results['entries']:,} case studies in batches of {results['batch']:,}",
        ["", "entries/s", "seconds", "batch p50 ms", "batch p95 ms", "ratio"],
        rows,
    )
    notes = []
    for name, data in results["databases"].items():
        if "without_vectors" in data:
            plain = data["without_vectors"]["first_load"]
            notes.append(
                [
                    f"{name}: first load without vectors (CKB_VECTORS=false)",
                    f"{plain['entries_per_s']:,}/s",
                    f"with vectors {data['first_load']['entries_per_s']:,}/s"
                    f" ({data['with_over_without_vectors_rate']}x)",
                ]
            )
        if "vectors_caught_up_after_s" in data:
            notes.append(
                [
                    f"{name}: vectors caught up after the last answer",
                    f"{data['vectors_caught_up_after_s']} s",
                    f"{data['entries_per_s_until_vectors_caught_up']:,}/s counting until then",
                ]
            )
        notes.append(
            [f"{name}: searchable after load", f"{data['searchable_after_load']:,}", f"index {data['index_mb']} MB"]
        )
        notes.append(
            [
                f"{name}: answers with X-Index-Pending",
                str(data["first_load"]["index_pending_answers"] + data["resend"]["index_pending_answers"]),
                "",
            ]
        )
        notes.append(
            [f"{name}: building raw rows (validation), untimed above", f"{data['raw']['prepare_seconds']} s", ""]
        )
        first = data["first_load"]
        notes.append(
            [
                f"{name}: first load, mean of first / last 10 batches",
                f"{first['first_10_batches_ms_mean']} / {first['last_10_batches_ms_mean']} ms",
                "",
            ]
        )
    loads = ", ".join(f"{phase} {load}" for phase, load in results.get("load_average_before", {}).items())
    notes.append(["load average before each phase", loads, ""])
    report.table("Other figures", ["", "", ""], notes)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bulk-load benchmark (see bench/README.md).")
    parser.add_argument("--entries", type=int, default=10_000, help="10000 or 100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL server URL; scratch databases are made and dropped"
    )
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--compare-vectors", action="store_true", help="also load over HTTP with the server's vector store off"
    )
    parser.add_argument("--ndjson", action="store_true", help="send NDJSON rather than a JSON array")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--clients", type=int, default=1, help="concurrent clients sending batches (each waits for its answer)"
    )
    parser.add_argument(
        "--work-dir", type=Path, default=None, help="where the scratch folder goes (default: the temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch SQLite files, indexes and server logs")
    parser.add_argument(
        "--wait-quiet", type=float, default=45, metavar="S", help="wait up to S s for a load average < 1"
    )
    args = parser.parse_args(argv)
    started = report.environment()

    report.console.log(f"generating {args.entries} case studies (seed {args.seed})")
    items = list(case_studies(args.entries, args.seed))
    bodies = encode(items, args.batch, args.ndjson)
    results: dict[str, Any] = {
        "benchmark": "bulk",
        "entries": args.entries,
        "batch": args.batch,
        "seed": args.seed,
        "body_mb": round(sum(len(b) for b in bodies) / 1e6, 1),
        "format": "ndjson" if args.ndjson else "json",
        "server_workers": args.workers,
        "clients": args.clients,
        "databases": {},
        "load_average_before": {},
    }
    work = Path(tempfile.mkdtemp(prefix=f"ckb-bench-bulk-{args.entries}-", dir=args.work_dir))
    report.console.log(f"working in {work}")
    try:
        with stopping_on_signals():
            loads = results["load_average_before"]
            if not args.skip_sqlite:

                def sqlite_database(label: str) -> AbstractContextManager[str]:
                    return nullcontext(f"sqlite:///{work / f'{label}.sqlite3'}")

                results["databases"]["SQLite"] = run_database(
                    "SQLite", sqlite_database, work, items, bodies, args, loads
                )
            if args.postgres:
                server_url = args.postgres

                def pg_database(label: str) -> AbstractContextManager[str]:
                    return scratch_database(server_url, f"bulk_{label}")

                results["databases"]["PostgreSQL"] = run_database(
                    "PostgreSQL", pg_database, work, items, bodies, args, loads
                )
    finally:
        if args.keep:
            report.console.log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_report(results)
    path = report.write_results(f"bulk-{args.entries}", results, started)
    report.console.print(f"results: {path}")


if __name__ == "__main__":
    main()
