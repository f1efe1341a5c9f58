"""Reading a bulk body as it streams in: JSON array or NDJSON, with the item limit decided
before the whole body is in memory, and every NDJSON line bounded."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import Request

from app.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed, field_error
from app.i18n import _

COUNT_FROM = 8 * 1024 * 1024
COUNT_STEP = 64 * 1024
MAX_STRING = 4 * 1024 * 1024  # no field holds more; a longer string in a bulk body is refused
NDJSON_TYPES = {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: fast in re
_STRUCTURE = re.compile(rb"[\[\]{},]")


class Malformed:
    """An NDJSON line that is not JSON: reported as that item's error, not the request's."""

    def __init__(self, message: str) -> None:
        self.message = message


@dataclass
class BulkBody:
    """A bulk body as received: checked for size and item count, not parsed yet (parsing is
    CPU work, done off the event loop by `parse`)."""

    ndjson: bool
    lines: list[bytes]  # NDJSON lines, or the pieces of a JSON document
    digest: str  # SHA-256 of the raw body, for Idempotency-Key checks

    def parse(self, max_items: int) -> list[Any]:
        if self.ndjson:
            items: list[Any] = []
            for number, line in enumerate(self.lines, start=1):
                try:
                    items.append(orjson.loads(line))
                except orjson.JSONDecodeError as exc:
                    items.append(Malformed(_("line {number} is not valid JSON: {error}", number=number, error=exc)))
            return items
        try:
            data = orjson.loads(b"".join(self.lines))
        except orjson.JSONDecodeError as exc:
            raise ValidationFailed(
                _("The body is not valid JSON: {error}", error=exc),
                errors=[field_error("", _("not valid JSON"), code="json_invalid")],
            ) from exc
        if not isinstance(data, list):
            raise ValidationFailed(
                _("Send a JSON array of entries."),
                errors=[field_error("", _("must be a JSON array"), code="list_type")],
            )
        if len(data) > max_items:
            raise PayloadTooLarge(_("A batch holds at most {limit} items.", limit=max_items))
        # Items that are not even objects make the request malformed as a whole; objects that
        # fail validation are reported one by one in the answer.
        not_objects = [i for i, item in enumerate(data) if not isinstance(item, dict)]
        if not_objects:
            raise ValidationFailed(
                _("Every item of the array must be a JSON object."),
                errors=[field_error(str(i), _("must be a JSON object"), code="object_type") for i in not_objects[:50]],
            )
        return data


class _ArrayCounter:
    """Counts the elements of a top-level JSON array while it streams (commas at depth 1),
    so that an oversized batch is refused without parsing it. Complete strings are cut out
    by one regular expression (in C) first, so only the few structural characters left are
    looked at one by one."""

    def __init__(self) -> None:
        self.depth = 0
        self.commas = 0
        self.carry = b""

    def feed(self, chunk: bytes) -> None:
        data = _STRINGS.sub(b"", self.carry + chunk)
        # What is left of an unterminated string waits for the next chunk.
        cut = data.find(b'"')
        if cut >= 0:
            data, self.carry = data[:cut], data[cut:]
            if len(self.carry) > MAX_STRING:
                raise PayloadTooLarge(_("A JSON string in the body is longer than {limit} bytes.", limit=MAX_STRING))
        else:
            self.carry = b""
        for match in _STRUCTURE.finditer(data):
            token = match.group()
            if token in (b"[", b"{"):
                self.depth += 1
            elif token in (b"]", b"}"):
                self.depth -= 1
            elif self.depth == 1:
                self.commas += 1


async def read_bulk_body(request: Request, *, max_items: int, max_line: int) -> BulkBody:
    """Receive a bulk body, refusing it (413) as soon as it has too many items or too long a
    line; parse it later with `BulkBody.parse`."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    digest = hashlib.sha256()
    if content_type in NDJSON_TYPES:
        lines: list[bytes] = []
        pending = b""

        def take(line: bytes) -> None:
            if not line.strip():
                return
            if len(lines) >= max_items:
                raise PayloadTooLarge(_("A batch holds at most {limit} items.", limit=max_items))
            lines.append(line)

        async for chunk in request.stream():
            digest.update(chunk)
            pending += chunk
            while True:
                cut = pending.find(b"\n")
                if cut < 0:
                    break
                line, pending = pending[:cut], pending[cut + 1 :]
                if len(line) > max_line:
                    raise PayloadTooLarge(_("An NDJSON line is longer than {limit} bytes.", limit=max_line))
                take(line)
            if len(pending) > max_line:
                raise PayloadTooLarge(_("An NDJSON line is longer than {limit} bytes.", limit=max_line))
        take(pending)
        return BulkBody(True, lines, digest.hexdigest())

    if content_type not in ("application/json", ""):
        raise UnsupportedMediaType(_("Send a JSON array (application/json) or NDJSON (application/x-ndjson)."))
    # Items are counted as the body streams in once it is big enough to matter: a body under
    # COUNT_FROM is parsed in a few milliseconds and its items counted then, while a bigger
    # one is refused as soon as it passes the limit. (Counting costs ~30 ms a megabyte.)
    counter = _ArrayCounter()
    parts: list[bytes] = []
    received = 0
    counted, counted_bytes = 0, 0  # the parts and bytes the counter has seen
    async for chunk in request.stream():
        digest.update(chunk)
        parts.append(chunk)
        received += len(chunk)
        # At least COUNT_STEP new bytes each time, so that a client trickling its body byte by
        # byte cannot make the counter rescan an unfinished string over and over.
        if received >= COUNT_FROM and received - counted_bytes >= COUNT_STEP:
            counter.feed(b"".join(parts[counted:]))
            counted, counted_bytes = len(parts), received
            if counter.commas + 1 > max_items:
                raise PayloadTooLarge(_("A batch holds at most {limit} items.", limit=max_items))
    return BulkBody(False, parts, digest.hexdigest())
