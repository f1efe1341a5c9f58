"""API keys: a prefixed random token, shown once; only its SHA-256 is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import Session, col

from app.models import ApiKey, Partner
from app.models.partner import HOUSE_PARTNER_SLUG, Role, role_of
from app.models.types import utcnow
from app.services.access import Caller

KEY_PREFIX = "ckb_"
VISIBLE_CHARS = 12  # "ckb_" and 8 random characters: enough to tell keys apart
# last_used_at is written at most this often per key, so reads rarely need the write lock.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def new_token() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX) and 20 <= len(token) <= 100 and token.isascii()


def house_partner_id(session: Session) -> int:
    partner_id = session.scalars(select(col(Partner.id)).where(col(Partner.slug) == HOUSE_PARTNER_SLUG)).one_or_none()
    if partner_id is None:
        raise RuntimeError("the house partner is missing: run `python -m app migrate`")
    return int(partner_id)


def find_key(session: Session, token: str, *, now: datetime) -> ApiKey | None:
    """The live key for this token, or None (wrong, revoked and expired keys look alike)."""
    if not looks_like_key(token):
        return None
    key = session.scalars(select(ApiKey).where(col(ApiKey.key_hash) == hash_token(token))).one_or_none()
    if key is None or key.revoked_at is not None:
        return None
    if key.expires_at is not None and key.expires_at <= now:
        return None
    return key


def caller_for_key(key: ApiKey) -> Caller:
    return Caller(role=role_of(key.role), partner_id=key.partner_id, key_id=key.id)


def is_bootstrap_key(token: str, admin_key: str | None) -> bool:
    return admin_key is not None and hmac.compare_digest(token.encode("utf-8"), admin_key.encode("utf-8"))


def needs_last_used(key: ApiKey, now: datetime) -> bool:
    return key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION


def record_use(session: Session, key_id: int, now: datetime) -> None:
    session.execute(update(ApiKey).where(col(ApiKey.id) == key_id).values(last_used_at=now))


def create_key(
    session: Session,
    *,
    partner_id: int,
    role: Role,
    name: str = "",
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its plaintext, which is never stored and must be shown to the caller now."""
    token = new_token()
    key = ApiKey(
        partner_id=partner_id,
        role=role,
        name=name,
        prefix=token[:VISIBLE_CHARS],
        key_hash=hash_token(token),
        created_at=utcnow(),
        expires_at=expires_at,
    )
    session.add(key)
    session.flush()
    return key, token
