"""What the server draws of an entry page or a toolkit section in the first response, so that
the text is there before any script runs (and without one): plain values and small helpers
for the templates (app/templates/entry_main.html and the partials it includes), taken from
the same answers the API gives. The script draws the same screen again from those answers,
embedded in the page (app/api/answers.py)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from babel.dates import format_date
from markupsafe import Markup

from app import i18n
from app.i18n import N_, _
from app.kinds import KINDS
from app.models.entry import EntryRead
from app.models.toolkit import ToolkitNode

# The frontend's words for the type values that are not one capitalised word (labels.js).
TYPE_LABELS = {"case_study": N_("Case study"), "research": N_("Research project")}
LINK_SCHEMES = {"http", "https", "mailto"}
BABEL_LOCALES = {"en": "en_GB", "cy": "cy"}


def type_label(value: str | None) -> str:
    if not value:
        return ""
    if value in TYPE_LABELS:
        return _(TYPE_LABELS[value])
    return value[:1].upper() + value[1:]


def date_text(value: datetime | None) -> str:
    """A date as people write it (2 December 2026), in the page's language."""
    if value is None:
        return ""
    return format_date(value, format="d MMMM y", locale=BABEL_LOCALES.get(i18n.current(), "en_GB"))


def safe_href(url: str | None) -> str | None:
    """A link target for a web address from an entry (http, https or mailto), or None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in LINK_SCHEMES else None


MARK = re.compile(r"(</?mark>)")


def marked(snippet: str) -> Markup:
    """A search snippet (escaped text with the matched words in <mark>) as markup that can
    hold nothing else: each piece of text is escaped again, only the <mark> tags pass."""
    out = []
    for piece in MARK.split(snippet):
        out.append(piece if piece in ("<mark>", "</mark>") else html.escape(html.unescape(piece), quote=False))
    return Markup("".join(out))


def entry_path(kind: str, slug: str) -> str:
    return f"/{kind}/{quote(slug)}"


def toolkit_path(slug: str) -> str:
    return f"/toolkit/{quote(slug)}"


def kind_label(kind: str) -> str:
    return KINDS[kind].shown_label if kind in KINDS else kind


@dataclass
class TreeItem:
    """A toolkit section in the list of all sections: its children are listed when it is
    on the way to the open section (as the script's tree opens them)."""

    node: ToolkitNode
    current: bool
    children: list[TreeItem] = field(default_factory=list)


@dataclass
class ToolkitPlace:
    parent: ToolkitNode | None
    previous: ToolkitNode | None
    next: ToolkitNode | None
    children: list[ToolkitNode]
    tree: list[TreeItem]


def toolkit_place(nodes: list[ToolkitNode], section_id: int) -> ToolkitPlace:
    """Where a section is in the toolkit: its parent, the sections before and after it in
    reading order, its subsections, and the tree as the script first shows it."""
    order: list[tuple[ToolkitNode, ToolkitNode | None]] = []

    def walk(level: list[ToolkitNode], parent: ToolkitNode | None) -> None:
        for node in level:
            order.append((node, parent))
            walk(node.children, node)

    walk(nodes, None)
    at = next((i for i, (node, _parent) in enumerate(order) if node.id == section_id), -1)
    here = order[at] if at >= 0 else None
    parents = {node.id: parent for node, parent in order}
    path: set[int] = set()
    up = parents.get(section_id)
    while up is not None:
        path.add(up.id)
        up = parents.get(up.id)

    def items(level: list[ToolkitNode]) -> list[TreeItem]:
        return [
            TreeItem(node=n, current=n.id == section_id, children=items(n.children) if n.id in path else [])
            for n in level
        ]

    return ToolkitPlace(
        parent=here[1] if here else None,
        previous=order[at - 1][0] if at > 0 else None,
        next=order[at + 1][0] if 0 <= at < len(order) - 1 else None,
        children=here[0].children if here else [],
        tree=items(nodes),
    )


def shown_related(entry: EntryRead) -> int:
    """How many related entries the page lists already (the box asks for that many more)."""
    return len(entry.related)


def related_limit(entry: EntryRead) -> int:
    """As the script's relatedLimit: five beyond those the page lists already, at most 20."""
    return min(20, 5 + shown_related(entry))


def helpers() -> dict[str, Any]:
    """The functions the templates call."""
    return {
        "type_label": type_label,
        "date_text": date_text,
        "safe_href": safe_href,
        "entry_path": entry_path,
        "toolkit_path": toolkit_path,
        "kind_label": kind_label,
        "toolkit_place": toolkit_place,
    }
