"""Liveness for load balancers and the container's health check."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.api.common import problems
from app.deps import DatabaseDep
from app.errors import ServiceUnavailable

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str


@router.get("/healthz", response_model=Health, responses=problems(503), summary="200 when the database answers")
def healthz(db: DatabaseDep) -> Health:
    if not db.ping():
        raise ServiceUnavailable("The database does not answer.")
    return Health(status="ok", database=db.engine.dialect.name)
