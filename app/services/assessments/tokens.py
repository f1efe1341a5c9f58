"""Assessment links: bearer secrets in the path. A token is a role prefix and
`secrets.token_urlsafe(32)`; only its SHA-256 is stored, found by that hash and compared in
constant time. An unknown, revoked or malformed token gets the same 404."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Literal

from sqlalchemy import select
from sqlmodel import Session, col

from app.errors import NotFound
from app.i18n import _
from app.models.assessment import AssessmentLink

Role = Literal["owner", "team", "peer"]
PREFIXES: dict[str, Role] = {"own_": "owner", "team_": "team", "peer_": "peer"}
PREFIX_OF: dict[Role, str] = {role: prefix for prefix, role in PREFIXES.items()}
# token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
_SHAPE = re.compile(r"^(own|team|peer)_[A-Za-z0-9_-]{43}$")


def new_token(role: Role) -> tuple[str, str]:
    """A new token for a role and the hash to store."""
    token = PREFIX_OF[role] + secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def role_of(token: str) -> Role | None:
    for prefix, role in PREFIXES.items():
        if token.startswith(prefix):
            return role
    return None


def not_found() -> NotFound:
    return NotFound(_("There is no self-evaluation at this link. Check that you copied the whole link."))


def find_link(session: Session, token: str) -> AssessmentLink:
    """The live link this token is, or the one 404 whatever is wrong with it."""
    if not _SHAPE.match(token):
        raise not_found()
    digest = hash_token(token)
    link = session.scalars(select(AssessmentLink).where(col(AssessmentLink.token_hash) == digest)).one_or_none()
    if (
        link is None
        or not hmac.compare_digest(link.token_hash, digest)
        or link.revoked_at is not None
        or link.role != role_of(token)
    ):
        raise not_found()
    return link


def url_of(token: str) -> str:
    return f"/self-evaluation/{token}"
