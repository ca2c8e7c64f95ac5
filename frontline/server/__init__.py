"""The central server: `create_app(settings)` builds the FastAPI app.

Routes are thin (`routes/`); the logic lives in plain functions that take a
connection (`auth`, `scope`, `sync`, `admin`). See `docs/server.md` and
`docs/sync-protocol.md`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontline import __version__
from frontline.server.auth import MemoryCounts
from frontline.server.db import Database
from frontline.server.errors import ApiError
from frontline.server.http import HashGate, readable_validation
from frontline.server.observability import Metrics, log, metric_method, request_id_var
from frontline.server.settings import Settings, trusted_networks
from frontline.sync.protocol import ErrorCode, error_body

__all__ = ["create_app", "Settings"]

_HTTP_CODES = {
    400: ErrorCode.INVALID_REQUEST, 401: ErrorCode.UNAUTHORIZED, 403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND, 405: ErrorCode.INVALID_REQUEST, 408: ErrorCode.INVALID_REQUEST,
    413: ErrorCode.TOO_LARGE,
    429: ErrorCode.THROTTLED, 503: ErrorCode.BUSY,
}


class ServerState:
    """What the routes share: settings, the database, metrics, the push gate."""

    def __init__(self, settings: Settings, db: Database):
        self.settings = settings
        self.db = db
        self.metrics = Metrics()
        # awaited on the event loop: a full gate never blocks other requests
        self.push_gate = asyncio.Semaphore(settings.push_concurrency)
        self.hash_gate = HashGate(settings.login_hash_concurrency, settings.login_hash_queue,
                                  settings.retry_after_seconds)
        self.trusted_proxies = trusted_networks(settings.trusted_proxies)
        self.sign_in_counts = MemoryCounts()


def create_app(settings: Settings, *, database: Database | None = None) -> FastAPI:
    """The FastAPI app for `settings`. The database must already be migrated
    (`frontline-server init`); pass `database` to share one engine (tests)."""
    db = database or Database(settings.resolved_database_url)
    state = ServerState(settings, db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from frontline.server.outbound.worker import Worker  # webhooks and e-mail

        outbound = Worker(settings, db)
        outbound.start()
        yield
        outbound.stop()
        if database is None:
            db.dispose()

    app = FastAPI(
        title="Frontline server",
        version=__version__,
        description="Central server for Frontline: accounts, devices and the sync API. "
        "See docs/sync-protocol.md.",
        lifespan=lifespan,
    )
    app.state.frontline = state
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    app.add_middleware(RequestContext, metrics=state.metrics)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse(error_body(error.code, error.message), status_code=error.status,
                            headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body(ErrorCode.INVALID_REQUEST, readable_validation(error)),
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, ErrorCode.INVALID_REQUEST)
        message = {404: "There is nothing at this address. Check the server URL.",
                   405: "This address does not accept that method."}.get(
            error.status_code, str(error.detail))
        return JSONResponse(error_body(code, message), status_code=error.status_code,
                            headers=getattr(error, "headers", None))

    @app.exception_handler(OperationalError)
    async def _database_unavailable(_request: Request, error: OperationalError) -> JSONResponse:
        logging.getLogger("frontline.server").warning(
            "database unavailable: %s", type(error.orig).__name__ if error.orig else "unknown")
        return JSONResponse(
            error_body(ErrorCode.BUSY, "The server cannot reach its database right now. "
                       "Frontline will try again shortly."),
            status_code=503, headers={"Retry-After": str(settings.retry_after_seconds * 2)})

    @app.exception_handler(Exception)
    async def _bug(_request: Request, error: Exception) -> JSONResponse:
        logging.getLogger("frontline.server").exception("unhandled error")
        return JSONResponse(
            error_body(ErrorCode.INTERNAL, "The server hit an unexpected problem. It has been "
                       "logged; try again later and tell IT if it keeps happening."),
            status_code=500,
        )

    from frontline.server.routes import insights, ops, sync_api

    app.include_router(ops.router)
    app.include_router(sync_api.router)
    app.include_router(insights.router)
    from frontline.server.outbound import routes as outbound_routes

    app.include_router(outbound_routes.router)

    def openapi() -> dict[str, Any]:
        # Bodies are read by hand (bounded, gzip, per-item validation), so FastAPI does not
        # see their models; add them to the schema that documents the API.
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in sync_api.REQUEST_MODELS:
                body = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(body.pop("$defs", {}))
                components[model.__name__] = body
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


class RequestContext:
    """Pure ASGI middleware: a request id (from `X-Request-ID` or made up, echoed back and
    put in every log line), request metrics, and one log line per request."""

    def __init__(self, app: Any, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = ""
        for name, value in scope.get("headers") or ():
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
        rid = incoming if 0 < len(incoming) <= 64 and incoming.isascii() and incoming.isprintable() \
            else uuid.uuid4().hex
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", rid.encode("ascii"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", "unmatched")
            method = metric_method(scope["method"])
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(route).observe(elapsed)
            log.info("request", extra={"method": method, "route": route,
                                       "status": status, "ms": round(elapsed * 1000, 1)})
            request_id_var.reset(token)


class BodyLimit:
    """Refuse any request body over `limit` bytes with 413, before a route reads it."""

    def __init__(self, app: Any, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0

        async def limited_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise ApiError(413, ErrorCode.TOO_LARGE, "The request is too large.")
            return message

        await self.app(scope, limited_receive, send)


async def _too_large(send: Any, limit: int) -> None:
    body = json.dumps(error_body(
        ErrorCode.TOO_LARGE,
        f"The request is larger than the server accepts ({limit // 1024} KiB). "
        "Send fewer items per request.")).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def get_state(request: Request) -> Any:
    return request.app.state.frontline
