"""Every table, imported here so that Alembic and the app see the whole metadata."""

from sqlmodel import SQLModel

# Named constraints, so that migrations (batch mode on SQLite included) can refer to them.
# Set before any table module is imported: this package runs before its modules.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from app.models.assessment import (  # noqa: E402
    Assessment,
    AssessmentAnswer,
    AssessmentLink,
    AssessmentResponse,
    AssessmentRound,
    AssessmentTarget,
)
from app.models.change import Change  # noqa: E402
from app.models.framework import Framework  # noqa: E402
from app.models.held import HeldChange  # noqa: E402
from app.models.idempotency import IdempotentAnswer  # noqa: E402
from app.models.network import Network  # noqa: E402
from app.models.partner import ApiKey, Partner  # noqa: E402
from app.models.project import Project  # noqa: E402
from app.models.relation import Relation  # noqa: E402
from app.models.resource import Resource  # noqa: E402
from app.models.toolkit import ToolkitSection  # noqa: E402

__all__ = [
    "ApiKey",
    "Assessment",
    "AssessmentAnswer",
    "AssessmentLink",
    "AssessmentResponse",
    "AssessmentRound",
    "AssessmentTarget",
    "Change",
    "Framework",
    "HeldChange",
    "IdempotentAnswer",
    "Network",
    "Partner",
    "Project",
    "Relation",
    "Resource",
    "ToolkitSection",
]
