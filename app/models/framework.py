"""Self-evaluation frameworks: principles, each with statements, rated on a scale of labelled
levels. A framework version is written once and never changes (an edit makes a new version),
so a version is kept as one document: its texts in each language, and the entries each
statement is related to (by kind and id, resolved when it is read)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime


class Framework(SQLModel, table=True):
    __tablename__ = "framework"
    __table_args__ = (UniqueConstraint("slug", "version", name="uq_framework_slug_version"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, index=True)
    version: int
    # Texts as {"en": …, "cy": …}.
    title: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    summary: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    not_applicable: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    # [{"level": 1, "label": {...}, "description": {...}}], ascending from 1.
    scale: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    # [{"key", "title", "summary", "section": [kind, id] | None,
    #   "statements": [{"key", "text", "help", "advice", "related": [[kind, id], …]}]}]
    principles: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    # SHA-256 of the version's canonical content: a re-sent identical framework is no new version.
    content_hash: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
