"""`python -m app load`: send a partner's CSV, JSON or NDJSON file to the bulk endpoint in
batches, with retries, a progress bar, a summary, and the failing rows written beside the
input with their errors."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from app.models.fields import is_ascii_digits

LIST_COLUMNS = {"keywords", "authors", "organisations"}
INT_COLUMNS = {"year", "start_year", "end_year", "position", "parent_id"}
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_ATTEMPTS = 6


class LoadError(Exception):
    pass


@dataclass
class Totals:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error: int = 0
    failures: list[tuple[dict[str, Any], list[dict[str, Any]]]] = field(default_factory=list)


def read_rows(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """Rows of a CSV (a header row names the columns), a JSON array, or NDJSON; and whether
    the file was CSV (whose cells are all text)."""
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8-sig")
    first_line = text.splitlines()[0] if text.strip() else ""
    if suffix == ".csv" or (
        suffix not in (".json", ".ndjson", ".jsonl") and "," in first_line and not text.lstrip().startswith(("{", "["))
    ):
        return [dict(row) for row in csv.DictReader(text.splitlines())], True
    stripped = text.lstrip()
    if stripped.startswith("["):
        data = json.loads(text)
        if not isinstance(data, list):
            raise LoadError(f"{path}: expected a JSON array")
        return data, False
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise LoadError(f"{path}:{number}: not valid JSON ({exc})") from exc
    return rows, False


# What other data sets call some fields, taken when the kind has no column of that name.
ALIASES = {"id": "external_id", "name": "title", "description": "summary"}


def _normal(column: str) -> str:
    return re.sub(r"[\s\-]+", "_", column.strip().lower())


def map_columns(
    columns: list[str], fields: set[str], explicit: dict[str, str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Which field each column fills: `explicit` (column → field, from --map) first, then a
    column named like a field ("Start year" is start_year), then ALIASES. Returns (column →
    field, the columns left out)."""
    explicit = explicit or {}
    for column, name in explicit.items():
        if name not in fields:
            raise LoadError(f"--map {column}={name}: {name} is not a field here (fields: {', '.join(sorted(fields))})")
    mapping: dict[str, str] = {}
    taken = set(explicit.values())
    for column in columns:
        if column in explicit:
            mapping[column] = explicit[column]
    for column in columns:
        if column in mapping:
            continue
        name = _normal(column)
        if name in fields and name not in taken:
            mapping[column] = name
            taken.add(name)
    for column in columns:
        if column in mapping:
            continue
        alias = ALIASES.get(_normal(column))
        if alias is not None and alias in fields and alias not in taken:
            mapping[column] = alias
            taken.add(alias)
    return mapping, [column for column in columns if column not in mapping]


def rename(row: Any, mapping: dict[str, str]) -> Any:
    """A row with its columns named as fields, and the unmapped ones left out."""
    if not isinstance(row, dict):
        return row  # the server reports it as an item that is not an object
    return {mapping[column]: value for column, value in row.items() if column in mapping}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


_CONTRIBUTOR = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<organisation>[^()]*)\)\s*$")


def parse_contributor(text: str) -> dict[str, Any]:
    """'Name | Organisation | Role' or 'Name (Organisation)' or just 'Name'."""
    if "|" in text:
        parts = [p.strip() or None for p in text.split("|")]
        parts += [None] * (3 - len(parts))
        return {"name": parts[0], "organisation": parts[1], "role": parts[2]}
    match = _CONTRIBUTOR.match(text)
    if match:
        return {"name": match["name"].strip(), "organisation": match["organisation"].strip() or None, "role": None}
    return {"name": text, "organisation": None, "role": None}


def parse_publication(text: str) -> dict[str, Any]:
    """'Title | url | year' (url and year optional)."""
    parts = [p.strip() for p in text.split("|")]
    out: dict[str, Any] = {"title": parts[0]}
    if len(parts) > 1 and parts[1]:
        out["url"] = parts[1]
    if len(parts) > 2 and is_ascii_digits(parts[2]):
        out["year"] = int(parts[2])
    return out


def row_from_csv(row: dict[str, str | None]) -> dict[str, Any]:
    """A CSV row as an entry: lists in one cell separated by ';', empty cells left out (so an
    update does not blank a field the file does not carry)."""
    out: dict[str, Any] = {}
    for column, raw in row.items():
        if column is None or raw is None:
            continue
        name = column.strip()
        cell = raw.strip()
        if not name or cell == "":
            continue
        if name in LIST_COLUMNS:
            out[name] = _split(cell)
        elif name == "contributors":
            out[name] = [parse_contributor(part) for part in _split(cell)]
        elif name == "publications":
            out[name] = [parse_publication(part) for part in _split(cell)]
        elif name == "links":
            out[name] = [{"url": part, "label": ""} for part in _split(cell)]
        elif name in INT_COLUMNS and is_ascii_digits(cell.lstrip("-")):
            out[name] = int(cell)
        else:
            out[name] = cell
    return out


def batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def send_batch(client: httpx.Client, url: str, batch: list[dict[str, Any]], *, atomic: bool) -> dict[str, Any]:
    """POST one batch, retrying with backoff on 429, 5xx and network errors. The
    Idempotency-Key makes a retry after a lost answer safe."""
    body = orjson.dumps(batch)
    key = hashlib.sha256(body).hexdigest()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            response = client.post(
                url,
                content=body,
                params={"atomic": "true"} if atomic else None,
                headers={"Content-Type": "application/json", "Idempotency-Key": key},
            )
        except httpx.TransportError as exc:
            if attempt == MAX_ATTEMPTS:
                raise LoadError(f"cannot reach {url}: {exc}") from exc
            time.sleep(_backoff(attempt, None))
            continue
        if response.status_code in RETRY_STATUSES and attempt < MAX_ATTEMPTS:
            time.sleep(_backoff(attempt, response.headers.get("retry-after")))
            continue
        if response.status_code == 200 or (atomic and response.status_code == 422):
            answer: dict[str, Any] = response.json()  # the bulk endpoint answers an object
            return answer
        raise LoadError(f"{response.status_code} from {url}: {_problem_text(response)}")
    raise LoadError("unreachable")


def _backoff(attempt: int, retry_after: str | None) -> float:
    if retry_after and is_ascii_digits(retry_after):
        return min(float(retry_after), 120.0)
    return min(30.0, 0.5 * 2.0 ** (attempt - 1)) * (0.5 + random.random())


def _problem_text(response: httpx.Response) -> str:
    try:
        body = response.json()
        return str(body.get("detail") or body)
    except ValueError:
        return response.text[:300]


def load(
    path: Path,
    *,
    url: str,
    key: str,
    kind: str,
    batch_size: int,
    atomic: bool,
    fields: set[str],
    explicit: dict[str, str] | None = None,
    on_ignored: Callable[[list[str]], None] | None = None,
) -> tuple[Totals, Path | None]:
    """Send the file's rows in batches; `fields` are the kind's writable fields, `explicit`
    the --map choices; `on_ignored(columns)` hears of the columns that fill no field."""
    raw_rows, is_csv = read_rows(path)
    columns = list(dict.fromkeys(column for row in raw_rows if isinstance(row, dict) for column in row if column))
    mapping, ignored = map_columns(columns, fields, explicit)
    if ignored and on_ignored is not None:
        on_ignored(ignored)
    rows = [rename(row, mapping) for row in raw_rows]
    if is_csv:
        rows = [row_from_csv(row) for row in rows]
    endpoint = url.rstrip("/") + f"/api/v1/{kind}/bulk"
    totals = Totals()
    progress = Progress(
        TextColumn(f"loading {path.name} → {kind}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()
    )
    with httpx.Client(headers={"Authorization": f"Bearer {key}"}, timeout=120) as client, progress:
        task = progress.add_task("load", total=len(rows))
        for batch in batches(rows, batch_size):
            answer = send_batch(client, endpoint, batch, atomic=atomic)
            if "items" in answer and "summary" in answer:
                for item in answer["items"]:
                    setattr(totals, item["status"], getattr(totals, item["status"]) + 1)
                    if item["status"] == "error":
                        totals.failures.append((batch[item["index"]], item["errors"]))
            else:  # an atomic batch refused as a whole: every row is reported with the errors
                errors = answer.get("errors", [])
                for index, row in enumerate(batch):
                    mine = [e for e in errors if str(e.get("field", "")).split(".")[0] == str(index)]
                    totals.error += 1
                    totals.failures.append(
                        (row, mine or [{"field": "", "message": "not written: the batch had errors"}])
                    )
            progress.advance(task, len(batch))
    return totals, write_failures(path, totals.failures)


def write_failures(path: Path, failures: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> Path | None:
    """The failing rows beside the input (<name>.errors.ndjson), each with its errors."""
    target = path.with_name(path.stem + ".errors.ndjson")
    if not failures:
        if target.exists():
            target.unlink()
        return None
    with target.open("w", encoding="utf-8") as out:
        for row, errors in failures:
            out.write(json.dumps({"row": row, "errors": errors}, ensure_ascii=False) + "\n")
    return target
