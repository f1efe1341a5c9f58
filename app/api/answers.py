"""The API's answers a page's script asks for first, embedded in the page it is drawn on
(`<script type="application/json" id="ckb-answer">`, read by frontend/js/answers.js), so that
the script draws the screen at once instead of asking the API again, one round trip later.

Each answer is the very body the API would give an anonymous reader in the page's language,
keyed by the API path (and query) the script asks for.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup
from sqlmodel import Session

from app.api.common import json_bytes
from app.api.related import related_items
from app.api.toolkit import Toolkit
from app.config import Settings
from app.kinds import KINDS
from app.models.entry import EntryRead
from app.models.toolkit import ToolkitNode
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
    return Markup(text)  # noqa: S704 - escaped above for a script element; never shown as HTML


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
