"""A small framework made over the API (two principles of two statements each, related to
published entries), and helpers to start and answer self-evaluations over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import ADMIN
from tests.helpers import SAMPLES


async def published_entries(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    out = {}
    for kind in ("toolkit-sections", "projects", "resources"):
        r = await client.post(
            f"/api/v1/{kind}", json={**SAMPLES[kind], "status": "published", "external_id": f"se-{kind}"}, headers=ADMIN
        )
        assert r.status_code == 201, r.text
        out[kind] = r.json()
    return out


def framework_body(entries: dict[str, dict[str, Any]], slug: str = "test-framework") -> dict[str, Any]:
    section = entries["toolkit-sections"]
    return {
        "slug": slug,
        "title": {"en": "How well do we co-produce?", "cy": "Pa mor dda ydyn ni'n cydgynhyrchu?"},
        "summary": "A short test framework.",
        "not_applicable": {"en": "Does not apply to us", "cy": "Nid yw'n berthnasol i ni"},
        "scale": [
            {"level": n, "label": {"en": f"Level {n}", "cy": f"Lefel {n}"}, "description": f"Described {n}"}
            for n in range(1, 6)
        ],
        "principles": [
            {
                "key": "context",
                "title": {"en": "Take account of context", "cy": "Ystyried y cyd-destun"},
                "section": {"kind": "toolkit-sections", "id": section["id"]},
                "statements": [
                    {
                        "key": "context-history",
                        "text": {"en": "We learn the history of the place", "cy": "Rydyn ni'n dysgu hanes y lle"},
                        "help": "Everyone knows what came before.",
                        "advice": "Ask people what happened last time.",
                        "related": [
                            {"kind": "projects", "external_id": "se-projects"},
                            {"kind": "resources", "slug": entries["resources"]["slug"]},
                        ],
                    },
                    {
                        "key": "context-power",
                        "text": "We share power and the evidence openly",
                        "advice": "Name who decides.",
                    },
                ],
            },
            {
                "key": "value",
                "title": "Value everyone",
                "statements": [
                    {"key": "value-lived", "text": "Lived experience counts as expertise"},
                    {"key": "value-pay", "text": "People are paid for their time", "advice": "Agree a rate."},
                ],
            },
        ],
    }


async def make_framework(client: httpx.AsyncClient, slug: str = "test-framework") -> dict[str, Any]:
    entries = await published_entries(client)
    r = await client.post("/api/v1/frameworks", json=framework_body(entries, slug), headers=ADMIN)
    assert r.status_code == 201, r.text
    return {"framework": r.json(), "entries": entries}


async def start(client: httpx.AsyncClient, organisation: str = "Llanfair Council", **extra: Any) -> dict[str, Any]:
    r = await client.post(
        "/api/v1/assessments", json={"framework": "test-framework", "organisation": organisation, **extra}
    )
    assert r.status_code == 201, r.text
    return r.json()


async def answer(
    client: httpx.AsyncClient, token: str, key: str, level: int | None, version: int | None = None, **extra: Any
) -> httpx.Response:
    headers = {"If-Match": f'"{version}"'} if version is not None else {}
    return await client.put(
        f"/api/v1/assessments/{token}/answers/{key}", json={"level": level, **extra}, headers=headers
    )


async def answer_all(client: httpx.AsyncClient, token: str, levels: dict[str, int | None]) -> None:
    for key, level in levels.items():
        r = await answer(client, token, key, level)
        assert r.status_code == 200, r.text
