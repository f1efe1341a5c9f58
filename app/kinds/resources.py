"""Resources: reports, videos, apps, frameworks, toolkits and other publications."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.i18n import N_
from app.kinds import Kind, Row, YearRule
from app.models import Resource
from app.models.entry import EntryTranslation
from app.models.partial import partial_model
from app.models.resource import ResourceCreate, ResourceFields, ResourceRead


def _people(row: Row) -> list[str]:
    return [*(row.get("authors") or []), row.get("publisher") or ""]


def _json_ld(row: Row, _context: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"author": [{"@type": "Person", "name": name} for name in row.get("authors") or []]}
    if row.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": row["publisher"]}
    if row.get("year"):
        data["datePublished"] = str(row["year"])
    if row.get("type"):
        data["genre"] = row["type"]
    if row.get("place"):
        data["spatialCoverage"] = row["place"]
    if row.get("url"):
        data["sameAs"] = row["url"]
    return data


RESOURCES = Kind(
    name="resources",
    singular="resource",
    label=N_("Resource"),
    plural_label=N_("Resources"),
    schema_type="CreativeWork",
    table=Resource,
    fields=ResourceFields,
    translation=EntryTranslation,
    create=ResourceCreate,
    update=partial_model(ResourceCreate, "ResourceUpdate"),
    read=ResourceRead,
    filters={"category": Resource.column("category"), "place": Resource.column("place")},
    type_column="type",
    years=YearRule("year"),
    search_columns=frozenset({"authors", "publisher", "place", "type", "category", "year"}),
    people=_people,
    place_columns=("place",),
    region_columns=("place",),
    website_column="url",
    json_ld=_json_ld,
)
