"""The kinds of entry, described once.

Everything that differs between kinds lives on `Kind` (built in one module per kind, as
Polar keeps one strategy per benefit type): labels, schema.org type, type column, year rule,
tree rules, moderation, the fields that feed search documents, CSV cells and JSON-LD. The
shared machinery (the write path, lists, search, pages, feeds, exports) asks the kind; it
never tests a kind's name. Adding a kind is a model module, a module here, a migration and
one line in `KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlalchemy import ColumnElement, Table, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from app.db import table_of
from app.errors import ValidationFailed, field_error
from app.i18n import _
from app.models.entry import EntryColumns, EntryRead, EntryWrite
from app.models.fields import KindName
from app.models.network import NetworkRead
from app.models.project import ProjectRead
from app.models.resource import ResourceRead
from app.models.toolkit import ToolkitSectionRead

if TYPE_CHECKING:
    from sqlmodel import Session

    from app.services.access import Caller

Row = Mapping[str, Any]


@dataclass(frozen=True)
class YearRule:
    """When an entry happened: one year (a resource's `year`) or a span (a project's
    `start_year` to `end_year`, open while it goes on)."""

    start: str
    end: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.start, self.end) if self.end else (self.start,)

    def span(self, row: Row) -> tuple[int, int | None] | None:
        """(first year, last year or None while ongoing); None when no year is known."""
        first = row.get(self.start)
        if first is None:
            return None
        return (first, row.get(self.end) if self.end else first)

    def condition(self, kind: Kind, year: int) -> ColumnElement[bool]:
        """Entries of that year; a span runs in a year if it started by then and had not
        ended before it."""
        if self.end is None:
            return kind.column(self.start) == year
        start, end = kind.column(self.start), kind.column(self.end)
        return and_(start <= year, or_(end.is_(None), end >= year))

    def check(self, values: Row) -> None:
        if self.end is None:
            return
        first, last = values.get(self.start), values.get(self.end)
        if first is not None and last is not None and last < first:
            raise ValidationFailed(
                _("It cannot end before it starts."),
                errors=[
                    field_error(self.end, _("must not be before {start}", start=self.start), code="end_before_start")
                ],
            )


class TreeRules:
    """How entries of a kind form an ordered tree (toolkit sections): where they may go, and
    where a new one goes when no position is given. Implemented by app/services/toolkit.py."""

    columns: frozenset[str] = frozenset()

    def check(self, session: Session, caller: Caller, entry_id: int | None, parent_id: int | None) -> None:
        raise NotImplementedError

    def next_positions(self, session: Session, parents: list[int | None]) -> dict[int | None, int]:
        raise NotImplementedError

    def check_removal(self, session: Session, entry_id: int) -> None:
        raise NotImplementedError


def _no_names(_row: Row) -> list[str]:
    return []


def _no_extras(_row: Row, _context: Mapping[str, str]) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Kind:
    name: KindName  # the plural, as in URLs and `kind` values
    singular: str
    # How a page names one ("Resource") and many, in English: marked with N_() where each kind
    # is defined, and shown translated (`shown_label` …) in the request's language.
    label: str
    plural_label: str
    schema_type: str  # schema.org type of its pages' JSON-LD
    table: type[EntryColumns]
    fields: type[BaseModel]  # the kind's own writable fields
    translation: type[BaseModel]  # the text fields it may carry in other languages
    create: type[EntryWrite]
    update: type[BaseModel]
    read: type[EntryRead]
    # Query filters this kind accepts, beyond the shared ones: parameter → column.
    filters: dict[str, InstrumentedAttribute[Any]] = field(default_factory=dict)
    # The column the `type` filter and facet read, if any.
    type_column: str | None = None
    years: YearRule | None = None
    tree: TreeRules | None = None
    # Partners load it in bulk by external_id.
    bulk: bool = True
    # What partners write of this kind is reviewed by an editor before readers see it,
    # whatever their organisation's setting (the toolkit is curated).
    always_moderated: bool = False
    # Search documents: the columns they read beyond the shared ones; the names of people and
    # organisations, the places, the region facet.
    search_columns: frozenset[str] = frozenset()
    people: Callable[[Row], list[str]] = _no_names
    place_columns: tuple[str, ...] = ()
    region_columns: tuple[str, ...] = ()  # the first that has a value is the region facet
    website_column: str | None = None  # the thing's own web address
    # A screen of the site that also shows one entry of this kind at /<alias>/<slug>.
    page_alias: str | None = None
    # schema.org properties of one entry, beyond those every kind has (context: base URL).
    json_ld: Callable[[Row, Mapping[str, str]], dict[str, Any]] = _no_extras

    @property
    def own_fields(self) -> tuple[str, ...]:
        return tuple(self.fields.model_fields)

    @property
    def translatable(self) -> tuple[str, ...]:
        return tuple(self.translation.model_fields)

    @property
    def label_lower(self) -> str:
        return self.label.lower()

    @property
    def shown_label(self) -> str:
        """`label` in the request's language."""
        return _(self.label)

    @property
    def shown_label_lower(self) -> str:
        """`label_lower` in the request's language ("resource", "adnodd"), within a sentence."""
        return _(self.label).lower()

    @property
    def shown_plural_label(self) -> str:
        return _(self.plural_label)

    def column(self, name: str) -> InstrumentedAttribute[Any]:
        return self.table.column(name)

    @property
    def core(self) -> Table:
        """The kind's table as SQLAlchemy Core sees it (for set-wise statements)."""
        return table_of(self.table)

    def has_column(self, name: str) -> bool:
        return name in self.table.model_fields

    @classmethod
    def by_page_alias(cls, alias: str) -> Kind | None:
        return next((k for k in KINDS.values() if k.page_alias == alias), None)

    def type_of(self, row: Row) -> str | None:
        return row.get(self.type_column) if self.type_column else None

    def check(self, session: Session, caller: Caller, values: Row, entry_id: int | None) -> None:
        """Rules across fields, on the merged values of a create or an update."""
        if self.years is not None:
            self.years.check(values)
        if self.tree is not None:
            self.tree.check(session, caller, entry_id, values.get("parent_id"))

    def checks_on(self, changed: set[str]) -> bool:
        """Whether a change of these fields needs `check` (it reads the database for trees)."""
        watched = set(self.years.columns if self.years else ()) | set(self.tree.columns if self.tree else ())
        return bool(watched & changed)


from app.kinds.networks import NETWORKS  # noqa: E402
from app.kinds.projects import PROJECTS  # noqa: E402
from app.kinds.resources import RESOURCES  # noqa: E402
from app.kinds.toolkit import TOOLKIT_SECTIONS  # noqa: E402

# Any entry, told apart by its `kind` (the sync feed and exports carry entries of every kind).
AnyEntry = Annotated[ResourceRead | ProjectRead | NetworkRead | ToolkitSectionRead, PydField(discriminator="kind")]

KINDS: dict[str, Kind] = {k.name: k for k in (RESOURCES, PROJECTS, NETWORKS, TOOLKIT_SECTIONS)}

__all__ = [
    "KINDS",
    "NETWORKS",
    "PROJECTS",
    "RESOURCES",
    "TOOLKIT_SECTIONS",
    "AnyEntry",
    "Kind",
    "TreeRules",
    "YearRule",
]
