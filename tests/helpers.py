"""Small assertions shared by the tests."""

from __future__ import annotations

from typing import Any

import httpx

SAMPLES: dict[str, dict[str, Any]] = {
    "resources": {
        "title": "Co-production in mental health: a literature review",
        "summary": "Commissioned by MIND, this nef-produced report details evidence.",
        "type": "report",
        "authors": ["Lucie Stephens"],
        "publisher": "nef",
        "year": 2013,
        "url": "https://example.org/report.pdf",
        "category": "Co-production in practice",
        "keywords": ["mental health", "evidence"],
        "links": [{"url": "https://example.org", "label": "Publisher"}],
    },
    "projects": {
        "title": "Co-production for Sustainability",
        "summary": "The Welsh Government's Sustainable Development Change Programme began in May 2012.",
        "project_type": "research",
        "start_year": 2012,
        "end_year": 2032,
        "place": "Cardiff",
        "region": "Wales",
        "contributors": [{"name": "Ena Lloyd", "organisation": "Wales Audit Office", "role": "lead"}],
        "organisations": ["Welsh Government"],
        "publications": [{"title": "Quick Tips", "url": "https://example.org/tips", "year": 2013}],
        "outcomes": "Civil servants work with others.",
        "keywords": ["sustainability", "culture change"],
    },
    "networks": {
        "title": "Scottish Coproduction Network",
        "summary": "A network for co-production in Scotland.",
        "organisation": "Scottish Community Development Centre",
        "region": "Scotland",
        "url": "http://www.coproductionscotland.org.uk/",
        "network_type": "network",
        "keywords": ["network"],
    },
    "toolkit-sections": {
        "title": "Principles",
        "summary": "Take account of the context, and any history.",
        "keywords": ["principles"],
    },
}
KIND_NAMES = list(SAMPLES)


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The answer is RFC 9457 problem details with this status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["type"], str) and body["type"]
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    text = response.text.lower()
    assert "traceback" not in text and "sqlalchemy" not in text and "select " not in text
    return body


def error_fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body["errors"]}


async def make_partner(client, name: str, *, role: str = "partner", new_entry_status: str = "published", admin=None):
    """A partner and a key for it, through the admin API. Returns (partner id, headers, key id)."""
    from tests.conftest import ADMIN

    admin = admin or ADMIN
    r = await client.post("/api/v1/partners", json={"name": name, "new_entry_status": new_entry_status}, headers=admin)
    assert r.status_code == 201, r.text
    partner_id = r.json()["id"]
    k = await client.post("/api/v1/keys", json={"partner_id": partner_id, "role": role}, headers=admin)
    assert k.status_code == 201, k.text
    return partner_id, {"Authorization": f"Bearer {k.json()['key']}"}, k.json()["id"]
