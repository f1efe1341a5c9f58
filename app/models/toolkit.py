"""Toolkit sections: an ordered tree (context, models, principles … A–Z), at most 8 deep."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel
from sqlmodel import Field

from app.models.entry import EntryColumns, EntryRead, EntryWrite, entry_table_args
from app.models.fields import EntryId, Position

MAX_TOOLKIT_DEPTH = 8


class ToolkitSection(EntryColumns, table=True):
    __tablename__ = "toolkit_section"
    __table_args__ = entry_table_args("toolkit_section")

    parent_id: int | None = Field(default=None, foreign_key="toolkit_section.id", index=True, ondelete="RESTRICT")
    position: int = Field(default=0)


class ToolkitSectionFields(BaseModel):
    parent_id: EntryId | None = None
    # Omitted on create: the section goes after its last sibling.
    position: Annotated[Position | None, "omitted means last"] = None


class ToolkitSectionCreate(EntryWrite, ToolkitSectionFields):
    pass


class ToolkitSectionRead(EntryRead):
    kind: Literal["toolkit-sections"]
    parent_id: int | None
    position: int


class ToolkitNode(BaseModel):
    id: int
    slug: str
    title: str
    external_id: str | None = None
    summary: str
    status: str
    position: int
    children: list[ToolkitNode]
