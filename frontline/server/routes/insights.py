"""`GET /v1/insights`: themes, stores, departments, the weekly trend, close-the-loop
figures and quotes for managers, leaders and admins, within their scope. Thin: the
work is `frontline.server.insights.insights` in a read transaction."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from frontline.server import auth, insights, schemas
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
    category: str | None = Query(None, max_length=60, description="Quotes from this theme "
                                 "(a category code, or `uncategorised`); default: the largest"),
    quotes: str | None = Query(None, max_length=10, description="How many quotes, 0-50 (10)"),
) -> Any:
    check_protocol(request)
    params = {"since": since, "until": until, "kind": kind, "channel": channel,
              "customer_type": customer_type, "store": store, "category": category,
              "quotes": quotes}
    state = request.app.state.frontline
    user_token, device_token = tokens(request)

    def run() -> dict[str, Any]:
        with state.db.read() as conn:  # who first (401, 403), then what they asked (400)
            principal = auth.resolve_principal(conn, user_token=user_token,
                                               device_token=device_token, now=auth.now_dt())
            insights.check_reviewer(principal)
            return insights.insights(conn, principal, insights.parse_query(params))

    return await run_in_threadpool(run)
