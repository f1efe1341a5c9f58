"""The seed entries, loaded and read back through the API, checked against the source
documents they cite: every entry of the files is there, and every title is the name its
source gives (or a correction of it that seed/corrections.yaml explains). Summaries are
written for readers in our own words; tests/test_content.py holds them to that."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from tests.conftest import ADMIN, SEED_DIR

pytestmark = pytest.mark.anyio

FILES = {
    "resources": "resources.yaml",
    "projects": "projects.yaml",
    "networks": "networks.yaml",
    "toolkit-sections": "toolkit.yaml",
}


def normalise(text: str) -> str:
    """Whitespace and hyphenation normalised: soft hyphens and words broken across lines
    joined, Markdown emphasis and quoting marks and underscores dropped, case folded."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = re.sub(r"[*#>\\]", "", text).replace("_", " ")
    return " ".join(text.split()).casefold()


def seed_entries(kind: str) -> list[dict]:
    data = yaml.safe_load((SEED_DIR / FILES[kind]).read_text(encoding="utf-8"))

    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node.get("children") or [])

    return list(walk(data))


async def all_entries(client, kind: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    page = 1
    while True:
        r = await client.get(f"/api/v1/{kind}", params={"per_page": 100, "page": page}, headers=ADMIN)
        items = r.json()["items"]
        out.update({item["external_id"]: item for item in items})
        if len(items) < 100:
            return out
        page += 1


def corrected_titles() -> set[str]:
    """External ids of entries whose title corrects its source (seed/corrections.yaml)."""
    path = SEED_DIR / "corrections.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
    return {entry for item in items or [] if item.get("field") == "title" for entry in item.get("entries", [])}


@pytest.mark.parametrize("kind", list(FILES))
async def test_every_entry_is_there_and_named_as_its_source_names_it(seeded, kind):
    _, client = seeded
    expected = seed_entries(kind)
    r = await client.get(f"/api/v1/{kind}", params={"per_page": 1, "status": "published"}, headers=ADMIN)
    assert r.json()["total"] == len(expected)
    stored = await all_entries(client, kind)
    sources: dict[str, str] = {}
    corrected = corrected_titles()
    for entry in expected:
        api = stored[entry["external_id"]]
        source_name = entry["source"]
        if source_name not in sources:
            sources[source_name] = normalise((SEED_DIR / "sources" / source_name).read_text(encoding="utf-8"))
        source = sources[source_name]
        # Toolkit sections are guidance written for readers, headed in our own words.
        if kind != "toolkit-sections" and entry["external_id"] not in corrected:
            assert normalise(api["title"]) in source, f"{kind} title not in {source_name}: {api['title']!r}"
        assert api["status"] == "published"


async def test_sources_are_the_documents_cited(seeded):
    cited = {entry["source"] for kind in FILES for entry in seed_entries(kind)}
    on_disk = {p.name for p in (SEED_DIR / "sources").iterdir()}
    assert cited == on_disk


async def test_toolkit_outline_and_relations(seeded):
    _, client = seeded
    tree = (await client.get("/api/v1/toolkit")).json()["items"]
    # The outline of Appendix 3 of the Way Ahead report, in its order.
    assert [n["external_id"] for n in tree] == [
        "tk-context",
        "tk-models-and-theory",
        "tk-principles",
        "tk-processes",
        "tk-methods",
        "tk-roles",
        "tk-examples-of-co-production",
        "tk-talking-points",
        "tk-a-z-of-ideas-and-terms",
    ]
    principles = next(n for n in tree if n["external_id"] == "tk-principles")
    assert [c["external_id"] for c in principles["children"]][:8] == [
        "tk-principles-take-account-of-context",
        "tk-principles-common-purpose",
        "tk-principles-transparency",
        "tk-principles-clarify-control",
        "tk-principles-design-engagement-together",
        "tk-principles-mix-of-methods",
        "tk-principles-develop-trust",
        "tk-principles-encourage-reciprocity",
    ]
    # A relation the sources state: the London examples and their section of the report.
    hackney = (await client.get("/api/v1/projects/hackney-play-streets")).json()
    assert any(r["kind"] == "toolkit-sections" for r in hackney["related"])


def test_seed_readme_lists_the_sources():
    readme = (Path(SEED_DIR) / "README.md").read_text(encoding="utf-8")
    for source in (SEED_DIR / "sources").iterdir():
        assert source.name in readme
