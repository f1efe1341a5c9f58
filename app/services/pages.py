"""What the server-made pages say about an entry: titles, descriptions, canonical and oEmbed
addresses, and schema.org JSON-LD. Plain values for the templates (app/templates/), which
escape them."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote, urlsplit

from sqlmodel import Session

from app.config import Settings
from app.errors import NotFound
from app.kinds import KINDS, Kind
from app.models.entry import EntryRead
from app.models.site import Licence, OEmbed, SiteMeta
from app.services import entries
from app.services.access import ANONYMOUS

SITE_NAME = "Co-production Knowledge Base"
SITE_DESCRIPTION = (
    "Reports, tools, research, case studies and networks for people who design public services "
    "together with the people who use them."
)
# Page titles run from the particular to the site, joined by an en dash (as GOV.UK does).
SEP = " \u2013 "
DESCRIPTION_CHARS = 300
EMBED_SUMMARY_CHARS = 240


def entry_page_url(base: str, kind: str, slug: str) -> str:
    return f"{base}/{kind}/{quote(slug)}"


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + "…"


def description(entry: EntryRead) -> str:
    return shorten(entry.summary or entry.body) or SITE_DESCRIPTION


def published(session: Session, kind_name: str, slug: str) -> EntryRead | None:
    """The entry as anyone may see it, or None (missing, not published, or no such kind)."""
    kind = KINDS.get(kind_name)
    if kind is None:
        return None
    try:
        row = entries.get_visible(session, kind, ANONYMOUS, slug)
    except NotFound:
        return None
    return entries.to_read(session, kind, ANONYMOUS, [row])[0]


def moved_page(session: Session, kind_name: str, slug: str, base: str) -> str | None:
    """The page of the entry a merged entry went into, if anyone may see it."""
    kind = KINDS.get(kind_name)
    moved = entries.moved_to(session, kind, ANONYMOUS, slug) if kind is not None else None
    if moved is None:
        return None
    target_kind, row = moved
    return entry_page_url(base, target_kind.name, row.slug)


def json_ld(kind: Kind, entry: EntryRead, url: str, base: str, settings: Settings) -> dict[str, Any]:
    """schema.org JSON-LD for one entry, with its licence: what every kind has, and the
    kind's own properties (Kind.json_ld)."""
    return {
        "@context": "https://schema.org",
        "@type": kind.schema_type,
        "@id": url,
        "url": url,
        "name": entry.title,
        "description": description(entry),
        "license": settings.licence_url,
        "keywords": entry.keywords,
        "dateCreated": entry.created_at.isoformat(),
        "dateModified": entry.updated_at.isoformat(),
        "inLanguage": "en-GB",
        **kind.json_ld(entry.model_dump(), {"base": base}),
    }


def entry_context(entry: EntryRead, base: str, settings: Settings) -> dict[str, Any]:
    kind = KINDS[entry.kind]
    url = entry_page_url(base, entry.kind, entry.slug)
    return {
        "entry": entry,
        "page_title": SEP.join((entry.title, kind.label, SITE_NAME)),
        "description": description(entry),
        "url": url,
        "site_name": SITE_NAME,
        "oembed_url": f"{base}/api/v1/oembed?url={quote(url, safe='')}&format=json",
        "licence_url": settings.licence_url,
        "json_ld": json_ld(kind, entry, url, base, settings),
    }


def not_found_context() -> dict[str, Any]:
    return {"page_title": SEP.join(("Page not found", SITE_NAME))}


def embed_context(entry: EntryRead | None, base: str, settings: Settings) -> dict[str, Any]:
    context: dict[str, Any] = {
        "entry": entry,
        "home": f"{base}/",
        "site_name": SITE_NAME,
        "licence_url": settings.licence_url,
        "licence_name": settings.licence_name,
        "url": None,
        "page_title": SEP.join(("Not found", SITE_NAME)),
    }
    if entry is not None:
        context.update(
            url=entry_page_url(base, entry.kind, entry.slug),
            kind_label=KINDS[entry.kind].label,
            summary=shorten(entry.summary or entry.body, EMBED_SUMMARY_CHARS),
            page_title=SEP.join((entry.title, SITE_NAME)),
        )
    return context


# --- oEmbed ---------------------------------------------------------------------------------

EMBED_WIDTH, EMBED_HEIGHT = 480, 240


def entry_ref(url: str, base: str) -> tuple[str, str] | None:
    """(kind, slug) of one of our entry pages (or embed cards), or None for any other URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    ours = urlsplit(base)
    if parts.scheme not in ("http", "https") or parts.netloc != ours.netloc:
        return None
    segments = [s for s in parts.path.split("/") if s]
    prefix = [s for s in ours.path.split("/") if s]
    if segments[: len(prefix)] != prefix:
        return None
    segments = segments[len(prefix) :]
    if len(segments) == 3 and segments[0] == "embed":
        segments = segments[1:]
    if len(segments) != 2:
        return None
    name, slug = segments
    kind = KINDS.get(name) or Kind.by_page_alias(name)  # /toolkit/<slug>: the toolkit screen at a section
    return (kind.name, slug) if kind is not None else None


def oembed(entry: EntryRead, base: str, maxwidth: int | None, maxheight: int | None) -> OEmbed:
    width = min(EMBED_WIDTH, maxwidth or EMBED_WIDTH)
    height = min(EMBED_HEIGHT, maxheight or EMBED_HEIGHT)
    src = f"{base}/embed/{entry.kind}/{quote(entry.slug)}"
    title = html.escape(SEP.join((entry.title, SITE_NAME)), quote=True)
    frame = (
        f'<iframe src="{html.escape(src, quote=True)}" width="{width}" height="{height}" title="{title}" '
        # Inline style is the embedding page's business (our CSP is not on it): the card
        # shrinks to fit narrow columns and phones.
        'loading="lazy" frameborder="0" style="max-width: 100%; border: 0;"></iframe>'
    )
    return OEmbed(
        title=entry.title,
        author_name=entry.owner.name,
        provider_name=SITE_NAME,
        provider_url=f"{base}/",
        html=frame,
        width=width,
        height=height,
        cache_age=3600,
    )


def site_meta(settings: Settings) -> SiteMeta:
    return SiteMeta(
        name=SITE_NAME,
        description=SITE_DESCRIPTION,
        licence=Licence(name=settings.licence_name, url=settings.licence_url),
        feeds={"atom": "/api/v1/feed.atom", "json": "/api/v1/feed.json"},
        docs="/api/docs",
    )
