"""`/v1/admin/webhooks`: admins register, list and remove webhook endpoints and read their
deliveries. Admins only (403 for everyone else), within their organisation. Thin: the work
is `webhooks`' functions in a transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from frontline.core.vocabulary import Role
from frontline.server import auth
from frontline.server.admin import AdminError
from frontline.server.errors import forbidden, invalid, not_found
from frontline.server.http import tokens
from frontline.server.outbound import webhooks

router = APIRouter(prefix="/v1/admin/webhooks", tags=["admin"])
Event = Literal["new_observation", "status_change", "answer", "escalation"]


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(max_length=2000, description="http:// or https:// address")
    events: list[Event] = Field(min_length=1, max_length=4)
    stores: list[str] | None = Field(None, max_length=1000,
                                     description="only these stores (ids or codes); none: all")
    departments: list[str] | None = Field(None, max_length=100,
                                          description="only these departments; none: all")
    include_text: bool = Field(False, description="send the observation's text too")


class WebhookOut(BaseModel):
    id: str
    url: str
    events: list[str]
    stores: list[str] | None
    departments: list[str] | None
    include_text: bool
    created_at: str
    pending: int
    sent: int
    failed: int


class WebhookCreated(WebhookOut):
    secret: str = Field(description="signs every delivery; shown this once only")


class Delivery(BaseModel):
    id: str
    event: str
    status: str
    attempts: int
    created_at: str
    sent_at: str | None
    next_attempt_at: str | None
    last_error: str


async def _as_admin(request: Request, write: bool,
                    work: Callable[[Connection, str], Any]) -> Any:
    state = request.app.state.frontline
    user_token, device_token = tokens(request)

    def run() -> Any:
        with (state.db.write() if write else state.db.read()) as conn:
            p = auth.resolve_principal(conn, user_token=user_token, device_token=device_token,
                                       now=auth.now_dt())
            if p.user is None or p.user.role != Role.ADMIN:
                raise forbidden("Webhooks are for admins. Sign in as an admin.")
            try:
                return work(conn, p.org_id)
            except AdminError as error:
                if "There is no webhook" in str(error):
                    raise not_found(str(error)) from None
                raise invalid(str(error)) from None

    return await run_in_threadpool(run)


@router.get("", response_model=list[WebhookOut], summary="List webhook endpoints (admins)")
async def list_webhooks(request: Request) -> Any:
    return await _as_admin(request, False, webhooks.list_hooks)


@router.post("", response_model=WebhookCreated, status_code=201,
             summary="Register a webhook endpoint (admins); the answer shows its secret once")
async def add_webhook(request: Request, body: WebhookIn) -> Any:
    return await _as_admin(request, True, lambda conn, org: webhooks.add(
        conn, org, url=body.url, events=list(body.events), stores=body.stores,
        departments=body.departments, include_text=body.include_text, now=auth.now_dt()))


@router.delete("/{webhook_id}", summary="Remove a webhook endpoint (admins)")
async def remove_webhook(request: Request, webhook_id: str) -> Any:
    return await _as_admin(request, True, lambda conn, org: webhooks.remove(
        conn, org, webhook_id[:40], now=auth.now_dt()))


@router.get("/{webhook_id}/deliveries", response_model=list[Delivery],
            summary="An endpoint's latest deliveries, newest first (admins)")
async def list_deliveries(request: Request, webhook_id: str,
                          limit: int = Query(50, ge=1, le=200)) -> Any:
    return await _as_admin(request, False, lambda conn, org: webhooks.deliveries(
        conn, org, webhook_id[:40], limit))
