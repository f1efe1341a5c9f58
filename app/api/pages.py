"""The pages people and crawlers load: the app shell for each screen, with the `<head>` of entry
pages filled by the server (title, description, OpenGraph, canonical link, oEmbed discovery,
schema.org JSON-LD), the `/embed/` cards partners frame, and two small JSON answers:
`/api/v1/meta` (site name and content licence, for the footer) and `/api/v1/oembed`.

Everything put into HTML here is escaped with `html.escape`; JSON-LD has `<`, `>` and `&`
escaped as JSON unicode escapes so that no value can close its script element.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from app.api.common import json_response, problems
from app.config import Settings
from app.deps import SessionDep, SettingsDep
from app.errors import NotFound
from app.kinds import KINDS
from app.models.entry import EntryRead
from app.services import entries
from app.services.access import ANONYMOUS

router = APIRouter(include_in_schema=False)  # HTML, outside /api/v1
api_router = APIRouter(tags=["site"])  # under /api/v1

SITE_NAME = "Co-production Knowledge Base"
SITE_DESCRIPTION = (
    "Reports, tools, research, case studies and networks for people who design public services "
    "together with the people who use them."
)
KIND_LABELS = {
    "resources": "Resource",
    "projects": "Project",
    "networks": "Network",
    "toolkit-sections": "Toolkit section",
}
# schema.org types, as issue 7 asks: a Project is an Organization in schema.org's hierarchy.
SCHEMA_TYPES = {
    "resources": "CreativeWork",
    "projects": "Project",
    "networks": "Organization",
    "toolkit-sections": "CreativeWork",
}
# Page titles run from the particular to the site, joined by an en dash (as GOV.UK does).
SEP = " \u2013 "
HEAD_BLOCK = re.compile(r"<!--ckb:head-->.*?<!--/ckb:head-->", re.DOTALL)
DESCRIPTION_CHARS = 300
EMBED_WIDTH, EMBED_HEIGHT = 480, 240
PAGE_METHODS = ["GET", "HEAD"]  # link checkers and monitors ask with HEAD


# --- URLs -----------------------------------------------------------------------------------


def site_base(request: Request, settings: Settings) -> str:
    """The public origin (and path prefix) of the site, without a trailing slash."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/")


def entry_page_url(base: str, kind: str, slug: str) -> str:
    return f"{base}/{kind}/{quote(slug)}"


# --- the app shell ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _read_shell(path: Path, _mtime_ns: int) -> str:
    return path.read_text(encoding="utf-8")


def _shell(settings: Settings) -> str:
    path = settings.frontend_dir / "index.html"
    try:
        return _read_shell(path, path.stat().st_mtime_ns)
    except FileNotFoundError as exc:
        raise NotFound("This server has no frontend.") from exc


def _shell_response(settings: Settings, head: str | None = None, status_code: int = 200) -> HTMLResponse:
    page = _shell(settings)
    if head is not None:
        # A function as the replacement, so that backslashes in values stay as they are.
        page = HEAD_BLOCK.sub(lambda _: f"<!--ckb:head-->{head}<!--/ckb:head-->", page, count=1)
    return HTMLResponse(page, status_code=status_code, headers={"Cache-Control": "no-cache"})


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + "…"


def _description(entry: EntryRead) -> str:
    return _shorten(entry.summary or entry.body) or SITE_DESCRIPTION


def _json_ld_text(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld(entry: EntryRead, url: str, base: str, settings: Settings) -> dict[str, Any]:
    """schema.org JSON-LD for one entry, with its licence."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[entry.kind],
        "@id": url,
        "url": url,
        "name": entry.title,
        "description": _description(entry),
        "license": settings.licence_url,
        "keywords": entry.keywords,
        "dateCreated": entry.created_at.isoformat(),
        "dateModified": entry.updated_at.isoformat(),
        "inLanguage": "en-GB",
    }
    fields = entry.model_dump()
    if entry.kind == "resources":
        data["author"] = [{"@type": "Person", "name": name} for name in fields["authors"]]
        if fields["publisher"]:
            data["publisher"] = {"@type": "Organization", "name": fields["publisher"]}
        if fields["year"]:
            data["datePublished"] = str(fields["year"])
        if fields["type"]:
            data["genre"] = fields["type"]
        if fields["place"]:
            data["spatialCoverage"] = fields["place"]
        if fields["url"]:
            data["sameAs"] = fields["url"]
    elif entry.kind == "projects":
        data["member"] = [
            {
                "@type": "Person",
                "name": c["name"],
                **({"affiliation": {"@type": "Organization", "name": c["organisation"]}} if c["organisation"] else {}),
                **({"jobTitle": c["role"]} if c["role"] else {}),
            }
            for c in fields["contributors"]
        ]
        if fields["start_year"]:
            data["foundingDate"] = str(fields["start_year"])
        if fields["end_year"]:
            data["dissolutionDate"] = str(fields["end_year"])
        if fields["place"]:
            data["location"] = fields["place"]
        if fields["region"]:
            data["areaServed"] = fields["region"]
    elif entry.kind == "networks":
        if fields["organisation"]:
            data["parentOrganization"] = {"@type": "Organization", "name": fields["organisation"]}
        if fields["region"]:
            data["areaServed"] = fields["region"]
        if fields["url"]:
            data["sameAs"] = fields["url"]
    else:
        data["isPartOf"] = {"@type": "CreativeWork", "name": "Co-production toolkit", "url": f"{base}/toolkit"}
    return data


def entry_head(entry: EntryRead, base: str, settings: Settings) -> str:
    url = entry_page_url(base, entry.kind, entry.slug)
    title = SEP.join((entry.title, KIND_LABELS[entry.kind], SITE_NAME))
    description = _description(entry)
    oembed = f"{base}/api/v1/oembed?url={quote(url, safe='')}&format=json"
    return "\n".join(
        [
            f"<title>{_e(title)}</title>",
            f'<meta name="description" content="{_e(description)}">',
            f'<link rel="canonical" href="{_e(url)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:site_name" content="{_e(SITE_NAME)}">',
            f'<meta property="og:title" content="{_e(entry.title)}">',
            f'<meta property="og:description" content="{_e(description)}">',
            f'<meta property="og:url" content="{_e(url)}">',
            '<meta property="og:locale" content="en_GB">',
            '<meta name="twitter:card" content="summary">',
            f'<link rel="alternate" type="application/json+oembed" href="{_e(oembed)}" title="{_e(entry.title)}">',
            f'<link rel="license" href="{_e(settings.licence_url)}">',
            f'<script type="application/ld+json">{_json_ld_text(json_ld(entry, url, base, settings))}</script>',
        ]
    )


def not_found_head() -> str:
    return f'<title>{_e(SEP.join(("Page not found", SITE_NAME)))}</title>\n<meta name="robots" content="noindex">'


def _published(session: Any, kind: str, slug: str) -> EntryRead | None:
    """The entry as anyone may see it, or None (missing, or not published)."""
    kind_ = KINDS[kind]
    try:
        row = entries.get_visible(session, kind_, ANONYMOUS, slug)
    except NotFound:
        return None
    return entries.to_read(session, kind_, ANONYMOUS, [row])[0]


def _entry_page(request: Request, session: Any, settings: Settings, kind: str, slug: str) -> HTMLResponse:
    entry = _published(session, kind, slug)
    if entry is None:
        return _shell_response(settings, not_found_head(), status_code=404)
    return _shell_response(settings, entry_head(entry, site_base(request, settings), settings))


def _add_entry_route(kind: str) -> None:
    @router.api_route(f"/{kind}/{{slug}}", methods=PAGE_METHODS, response_class=HTMLResponse, name=f"page-{kind}")
    def entry_page(request: Request, slug: str, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
        return _entry_page(request, session, settings, kind, slug)


for _kind in KINDS:
    _add_entry_route(_kind)


@router.api_route("/toolkit/{slug}", methods=PAGE_METHODS, response_class=HTMLResponse)
def toolkit_section_page(request: Request, slug: str, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    """The toolkit screen open at one section; its head is the section's (canonical: the
    section's entry page)."""
    return _entry_page(request, session, settings, "toolkit-sections", slug)


# Screens whose content the browser fetches: the shell as it is.
SCREENS = ("/", "/search", "/toolkit", "/deposit", "/deposit/status/{token}", "/editor", "/editor/{rest:path}")


def _add_screen_route(path: str) -> None:
    @router.api_route(path, methods=PAGE_METHODS, response_class=HTMLResponse, name=f"screen-{path}")
    def screen(settings: SettingsDep) -> HTMLResponse:
        return _shell_response(settings)


for _path in SCREENS:
    _add_screen_route(_path)


# --- embeds ---------------------------------------------------------------------------------

EMBED_PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{page_title}</title>
<meta name="robots" content="noindex">
<link rel="stylesheet" href="/embed.css">
{canonical}
</head>
<body>
<main class="card">
{content}
<p class="card__footer"><a href="{home}" target="_blank" rel="noopener">{site}</a>
<span aria-hidden="true">·</span> <a href="{licence_url}" target="_blank" rel="license noopener">{licence}</a></p>
</main>
</body>
</html>
"""


@router.api_route("/embed/{kind}/{slug}", methods=PAGE_METHODS, response_class=HTMLResponse)
def embed_card(request: Request, kind: str, slug: str, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    """A small card of one entry for partners' pages (framed from the oEmbed answer); the one
    route any site may frame (see app/middleware.py). No script."""
    base = site_base(request, settings)
    entry = _published(session, kind, slug) if kind in KINDS else None
    common = {
        "home": _e(f"{base}/"),
        "site": _e(SITE_NAME),
        "licence_url": _e(settings.licence_url),
        "licence": _e(settings.licence_name),
    }
    if entry is None:
        content = '<p class="card__kind">Not found</p>\n<h1 class="card__title">This entry is not available</h1>'
        page = EMBED_PAGE.format(
            page_title=_e(SEP.join(("Not found", SITE_NAME))), canonical="", content=content, **common
        )
        return HTMLResponse(page, status_code=404)
    url = entry_page_url(base, entry.kind, entry.slug)
    content = "\n".join(
        [
            f'<p class="card__kind">{_e(KIND_LABELS[entry.kind])}</p>',
            f'<h1 class="card__title"><a href="{_e(url)}" target="_blank" rel="noopener">{_e(entry.title)}</a></h1>',
            f'<p class="card__summary">{_e(_shorten(entry.summary or entry.body, 240))}</p>'
            if entry.summary or entry.body
            else "",
        ]
    )
    page = EMBED_PAGE.format(
        page_title=_e(SEP.join((entry.title, SITE_NAME))),
        canonical=f'<link rel="canonical" href="{_e(url)}">',
        content=content,
        **common,
    )
    return HTMLResponse(page, headers={"Cache-Control": "public, max-age=300"})


# --- JSON: site metadata and oEmbed -----------------------------------------------------------


class Licence(BaseModel):
    name: str
    url: str


class SiteMeta(BaseModel):
    name: str
    description: str
    licence: Licence
    feeds: dict[str, str]
    docs: str


@api_router.get("/meta", response_model=SiteMeta, summary="The site's name, content licence and feeds")
def site_meta(settings: SettingsDep) -> Response:
    body = SiteMeta(
        name=SITE_NAME,
        description=SITE_DESCRIPTION,
        licence=Licence(name=settings.licence_name, url=settings.licence_url),
        feeds={"atom": "/api/v1/feed.atom", "json": "/api/v1/feed.json"},
        docs="/api/docs",
    )
    return json_response(body, headers={"Cache-Control": "public, max-age=300"})


class OEmbed(BaseModel):
    """oEmbed 1.0 `rich` answer (https://oembed.com/)."""

    version: Literal["1.0"] = "1.0"
    type: Literal["rich"] = "rich"
    title: str
    author_name: str
    provider_name: str
    provider_url: str
    html: str
    width: int
    height: int
    cache_age: int


def _entry_ref(url: str, base: str, request: Request) -> tuple[str, str] | None:
    """(kind, slug) of one of our entry pages, or None for any other URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    ours = {urlsplit(base).netloc, request.url.netloc}
    if parts.scheme not in ("http", "https") or parts.netloc not in ours:
        return None
    segments = [s for s in parts.path.split("/") if s]
    prefix = [s for s in urlsplit(base).path.split("/") if s]
    if segments[: len(prefix)] != prefix:
        return None
    segments = segments[len(prefix) :]
    if len(segments) == 3 and segments[0] == "embed":
        segments = segments[1:]
    if len(segments) != 2:
        return None
    kind, slug = segments
    if kind == "toolkit":
        kind = "toolkit-sections"
    return (kind, slug) if kind in KINDS else None


@api_router.get(
    "/oembed",
    response_model=OEmbed,
    summary="oEmbed: a card for one of our entry page URLs",
    responses=problems(404, 422),
)
def oembed(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    url: Annotated[str, Query(max_length=2000, description="An entry page URL of this site.")],
    # oEmbed would answer another format with 501; here no answer is a 5xx unless the server
    # fails, so it is a 422 like any other value out of range.
    format: Annotated[Literal["json"], Query(description="Only json is available.")] = "json",
    maxwidth: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    maxheight: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> Response:
    base = site_base(request, settings)
    ref = _entry_ref(url, base, request)
    entry = _published(session, *ref) if ref else None
    if entry is None:
        raise NotFound("That URL is not an entry of this knowledge base.")
    width = min(EMBED_WIDTH, maxwidth or EMBED_WIDTH)
    height = min(EMBED_HEIGHT, maxheight or EMBED_HEIGHT)
    src = f"{base}/embed/{entry.kind}/{quote(entry.slug)}"
    frame = (
        f'<iframe src="{_e(src)}" width="{width}" height="{height}" title="{_e(SEP.join((entry.title, SITE_NAME)))}" '
        # Inline style is the embedding page's business (our CSP is not on it): the card
        # shrinks to fit narrow columns and phones.
        'loading="lazy" frameborder="0" style="max-width: 100%; border: 0;"></iframe>'
    )
    body = OEmbed(
        title=entry.title,
        author_name=entry.owner.name,
        provider_name=SITE_NAME,
        provider_url=f"{base}/",
        html=frame,
        width=width,
        height=height,
        cache_age=3600,
    )
    return json_response(body, headers={"Cache-Control": "public, max-age=300"})
