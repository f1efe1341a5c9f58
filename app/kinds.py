"""The four kinds of entry, described once; the shared machinery is driven from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlalchemy.orm import InstrumentedAttribute

from app.models import Network, Project, Resource, ToolkitSection
from app.models.entry import EntryColumns, EntryRead, EntryWrite
from app.models.fields import KindName
from app.models.network import NetworkCreate, NetworkFields, NetworkRead
from app.models.partial import partial_model
from app.models.project import ProjectCreate, ProjectFields, ProjectRead
from app.models.resource import ResourceCreate, ResourceFields, ResourceRead
from app.models.toolkit import ToolkitSectionCreate, ToolkitSectionFields, ToolkitSectionRead


@dataclass(frozen=True)
class Kind:
    name: KindName  # the plural, as in URLs and `kind` values
    singular: str
    table: type[EntryColumns]
    fields: type[BaseModel]  # the kind's own writable fields
    create: type[EntryWrite]
    update: type[BaseModel]
    read: type[EntryRead]
    # Query filters this kind accepts, beyond the shared ones: parameter → column.
    filters: dict[str, InstrumentedAttribute[Any]] = field(default_factory=dict)
    # The column the `type` filter and facet read, if any.
    type_column: str | None = None

    @property
    def own_fields(self) -> tuple[str, ...]:
        return tuple(self.fields.model_fields)

    def column(self, name: str) -> InstrumentedAttribute[Any]:
        return getattr(self.table, name)  # type: ignore[no-any-return]


RESOURCES = Kind(
    name="resources",
    singular="resource",
    table=Resource,
    fields=ResourceFields,
    create=ResourceCreate,
    update=partial_model(ResourceCreate, "ResourceUpdate"),
    read=ResourceRead,
    filters={
        "category": Resource.category,  # type: ignore[dict-item]
        "place": Resource.place,  # type: ignore[dict-item]
    },
    type_column="type",
)
PROJECTS = Kind(
    name="projects",
    singular="project",
    table=Project,
    fields=ProjectFields,
    create=ProjectCreate,
    update=partial_model(ProjectCreate, "ProjectUpdate"),
    read=ProjectRead,
    filters={
        "place": Project.place,  # type: ignore[dict-item]
        "region": Project.region,  # type: ignore[dict-item]
    },
    type_column="project_type",
)
NETWORKS = Kind(
    name="networks",
    singular="network",
    table=Network,
    fields=NetworkFields,
    create=NetworkCreate,
    update=partial_model(NetworkCreate, "NetworkUpdate"),
    read=NetworkRead,
    filters={"region": Network.region},  # type: ignore[dict-item]
    type_column="network_type",
)
TOOLKIT_SECTIONS = Kind(
    name="toolkit-sections",
    singular="toolkit-section",
    table=ToolkitSection,
    fields=ToolkitSectionFields,
    create=ToolkitSectionCreate,
    update=partial_model(ToolkitSectionCreate, "ToolkitSectionUpdate"),
    read=ToolkitSectionRead,
    filters={"parent_id": ToolkitSection.parent_id},  # type: ignore[dict-item]
)

# Any entry, told apart by its `kind` (the sync feed and exports carry entries of every kind).
AnyEntry = Annotated[ResourceRead | ProjectRead | NetworkRead | ToolkitSectionRead, PydField(discriminator="kind")]

KINDS: dict[str, Kind] = {k.name: k for k in (RESOURCES, PROJECTS, NETWORKS, TOOLKIT_SECTIONS)}
