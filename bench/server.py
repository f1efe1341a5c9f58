"""The real server as a subprocess (`python -m app serve`), and what the benchmarks read of it:
readiness, the index's progress, its worker processes and their memory.

The server runs in its own process group, which is always killed on the way out, errors
and Ctrl-C included.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
# The bootstrap admin key of benchmark servers (any string of 24+ characters works).
ADMIN_KEY = "bench-admin-key-0123456789abcdef"


def free_port() -> int:
    """A random high port that nothing listens on now."""
    rng = random.SystemRandom()
    for _ in range(200):
        port = rng.randint(20_000, 60_000)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port found")


def server_env(database_url: str, index_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKB_") and k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=database_url,
        CKB_INDEX_DIR=str(index_dir),
        CKB_ADMIN_KEY=ADMIN_KEY,
        CKB_LOG_LEVEL="warning",
        # Benchmarks write far faster than a person; the limit is not what they measure.
        CKB_WRITE_RATE_LIMIT="1000000/minute",
    )
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict[str, str], *, timeout: float = 3600) -> tuple[float, str]:
    """Run `python -m app …`; returns (wall seconds, its output). Raises on failure."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"python -m app {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return elapsed, proc.stdout + proc.stderr


class Server:
    """`with Server(database_url=…, index_dir=…, workers=2, log_path=…) as server:` starts
    `python -m app serve` on a free port and waits for /healthz; leaving stops it."""

    def __init__(
        self, *, database_url: str, index_dir: Path, log_path: Path, workers: int = 1, **extra_env: str
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.admin_headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
        self.workers = workers
        self.env = server_env(database_url, index_dir, **extra_env)
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_in: float | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self, timeout: float = 300) -> None:
        started = time.perf_counter()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--no-seed-if-empty",
            ],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as one in stop()
        )
        log.close()
        try:
            self._wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise
        self.started_in = time.perf_counter() - started

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        assert self.proc is not None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"the server exited with {self.proc.returncode}; see {self.log_path}:\n{self.log_tail()}"
                )
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"the server did not answer /healthz within {timeout} s; see {self.log_path}")

    def wait_for_index(self, seq: int, *, timeout: float = 600, probes: int = 8) -> float:
        """Wait until every worker's index has applied change `seq` (each probe is a new
        connection, so it may land on any worker). Returns the seconds waited."""
        started = time.perf_counter()
        deadline = time.monotonic() + timeout
        while True:
            seen = []
            for _ in range(probes):
                # The index's position is told to callers with a key.
                r = httpx.get(f"{self.base_url}/healthz", headers=self.admin_headers, timeout=30)
                index = r.json().get("index") if r.status_code == 200 else None
                if isinstance(index, dict) and "applied_seq" in index:
                    seen.append(int(index["applied_seq"]))
                else:  # a server whose /healthz does not tell: the search answer's header does
                    r = httpx.get(f"{self.base_url}/api/v1/search", params={"q": "", "per_page": 1}, timeout=30)
                    seen.append(int(r.headers.get("x-index-seq", "0")))
            if min(seen) >= seq:
                return time.perf_counter() - started
            if time.monotonic() > deadline:
                raise TimeoutError(f"the index reached change {min(seen)}, not {seq}, in {timeout} s")
            time.sleep(0.2)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def pids(self) -> dict[str, list[int]]:
        """{"main": [pid], "workers": [pids]}: the worker processes are the children of the
        server process that run a worker (not multiprocessing's resource tracker)."""
        assert self.proc is not None
        workers = [pid for pid in children(self.proc.pid) if "resource_tracker" not in _cmdline(pid)]
        return {"main": [self.proc.pid], "workers": sorted(workers)}

    def stop(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        try:
            pgid = os.getpgid(proc.pid)
        except ProcessLookupError:
            proc.wait()
            return
        _signal_group(pgid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        # Whatever is left of the group (workers that ignored SIGTERM) goes now.
        _signal_group(pgid, signal.SIGKILL)
        proc.wait()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pgid, sig)


@contextmanager
def stopping_on_signals() -> Iterator[None]:
    """SIGTERM raises SystemExit, so that `finally` blocks stop servers and drop databases."""

    def handler(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- /proc ---------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name (2nd field) is in parentheses and may contain spaces.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            out.append(int(entry))
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (all its threads)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def memory(pid: int) -> dict[str, float]:
    """A process's memory in MB:
    - uss_anon: private (Private_Clean + Private_Dirty) pages of anonymous mappings (heap,
      stacks, [anon:…], no file behind them): what the process costs on its own, leaving out
      the index files tantivy maps, which the page cache holds once for every process;
    - anonymous: the `Anonymous` line of smaps_rollup (the same, plus shared anonymous pages);
    - rss, pss: resident and proportional set sizes, mapped index pages included;
    - file_rss: rss minus anonymous, mostly the mapped index and libraries."""
    kb: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            kb[name] = int(parts[0])
    uss_anon = 0
    current_anon = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split(None, 5)
        if "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
            path = head[5] if len(head) > 5 else ""
            current_anon = path == "" or (path.startswith("[") and path not in ("[vdso]", "[vvar]", "[vsyscall]"))
        elif current_anon and head[0] in ("Private_Clean:", "Private_Dirty:"):
            uss_anon += int(head[1])
    mb = 1024
    return {
        "uss_anon": round(uss_anon / mb, 1),
        "anonymous": round(kb.get("Anonymous", 0) / mb, 1),
        "rss": round(kb.get("Rss", 0) / mb, 1),
        "pss": round(kb.get("Pss", 0) / mb, 1),
        "file_rss": round((kb.get("Rss", 0) - kb.get("Anonymous", 0)) / mb, 1),
    }


def dir_size_mb(path: Path) -> float:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with suppress(OSError):
                total += os.path.getsize(os.path.join(root, name))
    return round(total / 1e6, 1)
