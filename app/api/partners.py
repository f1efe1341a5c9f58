"""Partners and their API keys, managed by admins; /me tells a key who it is."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.api.common import json_response, problems
from app.api.routing import GuardedRoute
from app.deps import AdminDep, AdminWriterDep, KeyCallerDep, SessionDep
from app.models.fields import IdParam
from app.models.partner import (
    KeyCreate,
    KeyCreated,
    KeyRead,
    KeyRotate,
    Me,
    PartnerCreate,
    PartnerRead,
    PartnerUpdate,
)
from app.services import partners

router = APIRouter(route_class=GuardedRoute, tags=["partners"])
ADMIN_ERRORS = problems(401, 403, 404, 409, 413, 415, 422, 429)


@router.get("/me", response_model=Me, summary="The caller's role and organisation", responses=problems(401))
def me(session: SessionDep, caller: KeyCallerDep) -> Me:
    assert caller.role is not None and caller.partner_id is not None
    prefix = partners.get_key(session, caller.key_id).prefix if caller.key_id is not None else None
    partner = partners.get_partner(session, caller.partner_id)
    return Me(role=caller.role, partner=PartnerRead.model_validate(partner, from_attributes=True), key_prefix=prefix)


@router.get("/partners", response_model=list[PartnerRead], summary="All partners", responses=problems(401, 403))
def list_partners(session: SessionDep, _: AdminDep) -> list[PartnerRead]:
    return [PartnerRead.model_validate(p, from_attributes=True) for p in partners.list_partners(session)]


@router.post("/partners", status_code=201, response_model=PartnerRead, summary="Add a partner", responses=ADMIN_ERRORS)
def create_partner(data: PartnerCreate, writer: AdminWriterDep) -> Response:
    partner = partners.create_partner(writer.session, data)
    body = PartnerRead.model_validate(partner, from_attributes=True)
    writer.commit()
    return json_response(body, status_code=201, headers={"Location": f"/api/v1/partners/{partner.id}"})


@router.get(
    "/partners/{partner_id}", response_model=PartnerRead, summary="One partner", responses=problems(401, 403, 404, 422)
)
def read_partner(partner_id: IdParam, session: SessionDep, _: AdminDep) -> PartnerRead:
    return PartnerRead.model_validate(partners.get_partner(session, partner_id), from_attributes=True)


@router.patch("/partners/{partner_id}", response_model=PartnerRead, summary="Change a partner", responses=ADMIN_ERRORS)
def update_partner(partner_id: IdParam, data: PartnerUpdate, writer: AdminWriterDep) -> PartnerRead:
    partner = partners.update_partner(writer.session, partners.get_partner(writer.session, partner_id), data)
    body = PartnerRead.model_validate(partner, from_attributes=True)
    writer.commit()
    return body


@router.get(
    "/keys",
    response_model=list[KeyRead],
    summary="API keys (never the keys themselves)",
    responses=problems(401, 403, 422),
)
def list_keys(session: SessionDep, _: AdminDep, partner_id: Annotated[IdParam | None, Query()] = None) -> list[KeyRead]:
    return [KeyRead.model_validate(k, from_attributes=True) for k in partners.list_keys(session, partner_id)]


@router.post(
    "/keys", status_code=201, response_model=KeyCreated, summary="Issue a key (shown once)", responses=ADMIN_ERRORS
)
def create_key(data: KeyCreate, writer: AdminWriterDep) -> Response:
    key, token = partners.issue_key(writer.session, data)
    body = KeyCreated(**KeyRead.model_validate(key, from_attributes=True).model_dump(), key=token)
    writer.commit()
    return json_response(
        body, status_code=201, headers={"Location": f"/api/v1/keys/{key.id}", "Cache-Control": "no-store"}
    )


@router.post("/keys/{key_id}/revoke", response_model=KeyRead, summary="Revoke a key now", responses=ADMIN_ERRORS)
def revoke_key(key_id: IdParam, writer: AdminWriterDep) -> KeyRead:
    key = partners.revoke_key(writer.session, partners.get_key(writer.session, key_id))
    body = KeyRead.model_validate(key, from_attributes=True)
    writer.commit()
    return body


@router.post(
    "/keys/{key_id}/rotate",
    status_code=201,
    response_model=KeyCreated,
    summary="Issue a replacement key; the old one keeps working for the overlap",
    responses=ADMIN_ERRORS,
)
def rotate_key(key_id: IdParam, writer: AdminWriterDep, data: KeyRotate | None = None) -> Response:
    key, token = partners.rotate_key(writer.session, partners.get_key(writer.session, key_id), data or KeyRotate())
    body = KeyCreated(**KeyRead.model_validate(key, from_attributes=True).model_dump(), key=token)
    writer.commit()
    return json_response(
        body, status_code=201, headers={"Location": f"/api/v1/keys/{key.id}", "Cache-Control": "no-store"}
    )
