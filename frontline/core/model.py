"""The observation: what a frontline employee heard, and what happened to it.

Field names are the same on the desktop, on the wire and on the server; they are
documented in `docs/observation.md`. Capture-side fields belong to the author
until review starts; review-side fields belong to managers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from frontline.core import taxonomy
from frontline.core.errors import FieldError, ValidationError
from frontline.core.ids import new_id, parse_time, utc_now


class Kind(StrEnum):
    PAIN_POINT = "pain_point"
    PRAISE = "praise"
    IDEA = "idea"


class Status(StrEnum):
    """Where an observation is in review (see `frontline.core.review`)."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    ACTION_TAKEN = "action_taken"
    CLOSED = "closed"
    DUPLICATE = "duplicate"
    WONT_ACT = "wont_act"
    WITHDRAWN = "withdrawn"


# Limits, in characters. The form shows a counter as a text nears its limit.
SUMMARY_MAX = 200
TEXT_MAX = 4000
QUOTE_MAX = 1000
SEGMENT_MAX = 80

TEXT_FIELDS: dict[str, int] = {
    "summary": SUMMARY_MAX,
    "details": TEXT_MAX,
    "customer_words": QUOTE_MAX,
    "action_taken": TEXT_MAX,
    "suggestion": TEXT_MAX,
    "customer_segment": SEGMENT_MAX,
}

# Control characters other than tab and newline have no place in a note; they
# arrive from pasted text and break CSV, logs and terminals.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def clean_text(text: str) -> str:
    """Normalise a typed or imported text: NFC, no control characters, unified newlines,
    no surrounding blank space. Emoji and right-to-left scripts are kept as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


#: The plausibility window of `observed_at` (docs/observation.md): nothing Frontline records
#: happened before 2000, nor later than the checking clock plus `CLOCK_SKEW` (a PC's clock
#: may run ahead of the server's). Outside it, a time is a typo or a broken clock.
OBSERVED_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=1)


def observed_at_problem(text: object, now: datetime | None = None, *,
                        future: bool = True) -> str | None:
    """Why `text` is not a plausible `observed_at` (None when it is): an ISO 8601 time
    that, in UTC, lies in [`OBSERVED_EARLIEST`, now + `CLOCK_SKEW`]. `future=False` leaves
    out the upper bound (`validate` on a PC, whose own clock is the one that may be wrong;
    the server checks it against its clock when the observation arrives)."""
    try:
        moment = parse_time(text)  # type: ignore[arg-type]
        # a time next to year 1 or 9999 may leave the range when converted to UTC
        utc = moment.astimezone(UTC)
    except (TypeError, ValueError, OverflowError, AttributeError):
        return "The time of the observation is not a valid date and time."
    if utc < OBSERVED_EARLIEST:
        return "The time of the observation is before 2000; check the date."
    if future and utc > (now or datetime.now(UTC)) + CLOCK_SKEW:
        return "The time of the observation is in the future; check the date and the clock."
    return None


@dataclass(frozen=True)
class Observation:
    """One observation. Build new ones with `Observation.new(...)`."""

    id: str
    observed_at: str
    kind: str
    summary: str
    details: str = ""
    customer_words: str = ""
    action_taken: str = ""
    suggestion: str = ""
    channel: str = "in_store"
    customer_type: str = "unknown"
    customer_segment: str = ""
    category: str | None = None
    department: str | None = None
    severity: int | None = None
    switch_risk: bool = False
    store_id: str | None = None
    team_id: str | None = None
    author_id: str | None = None
    anonymous: bool = False
    device_id: str | None = None
    # review side, owned by managers and the server
    status: str = Status.NEW.value
    assignee_department: str | None = None
    response: str = ""
    responded_at: str | None = None
    duplicate_of: str | None = None
    wont_act_reason: str = ""
    received_at: str | None = None
    updated_at: str = field(default_factory=utc_now)

    @classmethod
    def new(cls, *, kind: str, summary: str, **values: Any) -> Observation:
        """A new observation with a fresh id and the current time, cleaned."""
        now = utc_now()
        values.setdefault("observed_at", now)
        obs = cls(id=values.pop("id", None) or new_id(), kind=kind, summary=summary,
                  updated_at=now, **values)
        return obs.cleaned()

    def cleaned(self) -> Observation:
        """The same observation with every text field passed through `clean_text`."""
        changes: dict[str, Any] = {name: clean_text(getattr(self, name)) for name in TEXT_FIELDS}
        changes["response"] = clean_text(self.response)
        changes["wont_act_reason"] = clean_text(self.wont_act_reason)
        if self.anonymous:
            changes["author_id"] = None
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict with the documented field names (JSON-ready)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Observation:
        """Build from a dict, ignoring keys that are not fields (e.g. local sync state)."""
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        if "switch_risk" in values:
            values["switch_risk"] = bool(values["switch_risk"])
        if "anonymous" in values:
            values["anonymous"] = bool(values["anonymous"])
        for key in _EMPTY_TEXT:  # a NULL text column reads as no text
            if values.get(key) is None and key in values:
                values[key] = ""
        return cls(**values)

    @property
    def editable_by_author(self) -> bool:
        """The author owns the content until review starts."""
        return self.status == Status.NEW.value


#: The text fields whose absence is the empty string (not None).
_EMPTY_TEXT = tuple(f.name for f in fields(Observation) if f.default == "")

# Built once: `validate` runs for every observation of every push on the server.
_KIND_CODES = taxonomy.codes(taxonomy.KINDS)
_CHANNEL_CODES = taxonomy.codes(taxonomy.CHANNELS)
_CUSTOMER_TYPE_CODES = taxonomy.codes(taxonomy.CUSTOMER_TYPES)
_STATUS_CODES = frozenset(s.value for s in Status)


def validate(obs: Observation) -> None:  # noqa: C901 — one flat check per field, read top to bottom
    """Raise `ValidationError` listing, in plain words, everything wrong with `obs`."""
    errors: list[FieldError] = []

    def bad(field_name: str, message: str) -> None:
        errors.append(FieldError(field_name, message))

    if not obs.summary.strip():
        bad("summary", "Write a short summary of what the customer experienced.")
    for name, limit in TEXT_FIELDS.items():
        value = getattr(obs, name)
        if not isinstance(value, str):
            bad(name, f"{name.replace('_', ' ').capitalize()} must be text.")
        elif len(value) > limit:
            bad(name, f"{name.replace('_', ' ').capitalize()} is {len(value)} characters long; "
                      f"the limit is {limit}. Shorten it or move the rest to Details.")
    if obs.kind not in _KIND_CODES:
        bad("kind", "Choose whether this is a pain point, praise or an idea.")
    if obs.channel not in _CHANNEL_CODES:
        bad("channel", f"“{obs.channel}” is not a known channel.")
    if obs.customer_type not in _CUSTOMER_TYPE_CODES:
        bad("customer_type", f"“{obs.customer_type}” is not a known customer type.")
    if obs.severity is not None and (
        isinstance(obs.severity, bool) or not isinstance(obs.severity, int)
        or not 1 <= obs.severity <= 5
    ):
        bad("severity", "Severity must be a whole number from 1 (minor) to 5 (severe).")
    if obs.status not in _STATUS_CODES:
        bad("status", f"“{obs.status}” is not a known status.")
    if obs.anonymous and obs.author_id:
        bad("author_id", "An anonymous observation cannot name its author.")
    problem = observed_at_problem(obs.observed_at, future=False)  # the server checks the future
    if problem is not None:
        bad("observed_at", problem)
    if errors:
        raise ValidationError(errors)
