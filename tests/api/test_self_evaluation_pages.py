"""The self-evaluation's pages (issue 16): every screen's address answers the app shell, in
English and under /cy/, and the token in a page's path never reaches the access log."""

from __future__ import annotations

import secrets

import pytest

pytestmark = pytest.mark.anyio

SHELL_SCRIPT = '<script type="module" src="/js/main.js"></script>'
TOKEN = "own_" + secrets.token_urlsafe(32)
PATHS = [
    "/self-evaluation",
    f"/self-evaluation/{TOKEN}",
    f"/self-evaluation/{TOKEN}/principles/context",
    f"/self-evaluation/{TOKEN}/check",
    f"/self-evaluation/{TOKEN}/results",
    f"/self-evaluation/{TOKEN}/rounds",
    f"/self-evaluation/{TOKEN}/team",
    f"/self-evaluation/{TOKEN}/print",
]


@pytest.mark.parametrize("welsh", [False, True])
async def test_every_self_evaluation_screen_is_the_app_shell(client, welsh):
    for path in PATHS:
        r = await client.get(f"/cy{path}" if welsh else path)
        assert r.status_code == 200, path
        assert SHELL_SCRIPT in r.text, path
        assert "unsafe-inline" not in r.headers["content-security-policy"]


async def test_a_self_evaluation_token_never_reaches_the_log(client, capsys):
    for path in PATHS[1:]:
        await client.get(path)
        await client.get(f"/cy{path}")  # the Welsh page's route matched on a copy of the request
    await client.get(f"/cy/deposit/status/{TOKEN}")
    logged = capsys.readouterr().out
    assert '"path": "/self-evaluation/' in logged and '"path": "/cy/self-evaluation/' in logged
    assert TOKEN not in logged
