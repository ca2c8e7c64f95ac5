"""Alert e-mails: a new observation with switch risk or severity 5 reaches the managers of
its store by e-mail within a minute of its sync.

`events.created` writes an `alerts` row in the push's transaction. The worker calls
`compose` every half second: for each manager with an e-mail address who has not turned
alerts off (`users.alerts_off`) and has alerts of their store past their mark
(`alert_marks.last_seq`), one e-mail lists them all (batched), unless their last alert
e-mail went out less than `alert_min_interval_minutes` ago (then the next one, a little
later, holds everything that came meanwhile). Moving the mark and queueing the e-mail
happen in one transaction, compare-and-set on the mark, so two processes never send the
same alert twice. Alerts older than two days are dropped. No author is ever named.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from frontline.core.ids import format_time, new_id, parse_time
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.outbound import mail
from frontline.server.settings import Settings

KEEP = timedelta(days=2)
#: The wording, in one place so that it can be translated (another issue).
TEXT = {
    "subject": "Frontline: {n} urgent observation(s) at {store}",
    "intro": "These customer observations at {store} need your attention soon:",
    "risk": "the customer said they might leave",
    "severity": "severity {severity}",
    "outro": "Open Frontline to review and answer them. You get these e-mails as a manager "
             "of the store; to stop them, ask IT (frontline-server user alerts --off).",
}


def _candidates(conn: Connection) -> list[Any]:
    a, u, m = t.alerts.c, t.users.c, t.alert_marks.c
    joined = t.alerts.join(t.users, and_(u.store_id == a.store_id, u.org_id == a.org_id)) \
        .outerjoin(t.alert_marks, m.user_id == u.id)
    return list(conn.execute(
        select(u.id, u.org_id, u.store_id, u.email, m.last_seq, m.last_sent_at,
               func.max(a.seq).label("top"))
        .select_from(joined)
        .where(u.role == "manager", u.disabled.is_(False), u.alerts_off.is_(False),
               u.email.is_not(None), u.email != "", a.seq > func.coalesce(m.last_seq, 0))
        .group_by(u.id, u.org_id, u.store_id, u.email, m.last_seq, m.last_sent_at)))


def compose(db: Database, settings: Settings, now: datetime) -> int:
    """Queue the alert e-mails that are due; how many."""
    if not settings.smtp_host:
        return 0
    with db.read() as conn:
        due = [c for c in _candidates(conn) if c.last_sent_at is None or parse_time(
            c.last_sent_at) + timedelta(minutes=settings.alert_min_interval_minutes) <= now]
    made = 0
    for candidate in due:
        with db.write() as conn:
            made += _one(conn, settings, candidate, now)
    if due:
        with db.write() as conn:
            conn.execute(delete(t.alerts).where(t.alerts.c.created_at < format_time(now - KEEP)))
    return made


class _Moved(Exception):
    """Another process moved the mark first: nothing to do."""


def _one(conn: Connection, settings: Settings, c: Any, now: datetime) -> int:
    m = t.alert_marks.c
    when = format_time(now)
    if c.last_seq is None:
        conn.execute(insert(t.alert_marks).values(user_id=c.id, last_seq=c.top, last_sent_at=when))
    else:
        moved = conn.execute(update(t.alert_marks).where(m.user_id == c.id,
                                                         m.last_seq == c.last_seq)
                             .values(last_seq=c.top, last_sent_at=when)).rowcount
        if moved != 1:
            return 0
    a, o = t.alerts.c, t.observations.c
    rows = list(conn.execute(
        select(o.kind, o.summary, o.severity, o.switch_risk, o.observed_at, o.customer_words)
        .select_from(t.alerts.join(t.observations, o.id == a.observation_id))
        .where(a.store_id == c.store_id, a.seq > (c.last_seq or 0), a.seq <= c.top,
               o.status != "withdrawn")
        .order_by(a.seq)))
    if not rows:
        return 0
    store = conn.execute(select(t.stores.c.name).where(t.stores.c.id == c.store_id)).scalar() or ""
    row_id = new_id()
    msg = message(settings, row_id, c.email, store, rows, now)
    mail.enqueue(conn, c.org_id, c.id, "alert", msg, row_id, now)
    return 1


def _line(row: Any) -> str:
    why = [TEXT["risk"]] if row.switch_risk else []
    if row.severity:
        why.append(TEXT["severity"].format(severity=row.severity))
    return f"{row.summary} ({', '.join(why)}; {row.observed_at[:16].replace('T', ' ')} UTC)"


def message(settings: Settings, row_id: str, to: str, store: str, rows: list[Any],
            now: datetime) -> Any:
    """The alert e-mail for `rows` (observations of one store)."""
    lines = [_line(r) for r in rows]
    quotes = [f'    "{r.customer_words}"' if r.customer_words else "" for r in rows]
    text = "\n".join([TEXT["intro"].format(store=store), ""]
                     + [f"- {line}" + (f"\n{q}" if q else "") for line, q in zip(lines, quotes,
                                                                             strict=True)]
                     + ["", TEXT["outro"]]) + "\n"
    items = "".join(
        f"<li>{html.escape(line)}"
        + (f"<br><q>{html.escape(r.customer_words)}</q>" if r.customer_words else "") + "</li>"
        for line, r in zip(lines, rows, strict=True))
    body = (f"<p>{html.escape(TEXT['intro'].format(store=store))}</p><ul>{items}</ul>"
            f"<p>{html.escape(TEXT['outro'])}</p>")
    return mail.message(settings, row_id=row_id, to=to,
                        subject=TEXT["subject"].format(n=len(rows), store=store),
                        text=text, html=f"<html><body>{body}</body></html>", now=now)
