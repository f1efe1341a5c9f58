"""Resources: reports, videos, apps, frameworks, toolkits and other publications."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlalchemy import JSON
from sqlmodel import Field

from app.models.entry import EntryColumns, EntryRead, EntryWrite, entry_table_args
from app.models.fields import Label, Line, Url, Year


class Resource(EntryColumns, table=True):
    __tablename__ = "resource"
    __table_args__ = entry_table_args("resource")

    type: str | None = Field(default=None, max_length=100, index=True)
    authors: list[str] = Field(default_factory=list, sa_type=JSON)
    publisher: str | None = Field(default=None, max_length=300)
    year: int | None = Field(default=None, index=True)
    url: str | None = Field(default=None, max_length=2000)
    category: str | None = Field(default=None, max_length=300, index=True)
    place: str | None = Field(default=None, max_length=300)


class ResourceFields(BaseModel):
    type: Label | None = None
    authors: list[Line] = PydField(default_factory=list, max_length=100)
    publisher: Line | None = None
    year: Year | None = None
    url: Url | None = None
    category: Line | None = None
    place: Line | None = None


class ResourceCreate(EntryWrite, ResourceFields):
    pass


class ResourceRead(EntryRead):
    kind: Literal["resources"]
    type: str | None
    authors: list[str]
    publisher: str | None
    year: int | None
    url: str | None
    category: str | None
    place: str | None
