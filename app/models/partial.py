"""Derive a PATCH schema from a create schema: every field optional, constraints kept."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model


def partial_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    """Fields keep their types, so an explicit null is refused where the create schema refuses
    it; an absent field defaults to None and is left out by `model_dump(exclude_unset=True)`."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        optional = copy.copy(info)
        optional.default = None
        optional.default_factory = None
        fields[field_name] = (info.annotation, optional)
    return create_model(
        name,
        __config__=ConfigDict(extra="forbid"),
        __doc__=f"Partial update of {model.__name__.removesuffix('Create')}: send only what changes.",
        **fields,
    )
