"""The role × scope matrix over every endpoint: who may read and write what.

One organisation with two regions (North: stores A and A2; South: store B) and a second
organisation (store C). Callers: no token, an employee, the employee signed in on their
store's PC, an employee of store B signed in on store A's PC, a manager, a regional and an
organisation-wide leader, an admin, store A's PC alone, a revoked PC, an expired PC, an
expired manager token, a disabled manager, and the other organisation's admin and PC.
Targets: observations in every scope (own, a colleague's, a colleague's answered one
("you said, we did"), anonymous from this PC and from another PC of the store, another
store of the region, another region, another organisation), and every store for the
administrative endpoints.

The expected outcomes are written out below from docs/sync-protocol.md ("Scope"), not
derived from `frontline/server/scope.py`. Besides each cell's own outcome, every response
body is scanned for the ids of every observation on the server: an id outside what the
caller may read is a leak, whatever the endpoint. A route the matrix does not know fails
`test_every_route_has_a_matrix_entry`, so a new endpoint cannot slip past.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from frontline.core.ids import new_id
from frontline.server import admin, auth
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.helpers.server import (
    NOW,
    PASSWORD,
    device_headers,
    enrol,
    issue_code,
    observation,
    publish_held,
    sign_in,
    upsert,
    user_headers,
)

LONG_AGO = "2000-01-01T00:00:00.000Z"

# --- the expected matrix (from docs/sync-protocol.md) ---------------------------------

STORE_A = frozenset({"own", "colleague", "answered", "anon_here", "anon_other_pc"})
ORG_1 = STORE_A | {"same_region", "other_region"}
TARGETS = sorted(ORG_1 | {"other_org"})
STORES = ("A", "A2", "B", "C")

#: callers whose tokens must be refused (401) everywhere but the public endpoints
UNAUTHENTICATED = ("anonymous", "device_revoked", "device_expired", "manager_expired",
                   "manager_disabled")

#: what `GET /v1/pull` returns to each caller, exactly (the user's scope when a person is
#: signed in on a PC; a PC alone: its store's observations made on it, by its employees, or
#: answered)
PULL: dict[str, frozenset[str]] = {
    "employee": frozenset({"own", "answered"}),
    "employee@pc": frozenset({"own", "answered"}),
    "visitor@pc": frozenset({"other_region"}),
    "manager": STORE_A,
    "leader_region": STORE_A | {"same_region"},
    "leader_org": ORG_1,
    "admin": ORG_1,
    "device": frozenset({"own", "colleague", "answered", "anon_here"}),
    "other_org_admin": frozenset({"other_org"}),
    "other_org_device": frozenset({"other_org"}),
}
ACTORS = tuple(PULL) + UNAUTHENTICATED

#: what any response may show a caller: its pull scope, and for a person on a PC also
#: the PC's (the caller holds the PC's token and could ask with it alone)
REACH: dict[str, frozenset[str]] = {
    **PULL,
    "employee@pc": PULL["employee"] | PULL["device"],
    "visitor@pc": PULL["visitor@pc"] | PULL["device"],
    **{name: frozenset() for name in UNAUTHENTICATED},
}

#: review.update applies: managers, leaders and admins, on what they read
REVIEW: dict[str, frozenset[str]] = {
    "manager": STORE_A, "leader_region": STORE_A | {"same_region"}, "leader_org": ORG_1,
    "admin": ORG_1, "other_org_admin": frozenset({"other_org"}),
}

#: observation.withdraw applies (status new only; "answered" is under review, so never):
#: the author; a PC for its store's named authors and its own anonymous ones
WITHDRAW: dict[str, frozenset[str]] = {
    "employee": frozenset({"own"}),
    "employee@pc": frozenset({"own", "anon_here"}),
    "visitor@pc": frozenset({"anon_here", "other_region"}),
    "device": frozenset({"own", "colleague", "anon_here"}),
    "other_org_device": frozenset({"other_org"}),
}

#: an author's edit (observation.upsert of an existing id) applies
EDIT: dict[str, frozenset[str]] = {
    "employee": frozenset({"own"}),
    "employee@pc": frozenset({"own", "colleague", "anon_here"}),
    "visitor@pc": frozenset({"own", "colleague", "anon_here"}),
    "device": frozenset({"own", "colleague", "anon_here"}),
    "other_org_device": frozenset({"other_org"}),
}

#: a new observation naming store X lands (only in the caller's home store; an author who
#: is not an active member of that store is refused)
CREATE: dict[str, frozenset[str]] = {
    "employee": frozenset({"A"}), "employee@pc": frozenset({"A"}), "manager": frozenset({"A"}),
    "device": frozenset({"A"}), "other_org_device": frozenset({"C"}),
}

#: a new observation naming this author lands: a PC vouches for the active members of its
#: store (it checked their PIN); a person without a PC records only in their own name
NAMED_AUTHORS = ("emp_a", "emp_a2", "manager_off", "emp_r", "emp_b", "emp_c", "leader")
AUTHOR: dict[str, frozenset[str]] = {
    "employee": frozenset({"emp_a"}), "employee@pc": frozenset({"emp_a", "emp_a2"}),
    "visitor@pc": frozenset({"emp_a", "emp_a2"}), "device": frozenset({"emp_a", "emp_a2"}),
    "other_org_device": frozenset({"emp_c"}),
}

#: stores whose enrolment codes and devices a caller manages
MANAGES: dict[str, frozenset[str]] = {
    "manager": frozenset({"A"}), "leader_region": frozenset({"A", "A2"}),
    "leader_org": frozenset({"A", "A2", "B"}), "admin": frozenset({"A", "A2", "B"}),
    "other_org_admin": frozenset({"C"}),
}

#: routes that need no token and show nothing in anyone's scope
PUBLIC = {
    ("GET", "/health"), ("GET", "/ready"), ("GET", "/metrics"), ("GET", "/openapi.json"),
    ("GET", "/docs"), ("GET", "/docs/oauth2-redirect"), ("GET", "/redoc"),
}
#: every route with a token, and the matrix check that covers it
CHECKED = {
    ("POST", "/v1/enrol"): "enrol", ("POST", "/v1/sign-in"): "sign_in",
    ("POST", "/v1/sign-out"): "sign_out", ("GET", "/v1/me"): "me",
    ("POST", "/v1/push"): "push (create, edit, withdraw, review, replay)",
    ("GET", "/v1/pull"): "pull", ("GET", "/v1/reference"): "reference",
    ("GET", "/v1/observations/{observation_id}/history"): "history",
    ("POST", "/v1/enrolment-codes"): "enrolment_codes", ("GET", "/v1/devices"): "devices",
    ("POST", "/v1/devices/{device_id}/revoke"): "revoke",
    ("GET", "/v1/insights"): "insights",
    ("GET", "/v1/admin/webhooks"): "webhooks", ("POST", "/v1/admin/webhooks"): "webhooks",
    ("DELETE", "/v1/admin/webhooks/{webhook_id}"): "webhooks",
    ("GET", "/v1/admin/webhooks/{webhook_id}/deliveries"): "webhooks",
    ("GET", "/v1/observations"): "drill_down", ("GET", "/v1/export"): "export",
}


def app_routes(client: TestClient) -> set[tuple[str, str]]:
    found = set()
    # FastAPI keeps included routers lazily; iter_route_contexts flattens them
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        for method in getattr(route, "methods", None) or ():
            if method != "HEAD":
                found.add((method, route.path))
    return found


def test_every_route_has_a_matrix_entry(client: TestClient) -> None:
    routes = app_routes(client)
    unknown = routes - PUBLIC - set(CHECKED)
    assert not unknown, f"routes without a role × scope matrix entry: {sorted(unknown)}"
    assert set(CHECKED) <= routes, f"matrix entries for routes that no longer exist: " \
        f"{sorted(set(CHECKED) - routes)}"
    schema_paths = {(m.upper(), p) for p, ops in client.get("/openapi.json").json()["paths"].items()
                    for m in ops}
    assert schema_paths <= routes


# --- the world ------------------------------------------------------------------------


@dataclass
class Matrix:
    client: TestClient
    db: Database
    settings: Settings
    org: str = ""
    org2: str = ""
    stores: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    pcs: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> device headers
    device_ids: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # actor -> headers
    kind_of: dict[str, str] = field(default_factory=dict)  # observation id -> target kind
    ids: dict[str, str] = field(default_factory=dict)  # target kind -> seeded observation id
    cells: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    scanned: int = 0  # responses scanned for observation ids outside the caller's scope

    def cell(self, family: str, ok: bool, what: str) -> None:
        self.cells[family] = self.cells.get(family, 0) + 1
        if not ok:
            self.failures.append(f"{family}: {what}")

    def scan(self, actor: str, text: str, what: str) -> None:
        """Every observation id in a response must be one the caller may read."""
        self.scanned += 1
        for obs_id, kind in self.kind_of.items():
            if obs_id in text and kind not in REACH[actor]:
                self.leaks.append(f"{what}: {actor} was shown {kind} ({obs_id})")

    def request(self, actor: str, method: str, url: str, **kwargs: Any) -> Any:
        headers = {**self.headers[actor], **kwargs.pop("headers", {})}
        response = self.client.request(method, url, headers=headers, **kwargs)
        assert response.status_code < 500, f"{actor} {method} {url}: {response.text}"
        self.scan(actor, response.text, f"{method} {url}")
        return response

    def push_one(self, actor: str, mutation: dict[str, Any]) -> Any:
        response = self.request(actor, "POST", "/v1/push", json={"mutations": [mutation]})
        if response.status_code != 200:
            return response.status_code, None
        return 200, response.json()["results"][0]

    def row(self, obs_id: str) -> Any:
        with self.db.read() as conn:
            return conn.execute(select(t.observations).where(t.observations.c.id == obs_id)).first()


def build(client: TestClient, db: Database, settings: Settings) -> Matrix:
    m = Matrix(client, db, settings)
    with db.write() as conn:
        m.org = admin.create_org(conn, "Matrix Retail", now=NOW)
        north = admin.create_region(conn, m.org, "North")
        south = admin.create_region(conn, m.org, "South")
        m.stores = {"A": admin.create_store(conn, m.org, "A", "Alpha", region_id=north),
                    "A2": admin.create_store(conn, m.org, "A2", "Alpha Two", region_id=north),
                    "B": admin.create_store(conn, m.org, "B", "Beta", region_id=south)}
        m.org2 = admin.create_org(conn, "Other Retail", now=NOW)
        m.stores["C"] = admin.create_store(conn, m.org2, "C", "Gamma")
        people = {  # username: (org, role, store, region)
            "emp_a": (m.org, "employee", "A", None), "emp_a2": (m.org, "employee", "A", None),
            "emp_r": (m.org, "employee", "A2", None), "emp_b": (m.org, "employee", "B", None),
            "manager_a": (m.org, "manager", "A", None), "manager_x": (m.org, "manager", "A", None),
            "manager_off": (m.org, "manager", "A", None),
            "leader_n": (m.org, "leader", None, north), "leader": (m.org, "leader", None, None),
            "admin": (m.org, "admin", None, None),
            "admin_c": (m.org2, "admin", None, None), "emp_c": (m.org2, "employee", "C", None),
        }
        for name, (org, role, store, region) in people.items():
            m.users[name] = admin.create_user(
                conn, settings, org, username=name, role=role, password=PASSWORD, pin="2468",
                store=m.stores[store] if store else None, region_id=region, now=NOW)
    for name, store in {"pc_a": "A", "pc_a_two": "A", "pc_r": "A2", "pc_b": "B", "pc_c": "C",
                        "pc_revoked": "A", "pc_expired": "A"}.items():
        device = enrol(client, db, settings, m.stores[store], name)
        m.pcs[name], m.device_ids[name] = device_headers(device), device["device_id"]
    tokens = {name: sign_in(client, name) for name in
              ("emp_a", "emp_b", "manager_a", "manager_x", "manager_off", "leader_n", "leader",
               "admin", "admin_c")}
    tokens["emp_a@pc"] = sign_in(client, "emp_a")  # a second session: sign-out ends one
    with db.write() as conn:
        auth.revoke_device(conn, m.device_ids["pc_revoked"], datetime.now(UTC))
        conn.execute(update(t.devices).where(t.devices.c.id == m.device_ids["pc_expired"])
                     .values(expires_at=LONG_AGO))
        conn.execute(update(t.user_tokens)
                     .where(t.user_tokens.c.token_hash == auth.token_hash(tokens["manager_x"]))
                     .values(expires_at=LONG_AGO))
        admin.set_user_disabled(conn, m.org, "manager_off", True, now=datetime.now(UTC))
    u = {name: user_headers(token) for name, token in tokens.items()}
    m.headers = {
        "anonymous": {}, "employee": u["emp_a"], "employee@pc": {**u["emp_a@pc"], **m.pcs["pc_a"]},
        "visitor@pc": {**u["emp_b"], **m.pcs["pc_a"]}, "manager": u["manager_a"],
        "leader_region": u["leader_n"], "leader_org": u["leader"], "admin": u["admin"],
        "device": m.pcs["pc_a"], "other_org_admin": u["admin_c"], "other_org_device": m.pcs["pc_c"],
        "device_revoked": m.pcs["pc_revoked"], "device_expired": m.pcs["pc_expired"],
        "manager_expired": u["manager_x"], "manager_disabled": u["manager_off"],
    }
    m.headers["_manager"] = u["manager_a"]  # the seeding side, never an actor
    for kind in TARGETS:
        m.ids[kind] = make_target(m, kind)
    publish_held(m.db)  # anonymous ones are published at the next hour (docs/privacy.md)
    return m


#: how each target is made: (the PC that sends it, its author, answered by the manager)
MADE_BY = {
    "own": ("pc_a", "emp_a"), "colleague": ("pc_a", "emp_a2"), "answered": ("pc_a", "emp_a2"),
    "anon_here": ("pc_a", None), "anon_other_pc": ("pc_a_two", None),
    "same_region": ("pc_r", "emp_r"), "other_region": ("pc_b", "emp_b"),
    "other_org": ("pc_c", "emp_c"),
}


def make_target(m: Matrix, kind: str) -> str:
    """A fresh observation of `kind`, pushed the way a real PC would."""
    pc, author = MADE_BY[kind]
    obs = observation(summary=f"matrix {kind}", anonymous=author is None,
                      author_id=m.users[author] if author else None)
    m.kind_of[obs["id"]] = kind
    response = m.client.post("/v1/push", headers=m.pcs[pc], json={"mutations": [upsert(obs)]})
    assert response.json()["results"][0]["status"] == "applied", response.text
    if kind == "answered":
        answer = {"id": new_id(), "op": "review.update", "observation_id": obs["id"], "base_rev": 1,
                  "changes": {"status": "action_taken", "response": "We opened a second till."}}
        result = m.client.post("/v1/push", headers=m.headers["_manager"],
                               json={"mutations": [answer]}).json()["results"][0]
        assert result["status"] == "applied", result
    return str(obs["id"])


def content_of(row: Any) -> dict[str, Any]:
    return {k: v for k, v in row._mapping.items()}


# --- the checks, one function per endpoint family ------------------------------------


def check_pull(m: Matrix) -> None:
    for actor in ACTORS:
        seen: set[str] = set()
        cursor = None
        while True:
            params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            response = m.request(actor, "GET", "/v1/pull", params=params)
            if response.status_code != 200:
                break
            page = response.json()
            seen |= {m.kind_of.get(o["id"], "unknown") for o in page["observations"]}
            if not page["has_more"]:
                break
            cursor = page["cursor"]
        for kind in TARGETS:
            if actor in UNAUTHENTICATED:
                m.cell("pull", response.status_code == 401 and not seen,
                       f"{actor} got {response.status_code} reading {kind}")
            else:
                m.cell("pull", (kind in seen) == (kind in PULL[actor]),
                       f"{actor} {'read' if kind in seen else 'did not read'} {kind}")
        if "unknown" in seen:
            m.leaks.append(f"pull: {actor} read an observation the matrix did not make")


def check_history(m: Matrix) -> None:
    """The audit trail of an observation: to those who read it (the same scope as pull),
    a 404 that says nothing more to everyone else; an anonymous author is never named."""
    for actor in ACTORS:
        for kind in TARGETS:
            response = m.request(actor, "GET", f"/v1/observations/{m.ids[kind]}/history")
            if actor in UNAUTHENTICATED:
                ok = response.status_code == 401
            elif kind in PULL[actor]:
                entries = response.json() if response.status_code == 200 else []
                ok = bool(entries) and entries[0]["action"] == "created"
                if kind.startswith("anon"):
                    ok = ok and all(e["actor_user_id"] is None for e in entries
                                    if e["action"] != "reviewed" and e["action"] != "conflict")
            else:
                ok = response.status_code == 404
            m.cell("history", ok,
                   f"{actor} on {kind}: {response.status_code} {response.text[:200]}")
    unknown = m.request("admin", "GET", f"/v1/observations/{new_id()}/history")
    m.cell("history", unknown.status_code == 404, f"unknown id: {unknown.status_code}")


def check_me_and_reference(m: Matrix) -> None:
    store_users = {"A": {"emp_a", "emp_a2", "manager_a", "manager_x", "manager_off"},
                   "B": {"emp_b"}}
    expect_users = {  # the users /v1/reference lists: the caller's store, and the caller
        "employee": store_users["A"], "employee@pc": store_users["A"],
        "visitor@pc": store_users["A"] | {"emp_b"}, "manager": store_users["A"],
        "leader_region": {"leader_n"}, "leader_org": {"leader"}, "admin": {"admin"},
        "device": store_users["A"], "other_org_admin": {"admin_c"}, "other_org_device": {"emp_c"},
    }
    pin_holders = {"employee@pc": store_users["A"] - {"manager_off"},
                   "visitor@pc": store_users["A"] - {"manager_off"},
                   "device": store_users["A"] - {"manager_off"}, "other_org_device": {"emp_c"}}
    name_of = {v: k for k, v in m.users.items()}
    store_name = {v: k for k, v in m.stores.items()}
    for actor in ACTORS:
        me = m.request(actor, "GET", "/v1/me")
        ref = m.request(actor, "GET", "/v1/reference")
        if actor in UNAUTHENTICATED:
            m.cell("me", me.status_code == 401, f"{actor} me {me.status_code}")
            for _name in m.users:
                m.cell("reference", ref.status_code == 401, f"{actor} reference {ref.status_code}")
            continue
        body = me.json()
        own_org = m.org2 if actor.startswith("other_org") else m.org
        m.cell("me", me.status_code == 200 and body["org_id"] == own_org, f"{actor} me {body}")
        data = ref.json()
        listed = {name_of[u["id"]] for u in data["users"]}
        with_pin = {name_of[u["id"]] for u in data["users"] if u.get("pin_hash")}
        for name in m.users:
            m.cell("reference", (name in listed) == (name in expect_users[actor]),
                   f"{actor} {'saw' if name in listed else 'did not see'} user {name}")
            m.cell("reference", (name in with_pin) == (name in pin_holders.get(actor, set())),
                   f"{actor} {'got' if name in with_pin else 'did not get'} {name}'s PIN hash")
        stores_seen = {store_name[s["id"]] for s in data["stores"]}
        org_stores = {"C"} if actor.startswith("other_org") else {"A", "A2", "B"}
        for store in STORES:  # reference data covers the caller's organisation only
            m.cell("reference", (store in stores_seen) == (store in org_stores),
                   f"{actor} {'saw' if store in stores_seen else 'did not see'} store {store}")


def check_review(m: Matrix) -> None:
    for actor in ACTORS:
        for kind in TARGETS:
            obs_id = m.ids[kind]
            before = content_of(m.row(obs_id))
            note = f"note {new_id()}"
            status, result = m.push_one(actor, {
                "id": new_id(), "op": "review.update", "observation_id": obs_id,
                "base_rev": before["rev"], "changes": {"escalation_note": note}})
            after = content_of(m.row(obs_id))
            allowed = kind in REVIEW.get(actor, frozenset())
            if allowed:
                ok = result is not None and result["status"] == "applied" \
                    and after["escalation_note"] == note
            else:
                ok = (status == 401 if actor in UNAUTHENTICATED else
                      result is not None and result["status"] == "rejected") and after == before
            m.cell("review.update", ok, f"{actor} on {kind}: {status} {result}")


def check_duplicate_of(m: Matrix) -> None:
    """Marking a duplicate names an original: it must be in the reviewer's scope too, or
    the link would tell them that another store's observation exists."""
    for actor, subject_kind in (("manager", "own"), ("leader_region", "own"), ("leader_org", "own"),
                                ("admin", "own"), ("other_org_admin", "other_org")):
        for kind in TARGETS:
            subject = make_target(m, subject_kind)
            status, result = m.push_one(actor, {
                "id": new_id(), "op": "review.merge", "observation_id": subject, "base_rev": 1,
                "into": m.ids[kind]})
            row = m.row(subject)
            if kind in REVIEW[actor]:
                ok = row.status == "duplicate" and row.duplicate_of == m.ids[kind]
            else:
                ok = result is not None and result["status"] == "rejected" and row.status == "new" \
                    and row.duplicate_of is None
            m.cell("review.merge", ok, f"{actor}, original {kind}: {status} {result}")
            if kind in REVIEW[actor] and ok:
                status, result = m.push_one(actor, {
                    "id": new_id(), "op": "review.unmerge", "observation_id": subject,
                    "base_rev": row.rev})
                row = m.row(subject)
                m.cell("review.unmerge", row.status == "new" and row.duplicate_of is None,
                       f"{actor}, original {kind}: {status} {result}")


def check_withdraw_and_edit(m: Matrix) -> None:
    for actor in ACTORS:
        for kind in TARGETS:
            for op, rule in (("observation.withdraw", WITHDRAW), ("observation.upsert", EDIT)):
                obs_id = make_target(m, kind)
                before = content_of(m.row(obs_id))
                if op == "observation.withdraw":
                    mutation = {"id": new_id(), "op": op, "observation_id": obs_id}
                else:
                    sent = {k: before[k] for k in ("id", "observed_at", "kind", "channel",
                                                   "customer_type", "store_id", "author_id",
                                                   "anonymous")}
                    mutation = upsert({**sent, "summary": f"edited by {actor}"})
                status, result = m.push_one(actor, mutation)
                after = content_of(m.row(obs_id))
                if kind in rule.get(actor, frozenset()):
                    ok = result is not None and result["status"] == "applied" and after != before
                elif actor in UNAUTHENTICATED:
                    ok = status == 401 and after == before
                else:  # a conflict (review started) is allowed only to someone who may read it
                    ok = result is not None and after == before and (
                        result["status"] == "rejected"
                        or (result["status"] == "conflict" and kind in REACH[actor]))
                m.cell(op, ok, f"{actor} on {kind}: {status} {result}")


def check_create(m: Matrix) -> None:
    for actor in ACTORS:
        for store in STORES:
            obs = observation(summary=f"created by {actor}", store_id=m.stores[store])
            status, result = m.push_one(actor, upsert(obs))
            row = m.row(obs["id"])
            allowed = store in CREATE.get(actor, frozenset())
            if allowed:
                ok = result is not None and result["status"] == "applied" and row is not None \
                    and row.store_id == m.stores[store]
                if row is not None and row.author_id is not None:  # a named author is of that store
                    with m.db.read() as conn:
                        ok = ok and conn.execute(select(t.users.c.store_id).where(
                            t.users.c.id == row.author_id)).scalar_one() == m.stores[store]
            else:
                ok = row is None and (status == 401 if actor in UNAUTHENTICATED
                                      else result is not None and result["status"] == "rejected")
            m.cell("observation.upsert (new)", ok, f"{actor} in store {store}: {status} {result}")
        # with no store named, it lands in the home store, with an author of that store
        obs = observation(summary=f"created by {actor}, no store")
        status, result = m.push_one(actor, upsert(obs))
        row = m.row(obs["id"])
        home = next(iter(CREATE.get(actor, {"none"})))
        if home == "none":
            ok = row is None
        else:
            ok = row is not None and row.store_id == m.stores[home]
            if row is not None and row.author_id is not None:
                with m.db.read() as conn:
                    ok = ok and conn.execute(select(t.users.c.store_id).where(
                        t.users.c.id == row.author_id)).scalar_one() == m.stores[home]
        m.cell("observation.upsert (new)", ok, f"{actor}, no store named: {status} {result} "
               f"(stored in {row.store_id if row else None}, "
               f"author {row.author_id if row else None})")


def check_named_author(m: Matrix) -> None:
    for actor in ACTORS:
        for name in NAMED_AUTHORS:
            obs = observation(summary=f"{actor} names {name}", author_id=m.users[name])
            status, result = m.push_one(actor, upsert(obs))
            row = m.row(obs["id"])
            if name in AUTHOR.get(actor, frozenset()):
                ok = row is not None and row.author_id == m.users[name]
            else:
                ok = row is None and (status == 401 if actor in UNAUTHENTICATED
                                      else result is not None and result["status"] == "rejected")
            m.cell("observation.upsert (author named)", ok,
                   f"{actor} naming {name}: {status} {result}")


def check_replay(m: Matrix) -> None:
    """A mutation id someone else used is refused or answered 'already applied'; either way
    nothing changes, and the answer shows no observation outside the caller's scope (the
    response scan checks that)."""
    originals = {}
    for kind, sender in (("colleague", "_manager"), ("anon_other_pc", "_pc_a_two")):
        mutation = {"id": new_id(), "op": "review.update" if sender == "_manager" else
                    "observation.withdraw", "observation_id": m.ids[kind]}
        if sender == "_manager":
            rev = m.row(m.ids[kind]).rev
            mutation.update(base_rev=rev, changes={"escalation_note": "seen"})
        headers = m.headers["_manager"] if sender == "_manager" else m.pcs["pc_a_two"]
        first = m.client.post("/v1/push", headers=headers, json={"mutations": [mutation]})
        assert first.json()["results"][0]["status"] == "applied", first.text
        originals[kind] = mutation
    for actor in ACTORS:
        for kind, mutation in originals.items():
            before = content_of(m.row(m.ids[kind]))
            status, result = m.push_one(actor, mutation)
            same_sender = actor == "manager" and kind == "colleague"
            if same_sender:
                ok = result is not None and result["status"] == "already_applied"
            elif actor in UNAUTHENTICATED:
                ok = status == 401
            else:
                ok = result is not None and result["status"] in ("rejected", "already_applied")
            ok = ok and content_of(m.row(m.ids[kind])) == before
            m.cell("replayed mutation id", ok, f"{actor} replaying {kind}'s: {status} {result}")


def count_codes(m: Matrix) -> int:
    with m.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(t.enrolment_codes)).scalar_one())


def check_devices(m: Matrix) -> None:
    store_name = {v: k for k, v in m.stores.items()}
    for actor in ACTORS:
        with m.db.read() as conn:
            store_of_device = dict(conn.execute(select(t.devices.c.id, t.devices.c.store_id)).all())
        manages = MANAGES.get(actor, frozenset())
        listing = m.request(actor, "GET", "/v1/devices")
        listed = {store_name[store_of_device[d["id"]]] + ":" + d["id"]
                  for d in listing.json()} if listing.status_code == 200 else set()
        for device_id, store_id in store_of_device.items():
            key = store_name[store_id] + ":" + device_id
            if actor in UNAUTHENTICATED:
                ok = listing.status_code == 401
            elif not manages:
                ok = listing.status_code == 403
            else:
                ok = (key in listed) == (store_name[store_id] in manages)
            m.cell("devices", ok, f"{actor} listing, device of {store_name[store_id]}: "
                   f"{listing.status_code}")
        for store in STORES:
            codes_before = count_codes(m)
            response = m.request(actor, "POST", "/v1/enrolment-codes",
                                 json={"store_id": m.stores[store]})
            written = count_codes(m) - codes_before
            if store in manages:
                ok = response.status_code == 200 and written == 1
            else:
                ok = written == 0 and response.status_code == (
                    401 if actor in UNAUTHENTICATED else 403)
            m.cell("enrolment-codes", ok, f"{actor} for store {store}: {response.status_code}")
            victim = enrol(m.client, m.db, m.settings, m.stores[store], "victim")["device_id"]
            response = m.request(actor, "POST", f"/v1/devices/{victim}/revoke")
            with m.db.read() as conn:
                revoked = conn.execute(select(t.devices.c.revoked_at)
                                       .where(t.devices.c.id == victim)).scalar_one()
            if store in manages:
                ok = response.status_code == 200 and revoked is not None
            else:
                ok = revoked is None and response.status_code in (
                    (401,) if actor in UNAUTHENTICATED else (403, 404))
            m.cell("devices/revoke", ok,
                   f"{actor} revoking a PC of {store}: {response.status_code}")


def check_public_and_sessions(m: Matrix) -> None:
    for actor in ACTORS:
        for method, path in sorted(PUBLIC):
            response = m.request(actor, method, path)
            m.cell("public", response.status_code == 200, f"{actor} {path}: {response.status_code}")
        # enrolment: the code decides the store, never the caller's tokens
        for store in ("A", "C"):
            code = issue_code(m.db, m.settings, m.stores[store])
            response = m.request(actor, "POST", "/v1/enrol", json={"code": code,
                                                                   "device_name": "x"})
            m.cell("enrol", response.status_code == 200
                   and response.json()["store_id"] == m.stores[store], f"{actor} enrol {store}")
        # sign-in: the password decides who, never the caller's tokens
        response = m.request(actor, "POST", "/v1/sign-in",
                             json={"username": "emp_r", "password": PASSWORD})
        m.cell("sign-in", response.status_code == 200
               and response.json()["user"]["id"] == m.users["emp_r"], f"{actor} sign-in")
    # sign-out ends the caller's own token and no one else's (last: it ends sessions)
    with m.db.read() as conn:
        live_before = set(conn.execute(select(t.user_tokens.c.token_hash)
                                       .where(t.user_tokens.c.revoked_at.is_(None))).scalars())
    for actor in ACTORS:
        response = m.request(actor, "POST", "/v1/sign-out", json={})
        token = m.headers[actor].get("Authorization", " ").split(" ", 1)[1]
        with m.db.read() as conn:
            live = set(conn.execute(select(t.user_tokens.c.token_hash)
                                    .where(t.user_tokens.c.revoked_at.is_(None))).scalars())
        ended = live_before - live
        if actor in UNAUTHENTICATED:
            ok = response.status_code == 401 and not ended
        elif token:
            ok = response.status_code == 200 and ended <= {auth.token_hash(token)}
        else:  # a PC alone has no session to end
            ok = response.status_code == 400 and not ended
        m.cell("sign-out", ok, f"{actor} sign-out: {response.status_code}, ended {len(ended)}")
        live_before = live


def check_insights(m: Matrix) -> None:
    """Counts over the stores a reviewer manages (the same as MANAGES), never more; a
    store filter outside them is refused; everyone else gets 401 or 403."""
    store_name = {v: k for k, v in m.stores.items()}
    with m.db.read() as conn:
        live = conn.execute(select(t.observations.c.store_id, func.count())
                            .where(t.observations.c.status != "withdrawn")
                            .group_by(t.observations.c.store_id)).all()
    per_store = {store_name[store_id]: n for store_id, n in live}
    day = {"since": "2026-11-01", "until": "2026-11-30"}
    for actor in ACTORS:
        response = m.request(actor, "GET", "/v1/insights", params=day)
        manages = MANAGES.get(actor, frozenset())
        if actor in UNAUTHENTICATED:
            ok = response.status_code == 401
        elif not manages:
            ok = response.status_code == 403
        else:
            doc = response.json() if response.status_code == 200 else {}
            counted = {store_name[s["store_id"]]: s["count"] for s in doc.get("stores", [])}
            ok = counted == {k: v for k, v in per_store.items() if k in manages} \
                and doc["total"] == sum(counted.values())
        m.cell("insights", ok, f"{actor}: {response.status_code} {response.text[:200]}")
        for store in STORES:
            response = m.request(actor, "GET", "/v1/insights", params={**day,
                                                                       "store": m.stores[store]})
            if actor in UNAUTHENTICATED:
                ok = response.status_code == 401
            elif store in manages:
                ok = (response.status_code == 200
                      and response.json()["total"] == per_store.get(store, 0))
            else:
                ok = response.status_code == 403
            m.cell("insights", ok, f"{actor}, store {store}: {response.status_code}")


def check_webhooks(m: Matrix) -> None:
    """Admins only, each within their organisation: list, add, read deliveries, remove;
    everyone else 403 (401 without a valid token); another organisation's endpoint 404."""
    admins = {"admin": m.org, "other_org_admin": m.org2}
    made = {}
    for actor in admins:
        response = m.request(actor, "POST", "/v1/admin/webhooks",
                             json={"url": "http://127.0.0.1:9/hook", "events": ["answer"]})
        m.cell("webhooks", response.status_code == 201, f"{actor} add: {response.status_code}")
        made[actor] = response.json().get("id", "")
    for actor in ACTORS:
        listed = m.request(actor, "GET", "/v1/admin/webhooks")
        added = m.request(actor, "POST", "/v1/admin/webhooks",
                          json={"url": "http://127.0.0.1:9/x", "events": ["answer"]})
        if actor in admins:
            ids = {h["id"] for h in listed.json()} if listed.status_code == 200 else set()
            m.cell("webhooks", made[actor] in ids and not (ids & (set(made.values()) -
                                                                   {made[actor]})),
                   f"{actor} listed {ids}")
            m.cell("webhooks", added.status_code == 201, f"{actor} add {added.status_code}")
            other = next(v for k, v in made.items() if k != actor)
            for method, url in (("GET", f"/v1/admin/webhooks/{other}/deliveries"),
                                ("DELETE", f"/v1/admin/webhooks/{other}")):
                response = m.request(actor, method, url)
                m.cell("webhooks", response.status_code == 404,
                       f"{actor} {method} another organisation's webhook: {response.status_code}")
            continue
        refused = 401 if actor in UNAUTHENTICATED else 403
        for response in (listed, added,
                         m.request(actor, "GET", f"/v1/admin/webhooks/{made['admin']}/deliveries"),
                         m.request(actor, "DELETE", f"/v1/admin/webhooks/{made['admin']}")):
            m.cell("webhooks", response.status_code == refused,
                   f"{actor}: {response.request.method} {response.status_code}")
    response = m.request("admin", "DELETE", f"/v1/admin/webhooks/{made['admin']}")
    m.cell("webhooks", response.status_code == 200, f"admin remove: {response.status_code}")


def _regions(m: Matrix) -> dict[str, str]:
    with m.db.read() as conn:
        return {name: rid for rid, name in conn.execute(
            select(t.regions.c.id, t.regions.c.name).where(t.regions.c.org_id == m.org))}


def _drill_ids(m: Matrix, actor: str, params: dict[str, str]) -> tuple[int, set[str]]:
    """Every id of every page of the drill-down (status of the first page, ids)."""
    ids: set[str] = set()
    cursor, status = None, 0
    while True:
        page_params = {**params, "limit": "2", **({"cursor": cursor} if cursor else {})}
        response = m.request(actor, "GET", "/v1/observations", params=page_params)
        status = status or response.status_code
        if response.status_code != 200:
            return status, ids
        page = response.json()
        ids |= {o["id"] for o in page["items"]}
        if len(ids) > page["total"]:
            return 0, ids
        cursor = page["next"]
        if cursor is None:
            return status, ids


def check_drill_down_and_export(m: Matrix) -> None:
    """The observations behind the figures, and their export: exactly the live ones of
    the stores a reviewer manages, for the whole scope, each region and each store; a
    region or store outside the scope is refused; everyone else gets 401 or 403. The
    regional leader's figures, drill-downs and exports hold only their region."""
    store_name = {v: k for k, v in m.stores.items()}
    with m.db.read() as conn:
        live = conn.execute(select(t.observations.c.id, t.observations.c.store_id)
                            .where(t.observations.c.status != "withdrawn")).all()
    regions = _regions(m)
    in_region = {"North": {"A", "A2"}, "South": {"B"}}
    day = {"since": "2026-11-01", "until": "2026-11-30"}
    filters: list[tuple[dict[str, str], frozenset[str] | None]] = [(day, None)]
    filters += [({**day, "region": regions[name]}, frozenset(stores))
                for name, stores in in_region.items()]
    filters += [({**day, "store": m.stores[s]}, frozenset({s})) for s in STORES]
    for actor in ACTORS:
        manages = MANAGES.get(actor, frozenset())
        for params, narrowed in filters:
            wanted = manages if narrowed is None else manages & narrowed
            allowed = narrowed is None or (narrowed <= manages and (
                "region" not in params or actor in ("admin", "leader_org", "leader_region")))
            expected = {i for i, store in live if store_name.get(store) in wanted}
            status, ids = _drill_ids(m, actor, params)
            export = m.request(actor, "GET", "/v1/export", params={**params, "format": "jsonl"})
            insights = m.request(actor, "GET", "/v1/insights", params=params)
            if actor in UNAUTHENTICATED:
                ok = status == export.status_code == insights.status_code == 401
            elif not manages or not allowed:
                ok = status == export.status_code == insights.status_code == 403
            else:
                exported = {json.loads(line)["id"] for line in export.text.splitlines()}
                doc = insights.json()
                ok = (status == 200 and ids == expected and exported == expected
                      and doc["total"] == len(expected)
                      and all(store_name[c["store_id"]] in wanted for c in doc["heatmap"])
                      and all(store_name[s["store_id"]] in wanted for s in doc["stores"]))
            m.cell("drill_down", ok, f"{actor} {params}: {status}, {len(ids)} of {len(expected)}")
            m.cell("export", ok, f"{actor} {params}: {export.status_code}")


CHECKS: tuple[Callable[[Matrix], None], ...] = (
    check_pull, check_insights, check_drill_down_and_export, check_history,
    check_me_and_reference, check_review,
    check_duplicate_of, check_withdraw_and_edit,
    check_create,
    check_named_author, check_replay, check_devices, check_webhooks,
    check_public_and_sessions,  # last: it signs people out
)


def test_no_caller_reads_or_writes_outside_their_scope_on_any_endpoint(
    client: TestClient, db: Database, settings: Settings, capsys: pytest.CaptureFixture[str],
    backend: Any,
) -> None:
    m = build(client, db, settings)
    for check in CHECKS:
        check(m)
    total = sum(m.cells.values())
    with capsys.disabled():
        print(f"\nrole × scope matrix on {backend.name}: {total} cells "
              f"({', '.join(f'{k} {v}' for k, v in sorted(m.cells.items()))}); "
              f"{len(m.failures)} wrong; {m.scanned} responses scanned, {len(m.leaks)} leaks")
    assert not m.leaks and not m.failures, (
        "read outside scope:\n" + "\n".join(m.leaks[:40]) + "\n"
        f"{len(m.failures)} of {total} cells wrong:\n" + "\n".join(m.failures[:60]))
