"""Who is calling, and what they may see and change. The one place for permission rules."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.partner import Role


@dataclass(frozen=True)
class Caller:
    role: Role | None = None  # None: anonymous
    partner_id: int | None = None
    key_id: int | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.role is None

    @property
    def is_editor(self) -> bool:
        """Editors and admins may see and change every entry."""
        return self.role in ("admin", "editor")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


ANONYMOUS = Caller()


def can_see(caller: Caller, *, status: str, owner_id: int) -> bool:
    if status == "published" or caller.is_editor:
        return True
    return caller.partner_id is not None and caller.partner_id == owner_id


def can_change(caller: Caller, *, owner_id: int) -> bool:
    if caller.is_editor:
        return True
    return caller.role == "partner" and caller.partner_id == owner_id
