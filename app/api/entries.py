"""One router, built once per kind: list, read, create, update and delete entries.

(No `from __future__ import annotations` here: FastAPI reads the per-kind schema classes
from the route signatures built inside `entry_router`.)
"""

import inspect
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field, Strict, create_model

from app.api.common import (
    body_etag,
    if_match_versions,
    is_not_modified,
    json_bytes,
    json_response,
    parse_datetime,
    problems,
    refuse_unknown_params,
    version_etag,
)
from app.api.routing import GuardedRoute
from app.deps import CallerDep, EditorWriterDep, KeyCallerDep, PageDep, SessionDep, WriterDep, link_header
from app.errors import NotFound
from app.i18n import _
from app.kinds import KINDS, Kind
from app.models.entry import EntryColumns
from app.models.fields import INT32_MAX, EntryId, KindName, Status
from app.models.held import HeldChangeRead
from app.models.page import Page
from app.services import entries, held, history, merges, moderation
from app.services.entries import ListQuery, Sort

CanonicalId = Annotated[str, "id or slug"]


class DuplicateRef(BaseModel):
    model_config = {"extra": "forbid"}
    kind: KindName | None = Field(default=None, description="The duplicate's kind; by default this entry's.")
    id: EntryId
    version: (
        Annotated[int, Strict(), Field(ge=1, description="Its version as you saw it (guards it as If-Match does).")]
        | None
    ) = None


class MergeRequest(BaseModel):
    model_config = {"extra": "forbid"}
    duplicate: DuplicateRef
    take: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=40, description="Fields whose values come from the duplicate."
    )


class RevertRequest(BaseModel):
    model_config = {"extra": "forbid"}
    version: Annotated[int, Strict(), Field(ge=1, le=INT32_MAX, description="The version to bring back.")]


class Rejection(BaseModel):
    model_config = {"extra": "forbid"}
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class History(BaseModel):
    items: list[history.HistoryItem]


def _filters_dependency(kind: Kind) -> Any:
    """A dependency taking the kind's own filters (category, region, parent_id …) as query
    parameters, so that each kind's OpenAPI lists exactly the filters it accepts."""
    params = []
    for name in kind.filters:
        annotation: Any
        if name == "parent_id":
            annotation = Annotated[int | None, Query(ge=1, le=INT32_MAX, description="Sections under this parent.")]
        else:
            annotation = Annotated[str | None, Query(max_length=300, description=f"Exact {name}.")]
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation))

    async def dependency(**values: Any) -> dict[str, Any]:  # no I/O: no thread-pool hop
        return {name: value for name, value in values.items() if value is not None}

    # FastAPI reads a dependency's parameters from its signature; functions do not declare
    # __signature__ to mypy, though Python reads it (PEP 362).
    dependency.__signature__ = inspect.Signature(params, return_annotation=dict[str, Any])  # type: ignore[attr-defined]
    return dependency


# The routes below take the kind's own schema classes (kind.create, kind.update, kind.read),
# which FastAPI reads from their signatures at run time; mypy cannot use a class held in a
# variable as a type, hence the `valid-type` ignores on them (mypy, not a library, limits here).
def entry_router(kind: Kind) -> APIRouter:
    Create, Update, Read = kind.create, kind.update, kind.read
    PageOut = create_model(f"{Read.__name__}Page", __base__=Page[Read])  # type: ignore[valid-type]
    label = kind.singular.replace("-", " ")
    router = APIRouter(route_class=GuardedRoute, prefix=f"/{kind.name}", tags=[kind.name])
    Filters = Annotated[dict[str, Any], Depends(_filters_dependency(kind))]
    list_params = {
        "page",
        "per_page",
        "status",
        "owner",
        "type",
        "keyword",
        "year",
        "updated_since",
        "sort",
        *kind.filters,
    }

    def one(session: Any, caller: Any, row: EntryColumns) -> Any:
        return entries.to_read(session, kind, caller, [row])[0]

    @router.get(
        "",
        response_model=PageOut,
        summary=f"List {kind.name}",
        responses=problems(304, 401, 403, 422),
    )
    def list_entries(
        request: Request,
        session: SessionDep,
        caller: CallerDep,
        page: PageDep,
        filters: Filters,
        status: Annotated[Status | None, Query(description="Editors: any status; others: published.")] = None,
        owner: Annotated[
            Literal["me"] | None, Query(description="me: the caller's own entries, in every status.")
        ] = None,
        type: Annotated[
            str | None,
            Query(
                max_length=100, description="A resource's type, a project's project_type or a network's network_type."
            ),
        ] = None,
        keyword: Annotated[str | None, Query(max_length=100)] = None,
        year: Annotated[
            int | None,
            Query(ge=1000, le=2999, description="Published that year (resources) or running that year (projects)."),
        ] = None,
        updated_since: Annotated[
            str | None,
            Query(
                max_length=40,
                description="Changed at or after this time (ISO 8601).",
                json_schema_extra={"format": "date-time"},
            ),
        ] = None,
        sort: Annotated[Sort, Query()] = "id",
    ) -> Response:
        refuse_unknown_params(request, list_params)
        since = parse_datetime(updated_since, "updated_since") if updated_since is not None else None
        query = ListQuery(
            status=status,
            owner_me=owner == "me",
            type=type,
            keyword=keyword,
            year=year,
            updated_since=since,
            filters=filters,
            sort=sort,
            page=page.page,
            per_page=page.per_page,
        )
        rows, total = entries.list_entries(session, kind, caller, query)
        body = json_bytes(
            PageOut(
                items=entries.to_read(session, kind, caller, rows), total=total, page=page.page, per_page=page.per_page
            )
        )
        etag = body_etag(body)
        headers = {"ETag": etag, "Link": link_header(request, page, total), "Vary": "Authorization, Accept-Language"}
        if is_not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        return json_response(body, headers=headers)

    @router.post(
        "",
        status_code=201,
        response_model=Read,
        summary=f"Create a {label}",
        responses=problems(401, 403, 409, 413, 415, 422, 429),
    )
    def create_entry(data: Create, writer: WriterDep) -> Response:  # type: ignore[valid-type]
        row = entries.create(writer.session, kind, writer.caller, data)
        body = one(writer.session, writer.caller, row)
        writer.commit()
        return json_response(
            body,
            status_code=201,
            headers={
                "Location": f"/api/v1/{kind.name}/{row.id}",
                "ETag": version_etag(row.version),
                **writer.headers,
            },
        )

    @router.get(
        "/by-external-id/{external_id}",
        response_model=Read,
        summary=f"Read one of your own {kind.name} by its external_id",
        responses=problems(304, 401, 404, 422),
    )
    def read_by_external_id(
        request: Request, external_id: Annotated[str, "external id"], session: SessionDep, caller: KeyCallerDep
    ) -> Response:
        row = entries.by_external_id(session, kind, caller, external_id)
        return _entry_response(request, session, caller, row)

    @router.get(
        "/{ref}",
        response_model=Read,
        summary=f"Read a {label} by id or slug (a merged entry's address answers 301 with where it went)",
        responses={301: {"description": "Merged into another entry: see Location"}, **problems(304, 401, 404, 422)},
    )
    def read_entry(request: Request, ref: CanonicalId, session: SessionDep, caller: CallerDep) -> Response:
        try:
            row = entries.get_visible(session, kind, caller, ref)
        except NotFound:
            # A merged entry's address leads to the entry it was merged into.
            moved = entries.moved_to(session, kind, caller, ref)
            if moved is None:
                raise
            target_kind, target = moved
            return Response(status_code=301, headers={"Location": f"/api/v1/{target_kind.name}/{target.id}"})
        return _entry_response(request, session, caller, row)

    def _entry_response(request: Request, session: Any, caller: Any, row: EntryColumns) -> Response:
        etag = version_etag(row.version)
        headers = {"ETag": etag, "Vary": "Authorization, Accept-Language"}
        if is_not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        return json_response(one(session, caller, row), headers=headers)

    def _update(request: Request, writer: Any, row: EntryColumns, data: BaseModel) -> Response:
        row, outcome = entries.update(
            writer.session, kind, writer.caller, row, data, if_match=if_match_versions(request)
        )
        body = one(writer.session, writer.caller, row)
        writer.commit()
        # A change held for an editor: accepted, not yet made (the entry is as it was).
        status = 202 if outcome == "held" else 200
        return json_response(body, status_code=status, headers={"ETag": version_etag(row.version), **writer.headers})

    def _delete(writer: Any, row: EntryColumns, hard: bool) -> Response:
        entries.delete(writer.session, kind, writer.caller, row, hard=hard)
        writer.commit()
        return Response(status_code=204, headers=writer.headers)

    Hard = Annotated[bool, Query(description="Admins only: delete for good instead of archiving.")]

    @router.get(
        "/{ref}/history",
        response_model=History,
        summary=f"The audit history of a {label}: who changed what, when (editors and owners)",
        responses=problems(401, 404, 422),
    )
    def read_history(ref: CanonicalId, session: SessionDep, caller: KeyCallerDep) -> History:
        row = entries.get_changeable(session, kind, caller, ref)
        assert row.id is not None
        return History(items=history.entry_history(session, kind.name, row.id))

    @router.patch(
        "/by-external-id/{external_id}",
        response_model=Read,
        summary=f"Change one of your own {kind.name} by its external_id",
        description=HELD_NOTE,
        responses={
            202: {"description": "Held for an editor's review", "model": Read},
            **problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429),
        },
    )
    def update_by_external_id(request: Request, external_id: str, data: Update, writer: WriterDep) -> Response:  # type: ignore[valid-type]
        row = entries.by_external_id(writer.session, kind, writer.caller, external_id)
        return _update(request, writer, row, data)

    @router.patch(
        "/{ref}",
        response_model=Read,
        summary=f"Change a {label} (send only the fields that change; If-Match guards against lost updates)",
        description=HELD_NOTE,
        responses={
            202: {"description": "Held for an editor's review", "model": Read},
            **problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429),
        },
    )
    def update_entry(request: Request, ref: CanonicalId, data: Update, writer: WriterDep) -> Response:  # type: ignore[valid-type]
        row = entries.get_changeable(writer.session, kind, writer.caller, ref)
        return _update(request, writer, row, data)

    @router.delete(
        "/by-external-id/{external_id}",
        status_code=204,
        summary=f"Archive (or, for admins, delete) one of your own {kind.name} by its external_id",
        responses=problems(401, 403, 404, 409, 429),
    )
    def delete_by_external_id(external_id: str, writer: WriterDep, hard: Hard = False) -> Response:
        row = entries.by_external_id(writer.session, kind, writer.caller, external_id)
        return _delete(writer, row, hard)

    @router.delete(
        "/{ref}",
        status_code=204,
        summary=f"Archive (or, for admins, delete) a {label}",
        responses=problems(401, 403, 404, 409, 429),
    )
    def delete_entry(ref: CanonicalId, writer: WriterDep, hard: Hard = False) -> Response:
        row = entries.get_changeable(writer.session, kind, writer.caller, ref)
        return _delete(writer, row, hard)

    @router.get(
        "/{ref}/held-change",
        response_model=HeldChangeRead,
        summary=f"The change of a {label} that waits for an editor's review (editors and owners)",
        responses=problems(401, 404, 422),
    )
    def read_held_change(ref: CanonicalId, session: SessionDep, caller: KeyCallerDep) -> Response:
        row = entries.get_changeable(session, kind, caller, ref)
        assert row.id is not None
        change = held.find(session, kind, row.id)
        if change is None:
            raise NotFound(_("No change of this {kind} waits for review.", kind=kind.shown_label_lower))
        return json_response(held.to_read(session, change), headers={"Cache-Control": "no-store"})

    @router.post(
        "/{ref}/publish",
        response_model=Read,
        summary=f"Editors: publish a {label} (a deposit, a reviewed entry) or the change of it that waits for review",
        responses=problems(401, 403, 404, 409, 422, 429),
    )
    def publish(ref: CanonicalId, writer: EditorWriterDep) -> Response:
        row = entries.get_changeable(writer.session, kind, writer.caller, ref)
        moderation.publish(writer.session, kind, writer.caller, row)
        return _decided(writer, row)

    @router.post(
        "/{ref}/reject",
        response_model=Read,
        summary=f"Editors: reject a {label} or the change of it that waits for review, with a reason its sender sees",
        responses=problems(401, 403, 404, 409, 413, 415, 422, 429),
    )
    def reject(ref: CanonicalId, data: Rejection, writer: EditorWriterDep) -> Response:
        row = entries.get_changeable(writer.session, kind, writer.caller, ref)
        moderation.reject(writer.session, kind, writer.caller, row, data.reason)
        return _decided(writer, row)

    @router.post(
        "/{ref}/merge",
        response_model=Read,
        summary=f"Merge a duplicate into this {label} (If-Match guards this entry; the duplicate's version guards it)",
        description=(
            "The entry keeps its own fields, except those named in `take` (the duplicate's), and gains "
            "the duplicate's keywords, links and relations. The duplicate is archived with "
            "`merged_into`, its addresses answer 301 here, and mirrors get a tombstone naming this entry."
        ),
        responses=problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429),
    )
    def merge(request: Request, ref: CanonicalId, data: MergeRequest, writer: WriterDep) -> Response:
        row = entries.get_changeable(writer.session, kind, writer.caller, ref)
        other_kind = KINDS[data.duplicate.kind or kind.name]
        duplicate = entries.get_changeable(writer.session, other_kind, writer.caller, str(data.duplicate.id))
        merges.merge(
            writer.session,
            kind,
            writer.caller,
            row,
            other_kind,
            duplicate,
            take=data.take,
            if_match=if_match_versions(request),
            duplicate_version=data.duplicate.version,
        )
        return _decided(writer, row)

    @router.post(
        "/{ref}/revert",
        response_model=Read,
        summary=f"Revert a {label} to an earlier version from its history (If-Match guards against lost updates)",
        description=(
            "A new version whose content (every field but status and external_id, and its relations) "
            "equals that of `version`, recorded as a revert. Refused (409) if that version relates to "
            "entries that no longer exist. A partner whose changes are reviewed gets 202: held."
        ),
        responses={
            202: {"description": "Held for an editor's review", "model": Read},
            **problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429),
        },
    )
    def revert(request: Request, ref: CanonicalId, data: RevertRequest, writer: WriterDep) -> Response:
        row = entries.get_changeable(writer.session, kind, writer.caller, ref)
        outcome = merges.revert(
            writer.session, kind, writer.caller, row, data.version, if_match=if_match_versions(request)
        )
        return _decided(writer, row, status_code=202 if outcome == "held" else 200)

    def _decided(writer: Any, row: EntryColumns, status_code: int = 200) -> Response:
        assert row.id is not None
        fresh = entries.reload(writer.session, kind, row.id)
        body = one(writer.session, writer.caller, fresh)
        writer.commit()
        return json_response(
            body, status_code=status_code, headers={"ETag": version_etag(fresh.version), **writer.headers}
        )

    return router


HELD_NOTE = (
    "A partner whose new entries are reviewed (and any partner, on the toolkit) changes a published "
    "entry by asking: the answer is 202 with the entry as it stands, and the change waits for an "
    "editor (`GET …/held-change`, `POST …/publish` or `…/reject`). Asking again adds to the change."
)
