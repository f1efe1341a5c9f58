"""The whole toolkit tree in one answer."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import CallerDep, SessionDep
from app.models.toolkit import ToolkitNode
from app.services import toolkit

router = APIRouter(tags=["toolkit-sections"])


class Toolkit(BaseModel):
    items: list[ToolkitNode]


@router.get("/toolkit", response_model=Toolkit, summary="The toolkit as a tree, siblings in order")
def read_toolkit(session: SessionDep, caller: CallerDep) -> Toolkit:
    return Toolkit(items=toolkit.tree(session, caller))
