"""Liveness for load balancers and the container's health check."""

from fastapi import APIRouter, Request
from pydantic import BaseModel

from app.api.common import problems
from app.deps import DatabaseDep
from app.errors import ServiceUnavailable

router = APIRouter(tags=["health"])


class IndexHealth(BaseModel):
    applied_seq: int
    writer: bool


class Health(BaseModel):
    status: str
    database: str
    index: IndexHealth


@router.get("/healthz", response_model=Health, responses=problems(503), summary="200 when the database answers")
def healthz(request: Request, db: DatabaseDep) -> Health:
    if not db.ping():
        raise ServiceUnavailable("The database does not answer.")
    indexer = request.app.state.indexer
    return Health(
        status="ok",
        database=db.engine.dialect.name,
        index=IndexHealth(applied_seq=indexer.applied, writer=indexer.is_writer),
    )
