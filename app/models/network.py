"""Networks: co-production networks, advisory groups and support organisations."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field

from app.models.entry import EntryColumns, EntryRead, EntryWrite, entry_table_args
from app.models.fields import Label, Line, Url


class Network(EntryColumns, table=True):
    __tablename__ = "network"
    __table_args__ = entry_table_args("network")

    organisation: str | None = Field(default=None, max_length=300)
    region: str | None = Field(default=None, max_length=300, index=True)
    url: str | None = Field(default=None, max_length=2000)
    network_type: str | None = Field(default=None, max_length=100, index=True)


class NetworkFields(BaseModel):
    organisation: Line | None = None
    region: Line | None = None
    url: Url | None = None
    network_type: Label | None = None


class NetworkCreate(EntryWrite, NetworkFields):
    pass


class NetworkRead(EntryRead):
    kind: Literal["networks"]
    organisation: str | None
    region: str | None
    url: str | None
    network_type: str | None
