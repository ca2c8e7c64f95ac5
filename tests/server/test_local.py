"""`LocalServer` implements `SyncProtocol` in-process with the server's own answers."""

from __future__ import annotations

import pytest

from frontline.core.errors import SyncError
from frontline.server.db import Database
from frontline.server.local import LocalServer
from frontline.server.settings import Settings
from frontline.sync.protocol import SyncProtocol
from tests.helpers.childoutput import GENEROUS
from tests.helpers.server import PASSWORD, World, issue_code, observation, upsert


def test_the_local_server_enrols_pushes_pulls_and_signs_in(
    db: Database, settings: Settings, world: World
) -> None:
    server: SyncProtocol = LocalServer(db, settings)
    server.enrol(issue_code(db, settings, world.store_a), "Till 1")
    reference = server.reference()
    assert any(u.get("pin_hash") for u in reference["users"])
    mutation = upsert(observation(author_id=world.users["emp_a"]))
    first = server.push([mutation])  # type: ignore[list-item]
    again = server.push([mutation])  # type: ignore[list-item]
    assert first["results"][0]["status"] == "applied"
    assert again["results"][0]["status"] == "already_applied"
    page = server.pull(None)
    assert [o["id"] for o in page["observations"]] == [mutation["observation"]["id"]]
    assert server.pull(page["cursor"])["observations"] == []
    signed = server.sign_in("manager_a", PASSWORD)
    assert signed["user"]["role"] == "manager"


def test_the_local_server_raises_sync_errors_with_the_api_codes(
    db: Database, settings: Settings, world: World
) -> None:
    server = LocalServer(db, settings)
    with pytest.raises(SyncError) as missing:
        server.pull(None)
    assert missing.value.kind == "unauthorized"
    with pytest.raises(SyncError) as bad_code:
        server.enrol("AAAAA-BBBBB-CCCCC", "Till")
    assert bad_code.value.kind == "unauthorized"
    with pytest.raises(SyncError) as wrong:
        server.sign_in("manager_a", "wrong password")
    assert wrong.value.kind == "unauthorized"


def test_simultaneous_failed_sign_ins_are_all_counted_and_never_crash(
    db: Database, settings: Settings, world: World
) -> None:
    import threading

    barrier = threading.Barrier(6)
    kinds: list[str] = []

    def attempt() -> None:
        server = LocalServer(db, settings, address="10.0.0.9")
        barrier.wait(GENEROUS)
        try:
            server.sign_in("manager_a", "wrong password")
        except SyncError as error:
            kinds.append(error.kind)
        except Exception as error:  # anything else is the bug this test is for
            kinds.append(repr(error))

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GENEROUS)
    assert set(kinds) <= {"unauthorized", "throttled"} and len(kinds) == 6, kinds
    with pytest.raises(SyncError) as blocked:
        LocalServer(db, settings, address="10.0.0.9").sign_in("manager_a", PASSWORD)
    assert blocked.value.kind == "throttled"
