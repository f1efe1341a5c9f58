"""Frameworks: written once per version (an edit is a new version, identical content is no
new version), read in the request's language with their related entries resolved, and loaded
from seed/frameworks.yaml."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlmodel import Session, col

from app import i18n
from app.errors import Conflict, NotFound, ValidationFailed, field_error
from app.i18n import _
from app.kinds import KINDS
from app.models.framework import (
    EntryCard,
    EntryRefIn,
    Framework,
    FrameworkIn,
    FrameworkRead,
    FrameworkSummary,
    FrameworkVersionIn,
    PrincipleRead,
    ScaleLevel,
    SectionCard,
    StatementRead,
)
from app.models.types import utcnow
from app.services import keys

Ref = tuple[str, int]
SEED_FILE = "frameworks.yaml"


# --- texts ----------------------------------------------------------------------------------


def stored_text(value: Any) -> dict[str, str]:
    """A text as written (a string, or a model with en/cy) as stored: {"en": …[, "cy": …]}."""
    if isinstance(value, str):
        return {"en": value}
    out = {"en": value.en}
    if value.cy:
        out["cy"] = value.cy
    return out


def text(value: dict[str, str] | None) -> str:
    """A stored text in the request's language, English where there is no translation."""
    if not value:
        return ""
    return value.get(i18n.current()) or value.get("en", "")


def language_of(framework: Framework) -> str:
    language = i18n.current()
    return language if language != i18n.DEFAULT and framework.title.get(language) else "en"


def languages_of(framework: Framework) -> list[str]:
    return ["en", *sorted(k for k in framework.title if k != "en")]


# --- structure --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementInfo:
    key: str
    principle: str
    data: dict[str, Any]


def statements(framework: Framework) -> dict[str, StatementInfo]:
    """Every statement by key, in the framework's order."""
    return {
        s["key"]: StatementInfo(key=s["key"], principle=p["key"], data=s)
        for p in framework.principles
        for s in p["statements"]
    }


def top_level(framework: Framework) -> int:
    return max(int(level["level"]) for level in framework.scale)


def principle_keys(framework: Framework) -> list[str]:
    return [p["key"] for p in framework.principles]


# --- reading --------------------------------------------------------------------------------


def newest(session: Session, *, slug: str) -> Framework:
    row = session.scalars(
        select(Framework).where(col(Framework.slug) == slug).order_by(col(Framework.version).desc()).limit(1)
    ).first()
    if row is None:
        raise NotFound(_("There is no framework '{slug}'.", slug=slug))
    return row


def version(session: Session, *, slug: str, number: int) -> Framework:
    row = session.scalars(
        select(Framework).where(col(Framework.slug) == slug, col(Framework.version) == number)
    ).one_or_none()
    if row is None:
        raise NotFound(_("Framework '{slug}' has no version {version}.", slug=slug, version=number))
    return row


def by_id(session: Session, *, framework_id: int) -> Framework:
    row = session.get(Framework, framework_id)
    if row is None:
        raise NotFound(_("There is no such framework."))
    return row


def list_newest(session: Session, *, offset: int, limit: int) -> tuple[list[Framework], int]:
    newest_versions = (
        select(col(Framework.slug), func.max(col(Framework.version)).label("v"))
        .group_by(col(Framework.slug))
        .subquery()
    )
    query = select(Framework).join(
        newest_versions,
        (col(Framework.slug) == newest_versions.c.slug) & (col(Framework.version) == newest_versions.c.v),
    )
    total = int(session.execute(select(func.count()).select_from(newest_versions)).scalar_one())
    rows = list(session.scalars(query.order_by(col(Framework.slug)).offset(offset).limit(limit)))
    return rows, total


def summary(framework: Framework) -> FrameworkSummary:
    return FrameworkSummary(
        slug=framework.slug,
        version=framework.version,
        title=text(framework.title),
        summary=text(framework.summary),
        principles=len(framework.principles),
        statements=sum(len(p["statements"]) for p in framework.principles),
        lang=language_of(framework),
        created_at=framework.created_at,
    )


def entry_cards(session: Session, refs: Iterable[Ref]) -> dict[Ref, EntryCard]:
    """The published entries among these refs, as cards in the request's language."""
    wanted: dict[str, set[int]] = {}
    for name, entry_id in refs:
        wanted.setdefault(name, set()).add(entry_id)
    language = i18n.current()
    cards: dict[Ref, EntryCard] = {}
    for kind_name, ids in wanted.items():
        kind = KINDS.get(kind_name)
        if kind is None:
            continue
        table = kind.table
        rows = session.scalars(
            select(table).where(table.column("id").in_(sorted(ids)), table.column("status") == "published")
        )
        for row in rows:
            chosen: dict[str, Any] = (row.translations or {}).get(language) or {} if language != i18n.DEFAULT else {}
            assert row.id is not None
            cards[(kind_name, row.id)] = EntryCard(
                kind=kind.name,
                id=row.id,
                slug=(row.slug_cy if chosen and row.slug_cy else row.slug),
                title=chosen.get("title") or row.title,
                summary=chosen.get("summary") or row.summary,
                url=f"/api/v1/{kind.name}/{row.id}",
            )
    return cards


def _refs(framework: Framework) -> list[Ref]:
    out: list[Ref] = []
    for principle in framework.principles:
        if principle.get("section"):
            out.append((principle["section"][0], principle["section"][1]))
        for statement in principle["statements"]:
            out.extend((kind, entry_id) for kind, entry_id in statement["related"])
    return out


def read(session: Session, *, framework: Framework) -> FrameworkRead:
    cards = entry_cards(session, _refs(framework))
    principles = []
    for p in framework.principles:
        section = cards.get((p["section"][0], p["section"][1])) if p.get("section") else None
        principles.append(
            PrincipleRead(
                key=p["key"],
                title=text(p["title"]),
                summary=text(p["summary"]),
                section=SectionCard(
                    kind=section.kind, id=section.id, slug=section.slug, title=section.title, url=section.url
                )
                if section
                else None,
                statements=[
                    StatementRead(
                        key=s["key"],
                        text=text(s["text"]),
                        help=text(s["help"]),
                        advice=text(s["advice"]),
                        related=[cards[(k, i)] for k, i in s["related"] if (k, i) in cards],
                    )
                    for s in p["statements"]
                ],
            )
        )
    return FrameworkRead(
        slug=framework.slug,
        version=framework.version,
        title=text(framework.title),
        summary=text(framework.summary),
        lang=language_of(framework),
        languages=languages_of(framework),
        created_at=framework.created_at,
        scale=[
            ScaleLevel(level=level["level"], label=text(level["label"]), description=text(level["description"]))
            for level in framework.scale
        ],
        not_applicable=text(framework.not_applicable),
        principles=principles,
    )


# --- writing --------------------------------------------------------------------------------


def _resolve(session: Session, ref: EntryRefIn, field: str, house_id: int) -> list[Any]:
    kind = KINDS[ref.kind]
    table = kind.table
    query = select(table.column("id"))
    if ref.id is not None:
        query = query.where(table.column("id") == ref.id)
    elif ref.slug is not None:
        query = query.where(table.column("slug") == ref.slug)
    else:
        # An external_id is unique per owner: the knowledge base's own entries come first.
        query = query.where(table.column("external_id") == ref.external_id).order_by(
            (table.column("owner_id") != house_id), table.column("id")
        )
    found = session.execute(query.limit(1)).scalar_one_or_none()
    if found is None:
        shown = ref.id if ref.id is not None else (ref.slug or ref.external_id)
        raise ValidationFailed(
            _("There is no {kind} '{ref}' to relate the framework to.", kind=kind.shown_label_lower, ref=shown),
            errors=[field_error(field, _("no such entry"), code="not_found")],
        )
    return [kind.name, int(found)]


def _content(session: Session, data: FrameworkVersionIn) -> dict[str, Any]:
    house_id = keys.house_partner_id(session)
    principles = []
    for pi, p in enumerate(data.principles):
        principles.append(
            {
                "key": p.key,
                "title": stored_text(p.title),
                "summary": stored_text(p.summary),
                "section": _resolve(session, p.section, f"principles.{pi}.section", house_id) if p.section else None,
                "statements": [
                    {
                        "key": s.key,
                        "text": stored_text(s.text),
                        "help": stored_text(s.help),
                        "advice": stored_text(s.advice),
                        "related": _unique(
                            _resolve(session, ref, f"principles.{pi}.statements.{si}.related.{ri}", house_id)
                            for ri, ref in enumerate(s.related)
                        ),
                    }
                    for si, s in enumerate(p.statements)
                ],
            }
        )
    return {
        "title": stored_text(data.title),
        "summary": stored_text(data.summary),
        "not_applicable": stored_text(data.not_applicable),
        "scale": [
            {"level": level.level, "label": stored_text(level.label), "description": stored_text(level.description)}
            for level in data.scale
        ],
        "principles": principles,
    }


def _unique(refs: Iterable[list[Any]]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for ref in refs:
        if ref not in out:
            out.append(ref)
    return out


def _hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _insert(session: Session, slug: str, number: int, content: dict[str, Any]) -> Framework:
    row = Framework(slug=slug, version=number, content_hash=_hash(content), created_at=utcnow(), **content)
    session.add(row)
    session.flush()
    return row


def create(session: Session, *, data: FrameworkIn) -> Framework:
    exists = session.scalars(select(col(Framework.id)).where(col(Framework.slug) == data.slug).limit(1)).first()
    if exists is not None:
        raise Conflict(_("A framework '{slug}' exists already; PUT a new version of it.", slug=data.slug))
    return _insert(session, data.slug, 1, _content(session, data))


def new_version(session: Session, *, slug: str, data: FrameworkVersionIn) -> tuple[Framework, bool]:
    """A new version of an existing framework; (the newest, False) when nothing changed."""
    current = newest(session, slug=slug)
    if data.slug is not None and data.slug != slug:
        raise ValidationFailed(
            _("A framework's slug never changes: this one is '{slug}'.", slug=slug),
            errors=[field_error("slug", _("must be the framework's own slug"), code="immutable")],
        )
    content = _content(session, data)
    if _hash(content) == current.content_hash:
        return current, False
    return _insert(session, slug, current.version + 1, content), True


# --- the seed -------------------------------------------------------------------------------


class FrameworkSeedError(Exception):
    pass


def load_seed(session: Session, *, seed_dir: Path) -> dict[str, int]:
    """Load seed/frameworks.yaml: a framework not yet stored is created, a changed one gets a
    new version, an unchanged one is left alone (so re-seeding changes nothing)."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    path = seed_dir / SEED_FILE
    if not path.exists():
        return counts
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(items, list):
        raise FrameworkSeedError(f"{path}: expected a list of frameworks")
    for item in items:
        try:
            data = FrameworkIn.model_validate(_seed_item(item))
        except ValidationError as exc:
            raise FrameworkSeedError(f"{path}: {item.get('slug')}: {exc}") from exc
        try:
            stored = session.scalars(select(col(Framework.id)).where(col(Framework.slug) == data.slug).limit(1)).first()
            if stored is None:
                create(session, data=data)
                counts["created"] += 1
            elif new_version(session, slug=data.slug, data=data)[1]:
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        except ValidationFailed as exc:
            details = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
            raise FrameworkSeedError(f"{path}: {data.slug}: {exc.detail} {details}") from exc
    return counts


def _seed_item(item: Any) -> Any:
    """The seed names a principle's toolkit section by its external_id alone."""
    if not isinstance(item, dict):
        return item
    principles = []
    for principle in item.get("principles") or []:
        if isinstance(principle, dict) and isinstance(principle.get("section"), str):
            principle = {**principle, "section": {"kind": "toolkit-sections", "external_id": principle["section"]}}
        principles.append(principle)
    return {**item, "principles": principles}
