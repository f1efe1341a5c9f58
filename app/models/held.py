"""Changes held for review: what a moderated partner (or any partner, on the curated toolkit)
asks of an entry that readers can already see. The approved version stays live; an editor
publishes the held change (through the write path, as an update) or rejects it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.fields import KindName
from app.models.types import UTCDateTime


class HeldChange(SQLModel, table=True):
    __tablename__ = "held_change"
    __table_args__ = (UniqueConstraint("kind", "entry_id", name="uq_held_change_entry"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    entry_id: int
    base_version: int  # the entry's version when the change was asked for
    # Column values asked for, and the whole related set when it was sent.
    fields: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    related: list[list[Any]] | None = Field(default=None, sa_type=JSON)
    partner_id: int | None = Field(default=None)
    key_id: int | None = Field(default=None)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    state: str = Field(default="pending", max_length=16)  # pending | rejected
    reason: str | None = Field(default=None, sa_type=Text)


class HeldChangeRead(BaseModel):
    """A change waiting for an editor (or turned down, with the reason)."""

    kind: KindName
    entry_id: int
    base_version: int
    fields: dict[str, Any]
    related: list[dict[str, Any]] | None
    state: str
    reason: str | None
    created_at: datetime
    updated_at: datetime


class HeldChangeItem(HeldChangeRead):
    """A change in the editors' queue, with what it would change: the entry's title, version
    and current values of the fields the change sets, and the partner who asked."""

    title: str
    slug: str
    version: int
    asked_by: str | None
    current: dict[str, Any]


class HeldChangePage(BaseModel):
    items: list[HeldChangeItem]
    total: int
    page: int
    per_page: int
