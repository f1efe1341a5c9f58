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

NDJSON_TYPES = {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}
_STRUCTURE = re.compile(rb'\\.|["\[\]{},]', re.DOTALL)


class Malformed:
    """An NDJSON line that is not JSON: reported as that item's error, not the request's."""

    def __init__(self, message: str) -> None:
        self.message = message


@dataclass
class BulkBody:
    items: list[Any]
    digest: str  # SHA-256 of the raw body, for Idempotency-Key checks


class _ArrayCounter:
    """Counts the elements of a top-level JSON array while it streams (commas at depth 1),
    so that an oversized batch is refused without parsing it."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.commas = 0
        self.carry = b""

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk
        # A chunk that ends in the middle of an escape (an odd run of backslashes) is
        # finished with the next one.
        trailing = len(data) - len(data.rstrip(b"\\"))
        self.carry = b"\\" if trailing % 2 else b""
        if self.carry:
            data = data[:-1]
        for match in _STRUCTURE.finditer(data):
            token = match.group()
            if len(token) == 2:  # an escape: only meaningful inside strings, and skipped there
                continue
            if token == b'"':
                self.in_string = not self.in_string
            elif self.in_string:
                continue
            elif token in (b"[", b"{"):
                self.depth += 1
            elif token in (b"]", b"}"):
                self.depth -= 1
            elif token == b"," and self.depth == 1:
                self.commas += 1


async def read_bulk_body(request: Request, *, max_items: int, max_line: int) -> BulkBody:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    digest = hashlib.sha256()
    if content_type in NDJSON_TYPES:
        items: list[Any] = []
        pending = b""

        def take(line: bytes) -> None:
            if not line.strip():
                return
            if len(items) >= max_items:
                raise PayloadTooLarge(f"A batch holds at most {max_items} items.")
            try:
                items.append(orjson.loads(line))
            except orjson.JSONDecodeError as exc:
                items.append(Malformed(f"line {len(items) + 1} is not valid JSON: {exc}"))

        async for chunk in request.stream():
            digest.update(chunk)
            pending += chunk
            while True:
                cut = pending.find(b"\n")
                if cut < 0:
                    break
                line, pending = pending[:cut], pending[cut + 1 :]
                if len(line) > max_line:
                    raise PayloadTooLarge(f"An NDJSON line is longer than {max_line} bytes.")
                take(line)
            if len(pending) > max_line:
                raise PayloadTooLarge(f"An NDJSON line is longer than {max_line} bytes.")
        take(pending)
        return BulkBody(items, digest.hexdigest())

    if content_type not in ("application/json", ""):
        raise UnsupportedMediaType("Send a JSON array (application/json) or NDJSON (application/x-ndjson).")
    counter = _ArrayCounter()
    parts: list[bytes] = []
    async for chunk in request.stream():
        digest.update(chunk)
        counter.feed(chunk)
        if counter.commas + 1 > max_items:
            raise PayloadTooLarge(f"A batch holds at most {max_items} items.")
        parts.append(chunk)
    try:
        data = orjson.loads(b"".join(parts))
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(
            f"The body is not valid JSON: {exc}", errors=[field_error("", "not valid JSON", code="json_invalid")]
        ) from exc
    if not isinstance(data, list):
        raise ValidationFailed(
            "Send a JSON array of entries.", errors=[field_error("", "must be a JSON array", code="list_type")]
        )
    if len(data) > max_items:
        raise PayloadTooLarge(f"A batch holds at most {max_items} items.")
    # Items that are not even objects make the request malformed as a whole; objects that
    # fail validation are reported one by one in the answer.
    not_objects = [i for i, item in enumerate(data) if not isinstance(item, dict)]
    if not_objects:
        raise ValidationFailed(
            "Every item of the array must be a JSON object.",
            errors=[field_error(str(i), "must be a JSON object", code="object_type") for i in not_objects[:50]],
        )
    return BulkBody(data, digest.hexdigest())
