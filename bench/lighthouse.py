"""Lighthouse on every screen people land on, as a phone sees it (Lighthouse's default mobile
emulation and simulated throttling), through Debian's Chromium.

    python -m bench.lighthouse                 # starts a seeded server of its own
    python -m bench.lighthouse --url http://127.0.0.1:8000   # a running server

Prints, per screen, the four category scores and the three vitals: largest contentful paint,
cumulative layout shift and total blocking time. Lighthouse is the version bench/lighthouse/
package-lock.json pins (`make lighthouse` installs it from the npm registry). Figures, not
asserts: they move with the machine's load, so run it on a quiet machine and read a median
(--runs).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.server import REPO_ROOT, Server, run_cli, server_env

LIGHTHOUSE = REPO_ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass
class Result:
    screen: str
    path: str
    scores: dict[str, int]
    lcp_ms: float
    cls: float
    tbt_ms: float


def screens(base: str) -> list[tuple[str, str]]:
    """(name, path) of the screens measured: entries are the first of each kind the API lists."""
    api = httpx.Client(base_url=base, timeout=30)
    out = [("home", "/"), ("search results", "/search?q=participatory+budgeting")]
    for kind in ("resources", "projects", "networks"):
        first = api.get(f"/api/v1/{kind}", params={"per_page": 1}).json()["items"][0]
        out.append((f"entry: {kind}", f"/{kind}/{first['slug']}"))
    tree = api.get("/api/v1/toolkit").json()["items"]
    section = tree[1]["children"][0] if len(tree) > 1 and tree[1]["children"] else tree[0]
    out += [("toolkit section", f"/toolkit/{section['slug']}")]
    out += [("deposit form", "/deposit"), ("editors' sign-in", "/editor")]
    api.close()
    return out


def run_lighthouse(url: str, out_dir: Path | None, name: str) -> dict[str, Any]:
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: run `make lighthouse` (or `cd bench/lighthouse && npm ci`)")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROME},
            timeout=300,
        )
        data: dict[str, Any] = json.loads(report.read_text())
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() else "-" for c in name)
        (out_dir / f"{safe}.json").write_text(json.dumps(data))
    return data


def measure(base: str, runs: int, out_dir: Path | None) -> list[Result]:
    results = []
    for name, path in screens(base):
        reports = [run_lighthouse(base + path, out_dir, f"{name}-{i}") for i in range(runs)]

        def median(get: Any, reports: list[dict[str, Any]] = reports) -> float:
            return float(statistics.median(get(r) for r in reports))

        scores = {c: round(100 * median(lambda r, c=c: r["categories"][c]["score"] or 0)) for c in CATEGORIES}
        results.append(
            Result(
                screen=name,
                path=path,
                scores=scores,
                lcp_ms=median(lambda r: r["audits"]["largest-contentful-paint"]["numericValue"]),
                cls=median(lambda r: r["audits"]["cumulative-layout-shift"]["numericValue"]),
                tbt_ms=median(lambda r: r["audits"]["total-blocking-time"]["numericValue"]),
            )
        )
        for report in reports:
            for audit in ("errors-in-console", "uses-rel-preload", "layout-shifts"):
                found = report["audits"].get(audit)
                if found and found.get("score") not in (None, 1) and found.get("details", {}).get("items"):
                    print(f"  {name}: {audit}: {json.dumps(found['details']['items'])[:300]}", file=sys.stderr)
    return results


def table(results: list[Result]) -> str:
    lines = [
        "| screen | performance | accessibility | best practices | SEO | LCP | CLS | TBT |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r.scores
        lines.append(
            f"| {r.screen} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
            f"| {r.lcp_ms / 1000:.1f} s | {r.cls:.3f} | {r.tbt_ms:.0f} ms |"
        )
    return "\n".join(lines)


@contextmanager
def seeded_server() -> Iterator[str]:
    """A server as `make run` starts it: a fresh SQLite database with the seed, one worker."""
    with tempfile.TemporaryDirectory(prefix="ckb-lighthouse-") as tmp:
        root = Path(tmp)
        env = server_env(f"sqlite:///{root / 'ckb.sqlite3'}", root / "index")
        run_cli(["migrate"], env)
        run_cli(["seed"], env)
        with Server(database_url=env["DATABASE_URL"], index_dir=root / "index", log_path=root / "server.log") as server:
            # Ready once the seed is searchable (by words and by meaning).
            for _ in range(600):
                answer = httpx.get(f"{server.base_url}/api/v1/search", params={"q": "co-production"}, timeout=30)
                if answer.json()["total"] > 0:
                    break
            yield server.base_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start a seeded one)")
    parser.add_argument("--runs", type=int, default=1, help="runs per screen; the median is shown")
    parser.add_argument("--out", type=Path, help="keep each Lighthouse report (JSON) in this folder")
    args = parser.parse_args()
    if args.url:
        results = measure(args.url.rstrip("/"), args.runs, args.out)
    else:
        with seeded_server() as base:
            results = measure(base, args.runs, args.out)
    print(f"Lighthouse 12.2.3, mobile (default throttling), {CHROME}, median of {args.runs} run(s)")
    print(table(results))


if __name__ == "__main__":
    main()
