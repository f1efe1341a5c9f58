"""Networks: co-production networks, advisory groups and support organisations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.i18n import N_
from app.kinds import Kind, Row
from app.models import Network
from app.models.entry import EntryTranslation
from app.models.network import NetworkCreate, NetworkFields, NetworkRead
from app.models.partial import partial_model


def _people(row: Row) -> list[str]:
    return [row.get("organisation") or ""]


def _json_ld(row: Row, _context: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if row.get("organisation"):
        data["parentOrganization"] = {"@type": "Organization", "name": row["organisation"]}
    if row.get("region"):
        data["areaServed"] = row["region"]
    if row.get("url"):
        data["sameAs"] = row["url"]
    return data


NETWORKS = Kind(
    name="networks",
    singular="network",
    label=N_("Network"),
    plural_label=N_("Networks"),
    schema_type="Organization",
    table=Network,
    fields=NetworkFields,
    translation=EntryTranslation,
    create=NetworkCreate,
    update=partial_model(NetworkCreate, "NetworkUpdate"),
    read=NetworkRead,
    filters={"region": Network.column("region")},
    type_column="network_type",
    search_columns=frozenset({"organisation", "region", "network_type"}),
    people=_people,
    place_columns=("region",),
    region_columns=("region",),
    website_column="url",
    json_ld=_json_ld,
)
