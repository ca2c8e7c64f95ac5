"""`frontline-server init --demo`: the demo organisation of `frontline.demo` (the
same ids, logins and observations as the desktop's `--demo`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import Connection, insert, select

from frontline.core.ids import format_time
from frontline.core.model import Status
from frontline.core.vocabulary import ROLES, STORE_ROLES
from frontline.demo.generator import generate
from frontline.demo.org import DemoOrg, demo_org
from frontline.server import tables as t
from frontline.server.admin import bump_reference, create_org
from frontline.server.auth import issue_enrolment_code
from frontline.server.settings import Settings
from frontline.server.sync.versions import bump_version

DEMO_OBSERVATIONS = 400
CODES_FOR_STORES = 3


def seed_demo(conn: Connection, settings: Settings, *, now: datetime) -> dict[str, Any]:
    """Add the demo organisation (once); returns logins, enrolment codes and a text to print."""
    org = demo_org()
    if conn.execute(select(t.organisations.c.id).where(t.organisations.c.id == org.id)).first():
        codes = _codes(conn, settings, org, now)
        return {"org_id": org.id, "logins": _logins(org), "codes": codes, "observations": 0,
                "text": "The demo organisation is already there; nothing added. "
                        "Fresh enrolment codes:\n" + _codes_text(codes)}
    # Demo accounts only: one hash of the shared password, cheap PIN hashes.
    password_hash = PasswordHasher(time_cost=settings.argon2_time_cost,
                                   memory_cost=settings.argon2_memory_kib).hash(org.password)
    pin_hasher = PasswordHasher(time_cost=1, memory_cost=8192)
    create_org(conn, org.name, now=now, org_id=org.id, retention_days=730)
    stamp = format_time(now)
    for r in org.regions:
        conn.execute(insert(t.regions).values(id=r.id, org_id=org.id, name=r.name, disabled=False))
    for s in org.stores:
        conn.execute(insert(t.stores).values(id=s.id, org_id=org.id, region_id=s.region_id,
                                             code=s.code, name=s.name, disabled=False))
    for team in org.teams:
        conn.execute(insert(t.teams).values(id=team.id, org_id=org.id, store_id=team.store_id,
                                            name=team.name, disabled=False))
    for p in org.people:
        conn.execute(insert(t.users).values(
            id=p.id, org_id=org.id, username=p.login, display_name=p.name, role=p.role,
            store_id=p.store_id, team_id=p.team_id, region_id=p.region_id,
            password_hash=password_hash, pin_hash=pin_hasher.hash(p.pin) if p.pin else None,
            disabled=False, created_at=stamp))
    bump_reference(conn, org.id)
    version = bump_version(conn, org.id)
    rows = []
    for obs in generate(DEMO_OBSERVATIONS, 7, now=now):
        d = obs.to_dict()
        d.pop("escalated", None)
        status = d["status"] or Status.NEW.value
        d = {k: v for k, v in d.items() if k in t.observations.c}
        rows.append({**d, "org_id": org.id, "version": version, "rev": 1,
                     "received_at": d.get("received_at") or d["observed_at"],
                     "updated_at": d.get("updated_at") or d["observed_at"],
                     "status": status, "device_id": None,
                     "escalated": False, "escalation_note": ""})
    if rows:
        conn.execute(insert(t.observations), rows)
    count = len(rows)
    codes = _codes(conn, settings, org, now)
    shown = _logins(org)
    lines = [f"Demo organisation “{org.name}”: {len(org.stores)} stores, {len(org.people)} "
             f"people, {count} observations. Every demo account's password is "
             f"“{org.password}”. Demo data only: never use it for real.", "Logins:"]
    lines += [f"  {s['role']:<9} {s['username']}  (PIN {s['pin']})" for s in shown]
    lines.append("Enrolment codes (one PC each):")
    lines.append(_codes_text(codes))
    return {"org_id": org.id, "logins": shown, "codes": codes, "observations": count,
            "text": "\n".join(lines)}


def _codes(conn: Connection, settings: Settings, org: DemoOrg, now: datetime) -> list[dict[str, Any]]:
    codes = []
    for store in org.stores[:CODES_FOR_STORES]:
        code, expires = issue_enrolment_code(conn, settings, store_id=store.id, created_by=None,
                                             now=now)
        codes.append({"store": store.code, "store_name": store.name, "code": code,
                      "expires_at": expires})
    return codes


def _codes_text(codes: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {c['code']}  store {c['store']} {c['store_name']}, until {c['expires_at']}"
                     for c in codes)


def _logins(org: DemoOrg) -> list[dict[str, Any]]:
    """One account per role, the most powerful first; the manager and employee of the first
    coded store."""
    shown = []
    first_store = org.stores[0].id if org.stores else None
    for role in reversed(ROLES):
        person = next((p for p in org.people if p.role == role
                       and (role not in STORE_ROLES or p.store_id == first_store)),
                      None) or next((p for p in org.people if p.role == role), None)
        if person:
            shown.append({"role": role, "username": person.login, "password": org.password,
                          "pin": person.pin, "store_id": person.store_id})
    return shown
