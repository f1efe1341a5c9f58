"""Partner organisations and their keys: creation, rotation with overlap, revocation."""

from __future__ import annotations

from datetime import datetime, timedelta

from slugify import slugify
from sqlalchemy import select
from sqlmodel import Session, col

from app.errors import Conflict, NotFound, ValidationFailed, field_error
from app.i18n import _
from app.models import ApiKey, Partner
from app.models.fields import is_ascii_digits
from app.models.partner import KeyCreate, KeyRotate, PartnerCreate, PartnerUpdate, role_of
from app.models.types import utcnow
from app.services import keys


def list_partners(session: Session) -> list[Partner]:
    return list(session.scalars(select(Partner).order_by(col(Partner.id))).all())


def get_partner(session: Session, partner_id: int) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise NotFound(_("There is no partner {id}.", id=partner_id))
    return partner


def find_partner(session: Session, name: str) -> Partner | None:
    return session.scalars(select(Partner).where(col(Partner.name) == name)).one_or_none()


def create_partner(session: Session, data: PartnerCreate) -> Partner:
    if find_partner(session, data.name) is not None:
        raise Conflict(
            _("A partner named {name} exists already.", name=repr(data.name)),
            errors=[field_error("name", _("is already taken"), code="duplicate")],
        )
    base = slugify(data.name, max_length=100) or "partner"
    slug, n = base, 1
    while session.execute(select(col(Partner.id)).where(col(Partner.slug) == slug)).first() is not None:
        n += 1
        slug = f"{base}-{n}"
    partner = Partner(name=data.name, slug=slug, new_entry_status=data.new_entry_status, created_at=utcnow())
    session.add(partner)
    session.flush()
    return partner


def update_partner(session: Session, partner: Partner, data: PartnerUpdate) -> Partner:
    values = data.model_dump(exclude_unset=True, exclude_none=True)
    if "name" in values and values["name"] != partner.name and find_partner(session, values["name"]):
        raise Conflict(
            _("A partner named {name} exists already.", name=repr(values["name"])),
            errors=[field_error("name", _("is already taken"), code="duplicate")],
        )
    for name, value in values.items():
        setattr(partner, name, value)
    session.add(partner)
    session.flush()
    return partner


def list_keys(session: Session, partner_id: int | None = None) -> list[ApiKey]:
    query = select(ApiKey).order_by(col(ApiKey.id))
    if partner_id is not None:
        query = query.where(col(ApiKey.partner_id) == partner_id)
    return list(session.scalars(query).all())


def get_key(session: Session, key_id: int) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(_("There is no key {id}.", id=key_id))
    return key


def _expiry(days: int | None, now: datetime) -> datetime | None:
    return now + timedelta(days=days) if days else None


def issue_key(session: Session, data: KeyCreate) -> tuple[ApiKey, str]:
    if session.get(Partner, data.partner_id) is None:
        raise ValidationFailed(
            _("There is no partner {id}.", id=data.partner_id),
            errors=[field_error("partner_id", _("the partner does not exist"), code="not_found")],
        )
    return keys.create_key(
        session,
        partner_id=data.partner_id,
        role=data.role,
        name=data.name or "",
        expires_at=_expiry(data.expires_in_days, utcnow()),
    )


def revoke_key(session: Session, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        session.flush()
    return key


def rotate_key(session: Session, key: ApiKey, data: KeyRotate) -> tuple[ApiKey, str]:
    """A new key like the old one; the old one stays valid for the overlap, then expires."""
    if key.revoked_at is not None:
        raise Conflict(_("This key is revoked; issue a new key instead."))
    now = utcnow()
    new_key, token = keys.create_key(
        session,
        partner_id=key.partner_id,
        role=role_of(key.role),
        name=key.name,
        expires_at=_expiry(data.expires_in_days, now),
    )
    overlap_end = now + timedelta(hours=data.overlap_hours)
    if key.expires_at is None or key.expires_at > overlap_end:
        key.expires_at = overlap_end
    session.add(key)
    session.flush()
    return new_key, token


def parse_duration(text: str) -> timedelta:
    """'90d', '12h', '2w' → a timedelta (for the CLI's --expires-in)."""
    units = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in units or not is_ascii_digits(text[:-1]):
        raise ValueError(_("use a number and a unit: 12h, 90d or 2w"))
    return int(text[:-1]) * units[text[-1]]
