"""Validated field types shared by every write schema.

Bounds are chosen so that nothing a client sends can fail at the database: strings have a
length limit and no NUL bytes (PostgreSQL rejects them), integers fit a 32-bit column, URLs
are absolute http(s).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, StringConstraints
from pydantic_core import PydanticCustomError

from app.i18n import _

INT32_MAX = 2_147_483_647

KindName = Literal["resources", "projects", "networks", "toolkit-sections"]
KIND_NAMES: tuple[KindName, ...] = ("resources", "projects", "networks", "toolkit-sections")
Status = Literal["draft", "pending", "published", "rejected", "archived"]
STATUSES: tuple[Status, ...] = ("draft", "pending", "published", "rejected", "archived")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# The same characters as bytes: in UTF-8 they are single bytes, never part of another
# character, so deleting them from the encoded text shows whether there are any.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _has_control(value: str) -> bool:
    # Five times faster than _CONTROL.search on long text (a bulk item's body, say).
    encoded = value.encode("utf-8", "surrogatepass")
    return len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded)


def _clean_text(value: str) -> str:
    # NUL is refused (PostgreSQL cannot store it); other control characters are dropped
    # (tabs and newlines stay); text is NFC, so that the same words compare and search the
    # same whichever way they were typed. Each check is cheap and most text needs no change.
    if _has_control(value):
        if "\x00" in value:
            raise PydanticCustomError("nul", _("must not contain NUL characters"))
        value = _CONTROL.sub("", value)
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return value


# A line that needs no cleaning, the usual case: printable ASCII with no space at either end
# (and, checked apart, no double space). A bulk batch cleans some 20,000 lines.
_PLAIN_LINE = re.compile(r"[!-~](?:[ -~]*[!-~])?")


def _clean_line(value: str) -> str:
    """One line: clean, trimmed, inner whitespace collapsed, no direction overrides."""
    if _PLAIN_LINE.fullmatch(value) and "  " not in value:
        return value
    value = _clean_text(value)
    if _BIDI_CONTROLS.search(value):
        raise PydanticCustomError("bidi", _("must not contain characters that reverse the direction of text"))
    if "  " in value or not value.isprintable() or value[:1].isspace() or value[-1:].isspace():
        value = " ".join(value.split())
    return value


# Characters that change the direction text is shown in: in a one-line field (a title, a
# name) they make it read differently from what it holds, as spoofing does.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _clean_required_line(value: str) -> str:
    value = _clean_line(value)
    if _BIDI_CONTROLS.search(value):
        raise PydanticCustomError("bidi", _("must not contain characters that reverse the direction of text"))
    if not value or not _is_visible(value):
        raise PydanticCustomError("blank", _("must not be blank"))
    return value


def _is_visible(value: str) -> bool:
    """Whether anything shows: a title of only zero-width or other format characters is blank."""
    if value.isascii():
        return True
    return any(unicodedata.category(ch) not in ("Cf", "Zs", "Cc") for ch in value)


# No space, quote, angle bracket, backslash or the other characters RFC 3986 leaves out: an
# address that holds them is a mistake, or an attempt to break out of an attribute.
_URL = re.compile(r"^https?://[^\s/?#\"<>\\^`{|}]+[^\s\"<>\\^`{|}]*$", re.IGNORECASE)


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise PydanticCustomError("url", _("must be an absolute http:// or https:// URL"))
    return value


# One-line strings (titles, names) are trimmed and their inner whitespace collapsed.
Title = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_clean_required_line)]
# A person's or an organisation's name (200 characters, as their columns hold).
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_clean_required_line)]
Line = Annotated[str, StringConstraints(max_length=300), AfterValidator(_clean_line)]
# One sentence a person reads and answers (a self-evaluation's statement).
Sentence = Annotated[str, StringConstraints(min_length=1, max_length=1_000), AfterValidator(_clean_required_line)]
Label = Annotated[str, StringConstraints(max_length=100), AfterValidator(_clean_line)]
Summary = Annotated[str, StringConstraints(max_length=5_000), AfterValidator(_clean_text)]
LongText = Annotated[str, StringConstraints(max_length=200_000), AfterValidator(_clean_text)]
# A deposit's body: the same text, with a smaller bound.
DepositText = Annotated[str, StringConstraints(max_length=50_000), AfterValidator(_clean_text)]
Url = Annotated[
    str,
    StringConstraints(max_length=2_000, strip_whitespace=True),
    AfterValidator(_clean_text),
    AfterValidator(_check_url),
]
ExternalId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    AfterValidator(_clean_text),
]
Keyword = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_clean_required_line)]
# Strict: a JSON true or "2012" is not a number here (lax parsing would take both).
Year = Annotated[int, Strict(), Field(ge=1000, le=2999)]
EntryId = Annotated[int, Strict(), Field(ge=1, le=INT32_MAX)]
Position = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
# An id in a URL path or query string (text there, so not strict).
IdParam = Annotated[int, Field(ge=1, le=INT32_MAX)]


def _dedupe_keywords(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


Keywords = Annotated[list[Keyword], Field(max_length=50), AfterValidator(_dedupe_keywords)]


class StrictModel(BaseModel):
    """Write schemas refuse unknown fields, so a misspelt or read-only field is an error."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Link(StrictModel):
    url: Url
    label: Label = ""


class LinkOut(BaseModel):
    url: str
    label: str


class RelatedRef(StrictModel):
    kind: KindName
    id: EntryId


class RelatedOut(BaseModel):
    kind: KindName
    id: int
    slug: str
    title: str


def is_ascii_digits(text: str) -> bool:
    """Only 0-9: str.isdigit() also accepts superscripts and other scripts' digits, which
    int() refuses or reads differently."""
    return text.isascii() and text.isdigit()
