"""Every secret the suite makes, and every log it produces, so that the end of the run can
check that no secret reached any log line (API keys, deposits' status tokens, self-evaluation
links): a pytest plugin, registered in tests/conftest.py.

Secrets are taken from the answers that hand them out (any `key`, `token` or `*_token`
field of a JSON answer, and keys printed by `create-key`); logs are what each test printed
(the in-process app logs to stdout) and the log files of the servers the tests started.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

SECRETS: set[str] = set()
LOG_FILES: list[Path] = []
_captured: list[tuple[str, str]] = []  # (test id, text)
MIN_SECRET = 16  # shorter values are not secrets of ours (and would match by chance)
# Self-evaluation links (app/services/assessments/tokens.py), wherever an answer holds one
# (a `token` field, or inside a `url`).
ASSESSMENT_TOKEN = re.compile(r"\b(?:own|team|peer)_[A-Za-z0-9_-]{43}")


def _collect(value: Any) -> None:
    if isinstance(value, str):
        SECRETS.update(ASSESSMENT_TOKEN.findall(value))
    elif isinstance(value, dict):
        for name, item in value.items():
            if (
                isinstance(item, str)
                and len(item) >= MIN_SECRET
                and (name in ("key", "token") or name.endswith("_token"))
            ):
                SECRETS.add(item)
            else:
                _collect(item)
    elif isinstance(value, list):
        for item in value:
            _collect(item)


def record(response: httpx.Response) -> None:
    if "json" not in response.headers.get("content-type", ""):
        return
    try:
        _collect(json.loads(response.content))
    except (ValueError, httpx.ResponseNotRead):
        return


def record_text(text: str) -> None:
    """Keys printed by the command line (`create-key` prints the key alone), and any
    self-evaluation link in a text."""
    for match in re.findall(r"\bckb_[A-Za-z0-9_-]{20,}", text):
        SECRETS.add(match)
    SECRETS.update(ASSESSMENT_TOKEN.findall(text))


def _patch_httpx() -> None:
    sync_send, async_send = httpx.Client.send, httpx.AsyncClient.send

    def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = sync_send(self, request, **kwargs)
        if not kwargs.get("stream"):
            record(response)
        return response

    async def asend(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = await async_send(self, request, **kwargs)
        if not kwargs.get("stream"):
            await response.aread()
            record(response)
        return response

    httpx.Client.send = send  # type: ignore[method-assign]
    httpx.AsyncClient.send = asend  # type: ignore[method-assign]


class SecretsInLogs:
    def pytest_configure(self, config: pytest.Config) -> None:
        _patch_httpx()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, text in report.sections:
            if name.startswith("Captured"):
                _captured.append((report.nodeid, text))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        found = []
        sources = list(_captured) + [(str(p), p.read_text(errors="replace")) for p in LOG_FILES if p.exists()]
        for source, text in sources:
            for secret in SECRETS:
                if secret in text:
                    found.append(f"{source}: a secret ({secret[:8]}…) is in the log")
        if found:
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_line("\n".join(["Secrets reached the logs:", *sorted(set(found))[:50]]), red=True)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
