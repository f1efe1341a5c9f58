"""The whole toolkit tree in one answer."""

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel

from app.api.common import json_response
from app.api.routing import GuardedRoute
from app.deps import CallerDep, SessionDep
from app.models.toolkit import ToolkitNode
from app.services import toolkit

router = APIRouter(route_class=GuardedRoute, tags=["toolkit-sections"])


class Toolkit(BaseModel):
    items: list[ToolkitNode]


@router.get("/toolkit", response_model=Toolkit, summary="The toolkit as a tree, siblings in order")
def read_toolkit(session: SessionDep, caller: CallerDep) -> Response:
    body = Toolkit(items=toolkit.tree(session, caller))
    return json_response(body, headers={"Vary": "Authorization, Accept-Language"})
