"""Links between entries of any kinds; one row per pair, shown from both sides."""

from __future__ import annotations

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Relation(SQLModel, table=True):
    __tablename__ = "relation"
    __table_args__ = (
        UniqueConstraint("a_kind", "a_id", "b_kind", "b_id", name="uq_relation_pair"),
        Index("ix_relation_b", "b_kind", "b_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # The pair is stored in one canonical order ((a_kind, a_id) < (b_kind, b_id)).
    a_kind: str = Field(max_length=32)
    a_id: int
    b_kind: str = Field(max_length=32)
    b_id: int
