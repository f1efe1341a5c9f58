"""Load the seed entries (seed/*.yaml, drawn from the source documents) into the database,
and the self-evaluation frameworks (seed/frameworks.yaml) related to them.

Idempotent: entries are upserted by external_id under the knowledge base's own partner, and
relations are replaced by exactly the set the files state, so a second run changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlmodel import Session

from app.db import Database
from app.errors import ValidationFailed
from app.kinds import KINDS
from app.models.bulk import BulkSummary, ItemResult
from app.services import bulk, keys, merges, writes
from app.services.access import Caller
from app.services.assessments import frameworks

FILES = {
    "resources": "resources.yaml",
    "projects": "projects.yaml",
    "networks": "networks.yaml",
    "toolkit-sections": "toolkit.yaml",
}
RETIRED = "retired.yaml"
# Keys of a seed entry that are not entry fields.
META = ("source", "related", "children")


class SeedError(Exception):
    pass


def read_seed(seed_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Every seed entry by kind; the toolkit's nested `children` are flattened, parents first,
    each child remembering its parent's external_id and its position."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, name in FILES.items():
        path = seed_dir / name
        if not path.exists():
            out[kind] = []
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise SeedError(f"{path}: expected a list of entries")
        out[kind] = list(_flatten(data, None)) if KINDS[kind].tree is not None else data
    return out


def _flatten(nodes: list[dict[str, Any]], parent: str | None) -> Iterator[dict[str, Any]]:
    for position, node in enumerate(nodes):
        yield {**node, "_parent": parent, "position": position}
    for node in nodes:
        yield from _flatten(node.get("children") or [], node["external_id"])


def count_entries(session: Session) -> int:
    return sum(
        int(session.execute(select(func.count()).select_from(kind.table)).scalar_one()) for kind in KINDS.values()
    )


def read_retired(seed_dir: Path) -> list[dict[str, Any]]:
    """Entries an earlier seed had that this one does not: removed, or merged into another
    (seed/retired.yaml)."""
    path = seed_dir / RETIRED
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
    if not isinstance(data, list):
        raise SeedError(f"{path}: expected a list of retired entries")
    return data


def load(db: Database, seed_dir: Path) -> dict[str, dict[str, int]]:
    """Upsert every seed entry and its relations, and archive the retired ones (never
    deleting them: mirrors get a tombstone, old addresses redirect to where they went), in
    one transaction. Returns per kind the created / updated / unchanged counts, how many
    entries' relations changed, and how many were retired."""
    seed = read_seed(seed_dir)
    counts: dict[str, dict[str, int]] = {}
    with db.writing() as session:
        author = writes.author_of(session, Caller(role="admin", partner_id=keys.house_partner_id(session)))
        ids: dict[tuple[str, str], int] = {}  # (kind, external_id) → id
        for kind_name, entries in seed.items():
            results: list[ItemResult] = []
            # Toolkit sections go in level by level, so each parent has its id before its children.
            for level in _levels(entries):
                items = []
                for entry in level:
                    item = _fields(entry)
                    if KINDS[kind_name].tree is not None:
                        parent = entry["_parent"]
                        item["parent_id"] = None if parent is None else ids[(kind_name, parent)]
                    items.append(item)
                level_results = _upsert(session, kind_name, author, items)
                for entry, result in zip(level, level_results, strict=True):
                    assert result.id is not None
                    ids[(kind_name, entry["external_id"])] = result.id
                results.extend(level_results)
            counts[kind_name] = BulkSummary.of(results).model_dump()

        # Relations: the union of what either side states, written as each entry's full set.
        # A seed entry names the other side by kind and external_id (titles may be edited).
        neighbours: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
        for kind_name, entries in seed.items():
            for entry in entries:
                me = (kind_name, ids[(kind_name, entry["external_id"])])
                for ref in entry.get("related") or []:
                    key = (ref["kind"], ref["external_id"])
                    if key not in ids:
                        raise SeedError(f"{entry['external_id']}: related {key} is not a seed entry")
                    other = (ref["kind"], ids[key])
                    neighbours[me].add(other)
                    neighbours[other].add(me)
        for kind_name, entries in seed.items():
            items = []
            for entry in entries:
                item = _fields(entry)
                me = (kind_name, ids[(kind_name, entry["external_id"])])
                item["related"] = [{"kind": k, "id": i} for k, i in sorted(neighbours.get(me, ()))]
                if KINDS[kind_name].tree is not None:
                    parent = entry["_parent"]
                    item["parent_id"] = None if parent is None else ids[(kind_name, parent)]
                items.append(item)
            relinked = BulkSummary.of(_upsert(session, kind_name, author, items)).updated
            counts[kind_name]["relations_changed"] = relinked

        for kind_name in seed:
            counts[kind_name]["retired"] = 0
        for item in read_retired(seed_dir):
            kind = KINDS[item["kind"]]
            t = kind.table
            row = session.execute(
                select(t).where(t.column("owner_id") == author.owner_id, t.column("external_id") == item["external_id"])
            ).scalar_one_or_none()
            if row is None:
                continue  # never loaded here: nothing to retire
            target = item.get("merged_into")
            merged_into = None
            if target is not None:
                key = (target["kind"], target["external_id"])
                if key not in ids:
                    raise SeedError(f"{item['external_id']}: merged into {key}, which is not a seed entry")
                merged_into = (target["kind"], ids[key])
            if merges.retire(session, kind, author, row, merged_into, item["reason"]) == "updated":
                counts[item["kind"]]["retired"] += 1

        # Self-evaluation frameworks (seed/frameworks.yaml), once the entries they relate to exist.
        try:
            framework_counts = frameworks.load_seed(session, seed_dir=seed_dir)
        except frameworks.FrameworkSeedError as exc:
            raise SeedError(str(exc)) from exc
        counts["frameworks"] = {**framework_counts, "relations_changed": 0, "retired": 0}
    return counts


def _levels(entries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    if not entries or "_parent" not in entries[0]:
        return [entries] if entries else []
    depth: dict[str | None, int] = {None: -1}
    levels: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:  # parents come before their children
        d = depth[entry["_parent"]] + 1
        depth[entry["external_id"]] = d
        levels[d].append(entry)
    return [levels[d] for d in sorted(levels)]


def _fields(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in META and not k.startswith("_")}


def _upsert(session: Session, kind_name: str, author: writes.Author, items: list[dict[str, Any]]) -> list[ItemResult]:
    try:
        return bulk.upsert(session, KINDS[kind_name], author, items, atomic=True)
    except ValidationFailed as exc:
        details = "; ".join(f"{e.field}: {e.message}" for e in exc.errors[:10])
        raise SeedError(f"{kind_name}: {exc.detail} {details}") from exc
