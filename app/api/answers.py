"""The API's answers a page's script asks for first, embedded in the page it is drawn on
(`<script type="application/json" id="ckb-answer">`, read by frontend/js/answers.js), so that
the script draws the screen at once instead of asking the API again, one round trip later.

Each answer is the very body the API would give an anonymous reader in the page's language,
keyed by the API path (and query) the script asks for.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup
from sqlmodel import Session

from app.api.common import json_bytes
from app.api.related import related_items
from app.api.search import search_page
from app.api.toolkit import Toolkit
from app.config import Settings
from app.deps import PageParams
from app.errors import AppError
from app.kinds import KINDS
from app.models.entry import EntryRead
from app.models.toolkit import ToolkitNode
from app.search.service import Filters, SearchSort
from app.services import entries, page_content, pages, toolkit
from app.services.access import ANONYMOUS


def embed(answers: dict[str, bytes]) -> Markup:
    """The answers as one JSON object, safe inside a <script> element: `<`, `>` and `&` are
    escaped as \\u003c and so on (as Jinja's tojson does), so no text in an entry can end the
    element."""
    body = b"{" + b",".join(json.dumps(path).encode() + b":" + answer for path, answer in answers.items()) + b"}"
    text = body.decode()
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, escaped)
    return Markup(text)  # escaped above for a script element; never shown as HTML


def entry_answers(
    state: Any, session: Session, settings: Settings, entry: EntryRead, ref: str, *, toolkit_screen: bool
) -> tuple[dict[str, bytes], list[ToolkitNode]]:
    """What an entry page's script asks first (the entry, its related entries and the site's
    licence), or a toolkit section's (the tree, the section and its related entries); and
    the toolkit tree for the page to draw (empty for other pages)."""
    kind = KINDS[entry.kind]
    row = entries.get_visible(session, kind, ANONYMOUS, ref)
    related = related_items(state, session, ANONYMOUS, kind, row, page_content.related_limit(entry))
    answers = {
        f"/api/v1/{entry.kind}/{ref}": json_bytes(entry),
        f"/api/v1/{entry.kind}/{entry.slug}/related?limit={page_content.related_limit(entry)}": json_bytes(related),
    }
    nodes: list[ToolkitNode] = []
    if toolkit_screen:
        nodes = toolkit.tree(session, ANONYMOUS)
        answers["/api/v1/toolkit"] = json_bytes(Toolkit(items=nodes))
    else:
        answers["/api/v1/meta"] = json_bytes(pages.site_meta(settings))
    return answers, nodes


def related_of(answers: dict[str, bytes], entry: EntryRead) -> list[dict[str, Any]]:
    """The related entries the page's box shows: those the page does not list already."""
    body = answers[f"/api/v1/{entry.kind}/{entry.slug}/related?limit={page_content.related_limit(entry)}"]
    listed = {(r.kind, r.id) for r in entry.related}
    items: list[dict[str, Any]] = json.loads(body)["items"]
    return [item for item in items if (item["kind"], item["id"]) not in listed][:5]


SEARCH_PER_PAGE = 20  # as the search screen asks (frontend/js/screens/search/state.js)
SEARCH_MAX_PAGE = 500


def _listing(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def search_answers(state: Any, settings: Settings, query: list[tuple[str, str]]) -> tuple[dict[str, bytes], Any]:
    """The search screen's first question, for the screen's address (?q=&kind=&type=&keyword=
    &decade=&sort=&page=, read as its script reads it: state.js), answered as GET /search
    answers it; nothing when the script would be refused (it then asks, and says why)."""
    values: dict[str, list[str]] = {}
    for name, value in query:
        values.setdefault(name, []).append(value)

    def first(name: str) -> str:
        return values.get(name, [""])[0]

    q = first("q").strip()
    kinds, types = _listing(values.get("kind", [])), _listing(values.get("type", []))
    keywords = [v.strip() for v in values.get("keyword", []) if v.strip()]
    decade = int(first("decade")) if first("decade").isdigit() else None
    if decade is not None and not (1000 <= decade <= 2990 and decade % 10 == 0):
        decade = None
    sort: SearchSort = "newest" if first("sort") == "newest" else "title" if first("sort") == "title" else "relevance"
    page = int(first("page")) if first("page").isdigit() and int(first("page")) >= 1 else 1
    page = min(page, SEARCH_MAX_PAGE)
    if (
        len(q) > 1000
        or any(k not in KINDS for k in kinds)
        or len(kinds) > 4
        or len(types) > 20
        or len(keywords) > 20
        or page * SEARCH_PER_PAGE > settings.max_page_depth + SEARCH_PER_PAGE
    ):
        return {}, None
    filters = Filters(
        kinds=kinds,
        types=types,
        keywords=keywords,
        year_from=decade,
        year_to=decade + 9 if decade is not None else None,
    )
    try:
        body = search_page(
            state, q, filters, sort=sort, page=PageParams(page=page, per_page=SEARCH_PER_PAGE), mode="hybrid"
        )
    except AppError:
        return {}, None
    params: list[tuple[str, str | int]] = [("q", q)] if q else []
    params += [("kind", k) for k in kinds] + [("type", t) for t in types] + [("keyword", k) for k in keywords]
    if decade is not None:
        params += [("year_from", decade), ("year_to", decade + 9)]
    params += [("sort", sort), ("page", page), ("per_page", SEARCH_PER_PAGE)]
    return {f"/api/v1/search?{urlencode(params)}": json_bytes(body)}, body


def screen_answers(
    state: Any, settings: Settings, screen: str, query: list[tuple[str, str]]
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """What a screen's script asks first (the search screen its search, the deposit form the
    site's licence), and what the page shows of it (the search's hits)."""
    if screen == "search":
        answers, body = search_answers(state, settings, query)
        if body is None:
            return answers, {"hits": None}
        hits = [{**vars(hit), "snippet": page_content.marked(hit.snippet)} for hit in body.items]
        return answers, {"hits": hits, "total": body.total}
    if screen == "deposit":
        return {"/api/v1/meta": json_bytes(pages.site_meta(settings))}, {}
    return {}, {}
