"""Self-evaluation frameworks: principles, each with statements, rated on a scale of labelled
levels. A framework version is written once and never changes (an edit makes a new version),
so a version is kept as one document: its texts in each language, and the entries each
statement is related to (by kind and id, resolved when it is read)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Strict, StringConstraints, model_validator
from pydantic import Field as PydField
from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.i18n import _
from app.models.fields import EntryId, ExternalId, KindName, Sentence, StrictModel, Summary, Title
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


# --- write schemas: each text a string (English) or {"en": …, "cy": …} ----------------------


# A short stable key of a principle or a statement ("context", "context-history").
Key = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
FrameworkSlug = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class LocalisedTitle(StrictModel):
    en: Title
    cy: Title | None = None


class LocalisedLine(StrictModel):
    en: Sentence
    cy: Sentence | None = None


class LocalisedText(StrictModel):
    en: Summary
    cy: Summary | None = None


TitleText = Title | LocalisedTitle
ShortText = Sentence | LocalisedLine
OptionalText = Summary | LocalisedText


class EntryRefIn(StrictModel):
    """An entry, by exactly one of its id, slug or external_id."""

    kind: KindName
    id: EntryId | None = None
    slug: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = None
    external_id: ExternalId | None = None

    @model_validator(mode="after")
    def _one(self) -> EntryRefIn:
        if sum(v is not None for v in (self.id, self.slug, self.external_id)) != 1:
            raise ValueError(_("give exactly one of id, slug or external_id"))
        return self


class ScaleLevelIn(StrictModel):
    level: Annotated[int, Strict(), Field(ge=1, le=10)]
    label: TitleText
    description: OptionalText = ""


class StatementIn(StrictModel):
    key: Key
    text: ShortText
    help: OptionalText = ""
    advice: OptionalText = ""
    related: list[EntryRefIn] = PydField(default_factory=list, max_length=20)


class PrincipleIn(StrictModel):
    key: Key
    title: TitleText
    summary: OptionalText = ""
    section: EntryRefIn | None = None
    statements: list[StatementIn] = PydField(min_length=1, max_length=30)


class FrameworkVersionIn(StrictModel):
    """A new version of a framework (PUT): its whole content (`slug`, if given, must be the
    framework's own)."""

    slug: FrameworkSlug | None = None
    title: TitleText
    summary: OptionalText = ""
    not_applicable: TitleText = "Does not apply to us"
    scale: list[ScaleLevelIn] = PydField(min_length=2, max_length=10)
    principles: list[PrincipleIn] = PydField(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _consistent(self) -> FrameworkVersionIn:
        levels = [level.level for level in self.scale]
        if levels != list(range(1, len(levels) + 1)):
            raise ValueError(_("the scale's levels must go up one at a time from 1"))
        principle_keys = [p.key for p in self.principles]
        if len(set(principle_keys)) != len(principle_keys):
            raise ValueError(_("each principle needs a key of its own"))
        statement_keys = [s.key for p in self.principles for s in p.statements]
        if len(set(statement_keys)) != len(statement_keys):
            raise ValueError(_("each statement needs a key of its own, across the whole framework"))
        for principle in self.principles:
            if principle.section is not None and principle.section.kind != "toolkit-sections":
                raise ValueError(_("a principle's section must be a toolkit section"))
        return self


class FrameworkIn(FrameworkVersionIn):
    """A new framework (POST)."""

    slug: FrameworkSlug


# --- read schemas: texts in the request's language ----------------------------------------


class EntryCard(BaseModel):
    kind: KindName
    id: int
    slug: str
    title: str
    summary: str
    url: str


class SectionCard(BaseModel):
    kind: KindName
    id: int
    slug: str
    title: str
    url: str


class ScaleLevel(BaseModel):
    level: int
    label: str
    description: str


class StatementRead(BaseModel):
    key: str
    text: str
    help: str
    advice: str
    related: list[EntryCard]


class PrincipleRead(BaseModel):
    key: str
    title: str
    summary: str
    section: SectionCard | None
    statements: list[StatementRead]


class FrameworkRead(BaseModel):
    slug: str
    version: int
    title: str
    summary: str
    lang: str
    languages: list[str]
    created_at: datetime
    scale: list[ScaleLevel]
    not_applicable: str
    principles: list[PrincipleRead]


class FrameworkSummary(BaseModel):
    slug: str
    version: int
    title: str
    summary: str
    principles: int
    statements: int
    lang: str
    created_at: datetime


class FrameworkPage(BaseModel):
    items: list[FrameworkSummary]
    total: int
    page: int
    per_page: int


class BenchmarkPrinciple(BaseModel):
    key: str
    title: str
    count: int
    min: float
    q1: float
    median: float
    q3: float
    max: float


class Benchmark(BaseModel):
    slug: str
    version: int
    contributors: int
    minimum: int
    shown: bool
    principles: list[BenchmarkPrinciple]
