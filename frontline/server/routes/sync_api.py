"""The sync API (`/v1/...`): enrolment, sign-in, push, pull, reference data, devices.

Thin: each route checks the protocol version, reads a bounded body, resolves the
caller, and calls a plain function in a transaction (in a worker thread)."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from frontline.core.vocabulary import Role
from frontline.server import admin, auth, faultpoints, schemas, sync
from frontline.server.errors import ApiError, forbidden, invalid, not_found
from frontline.server.http import (
    ascii_int,
    check_protocol,
    client_address,
    json_model,
    parse_json,
    parse_push,
    read_body,
    tokens,
    validate_model,
)
from frontline.server.observability import log
from frontline.server.privacy import Redactor, pushed_texts
from frontline.sync.protocol import (
    PROTOCOL_VERSION,
    PUSH_RESULTS_HEADER,
    PUSH_RESULTS_SHORT,
    ErrorCode,
)

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorBody, "description": text}
    for code, text in {
        400: "Malformed request", 401: "Token missing, unknown, expired or revoked",
        403: "Outside the caller's scope", 413: "Body or batch too large",
        422: "A field is missing or has the wrong type",
        426: "Client too old: `update_required`", 429: "Too many attempts (Retry-After)",
        503: "Busy (Retry-After)",
    }.items()
}

router = APIRouter(prefix="/v1", tags=["sync"], responses=ERRORS)

#: Models of bodies the routes read themselves; added to the OpenAPI schema.
REQUEST_MODELS = (schemas.PushRequest, schemas.EnrolRequest, schemas.SignInRequest,
                  schemas.EnrolmentCodeRequest, schemas.Empty)

SMALL_BODY = 16 * 1024  # enrolment, sign-in and other small requests
#: An id in a path: a UUID in canonical form, like every id a client sends (422 otherwise).
def _id_in_path() -> Any:
    return Path(min_length=36, max_length=36, pattern=schemas.UUID_PATTERN,
                description="A UUID (lowercase, with hyphens)")


def _state(request: Request) -> Any:
    return request.app.state.frontline


def _body_schema(model: type[Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


async def _principal(request: Request) -> auth.Principal:
    state = _state(request)
    user_token, device_token = tokens(request)

    def resolve() -> auth.Principal:
        with state.db.read() as conn:
            return auth.resolve_principal(conn, user_token=user_token, device_token=device_token,
                                          now=auth.now_dt())

    return await run_in_threadpool(resolve)


@router.post("/enrol", response_model=schemas.EnrolResponse, summary="Enrol a PC with a one-time code",
             openapi_extra=_body_schema(schemas.EnrolRequest))
async def enrol(request: Request) -> dict[str, Any]:
    check_protocol(request)
    state = _state(request)
    body = await json_model(request, schemas.EnrolRequest, SMALL_BODY)

    def run() -> dict[str, Any]:
        with state.db.write() as conn:
            return auth.enrol_device(conn, state.settings, code=body.code,
                                     device_name=body.device_name, now=auth.now_dt())

    return await run_in_threadpool(run)


@router.post("/sign-in", response_model=schemas.SignInResponse, summary="Sign in with a password",
             openapi_extra=_body_schema(schemas.SignInRequest))
async def sign_in(request: Request) -> dict[str, Any]:
    check_protocol(request)
    state = _state(request)
    body = await json_model(request, schemas.SignInRequest, SMALL_BODY)
    address = client_address(request)

    async with state.hash_gate.slot():  # a ceiling on argon2 at once: floods get 503
        try:
            return await run_in_threadpool(
                functools.partial(auth.sign_in, state.db, state.settings, body.username,
                                  body.password, address=address, memory=state.sign_in_counts))
        except ApiError as error:  # the audit trail of refused sign-ins: from where, never who
            log.warning("sign-in refused", extra={"status": error.status, "client": address})
            raise


@router.post("/sign-out", response_model=schemas.Empty, response_model_exclude_unset=True,
             summary="End this user token", openapi_extra={
                 "requestBody": {"required": False, "content": {"application/json": {
                     "schema": {"$ref": "#/components/schemas/Empty"}}}}})
async def sign_out(request: Request) -> dict[str, Any]:
    check_protocol(request)
    raw = await read_body(request, SMALL_BODY)
    if raw.strip():  # a body is optional; when sent it must be the documented `{}`
        validate_model(schemas.Empty, parse_json(raw))
    principal = await _principal(request)
    user_token, _ = tokens(request)
    if principal.user is None or user_token is None:
        raise invalid("Sign-out needs a user token (Authorization: Bearer ...).")
    state = _state(request)

    def run() -> None:
        with state.db.write() as conn:
            auth.revoke_user_token(conn, user_token, auth.now_dt())

    await run_in_threadpool(run)
    return {}


@router.get("/me", response_model=schemas.WhoAmI, summary="Who the tokens belong to")
async def me(request: Request) -> dict[str, Any]:
    check_protocol(request)
    p = await _principal(request)
    return {"org_id": p.org_id, "user": p.user.wire() if p.user else None,
            "device_id": p.device.id if p.device else None,
            "store_id": p.device.store_id if p.device else (p.user.store_id if p.user else None)}


@router.post("/push", response_model=schemas.PushResponse, response_model_exclude_unset=True,
             summary="Push a batch of mutations",
             openapi_extra={**_body_schema(schemas.PushRequest), "parameters": [{
                 "name": PUSH_RESULTS_HEADER, "in": "header", "required": False,
                 "description": "`short`: a newly created observation is answered with "
                 "`accepted` (what the server decided) instead of the whole observation",
                 "schema": {"type": "string", "enum": [PUSH_RESULTS_SHORT]}}]})
async def push(request: Request) -> Response:
    check_protocol(request)
    state = _state(request)
    settings = state.settings
    principal = await _principal(request)
    short = request.headers.get(PUSH_RESULTS_HEADER, "").strip().lower() == PUSH_RESULTS_SHORT
    raw = await read_body(request, settings.max_body_bytes)
    try:  # the gate before parsing: at most push_concurrency big bodies are parsed at once
        await asyncio.wait_for(state.push_gate.acquire(), timeout=0.5)
    except TimeoutError:
        raise ApiError(503, ErrorCode.BUSY, "The server is busy. Frontline will try again shortly.",
                       retry_after=settings.retry_after_seconds) from None
    metrics = state.metrics
    metrics.pushes_in_flight.inc()
    redactor = Redactor(principal.org_id)
    try:
        # up to max_body_bytes of JSON and pydantic: off the event loop, so /health and the
        # other requests keep being answered while it runs
        envelope = await run_in_threadpool(lambda: validate_model(
            schemas.PushEnvelope, parse_push(raw, settings.max_batch_items)))
        if len(envelope.mutations) > settings.max_batch_items:
            raise ApiError(413, ErrorCode.TOO_LARGE,
                           f"A push may carry at most {settings.max_batch_items} changes; this "
                           f"one has {len(envelope.mutations)}. Send them in smaller batches.")

        def run() -> list[dict[str, Any]]:
            if not envelope.mutations:
                return []  # nothing to write: no write transaction either
            # before the write transaction, which holds the organisation's write lock
            redactor.detect_ahead(pushed_texts(envelope.mutations))
            now = auth.now_dt()
            with state.db.write() as conn:
                if principal.device is not None:
                    auth.touch_device(conn, principal.device.id, now)
                results = sync.push(conn, principal, envelope.mutations, now=now, short=short,
                                    redactor=redactor)
                faultpoints.reached("push.before_commit")  # tests only: written, not committed
                return results

        results = await run_in_threadpool(run)
    finally:
        metrics.pushes_in_flight.dec()
        state.push_gate.release()
    metrics.batch_size.observe(len(results))
    for (kind, field), n in redactor.counts.items():
        metrics.redactions.labels(kind, field).inc(n)
    counts: dict[str, int] = {}
    for result in results:
        metrics.push_items.labels(result["status"]).inc()
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    # counts only: never who pushed, never what was written
    log.info("push", extra={"items": len(results), **counts})
    return JSONResponse({"protocol": PROTOCOL_VERSION, "results": results})


@router.get("/pull", response_model=schemas.PullResponse, summary="Changes since a cursor, one page")
async def pull(
    request: Request,
    cursor: str | None = Query(None, max_length=100, description="From the last pull; omit to start"),
    limit: str = Query("500", max_length=6, pattern=r"^[0-9]+$",
                       description="Most observations in this page (1-100000, ASCII digits)"),
) -> Response:
    check_protocol(request)
    state = _state(request)
    user_token, device_token = tokens(request)
    wanted = ascii_int(limit, most=100_000)
    if not wanted:
        raise invalid("The limit must be a whole number from 1 to 100000.")
    page_size = min(wanted, state.settings.max_pull_limit)
    if cursor is not None and not cursor.isascii():  # "v²" passes isdigit(), then int() fails
        raise invalid("The sync cursor is not one this server made. Sync from the start "
                      "(send no cursor).")
    sync.parse_cursor(cursor)

    def run() -> dict[str, Any]:
        now = auth.now_dt()
        with state.db.read() as conn:  # one transaction, one thread hop: the idle check is cheap
            principal = auth.resolve_principal(conn, user_token=user_token,
                                               device_token=device_token, now=now)
            if not sync.release_due(conn, principal.org_id, now):
                return sync.pull(conn, principal, cursor, page_size, now=now)
        with state.db.write() as conn:  # anonymous changes of an hour gone by: publish them
            sync.release_held(conn, principal.org_id, now)
        with state.db.read() as conn:
            return sync.pull(conn, principal, cursor, page_size, now=now)

    # built by our own code in the documented shape: skip re-validating it on the way out
    return JSONResponse(await run_in_threadpool(run))


@router.get("/observations/{observation_id}/history", response_model=list[schemas.AuditEntry],
            summary="The audit trail of one observation (who changed what, when)")
async def history(request: Request, observation_id: str = _id_in_path()) -> list[dict[str, Any]]:
    check_protocol(request)
    state = _state(request)
    principal = await _principal(request)

    def run() -> list[dict[str, Any]] | None:
        with state.db.read() as conn:
            return admin.observation_history(conn, principal, observation_id)

    entries = await run_in_threadpool(run)
    if entries is None:
        raise not_found("There is no such observation among those you can see.")
    return entries


@router.get("/reference", response_model=schemas.ReferenceData,
            summary="Stores, teams, users (PIN hashes for a device), taxonomy, retention")
async def reference(request: Request) -> dict[str, Any]:
    check_protocol(request)
    state = _state(request)
    principal = await _principal(request)

    def run() -> dict[str, Any]:
        with state.db.read() as conn:
            return admin.reference_data(conn, principal)

    return await run_in_threadpool(run)


@router.post("/enrolment-codes", response_model=schemas.EnrolmentCodeResponse,
             openapi_extra=_body_schema(schemas.EnrolmentCodeRequest),
             summary="Issue a one-time enrolment code for a store (admin, leader, manager)")
async def enrolment_code(request: Request) -> dict[str, Any]:
    check_protocol(request)
    state = _state(request)
    principal = await _principal(request)
    body = await json_model(request, schemas.EnrolmentCodeRequest, SMALL_BODY)

    def run() -> dict[str, Any]:
        with state.db.write() as conn:
            from frontline.server.scope import can_manage_store

            if not can_manage_store(conn, principal, body.store_id):
                raise forbidden("You can issue enrolment codes only for stores you manage.")
            code, expires = auth.issue_enrolment_code(
                conn, state.settings, store_id=body.store_id,
                created_by=principal.user.id if principal.user else None, now=auth.now_dt())
            return {"code": code, "store_id": body.store_id, "expires_at": expires}

    return await run_in_threadpool(run)


@router.get("/devices", response_model=list[schemas.DeviceOut],
            summary="Enrolled PCs of the stores the caller manages")
async def devices(request: Request) -> list[dict[str, Any]]:
    check_protocol(request)
    state = _state(request)
    principal = await _principal(request)
    if principal.user is None or principal.user.role == Role.EMPLOYEE:
        raise forbidden("Only managers, leaders and admins can list devices.")

    def run() -> list[dict[str, Any]]:
        with state.db.read() as conn:
            return admin.devices_seen_by(principal,
                                         admin.list_devices(conn, principal, principal.org_id))

    return await run_in_threadpool(run)


@router.post("/devices/{device_id}/revoke", response_model=schemas.Empty,
             response_model_exclude_unset=True,
             summary="Revoke a PC's enrolment (its token stops working at once)")
async def revoke(request: Request, device_id: str = _id_in_path()) -> dict[str, Any]:
    check_protocol(request)
    state = _state(request)
    principal = await _principal(request)
    if principal.user is None or principal.user.role == Role.EMPLOYEE:
        raise forbidden("Only managers, leaders and admins can revoke devices.")

    def run() -> None:
        with state.db.write() as conn:
            found = [d for d in admin.list_devices(conn, principal, principal.org_id)
                     if d["id"] == device_id]
            if not found:
                raise not_found("There is no such device among the stores you manage.")
            auth.revoke_device(conn, device_id, auth.now_dt())

    await run_in_threadpool(run)
    return {}
