"""`init --demo` seeds the same organisation as the desktop's demo, once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from frontline.demo import demo_org
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.demo import DEMO_OBSERVATIONS, seed_demo
from frontline.server.local import LocalServer
from frontline.server.settings import Settings


def test_the_demo_matches_the_desktop_demo_and_is_added_once(db: Database,
                                                             settings: Settings) -> None:
    org = demo_org()
    with db.write() as conn:
        first = seed_demo(conn, settings, now=datetime.now(UTC))
    with db.write() as conn:
        second = seed_demo(conn, settings, now=datetime.now(UTC))
    assert "already" in second["text"]
    assert len(second["codes"]) == len(first["codes"])  # fresh codes, for another PC
    with db.read() as conn:
        store_ids = set(conn.execute(select(t.stores.c.id)).scalars())
        people = conn.execute(select(func.count()).select_from(t.users)).scalar_one()
        observations = conn.execute(select(func.count()).select_from(t.observations)).scalar_one()
    assert store_ids == {s.id for s in org.stores}
    assert people == len(org.people)
    assert observations == first["observations"] == DEMO_OBSERVATIONS
    # a printed code enrols a PC that can then pull its store's demo observations
    server = LocalServer(db, settings)
    server.enrol(first["codes"][0]["code"], "Demo till")
    pulled = server.pull(None, limit=1000)
    assert pulled["observations"]
    first_store = org.store(first["codes"][0]["store"]).id
    assert {o["store_id"] for o in pulled["observations"]} == {first_store}
    manager = next(x for x in first["logins"] if x["role"] == "manager")
    assert server.sign_in(manager["username"], manager["password"])["user"]["role"] == "manager"
