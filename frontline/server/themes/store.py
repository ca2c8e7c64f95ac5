"""Themes stored per organisation, and what `GET /v1/insights` says about them.

`run_themes` groups the organisation's recent observations (summary, details and the
customer's words) with `cluster.discover` and replaces the organisation's stored themes
(`discovered_themes`) and assignments (`observation_themes`): the latest run only. It runs
on demand, `frontline-server themes run` (for cron).

`theme_figures` counts, for the caller's scope and filters, each stored theme's
observations in the requested range and in as many days just before it. A theme is
*emerging* when it rises against that previous period (at least `EMERGING_MIN`
observations and at least `EMERGING_RATIO` times as many as before) and matches no
existing category: no category holds half of its observations in the range.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, delete, func, insert, select

from frontline.core.ids import format_time, new_id
from frontline.server import tables as t
from frontline.server.themes.cluster import LEFTOVER, Params, discover

#: how far back `themes run` reads observations, in days (by `observed_at`)
DEFAULT_DAYS = 90
#: at most this many (the newest): the size measured to fit in time and memory
MAX_NOTES = 100_000
EMERGING_MIN = 3
EMERGING_RATIO = 2.0
#: a theme "matches" a category when at least this share of its observations carry it
CATEGORY_MATCH = 0.5
_BATCH = 1000


def run_themes(conn: Connection, org_id: str, *, now: datetime, days: int = DEFAULT_DAYS,
               params: Params | None = None, limit: int = MAX_NOTES) -> dict[str, Any]:
    """Discover the themes of `org_id`'s observations of the last `days` days (the newest
    `limit` of them) and store them in place of the previous run's. Withdrawn observations
    are left out."""
    if days < 1:
        raise ValueError("`days` must be 1 or more.")
    o = t.observations.c
    since = (now - timedelta(days=days)).date().isoformat()
    rows = conn.execute(
        select(o.id, o.summary, o.details, o.customer_words)
        .where(o.org_id == org_id, o.status != "withdrawn", o.observed_at >= since)
        .order_by(o.observed_at.desc(), o.id.desc()).limit(limit)).all()[::-1]
    texts = [" ".join(part for part in (r.summary, r.details, r.customer_words) if part)
             for r in rows]
    result = discover(texts, params)
    computed_at = format_time(now)
    conn.execute(delete(t.observation_themes).where(t.observation_themes.c.org_id == org_id))
    conn.execute(delete(t.discovered_themes).where(t.discovered_themes.c.org_id == org_id))
    ids: dict[str, str] = {}
    for theme in result.themes:
        ids[theme.label] = new_id()
        conn.execute(insert(t.discovered_themes).values(
            id=ids[theme.label], org_id=org_id, label=theme.label[:200], terms=theme.terms,
            language=theme.language, size=theme.size, computed_at=computed_at))
    pairs = [{"org_id": org_id, "observation_id": row.id, "theme_id": ids[label]}
             for row, label in zip(rows, result.labels, strict=True)
             if label is not None and label != LEFTOVER and label in ids]
    for start in range(0, len(pairs), _BATCH):
        conn.execute(insert(t.observation_themes), pairs[start:start + _BATCH])
    return {"org_id": org_id, "observations": len(rows), "themes": len(result.themes),
            "assigned": len(pairs), "since": since, "computed_at": computed_at}


def theme_figures(conn: Connection, where: ColumnElement[bool],
                  where_before: ColumnElement[bool]) -> list[dict[str, Any]]:
    """Each stored theme with observations that `where` selects: its count there, its
    count under `where_before` (the previous period), its most common category and
    whether it is emerging. Largest first; only themes with observations in range."""
    o, ot = t.observations.c, t.observation_themes.c
    joined = t.observations.join(
        t.observation_themes, and_(ot.org_id == o.org_id, ot.observation_id == o.id))
    by_category: dict[str, dict[str | None, int]] = defaultdict(dict)
    for row in conn.execute(select(ot.theme_id, o.category, func.count().label("n"))
                            .select_from(joined).where(where)
                            .group_by(ot.theme_id, o.category)):
        by_category[row.theme_id][row.category] = int(row.n)
    if not by_category:
        return []
    before = {row.theme_id: int(row.n) for row in conn.execute(
        select(ot.theme_id, func.count().label("n")).select_from(joined)
        .where(where_before, ot.theme_id.in_(list(by_category))).group_by(ot.theme_id))}
    d = t.discovered_themes.c
    info = {row.id: row for row in conn.execute(
        select(d.id, d.label, d.terms, d.computed_at).where(d.id.in_(list(by_category))))}
    out: list[dict[str, Any]] = []
    for theme_id, categories in by_category.items():
        stored = info.get(theme_id)
        if stored is None:
            continue
        count = sum(categories.values())
        named = {c: n for c, n in categories.items() if c is not None}
        top = max(sorted(named, key=str), key=lambda c: named[c]) if named else None
        top_share = round(named[top] / count, 4) if top is not None else None
        previous = before.get(theme_id, 0)
        rising = count >= EMERGING_MIN and count >= EMERGING_RATIO * previous
        matches = top_share is not None and top_share >= CATEGORY_MATCH
        out.append({"label": stored.label, "terms": list(stored.terms), "count": count,
                    "previous": previous, "top_category": top, "top_category_share": top_share,
                    "emerging": rising and not matches, "computed_at": stored.computed_at})
    out.sort(key=lambda th: (-th["count"], th["label"]))
    return out
