"""Toolkit sections: the curated guidance, an ordered tree at most 8 deep."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.i18n import N_
from app.kinds import Kind, Row
from app.models import ToolkitSection
from app.models.entry import EntryTranslation
from app.models.partial import partial_model
from app.models.toolkit import ToolkitSectionCreate, ToolkitSectionFields, ToolkitSectionRead
from app.services.toolkit import TOOLKIT_TREE


def _json_ld(_row: Row, context: Mapping[str, str]) -> dict[str, Any]:
    return {"isPartOf": {"@type": "CreativeWork", "name": "Co-production toolkit", "url": f"{context['base']}/toolkit"}}


TOOLKIT_SECTIONS = Kind(
    name="toolkit-sections",
    singular="toolkit-section",
    label=N_("Toolkit section"),
    plural_label=N_("Toolkit sections"),
    schema_type="CreativeWork",
    table=ToolkitSection,
    fields=ToolkitSectionFields,
    translation=EntryTranslation,
    create=ToolkitSectionCreate,
    update=partial_model(ToolkitSectionCreate, "ToolkitSectionUpdate"),
    read=ToolkitSectionRead,
    filters={"parent_id": ToolkitSection.column("parent_id")},
    tree=TOOLKIT_TREE,
    bulk=False,
    always_moderated=True,
    page_alias="toolkit",
    json_ld=_json_ld,
)
