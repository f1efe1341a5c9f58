"""What a batch write answers: one outcome per item (the one bulk outcome type, used by the
write path, the bulk routes and the seed alike)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer

from app.errors import FieldError
from app.models.fields import ExternalId

# "held": a change to a published entry that waits for an editor (moderated partners).
Outcome = Literal["created", "updated", "unchanged", "held", "error"]
ArchiveOutcome = Literal["archived", "unchanged", "not_found"]


class ItemResult(BaseModel):
    index: int
    status: Outcome
    external_id: str | None = None
    id: int | None = None
    errors: list[FieldError] = []


class BulkSummary(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Only in answers that held some (the summary's shape is what scripts written before
    # moderation of changes compare against).
    held: int = 0
    error: int = 0

    @model_serializer(mode="wrap")
    def _without_zero_held(self, handler: SerializerFunctionWrapHandler) -> dict[str, int]:
        data: dict[str, int] = handler(self)
        if not data.get("held"):
            data.pop("held", None)
        return data

    @classmethod
    def of(cls, results: Iterable[ItemResult]) -> BulkSummary:
        summary = cls()
        for result in results:
            setattr(summary, result.status, getattr(summary, result.status) + 1)
        return summary


class BulkResult(BaseModel):
    items: list[ItemResult]
    summary: BulkSummary


class BulkDelete(BaseModel):
    model_config = {"extra": "forbid"}
    external_ids: list[ExternalId] = Field(max_length=5000)


class ArchiveResult(BaseModel):
    external_id: str
    status: ArchiveOutcome
    id: int | None = None


class BulkDeleteResult(BaseModel):
    items: list[ArchiveResult]
