"""The change log: one row per change to an entry, in commit order (see app/changelog.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from app.models.types import BigIntPK, UTCDateTime

Operation = Literal["create", "update", "status", "delete"]


class Change(SQLModel, table=True):
    __tablename__ = "change"
    __table_args__ = (
        Index("ix_change_entry", "kind", "entry_id"),
        {"sqlite_autoincrement": True},
    )

    seq: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True))
    kind: str = Field(max_length=32)
    entry_id: int
    op: str = Field(max_length=16)
    version: int
    # The entry's status after the change (a sync client tells unpublishing from this).
    status: str = Field(max_length=16)
    at: datetime = Field(sa_type=UTCDateTime)
    key_id: int | None = Field(default=None)
    partner_id: int | None = Field(default=None)
    # For updates: {field: {"from": old, "to": new}}; the audit history reads it.
    diff: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # The place of this change in the public sync feed: set only for changes readers can see
    # (to a published entry, or one that unpublishes or deletes it), numbered apart so that
    # the feed's positions say nothing about changes to drafts and deposits.
    public_seq: int | None = Field(default=None, sa_column=Column(BigInteger, unique=True, nullable=True))
