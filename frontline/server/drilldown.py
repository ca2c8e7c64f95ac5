"""The observations behind an Insights figure (`GET /v1/observations`) and their export
(`GET /v1/export`): the same filters as `GET /v1/insights`, plus the figure's own
(category, department, status conditions, ISO week), within `scope.observation_filter`.

Pages follow a keyset cursor, newest first (`observed_at` desc, `id` desc), so a page
costs the same wherever it is. Observations go out as the pull sends them
(`sync.wire.observation_wire`): an anonymous one names neither author nor PC. An export
streams pages of `EXPORT_PAGE` rows (constant memory) and is recorded in the audit log
with who, when, the filters and the number of rows, never any observation's text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, insert, or_, select

from frontline.core.csvsafe import csv_cell
from frontline.core.ids import format_time
from frontline.core.vocabulary import WIRE_FIELDS
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.errors import invalid
from frontline.server.insights import Query, check_reviewer, check_scope, where
from frontline.server.sync.wire import observation_wire

MAX_LIMIT = 500
EXPORT_PAGE = 1000
FORMATS = ("csv", "jsonl")
_CURSOR = re.compile(r"([0-9A-Za-z:.+-]{1,40})_([0-9A-Za-z-]{1,36})")


def parse_cursor(raw: str | None) -> tuple[str, str] | None:
    """`<observed_at>_<id>` of the last observation of the page before; None: the first."""
    if not raw:
        return None
    found = _CURSOR.fullmatch(raw)
    if found is None:
        raise invalid("`cursor` is not one this server made: ask for the first page (no "
                      "cursor) and follow `next`.")
    return found.group(1), found.group(2)


def parse_limit(raw: str | None) -> int:
    raw = (raw or "").strip() or "50"
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:
        raise invalid(f"`limit` must be a whole number from 1 to {MAX_LIMIT}.")
    return int(raw)


def _after(cursor: tuple[str, str] | None) -> ColumnElement[bool] | None:
    if cursor is None:
        return None
    o = t.observations.c
    observed, last_id = cursor
    return or_(o.observed_at < observed, and_(o.observed_at == observed, o.id < last_id))


def _page(conn: Connection, rows: ColumnElement[bool], cursor: tuple[str, str] | None,
          limit: int) -> list[Any]:
    o = t.observations.c
    after = _after(cursor)
    stmt = select(t.observations).where(rows if after is None else and_(rows, after)) \
        .order_by(o.observed_at.desc(), o.id.desc()).limit(limit)
    return list(conn.execute(stmt))


def observations(conn: Connection, p: Principal, q: Query, cursor: str | None,
                 limit: int) -> dict[str, Any]:
    """One page of the observations behind the figure `q` selects (`schemas.ObservationPage`)."""
    check_reviewer(p)
    check_scope(conn, p, q)
    rows = where(p, q, drill=True)
    page = _page(conn, rows, parse_cursor(cursor), limit + 1)
    more = len(page) > limit
    page = page[:limit]
    total = conn.execute(select(func.count()).select_from(t.observations).where(rows)).scalar()
    last = page[-1] if page else None
    return {"items": [observation_wire(r) for r in page],
            "next": f"{last.observed_at}_{last.id}" if more and last is not None else None,
            "total": int(total or 0)}


def export_rows(conn: Connection, p: Principal, q: Query) -> Iterator[dict[str, Any]]:
    """Every observation behind `q`, newest first, as the wire sends it, a page at a time."""
    rows = where(p, q, drill=True)
    cursor = None
    while True:
        page = _page(conn, rows, cursor, EXPORT_PAGE)
        for row in page:
            yield observation_wire(row)
        if len(page) < EXPORT_PAGE:
            return
        cursor = (page[-1].observed_at, page[-1].id)


def encode(records: Iterator[dict[str, Any]], fmt: str) -> Iterator[str]:
    """Records as CSV (a header of the wire's field names; cells a spreadsheet will not run
    as formulas) or JSON Lines, a chunk of text at a time."""
    if fmt == "jsonl":
        for record in records:
            yield json.dumps(record, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(WIRE_FIELDS)
    for n, record in enumerate(records, start=1):
        writer.writerow([csv_cell(record[name]) for name in WIRE_FIELDS])
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def filters_of(q: Query) -> dict[str, Any]:
    """What an export asked for, as the audit log records it (codes and ids, no text)."""
    return {"since": q.since.isoformat(), "until": q.until.isoformat(), "kind": q.kind,
            "channel": q.channel, "customer_type": q.customer_type, "store": q.store_id,
            "region": q.region_id, "category": q.category, "department": q.department,
            "status": list(q.status), "week": q.week.isoformat() if q.week else None}


def record_export(conn: Connection, p: Principal, q: Query, *, fmt: str, rows: int,
                  complete: bool, now: datetime) -> None:
    """One audit entry (`action` "exported", no observation id) for one export."""
    version = conn.execute(select(t.organisations.c.version)
                           .where(t.organisations.c.id == p.org_id)).scalar()
    conn.execute(insert(t.audit).values(
        org_id=p.org_id, observation_id="", rev=0, version=int(version or 0),
        at=format_time(now), actor_user_id=p.user.id if p.user else None,
        actor_role=p.user.role if p.user else None,
        device_id=p.device.id if p.device else None, action="exported", mutation_id=None,
        changes={"filters": filters_of(q), "format": fmt, "rows": rows, "complete": complete}))


__all__ = ["observations", "export_rows", "encode", "record_export", "parse_cursor",
           "parse_limit", "FORMATS", "MAX_LIMIT"]
