"""Bulk upsert and bulk archive for partners' scripts, one router per kind."""

import hashlib
from typing import Annotated

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from app.api.bodies import BulkBody, read_bulk_body
from app.api.common import json_response, problems
from app.api.routing import BULK_BODY, GuardedRoute
from app.deps import KeyCallerDep, WriterDep, count_write, open_writer
from app.kinds import Kind
from app.models.bulk import BulkDelete, BulkDeleteResult, BulkResult, BulkSummary
from app.services import bulk, idempotency, writes
from app.services.access import Caller


def bulk_router(kind: Kind) -> APIRouter:
    router = APIRouter(route_class=GuardedRoute, prefix=f"/{kind.name}", tags=[kind.name])

    @router.post(
        "/bulk",
        response_model=BulkResult,
        summary=f"Create or update up to 5,000 {kind.name} by external_id (JSON array or NDJSON)",
        description=(
            "Each item needs an `external_id`; a known one (of yours) is updated, a new one created, "
            "an identical one left unchanged. Invalid items are reported and skipped, unless "
            "`atomic=true`: then nothing is written. An `Idempotency-Key` header replays the first answer."
        ),
        responses=problems(401, 403, 409, 413, 415, 422, 429),
        openapi_extra={
            **BULK_BODY,
            "requestBody": {
                "required": True,
                "content": {
                    # Any objects: each is validated against the kind's create schema on its own,
                    # and an invalid one is reported in the answer without failing the rest.
                    "application/json": {
                        "schema": {
                            "type": "array",
                            "description": "At most CKB_BULK_MAX_ITEMS (5,000) items; more is a 413.",
                            "items": {"type": "object", "description": f"a {kind.create.__name__}"},
                        }
                    },
                    "application/x-ndjson": {"schema": {"type": "string"}},
                },
            },
        },
    )
    async def bulk_upsert(
        request: Request,
        caller: KeyCallerDep,
        atomic: Annotated[bool, Query(description="All items or none.")] = False,
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> Response:
        settings = request.app.state.settings
        # The body is read (and bounded) before the write lock is taken.
        body = await read_bulk_body(request, max_items=settings.bulk_max_items, max_line=settings.bulk_max_line_bytes)
        return await run_in_threadpool(_upsert, request, caller, body, atomic, idempotency_key)

    def _upsert(request: Request, caller: Caller, body: BulkBody, atomic: bool, key: str | None) -> Response:
        settings = request.app.state.settings
        request_hash = hashlib.sha256(f"{request.url.path}?atomic={atomic}:{body.digest}".encode()).hexdigest()
        assert caller.partner_id is not None
        items = body.parse(settings.bulk_max_items)  # here, off the event loop
        count_write(request, caller)  # a caller over its limit costs no validation
        # Validated before the write lock is taken, so that other writers' batches are
        # validated meanwhile; upsert() re-checks what the database says under the lock.
        with request.app.state.db.reading() as session:
            author = writes.author_of(session, caller)
            prepared = bulk.prepare(session, kind, author, items)
        with open_writer(request, request.app.state.db, caller) as writer:
            if key is not None:
                answer = idempotency.replay(
                    writer.session,
                    partner_id=caller.partner_id,
                    key=key,
                    request_hash=request_hash,
                    hours=settings.idempotency_hours,
                )
                if answer is not None:
                    return json_response(
                        BulkResult.model_validate(answer.body),
                        status_code=answer.status_code,
                        headers={"Idempotent-Replayed": "true"},
                    )
            results = bulk.upsert(writer.session, kind, author, prepared, atomic=atomic)
            result = BulkResult(items=results, summary=BulkSummary.of(results))
            if key is not None:
                idempotency.remember(
                    writer.session,
                    partner_id=caller.partner_id,
                    key=key,
                    request_hash=request_hash,
                    status_code=200,
                    body=result.model_dump(mode="json"),
                    hours=settings.idempotency_hours,
                )
            writer.commit()
        request.app.state.db.note_inserts(kind.table.__tablename__, result.summary.created)
        return json_response(result, headers=writer.headers)

    @router.post(
        "/bulk-delete",
        response_model=BulkDeleteResult,
        summary=f"Archive your {kind.name} whose external_ids have gone from your source",
        responses=problems(401, 403, 413, 415, 422, 429),
    )
    def bulk_archive(data: Annotated[BulkDelete, Body()], writer: WriterDep) -> Response:
        author = writes.author_of(writer.session, writer.caller)
        body = BulkDeleteResult(items=bulk.archive_gone(writer.session, kind, author, data.external_ids))
        writer.commit()
        return json_response(body, headers=writer.headers)

    return router
