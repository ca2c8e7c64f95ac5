"""What the Insights page asks the server, and what each of its marks drills down to.

Pure (no Qt, no I/O): the page, the PDF report and `frontline report` build their requests
here, so a figure and the list behind it can never disagree about what they count.

    filters = InsightFilters(since=date(2026, 10, 27), until=date(2026, 11, 23), region="r1")
    insights_params(filters)                      # GET /v1/insights
    drill_params(filters, Mark("theme", category="queue", kind="pain_point"))
                                                  # GET /v1/observations (and /v1/export)

The status conditions and the `unassigned` / `uncategorised` values are those of
`GET /v1/observations` (docs/insights.md, "Drill-down"): `status` is a comma-separated
list of conditions that must all hold, and `week` is the Monday that starts an ISO week,
as `weeks[].week` of `/v1/insights` says it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

#: (key, days): the period presets, each ending today; "custom" takes the date pickers
PRESETS: tuple[tuple[str, int], ...] = (("4w", 28), ("quarter", 91), ("year", 365),
                                        ("2y", 730))
UNCATEGORISED = "uncategorised"
UNASSIGNED = "unassigned"
#: the filters a leader sets, in the order the title says them
FILTER_FIELDS = ("region", "store", "department", "channel", "customer_type", "kind")

#: each figure of the close-the-loop scorecard → the `status` conditions of its rows. The
#: shares are over the observations a manager had to decide on (`decided`: every status but
#: duplicate), so those figures drill down to that base too; "total" is every observation.
FIGURE_STATUS: dict[str, str] = {
    "total": "",
    "switch_risk": "switch_risk",
    "answered": "decided,answered",
    "action_taken": "action_taken",
    "closed": "closed",
    "wont_act": "wont_act",
    "open": "open",
    "median": "decided,answered",
    "decided": "decided",
}
#: a column of the by-store or by-department table, or a line of the weekly trend → the
#: `status` condition it counts ("count" and the kinds: none)
COLUMN_STATUS: dict[str, str] = {
    "count": "",
    "switch_risk": "switch_risk",
    "answered": "answered",
    "action_taken": "action_taken",
    "open": "open",
}
KIND_CODES = ("pain_point", "praise", "idea")
MARK_KINDS = ("theme", "store", "department", "week", "cell", "figure")


@dataclass(frozen=True)
class InsightFilters:
    """What the Insights page shows: a period and the leader's filters (None: all)."""

    since: date
    until: date
    region: str | None = None
    store: str | None = None
    department: str | None = None
    channel: str | None = None
    customer_type: str | None = None
    kind: str | None = None

    @classmethod
    def preset(cls, key: str, today: date | None = None, **filters: str | None
               ) -> InsightFilters:
        """The period `key` of `PRESETS`, ending `today` (UTC), with `filters`."""
        days = dict(PRESETS)[key]
        today = today or datetime.now(UTC).date()
        return cls(today - timedelta(days=days - 1), today, **filters)

    def key(self) -> str:
        """A stable text naming this filter set (the offline copy is kept under it)."""
        return json.dumps(insights_params(self), sort_keys=True, separators=(",", ":"))

    def previous(self) -> tuple[date, date]:
        """The period of the same length just before (what `previous` counts)."""
        days = (self.until - self.since).days + 1
        return self.since - timedelta(days=days), self.since - timedelta(days=1)


@dataclass(frozen=True)
class Mark:
    """One mark on the Insights page that a click drills into.

    `what` is one of `MARK_KINDS`:
    - `theme`: a row of the themes table (`category`, None: uncategorised; and its `kind`)
    - `store`: a row of the by-store table (`store`; `column` of `COLUMN_STATUS`)
    - `department`: a bar or row by department (`department`, None: not assigned; `column`)
    - `week`: a point of the weekly trend or a row by week (`week`, its Monday; `series`
      a kind, `switch_risk`, or None for every observation of that week)
    - `cell`: a cell of the store × category heatmap (`store`, `category`)
    - `figure`: a figure of the scorecard (`figure`, a key of `FIGURE_STATUS`)
    """

    what: str
    category: str | None = None
    kind: str | None = None
    store: str | None = None
    department: str | None = None
    week: date | str | None = None
    series: str | None = None
    column: str = "count"
    figure: str = "total"


def insights_params(filters: InsightFilters, *, quotes: int | None = None,
                    category: str | None = None) -> dict[str, str]:
    """`GET /v1/insights`'s query for `filters` (and the theme whose quotes to send)."""
    params = {"since": filters.since.isoformat(), "until": filters.until.isoformat()}
    for name in ("kind", "channel", "customer_type", "store", "region"):
        value = getattr(filters, name)
        if value:
            params[name] = value
    # /v1/insights has no department filter: a department narrows the drill-downs only
    if quotes is not None:
        params["quotes"] = str(quotes)
    if category:
        params["category"] = category
    return params


def _monday(week: date | str) -> date:
    if isinstance(week, str):
        week = date.fromisoformat(week[:10])
    return week - timedelta(days=week.weekday())


def drill_params(filters: InsightFilters, mark: Mark) -> dict[str, str]:
    """`GET /v1/observations`'s query for exactly the observations behind `mark`, under
    `filters`. A mark's own value (a theme's kind, a store) replaces the filter's."""
    if mark.what not in MARK_KINDS:
        raise ValueError(f"unknown mark {mark.what!r}; one of {', '.join(MARK_KINDS)}")
    params = {"since": filters.since.isoformat(), "until": filters.until.isoformat()}
    for name in FILTER_FIELDS:
        value = getattr(filters, name)
        if value:
            params[name] = value
    own, status = _mark_params(mark)
    params.update(own)
    if status:
        params["status"] = status
    return params


def _mark_params(mark: Mark) -> tuple[dict[str, str], str]:
    """A mark's own parameters, and its `status` conditions ("" for none)."""
    if mark.what == "theme":
        own = {"category": mark.category or UNCATEGORISED}
        if mark.kind:
            own["kind"] = mark.kind
        return own, ""
    if mark.what == "store":
        return {"store": str(_required(mark.store, "store"))}, COLUMN_STATUS[mark.column]
    if mark.what == "department":
        return {"department": mark.department or UNASSIGNED}, COLUMN_STATUS[mark.column]
    if mark.what == "week":
        own = {"week": _monday(_required(mark.week, "week")).isoformat()}
        if mark.series in KIND_CODES:
            own["kind"] = str(mark.series)
            return own, ""
        return own, COLUMN_STATUS[mark.series] if mark.series else ""
    if mark.what == "cell":
        return {"store": str(_required(mark.store, "store")),
                "category": mark.category or UNCATEGORISED}, ""
    return {}, FIGURE_STATUS[mark.figure]


def _required(value: str | date | None, name: str) -> str | date:
    if value is None or value == "":
        raise ValueError(f"a {name} mark needs its {name}")
    return value


def with_filters(filters: InsightFilters, **changes: object) -> InsightFilters:
    """`filters` with some fields changed (a typed `dataclasses.replace`)."""
    return dataclasses.replace(filters, **changes)  # type: ignore[arg-type]


def change(now: float | None, before: float | None) -> float | None:
    """How much a figure rose (+) or fell (−) against the previous period, as a share of
    the previous value (None: nothing to compare with)."""
    if now is None or before is None or before == 0:
        return None
    return (now - before) / before


def rising_themes(themes: list[dict[str, object]], previous: list[dict[str, object]],
                  limit: int = 5) -> list[tuple[dict[str, object], int]]:
    """The themes that rose most against the previous period: (theme, previous count),
    largest rise first; only themes that rose."""
    before = {(t.get("category"), t.get("kind")): int(str(t.get("count") or 0))
              for t in previous}
    rises = []
    for theme in themes:
        was = before.get((theme.get("category"), theme.get("kind")), 0)
        now = int(str(theme.get("count") or 0))
        if now > was:
            rises.append((theme, was))
    rises.sort(key=lambda pair: (int(str(pair[0].get("count") or 0)) - pair[1],
                                 int(str(pair[0].get("count") or 0))), reverse=True)
    return rises[:limit]
