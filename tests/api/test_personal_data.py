"""Personal data: depositors' details are private, kept only as long as the setting says,
and a person can be erased from entries, history and the change log's copies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.conftest import ADMIN
from tests.helpers import assert_problem, make_partner

pytestmark = pytest.mark.anyio

PERSON = {"depositor_name": "Siân Prydderch", "depositor_email": "Sian.P@example.org"}


def change_log_text(app) -> str:
    with app.state.db.reading() as session:
        return " ".join(str(row[0]) for row in session.execute(text("SELECT diff FROM change")))


async def test_erase_a_person_everywhere(client, app):
    r = await client.post(
        "/api/v1/submissions",
        json={
            "title": "Our garden",
            "contributors": [{"name": "Siân Prydderch", "organisation": "Gardeners"}, {"name": "Tom"}],
            **PERSON,
        },
    )
    deposit = r.json()["id"]
    await client.post(f"/api/v1/projects/{deposit}/publish", headers=ADMIN)
    # The name also reaches the change log's copies through an edit.
    await client.patch(
        f"/api/v1/projects/{deposit}",
        json={"contributors": [{"name": "Siân Prydderch", "organisation": "Garden group"}, {"name": "Tom"}]},
        headers=ADMIN,
    )
    assert "Siân Prydderch" in change_log_text(app)

    _, partner, _ = await make_partner(client, "Not admins")
    assert_problem(await client.post("/api/v1/admin/erase", json={"email": "sian.p@example.org"}, headers=partner), 403)
    r = await client.post("/api/v1/admin/erase", json={"email": "SIAN.P@example.org"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["names"] == ["Siân Prydderch"]
    assert result["deposits"] == [deposit]
    assert result["contributors"] == [{"kind": "projects", "id": deposit}]
    assert result["history_rows"] >= 1

    entry = (await client.get(f"/api/v1/projects/{deposit}")).json()
    assert [c["name"] for c in entry["contributors"]] == ["Tom"]
    queue = (await client.get("/api/v1/submissions?status=published", headers=ADMIN)).json()["items"]
    assert queue[0]["depositor_name"] is None and queue[0]["depositor_email"] is None
    logged = change_log_text(app)
    assert "Prydderch" not in logged and "example.org" not in logged.lower()
    history = (await client.get(f"/api/v1/projects/{deposit}/history", headers=ADMIN)).json()["items"]
    assert "Prydderch" not in str(history)
    assert history[-1]["diff"] == {"erased": ["contributors"]}
    found = await client.get("/api/v1/search", params={"q": "Prydderch"})
    assert found.json()["total"] == 0


async def test_depositor_emails_expire_after_moderation(client, app):
    old = (await client.post("/api/v1/submissions", json={"title": "Old one", **PERSON})).json()["id"]
    new = (await client.post("/api/v1/submissions", json={"title": "New one", **PERSON})).json()["id"]
    waiting = (await client.post("/api/v1/submissions", json={"title": "Waiting", **PERSON})).json()["id"]
    await client.post(f"/api/v1/projects/{old}/reject", json={"reason": "Duplicate."}, headers=ADMIN)
    await client.post(f"/api/v1/projects/{new}/publish", headers=ADMIN)
    days = app.state.settings.depositor_email_retention_days
    with app.state.db.writing() as session:
        session.execute(
            text("UPDATE project SET moderated_at = :t WHERE id = :i"),
            {"t": (datetime.now(UTC) - timedelta(days=days + 1)).replace(tzinfo=None), "i": old},
        )
    from app.maintenance import Maintenance

    assert Maintenance(app.state.db, app.state.settings).run_once() == 1
    with app.state.db.reading() as session:
        emails = dict(session.execute(text("SELECT id, depositor_email FROM project")).all())
    assert emails[old] is None
    assert emails[new] == emails[waiting] == "sian.p@example.org"


async def test_erasing_a_short_name_leaves_other_words_alone(client, app):
    """A name is erased where it is a whole value, never cut out of other words."""
    r = await client.post(
        "/api/v1/submissions",
        json={"title": "Annual gardens", "depositor_name": "Ann", "depositor_email": "ann@example.org"},
    )
    deposit = r.json()["id"]
    made = await client.post("/api/v1/resources", json={"title": "Annual report"}, headers=ADMIN)
    # Edits put the new titles in the change log's copies.
    for title in ("Annual report of Anna's group", "Ann"):
        await client.patch(f"/api/v1/resources/{made.json()['id']}", json={"title": title}, headers=ADMIN)
    r = await client.post("/api/v1/admin/erase", json={"email": "ann@example.org"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    assert r.json()["names"] == ["Ann"]
    logged = change_log_text(app)
    assert "Annual report of Anna's group" in logged
    # A title that happens to be the name is not a name field: it stays.
    history = (await client.get(f"/api/v1/resources/{made.json()['id']}/history", headers=ADMIN)).json()["items"]
    assert history[-1]["diff"]["title"]["to"] == "Ann"
    assert "ann@example.org" not in logged
    assert (await client.get(f"/api/v1/resources/{made.json()['id']}")).json()["title"] == "Ann"
    queue = (await client.get("/api/v1/submissions", headers=ADMIN)).json()["items"]
    assert [(q["id"], q["depositor_name"]) for q in queue] == [(deposit, None)]
