"""Two versions of the search code timed side by side, query by query, on a busy machine.

    python -m bench.compare --base /tmp/base [--entries 10000] [--rounds 5]

`--base` is another checkout of the repository (e.g. `git worktree add /tmp/base main`). Each
version builds its own database and index of the same generated entries in a process of its
own; then each English query of bench/queries.py runs on one and at once on the other (the
order alternating), so both see the same load at the same moment, which runs of
bench/search.py taken minutes apart on a shared machine do not. Timed: the in-process search
the API does (`app.search.service.search`: count, facets, 20 hits with snippets). The Welsh
queries run on this checkout only (the other may not know Welsh). Prints p50/p95/p99 of each
query's median over the rounds, and the ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from bench.generate import load_corpus
from bench.queries import BenchQuery, build, build_welsh

HERE = Path(__file__).resolve().parents[1]

# Run in each checkout: builds the index with that checkout's code, then times the searches
# read from stdin (one JSON object a line) and writes each time in ms.
WORKER = """
import json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, ".")
from app.config import Settings
from app.db import Database
from app.search.index import SearchIndex
from app.search.service import Filters, search
from bench.generate import load_corpus
from bench.search import load_database
work = Path(tempfile.mkdtemp(prefix="ckb-bench-compare-"))
settings = Settings(database_url=f"sqlite:///{work / 'db.sqlite3'}", index_dir=work / "index")
load_database(settings.database_url, work / "index", load_corpus(int(sys.argv[1]), 1))
index = SearchIndex(settings.resolved_index_dir)
with Database(settings).reading() as session:
    index.rebuild(session)
index.release_writer()
print("ready", flush=True)
for line in sys.stdin:
    item = json.loads(line)
    started = time.perf_counter()
    search(index, item["q"], Filters(kinds=[item["kind"]] if item["kind"] else []), limit=20)
    print((time.perf_counter() - started) * 1000, flush=True)
"""


class Side:
    def __init__(self, checkout: Path, entries: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(entries)],
            cwd=checkout,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    @property
    def pipes(self) -> tuple[IO[str], IO[str]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout

    def wait_ready(self) -> None:
        while self.pipes[1].readline().strip() != "ready":
            if self.process.poll() is not None:
                raise RuntimeError("a side failed to build its index")

    def time(self, query: BenchQuery) -> float:
        stdin, stdout = self.pipes
        stdin.write(json.dumps({"q": query.q, "kind": query.kind}) + "\n")
        stdin.flush()
        return float(stdout.readline())


def _summary(per_query: Sequence[Sequence[float]]) -> dict[str, float]:
    medians = sorted(statistics.median(v) for v in per_query)
    cuts = statistics.quantiles(medians, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2), "p99": round(cuts[98], 2)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Two checkouts' search timed side by side.")
    parser.add_argument("--base", type=Path, required=True, help="the other checkout")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    corpus = load_corpus(args.entries, 1)
    english, welsh = build(corpus, 1), build_welsh(corpus, 1)
    del corpus
    base, this = Side(args.base, args.entries), Side(HERE, args.entries)
    base.wait_ready()
    this.wait_ready()
    for query in english[:20]:  # warm-up
        base.time(query)
        this.time(query)
    times: dict[str, list[list[float]]] = {
        "base, English": [[] for _ in english],
        "this, English": [[] for _ in english],
        "this, Welsh": [[] for _ in welsh],
    }
    for r in range(args.rounds):
        for i, query in enumerate(english):
            sides = [("base, English", base), ("this, English", this)]
            for name, side in sides if (i + r) % 2 == 0 else sides[::-1]:
                times[name][i].append(side.time(query))
        for i, query in enumerate(welsh):
            times["this, Welsh"][i].append(this.time(query))
    out: dict[str, Any] = {name: _summary(per) for name, per in times.items() if per}
    b, t = out["base, English"], out["this, English"]
    out["English p50 ratio"] = round(t["p50"] / b["p50"], 3)
    out["English p95 ratio"] = round(t["p95"] / b["p95"], 3)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
