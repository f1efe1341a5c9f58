"""What the four kinds of entry share: their columns, and their write and read schemas."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlalchemy import JSON, Text, UniqueConstraint
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Field, SQLModel

from app.models.fields import (
    ExternalId,
    Keywords,
    KindName,
    Link,
    LinkOut,
    LongText,
    RelatedOut,
    RelatedRef,
    Status,
    StrictModel,
    Summary,
    Title,
)
from app.models.types import UTCDateTime


class EntryColumns(SQLModel):
    """Columns of every entry table (each kind has its own table and id sequence)."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    slug: str = Field(max_length=120)
    summary: str = Field(default="", sa_type=Text)
    body: str = Field(default="", sa_type=Text)
    keywords: list[str] = Field(default_factory=list, sa_type=JSON)
    links: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    status: str = Field(max_length=16, index=True)
    external_id: str | None = Field(default=None, max_length=200)
    owner_id: int = Field(foreign_key="partner.id", index=True)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime, index=True)
    # SHA-256 of the bulk item this entry was last written from (its canonical JSON); a
    # re-sent identical item is recognised without validating it again. Any other change
    # to the entry clears it.
    source_hash: str | None = Field(default=None, max_length=64)
    # An entry merged into another (archived, its address redirecting there): the survivor.
    merged_into_kind: str | None = Field(default=None, max_length=32)
    merged_into_id: int | None = Field(default=None)
    # Versions of the text fields in other languages: {"cy": {"title": …, "summary": …,
    # "outdated": false}}; the Welsh slug apart, to find the entry by it.
    translations: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    slug_cy: str | None = Field(default=None, max_length=120)

    @classmethod
    def column(cls, name: str) -> InstrumentedAttribute[Any]:
        """The mapped column `name`, typed as SQLAlchemy sees it (for building queries)."""
        attribute: InstrumentedAttribute[Any] = getattr(cls, name)
        return attribute


def entry_table_args(table: str) -> tuple[Any, ...]:
    return (
        UniqueConstraint("slug", name=f"uq_{table}_slug"),
        UniqueConstraint("slug_cy", name=f"uq_{table}_slug_cy"),
        UniqueConstraint("owner_id", "external_id", name=f"uq_{table}_owner_external_id"),
    )


# Languages an entry's text may be given in besides English (the language it is written in).
TranslatedLanguage = Literal["cy"]


class EntryTranslation(StrictModel):
    """An entry's text in another language: any of its text fields (what is left out is read in
    English). Each kind's own text fields are added by its model (projects: outcomes, funding)."""

    title: Title | None = None
    summary: Summary | None = None
    body: LongText | None = None
    keywords: Keywords | None = None


class EntryWrite(StrictModel):
    """Fields a client may send for any kind. `related` is stored in the relation table."""

    title: Title
    summary: Summary = ""
    body: LongText = ""
    keywords: Keywords = PydField(default_factory=list)
    links: list[Link] = PydField(default_factory=list, max_length=50)
    status: Status | None = None
    external_id: ExternalId | None = None
    related: list[RelatedRef] = PydField(default_factory=list, max_length=200)
    # {"cy": {...}} adds or changes the Welsh version; {"cy": null} removes it.
    translations: Mapping[TranslatedLanguage, EntryTranslation | None] = PydField(default_factory=dict)


class Owner(BaseModel):
    id: int
    name: str


class EntryRef(BaseModel):
    kind: KindName
    id: int


class EntryRead(BaseModel):
    """Fields every kind shows; each kind's read schema adds its own."""

    id: int
    kind: KindName
    title: str
    slug: str
    summary: str
    body: str
    body_html: str
    keywords: list[str]
    links: list[LinkOut]
    status: Status
    external_id: str | None
    owner: Owner
    related: list[RelatedOut]
    version: int
    created_at: datetime
    updated_at: datetime
    # Where an entry merged into another went (its old addresses answer 301 there).
    merged_into: EntryRef | None = None
    # The language of the text fields above (Welsh where the entry has it and it was asked
    # for), the languages the entry has, and its other-language versions as stored (each
    # with its slug and whether it is behind an edit of the English).
    lang: str = "en"
    languages: list[str] = ["en"]
    translations: dict[str, dict[str, Any]] = {}
