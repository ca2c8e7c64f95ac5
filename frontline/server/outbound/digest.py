"""The digest: an e-mail to each leader and manager about their scope over the last
`digest_days` days, weekly (`digest_weekday`, `digest_hour`, UTC) and on demand
(`frontline-server digest send [--dry-run --out DIR]`).

The figures are `frontline.server.insights.insights`' (called, as the recipient: their
scope, never wider), for the period and the one before it: the scorecard, the themes that
rose and fell, emerging discovered themes, customer quotes, and "you said, we did" (answers
sent in the period on observations where action was taken). A digest names no author at
all. People can refuse it (`users.digest_off`, `frontline-server user digest --off`).
The wording is in `TEXT`, one place, so that it can be translated (another issue).
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from frontline.core import taxonomy
from frontline.core.ids import format_time, new_id
from frontline.server import tables as t
from frontline.server.auth import Principal, user_from_row
from frontline.server.db import Database
from frontline.server.insights import Query, insights
from frontline.server.outbound import mail
from frontline.server.scope import observation_filter
from frontline.server.settings import Settings

RECIPIENT_ROLES = ("leader", "manager")
TOP = 5
TEXT = {
    "subject": "Frontline digest for {scope}: {since} to {until}",
    "title": "What your customers told {scope} from {since} to {until}",
    "scorecard": "Scorecard",
    "total": "Observations: {total} ({change} on the period before)",
    "risk": "Customers who said they might leave: {n}",
    "answered": "Answered: {share}",
    "acted": "Action taken: {n}",
    "open": "Still waiting for a decision: {n}",
    "median": "Median time to an answer: {days} days",
    "rose": "Rose",
    "fell": "Fell",
    "emerging": "Emerging themes",
    "quotes": "In the customers' words",
    "did": "You said, we did",
    "none": "Nothing this period.",
    "footer": "Sent by Frontline to the people who act on what customers say. To stop "
              "these e-mails, ask IT (frontline-server user digest --off).",
}


def _label(category: str | None, kind: str) -> str:
    names = {c.code: c.label for c in taxonomy.CATEGORIES}
    return f"{names.get(category or '', category or 'uncategorised')} ({kind.replace('_', ' ')})"


def _you_said_we_did(conn: Connection, p: Principal, since: date, until: date) -> list[Any]:
    o = t.observations.c
    return list(conn.execute(
        select(o.summary, o.response, o.responded_at).where(
            observation_filter(p), o.status == "action_taken", o.response != "",
            o.responded_at >= since.isoformat(),
            o.responded_at < (until + timedelta(days=1)).isoformat())
        .order_by(o.responded_at.desc()).limit(TOP)))


def content(conn: Connection, user: Any, since: date, until: date) -> dict[str, Any]:
    """What one recipient's digest says, as data (no author anywhere)."""
    p = Principal(org_id=user.org_id, user=user_from_row(user))
    now = insights(conn, p, Query(since, until, quotes=TOP))
    span = until - since + timedelta(days=1)
    before = insights(conn, p, Query(since - span, since - timedelta(days=1), quotes=0))
    old = {(th["category"], th["kind"]): th["count"] for th in before["themes"]}
    new = {(th["category"], th["kind"]): th["count"] for th in now["themes"]}
    changes = [(key, new.get(key, 0) - old.get(key, 0)) for key in set(old) | set(new)]
    changes.sort(key=lambda kc: (-abs(kc[1]), str(kc[0])))
    return {
        "scope": now["scope"]["label"], "since": since.isoformat(), "until": until.isoformat(),
        "total": now["total"], "previous_total": before["total"],
        "switch_risk": now["switch_risk"], "loop": now["loop"],
        "rose": [(_label(*k), d) for k, d in changes if d > 0][:TOP],
        "fell": [(_label(*k), d) for k, d in changes if d < 0][:TOP],
        "emerging": [th["label"] for th in now["discovered_themes"] if th.get("emerging")][:TOP],
        "quotes": [(q["words"], q["store"]) for q in now["quotes"]][:TOP],
        "did": [(r.summary, r.response) for r in _you_said_we_did(conn, p, since, until)],
    }


def _sections(c: dict[str, Any]) -> list[tuple[str, list[str]]]:
    loop = c["loop"]
    change = c["total"] - c["previous_total"]
    card = [TEXT["total"].format(total=c["total"], change=f"{change:+d}"),
            TEXT["risk"].format(n=c["switch_risk"]),
            TEXT["answered"].format(share="—" if loop["answered_share"] is None
                                    else f"{loop['answered_share']:.0%}"),
            TEXT["acted"].format(n=loop["action_taken"]), TEXT["open"].format(n=loop["open"])]
    if loop["median_days_to_answer"] is not None:
        card.append(TEXT["median"].format(days=loop["median_days_to_answer"]))
    return [
        (TEXT["scorecard"], card),
        (TEXT["rose"], [f"{name}: +{d}" for name, d in c["rose"]]),
        (TEXT["fell"], [f"{name}: {d}" for name, d in c["fell"]]),
        (TEXT["emerging"], list(c["emerging"])),
        (TEXT["quotes"], [f"“{words}” ({store})" for words, store in c["quotes"]]),
        (TEXT["did"], [f"{said} → {did}" for said, did in c["did"]]),
    ]


def message(settings: Settings, row_id: str, to: str, c: dict[str, Any],
            now: datetime) -> EmailMessage:
    """The digest e-mail: plain text and HTML with the same sections."""
    title = TEXT["title"].format(scope=c["scope"], since=c["since"], until=c["until"])
    text, body = [title, ""], [f"<h1>{html.escape(title)}</h1>"]
    for heading, lines in _sections(c):
        text += [heading, "-" * len(heading)] + ([f"- {x}" for x in lines] or [TEXT["none"]])
        text.append("")
        items = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
        body.append(f"<h2>{html.escape(heading)}</h2>"
                    + (f"<ul>{items}</ul>" if lines else f"<p>{html.escape(TEXT['none'])}</p>"))
    text.append(TEXT["footer"])
    body.append(f"<p><small>{html.escape(TEXT['footer'])}</small></p>")
    return mail.message(settings, row_id=row_id, to=to,
                        subject=TEXT["subject"].format(scope=c["scope"], since=c["since"],
                                                       until=c["until"]),
                        text="\n".join(text) + "\n",
                        html="<html><body>" + "".join(body) + "</body></html>", now=now)


def recipients(conn: Connection, org_id: str) -> list[Any]:
    u = t.users.c
    return list(conn.execute(select(t.users).where(
        u.org_id == org_id, u.role.in_(RECIPIENT_ROLES), u.disabled.is_(False),
        u.digest_off.is_(False), u.email.is_not(None), u.email != "").order_by(u.username)))


def period(settings: Settings, now: datetime, until: date | None = None) -> tuple[date, date]:
    """The digest's days: the `digest_days` days before today (UTC), or up to `until`."""
    until = until or now.date() - timedelta(days=1)
    return until - timedelta(days=max(1, settings.digest_days) - 1), until


def build(conn: Connection, settings: Settings, org_id: str, now: datetime,
          until: date | None = None) -> list[tuple[Any, str, EmailMessage]]:
    """Every recipient's digest as (user, outbox row id, message): reads only, so a
    read transaction serves (the build of 300 stores' digests takes a while; it must
    not hold SQLite's write lock)."""
    since, until = period(settings, now, until)
    out = []
    for user in recipients(conn, org_id):
        row_id = new_id()
        out.append((user, row_id,
                    message(settings, row_id, user.email, content(conn, user, since, until), now)))
    return out


def queue(conn: Connection, org_id: str, built: list[tuple[Any, str, EmailMessage]],
          now: datetime) -> list[dict[str, Any]]:
    """Put built digests in the outbox (in the caller's write transaction)."""
    for user, row_id, msg in built:
        mail.enqueue(conn, org_id, user.id, "digest", msg, row_id, now)
    return [{"to": u.email, "user": u.username, "message_id": m["Message-ID"]}
            for u, _, m in built]


def write_files(built: list[tuple[Any, str, EmailMessage]], out: Path,
                until: date) -> list[dict[str, Any]]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for user, _, msg in built:
        path = out / f"digest-{user.username}-{until.isoformat()}.eml"
        path.write_bytes(bytes(msg))
        made.append({"to": user.email, "user": user.username, "file": str(path)})
    return made


def make(conn: Connection, settings: Settings, org_id: str, now: datetime, *,
         out: Path | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Every recipient's digest: queued in the outbox (`conn` in a write transaction),
    or (`out`) written there as .eml. The period ends yesterday, or on `until`."""
    built = build(conn, settings, org_id, now, until)
    if out is not None:
        return write_files(built, out, period(settings, now, until)[1])
    return queue(conn, org_id, built, now)


def send(db: Database, settings: Settings, org_id: str, now: datetime, *,
         out: Path | None = None) -> list[dict[str, Any]]:
    """`digest send`: built in a read transaction, queued in a short write transaction."""
    with db.read() as conn:
        built = build(conn, settings, org_id, now)
    if out is not None:
        return write_files(built, out, period(settings, now)[1])
    with db.write() as conn:
        return queue(conn, org_id, built, now)


_done: set[str] = set()


def scheduled(db: Database, settings: Settings, now: datetime) -> int:
    """Make the week's digest once its day and hour have come (each organisation once,
    whichever process gets there first: `digest_runs`' primary key)."""
    if not settings.smtp_host or now.weekday() != settings.digest_weekday \
            or now.hour < settings.digest_hour:
        return 0
    key = f"{now.date().isoformat()}"
    if key in _done:
        return 0
    with db.read() as conn:
        orgs = list(conn.execute(select(t.organisations.c.id)).scalars())
        made_before = set(conn.execute(select(t.digest_runs.c.org_id).where(
            t.digest_runs.c.period == key)).scalars())
    count = 0
    for org_id in orgs:
        if org_id in made_before:
            continue
        with db.read() as conn:  # the long part, without the write lock
            built = build(conn, settings, org_id, now)
        try:
            with db.write() as conn:  # the run's row and its messages, or neither
                conn.execute(insert(t.digest_runs).values(org_id=org_id, period=key,
                                                          made_at=format_time(now),
                                                          messages=len(built)))
                count += len(queue(conn, org_id, built, now))
        except IntegrityError:
            pass  # another process queued it first; this build is dropped
    _done.add(key)
    return count
