"""Links between entries of any kinds: one row per pair.

A relation stated by someone who may change both entries is shown from both sides. One
stated by the owner of only one side (a partner relating its entry to another partner's) is
shown only on the entry that states it: no one's change alters another owner's entry.
"""

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
    # Null: shown from both sides. Otherwise the one side that states (and shows) it.
    from_kind: str | None = Field(default=None, max_length=32)
    from_id: int | None = Field(default=None)
