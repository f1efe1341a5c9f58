"""Partner organisations and their API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlmodel import Field, SQLModel

from app.models.fields import EntryId, Name, StrictModel
from app.models.types import UTCDateTime

Role = Literal["admin", "editor", "partner"]
ROLES: tuple[Role, ...] = ("admin", "editor", "partner")


def role_of(value: str) -> Role:
    """A key's stored role (a plain string column) as a Role: only ROLES are ever written."""
    for role in ROLES:
        if value == role:
            return role
    raise ValueError(f"unknown role {value!r}")


# The knowledge base's own organisation: it owns the seed entries and anything written with
# the bootstrap admin key. Created by the first migration.
HOUSE_PARTNER_SLUG = "co-production-knowledge-base"
HOUSE_PARTNER_NAME = "Co-production Knowledge Base"


class Partner(SQLModel, table=True):
    __tablename__ = "partner"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    slug: str = Field(max_length=120, unique=True)
    # Status of a new entry created with this partner's key: "published" or "pending".
    new_entry_status: str = Field(default="published", max_length=16)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    name: str = Field(default="", max_length=200)
    role: str = Field(max_length=16)
    # The visible start of the key ("ckb_" and a few characters), to tell keys apart.
    prefix: str = Field(max_length=16)
    # SHA-256 of the whole key: keys are 256-bit random tokens, so a plain hash cannot be
    # reversed, and it survives an export and import into another database unchanged.
    key_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- API schemas -----------------------------------------------------------------------------

NewEntryStatus = Literal["published", "pending"]


class PartnerCreate(StrictModel):
    name: Name
    new_entry_status: NewEntryStatus = "published"


class PartnerUpdate(StrictModel):
    name: Name | None = None
    new_entry_status: NewEntryStatus | None = None


class PartnerRead(BaseModel):
    id: int
    name: str
    slug: str
    new_entry_status: NewEntryStatus
    created_at: datetime


class KeyCreate(StrictModel):
    partner_id: EntryId
    role: Role = "partner"
    name: Name | None = None
    expires_in_days: int | None = PydField(default=None, ge=1, le=3650)


class KeyRotate(StrictModel):
    # The old key keeps working this long, so that clients can switch without a gap.
    overlap_hours: int = PydField(default=24, ge=0, le=24 * 90)
    expires_in_days: int | None = PydField(default=None, ge=1, le=3650)


class KeyRead(BaseModel):
    id: int
    partner_id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class KeyCreated(KeyRead):
    key: str = PydField(description="The key itself: shown this once, never again.")


class Me(BaseModel):
    role: Role
    partner: PartnerRead
    key_prefix: str | None
