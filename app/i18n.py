"""Welsh and English: which language a request is answered in, and the message catalogues.

The language of a request is, in order: `?lang=`, a page path under `/cy/` (the Welsh site:
the same paths otherwise), the reader's remembered choice (the `ckb_lang` cookie, pages only),
then `Accept-Language`; English by default. It is held in a context variable for the time of
the request, so that anything made while answering (a problem's words, a page, a feed) is in
that language without passing it around.

Messages come from gettext catalogues (`app/locale/<lang>/LC_MESSAGES/<domain>.po`, kept with
Babel): `messages` for what the server says, `frontend` for what the browser shows. The .po
files are the source; they are compiled in memory when first used (no .mo files to forget).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache
from gettext import c2py
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

Language = Literal["en", "cy"]
LANGUAGES: tuple[Language, ...] = ("en", "cy")
DEFAULT: Language = "en"
# How each language names itself, and its BCP 47 tag with region, for lang/hreflang and feeds.
NAMES: dict[Language, str] = {"en": "English", "cy": "Cymraeg"}
TAGS: dict[Language, str] = {"en": "en-GB", "cy": "cy-GB"}
COOKIE = "ckb_lang"
WELSH_PREFIX = "/cy"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: ContextVar[Language] = ContextVar("ckb_language", default=DEFAULT)


def current() -> Language:
    return _current.get()


def use(language: Language) -> None:
    """Answer in `language` from here on, in this request (or this command)."""
    _current.set(language)


def parse(value: str | None) -> Language | None:
    """A language we speak from a tag such as "cy", "cy-GB" or "en_GB"; None otherwise."""
    if not value:
        return None
    base = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in LANGUAGES else None


_Q = re.compile(r"^\s*q\s*=\s*([0-9.]+)\s*$")


def from_accept_language(header: str | None) -> Language | None:
    """The best of our languages in an Accept-Language header (RFC 9110 §12.5.4)."""
    if not header:
        return None
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate(header.split(",")[:20]):
        tag, *params = part.split(";")
        language = parse(tag)
        if language is None:
            continue
        quality = 1.0
        for param in params:
            match = _Q.match(param)
            if match:
                try:
                    quality = float(match.group(1))
                except ValueError:
                    quality = 0.0
        if quality > 0 and (best is None or (quality, -position) > (best[0], -best[1])):
            best = (quality, position, language)
    return best[2] if best else None


def negotiate(scope: Scope) -> tuple[Language, bool]:
    """The language of a request, and whether its path is under /cy/ (the Welsh pages)."""
    path: str = scope["path"]
    welsh_path = path == WELSH_PREFIX or path.startswith(WELSH_PREFIX + "/")
    asked = parse(QueryParams(scope.get("query_string", b"").decode("latin-1")).get("lang"))
    if asked is not None:
        return asked, welsh_path
    if welsh_path:
        return "cy", True
    headers = Headers(scope=scope)
    if not path.startswith("/api/"):
        for cookie in headers.get("cookie", "").split(";"):
            name, _, value = cookie.strip().partition("=")
            if name == COOKIE and parse(value):
                return parse(value) or DEFAULT, False
    return from_accept_language(headers.get("accept-language")) or DEFAULT, False


class LanguageMiddleware:
    """Sets the request's language; a page under /cy/ is answered by the route of the same
    path without it (the Welsh site is the same site, in Welsh)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        language, welsh_path = negotiate(scope)
        asked = scope
        if welsh_path:
            path = scope["path"][len(WELSH_PREFIX) :] or "/"
            raw = scope.get("raw_path")
            scope = {
                **scope,
                "path": path,
                "raw_path": raw[len(WELSH_PREFIX) :] or b"/" if isinstance(raw, bytes) else raw,
            }
        scope.setdefault("state", {})["language"] = language
        scope["state"]["welsh_path"] = welsh_path
        token = _current.set(language)
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
            if scope is not asked and "path_params" in scope:
                # The access log (outside) masks secret path parameters by what the route
                # matched: a Welsh page's route matched on the copy.
                asked["path_params"] = scope["path_params"]


# --- catalogues -----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def translations(language: Language, domain: str = "messages") -> NullTranslations:
    """The catalogue of one language and domain (English is the source: its own words)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if language == DEFAULT or not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=domain)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


def gettext(message: str, **values: Any) -> str:
    """`message` in the request's language, with `{name}` placeholders filled from `values`."""
    text = translations(current()).gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    text = translations(current()).ngettext(singular, plural, n)
    return text.format(n=n, **values)


_ = gettext


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it (a module-level constant: a
    problem's title, a kind's label); translate it with `_()` where it is shown."""
    return message


def catalogue(language: Language, domain: str = "frontend") -> dict[str, str]:
    """Every message of a domain as msgid → translation, for the browser (English: empty,
    the script's own words stand)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if language == DEFAULT or not path.exists():
        return {}
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=domain)
    form_of = c2py(catalog.plural_expr)
    out: dict[str, str] = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, str):
            if m.string:
                out[m.id] = str(m.string)
        elif m.string and all(m.string):
            # A message with plural forms: the browser's tn() picks singular or plural by the
            # English rule, so it gets the form for one and the form for many ("other").
            out[str(m.id[0])] = str(m.string[form_of(1)])
            out[str(m.id[1])] = str(m.string[form_of(100)])
    return out
