"""Search benchmark: latency and throughput of search through the real server, against the
same queries straight on the index (the floor) and on SQLite FTS5 and PostgreSQL full-text
search over the same entries.

    python -m bench.search --entries 10000 [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

In one run:
 a. the generated entries go into a fresh SQLite database (the app's bulk upsert, in-process,
    a few transactions), then `python -m app reindex` is timed;
 b. 200 fixed queries on the index in-process, doing what the API does (count, facets,
    snippets): `app.search.service.search` with the same parameters; and 100 suggest prefixes;
    with them, 50 Welsh queries over the entries' Welsh versions (one in ten entries has one),
    timed in the same passes and reported apart (the English figures are the English queries');
 c. the same queries on a bench-only SQLite FTS5 table, and on PostgreSQL full-text search
    (tsvector, GIN, ts_rank, ts_headline) in a scratch database when --postgres is given;
 d. the real server (`python -m app serve --workers 2`): the queries with one keep-alive
    client (p50/p95/p99) in each search mode (keyword, hybrid, semantic; interleaved),
    related entries of 100 entries, requests/second with 8 concurrent clients (hybrid),
    suggest latency, the memory of each worker after the queries, and write-to-searchable
    latency (POST a new entry with a unique word, then search for it until it is found, and
    then by meaning until the vector store has it, 50 times).
Figures are printed and written to bench/results/search-<entries>-<time>.json.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import string
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

from app import changelog
from app.cli import migrate_to_head
from app.config import Settings
from app.db import Database
from app.kinds import KINDS
from app.search.index import SearchIndex
from app.search.service import Filters, search, suggest
from app.services import bulk, keys, writes
from app.services.access import Caller
from bench import baselines, report
from bench.generate import load_corpus
from bench.pg import scratch_database
from bench.queries import BenchQuery, build, build_welsh, is_welsh, suggest_prefixes
from bench.server import ADMIN_KEY, Server, cpu_seconds, dir_size_mb, memory, run_cli, server_env, stopping_on_signals
from bench.timing import Stopwatch, per_item_medians, ratio, summarise, timed_each

LOAD_BATCH = 5_000  # entries per transaction when loading the database
WRITE_SAMPLES = 50
MODES = ("keyword", "hybrid", "semantic")
RELATED_SAMPLES = 100
VISIBLE_TIMEOUT = 10.0  # seconds a written entry may take to become searchable


# --- a. load and reindex -------------------------------------------------------------------


def load_database(database_url: str, index_dir: Path, corpus: Mapping[str, Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """Migrate a fresh database and upsert the corpus with the app's bulk service."""
    settings = Settings(database_url=database_url, index_dir=index_dir)
    migrate_to_head(settings)
    db = Database(settings)
    try:
        with db.reading() as session:
            caller = writes.author_of(session, Caller(role="admin", partner_id=keys.house_partner_id(session)))
        with Stopwatch() as sw:
            for kind_name, items in corpus.items():
                for start in range(0, len(items), LOAD_BATCH):
                    with db.writing() as session:
                        results = bulk.upsert(session, KINDS[kind_name], caller, items[start : start + LOAD_BATCH])
                    errors = [r for r in results if r.status == "error"]
                    if errors:
                        raise RuntimeError(f"{kind_name}: {len(errors)} items refused, e.g. {errors[0]}")
        with db.reading() as session:
            last_seq = changelog.last_seq(session)
    finally:
        db.dispose()
    total = sum(len(items) for items in corpus.values())
    return {
        "entries": total,
        "seconds": round(sw.seconds, 2),
        "entries_per_s": round(total / sw.seconds),
        "last_seq": last_seq,
    }


def reindex(database_url: str, index_dir: Path) -> dict[str, Any]:
    seconds, output = run_cli(["reindex"], server_env(database_url, index_dir))
    own = re.search(r"done in ([0-9.]+) s", output) or re.search(r"in ([0-9.]+) s", output)
    return {
        "wall_seconds": round(seconds, 2),
        "command_seconds": float(own.group(1)) if own else None,
        "output": output.strip(),
        "index_mb": dir_size_mb(index_dir),
    }


# --- b. the index in-process (the floor) ---------------------------------------------------


def measure_raw(index_dir: Path, queries: Sequence[BenchQuery], prefixes: Sequence[str], rounds: int) -> dict[str, Any]:
    index = SearchIndex(index_dir)
    totals: dict[str, int] = {}

    def run(query: BenchQuery) -> None:
        results = search(
            index, query.q, Filters(kinds=[query.kind] if query.kind else []), sort="relevance", offset=0, limit=20
        )
        totals[query.q + f"|{query.kind}"] = results.total

    samples = timed_each(run, queries, rounds=rounds)
    suggest_samples = timed_each(lambda p: suggest(index, p, statuses=["published"], limit=8), prefixes, rounds=rounds)
    return {
        **_latencies(queries, samples),
        "suggest": summarise(per_item_medians(suggest_samples, len(prefixes))),
        "suggest_all_samples": summarise(suggest_samples),
        "matches": _match_summary(queries, totals),
    }


# --- c. FTS5 and PostgreSQL ----------------------------------------------------------------


def _rows(database_url: str) -> Any:
    db = Database(Settings(database_url=database_url))
    try:
        with db.reading() as session:
            yield from baselines.published_rows(session)
    finally:
        db.dispose()


def measure_engine(
    engine: baselines.Fts5 | baselines.PostgresFts, source_url: str, queries: Sequence[BenchQuery], rounds: int
) -> dict[str, Any]:
    with Stopwatch() as sw:
        count = engine.build(_rows(source_url))
    totals: dict[str, int] = {}

    def run(query: BenchQuery) -> None:
        total, _hits = engine.search(query)
        totals[query.q + f"|{query.kind}"] = total

    samples = timed_each(run, queries, rounds=rounds)
    return {
        "rows": count,
        "build_seconds": round(sw.seconds, 2),
        **_latencies(queries, samples),
        "matches": _match_summary(queries, totals),
    }


# --- d. the real server --------------------------------------------------------------------


def measure_api(
    server: Server,
    queries: Sequence[BenchQuery],
    prefixes: Sequence[str],
    rounds: int,
    concurrency: int,
    modes: Sequence[str] = MODES,
) -> dict[str, Any]:
    """The query mix in each search mode, interleaved (each query in every mode, then the
    next), so that the modes are compared under the same conditions in one run. The
    figures at the top level are the default mode's (hybrid)."""
    out: dict[str, Any] = {}
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        pairs = [(query, mode) for query in queries for mode in modes]

        def run(pair: tuple[BenchQuery, str]) -> None:
            r = client.get("/api/v1/search", params={**pair[0].params(), "mode": pair[1]})
            r.raise_for_status()

        samples = timed_each(run, pairs, rounds=rounds)
        out["modes"] = {}
        for i, mode in enumerate(modes):
            mine = [v for j, v in enumerate(samples) if j % len(modes) == i]
            out["modes"][mode] = _latencies(queries, mine)
        out.update(out["modes"].get("hybrid", out["modes"][modes[0]]))

        def run_suggest(prefix: str) -> None:
            client.get("/api/v1/search/suggest", params={"q": prefix}).raise_for_status()

        suggest_samples = timed_each(run_suggest, prefixes, rounds=rounds)
        out["suggest"] = summarise(per_item_medians(suggest_samples, len(prefixes)))
        out["suggest_all_samples"] = summarise(suggest_samples)
        out["related"] = measure_related(client, rounds)
    pids = server.pids()
    out["concurrent"] = throughput(
        server.base_url,
        [q for q in queries if not is_welsh(q)],
        clients=concurrency,
        rounds=max(1, rounds - 1),
        worker_pids=pids["workers"],
    )
    out["memory_after_queries"] = {
        "workers": {str(pid): memory(pid) for pid in pids["workers"]},
        "main": {str(pid): memory(pid) for pid in pids["main"]},
    }
    return out


def measure_related(client: httpx.Client, rounds: int, entries: int = RELATED_SAMPLES) -> dict[str, Any]:
    """GET /{kind}/{id}/related (5 items) for entries spread over the corpus."""
    rng = random.Random("ckb-bench-related")
    listed = client.get("/api/v1/search", params={"q": "", "per_page": 100, "page": 1, "sort": "newest"}).json()
    total = int(listed["total"])
    refs: list[tuple[str, int]] = []
    while len(refs) < entries and total:
        page = rng.randint(1, max(1, min(total, 10_000) // 100))
        items = client.get("/api/v1/search", params={"q": "", "per_page": 100, "page": page, "sort": "newest"})
        refs.extend((h["kind"], h["id"]) for h in items.json()["items"][:5])
    refs = refs[:entries]
    empty = 0

    def run(ref: tuple[str, int]) -> None:
        nonlocal empty
        r = client.get(f"/api/v1/{ref[0]}/{ref[1]}/related")
        r.raise_for_status()
        empty += not r.json()["items"]

    samples = timed_each(run, refs, rounds=rounds)
    return {
        "entries": len(refs),
        "latency": summarise(per_item_medians(samples, len(refs))),
        "all_samples": summarise(samples),
        "empty_answers": empty,
    }


def throughput(
    base_url: str, queries: Sequence[BenchQuery], *, clients: int, rounds: int, worker_pids: Sequence[int] = ()
) -> dict[str, Any]:
    """Requests/second with `clients` concurrent keep-alive clients (threads of this process),
    each running the whole mix `rounds` times from a different starting point. Also the CPU
    seconds each server worker and this client process used meanwhile: how evenly the
    connections spread over the workers, and what the client itself cost."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    ready = threading.Barrier(clients + 1)

    def client_loop(i: int) -> None:
        order = list(queries[i * len(queries) // clients :]) + list(queries[: i * len(queries) // clients])
        with httpx.Client(base_url=base_url, timeout=60) as client:
            client.get("/api/v1/search", params=order[0].params())  # connect before the clock starts
            ready.wait()
            for _ in range(rounds):
                for query in order:
                    started = time.perf_counter()
                    r = client.get("/api/v1/search", params=query.params())
                    latencies[i].append((time.perf_counter() - started) * 1000)
                    if r.status_code != 200:
                        failures.append(f"{r.status_code} {query.q}")

    threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    cpu_before = {pid: cpu_seconds(pid) for pid in worker_pids}
    client_before = os.times()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    client_after = os.times()
    worker_cpu = {str(pid): round(cpu_seconds(pid) - before, 2) for pid, before in cpu_before.items()}
    flat = [v for values in latencies for v in values]
    return {
        "clients": clients,
        "requests": len(flat),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(flat) / elapsed, 1),
        "latency": summarise(flat),
        "failures": len(failures),
        "worker_cpu_seconds": worker_cpu,
        "client_cpu_seconds": round(
            (client_after.user + client_after.system) - (client_before.user + client_before.system), 2
        ),
    }


def write_to_searchable(base_url: str, samples: int = WRITE_SAMPLES) -> dict[str, Any]:
    """POST a new project whose title carries a word found nowhere else, then search for the
    word (each time on a new connection, so on either worker) until the entry is among the
    hits. Measures from sending the POST; also reports the POST's own latency."""
    rng = random.Random("ckb-bench-write-probe")
    post_ms: list[float] = []
    visible_ms: list[float] = []
    meaning_ms: list[float] = []
    meaning_timeouts = 0
    first_try = 0
    pending = 0
    timeouts = 0
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as writer:
        for i in range(samples):
            word = "zq" + "".join(rng.choice(string.ascii_lowercase) for _ in range(10))
            entry = {
                "title": f"Write probe {word}",
                "summary": f"An entry written by the benchmark, findable by {word}.",
                "body": f"The word {word} appears in no other entry. " * 3,
                "keywords": ["benchmark"],
                "external_id": f"bench-probe-{i:03d}",
            }
            started = time.perf_counter()
            r = writer.post("/api/v1/projects", json=entry)
            posted = time.perf_counter()
            if r.status_code != 201:
                raise RuntimeError(f"POST /api/v1/projects answered {r.status_code}: {r.text[:500]}")
            new_id = r.json()["id"]
            pending += r.headers.get("x-index-pending") == "true"
            attempts = 0
            with httpx.Client(base_url=base_url, timeout=60) as reader:
                while True:
                    attempts += 1
                    s = reader.get("/api/v1/search", params={"q": word, "per_page": 5})
                    if any(h["id"] == new_id and h["kind"] == "projects" for h in s.json().get("items", [])):
                        break
                    if time.perf_counter() - started > VISIBLE_TIMEOUT:
                        timeouts += 1
                        break
            found = time.perf_counter()
            # Then until it is found by meaning (the vector store follows the index).
            with httpx.Client(base_url=base_url, timeout=60) as reader:
                meaning_query = {"q": f"{entry['title']} {entry['summary']}", "per_page": 5, "mode": "semantic"}
                while True:
                    s = reader.get("/api/v1/search", params=meaning_query)
                    if any(h["id"] == new_id and h["kind"] == "projects" for h in s.json().get("items", [])):
                        break
                    if time.perf_counter() - started > VISIBLE_TIMEOUT:
                        meaning_timeouts += 1
                        break
            meaning_ms.append((time.perf_counter() - started) * 1000)
            first_try += attempts == 1
            post_ms.append((posted - started) * 1000)
            visible_ms.append((found - started) * 1000)
            time.sleep(0.05 + rng.random() * 0.1)  # writes apart, as people make them
    return {
        "samples": samples,
        "post": summarise(post_ms),
        "write_to_searchable": summarise(visible_ms),
        "write_to_searchable_by_meaning": summarise(meaning_ms),
        "meaning_timeouts": meaning_timeouts,
        "found_on_first_search": first_try,
        "index_pending_answers": pending,
        "timeouts": timeouts,
    }


# --- summaries -----------------------------------------------------------------------------


def _category(query: BenchQuery) -> str:
    return "with kind filter" if query.kind else query.category


def _latencies(queries: Sequence[BenchQuery], samples: Sequence[float]) -> dict[str, Any]:
    """`search`: percentiles over the queries of each query's median over the rounds;
    `search_all_samples`: over every timed request; `by_category`: as `search`, by sort."""
    medians = per_item_medians(samples, len(queries))
    groups: dict[str, list[float]] = defaultdict(list)
    for query, value in zip(queries, medians, strict=True):
        groups[_category(query)].append(value)
    welsh = [is_welsh(q) for q in queries]
    out = {
        # The English queries (as before there were Welsh ones); the Welsh apart.
        "search": summarise([v for v, w in zip(medians, welsh, strict=True) if not w]),
        "search_all_samples": summarise([v for j, v in enumerate(samples) if not welsh[j % len(queries)]]),
        "by_category": {name: summarise(values) for name, values in groups.items()},
    }
    if any(welsh):
        out["welsh"] = summarise([v for v, w in zip(medians, welsh, strict=True) if w])
    return out


def _match_summary(queries: Sequence[BenchQuery], totals: Mapping[str, int]) -> dict[str, Any]:
    values = sorted(totals.values())
    return {
        "median": values[len(values) // 2] if values else 0,
        "max": values[-1] if values else 0,
        "zero": sum(1 for v in values if v == 0),
    }


def print_report(results: dict[str, Any]) -> None:
    raw = results["raw_index"]
    api = results.get("api", {})
    engines: list[tuple[str, dict[str, Any]]] = [("raw index (in-process)", raw)]
    if api:
        engines.insert(0, ("API, 1 client (HTTP)", api))
    if "fts5" in results:
        engines.append(("SQLite FTS5 (raw)", results["fts5"]))
    if "postgres" in results:
        engines.append(("PostgreSQL FTS (raw)", results["postgres"]))
    rows = []
    for name, data in engines:
        s = data["search"]
        rows.append(
            [
                name,
                s["p50"],
                s["p95"],
                s["p99"],
                ratio(s["p50"], raw["search"]["p50"]),
                ratio(s["p95"], raw["search"]["p95"]),
                data.get("matches", {}).get("median"),
                data.get("matches", {}).get("zero"),
            ]
        )
    n = results["entries"]
    report.table(
        f"Search, {n:,} entries, 200 queries x {results['rounds']} (ms)",
        ["", "p50", "p95", "p99", "p50 / raw", "p95 / raw", "median matches", "no match"],
        rows,
    )
    if api.get("modes"):
        modes = api["modes"]
        keyword_p95 = modes.get("keyword", {}).get("search", {}).get("p95")
        report.table(
            "API by search mode, the same queries interleaved (ms)",
            ["mode", "p50", "p95", "p99", "p95 / keyword p95"],
            [
                [
                    mode,
                    d["search"]["p50"],
                    d["search"]["p95"],
                    d["search"]["p99"],
                    ratio(d["search"]["p95"], keyword_p95),
                ]
                for mode, d in modes.items()
            ],
        )
    welsh_rows = []
    for name, data in [*engines, *[(f"API, {mode}", d) for mode, d in api.get("modes", {}).items()]]:
        if "welsh" in data:
            e, w = data["search"], data["welsh"]
            welsh_rows.append([name, e["p50"], e["p95"], w["p50"], w["p95"], ratio(w["p95"], e["p95"])])
    if welsh_rows:
        report.table(
            "English and Welsh queries (ms)",
            ["", "English p50", "English p95", "Welsh p50", "Welsh p95", "Welsh p95 / English p95"],
            welsh_rows,
        )
    categories = list(raw["by_category"])
    cat_rows = []
    for category in categories:
        row: list[Any] = [category]
        for _name, data in engines:
            c = data["by_category"].get(category, {})
            row.append(f"{c.get('p50', 0):.2f} / {c.get('p95', 0):.2f}")
        cat_rows.append(row)
    report.table("By kind of query: p50 / p95 (ms)", ["", *[name for name, _ in engines]], cat_rows)

    other: list[list[Any]] = [
        [
            "entries loaded (bulk upsert, in-process)",
            f"{results['load']['seconds']} s",
            f"{results['load']['entries_per_s']:,}/s",
        ],
        [
            "python -m app reindex",
            f"{results['reindex']['wall_seconds']} s wall",
            f"{results['reindex']['command_seconds']} s own",
        ],
        ["index on disk (with the vectors)", f"{results['reindex']['index_mb']} MB", ""],
        [
            "suggest p50 / p95 / p99, raw (ms)",
            f"{raw['suggest']['p50']} / {raw['suggest']['p95']}",
            f"{raw['suggest']['p99']}",
        ],
    ]
    if api:
        sug, conc, wts = api["suggest"], api["concurrent"], api["writes"]
        other += [
            ["suggest p50 / p95 / p99, API (ms)", f"{sug['p50']} / {sug['p95']}", f"{sug['p99']}"],
            [
                f"{conc['clients']} concurrent clients",
                f"{conc['requests_per_s']} req/s",
                f"p50 {conc['latency']['p50']} / p95 {conc['latency']['p95']} ms",
            ],
            [
                "  CPU s used meanwhile: workers; client",
                ", ".join(str(v) for v in conc["worker_cpu_seconds"].values()),
                f"client {conc['client_cpu_seconds']} (of {conc['seconds']} s)",
            ],
            [
                "POST one entry p50 / p95 (ms)",
                f"{wts['post']['p50']} / {wts['post']['p95']}",
                f"{wts['index_pending_answers']} answered pending",
            ],
            [
                "write-to-searchable p50 / p95 (ms)",
                f"{wts['write_to_searchable']['p50']} / {wts['write_to_searchable']['p95']}",
                f"{wts['found_on_first_search']}/{wts['samples']} found at first search",
            ],
            [
                "write-to-searchable by meaning p50 / p95 (ms)",
                f"{wts['write_to_searchable_by_meaning']['p50']} / {wts['write_to_searchable_by_meaning']['p95']}",
                f"{wts['meaning_timeouts']} not found in {VISIBLE_TIMEOUT:.0f} s",
            ],
            [
                "GET /{kind}/{id}/related p50 / p95 / p99 (ms)",
                f"{api['related']['latency']['p50']} / {api['related']['latency']['p95']}",
                f"{api['related']['latency']['p99']} ({api['related']['empty_answers']} empty)",
            ],
        ]
        for pid, mem in api["memory_after_queries"]["workers"].items():
            other.append(
                [
                    f"worker {pid} memory (MB)",
                    f"USS anon {mem['uss_anon']}",
                    f"RSS {mem['rss']} (file {mem['file_rss']})",
                ]
            )
        for pid, mem in api["memory_after_queries"]["main"].items():
            other.append([f"server main process {pid} (MB)", f"USS anon {mem['uss_anon']}", f"RSS {mem['rss']}"])
    if "fts5" in results:
        other.append(["FTS5 table built", f"{results['fts5']['build_seconds']} s", ""])
    if "postgres" in results:
        other.append(["PostgreSQL tsvector + GIN built", f"{results['postgres']['build_seconds']} s", ""])
    loads = ", ".join(f"{phase} {load}" for phase, load in results.get("load_average_before", {}).items())
    other.append(["load average before each phase", loads, ""])
    report.table("Other figures", ["", "", ""], other)


# --- the run -------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    say = report.console.log
    say(f"corpus: {args.entries} entries (seed {args.seed})")
    corpus = load_corpus(args.entries, args.seed)
    english = build(corpus, args.seed)
    queries = english + build_welsh(corpus, args.seed)
    prefixes = suggest_prefixes(corpus, args.seed)
    results: dict[str, Any] = {
        "benchmark": "search",
        "entries": args.entries,
        "seed": args.seed,
        "rounds": args.rounds,
        "queries": [{"category": q.category, "q": q.q, "kind": q.kind} for q in queries],
        "suggest_prefixes": prefixes,
    }
    loads: dict[str, float] = {}
    results["load_average_before"] = loads

    def quiet(phase: str) -> None:
        """Each timed phase starts when the machine is quiet (or after --wait-quiet seconds)."""
        loads[phase] = report.wait_for_quiet(args.wait_quiet)

    work = Path(tempfile.mkdtemp(prefix=f"ckb-bench-search-{args.entries}-", dir=args.work_dir))
    say(f"working in {work}")
    database_url = f"sqlite:///{work / 'ckb.sqlite3'}"
    index_dir = work / "index"
    try:
        say("loading the database")
        results["load"] = load_database(database_url, index_dir, corpus)
        del corpus
        say(f"loaded in {results['load']['seconds']} s; timing python -m app reindex")
        quiet("reindex")
        results["reindex"] = reindex(database_url, index_dir)
        say(f"reindex: {results['reindex']['output']}")
        say("queries on the index in-process")
        quiet("raw_index")
        results["raw_index"] = measure_raw(index_dir, queries, prefixes, args.rounds)
        if not args.skip_fts5:
            say("building and querying SQLite FTS5")
            fts5 = baselines.Fts5(work / "fts5.sqlite3")
            quiet("fts5")
            try:
                results["fts5"] = measure_engine(fts5, database_url, english, args.rounds)
            finally:
                fts5.close()
        if args.postgres:
            say("building and querying PostgreSQL full-text search")
            with scratch_database(args.postgres, "fts") as pg_url:
                engine = baselines.PostgresFts(pg_url)
                quiet("postgres")
                try:
                    results["postgres"] = measure_engine(engine, database_url, english, args.rounds)
                finally:
                    engine.close()
        say(f"starting the server (--workers {args.workers})")
        with Server(
            database_url=database_url, index_dir=index_dir, log_path=work / "server.log", workers=args.workers
        ) as server:
            server.wait_for_index(results["load"]["last_seq"])
            results["server_start_seconds"] = round(server.started_in or 0, 2)
            say("queries through the API")
            quiet("api")
            results["api"] = measure_api(server, queries, prefixes, args.rounds, args.concurrency)
            say("write-to-searchable")
            results["api"]["writes"] = write_to_searchable(server.base_url)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Search benchmark (see bench/README.md).")
    parser.add_argument("--entries", type=int, default=10_000, help="10000 or 100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL server URL; a scratch database is made and dropped"
    )
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the query mix (after one warm-up)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--skip-fts5", action="store_true")
    parser.add_argument(
        "--work-dir", type=Path, default=None, help="where the scratch folder goes (default: the temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database, index and server log")
    parser.add_argument(
        "--wait-quiet", type=float, default=45, metavar="S", help="wait up to S s for a load average < 1"
    )
    args = parser.parse_args(argv)
    started = report.environment()
    with stopping_on_signals():
        results = run(args)
    print_report(results)
    path = report.write_results(f"search-{args.entries}", results, started)
    report.console.print(f"results: {path}")


if __name__ == "__main__":
    main()
