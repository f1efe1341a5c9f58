import pytest

from tests.conftest import ADMIN

pytestmark = pytest.mark.anyio


async def test_create_and_read(client):
    r = await client.post("/api/v1/resources", json={"title": "Hello world", "type": "report", "year": 2012, "keywords": ["a", "A", "b"]}, headers=ADMIN)
    assert r.status_code == 201, r.text
    print(r.json(), r.headers)
    r2 = await client.get(r.headers["location"])
    assert r2.status_code == 200
    print(r2.json())
