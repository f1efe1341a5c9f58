"""Real servers in subprocesses (`python -m app serve`), for tests of the whole process:
the CLI, several workers, several servers on one database, crashes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests import secrets

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_env(database_url: str, index_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKB_") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=database_url, CKB_INDEX_DIR=str(index_dir), CKB_LOG_LEVEL="INFO", **extra)
    return env


def run_cli(
    *args: str, env: dict[str, str], input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        input=input,
        timeout=timeout,
    )
    secrets.record_text(result.stdout)
    return result


class LiveServer:
    def __init__(self, env: dict[str, str], *, workers: int = 1, seed: bool = False, log: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.workers = workers
        self.seed = seed
        self.log_path = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> LiveServer:
        args = [sys.executable, "-m", "app", "serve", "--port", str(self.port), "--workers", str(self.workers)]
        if not self.seed:
            args.append("--no-seed-if-empty")
        if self.log_path is None:  # every server logs somewhere the suite's log check reads
            self.log_path = Path(tempfile.mkstemp(prefix="ckb-server-", suffix=".log")[1])
        secrets.LOG_FILES.append(self.log_path)
        out = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            args, env=self.env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; log: {self.log_path}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        """kill -9 the whole process group (the server and its workers)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
