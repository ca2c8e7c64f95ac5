"""Ids and clocks.

Observation ids are UUIDv7 made on the client: unique without asking the server,
and ordered by creation time, which keeps SQLite and PostgreSQL indexes compact.
"""

from __future__ import annotations

from datetime import UTC, datetime


def new_id() -> str:
    """A fresh UUIDv7 as a lowercase string."""
    # Imported on first use: uuid6 reads package metadata at import (~50-100 ms), which
    # would otherwise sit on the app's cold-start path before the capture form appears.
    import uuid6

    return str(uuid6.uuid7())


def utc_now() -> str:
    """The current UTC time as ISO 8601 with milliseconds and a `Z` suffix."""
    return format_time(datetime.now(UTC))


def format_time(moment: datetime) -> str:
    """Format an aware datetime as the one timestamp form Frontline stores."""
    milliseconds = f"{moment.microsecond // 1000:03d}"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{milliseconds}Z"


def parse_time(text: str) -> datetime:
    """Parse a timestamp written by `format_time` (or any ISO 8601 with offset)."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
