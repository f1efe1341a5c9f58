"""Problems in Welsh: asked in Welsh (Accept-Language or ?lang=), a problem's title, its detail
and its field messages come from the Welsh catalogue; asked in English, the same problems are
in English, word for word as before. Codes, fields and statuses are the same in both languages:
clients map messages by code."""

from __future__ import annotations

import contextvars
from typing import Any

import pytest

from app import i18n
from app.errors import FIELD_MESSAGES, field_message
from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem

pytestmark = pytest.mark.anyio

# The ways of asking in each language; ?lang= wins over the header.
WELSH = {
    "header": {"headers": {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}},
    "query": {"params": {"lang": "cy"}},
}
ENGLISH = {
    "default": {},
    "header": {"headers": {"Accept-Language": "en-GB"}},
    "query": {"params": {"lang": "en"}, "headers": {"Accept-Language": "cy"}},
}


async def ask(client: Any, how: dict[str, Any], method: str, url: str, **kwargs: Any) -> Any:
    headers = {**kwargs.pop("headers", {}), **how.get("headers", {})}
    params = {**kwargs.pop("params", {}), **how.get("params", {})}
    return await client.request(method, url, headers=headers, params=params, **kwargs)


def shape(body: dict[str, Any]) -> tuple[Any, ...]:
    """What must not change with the language."""
    return (body["type"], body["status"], [(e["location"], e["field"], e["code"]) for e in body["errors"]])


def messages(body: dict[str, Any]) -> dict[str, str]:
    return {e["field"]: e["message"] for e in body["errors"]}


async def both(client: Any, status: int, method: str, url: str, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The problem asked every Welsh and every English way: the same in each way of asking a
    language, the same shape in both languages. Returns (English, Welsh)."""
    answers: dict[str, list[dict[str, Any]]] = {"en": [], "cy": []}
    for language, ways in (("en", ENGLISH), ("cy", WELSH)):
        for how in ways.values():
            r = await ask(client, how, method, url, **kwargs)
            answers[language].append(assert_problem(r, status))
    english, welsh = answers["en"][0], answers["cy"][0]
    assert all(a == english for a in answers["en"]), answers["en"]
    assert all(a == welsh for a in answers["cy"]), answers["cy"]
    assert shape(english) == shape(welsh)
    assert english["title"] != welsh["title"] and english["detail"] != welsh["detail"]
    for field, message in messages(english).items():
        assert messages(welsh)[field] != message, field
    return english, welsh


async def test_not_found_in_welsh(client):
    english, welsh = await both(client, 404, "GET", "/api/v1/resources/99999")
    assert (english["title"], english["detail"]) == ("Not found", "There is no resource '99999'.")
    assert (welsh["title"], welsh["detail"]) == ("Heb ei ganfod", "Does dim adnodd '99999'.")
    # A kind's label in the sentence, in Welsh too.
    english, welsh = await both(client, 404, "GET", "/api/v1/toolkit-sections/99999")
    assert english["detail"] == "There is no toolkit section '99999'."
    assert welsh["detail"] == "Does dim adran o'r pecyn cymorth '99999'."
    # An address nothing answers at.
    english, welsh = await both(client, 404, "GET", "/api/v1/nothing-here")
    assert (english["detail"], welsh["detail"]) == (
        "There is nothing at this address.",
        "Does dim byd yn y cyfeiriad hwn.",
    )


async def test_validation_failed_in_welsh_field_by_field(client):
    body = {"title": "x" * 301, "colour": "red", "year": "soon", "keywords": "a,b", "status": "live"}
    english, welsh = await both(client, 422, "POST", "/api/v1/resources", json=body, headers=ADMIN)
    assert {e["field"]: e["code"] for e in english["errors"]} == {
        "title": "string_too_long",
        "colour": "extra_forbidden",
        "year": "int_type",
        "keywords": "list_type",
        "status": "literal_error",
    }
    assert english["title"] == "Validation failed" and welsh["title"] == "Methodd y dilysu"
    statuses = "'draft', 'pending', 'published', 'rejected', 'archived'"
    assert messages(english) == {
        "title": "must be at most 300 characters long",
        "colour": "is not a field that can be sent here",
        "year": "must be a whole number",
        "keywords": "must be a JSON array",
        "status": f"must be one of: {statuses}",
    }
    assert messages(welsh) == {
        "title": "ni all fod yn hwy na 300 nod",
        "colour": "nid yw'n faes y gellir ei anfon yma",
        "year": "rhaid rhoi rhif cyfan",
        "keywords": "rhaid rhoi arae JSON",
        "status": f"rhaid rhoi un o'r rhain: {statuses}",
    }
    # The detail sums the field messages up, in the same language.
    assert "title: ni all fod yn hwy na 300 nod" in welsh["detail"].split("; ")


async def test_missing_blank_and_query_errors_in_welsh(client):
    english, welsh = await both(client, 422, "POST", "/api/v1/resources", json={"summary": "No title"}, headers=ADMIN)
    assert (messages(english)["title"], messages(welsh)["title"]) == ("is required", "mae angen y maes hwn")
    english, welsh = await both(client, 422, "POST", "/api/v1/resources", json={"title": "   "}, headers=ADMIN)
    assert [e["code"] for e in welsh["errors"]] == ["blank"]
    assert (messages(english)["title"], messages(welsh)["title"]) == ("must not be blank", "ni all fod yn wag")
    english, welsh = await both(client, 422, "GET", "/api/v1/resources", params={"per_page": "500"})
    assert welsh["errors"] == [
        {"location": "query", "field": "per_page", "message": "rhaid rhoi 100 neu lai", "code": "less_than_equal"}
    ]
    assert messages(english)["per_page"] == "must be 100 or less"
    # A rule across fields, raised by the code (not by pydantic).
    span = {**SAMPLES["projects"], "start_year": 2020, "end_year": 2010}
    english, welsh = await both(client, 422, "POST", "/api/v1/projects", json=span, headers=ADMIN)
    assert (english["detail"], welsh["detail"]) == (
        "It cannot end before it starts.",
        "Ni all ddod i ben cyn iddo ddechrau.",
    )
    assert messages(welsh) == {"end_year": "ni all fod cyn start_year"}


async def test_conflict_in_welsh(client):
    made = await client.post("/api/v1/projects", json={**SAMPLES["projects"], "external_id": "case-1"}, headers=ADMIN)
    assert made.status_code == 201, made.text
    again = {**SAMPLES["projects"], "external_id": "case-1"}
    english, welsh = await both(client, 409, "POST", "/api/v1/projects", json=again, headers=ADMIN)
    number = made.json()["id"]
    assert (english["title"], welsh["title"]) == ("Conflict", "Gwrthdaro")
    assert english["detail"] == f"You already have a project with external_id 'case-1' (id {number})."
    assert welsh["detail"] == f"Mae gennych chi gofnod â'r external_id 'case-1' yn barod (prosiect, id {number})."
    assert messages(english) == {"external_id": "is already used by another of your entries"}
    assert messages(welsh) == {"external_id": "mae un arall o'ch cofnodion yn ei ddefnyddio eisoes"}


async def test_precondition_failed_in_welsh(client):
    made = (await client.post("/api/v1/networks", json=SAMPLES["networks"], headers=ADMIN)).json()
    url = f"/api/v1/networks/{made['id']}"
    stale = {**ADMIN, "If-Match": '"9"'}
    english, welsh = await both(client, 412, "PATCH", url, json={"region": "Wales"}, headers=stale)
    assert (english["title"], welsh["title"]) == ("Precondition failed", "Methodd y rhagamod")
    assert english["detail"] == "The entry is at version 1; your copy is out of date, nothing was changed."
    assert welsh["detail"] == "Mae'r cofnod ar fersiwn 1; mae eich copi wedi dyddio, ac ni newidiwyd dim."
    assert (await client.get(url)).json()["version"] == 1


async def test_unauthorized_in_welsh(client):
    english, welsh = await both(client, 401, "POST", "/api/v1/resources", json=SAMPLES["resources"])
    assert (english["title"], english["detail"]) == ("Unauthorized", "A valid API key is required.")
    assert (welsh["title"], welsh["detail"]) == ("Heb awdurdod", "Mae angen allwedd API ddilys.")
    wrong = {"Authorization": "Bearer ckb_not-a-real-key-at-all"}
    english, welsh = await both(client, 401, "POST", "/api/v1/resources", json=SAMPLES["resources"], headers=wrong)
    assert (english["detail"], welsh["detail"]) == ("The API key is not valid.", "Nid yw'r allwedd API yn ddilys.")


def in_language(language: i18n.Language, make: Any) -> Any:
    """`make()` answered in `language`, in a context of its own (the language never leaks)."""

    def run() -> Any:
        i18n.use(language)
        return make()

    return contextvars.copy_context().run(run)


# A ctx for every code whose message names a value from it.
CTX: dict[str, dict[str, Any]] = {
    "string_too_long": {"max_length": 300},
    "string_too_short": {"min_length": 1},
    "too_long": {"max_length": 50},
    "too_short": {"min_length": 2},
    "greater_than_equal": {"ge": 1000},
    "greater_than": {"gt": 0},
    "less_than_equal": {"le": 2999},
    "less_than": {"lt": 10},
    "literal_error": {"expected": "'a', 'b' or 'c'"},
    "enum": {"expected": "'a' or 'b'"},
    "union_tag_invalid": {"expected_tags": "'projects', 'networks'"},
}


@pytest.mark.parametrize("code", sorted(FIELD_MESSAGES))
def test_every_field_code_has_a_welsh_message(code):
    english = in_language("en", lambda: field_message(code, CTX.get(code)))
    welsh = in_language("cy", lambda: field_message(code, CTX.get(code)))
    generic = in_language("en", lambda: field_message("no_such_code"))
    assert english != generic, "a ctx the message needs is missing from CTX"
    assert welsh != english and "{" not in welsh and "{" not in english
    for value in CTX.get(code, {}).values():
        if isinstance(value, int):
            assert str(value) in welsh and str(value) in english


def test_an_unknown_code_has_the_generic_message_in_each_language():
    assert in_language("en", lambda: field_message("uuid_parsing", {})) == "This value is not valid."
    assert in_language("cy", lambda: field_message("uuid_parsing", {})) == "Nid yw'r gwerth hwn yn ddilys."
    # A value error keeps the message it was raised with (our validators raise it translated).
    assert in_language("cy", lambda: field_message("value_error", {}, "Value error, neges")) == "neges"
