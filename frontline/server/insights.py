# Long: one query per figure and the parameters they share; the figures must be read side by
# side with the drill-down filters that list the rows behind them (docs/insights.md).
"""Insights for reviewers: themes, stores, departments, the weekly trend, close-the-loop
figures and verbatim customer quotes, over a date range, within the caller's scope.

Every query goes through `scope.observation_filter`, so a manager sees their store, a
leader their region (or the organisation when they have none), an admin the organisation.
Employees and PCs get 403: insights are for the people who act on them.

What is counted (see docs/insights.md):

- observations whose `observed_at` (the client's clock: when the customer spoke) falls in
  `[since, until]`, both whole UTC days, inclusive; withdrawn ones are never counted;
- duplicates are counted in themes, stores, departments and weeks (each is one more person
  who heard it) but not in the close-the-loop shares, which are over the observations a
  manager had to decide on (every status but withdrawn and duplicate);
- "answered" means an answer was sent back to the author (`responded_at` is set);
- the time to an answer is `responded_at - observed_at`, to the hour, its median in days;
- quotes are `customer_words`, never with the author, the author's id or the
  observation's id: an anonymous observation stays anonymous, and so does a named one.

SQLAlchemy Core only; the same queries run on SQLite and PostgreSQL. Each aggregate is one
GROUP BY over the same WHERE, served by `ix_observations_insights` (org, observed_at, with
the grouped columns) and, for one store, `ix_observations_store_observed`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Integer,
    and_,
    case,
    cast,
    extract,
    false,
    func,
    select,
    text,
    tuple_,
)

from frontline.core import taxonomy
from frontline.core.model import Status
from frontline.core.vocabulary import AWAITING_DECISION, REVIEWER_ROLES, Role, codes
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.errors import forbidden, invalid
from frontline.server.schemas import UUID_PATTERN
from frontline.server.scope import observation_filter
from frontline.server.sync.versions import HELD

#: The longest range one request may cover: bounded work per request.
MAX_DAYS = 3 * 366
MAX_QUOTES = 50
#: statuses of an observation still waiting for a decision (Insights' "open")
_AWAITING = codes(AWAITING_DECISION)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UUID = re.compile(UUID_PATTERN)
#: the value of `category` that asks for quotes of uncategorised observations
UNCATEGORISED = "uncategorised"
#: the value of `department` that asks for observations with no department yet
UNASSIGNED = "unassigned"
#: `status` conditions of a drill-down besides the status codes: what each figure counts
STATUS_GROUPS: dict[str, str] = {
    "open": "new, acknowledged or in progress (the figure 'still open')",
    "decided": "every status but duplicate: what a manager had to decide on",
    "answered": "an answer went back to the author (`responded_at` is set)",
    "switch_risk": "the customer said they might leave",
}


@dataclass(frozen=True)
class Query:
    """What a caller asks for: a date range (whole UTC days, inclusive) and filters."""

    since: date
    until: date
    kind: str | None = None
    channel: str | None = None
    customer_type: str | None = None
    store_id: str | None = None
    #: the theme whose quotes to return; None: the largest theme (a filter in drill-downs)
    category: str | None = None
    quotes: int = 10
    region_id: str | None = None
    #: drill-down only (`GET /v1/observations`, `GET /v1/export`): see `drilldown.py`
    department: str | None = None
    status: tuple[str, ...] = ()
    week: date | None = None

    def previous(self) -> Query:
        """The same query over the period of the same length just before this one."""
        days = (self.until - self.since).days + 1
        return replace(self, since=self.since - timedelta(days=days),
                       until=self.since - timedelta(days=1))


def _parse_code(params: Mapping[str, str | None], name: str,
                choices: frozenset[str]) -> str | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if raw not in choices:
        raise invalid(f"`{name}` must be one of {', '.join(sorted(choices))}; "
                      f"{raw[:40]!r} is not.")
    return raw


def _parse_id(params: Mapping[str, str | None], name: str) -> str | None:
    value = (params.get(name) or "").strip() or None
    if value is not None and not _UUID.fullmatch(value):
        raise invalid(f"`{name}` must be a {name} id (a UUID).")
    return value


def _parse_status(params: Mapping[str, str | None]) -> tuple[str, ...]:
    statuses = frozenset(s.value for s in Status if s is not Status.WITHDRAWN) | set(STATUS_GROUPS)
    status = tuple(dict.fromkeys(part.strip() for part in (params.get("status") or "").split(",")
                                 if part.strip()))
    for part in status:
        if part not in statuses:
            raise invalid(f"`status` must be one or more (comma-separated, all must hold) of "
                          f"{', '.join(sorted(statuses))}; {part[:40]!r} is not.")
    return status


def _parse_week(params: Mapping[str, str | None]) -> date | None:
    if not (params.get("week") or "").strip():
        return None
    week = _day_param(params, "week")
    if week.weekday() != 0:
        raise invalid(f"`week` must be the Monday that starts an ISO week; {week} is a "
                      f"{week.strftime('%A')}.")
    return week


def _day_param(params: Mapping[str, str | None], name: str) -> date:
    """The date parameter `name`, written YYYY-MM-DD (ASCII digits), 1900 to 2999."""
    raw = (params.get(name) or "").strip()
    if not raw:
        raise invalid(f"Give `{name}` as a date, for example {name}=2026-11-01.")
    try:
        if not _DAY.fullmatch(raw):  # fromisoformat also takes 20261101 and 2026-W44-1
            raise ValueError(raw)
        value = date.fromisoformat(raw)
    except ValueError:
        raise invalid(f"`{name}` must be a date written YYYY-MM-DD, not {raw[:40]!r}.") from None
    if not 1900 <= value.year <= 2999:  # also keeps the week arithmetic within date's range
        raise invalid(f"`{name}` must be a date between 1900 and 2999, not {raw[:40]!r}.")
    return value


def parse_query(params: Mapping[str, str | None]) -> Query:
    """A `Query` from request parameters; `ApiError` 400 with a readable message when a
    parameter is missing or wrong. A range longer than `MAX_DAYS` is refused, not capped."""
    since, until = _day_param(params, "since"), _day_param(params, "until")
    if until < since:
        raise invalid(f"`until` ({until}) is before `since` ({since}): swap them.")
    if (until - since).days + 1 > MAX_DAYS:
        raise invalid(f"Ask for at most {MAX_DAYS} days at a time; this range has "
                      f"{(until - since).days + 1}.")
    raw_quotes = (params.get("quotes") or "").strip() or "10"
    if not (raw_quotes.isascii() and raw_quotes.isdigit()) or not 0 <= int(raw_quotes) <= MAX_QUOTES:
        raise invalid(f"`quotes` must be a whole number from 0 to {MAX_QUOTES}.")
    return Query(
        since, until,
        kind=_parse_code(params, "kind", taxonomy.codes(taxonomy.KINDS)),
        channel=_parse_code(params, "channel", taxonomy.codes(taxonomy.CHANNELS)),
        customer_type=_parse_code(params, "customer_type",
                                  taxonomy.codes(taxonomy.CUSTOMER_TYPES)),
        store_id=_parse_id(params, "store"),
        category=_parse_code(params, "category",
                             taxonomy.codes(taxonomy.CATEGORIES) | {UNCATEGORISED}),
        quotes=int(raw_quotes),
        region_id=_parse_id(params, "region"),
        department=_parse_code(params, "department",
                               taxonomy.codes(taxonomy.DEPARTMENTS) | {UNASSIGNED}),
        status=_parse_status(params),
        week=_parse_week(params),
    )


def check_reviewer(p: Principal) -> None:
    """Managers, leaders and admins; everyone else gets 403."""
    if p.user is None or p.user.role not in REVIEWER_ROLES:
        raise forbidden("Insights are for managers, leaders and admins. Sign in as one "
                        "to see them.")


def _day(d: date) -> str:
    return d.isoformat()


def where(p: Principal, q: Query, *, drill: bool = False) -> ColumnElement[bool]:
    """The rows behind `q`'s figures for `p`; `drill`: also the drill-down's filters
    (category, department, status, week), which select the rows behind one figure."""
    o = t.observations.c
    since, until = q.since, q.until
    if drill and q.week is not None:
        since, until = max(since, q.week), min(until, q.week + timedelta(days=6))
    parts: list[ColumnElement[bool]] = [
        observation_filter(p),
        o.observed_at >= _day(since),
        o.observed_at < _day(until + timedelta(days=1)),  # "2026-11-02" > any time of 11-01
        o.status != Status.WITHDRAWN.value,
        o.version != HELD,  # an anonymous change not yet published (docs/privacy.md)
    ]
    if q.region_id:
        parts.append(o.store_id.in_(select(t.stores.c.id).where(
            t.stores.c.region_id == q.region_id).scalar_subquery()))
    if drill:
        parts.extend(_drill_parts(q))
    if q.kind:
        parts.append(o.kind == q.kind)
    if q.channel:
        parts.append(o.channel == q.channel)
    if q.customer_type:
        parts.append(o.customer_type == q.customer_type)
    if q.store_id:
        parts.append(o.store_id == q.store_id)
    return and_(*parts)


def _drill_parts(q: Query) -> list[ColumnElement[bool]]:
    o = t.observations.c
    parts: list[ColumnElement[bool]] = []
    if q.category:
        parts.append(o.category.is_(None) if q.category == UNCATEGORISED
                     else o.category == q.category)
    if q.department:
        parts.append(o.department.is_(None) if q.department == UNASSIGNED
                     else o.department == q.department)
    for status in q.status:
        if status == "open":
            parts.append(o.status.in_(_AWAITING))
        elif status == "decided":
            parts.append(o.status != Status.DUPLICATE.value)
        elif status == "answered":
            parts.append(o.responded_at.is_not(None))
        elif status == "switch_risk":
            parts.append(o.switch_risk.is_(True))
        else:
            parts.append(o.status == status)
    return parts


def _hours_to_answer(conn: Connection) -> ColumnElement[Any]:
    """Whole hours from `observed_at` to `responded_at` (text times), per dialect."""
    o = t.observations.c
    if conn.dialect.name == "postgresql":
        # both times are UTC ("…Z"): timestamp without time zone parses faster
        stamp = DateTime(timezone=False)
        seconds = extract("epoch", cast(o.responded_at, stamp) - cast(o.observed_at, stamp))
        return case((o.responded_at.is_(None), None), else_=func.floor(seconds / 3600))
    return cast((func.julianday(o.responded_at) - func.julianday(o.observed_at)) * 24, Integer)


def _n(value: Any) -> int:
    return int(value or 0)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _scope(conn: Connection, p: Principal, q: Query) -> dict[str, Any]:
    """Which stores the caller's insights cover (id, code, name, region), for names and
    for the scope label; also checks a `store` filter is one of them."""
    s, r = t.stores.c, t.regions.c
    user = p.user
    assert user is not None
    stmt = select(s.id, s.code, s.name, r.name.label("region")).select_from(
        t.stores.outerjoin(t.regions, r.id == s.region_id)).where(s.org_id == p.org_id)
    if user.role == Role.MANAGER:
        stmt = stmt.where(s.id == user.store_id) if user.store_id else stmt.where(false())
    elif user.role == Role.LEADER and user.region_id:
        stmt = stmt.where(s.region_id == user.region_id)
    stores = {row.id: row for row in conn.execute(stmt)}
    if q.store_id is not None and q.store_id not in stores:
        raise forbidden("That store is not one whose insights you can see. Pick one of "
                        "your stores, or leave the store out.")
    if q.region_id is not None:
        known = conn.execute(select(r.id).where(r.id == q.region_id, r.org_id == p.org_id)).first()
        mine = user.role == Role.ADMIN or (user.role == Role.LEADER and user.region_id in (
            None, q.region_id))
        if known is None or not mine:
            raise forbidden("That region is not one whose insights you can see. Pick your "
                            "region, or leave the region out.")
    if user.role == Role.MANAGER:
        label = next((f"Store {row.name}" for row in stores.values()), "No store")
    elif user.role == Role.LEADER and user.region_id:
        name = conn.execute(select(r.name).where(r.id == user.region_id)).scalar()
        label = f"Region {name}" if name else "Region"
    else:
        label = "Whole organisation"
    return {"role": user.role, "label": label, "stores": stores}


def check_scope(conn: Connection, p: Principal, q: Query) -> None:
    """403 when `q`'s store or region is outside `p`'s scope."""
    _scope(conn, p, q)


#: The aggregates, each a GROUP BY over the same rows: name -> the columns grouped by.
SETS: dict[str, tuple[str, ...]] = {
    "themes": ("category", "kind"),
    "stores": ("store_id",),
    "departments": ("department",),
    "days": ("day", "kind"),
    # also the counts by status (summed over hours; hours is null when not answered)
    "hours": ("hours", "status"),
    "heatmap": ("store_id", "category"),
}


def _aggregate(conn: Connection, where: ColumnElement[bool]) -> dict[str, list[Any]]:
    """Every set of `SETS` over the rows `where` selects. PostgreSQL: one scan with
    GROUPING SETS; SQLite (which has none): one GROUP BY per set."""
    o = t.observations.c
    columns: dict[str, ColumnElement[Any]] = {
        "category": o.category, "kind": o.kind, "store_id": o.store_id,
        "department": o.department, "status": o.status,
        "day": func.substr(o.observed_at, 1, 10), "hours": _hours_to_answer(conn),
    }
    measures = [  # count(*) FILTER (...): cheaper than sum(CASE ...), on both databases
        func.count().label("n"),
        func.count().filter(o.switch_risk).label("risk"),
        func.count().filter(o.responded_at.is_not(None)).label("answered"),
        func.count().filter(o.status == Status.ACTION_TAKEN.value).label("acted"),
        func.count().filter(o.status.in_(_AWAITING)).label("open"),
    ]
    names = list(columns)
    out: dict[str, list[Any]] = {name: [] for name in SETS}
    if conn.dialect.name == "postgresql":
        # for this transaction only: JIT compiling costs more than it saves on these
        # sub-second scans, and the grouping sets are hashed in one pass only when their
        # tables fit in work_mem (else PostgreSQL sorts, with a spill to disk)
        conn.execute(text("SET LOCAL jit = off"))
        conn.execute(text("SET LOCAL work_mem = '64MB'"))
        # one set would otherwise be sorted (by store id, a text sort: slow); hashing
        # them all fits in work_mem (a few thousand groups)
        conn.execute(text("SET LOCAL enable_sort = off"))
        # GROUPING(a, b, ...) is a bit mask, first argument highest: 1 = not grouped by
        mask_of = {sum(1 << (len(names) - 1 - i) for i, c in enumerate(names) if c not in cols): name
                   for name, cols in SETS.items()}
        sets = [tuple_(*(columns[c] for c in cols)) for cols in SETS.values()]
        stmt = select(*(columns[c].label(c) for c in names),
                      func.grouping(*(columns[c] for c in names)).label("grouping_set"),
                      *measures).where(where).group_by(func.grouping_sets(*sets))
        for row in conn.execute(stmt):
            out[mask_of[row.grouping_set]].append(row)
        return out
    for name, cols in SETS.items():
        stmt = select(*(columns[c].label(c) for c in cols), *measures).where(where) \
            .group_by(*(columns[c] for c in cols))
        out[name] = list(conn.execute(stmt))
    return out


def insights(conn: Connection, p: Principal, q: Query) -> dict[str, Any]:
    """The insights document for `p` over `q` (see `schemas.Insights`)."""
    check_reviewer(p)
    scope = _scope(conn, p, q)
    rows = where(p, q)
    sets = _aggregate(conn, rows)
    doc = _figures(sets, scope)
    themes = doc["themes"]
    chosen = q.category
    if chosen is None and themes:
        chosen = themes[0]["category"] or UNCATEGORISED
    quotes = _quotes(conn, rows, chosen, q.quotes, scope["stores"]) if chosen else []
    before = q.previous()
    from frontline.server.themes.store import theme_figures  # discovered themes (issue 14)

    previous = _figures(_aggregate(conn, where(p, before)), scope)
    return {
        "since": _day(q.since), "until": _day(q.until),
        "scope": {"role": scope["role"], "label": scope["label"], "stores": len(scope["stores"])},
        "filters": {"kind": q.kind, "channel": q.channel, "customer_type": q.customer_type,
                    "store": q.store_id, "region": q.region_id},
        "total": doc["total"], "switch_risk": doc["switch_risk"],
        "switch_risk_share": doc["switch_risk_share"],
        "themes": themes, "stores": doc["stores"], "departments": doc["departments"],
        "weeks": _weeks(sets["days"], q), "loop": doc["loop"], "heatmap": doc["heatmap"],
        "previous": {"since": _day(before.since), "until": _day(before.until),
                     "total": previous["total"], "switch_risk": previous["switch_risk"],
                     "switch_risk_share": previous["switch_risk_share"],
                     "loop": previous["loop"], "themes": previous["themes"]},
        "quotes_category": chosen, "quotes": quotes,
        "discovered_themes": theme_figures(conn, rows, where(p, before)),
    }


def _figures(sets: dict[str, list[Any]], scope: dict[str, Any]) -> dict[str, Any]:
    """Themes, stores, departments, the heatmap, totals and close-the-loop figures from
    the aggregated sets."""
    themes = [{"category": row.category, "kind": row.kind, "count": _n(row.n),
               "switch_risk": _n(row.risk), "answered": _n(row.answered)}
              for row in sets["themes"]]
    themes.sort(key=lambda th: (-th["count"], th["category"] or "~", th["kind"]))

    stores = []
    for row in sets["stores"]:
        info = scope["stores"].get(row.store_id)
        stores.append({"store_id": row.store_id, "code": info.code if info else "",
                       "name": info.name if info else "", "region": info.region if info else None,
                       "count": _n(row.n), "switch_risk": _n(row.risk),
                       "answered": _n(row.answered), "action_taken": _n(row.acted),
                       "open": _n(row.open)})
    stores.sort(key=lambda st: (-st["count"], st["name"]))

    departments = [{"department": row.department, "count": _n(row.n),
                    "switch_risk": _n(row.risk)} for row in sets["departments"]]
    departments.sort(key=lambda d: (-d["count"], d["department"] or "~"))

    by_status: dict[str, int] = {}
    for row in sets["hours"]:
        by_status[row.status] = by_status.get(row.status, 0) + _n(row.n)
    total = sum(by_status.values())
    total_risk = sum(th["switch_risk"] for th in themes)
    heatmap = [{"store_id": row.store_id, "category": row.category, "count": _n(row.n)}
               for row in sets["heatmap"]]
    heatmap.sort(key=lambda c: (c["store_id"], c["category"] or "~"))
    return {"total": total, "switch_risk": total_risk,
            "switch_risk_share": _share(total_risk, total), "themes": themes,
            "stores": stores, "departments": departments, "heatmap": heatmap,
            "loop": _loop(sets["hours"], by_status)}


def _weeks(days: list[Any], q: Query) -> list[dict[str, Any]]:
    """Counts per ISO week (Monday) from since to until, empty weeks included, folded from
    counts per day and kind (a text prefix of `observed_at`, the same on both databases)."""
    weeks: dict[date, dict[str, Any]] = {}
    monday = q.since - timedelta(days=q.since.weekday())
    while monday <= q.until:
        weeks[monday] = {"week": _day(monday), "count": 0, "pain_point": 0, "praise": 0,
                         "idea": 0, "switch_risk": 0}
        monday += timedelta(days=7)
    for row in days:
        try:
            d = date.fromisoformat(row.day)
        except (TypeError, ValueError):
            continue  # a malformed time cannot be placed in a week
        week = weeks.get(d - timedelta(days=d.weekday()))
        if week is None:
            continue
        week["count"] += _n(row.n)
        week["switch_risk"] += _n(row.risk)
        if row.kind in ("pain_point", "praise", "idea"):
            week[row.kind] += _n(row.n)
    return list(weeks.values())


def _at_rank(histogram: list[tuple[int, int]], rank: int) -> int:
    """The value at 0-based `rank` of a sorted histogram of (value, count)."""
    seen = 0
    for value, n in histogram:
        seen += n
        if seen > rank:
            return value
    return histogram[-1][0]


def _loop(hours_rows: list[Any], by_status: dict[str, int]) -> dict[str, Any]:
    """Close-the-loop figures over the observations a manager had to decide on (every
    status but duplicate; withdrawn ones are never counted)."""
    base = sum(v for k, v in by_status.items() if k != Status.DUPLICATE.value)
    histogram = sorted((max(0, int(row.hours)), _n(row.n)) for row in hours_rows
                       if row.hours is not None and row.status != Status.DUPLICATE.value)
    answered = sum(n for _h, n in histogram)
    median_days = None
    if answered:  # the middle one, or the mean of the middle two; +0.5: mid-hour
        middle = [_at_rank(histogram, (answered - 1) // 2), _at_rank(histogram, answered // 2)]
        median_days = round((sum(middle) / 2 + 0.5) / 24, 1)
    open_count = sum(by_status.get(s, 0) for s in _AWAITING)
    figures = {"action_taken": by_status.get(Status.ACTION_TAKEN.value, 0),
               "closed": by_status.get(Status.CLOSED.value, 0),
               "wont_act": by_status.get(Status.WONT_ACT.value, 0), "open": open_count}
    return {
        "decided_on": base, "answered": answered, "answered_share": _share(answered, base),
        **figures,
        **{f"{k}_share": _share(v, base) for k, v in figures.items()},
        "duplicates": by_status.get(Status.DUPLICATE.value, 0),
        "median_days_to_answer": median_days,
    }


def _quotes(conn: Connection, where: ColumnElement[bool], category: str, limit: int,
            stores: dict[str, Any]) -> list[dict[str, Any]]:
    """Verbatim customer words of one theme, newest first (an index walked backwards stops
    after `limit`). Never the author, never an id."""
    if limit <= 0:
        return []
    o = t.observations.c
    theme = o.category.is_(None) if category == UNCATEGORISED else o.category == category
    rows = conn.execute(
        select(o.customer_words, o.observed_at, o.store_id, o.kind, o.channel, o.customer_type,
               o.switch_risk, o.severity)
        .where(where, theme, o.customer_words != "")
        .order_by(o.observed_at.desc())
        .limit(limit))
    out = []
    for row in rows:
        info = stores.get(row.store_id)
        out.append({"words": row.customer_words, "observed_on": row.observed_at[:10],
                    "store": info.name if info else "", "kind": row.kind, "channel": row.channel,
                    "customer_type": row.customer_type, "switch_risk": bool(row.switch_risk),
                    "severity": row.severity})
    return out


__all__ = ["Query", "parse_query", "check_reviewer", "insights", "where", "check_scope",
           "MAX_DAYS",
           "MAX_QUOTES", "UNCATEGORISED", "UNASSIGNED", "STATUS_GROUPS"]
