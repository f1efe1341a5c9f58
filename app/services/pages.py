"""What the server-made pages say about an entry: titles, descriptions, canonical and oEmbed
addresses, and schema.org JSON-LD. Plain values for the templates (app/templates/), which
escape them."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from sqlmodel import Session

from app import i18n
from app.config import Settings
from app.errors import NotFound
from app.i18n import N_, TAGS, Language, _
from app.kinds import KINDS, Kind
from app.models.entry import EntryRead
from app.models.site import Licence, OEmbed, SiteMeta
from app.services import entries
from app.services.access import ANONYMOUS

SITE_NAME = N_("Co-production Knowledge Base")
SITE_DESCRIPTION = N_(
    "Reports, tools, research, case studies and networks for people who design public services "
    "together with the people who use them."
)
# Page titles run from the particular to the site, joined by an en dash (as GOV.UK does).
SEP = " \u2013 "
DESCRIPTION_CHARS = 300
EMBED_SUMMARY_CHARS = 240


def entry_page_url(base: str, kind: str, slug: str) -> str:
    return f"{base}/{kind}/{quote(slug)}"


def in_language(path: str, language: Language) -> str:
    """A path of the site ("/search", "/") as the page in `language`: the Welsh pages are the
    same paths under /cy/."""
    if language == i18n.DEFAULT:
        return path
    return f"/{language}{path}" if path != "/" else f"/{language}/"


def entry_slug(entry: EntryRead, language: Language) -> str:
    """The slug of an entry's page in a language: its own slug in that language if it has one."""
    translated = entry.translations.get(language) if language != i18n.DEFAULT else None
    slug = translated.get("slug") if translated else None
    return str(slug) if slug else entry.slug


def entry_url(base: str, entry: EntryRead, language: Language) -> str:
    """The address of an entry's page in `language` (the Welsh page: under /cy/, by its Welsh slug)."""
    return base + in_language(f"/{entry.kind}/{quote(entry_slug(entry, language))}", language)


def site_name() -> str:
    return _(SITE_NAME)


def site_description() -> str:
    return _(SITE_DESCRIPTION)


def page_context(base: str, paths: dict[Language, str], query: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """What every page of the site says about its language (app/templates/page.html): `lang`,
    the `hreflang` links to each language's version (`paths`: the path of this page in each
    language, without the /cy/ prefix), the switch to the other language, the feeds in the
    page's language and the frontend's catalogue for it."""
    language = i18n.current()
    other: Language = "en" if language == "cy" else "cy"
    search = f"?{urlencode(query)}" if query else ""
    hrefs = {lang: base + in_language(path, lang) + search for lang, path in paths.items()}
    alternates = [{"hreflang": TAGS[lang], "href": hrefs[lang]} for lang in i18n.LANGUAGES if lang in hrefs]
    alternates.append({"hreflang": "x-default", "href": hrefs[i18n.DEFAULT]})
    # The switch asks for the other language explicitly (?lang=), which the server remembers
    # (the ckb_lang cookie) and answers with the clean address of that page.
    switch_query = urlencode([*(query or []), ("lang", other)])
    feed_query = "" if language == i18n.DEFAULT else f"?lang={language}"
    return {
        "page": {
            "lang": language,
            "tag": TAGS[language],
            "alternates": alternates,
            "url": hrefs[language],
            "switch": {
                "href": f"{base}{paths[other]}?{switch_query}",
                "hreflang": other,
                "name": i18n.NAMES[other],
            },
            "feeds": {"atom": f"/api/v1/feed.atom{feed_query}", "json": f"/api/v1/feed.json{feed_query}"},
            "messages": i18n.catalogue(language),
        }
    }


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + "…"


def description(entry: EntryRead) -> str:
    return shorten(entry.summary or entry.body) or site_description()


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
    kind's own properties (Kind.json_ld). `inLanguage` is the language of the text shown;
    the English page names its Welsh version (`workTranslation`), the Welsh page the English
    original (`translationOfWork`)."""
    shown = entry.lang if entry.lang in TAGS else i18n.DEFAULT
    data: dict[str, Any] = {
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
        "inLanguage": TAGS[shown],
        **kind.json_ld(entry.model_dump(), {"base": base}),
    }
    if shown == i18n.DEFAULT:
        data["workTranslation"] = [
            {"@type": kind.schema_type, "@id": entry_url(base, entry, lang), "inLanguage": TAGS[lang]}
            for lang in i18n.LANGUAGES
            if lang != i18n.DEFAULT and lang in entry.languages
        ]
        if not data["workTranslation"]:
            del data["workTranslation"]
    else:
        original = entry_url(base, entry, i18n.DEFAULT)
        data["translationOfWork"] = {"@type": kind.schema_type, "@id": original, "inLanguage": TAGS[i18n.DEFAULT]}
    return data


def entry_context(entry: EntryRead, base: str, settings: Settings, *, screen: str | None = None) -> dict[str, Any]:
    """The head of an entry's page in the request's language: the canonical address is this
    language's page (Welsh: under /cy/, by the Welsh slug); the other language's version is
    the same screen (`screen`: the kind's page, or the screen open at the entry, /toolkit)."""
    kind = KINDS[entry.kind]
    language = i18n.current()
    url = entry_url(base, entry, language)
    paths = {lang: f"/{screen or entry.kind}/{quote(entry_slug(entry, lang))}" for lang in i18n.LANGUAGES}
    return {
        **page_context(base, paths),
        "entry": entry,
        "page_title": SEP.join((entry.title, kind.shown_label, site_name())),
        "description": description(entry),
        "url": url,
        "site_name": site_name(),
        "og_locale": TAGS[language].replace("-", "_"),
        "og_locale_alternates": [TAGS[lang].replace("-", "_") for lang in i18n.LANGUAGES if lang != language],
        "oembed_url": f"{base}/api/v1/oembed?url={quote(url, safe='')}&format=json",
        "licence_url": settings.licence_url,
        "json_ld": json_ld(kind, entry, url, base, settings),
    }


def screen_context(base: str, path: str, query: list[tuple[str, str]]) -> dict[str, Any]:
    """A screen whose content the browser fetches: the same path in either language."""
    return page_context(base, dict.fromkeys(i18n.LANGUAGES, path), query)


def not_found_context(base: str, path: str) -> dict[str, Any]:
    return {**screen_context(base, path, []), "page_title": SEP.join((_("Page not found"), site_name()))}


def embed_context(entry: EntryRead | None, base: str, settings: Settings) -> dict[str, Any]:
    language = i18n.current()
    context: dict[str, Any] = {
        "entry": entry,
        "lang_tag": TAGS[language],
        "home": base + in_language("/", language),
        "site_name": site_name(),
        "licence_url": settings.licence_url,
        "licence_name": settings.licence_name,
        "url": None,
        "page_title": SEP.join((_("Not found"), site_name())),
    }
    if entry is not None:
        context.update(
            url=entry_url(base, entry, language),
            kind_label=KINDS[entry.kind].shown_label,
            summary=shorten(entry.summary or entry.body, EMBED_SUMMARY_CHARS),
            page_title=SEP.join((entry.title, site_name())),
            text_lang=TAGS[entry.lang] if entry.lang in TAGS else TAGS[i18n.DEFAULT],
        )
    return context


# --- oEmbed ---------------------------------------------------------------------------------

EMBED_WIDTH, EMBED_HEIGHT = 480, 240


def entry_ref(url: str, base: str) -> tuple[str, str] | None:
    """(kind, slug) of one of our entry pages (or embed cards), in either language, or None for
    any other URL."""
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
    if segments[:1] == [i18n.WELSH_PREFIX.strip("/")]:  # the Welsh page of the entry
        segments = segments[1:]
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
    language = i18n.current()
    # The card in the language asked for: the Welsh card is under /cy/ like every Welsh page.
    src = base + in_language(f"/embed/{entry.kind}/{quote(entry_slug(entry, language))}", language)
    title = html.escape(SEP.join((entry.title, site_name())), quote=True)
    frame = (
        f'<iframe src="{html.escape(src, quote=True)}" width="{width}" height="{height}" title="{title}" '
        # Inline style is the embedding page's business (our CSP is not on it): the card
        # shrinks to fit narrow columns and phones.
        'loading="lazy" frameborder="0" style="max-width: 100%; border: 0;"></iframe>'
    )
    return OEmbed(
        title=entry.title,
        author_name=entry.owner.name,
        provider_name=site_name(),
        provider_url=base + in_language("/", language),
        html=frame,
        width=width,
        height=height,
        cache_age=3600,
    )


def site_meta(settings: Settings) -> SiteMeta:
    return SiteMeta(
        name=site_name(),
        description=site_description(),
        licence=Licence(name=settings.licence_name, url=settings.licence_url),
        feeds={"atom": "/api/v1/feed.atom", "json": "/api/v1/feed.json"},
        docs="/api/docs",
    )
