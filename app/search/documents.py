"""The index schema, and the document of one entry.

The index keeps every entry whatever its status (editors search drafts too); a search for
anyone else filters on status=published. One marker document (key "__meta__") holds the last
change-log sequence applied, written in the same commit as the changes it covers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from tantivy import Document, Schema, SchemaBuilder

from app.kinds import KINDS
from app.search import welsh
from app.search.analysis import FOLDED, STEMMED

# Bump when the schema or the analysis changes: a new version is built beside the old one.
SCHEMA_VERSION = 4
META_KEY = "__meta__"

# Full-text fields and their weight in ranking: title and keywords above summary above body.
TEXT_FIELDS: dict[str, float] = {
    "title": 3.0,
    "keywords": 3.0,
    "summary": 2.0,
    "people": 1.5,
    "places": 1.5,
    "body": 1.0,
}
# Joined forms of compounds ("co-production", "co production" → "coproduction"), kept apart
# so that a query for the joined word finds every spelling with one term, not a phrase. A
# single-term alternative is looked for there too, weighted as the text it came from.
COMPOUND_FIELDS: dict[str, float] = {"title_compounds": 3.0, "text_compounds": 1.5}
SINGLE_TERM_FIELDS: dict[str, float] = {**TEXT_FIELDS, **COMPOUND_FIELDS}
# Fields where one wrong letter is forgiven (fuzzy matching is costly on long text).
FUZZY_FIELDS = ("title", "keywords", "summary", "body")

# The Welsh version of an entry's text (its translation), analysed as Welsh (app/search/
# welsh.py): weighted as the English; its compounds joined, as the English ones are; and the
# candidate radical forms of its words (undoing the initial mutations), weighted below the
# exact form so that the form typed ranks first.
WELSH_TEXT_FIELDS: dict[str, float] = {"title_cy": 3.0, "keywords_cy": 3.0, "summary_cy": 2.0, "body_cy": 1.0}
WELSH_COMPOUND_FIELDS: dict[str, float] = {"title_compounds_cy": 3.0, "text_compounds_cy": 1.5}
WELSH_SINGLE_TERM_FIELDS: dict[str, float] = {**WELSH_TEXT_FIELDS, **WELSH_COMPOUND_FIELDS}
WELSH_RADICAL_FIELDS: dict[str, float] = {"title_radicals_cy": 1.0, "text_radicals_cy": 0.4}
# Which languages an entry's text is in: "en" always (the original), "cy" with a Welsh version.
LANGUAGE_FIELD = "language_value"


def build_schema() -> Schema:
    sb = SchemaBuilder()
    sb.add_text_field("key", stored=False, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("kind", stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("version", stored=True, fast=True)
    sb.add_text_field("slug", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("status", stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        sb.add_text_field(name, stored=name in ("title", "summary", "body"), tokenizer_name=STEMMED)
    for name in COMPOUND_FIELDS:
        sb.add_text_field(name, stored=False, tokenizer_name=STEMMED, index_option="freq")
    sb.add_text_field("title_prefix", stored=False, tokenizer_name=FOLDED)
    for name in WELSH_TEXT_FIELDS:
        sb.add_text_field(name, stored=name != "keywords_cy", tokenizer_name=welsh.WELSH)
    for name in WELSH_COMPOUND_FIELDS:
        sb.add_text_field(name, stored=False, tokenizer_name=welsh.WELSH, index_option="freq")
    for name in WELSH_RADICAL_FIELDS:
        sb.add_text_field(name, stored=False, tokenizer_name=FOLDED, index_option="freq")
    sb.add_text_field("title_prefix_cy", stored=False, tokenizer_name=FOLDED)
    sb.add_text_field("keyword_value_cy", stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field(LANGUAGE_FIELD, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    # Exact values for filters and facets (keywords lowercased, so "Housing" and "housing" are one).
    for name in ("type", "keyword", "category", "region", "place"):
        sb.add_text_field(f"{name}_value", stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year_start", indexed=True, fast=True)
    sb.add_integer_field("year_end", indexed=True, fast=True)
    sb.add_integer_field("created", indexed=False, fast=True)
    sb.add_unsigned_field("title_key", fast=True)
    sb.add_integer_field("last_seq", stored=True)
    return sb.build()


SCHEMA = build_schema()


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def title_sort_text(title: str) -> str:
    """Titles sort by their words, ignoring case, accents and punctuation."""
    folded = title.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub(" ", folded).strip()


_SORT_DIGITS = bytes.maketrans(b" 0123456789abcdefghijklmnopqrstuvwxyz", bytes(range(37)))


def title_key(title: str) -> int:
    """A number that sorts like the title's first 12 letters and digits (tantivy sorts only
    on numeric fast fields): base 37, where space < digits < letters; 37**12 < 2**64. Titles
    that share the key are put in order by their full text afterwards."""
    digits = title_sort_text(title).encode("ascii")[:12].ljust(12).translate(_SORT_DIGITS)
    value = 0
    for digit in digits:
        value = value * 37 + digit
    return value


_UNICODE_HYPHENS = {0x2010: "-", 0x2011: "-"}
_HYPHENATED_AT = re.compile(r"\w++(?:-\w++)+")
_CO_SPACED_AT = re.compile(r"co\s+[^\W\d_]\w*", re.IGNORECASE)
_CO_HINT = re.compile(r"co\s")
_CO_HINT_ANY_CASE = re.compile(r"co\s", re.IGNORECASE)


def compounds(text: str) -> str:
    r"""The joined forms of the compounds in a text: hyphenated words ("co-production" →
    "coproduction"), then "co" spaced from its word ("co design" → "codesign"); the query side
    joins them the same way, in analysis.word_alternatives. What it finds is what these
    patterns find, left to right: r"\w+(?:[-\u2010\u2011]\w+)+", then r"\bco\s+[^\W\d_]\w*"
    ignoring case (tests/search/test_compounds.py holds them to it).

    Every entry's whole text passes through here when it is indexed, so it jumps to the
    rare places that matter (a hyphen, a "co" before a space) with str.find and a literal
    search instead of trying a pattern at every word: over five times faster."""
    if "\u2010" in text or "\u2011" in text:
        text = text.translate(_UNICODE_HYPHENS)  # the joined form drops hyphens of any kind
    joined: list[str] = []
    pos = 0
    while (at := text.find("-", pos)) >= 0:
        start = at
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        match = _HYPHENATED_AT.match(text, start) if start < at else None
        if match is not None:
            joined.append(match.group().replace("-", ""))
            pos = match.end()
        else:
            pos = at + 1
    # Candidates are found in the lowercased text when lowercasing keeps every position.
    lower = text.lower()
    hints, haystack = (_CO_HINT, lower) if len(lower) == len(text) else (_CO_HINT_ANY_CASE, text)
    pos = 0
    while (hint := hints.search(haystack, pos)) is not None:
        at = hint.start()
        before = text[at - 1] if at else " "
        match = None if before.isalnum() or before == "_" else _CO_SPACED_AT.match(text, at)
        if match is not None:
            joined.append("".join(match.group().split()))
            pos = match.end()
        else:
            pos = at + 2
    return " ".join(joined)


def entry_key(kind: str, entry_id: int) -> str:
    return f"{kind}:{entry_id}"


def _join(values: Any) -> str:
    return "\n".join(str(v) for v in values if v)


# The columns a document is made of: those every kind has, and each kind's own (Kind.
# search_columns). The index reads only these, not the links or outcomes it does not search.
SHARED_DOCUMENT_COLUMNS = frozenset(
    {"id", "version", "slug", "status", "title", "summary", "body", "keywords", "created_at", "translations"}
)
DOCUMENT_COLUMNS = SHARED_DOCUMENT_COLUMNS.union(*(kind.search_columns for kind in KINDS.values()))


def entry_document(kind: str, row: Mapping[str, Any]) -> Document:
    """The document of one entry (a row of its table, or of its DOCUMENT_COLUMNS, as a mapping)."""
    doc = Document()
    doc.add_text("key", entry_key(kind, row["id"]))
    doc.add_text("kind", kind)
    doc.add_integer("id", row["id"])
    doc.add_integer("version", row["version"])
    doc.add_text("slug", row["slug"])
    doc.add_text("status", row["status"])
    doc.add_text("title", row["title"])
    doc.add_text("title_prefix", row["title"])
    doc.add_text("summary", row["summary"] or "")
    doc.add_text("body", row["body"] or "")
    keywords = [k for k in row.get("keywords") or [] if k]
    title_compounds = compounds("\n".join([row["title"], *keywords]))
    if title_compounds:
        doc.add_text("title_compounds", title_compounds)
    text_compounds = compounds(f"{row['summary'] or ''}\n{row['body'] or ''}")
    if text_compounds:
        doc.add_text("text_compounds", text_compounds)
    for keyword in keywords:
        doc.add_text("keywords", keyword)
        doc.add_text("keyword_value", " ".join(keyword.lower().split()))

    kind_ = KINDS[kind]
    people = [name for name in kind_.people(row) if name]
    if people:
        doc.add_text("people", _join(people))
    places = [row.get(name) for name in kind_.place_columns]
    if any(places):
        doc.add_text("places", _join(places))

    type_value = kind_.type_of(row)
    if type_value:
        doc.add_text("type_value", type_value)
    if row.get("category"):
        doc.add_text("category_value", row["category"])
    region = next((row[name] for name in kind_.region_columns if row.get(name)), None)
    if region:
        doc.add_text("region_value", region)
    if row.get("place"):
        doc.add_text("place_value", row["place"])

    span = kind_.years.span(row) if kind_.years else None
    if span is not None:
        doc.add_integer("year_start", span[0])
        # An ongoing project runs to the end of time, as far as year filters go.
        doc.add_integer("year_end", span[1] if span[1] is not None else 9999)
    doc.add_integer("created", int(row["created_at"].timestamp()))
    doc.add_unsigned("title_key", title_key(row["title"]))
    doc.add_text(LANGUAGE_FIELD, "en")
    _add_welsh(doc, row)
    return doc


def welsh_text(row: Mapping[str, Any]) -> dict[str, Any]:
    """The Welsh title, summary, body and keywords an entry has (those it has)."""
    translations = row.get("translations") or {}
    welsh_ = translations.get("cy") if isinstance(translations, Mapping) else None
    if not isinstance(welsh_, Mapping):
        return {}
    return {name: welsh_[name] for name in ("title", "summary", "body", "keywords") if welsh_.get(name)}


def _add_welsh(doc: Document, row: Mapping[str, Any]) -> None:
    text = welsh_text(row)
    if not text:
        return
    doc.add_text(LANGUAGE_FIELD, "cy")
    title = str(text.get("title") or "")
    keywords = [str(k) for k in text.get("keywords") or [] if k]
    rest = f"{text.get('summary') or ''}\n{text.get('body') or ''}"
    if title:
        doc.add_text("title_cy", title)
        doc.add_text("title_prefix_cy", title)
    for name in ("summary", "body"):
        if text.get(name):
            doc.add_text(f"{name}_cy", str(text[name]))
    for keyword in keywords:
        doc.add_text("keywords_cy", keyword)
        doc.add_text("keyword_value_cy", " ".join(keyword.lower().split()))
    heading = "\n".join([title, *keywords])
    for name, source in (("title_compounds_cy", heading), ("text_compounds_cy", rest)):
        joined = welsh.compounds(source)
        if joined:
            doc.add_text(name, " ".join(joined))
    for name, source in (("title_radicals_cy", heading), ("text_radicals_cy", rest)):
        forms = welsh.radical_terms(source)
        if forms:
            doc.add_text(name, " ".join(forms))


def marker_document(last_seq: int) -> Document:
    doc = Document()
    doc.add_text("key", META_KEY)
    doc.add_integer("last_seq", last_seq)
    return doc
