"""Liveness, readiness and metrics."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from frontline.server.schemas import Health
from frontline.sync.protocol import PROTOCOL_VERSION, ErrorCode, error_body

router = APIRouter(tags=["operations"])


@router.get("/health", response_model=Health, summary="Liveness: the process answers")
def health() -> Health:
    return Health(status="ok", protocol=PROTOCOL_VERSION)


@router.get("/ready", response_model=Health, summary="Readiness: the database answers",
            responses={503: {"description": "The database does not answer"}})
def ready(request: Request) -> Response | Health:
    state = request.app.state.frontline
    try:
        with state.db.read() as conn:
            conn.execute(text("SELECT 1 FROM organisations LIMIT 1"))
    except Exception:  # any database failure means: not ready
        return JSONResponse(
            error_body(ErrorCode.BUSY, "The server cannot reach its database."),
            status_code=503, headers={"Retry-After": "5"},
        )
    return Health(status="ready", protocol=PROTOCOL_VERSION)


@router.get("/metrics", summary="Prometheus metrics (text format; a bearer token when "
            "`metrics_token` is set)",
            response_class=Response, responses={200: {"content": {"text/plain": {}}},
                                                401: {"description": "Token missing or wrong"}})
def metrics(request: Request) -> Response:
    state = request.app.state.frontline
    expected = state.settings.metrics_token
    if expected:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
                given.strip().encode("utf-8", "surrogateescape"),
                expected.encode("utf-8", "surrogateescape")):
            return JSONResponse(
                error_body(ErrorCode.UNAUTHORIZED, "Metrics need 'Authorization: Bearer "
                           "<metrics_token>'."),
                status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
