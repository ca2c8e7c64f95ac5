"""E-mail: messages as the outbox keeps them, and sending one over SMTP.

A message is built once (`message`: multipart/alternative, plain text and HTML) with a
`Message-ID` made of its outbox row's id, stored whole in its outbox row, and sent by the
worker (`send`) with `smtplib`: STARTTLS and authentication when the settings ask. Each
message is marked sent right after the SMTP server accepts it; a process killed between
the two sends it again after a restart, with the same `Message-ID` (the at-least-once
window, docs/outbound.md).
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from sqlalchemy import Connection, insert

from frontline.core.ids import format_time
from frontline.server import tables as t
from frontline.server.settings import Settings

MAIL_DOMAIN = "frontline.invalid"


def message_id(row_id: str) -> str:
    return f"<{row_id}@{MAIL_DOMAIN}>"


def message(settings: Settings, *, row_id: str, to: str, subject: str, text: str, html: str,
            now: datetime) -> EmailMessage:
    """A multipart/alternative message: `text` first, `html` the richer part."""
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(row_id)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


def enqueue(conn: Connection, org_id: str, user_id: str, kind: str, msg: EmailMessage,
            row_id: str, now: datetime) -> None:
    """Put `msg` in the outbox (in the caller's transaction)."""
    when = format_time(now)
    conn.execute(insert(t.outbox).values(
        id=row_id, org_id=org_id, channel="mail", target=user_id, event=kind,
        payload=msg.as_string(policy=policy.SMTP), status="pending", attempts=0,
        created_at=when, next_attempt_at=when, claimed_until=None, sent_at=None, last_error=""))


def send(settings: Settings, payload: str) -> str | None:
    """Send one stored message; None once the SMTP server accepted it, else why not."""
    msg: Any = message_from_string(payload, policy=policy.SMTP)
    sender = parseaddr(settings.smtp_from)[1] or "frontline@localhost"
    to = parseaddr(str(msg["To"]))[1]
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                          timeout=settings.outbound_timeout_seconds) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            smtp.sendmail(sender, [to], payload.encode("utf-8"))
    except smtplib.SMTPResponseException as error:
        return f"SMTP {error.smtp_code}"
    except (smtplib.SMTPException, OSError) as error:
        return f"SMTP not reached: {type(error).__name__}"
    return None
