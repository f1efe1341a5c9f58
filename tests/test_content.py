"""The seed's content, read as a reader arriving from search would: every entry stands on its
own (app/services/quality.py says how), nothing is entered twice, every web address the
sources give is in an entry's address fields and none is made up, the slips corrected in
seed/corrections.yaml stay corrected, retired entries say where they went, and the toolkit
is guidance. Each failure names the entries at fault."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.seed import read_seed
from app.services import quality
from tests.conftest import SEED_DIR

SEED = read_seed(Path(SEED_DIR))
ALL = [(kind, entry) for kind, entries in SEED.items() for entry in entries]
IDS = {(kind, entry["external_id"]) for kind, entry in ALL}
TEXT_FIELDS = ("title", "summary", "body", "outcomes", "funding", "publisher", "organisation")
NETWORK_TYPES = {"network", "advisory group", "working group", "support organisation"}


def _load(name: str) -> list[dict[str, Any]]:
    path = Path(SEED_DIR) / name
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else []


CORRECTIONS = _load("corrections.yaml")
RETIRED = _load("retired.yaml")


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}: {'; '.join(found)}" for name, found in sorted(problems.items()))


def test_every_entry_stands_alone():
    problems = {}
    for kind, entry in ALL:
        found = quality.entry_problems(kind, entry)
        if found:
            problems[f"{kind}/{entry['external_id']}"] = found
    assert not problems, f"{len(problems)} entries do not stand alone:\n{_report(problems)}"


def test_no_entry_twice():
    by_key: dict[str, list[str]] = defaultdict(list)
    by_address: dict[str, list[str]] = defaultdict(list)
    for kind, entry in ALL:
        by_key[quality.duplicate_key(entry["title"])].append(f"{kind}/{entry['external_id']}")
        if kind != "toolkit-sections" and entry.get("url"):
            by_address[quality.normalised_address(entry["url"])].append(f"{kind}/{entry['external_id']}")
    twice = {key: names for key, names in by_key.items() if len(names) > 1}
    assert not twice, "the same title names several entries: " + "; ".join(", ".join(n) for n in twice.values())
    shared = {key: names for key, names in by_address.items() if len(names) > 1}
    assert not shared, "entries with the same url: " + "; ".join(f"{k}: {', '.join(n)}" for k, n in shared.items())


def _sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((Path(SEED_DIR) / "sources").iterdir())}


def test_every_address_of_the_sources_is_in_an_entry():
    held: dict[str, str] = {}
    for kind, entry in ALL:
        for address in quality.entry_addresses(entry):
            held[address] = f"{kind}/{entry['external_id']}"
    missing = {}
    for name, text in _sources().items():
        for address in sorted(quality.source_addresses(text)):
            if address not in held:
                missing[address] = name
    assert not missing, "addresses the sources give that no entry holds in url or links:\n" + "\n".join(
        f"{address} (in {name})" for address, name in missing.items()
    )


def test_no_address_is_made_up():
    given = set().union(*(quality.source_addresses(text) for text in _sources().values()))
    invented = {}
    for kind, entry in ALL:
        for address in quality.entry_addresses(entry):
            if address not in given:
                invented[f"{kind}/{entry['external_id']}"] = [address]
    assert not invented, f"addresses no source gives:\n{_report(invented)}"


def test_corrections_are_explained_and_applied():
    for correction in CORRECTIONS:
        assert {"wrong", "right", "reason"} <= correction.keys(), correction
        assert correction["reason"].strip(), correction
    problems: dict[str, list[str]] = defaultdict(list)
    for correction in CORRECTIONS:
        if not correction.get("everywhere", True):
            continue
        import re

        pattern = re.compile(rf"(?<!\w){re.escape(correction['wrong'])}(?!\w)")
        for kind, entry in ALL:
            for name in TEXT_FIELDS:
                value = entry.get(name)
                if isinstance(value, str) and pattern.search(value):
                    problems[f"{kind}/{entry['external_id']}"].append(f"{name} still says {correction['wrong']!r}")
    assert not problems, f"slips corrected in corrections.yaml are back:\n{_report(problems)}"


def test_retired_entries_say_where_they_went():
    for item in RETIRED:
        assert item["kind"] in SEED, item
        assert (item["kind"], item["external_id"]) not in IDS, f"{item['external_id']} is retired but still in the seed"
        assert item.get("reason", "").strip(), item
        target = item.get("merged_into")
        if target is not None:
            assert (target["kind"], target["external_id"]) in IDS, f"{item['external_id']} merged into a missing entry"


def test_networks_have_a_type_and_kinds_their_fields():
    wrong = {
        entry["external_id"]: [str(entry.get("network_type"))]
        for entry in SEED["networks"]
        if entry.get("network_type") not in NETWORK_TYPES
    }
    assert not wrong, _report(wrong)


def _neighbours() -> dict[tuple[str, str], set[tuple[str, str]]]:
    out: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for kind, entry in ALL:
        for ref in entry.get("related") or []:
            me, other = (kind, entry["external_id"]), (ref["kind"], ref["external_id"])
            assert other in IDS, f"{kind}/{entry['external_id']} relates to {other}, which is not in the seed"
            out[me].add(other)
            out[other].add(me)
    return out


def test_the_toolkit_is_guidance():
    neighbours = _neighbours()
    parents = {entry["_parent"] for entry in SEED["toolkit-sections"]}
    problems = {}
    for entry in SEED["toolkit-sections"]:
        me = ("toolkit-sections", entry["external_id"])
        examples = [f"{k}/{x}" for k, x in neighbours.get(me, ()) if k != "toolkit-sections"]
        found = quality.guidance_problems(
            entry.get("body") or "", has_children=entry["external_id"] in parents, examples=examples
        )
        if found:
            problems[entry["external_id"]] = found
    assert not problems, f"{len(problems)} toolkit sections are not yet guidance:\n{_report(problems)}"


def test_the_principles_are_eight():
    principles = next(e for e in SEED["toolkit-sections"] if e["external_id"] == "tk-principles")
    children = [e for e in SEED["toolkit-sections"] if e["_parent"] == principles["external_id"]]
    stated = [e for e in children if "principle" in (e.get("keywords") or [])]
    assert len(stated) == 8, [e["title"] for e in stated]


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Their aim is to help transform public services.", "points outside"),
        ("Find it here:", "at least"),
        ("A report by nef on co-production, which you can read in full. Read it in full.", "leftover"),
        ("A website by the network at www.example.org where members share stories.", "web address"),
        ("Taking risks – how to make […] of a long report by somebody.", "leftover"),
    ],
)
def test_the_checks_catch_what_they_are_for(summary, expected):
    assert any(expected in problem for problem in quality.summary_problems(summary))


def test_a_good_summary_passes():
    text = "A guide by the New Economics Foundation (nef) to the six principles of co-production, published in 2013."
    assert quality.summary_problems(text) == []
    assert quality.title_problems("Wikipedia") and quality.title_problems("one Welsh public service")
    assert quality.duplicate_key("Coproduction Wales") == quality.duplicate_key("Co-production Wales")
