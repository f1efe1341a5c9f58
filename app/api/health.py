"""Liveness for load balancers and the container's health check."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.api.common import problems
from app.api.routing import GuardedRoute
from app.deps import CallerDep, DatabaseDep, IndexerDep
from app.errors import ServiceUnavailable
from app.i18n import _
from app.search.indexer import current_seq

router = APIRouter(route_class=GuardedRoute, tags=["health"])


class IndexHealth(BaseModel):
    # The change-log position this process's index has applied: to callers with a key only
    # (counted over every change, drafts' too, it would tell anyone when unpublished entries
    # are written); anyone sees how far behind it is.
    applied_seq: int | None
    behind: int
    writer: bool


class Health(BaseModel):
    status: str
    database: str
    index: IndexHealth


@router.get("/healthz", response_model=Health, responses=problems(503), summary="200 when the database answers")
def healthz(db: DatabaseDep, indexer: IndexerDep, caller: CallerDep) -> Health:
    if not db.ping():
        raise ServiceUnavailable(_("The database does not answer."))
    applied = indexer.applied
    return Health(
        status="ok",
        database=db.engine.dialect.name,
        index=IndexHealth(
            applied_seq=None if caller.is_anonymous else applied,
            behind=max(0, current_seq(db) - applied),
            writer=indexer.is_writer,
        ),
    )
