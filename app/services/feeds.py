"""Ways to follow and take away a search: Atom and JSON Feed (newest first) and CSV / NDJSON
export (paging through the search results). Each carries the content licence."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import orjson
from feedgen.feed import FeedGenerator
from sqlalchemy import select

from app import i18n
from app.config import Settings
from app.db import Database
from app.i18n import TAGS, _
from app.kinds import KINDS
from app.models.entry import EntryRead
from app.models.site import Licence
from app.search.index import SearchIndex
from app.search.service import Filters, Hit, SearchSort, search
from app.services import entries, relations
from app.services.access import ANONYMOUS
from app.services.pages import entry_url, in_language, site_description, site_name

EXPORT_PAGE = 200  # search hits fetched per step of an export
SAME_SECOND_MARGIN = 50
ATOM = "application/atom+xml"
JSON_FEED = "application/feed+json"
NDJSON = "application/x-ndjson"


def load(db: Database, hits: Sequence[Hit]) -> list[EntryRead]:
    """The full entries behind search hits, in the hits' order; one query per kind. An entry
    unpublished since the index saw it is left out."""
    found: dict[tuple[str, int], EntryRead] = {}
    with db.reading() as session:
        for name, ids in relations.by_kind((hit.kind, hit.id) for hit in hits).items():
            kind = KINDS[name]
            rows = session.execute(
                select(kind.table).where(kind.column("id").in_(ids), kind.column("status") == "published")
            ).scalars()
            for entry in entries.to_read(session, kind, ANONYMOUS, list(rows)):
                found[(entry.kind, entry.id)] = entry
    return [found[(hit.kind, hit.id)] for hit in hits if (hit.kind, hit.id) in found]


def newest(index: SearchIndex, db: Database, q: str, filters: Filters, limit: int) -> list[EntryRead]:
    # The index orders by creation time to the second: a few more than asked for are read,
    # so that entries made within the same second are put in order here before the cut.
    results = search(index, q, filters, sort="newest", limit=limit + SAME_SECOND_MARGIN, facets=False)
    found = sorted(load(db, results.hits), key=lambda e: (e.created_at, e.id), reverse=True)
    return found[:limit]


def licence_link(settings: Settings) -> str:
    return f'<{settings.licence_url}>; rel="license"'


def search_page(base: str, query: list[tuple[str, str]]) -> str:
    """The search screen showing what a feed follows."""
    query = [(k, v) for k, v in query if k not in ("limit", "lang")]
    language = i18n.current()
    if query:
        return f"{base}{in_language('/search', language)}?{urlencode(query)}"
    return base + in_language("/", language)


# Characters XML 1.0 cannot hold (a query may carry them; stored entries cannot).
NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_title(q: str) -> str:
    q = " ".join(NOT_XML.sub("", q).split())
    if q:
        return _("{site}: {query}", site=site_name(), query=q)
    return _("{site}: newest entries", site=site_name())


def atom(items: list[EntryRead], *, q: str, self_url: str, home: str, base: str, settings: Settings) -> bytes:
    licence = f"{settings.licence_name} ({settings.licence_url})"
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(feed_title(q))
    feed.subtitle(site_description())
    feed.author({"name": site_name(), "uri": base + in_language("/", i18n.current())})
    feed.link(href=self_url, rel="self", type=ATOM)
    feed.link(href=home, rel="alternate", type="text/html")
    feed.link(href=settings.licence_url, rel="license")
    feed.rights(licence)
    feed.language(TAGS[i18n.current()])
    feed.generator(site_name())
    feed.updated(max((e.updated_at for e in items), default=datetime.now(UTC)))
    for entry in items:
        url = entry_url(base, entry, i18n.current())
        item = feed.add_entry(order="append")
        item.id(url)
        item.title(entry.title)
        item.link(href=url, rel="alternate", type="text/html")
        item.published(entry.created_at)
        item.updated(entry.updated_at)
        item.author({"name": entry.owner.name})
        if entry.summary:
            item.summary(entry.summary)
        if entry.body_html:
            item.content(entry.body_html, type="html")
        item.category([{"term": entry.kind, "label": entry.kind}, *({"term": k} for k in entry.keywords)])
        item.rights(licence)
    data: bytes = feed.atom_str(pretty=False)
    return data


def json_feed(
    items: list[EntryRead], *, q: str, self_url: str, home: str, base: str, settings: Settings
) -> dict[str, Any]:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1); `_ckb` objects (extensions, as the
    spec allows) carry the licence on the feed and the entry's kind and API URL on each item."""
    licence = Licence(name=settings.licence_name, url=settings.licence_url).model_dump()
    out = []
    for entry in items:
        url = entry_url(base, entry, i18n.current())
        out.append(
            {
                "id": url,
                "url": url,
                "title": entry.title,
                "summary": entry.summary,
                "content_html": entry.body_html,
                "date_published": entry.created_at.isoformat(),
                "date_modified": entry.updated_at.isoformat(),
                "tags": entry.keywords,
                "language": TAGS.get(entry.lang, TAGS[i18n.DEFAULT]),  # type: ignore[call-overload]
                "authors": [{"name": entry.owner.name}],
                "_ckb": {"kind": entry.kind, "id": entry.id, "api_url": f"{base}/api/v1/{entry.kind}/{entry.id}"},
            }
        )
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_title(q),
        "home_page_url": home,
        "feed_url": self_url,
        "description": _(
            "{description} Content is licensed under {licence}.",
            description=site_description(),
            licence=settings.licence_name,
        ),
        "language": TAGS[i18n.current()],
        "authors": [{"name": site_name(), "url": base + in_language("/", i18n.current())}],
        # Our extension: the licence every item is published under.
        "_ckb": {"about": f"{base}/api/docs", "licence": licence},
        "items": out,
    }


# --- export -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "kind", "id", "slug", "title", "summary", "url", "api_url", "type", "keywords", "year", "start_year",
    "end_year", "authors", "publisher", "organisation", "organisations", "contributors", "place", "region",
    "category", "website", "links", "body", "outcomes", "funding", "created_at", "updated_at", "licence",
    # The languages: of the text above, every one the entry has, and the Welsh version beside it.
    "lang", "languages", "url_cy", "title_cy", "summary_cy", "body_cy",
)  # fmt: skip
# A cell a spreadsheet would run as a formula starts with one of these (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(entry: EntryRead, url: str, api_url: str, licence: str, base: str) -> list[str | int]:
    kind = KINDS[entry.kind]
    data = entry.model_dump(mode="json")
    welsh: dict[str, Any] = entry.translations.get("cy") or {}
    contributors = [
        ", ".join(part for part in (c["name"], c.get("role"), c.get("organisation")) if part)
        for c in data.get("contributors", [])
    ]
    values: dict[str, Any] = {
        **data,
        "url": url,
        "api_url": api_url,
        "type": kind.type_of(data),
        "keywords": "; ".join(data["keywords"]),
        "authors": "; ".join(data.get("authors", [])),
        "organisations": "; ".join(data.get("organisations", [])),
        "contributors": "; ".join(contributors),
        "website": data.get(kind.website_column) if kind.website_column else None,
        "links": "; ".join(link["url"] for link in data["links"]),
        "licence": licence,
        "languages": "; ".join(entry.languages),
        "url_cy": entry_url(base, entry, "cy") if welsh else None,
        "title_cy": welsh.get("title"),
        "summary_cy": welsh.get("summary"),
        "body_cy": welsh.get("body"),
    }
    return [_cell(values.get(column)) for column in CSV_COLUMNS]


def export_lines(
    index: SearchIndex,
    db: Database,
    q: str,
    filters: Filters,
    sort: SearchSort,
    fmt: str,
    base: str,
    settings: Settings,
) -> Iterator[bytes]:
    """The export, a page of search results at a time. Entries that move between pages while
    the export runs (the index moving on) are written once."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    licence = Licence(name=settings.licence_name, url=settings.licence_url)

    def flush() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    if fmt == "csv":
        buffer.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
        writer.writerow(CSV_COLUMNS)
        yield flush()
    seen: set[tuple[str, int]] = set()
    offset = 0
    while True:
        results = search(index, q, filters, sort=sort, offset=offset, limit=EXPORT_PAGE, facets=False)
        hits = [hit for hit in results.hits if (hit.kind, hit.id) not in seen]
        for entry in load(db, hits):
            seen.add((entry.kind, entry.id))
            url = entry_url(base, entry, i18n.current())
            api_url = f"{base}/api/v1/{entry.kind}/{entry.id}"
            if fmt == "csv":
                writer.writerow(csv_row(entry, url, api_url, licence.name, base))
            else:
                line = {
                    **entry.model_dump(mode="json"),
                    "page_url": url,
                    "api_url": api_url,
                    "licence": licence.model_dump(),
                }
                buffer.write(orjson.dumps(line).decode() + "\n")
        if buffer.tell():
            yield flush()
        offset += EXPORT_PAGE
        if not results.hits or offset >= results.total:
            break
