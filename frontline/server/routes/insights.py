"""`GET /v1/insights`: themes, stores, departments, the weekly trend, close-the-loop
figures and quotes for managers, leaders and admins, within their scope;
`GET /v1/observations`: the observations behind one figure, a page at a time;
`GET /v1/export`: all of them as CSV or JSON Lines, streamed. Thin: the work is in
`frontline.server.insights` and `frontline.server.drilldown`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from frontline.server import auth, drilldown, insights, schemas
from frontline.server.errors import invalid
from frontline.server.http import check_protocol, tokens
from frontline.server.routes.sync_api import ERRORS

router = APIRouter(prefix="/v1", tags=["insights"], responses=ERRORS)


@router.get("/insights", response_model=schemas.Insights,
            summary="Themes and trends across the caller's stores (managers, leaders, admins)")
async def get_insights(
    request: Request,
    since: str = Query(..., max_length=40, description="First day, YYYY-MM-DD (UTC)"),
    until: str = Query(..., max_length=40, description="Last day, YYYY-MM-DD, included"),
    kind: str | None = Query(None, max_length=40, description="Only this kind"),
    channel: str | None = Query(None, max_length=40, description="Only this channel"),
    customer_type: str | None = Query(None, max_length=40, description="Only this customer type"),
    store: str | None = Query(None, max_length=40, description="Only this store (an id)"),
    region: str | None = Query(None, max_length=40, description="Only this region's stores "
                               "(an id; as they are now)"),
    category: str | None = Query(None, max_length=60, description="Quotes from this theme "
                                 "(a category code, or `uncategorised`); default: the largest"),
    quotes: str | None = Query(None, max_length=10, description="How many quotes, 0-50 (10)"),
) -> Any:
    check_protocol(request)
    params = {"since": since, "until": until, "kind": kind, "channel": channel,
              "customer_type": customer_type, "store": store, "region": region,
              "category": category, "quotes": quotes}
    state = request.app.state.frontline
    user_token, device_token = tokens(request)

    def run() -> dict[str, Any]:
        with state.db.read() as conn:  # who first (401, 403), then what they asked (400)
            principal = auth.resolve_principal(conn, user_token=user_token,
                                               device_token=device_token, now=auth.now_dt())
            insights.check_reviewer(principal)
            return insights.insights(conn, principal, insights.parse_query(params))

    return await run_in_threadpool(run)


class _Filters:
    """The drill-down's query parameters: those of `/v1/insights`, and a figure's own."""

    def __init__(
        self,
        since: str = Query(..., max_length=40, description="First day, YYYY-MM-DD (UTC)"),
        until: str = Query(..., max_length=40, description="Last day, YYYY-MM-DD, included"),
        kind: str | None = Query(None, max_length=40, description="Only this kind"),
        channel: str | None = Query(None, max_length=40, description="Only this channel"),
        customer_type: str | None = Query(None, max_length=40,
                                          description="Only this customer type"),
        store: str | None = Query(None, max_length=40, description="Only this store (an id)"),
        region: str | None = Query(None, max_length=40, description="Only this region's stores"),
        category: str | None = Query(None, max_length=60,
                                     description="A category code, or `uncategorised`"),
        department: str | None = Query(None, max_length=60,
                                       description="A department code, or `unassigned`"),
        status: str | None = Query(None, max_length=200, description=(
            "Comma-separated conditions, all of which must hold: a status code, or `open`, "
            "`decided`, `answered`, `switch_risk`")),
        week: str | None = Query(None, max_length=40,
                                 description="Only this ISO week (its Monday, YYYY-MM-DD)"),
    ) -> None:
        self.params = {"since": since, "until": until, "kind": kind, "channel": channel,
                       "customer_type": customer_type, "store": store, "region": region,
                       "category": category, "department": department, "status": status,
                       "week": week}


def _who_and_what(conn: Any, request: Request, params: dict[str, str | None]) -> Any:
    user_token, device_token = tokens(request)
    principal = auth.resolve_principal(conn, user_token=user_token, device_token=device_token,
                                       now=auth.now_dt())
    insights.check_reviewer(principal)
    q = insights.parse_query(params)
    insights.check_scope(conn, principal, q)
    return principal, q


@router.get("/observations", response_model=schemas.ObservationPage,
            summary="The observations behind an Insights figure, newest first, a page at a time")
async def get_observations(
    request: Request,
    filters: _Filters = Depends(),  # noqa: B008 - FastAPI's dependency form
    cursor: str | None = Query(None, max_length=120, description="`next` of the page before"),
    limit: str | None = Query(None, max_length=10, description="Page size, 1-500 (50)"),
) -> Any:
    check_protocol(request)
    state = request.app.state.frontline

    def run() -> dict[str, Any]:
        with state.db.read() as conn:
            principal, q = _who_and_what(conn, request, filters.params)
            return drilldown.observations(conn, principal, q, cursor,
                                          drilldown.parse_limit(limit))

    return await run_in_threadpool(run)


@router.get("/export", summary="The observations behind an Insights figure as CSV or JSON "
            "Lines, streamed; recorded in the audit log",
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
async def get_export(
    request: Request,
    filters: _Filters = Depends(),  # noqa: B008 - FastAPI's dependency form
    format: str = Query("csv", max_length=10, description="`csv` or `jsonl`"),
) -> Any:
    check_protocol(request)
    if format not in drilldown.FORMATS:
        raise invalid("`format` must be `csv` or `jsonl`.")
    state = request.app.state.frontline

    def check() -> Any:
        with state.db.read() as conn:
            return _who_and_what(conn, request, filters.params)

    principal, q = await run_in_threadpool(check)

    def stream() -> Iterator[str]:
        sent = 0
        complete = False

        def counted(records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            nonlocal sent
            for record in records:
                sent += 1
                yield record

        try:
            with state.db.read() as conn:
                yield from drilldown.encode(counted(drilldown.export_rows(conn, principal, q)),
                                            format)
            complete = True
        finally:
            with state.db.write() as conn:
                drilldown.record_export(conn, principal, q, fmt=format, rows=sent,
                                        complete=complete, now=auth.now_dt())

    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    name = f"frontline-{q.since}-{q.until}.{format}"
    return StreamingResponse(stream(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
