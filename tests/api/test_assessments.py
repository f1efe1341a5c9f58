"""Self-evaluations over HTTP, as a council officer, two colleagues and a neighbouring
organisation would take one: start, answer (two tabs), a team, a peer, results and the action
plan, targets, rounds, export, the benchmark, links replaced and revoked, erasure, retention
and the rate limit."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from app.maintenance import Maintenance
from tests.api.selfeval import answer, answer_all, make_framework, start
from tests.conftest import ADMIN, started_app
from tests.helpers import assert_problem

pytestmark = pytest.mark.anyio

ALL = ("context-history", "context-power", "value-lived", "value-pay")


async def test_the_whole_journey(client, app):
    made = await make_framework(client)
    started = await start(client, email="Officer@Example.org")
    own = started["token"]
    assert own.startswith("own_") and started["url"] == f"/self-evaluation/{own}"
    a = started["assessment"]
    assert a | {"created_at": None, "updated_at": None} == {
        "organisation": "Llanfair Council",
        "framework": {"slug": "test-framework", "version": 1, "title": "How well do we co-produce?"},
        "round": 1, "rounds": 1, "status": "draft", "role": "owner",
        "respondent": {"name": "Llanfair Council", "role": "owner", "submitted": False},
        "version": 1, "benchmark": False, "email": "officer@example.org", "lang": "en",
        "created_at": None, "updated_at": None, "answers": [], "targets": [],
    }  # fmt: skip

    # Answers save as they are given; a second tab with a stale copy is refused (412), an
    # overwrite without If-Match too (428).
    first = await answer(
        client, own, "context-history", 2, notes="We asked last year.", evidence=["https://example.org/minutes"]
    )
    assert first.status_code == 200 and first.json()["version"] == 1 and first.headers["etag"] == '"1"'
    tab_a = await answer(
        client,
        own,
        "context-history",
        1,
        version=1,
        notes="We asked last year.",
        evidence=["https://example.org/minutes"],
    )
    assert tab_a.status_code == 200 and tab_a.json()["version"] == 2
    assert_problem(await answer(client, own, "context-history", 4, version=1), 412)
    assert_problem(await answer(client, own, "context-history", 4), 428)
    assert_problem(await answer(client, own, "no-such-statement", 3), 404)
    assert_problem(await answer(client, own, "context-power", 6), 422)
    assert_problem(await answer(client, own, "context-power", 0), 422)
    assert_problem(await answer(client, own, "context-power", 3, evidence=["not a url"]), 422)
    await answer_all(client, own, {"context-power": 2, "value-lived": 5, "value-pay": None})
    back = (await client.get(f"/api/v1/assessments/{own}")).json()  # coming back through the link
    assert [(x["statement"], x["level"]) for x in back["answers"]] == [
        ("context-history", 1), ("context-power", 2), ("value-lived", 5), ("value-pay", None),
    ]  # fmt: skip
    assert back["answers"][0]["notes"] == "We asked last year."

    # Two colleagues and a neighbouring organisation.
    team1 = (await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "team", "name": "Ann"})).json()
    team2 = (await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "team", "name": "Bob"})).json()
    peer = (
        await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "peer", "name": "Bryn Council"})
    ).json()
    assert team1["token"].startswith("team_") and peer["token"].startswith("peer_")
    listed = (await client.get(f"/api/v1/assessments/{own}/invitations")).json()["items"]
    assert [(i["role"], i["name"], i["submitted"], i["revoked"]) for i in listed] == [
        ("team", "Ann", False, False), ("team", "Bob", False, False), ("peer", "Bryn Council", False, False),
    ]  # fmt: skip
    assert all("token" not in i for i in listed)
    await answer_all(client, team1["token"], {"context-history": 3, "context-power": 2, "value-lived": 4})
    await answer_all(client, team2["token"], {"context-history": 5, "context-power": 1, "value-lived": 5})
    seen_by_team = (await client.get(f"/api/v1/assessments/{team1['token']}")).json()
    assert seen_by_team["role"] == "team" and [x["level"] for x in seen_by_team["answers"]] == [3, 2, 4]

    # The reviewer rates without seeing the organisation's answers until it submits.
    await answer_all(
        client, peer["token"], {"context-history": 1, "context-power": 1, "value-lived": 3, "value-pay": 2}
    )
    before = (await client.get(f"/api/v1/assessments/{peer['token']}/results")).json()
    context = before["principles"][0]
    assert (context["self"], context["team"], context["peer"]) == (None, None, 1.0)
    assert all(s["self"] is None and s["mean"] is None for s in before["statements"])
    peer_view = (await client.get(f"/api/v1/assessments/{peer['token']}")).json()
    assert peer_view["targets"] == [] and [x["level"] for x in peer_view["answers"]] == [1, 1, 3, 2]
    owner_results = (await client.get(f"/api/v1/assessments/{own}/results")).json()
    assert owner_results["principles"][0]["peer"] is None  # not submitted yet: not counted
    assert owner_results["respondents"] == {"team": 2, "peer": 1, "peer_submitted": 0}
    submitted = await client.post(f"/api/v1/assessments/{peer['token']}/submit")
    assert submitted.status_code == 200 and submitted.json()["respondent"]["submitted"] is True
    assert_problem(await answer(client, peer["token"], "value-pay", 3, version=1), 409)

    # Results: self, team (owner and colleagues), peer; the spread; strengths; the action plan.
    r = (await client.get(f"/api/v1/assessments/{own}/results")).json()
    assert r["round"] == 1 and r["status"] == "draft"
    context, value = r["principles"]
    assert (context["self"], context["team"], context["peer"], context["gap"]) == (1.5, 2.33, 1.0, -0.5)
    assert (value["self"], value["team"], value["peer"]) == (5.0, 4.67, 2.5)
    assert context["answered"] == 2 and context["statements"] == 2
    history = next(s for s in r["statements"] if s["key"] == "context-history")
    assert (history["self"], history["mean"], history["min"], history["max"], history["spread"], history["count"]) == (
        1.0, 3.0, 1, 5, 4, 3,
    )  # fmt: skip
    assert history["peer"] == 1.0
    assert r["strengths"] == ["value-lived"]
    assert [(x["statement"], x["level"]) for x in r["actions"]] == [("context-power", 1.67)]
    action = r["actions"][0]
    assert action["advice"] == "Name who decides." and 0 < len(action["suggestions"]) <= 5
    assert r["respondents"] == {"team": 2, "peer": 1, "peer_submitted": 1}
    peer_after = (await client.get(f"/api/v1/assessments/{peer['token']}/results")).json()
    assert (peer_after["principles"][0]["self"], peer_after["principles"][0]["peer"]) == (1.5, 1.0)
    assert peer_after["principles"][0]["target"] is None

    # The statement related to entries suggests them first (published only), then search.
    r = await client.put(
        f"/api/v1/assessments/{own}/answers/context-history",
        json={"level": 1, "evidence": ["https://example.org/minutes"]},
        headers={"If-Match": '"2"'},
    )
    assert r.status_code == 200
    await client.put(
        f"/api/v1/assessments/{team2['token']}/answers/context-history", json={"level": 1}, headers={"If-Match": '"1"'}
    )
    r = (await client.get(f"/api/v1/assessments/{own}/results")).json()
    plan = {x["statement"]: x for x in r["actions"]}
    suggested = plan["context-history"]["suggestions"]
    assert [(s["kind"], s["id"], s["why"]) for s in suggested[:2]] == [
        ("projects", made["entries"]["projects"]["id"], "related"),
        ("resources", made["entries"]["resources"]["id"], "related"),
    ]
    assert len({(s["kind"], s["id"]) for s in suggested}) == len(suggested) <= 5

    # Targets (owner only; peers never see them).
    t = await client.put(f"/api/v1/assessments/{own}/targets/context", json={"level": 4, "date": "2027-12-31"})
    assert t.status_code == 200 and t.json() == {"principle": "context", "level": 4, "date": "2027-12-31"}
    assert_problem(
        await client.put(f"/api/v1/assessments/{own}/targets/context", json={"level": 4, "date": "2027-02-30"}), 422
    )
    assert_problem(
        await client.put(f"/api/v1/assessments/{own}/targets/nothing", json={"level": 4, "date": "2027-12-31"}), 404
    )
    assert_problem(
        await client.put(
            f"/api/v1/assessments/{team1['token']}/targets/context", json={"level": 4, "date": "2027-12-31"}
        ),
        403,
    )
    r = (await client.get(f"/api/v1/assessments/{own}/results")).json()
    assert r["principles"][0]["target"] == {"level": 4, "date": "2027-12-31"}
    assert (await client.get(f"/api/v1/assessments/{team1['token']}")).json()["targets"][0]["level"] == 4

    # Settings with If-Match.
    current = await client.get(f"/api/v1/assessments/{own}")
    etag = current.headers["etag"]
    assert_problem(await client.patch(f"/api/v1/assessments/{own}", json={"benchmark": True}), 428)
    assert_problem(
        await client.patch(f"/api/v1/assessments/{own}", json={"benchmark": True}, headers={"If-Match": '"1"'}), 412
    )
    patched = await client.patch(f"/api/v1/assessments/{own}", json={"benchmark": True}, headers={"If-Match": etag})
    assert patched.status_code == 200 and patched.json()["benchmark"] is True

    # The owner submits: the round is completed, answers no longer change.
    assert_problem(await client.post(f"/api/v1/assessments/{own}/rounds"), 409)
    done = (await client.post(f"/api/v1/assessments/{own}/submit")).json()
    assert done["status"] == "completed"
    assert_problem(await answer(client, team1["token"], "value-pay", 3), 409)

    # Export, as each role may see it.
    exported = (await client.get(f"/api/v1/assessments/{own}/export.json")).json()
    assert [(x["role"], x["name"]) for x in exported["responses"]] == [
        ("owner", "Llanfair Council"), ("team", "Ann"), ("team", "Bob"), ("peer", "Bryn Council"),
    ]  # fmt: skip
    response = await client.get(f"/api/v1/assessments/{own}/export.csv")
    assert response.headers["content-type"].startswith("text/csv") and response.headers["cache-control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 4 + 3 + 3 + 4  # one per respondent and statement answered
    assert rows[0]["respondent_role"] == "owner" and rows[0]["statement"] == "context-history"
    assert rows[0]["evidence"] == "https://example.org/minutes"

    # A new round starts from the owner's answers; the first stays readable.
    second = await client.post(f"/api/v1/assessments/{own}/rounds")
    assert second.status_code == 201
    s = second.json()
    assert (s["round"], s["rounds"], s["status"]) == (2, 2, "draft")
    assert [x["level"] for x in s["answers"]] == [1, 2, 5, None]
    assert all(x["version"] == 1 for x in s["answers"])
    assert (await client.get(f"/api/v1/assessments/{team1['token']}")).json()["answers"] == []
    await answer(client, own, "context-power", 4, version=1)
    rounds = (await client.get(f"/api/v1/assessments/{own}/rounds")).json()["items"]
    assert [(x["round"], x["status"]) for x in rounds] == [(1, "completed"), (2, "draft")]
    assert rounds[0]["principles"][0]["self"] == 1.5 and rounds[1]["principles"][0]["self"] == 2.5
    old = (await client.get(f"/api/v1/assessments/{own}/results?round=1")).json()
    assert old["round"] == 1 and old["status"] == "completed"
    assert (await client.get(f"/api/v1/assessments/{own}?round=1")).json()["round"] == 1
    assert_problem(await client.get(f"/api/v1/assessments/{own}/results?round=3"), 404)
    assert_problem(await client.get(f"/api/v1/assessments/{own}/results?colour=red"), 422)
    welsh = (await client.get(f"/api/v1/assessments/{own}/results?lang=cy")).json()
    assert welsh["lang"] == "cy" and welsh["principles"][0]["title"] == "Ystyried y cyd-destun"
    assert welsh["statements"][0]["text"] == "Rydyn ni'n dysgu hanes y lle"
    old_csv = await client.get(f"/api/v1/assessments/{own}/export.csv?round=1")
    assert len(list(csv.DictReader(io.StringIO(old_csv.text)))) == 14


async def test_peer_and_team_see_only_what_they_may(client):
    await make_framework(client)
    own = (await start(client))["token"]
    await answer_all(client, own, {"context-history": 4, "context-power": 4})
    peer = (await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "peer", "name": "Bryn"})).json()
    team = (await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "team", "name": "Ann"})).json()
    # Before submitting, the reviewer's export holds its own answers alone.
    await answer_all(client, peer["token"], {"context-history": 2})
    exported = (await client.get(f"/api/v1/assessments/{peer['token']}/export.json")).json()
    assert [x["role"] for x in exported["responses"]] == ["peer"]
    assert all(p["self"] is None for p in exported["results"]["principles"])
    rows = list(csv.DictReader(io.StringIO((await client.get(f"/api/v1/assessments/{peer['token']}/export.csv")).text)))
    assert [r["respondent_role"] for r in rows] == ["peer"]
    # Colleagues see no unsubmitted reviewer's answers.
    exported = (await client.get(f"/api/v1/assessments/{team['token']}/export.json")).json()
    assert [x["role"] for x in exported["responses"]] == ["owner"]
    # Team and peer links may not invite, revoke, replace, delete or start rounds.
    for holder in (team["token"], peer["token"]):
        assert_problem(
            await client.post(f"/api/v1/assessments/{holder}/invitations", json={"role": "team", "name": "X"}), 403
        )
        assert_problem(await client.get(f"/api/v1/assessments/{holder}/invitations"), 403)
        assert_problem(await client.delete(f"/api/v1/assessments/{holder}/invitations/{team['id']}"), 403)
        assert_problem(await client.post(f"/api/v1/assessments/{holder}/token"), 403)
        assert_problem(await client.delete(f"/api/v1/assessments/{holder}"), 403)
        assert_problem(await client.post(f"/api/v1/assessments/{holder}/rounds"), 403)
        assert_problem(
            await client.patch(f"/api/v1/assessments/{holder}", json={"benchmark": True}, headers={"If-Match": '"1"'}),
            403,
        )
    # Submitting needs an answer.
    assert_problem(await client.post(f"/api/v1/assessments/{team['token']}/submit"), 409)


async def test_links_are_replaced_and_revoked(client):
    await make_framework(client)
    own = (await start(client))["token"]
    await answer_all(client, own, {"value-lived": 3})
    team = (await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "team", "name": "Ann"})).json()
    replaced = (await client.post(f"/api/v1/assessments/{own}/token")).json()
    new = replaced["token"]
    assert new.startswith("own_") and new != own and replaced["url"] == f"/self-evaluation/{new}"
    old = assert_problem(await client.get(f"/api/v1/assessments/{own}"), 404)
    assert [x["level"] for x in (await client.get(f"/api/v1/assessments/{new}")).json()["answers"]] == [3]
    assert (await client.delete(f"/api/v1/assessments/{new}/invitations/{team['id']}")).status_code == 204
    revoked = assert_problem(await client.get(f"/api/v1/assessments/{team['token']}"), 404)
    # Unknown, revoked, malformed: the same answer.
    unknown = assert_problem(await client.get("/api/v1/assessments/own_" + "A" * 43), 404)
    malformed = assert_problem(await client.get("/api/v1/assessments/not-a-token"), 404)
    assert old["detail"] == revoked["detail"] == unknown["detail"] == malformed["detail"]
    items = (await client.get(f"/api/v1/assessments/{new}/invitations")).json()["items"]
    assert items[0]["revoked"] is True
    assert_problem(await client.delete(f"/api/v1/assessments/{new}/invitations/999999"), 404)


async def test_the_owner_erases_and_erase_by_email(client, app):
    await make_framework(client)
    own = (await start(client, email="gone@example.org"))["token"]
    await answer_all(client, own, {"value-lived": 3})
    kept = (await start(client, organisation="Other", email="kept@example.org"))["token"]
    team = (await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "team", "name": "Ann"})).json()
    assert (await client.delete(f"/api/v1/assessments/{own}")).status_code == 204
    for token in (own, team["token"]):
        assert_problem(await client.get(f"/api/v1/assessments/{token}"), 404)
    with app.state.db.engine.connect() as conn:
        for table in ("assessment", "assessment_link", "assessment_round", "assessment_answer", "assessment_response"):
            count = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert count == (1 if table in ("assessment", "assessment_link", "assessment_round") else 0), table

    erased = await client.post("/api/v1/admin/erase", json={"email": "KEPT@example.org"}, headers=ADMIN)
    assert erased.status_code == 200 and erased.json()["assessments"] == 1
    assert_problem(await client.get(f"/api/v1/assessments/{kept}"), 404)


async def test_abandoned_drafts_are_deleted(client, app, settings):
    await make_framework(client)
    old = (await start(client, organisation="Old draft"))["token"]
    done = (await start(client, organisation="Old but completed"))["token"]
    await answer_all(client, done, {"value-lived": 3})
    assert (await client.post(f"/api/v1/assessments/{done}/submit")).status_code == 200
    fresh = (await start(client, organisation="Fresh draft"))["token"]
    long_ago = (datetime.now(UTC) - timedelta(days=settings.assessment_retention_days + 1)).replace(tzinfo=None)
    with app.state.db.writing() as session:
        session.execute(
            text("UPDATE assessment SET updated_at = :t WHERE organisation IN ('Old draft', 'Old but completed')"),
            {"t": long_ago},
        )
    Maintenance(app.state.db, settings).run_once()
    assert_problem(await client.get(f"/api/v1/assessments/{old}"), 404)
    assert (await client.get(f"/api/v1/assessments/{done}")).status_code == 200
    assert (await client.get(f"/api/v1/assessments/{fresh}")).status_code == 200


async def test_benchmark_is_hidden_below_the_minimum(client):
    await make_framework(client)
    for n in range(5):
        own = (await start(client, organisation=f"Council {n}", benchmark=True))["token"]
        await answer_all(client, own, {"context-history": n + 1, "context-power": n + 1, "value-lived": 5 - n})
        assert (await client.post(f"/api/v1/assessments/{own}/submit")).status_code == 200
        b = (await client.get("/api/v1/frameworks/test-framework/benchmark")).json()
        if n < 4:
            assert (b["contributors"], b["shown"], b["principles"]) == (n + 1, False, [])
    # Not opted in, or a draft: not counted.
    await start(client, organisation="Drafting", benchmark=True)
    private = (await start(client, organisation="Private"))["token"]
    await answer_all(client, private, {"context-history": 5})
    await client.post(f"/api/v1/assessments/{private}/submit")
    response = await client.get("/api/v1/frameworks/test-framework/benchmark")
    b = response.json()
    assert (b["contributors"], b["shown"]) == (5, True)
    context = b["principles"][0]
    assert context == {"key": "context", "title": "Take account of context", "count": 5,
                       "min": 1.0, "q1": 2.0, "median": 3.0, "q3": 4.0, "max": 5.0}  # fmt: skip
    assert "Council" not in response.text and "Private" not in response.text
    assert_problem(await client.get("/api/v1/frameworks/nothing/benchmark"), 404)


async def test_starting_is_rate_limited_per_address(settings):
    await_settings = settings.model_copy(update={"assessment_rate_limit": "2/hour"})
    async with started_app(await_settings) as c:
        await make_framework(c)
        for _ in range(2):
            assert (await start(c)).get("token")
        r = await c.post("/api/v1/assessments", json={"framework": "test-framework", "organisation": "Third"})
        assert_problem(r, 429)
        assert int(r.headers["retry-after"]) >= 1


async def test_bad_starts_are_refused(client):
    await make_framework(client)
    for body in (
        {"framework": "test-framework"},
        {"framework": "test-framework", "organisation": "   "},
        {"framework": "test-framework", "organisation": "x" * 201},
        {"framework": "nothing", "organisation": "A"},
        {"framework": "test-framework", "organisation": "A", "email": "not-an-address"},
        {"framework": "test-framework", "organisation": "A", "benchmark": "yes"},
        {"framework": "test-framework", "organisation": "A", "colour": "red"},
    ):
        assert_problem(await client.post("/api/v1/assessments", json=body), 422)
