"""Intake checks: what an author sends is checked (store, team, author, fields, reference
codes) and becomes a new row, or is `Rejected` with a reason for the person who sent it.
Its texts are stored with customer personal data redacted (`frontline.server.privacy`)."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from frontline.core import taxonomy
from frontline.core.errors import ValidationError
from frontline.core.ids import format_time, parse_time
from frontline.core.model import Observation, Status, clean_text, validate
from frontline.core.vocabulary import AUTHOR_TEXT_FIELDS, CONTENT_FIELDS
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.privacy import Redactions, Redactor
from frontline.server.schemas import UpsertMutation
from frontline.server.sync.versions import stamp
from frontline.server.sync.wire import Rejected

#: The one form `format_time` writes: such an `observed_at` is stored as sent.
_STORED_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_KNOWN = {"category": taxonomy.codes(taxonomy.CATEGORIES),
          "department": taxonomy.codes(taxonomy.DEPARTMENTS),
          "assignee_department": taxonomy.codes(taxonomy.DEPARTMENTS)}
#: Fields whose value must be a code of the current reference lists.
REFERENCE_FIELDS: tuple[str, ...] = tuple(_KNOWN)


class Lookups:
    """Rows fetched once for a whole batch (users and teams named by its items), and the
    batch's `Redactor` (made on first use: it reads the organisation's staff names once)."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        self.users: dict[str, Any] = {}
        self.teams: dict[str, Any] = {}
        self._redactor = redactor

    def redactor(self, org_id: str) -> Redactor:
        if self._redactor is None or self._redactor.org_id != org_id:
            self._redactor = Redactor(org_id)
        return self._redactor


def check_reference(field: str, value: str | None) -> None:
    """`value` is a known code of `field` (category, department, assignee department)."""
    if value is None:
        return
    if value not in _KNOWN[field]:
        raise Rejected(f"“{value}” is not a known {field.replace('_', ' ')}. "
                       "Sync to get the current lists, then choose again.")


def _home_store(p: Principal) -> str:
    if p.device is not None:
        return p.device.store_id
    if p.user is not None and p.user.store_id:
        return p.user.store_id
    raise Rejected("Your account is not attached to a store, so it cannot record observations. "
                   "Ask IT to attach it to your store.")


def _author(conn: Connection, p: Principal, claimed: str | None, store_id: str,
            users: dict[str, Any] | None = None) -> str | None:
    """The author to store for a named (not anonymous) observation."""
    if p.user is not None and p.device is None:
        if claimed not in (None, p.user.id):
            raise Rejected("You can only record observations in your own name.")
        return p.user.id
    if claimed is None:
        if p.user is None:
            return None
        claimed = p.user.id  # the person signed in on this PC; they must belong to its store
    if users is not None and claimed in users:
        row = users[claimed]
    else:
        row = conn.execute(select(t.users).where(t.users.c.id == claimed)).first()
    if row is None or row.org_id != p.org_id or row.disabled or row.store_id != store_id:
        raise Rejected("The person named as author is not an active member of this store. "
                       "Sign in again on this computer, or record it anonymously.")
    return str(row.id)


def owns(p: Principal, row: Row[Any], author: str | None) -> bool:
    """Whether `p`, sending as `author`, may edit `row`."""
    if row.anonymous:
        return p.device is not None and row.device_id == p.device.id
    if row.author_id is None:
        return p.device is not None and row.device_id == p.device.id
    return bool(row.author_id == author)


def may_withdraw(p: Principal, row: Row[Any]) -> bool:
    """The author withdraws. On a shared PC the PC checks the author's PIN, so an enrolled
    device vouches for the named authors of its store; anonymous ones only from their device."""
    if row.anonymous or row.author_id is None:
        return p.device is not None and row.device_id == p.device.id
    if p.user is not None:
        return bool(row.author_id == p.user.id)
    return p.device is not None and row.store_id == p.device.store_id


def prepare_upsert(
    conn: Connection, p: Principal, m: UpsertMutation, lookups: Lookups | None = None
) -> tuple[Observation, dict[str, Any], str, str | None, Redactions]:
    """Validate an upsert: (observation, content columns with personal data redacted, store
    id, author, what was redacted) or `Rejected`. Personal data never rejects an item."""
    data = m.observation
    store_id = _home_store(p)
    if data.store_id not in (None, store_id):
        raise Rejected("This observation names another store than the one this computer or "
                       "account belongs to, so it was not saved.")
    if data.team_id is not None:
        if lookups is not None and data.team_id in lookups.teams:
            team = lookups.teams[data.team_id]
        else:
            team = conn.execute(select(t.teams).where(t.teams.c.id == data.team_id)).first()
        if team is None or team.store_id != store_id:
            raise Rejected("The team chosen is not a team of this store. Choose the team again.")
    author = None if data.anonymous else _author(conn, p, data.author_id, store_id,
                                                 lookups.users if lookups else None)
    sent = data.__dict__  # the model's field values, without one getattr per field
    content = {name: sent[name] for name in CONTENT_FIELDS}
    try:
        for name in AUTHOR_TEXT_FIELDS:  # as Observation.cleaned() does, without a second copy
            content[name] = clean_text(content[name])
        obs = _observation(id=data.id, **content, store_id=store_id, author_id=author,
                           anonymous=data.anonymous)
        validate(obs)
    except ValidationError as error:
        raise Rejected(" ".join(e.message for e in error.errors)) from None
    except (TypeError, ValueError):
        raise Rejected("The observation's fields are not valid.") from None
    check_reference("category", obs.category)
    check_reference("department", obs.department)
    if not _STORED_TIME.fullmatch(obs.observed_at):  # validate() has parsed it already
        content["observed_at"] = format_time(parse_time(obs.observed_at))
    # last, once nothing can reject it: the pending counts are settled when it is stored
    redactor = (lookups or Lookups()).redactor(p.org_id)
    redactions = redactor.fields(conn, content, AUTHOR_TEXT_FIELDS)
    return obs, content, store_id, author, redactions


#: Every field of `Observation` with its default; `updated_at` is the server's (see
#: `new_row`), so "" spares the default's clock read.
_OBSERVATION_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Observation)
                         if f.default is not dataclasses.MISSING} | {"updated_at": ""}
_PLAIN_OBSERVATION = not hasattr(Observation, "__post_init__") and "__slots__" not in vars(Observation)


def _observation(**values: Any) -> Observation:
    """`Observation(**values)` (the other fields at their defaults) for `validate`: the
    frozen dataclass's `__init__` sets each of its 28 fields through `object.__setattr__`,
    which was 7% of a push; filling the instance's `__dict__` at once gives the same object.
    Built the ordinary way should `Observation` ever compute something on creation."""
    if not _PLAIN_OBSERVATION:
        return Observation(**(_OBSERVATION_DEFAULTS | values))
    obs = object.__new__(Observation)
    obs.__dict__.update(_OBSERVATION_DEFAULTS)
    obs.__dict__.update(values)
    return obs


def new_row(p: Principal, obs: Observation, content: dict[str, Any], store_id: str,
            author: str | None, version: int, now: datetime) -> dict[str, Any]:
    """Every column of a newly received observation."""
    when = stamp(now)
    return {
        "id": obs.id, "org_id": p.org_id, "version": version, "rev": 1, "received_at": when,
        "updated_at": when, "store_id": store_id, "author_id": author,
        "anonymous": obs.anonymous, "device_id": p.device.id if p.device else None,
        "status": Status.NEW.value, "assignee_department": None, "response": "",
        "responded_at": None, "duplicate_of": None, "wont_act_reason": "", "escalated": False,
        "escalation_note": "", "raised_by": 1, "before_merge": None, **content,
    }
