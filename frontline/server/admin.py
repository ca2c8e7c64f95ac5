"""Organisation, regions, stores, teams, users, devices and reference data: plain
functions that take a connection. The CLI and the API call these."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from frontline.core import taxonomy
from frontline.core.ids import format_time, new_id
from frontline.core.vocabulary import PII_POLICIES, ROLES, STORE_ROLES, Role
from frontline.server import tables as t
from frontline.server.auth import (
    Principal,
    clean_name,
    clear_user_failures,
    hash_secret,
    normalise_username,
    revoke_user_tokens,
)
from frontline.server.scope import store_filter
from frontline.server.settings import Settings
from frontline.sync.protocol import PROTOCOL_VERSION


class AdminError(ValueError):
    """A request an admin made that cannot be done; the message says why."""


def bump_reference(conn: Connection, org_id: str) -> None:
    """Tell clients to refetch reference data (stores, teams, users, settings changed)."""
    conn.execute(update(t.organisations).where(t.organisations.c.id == org_id)
                 .values(reference_version=t.organisations.c.reference_version + 1))


def create_org(conn: Connection, name: str, *, now: datetime, org_id: str | None = None,
               retention_days: int | None = None) -> str:
    name = _required_name(name, "An organisation")
    org_id = org_id or new_id()
    conn.execute(insert(t.organisations).values(
        id=org_id, name=name, version=0, reference_version=1, retention_days=retention_days,
        created_at=format_time(now)))
    return org_id


def only_org(conn: Connection, org_id: str | None = None) -> str:
    """`org_id` if given and known, else the one organisation on this server."""
    rows = conn.execute(select(t.organisations.c.id)).scalars().all()
    if org_id:
        if org_id not in rows:
            raise AdminError(f"There is no organisation with id {org_id}.")
        return org_id
    if not rows:
        raise AdminError("There is no organisation yet. Create one with "
                         "`frontline-server org create NAME` (or `init --demo`).")
    if len(rows) > 1:
        raise AdminError("This server has several organisations; say which with --org.")
    return str(rows[0])


def _required_name(raw: str, what: str) -> str:
    name = clean_name(raw)
    if not name:
        raise AdminError(f"{what} needs a name.")
    return name


def create_region(conn: Connection, org_id: str, name: str, *, region_id: str | None = None) -> str:
    name = _required_name(name, "A region")
    region_id = region_id or new_id()
    conn.execute(insert(t.regions).values(id=region_id, org_id=org_id, name=name, disabled=False))
    bump_reference(conn, org_id)
    return region_id


def find_store(conn: Connection, org_id: str, store: str) -> Any:
    """A store by id or code."""
    row = conn.execute(select(t.stores).where(
        t.stores.c.org_id == org_id, (t.stores.c.id == store) | (t.stores.c.code == store))).first()
    if row is None:
        raise AdminError(f"There is no store {store!r}. List them with `frontline-server store list`.")
    return row


def create_store(conn: Connection, org_id: str, code: str, name: str, *,
                 region_id: str | None = None, store_id: str | None = None) -> str:
    code, name = clean_name(code), _required_name(name, "A store")
    if not code:
        raise AdminError("A store needs a code.")
    if conn.execute(select(t.stores.c.id).where(t.stores.c.org_id == org_id,
                                                t.stores.c.code == code)).first():
        raise AdminError(f"A store with code {code!r} already exists.")
    if region_id and not conn.execute(select(t.regions.c.id).where(
            t.regions.c.id == region_id, t.regions.c.org_id == org_id)).first():
        raise AdminError(f"There is no region {region_id!r}.")
    store_id = store_id or new_id()
    conn.execute(insert(t.stores).values(id=store_id, org_id=org_id, region_id=region_id, code=code,
                                         name=name, disabled=False))
    bump_reference(conn, org_id)
    return store_id


def set_store_disabled(conn: Connection, org_id: str, store: str, disabled: bool) -> str:
    row = find_store(conn, org_id, store)
    conn.execute(update(t.stores).where(t.stores.c.id == row.id).values(disabled=disabled))
    bump_reference(conn, org_id)
    return str(row.id)


def create_team(conn: Connection, org_id: str, store: str, name: str, *, team_id: str | None = None) -> str:
    name = _required_name(name, "A team")
    store_row = find_store(conn, org_id, store)
    team_id = team_id or new_id()
    conn.execute(insert(t.teams).values(id=team_id, org_id=org_id, store_id=store_row.id, name=name,
                                        disabled=False))
    bump_reference(conn, org_id)
    return team_id


def set_team_disabled(conn: Connection, org_id: str, team_id: str, disabled: bool) -> None:
    result = conn.execute(update(t.teams).where(t.teams.c.id == team_id, t.teams.c.org_id == org_id)
                          .values(disabled=disabled))
    if result.rowcount != 1:
        raise AdminError(f"There is no team {team_id!r}.")
    bump_reference(conn, org_id)


def _valid_pin(pin: str) -> bool:
    """4 to 8 of the digits 0-9 (str.isdigit also takes "²" and "١", which no PC keypad types)."""
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8


def create_user(
    conn: Connection, settings: Settings, org_id: str, *, username: str, role: str,
    display_name: str | None = None, password: str | None = None, pin: str | None = None,
    store: str | None = None, team_id: str | None = None, region_id: str | None = None,
    now: datetime, user_id: str | None = None,
) -> str:
    username = normalise_username(username)
    display_name = clean_name(display_name or "") or username
    if role not in ROLES:
        raise AdminError(f"Role must be one of {', '.join(ROLES)}.")
    if not username:
        raise AdminError("A username is required.")
    if len(username) > 120:
        raise AdminError("A username has at most 120 characters.")
    if conn.execute(select(t.users.c.id).where(t.users.c.username == username)).first():
        raise AdminError(f"The username {username!r} is taken.")
    store_id = find_store(conn, org_id, store).id if store else None
    if region_id and not conn.execute(select(t.regions.c.id).where(
            t.regions.c.id == region_id, t.regions.c.org_id == org_id)).first():
        raise AdminError(f"There is no region {region_id!r}. List them with `frontline-server region list`.")
    if team_id:
        team = conn.execute(select(t.teams).where(t.teams.c.id == team_id,
                                                  t.teams.c.org_id == org_id)).first()
        if team is None or team.store_id != store_id:
            raise AdminError(f"There is no team {team_id!r} in that store. "
                             "List them with `frontline-server team list`.")
    if role in STORE_ROLES and store_id is None:
        raise AdminError(f"A {role} belongs to a store: give --store.")
    if pin is not None and not _valid_pin(pin):
        raise AdminError("A PIN is 4 to 8 digits.")
    user_id = user_id or new_id()
    conn.execute(insert(t.users).values(
        id=user_id, org_id=org_id, username=username, display_name=display_name,
        role=role, store_id=store_id, team_id=team_id, region_id=region_id,
        password_hash=hash_secret(settings, password) if password else None,
        pin_hash=hash_secret(settings, pin) if pin else None, disabled=False,
        created_at=format_time(now)))
    bump_reference(conn, org_id)
    return user_id


def find_user(conn: Connection, org_id: str, user: str) -> Any:
    row = conn.execute(select(t.users).where(
        t.users.c.org_id == org_id, (t.users.c.id == user) | (t.users.c.username == normalise_username(user)))).first()
    if row is None:
        raise AdminError(f"There is no user {user!r}.")
    return row


def set_user_disabled(conn: Connection, org_id: str, user: str, disabled: bool, *, now: datetime) -> str:
    row = find_user(conn, org_id, user)
    conn.execute(update(t.users).where(t.users.c.id == row.id).values(disabled=disabled))
    if disabled:
        revoke_user_tokens(conn, row.id, now)
    bump_reference(conn, org_id)
    return str(row.id)


def reset_password(conn: Connection, settings: Settings, org_id: str, user: str, password: str,
                   *, now: datetime) -> str:
    """Set a new password and end the user's sessions."""
    if len(password) < 8:
        raise AdminError("A password needs at least 8 characters.")
    row = find_user(conn, org_id, user)
    conn.execute(update(t.users).where(t.users.c.id == row.id)
                 .values(password_hash=hash_secret(settings, password)))
    revoke_user_tokens(conn, row.id, now)
    clear_user_failures(conn, row.id)  # the new password works at once
    return str(row.id)


def set_pin(conn: Connection, settings: Settings, org_id: str, user: str, pin: str) -> str:
    if not _valid_pin(pin):
        raise AdminError("A PIN is 4 to 8 digits.")
    row = find_user(conn, org_id, user)
    conn.execute(update(t.users).where(t.users.c.id == row.id).values(pin_hash=hash_secret(settings, pin)))
    bump_reference(conn, org_id)
    return str(row.id)


def list_rows(conn: Connection, table: Any, org_id: str) -> list[dict[str, Any]]:
    hidden = {"password_hash", "pin_hash", "token_hash"}
    rows = conn.execute(select(table).where(table.c.org_id == org_id).order_by(table.c.id)).all()
    return [{k: v for k, v in r._mapping.items() if k not in hidden} for r in rows]


def list_devices(conn: Connection, p: Principal | None, org_id: str, store_id: str | None = None) -> list[dict[str, Any]]:
    query = select(t.devices).where(t.devices.c.org_id == org_id)
    if store_id:
        query = query.where(t.devices.c.store_id == store_id)
    if p is not None:
        query = query.where(t.devices.c.store_id.in_(select(t.stores.c.id).where(store_filter(p))))
    rows = conn.execute(query.order_by(t.devices.c.created_at)).all()
    return [{k: v for k, v in r._mapping.items() if k not in ("token_hash", "org_id")} for r in rows]


def devices_seen_by(p: Principal, devices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The devices list as `p` may read it: below admin, when each PC last synced is the day
    only. To the minute, it matched an anonymous observation's arrival (docs/privacy.md,
    "Anonymity against timing"); stored, it is the hour (`auth.touch_device`)."""
    from frontline.server.sync.versions import day_of

    if p.user is not None and p.user.role == Role.ADMIN:
        return devices
    return [{**d, "last_seen_at": d["last_seen_at"] and day_of(d["last_seen_at"])}
            for d in devices]


def taxonomy_wire() -> dict[str, Any]:
    def choices(items: tuple[taxonomy.Choice, ...]) -> list[dict[str, str]]:
        return [{"code": c.code, "label": c.label} for c in items]

    return {
        "kinds": choices(taxonomy.KINDS), "channels": choices(taxonomy.CHANNELS),
        "customer_types": choices(taxonomy.CUSTOMER_TYPES),
        "departments": choices(taxonomy.DEPARTMENTS),
        "categories": [{"code": c.code, "label": c.label, "department": c.department}
                       for c in taxonomy.CATEGORIES],
    }


def reference_data(conn: Connection, p: Principal) -> dict[str, Any]:
    """Reference data for the caller. Users: those of the caller's store (the device's,
    else the user's); PIN hashes only to an enrolled device, only of its own store."""
    org = conn.execute(select(t.organisations).where(t.organisations.c.id == p.org_id)).one()
    regions = conn.execute(select(t.regions).where(t.regions.c.org_id == p.org_id)
                           .order_by(t.regions.c.name)).all()
    stores = conn.execute(select(t.stores).where(t.stores.c.org_id == p.org_id)
                          .order_by(t.stores.c.code)).all()
    teams = conn.execute(select(t.teams).where(t.teams.c.org_id == p.org_id)
                         .order_by(t.teams.c.name)).all()
    store_id = p.device.store_id if p.device else (p.user.store_id if p.user else None)
    users_q = select(t.users).where(t.users.c.org_id == p.org_id)
    if store_id is not None and p.user is not None:
        users_q = users_q.where((t.users.c.store_id == store_id) | (t.users.c.id == p.user.id))
    elif store_id is not None:
        users_q = users_q.where(t.users.c.store_id == store_id)
    elif p.user is not None:
        users_q = users_q.where(t.users.c.id == p.user.id)
    users = []
    for u in conn.execute(users_q.order_by(t.users.c.display_name)).all():
        entry = {"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role,
                 "store_id": u.store_id, "team_id": u.team_id, "region_id": u.region_id,
                 "disabled": bool(u.disabled)}
        if p.device is not None:
            entry["pin_hash"] = u.pin_hash if u.store_id == p.device.store_id and not u.disabled else None
        users.append(entry)
    return {
        "protocol": PROTOCOL_VERSION,
        "reference_version": int(org.reference_version),
        "organisation": {"id": org.id, "name": org.name, "retention_days": org.retention_days,
                         "retention_action": org.retention_action or "delete",
                         "local_keep_days": org.local_keep_days,
                         "pii_policy": org.pii_policy or PII_POLICIES[0]},
        "regions": [{"id": r.id, "name": r.name, "disabled": bool(r.disabled)} for r in regions],
        "stores": [{"id": s.id, "code": s.code, "name": s.name, "region_id": s.region_id,
                    "disabled": bool(s.disabled)} for s in stores],
        "teams": [{"id": x.id, "store_id": x.store_id, "name": x.name, "disabled": bool(x.disabled)}
                  for x in teams],
        "users": users,
        "taxonomy": taxonomy_wire(),
    }


def observation_history(conn: Connection, p: Principal, observation_id: str) -> list[dict[str, Any]] | None:
    """The audit trail of one observation, oldest first, or None when `p` may not read it.
    Who changed what and when; the author of an anonymous observation is never named."""
    from frontline.server.scope import can_read

    if not can_read(conn, p, observation_id):
        return None
    from frontline.server.sync.versions import HELD, hour_of

    anonymous = bool(conn.execute(select(t.observations.c.anonymous).where(
        t.observations.c.id == observation_id)).scalar())
    # an anonymous author's change shows once published, and to the hour (docs/privacy.md,
    # "Anonymity against timing"): its exact time matched the PC's sync
    rows = conn.execute(select(t.audit).where(t.audit.c.observation_id == observation_id,
                                              t.audit.c.org_id == p.org_id,
                                              t.audit.c.version != HELD)
                        .order_by(t.audit.c.id)).all()
    return [{"at": hour_of(r.at) if anonymous else r.at, "action": r.action, "rev": r.rev, "actor_user_id": r.actor_user_id,
             "actor_role": r.actor_role, "device_id": r.device_id, "changes": r.changes or {}}
            for r in rows]
