"""Who may see and change what. Every query of observations goes through
`observation_filter`, so a role's scope is written once.

| caller | observations they read |
|---|---|
| admin | the whole organisation |
| leader | their region's stores, or the whole organisation when they have no region |
| manager | their store |
| employee | their own, plus their store's "you said, we did" feed (those with a response) |
| enrolled device alone | its store's observations made on this device, by the store's employees, or with a response |

With both a user token and a device token, the user's scope applies.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, ScalarSelect, and_, false, or_, select

from frontline.core.vocabulary import REVIEWER_ROLES, Role
from frontline.server import tables as t
from frontline.server.auth import Principal


def _stores_of_region(region_id: str) -> ScalarSelect[Any]:
    return select(t.stores.c.id).where(t.stores.c.region_id == region_id).scalar_subquery()


def observation_filter(p: Principal) -> ColumnElement[bool]:
    """A WHERE clause selecting the observations `p` may read."""
    o = t.observations.c
    in_org = o.org_id == p.org_id
    user = p.user
    if user is not None:
        if user.role == Role.ADMIN:
            return in_org
        if user.role == Role.LEADER:
            return and_(in_org, o.store_id.in_(_stores_of_region(user.region_id))) \
                if user.region_id else in_org
        if user.role == Role.MANAGER:
            return and_(in_org, o.store_id == user.store_id) if user.store_id else false()
        own = o.author_id == user.id
        feed = and_(o.store_id == user.store_id, o.response != "") if user.store_id else false()
        return and_(in_org, or_(own, feed))
    if p.device is not None:
        employees = select(t.users.c.id).where(
            t.users.c.store_id == p.device.store_id, t.users.c.role == Role.EMPLOYEE.value
        ).scalar_subquery()
        return and_(
            in_org,
            o.store_id == p.device.store_id,
            or_(o.device_id == p.device.id, o.author_id.in_(employees), o.response != ""),
        )
    return false()


def can_read(conn: Connection, p: Principal, observation_id: str) -> bool:
    found = conn.execute(
        select(t.observations.c.id).where(t.observations.c.id == observation_id, observation_filter(p))
    ).first()
    return found is not None


def can_review(conn: Connection, p: Principal, observation_id: str) -> bool:
    """Managers, leaders and admins review what they can read (employees never)."""
    if p.user is None or p.user.role not in REVIEWER_ROLES:
        return False
    return can_read(conn, p, observation_id)


def store_filter(p: Principal) -> ColumnElement[bool]:
    """Stores `p` administers (issue enrolment codes, list and revoke devices)."""
    s = t.stores.c
    in_org = s.org_id == p.org_id
    user = p.user
    if user is None:
        return false()
    if user.role == Role.ADMIN:
        return in_org
    if user.role == Role.LEADER:
        return and_(in_org, s.region_id == user.region_id) if user.region_id else in_org
    if user.role == Role.MANAGER and user.store_id:
        return and_(in_org, s.id == user.store_id)
    return false()


def can_manage_store(conn: Connection, p: Principal, store_id: str) -> bool:
    found = conn.execute(select(t.stores.c.id).where(t.stores.c.id == store_id, store_filter(p))).first()
    return found is not None


__all__ = ["observation_filter", "can_read", "can_review", "store_filter", "can_manage_store"]
