"""Printing figures as tables, and writing them as JSON to bench/results/ (gitignored)."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS_DIR = Path(__file__).resolve().parent / "results"
# Wide enough for the tables when the output is a file or a pipe, not a terminal.
console = Console(width=150)


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text}{unit}"


def table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    t = Table(title=title, title_justify="left", show_lines=False)
    for i, column in enumerate(columns):
        t.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        t.add_row(*(fmt(v) if not isinstance(v, str) else v for v in row))
    console.print(t)


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=RESULTS_DIR.parent, check=False
        ).stdout.strip()
    except OSError:
        return ""


def environment() -> dict[str, Any]:
    """What the figures were measured on; call it when the run starts (the server runs the
    code on disk then, committed or not)."""
    commit = _git("rev-parse", "--short", "HEAD")
    uncommitted = _git("status", "--porcelain", "--", "app", "migrations").splitlines()
    versions = {}
    for package in ("tantivy", "fastapi", "uvicorn", "sqlalchemy", "psycopg", "httpx"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "uncommitted_app_changes": uncommitted,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "packages": versions,
    }


def wait_for_quiet(max_seconds: float, threshold: float = 1.0) -> float:
    """Wait (at most max_seconds) until the 1-minute load average is under `threshold`, so
    that other work on the machine disturbs the figures less. Returns the load average."""
    deadline = time.monotonic() + max_seconds
    load = os.getloadavg()[0]
    while load >= threshold and time.monotonic() < deadline:
        time.sleep(5)
        load = os.getloadavg()[0]
    return round(load, 2)


def write_results(name: str, results: dict[str, Any], started: dict[str, Any]) -> Path:
    """Write the figures with `started` (environment() at the start of the run)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{name}-{stamp}.json"
    env = {**started, "load_average_at_end": [round(x, 2) for x in os.getloadavg()]}
    path.write_text(json.dumps({"environment": env, **results}, indent=2) + "\n", encoding="utf-8")
    return path
