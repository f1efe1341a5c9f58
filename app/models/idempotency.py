"""Answers kept for Idempotency-Key replays of bulk writes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime


class IdempotentAnswer(SQLModel, table=True):
    __tablename__ = "idempotent_answer"
    __table_args__ = (UniqueConstraint("partner_id", "idempotency_key", name="uq_idempotent_answer_partner_key"),)

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    idempotency_key: str = Field(max_length=200)
    # SHA-256 of method, path and body: the same key with another request is refused.
    request_hash: str = Field(max_length=64)
    status_code: int
    body: dict[str, Any] = Field(sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
