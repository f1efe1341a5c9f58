"""Browser tests: the real server (`python -m app serve` on a temporary SQLite database, which
migrates and loads the seed entries on start), driven by Playwright through Debian's Chromium.

Every test page fails its test if a dialog opens (an injected script ran), a script error
happens, or the browser reports a Content-Security-Policy violation. `look()` checks a screen
with axe-core (WCAG 2.2 A and AA, no rule disabled), checks that nothing overflows at 320px
(WCAG reflow, the same as 1280px at 400% zoom) and saves screenshots at 1280px and 375px.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# axe is served to the page from the page's own origin (a routed URL, never reaching the
# server), so that the site's CSP (script-src 'self') stays on while it is checked.
AXE_PATH = "/__axe__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
ADMIN_KEY = "browser-admin-key-0123456789abcdef"
DESKTOP = {"width": 1280, "height": 900}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    api: httpx.Client  # anonymous
    admin: httpx.Client  # with the admin key


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app, as `make run` starts it, on its own port and database for one test module."""
    tmp = tmp_path_factory.mktemp("server")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CKB_") and k != "DATABASE_URL"},
        "DATABASE_URL": f"sqlite:///{tmp / 'ckb.sqlite3'}",
        "CKB_INDEX_DIR": str(tmp / "index"),
        "CKB_ADMIN_KEY": ADMIN_KEY,
        "CKB_ENVIRONMENT": "test",
        "CKB_DEPOSIT_RATE_LIMIT": "1000/minute",
        "CKB_LOG_LEVEL": "WARNING",
    }
    log = (tmp / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    api = httpx.Client(base_url=url, timeout=30)
    admin = httpx.Client(base_url=url, timeout=30, headers={"Authorization": f"Bearer {ADMIN_KEY}"})
    try:
        _wait_until_ready(api, process, tmp / "server.log")
        yield Server(url=url, api=api, admin=admin)
    finally:
        api.close()
        admin.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_until_ready(api: httpx.Client, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped on start:\n{log.read_text()[-3000:]}")
        try:
            if api.get("/healthz").status_code == 200 and api.get("/api/v1/search?q=co-production").json()["total"] > 0:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not start in time:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make chromium` (make test does)")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# "Failed to load resource" is Chrome reporting an HTTP error status, which the API answers on
# purpose (404 for a missing entry, 422 for a form with mistakes): not a fault of the page.
IGNORED_CONSOLE = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")


def new_page(browser: Browser, base_url: str) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport=DESKTOP, base_url=base_url, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=AXE, content_type="text/javascript"))
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []

    def on_dialog(dialog: Any) -> None:
        problems.append(f"a dialog opened ({dialog.type}): {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" and not IGNORED_CONSOLE.search(message.text)
            else None
        ),
    )
    return page, problems


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    page, problems = new_page(browser, server.url)
    yield page
    page.context.close()
    assert not problems, "\n".join(problems)


def assert_accessible(page: Page, name: str) -> None:
    """axe-core finds no WCAG 2.2 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        origin = re.match(r"^https?://[^/]+", page.url)
        assert origin, page.url
        page.add_script_tag(url=origin.group(0) + AXE_PATH)
    violations = page.evaluate(
        """async (tags) => {
            const options = { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }
            const result = await axe.run(document, options)
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary)
            }))
        }""",
        AXE_TAGS,
    )
    assert violations == [], f"axe found problems on {name}:\n{json.dumps(violations, indent=2)}"


def look(page: Page, name: str) -> None:
    """Check a screen (axe, reflow at 320px) and save its screenshots at 1280px and 375px."""
    assert_accessible(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or DESKTOP
    try:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 320, "height": 640})
        overflow = page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth
                return Array.from(document.querySelectorAll('body *'))
                    .filter((el) => el.getBoundingClientRect().right > width + 1)
                    .filter((el) => !el.closest('.visually-hidden, .table-wrap, pre'))
                    .slice(0, 5)
                    .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.getBoundingClientRect().right}`)
            }"""
        )
        assert overflow == [], f"{name} is wider than a 320px screen: {overflow}"
    finally:
        page.set_viewport_size(size)
