"""Projects: research projects and practice case studies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlalchemy import JSON, Text
from sqlmodel import Field

from app.models.entry import (
    EntryColumns,
    EntryRead,
    EntryTranslation,
    EntryWrite,
    TranslatedLanguage,
    entry_table_args,
)
from app.models.fields import Line, LongText, StrictModel, Title, Url, Year
from app.models.types import UTCDateTime

ProjectType = Literal["research", "case_study"]


class Project(EntryColumns, table=True):
    __tablename__ = "project"
    __table_args__ = entry_table_args("project")

    project_type: str = Field(default="case_study", max_length=16, index=True)
    start_year: int | None = Field(default=None, index=True)
    end_year: int | None = Field(default=None)
    place: str | None = Field(default=None, max_length=300)
    region: str | None = Field(default=None, max_length=300, index=True)
    contributors: list[dict[str, str | None]] = Field(default_factory=list, sa_type=JSON)
    organisations: list[str] = Field(default_factory=list, sa_type=JSON)
    publications: list[dict[str, str | int | None]] = Field(default_factory=list, sa_type=JSON)
    outcomes: str = Field(default="", sa_type=Text)
    funding: str | None = Field(default=None, sa_type=Text)

    # A public deposit (POST /api/v1/submissions): who sent it, kept private, and the hash of
    # the token of its private status link. The e-mail is erased after the retention period.
    depositor_name: str | None = Field(default=None, max_length=200)
    depositor_email: str | None = Field(default=None, max_length=320)
    submission_token_hash: str | None = Field(default=None, max_length=64, unique=True)
    rejection_reason: str | None = Field(default=None, sa_type=Text)
    moderated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Contributor(StrictModel):
    name: Title
    organisation: Line | None = None
    role: Line | None = None


class Publication(StrictModel):
    title: Title
    url: Url | None = None
    year: Year | None = None


class ProjectFields(BaseModel):
    project_type: ProjectType = "case_study"
    start_year: Year | None = None
    end_year: Year | None = None
    place: Line | None = None
    region: Line | None = None
    contributors: list[Contributor] = PydField(default_factory=list, max_length=200)
    organisations: list[Line] = PydField(default_factory=list, max_length=200)
    publications: list[Publication] = PydField(default_factory=list, max_length=200)
    outcomes: LongText = ""
    funding: LongText | None = None


class ProjectTranslation(EntryTranslation):
    outcomes: LongText | None = None
    funding: LongText | None = None


class ProjectCreate(EntryWrite, ProjectFields):
    translations: Mapping[TranslatedLanguage, ProjectTranslation | None] = PydField(default_factory=dict)


class ContributorOut(BaseModel):
    name: str
    organisation: str | None = None
    role: str | None = None


class PublicationOut(BaseModel):
    title: str
    url: str | None = None
    year: int | None = None


class ProjectRead(EntryRead):
    kind: Literal["projects"]
    project_type: ProjectType
    start_year: int | None
    end_year: int | None
    place: str | None
    region: str | None
    contributors: list[ContributorOut]
    organisations: list[str]
    publications: list[PublicationOut]
    outcomes: str
    funding: str | None
