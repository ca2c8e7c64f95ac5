"""The sync engine against the real server app in this process (through the real HTTP client)."""

from __future__ import annotations

import gzip
import json
from typing import Any

import requests

from frontline.core.ids import new_id
from frontline.store import outbox
from frontline.store.db import Store
from frontline.store.observations import get_observation, save_observation, withdraw_observation
from frontline.sync.client import HttpClient
from frontline.sync.engine import Progress, sync_once
from frontline.sync.protocol import DEVICE_TOKEN_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.helpers.server import PASSWORD, publish_held
from tests.helpers.store import make
from tests.helpers.sync import ASGIAdapter, ServerWorld


def review(world: ServerWorld, obs_id: str, base_rev: int, **changes: Any) -> dict[str, Any]:
    """A manager of store A changes review fields on the server (as their own PC would)."""
    tc = world.app_client
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    token = tc.post("/v1/sign-in", json={"username": "manager_a", "password": PASSWORD},
                    headers=headers).json()["user_token"]
    answer = tc.post("/v1/push", headers={**headers, "Authorization": f"Bearer {token}"}, json={
        "mutations": [{"id": new_id(), "op": "review.update", "observation_id": obs_id,
                       "base_rev": base_rev, "changes": changes}]})
    result: dict[str, Any] = answer.json()["results"][0]
    assert result["status"] == "applied", result
    return result


def outbox_rows(store: Store) -> list[tuple[Any, ...]]:
    return list(store.connection().execute("SELECT * FROM outbox ORDER BY seq").fetchall())


def test_saved_observations_reach_the_server_once_and_show_as_synced(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    saved = [save_observation(db, make(f"Till queue too long, case {i}")) for i in range(25)]
    report = sync_once(store, client, batch_limit=10)
    assert report.ok, report.error
    assert report.pushed == 25 and not report.quarantined
    assert sorted(world.observation_ids()) == sorted(o.id for o in saved)
    assert outbox.count(db, include_quarantined=True) == 0
    listed = get_observation(db, saved[0].id)
    assert listed is not None and listed.sync_state == "synced"
    assert listed.observation.received_at is not None
    assert listed.observation.store_id == world.store_id
    again = sync_once(store, client)
    assert again.pushed == 0 and sorted(world.observation_ids()) == sorted(o.id for o in saved)


def test_idle_sync_is_one_request(world: ServerWorld, store: Store,
                                  pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    assert sync_once(store, client).ok  # first sync fetches the reference data too
    adapter.sent.clear()
    report = sync_once(store, client)
    assert report.ok and report.requests == 1
    assert [r.path_url.split("?")[0] for r in adapter.sent] == ["/v1/pull"]


def test_every_request_carries_the_protocol_version_and_the_device_token(
        store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    save_observation(store.connection(), make())
    adapter.sent.clear()  # the enrolment itself carries no token
    sync_once(store, client)
    assert adapter.sent
    for request in adapter.sent:
        assert request.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)
        assert request.headers[DEVICE_TOKEN_HEADER].startswith("fld_")


def test_large_batches_go_gzipped_and_the_server_reads_them(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    db = store.connection()
    for i in range(30):
        save_observation(db, make(f"Fitting rooms closed again {i}", details="x " * 400))
    report = sync_once(store, client)
    assert report.pushed == 30
    pushes = [r for r in adapter.sent if r.path_url == "/v1/push"]
    assert pushes and all(r.headers.get("Content-Encoding") == "gzip" for r in pushes)
    body = json.loads(gzip.decompress(pushes[0].body))  # type: ignore[arg-type]
    assert body["protocol"] == PROTOCOL_VERSION and len(body["mutations"]) == 30


def test_batches_are_bounded_in_count_and_bytes(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    db = store.connection()
    for i in range(12):
        save_observation(db, make(f"Delivery late {i}", details="y" * 900))
    report = sync_once(store, client, batch_limit=5, batch_bytes=3000)
    assert report.pushed == 12
    sizes = [len(json.loads(gzip.decompress(r.body) if r.headers.get("Content-Encoding")  # type: ignore[arg-type]
                            else r.body)["mutations"])
             for r in adapter.sent if r.path_url == "/v1/push"]
    assert max(sizes) <= 3 and sum(sizes) == 12


def test_one_invalid_item_is_quarantined_with_its_reason_and_the_others_land(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    good = [save_observation(db, make(f"Self-checkout froze {i}")) for i in range(3)]
    bad = save_observation(db, make("Category from an old list", category="no_such_category"))
    good.append(save_observation(db, make("Praise for the new signage", kind="praise")))
    report = sync_once(store, client)
    assert report.error is None
    assert sorted(world.observation_ids()) == sorted(o.id for o in good)
    assert [q.observation_id for q in report.quarantined] == [bad.id]
    listed = get_observation(db, bad.id)
    assert listed is not None and listed.sync_state == "quarantined"
    assert "no_such_category" in listed.sync_error
    assert report.quarantined_total == 1 and report.pending == 0
    # the next sync does not send it again, and nothing else is blocked
    later = save_observation(db, make("Card reader slow"))
    assert sync_once(store, client).pushed == 1
    assert later.id in world.observation_ids() and bad.id not in world.observation_ids()


def test_review_changes_come_down_marked_unread(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    obs = save_observation(db, make("No baskets near the entrance",
                                    author_id=world.users["emp_a"]))
    sync_once(store, client)
    review(world, obs.id, 1, status="action_taken", response="Baskets are back at the door.")
    report = sync_once(store, client)
    assert report.ok and obs.id in report.unread
    listed = get_observation(db, obs.id)
    assert listed is not None and listed.unread
    assert listed.observation.status == "action_taken"
    assert listed.observation.response == "Baskets are back at the door."
    assert world.observation(obs.id).author_id == world.users["emp_a"]


def test_an_edit_after_review_started_is_a_conflict_and_the_server_state_wins(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    obs = save_observation(db, make("Music too loud"))
    sync_once(store, client)
    review(world, obs.id, 1, status="acknowledged")
    from dataclasses import replace
    save_observation(db, replace(obs, summary="Music far too loud in aisle 3"))  # local still `new`
    report = sync_once(store, client)
    assert [c.observation_id for c in report.conflicts] == [obs.id]
    assert "Review" in report.conflicts[0].reason
    listed = get_observation(db, obs.id)
    assert listed is not None and listed.sync_state == "synced"
    assert listed.observation.status == "acknowledged"
    assert listed.observation.summary == "Music too loud"  # the server's content
    assert outbox.count(db, include_quarantined=True) == 0


def test_withdrawal_reaches_the_server(world: ServerWorld, store: Store,
                                       pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    obs = save_observation(db, make("Wrong price label"))
    withdraw_observation(db, obs.id)
    assert sync_once(store, client).ok
    assert world.observation(obs.id).status == "withdrawn"


def test_anonymous_observation_has_no_author_on_the_server_or_in_the_local_file(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    obs = save_observation(db, make("Manager shouted at a customer", anonymous=True))
    assert sync_once(store, client).ok
    server = world.observation(obs.id)
    assert server.anonymous and server.author_id is None and server.store_id == world.store_id
    row = db.execute("SELECT author_id, anonymous FROM observations WHERE id = ?",
                     [obs.id]).fetchone()
    assert row == (None, 1)


def test_the_signed_in_persons_name_travels_with_their_observation(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    a = save_observation(db, make("Queue at returns", author_id=world.users["emp_a"]))
    b = save_observation(db, make("Queue at click and collect", author_id=world.users["emp_a2"]))
    assert sync_once(store, client).ok
    assert world.observation(a.id).author_id == world.users["emp_a"]
    assert world.observation(b.id).author_id == world.users["emp_a2"]


def test_an_author_from_another_store_is_refused_and_shown(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    obs = save_observation(db, make("Someone else's note", author_id=world.users["emp_b"]))
    report = sync_once(store, client)
    assert [q.observation_id for q in report.quarantined] == [obs.id]
    listed = get_observation(db, obs.id)
    assert listed is not None and "not an active member" in listed.sync_error


def test_pull_pages_until_done_and_keeps_the_cursor(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter],
        tmp_path: Any) -> None:
    client, _ = pc
    db = store.connection()
    ids = {save_observation(db, make(f"Shelf empty {i}", author_id=world.users["emp_a"])).id
           for i in range(7)}
    assert sync_once(store, client).ok
    # a second PC of the same store sees the store's employees' observations, 3 per page
    other = Store.open(tmp_path / "pc2")
    client2, adapter2 = world.http_client(other.data_dir)
    from frontline.sync.device import enrol
    enrol(other.connection(), client2, code=world.code(), device_name="Till 2")
    report = sync_once(other, client2, pull_limit=3)
    assert report.ok and report.pulled == 7
    assert len([r for r in adapter2.sent if r.path_url.startswith("/v1/pull")]) == 3
    got = {r[0] for r in other.connection().execute("SELECT id FROM observations")}
    assert ids <= got
    assert report.cursor and report.cursor == outbox.get_state(other.connection(), "cursor")
    other.close()


def test_progress_is_reported_and_cancel_stops_between_batches(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    for i in range(10):
        save_observation(db, make(f"Lift out of order {i}"))
    seen: list[Progress] = []
    report = sync_once(store, client, batch_limit=4, on_progress=seen.append,
                       should_cancel=lambda: len(seen) >= 2)
    # the cancel came after the first batch, while the second was already on its way:
    # that one is finished and recorded, and no third is started
    assert report.cancelled and not report.ok
    assert report.pushed == 8 and report.pending == 2
    assert seen[:3] == [Progress("push", 0, 10), Progress("push", 4, 10), Progress("push", 8, 10)]
    assert len(world.observation_ids()) == 8
    assert sync_once(store, client).pushed == 2


def test_reference_data_comes_down_with_the_store_people_and_pin_hashes(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    from frontline.sync import device

    client, adapter = pc
    report = sync_once(store, client)
    assert report.reference_updated
    db = store.connection()
    names = {p.username: p for p in device.people(db)}
    assert set(names) == {"manager_a", "emp_a", "emp_a2"}
    assert names["emp_a"].has_pin and not names["manager_a"].has_pin
    assert device.check_pin(db, world.users["emp_a"], "2468") == names["emp_a"]
    assert device.check_pin(db, world.users["emp_a"], "0000") is None
    adapter.sent.clear()
    assert not sync_once(store, client).reference_updated  # same version: not fetched again
    assert not any(r.path_url == "/v1/reference" for r in adapter.sent)


def test_unreachable_server_keeps_the_queue_and_says_so(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    db = store.connection()
    obs = save_observation(db, make("Door sensor broken"))

    def down(_request: requests.PreparedRequest) -> None:
        raise requests.exceptions.ConnectionError("[Errno 111] Connection refused")

    adapter.faults = [down]
    adapter.sent.clear()
    report = sync_once(store, client)
    assert report.error is not None and report.error.kind == "network"
    assert len(adapter.sent) == 1  # a refused connection is not retried at once
    assert "safe on this PC" in str(report.error)
    entry = outbox.pending(db)[0]
    assert entry.entity_id == obs.id and entry.attempts == 1
    assert sync_once(store, client).pushed == 1


def test_busy_server_gives_its_retry_after(world: ServerWorld, store: Store,
                                           pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    save_observation(store.connection(), make("Trolleys missing"))
    adapter.faults = [lambda _r: (503, {"Retry-After": "7", "Content-Type": "application/json"},
                                  b'{"error": "busy", "message": "The server is busy."}')]
    report = sync_once(store, client)
    assert report.error is not None and report.error.kind == "busy"
    assert report.error.retry_after == 7
    assert sync_once(store, client).pushed == 1


def test_a_broken_keepalive_connection_is_retried_once_without_duplicates(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    obs = save_observation(store.connection(), make("Receipt printer jammed"))

    def reset_after_server_committed(request: requests.PreparedRequest) -> None:
        world.app_client.request(request.method or "POST", request.url or "",
                                 content=request.body, headers=dict(request.headers))
        raise requests.exceptions.ConnectionError("Connection reset by peer")

    adapter.faults = [reset_after_server_committed]
    report = sync_once(store, client)
    assert report.ok and report.already_applied == 1 and report.pushed == 0
    assert world.observation_ids() == [obs.id]


def test_too_old_a_client_is_told_to_update_and_the_queue_is_untouched(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    save_observation(store.connection(), make("Old app"))
    before = outbox_rows(store)
    client.session.headers[PROTOCOL_HEADER] = "0"
    report = sync_once(store, client)
    assert report.error is not None and report.error.kind == "update_required"
    assert "update" in str(report.error).lower()
    assert outbox_rows(store) == before
    assert world.observation_ids() == []


def test_revoked_pc_is_asked_to_enrol_again_and_keeps_its_queue(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    from frontline.server import auth
    from frontline.sync.device import enrolment

    client, _ = pc
    db = store.connection()
    save_observation(db, make("Before the revocation"))
    enrolled = enrolment(db)
    assert enrolled is not None
    with world.db.write() as conn:
        auth.revoke_device(conn, enrolled.device_id, auth.now_dt())
    report = sync_once(store, client)
    assert report.error is not None and report.error.kind == "unauthorized"
    assert "Enrol this PC again" in str(report.error)
    assert outbox.count(db) == 1


def _too_large(_request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
    return (413, {"Content-Type": "application/json"},
            b'{"error": "too_large", "message": "A push may carry at most 4 changes."}')


def test_a_batch_too_large_for_the_server_is_split(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    db = store.connection()
    ids = [save_observation(db, make(f"Basket shortage {i}")).id for i in range(8)]
    adapter.faults = [_too_large]
    adapter.sent.clear()
    report = sync_once(store, client)
    assert report.ok and report.pushed == 8
    assert sorted(world.observation_ids()) == sorted(ids)
    pushes = [r for r in adapter.sent if r.path_url == "/v1/push"]
    assert len(pushes) == 3  # 8 refused, then 4 and 4


def test_a_single_change_too_large_for_the_server_is_set_aside(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    db = store.connection()
    big = save_observation(db, make("Huge note"))
    adapter.faults = [_too_large]
    report = sync_once(store, client)
    assert [q.observation_id for q in report.quarantined] == [big.id]
    listed = get_observation(db, big.id)
    assert listed is not None and "shorten its texts" in listed.sync_error


def test_a_signed_in_managers_review_goes_out_and_an_ended_sign_in_asks_them_again(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    from frontline.server import auth
    from frontline.store.db import write_transaction
    from frontline.sync import device
    from frontline.sync.client import user_token_name

    client, _ = pc
    db = store.connection()
    obs = save_observation(db, make("Broken trolley", author_id=world.users["emp_a"]))
    assert sync_once(store, client).ok
    user = device.sign_in(db, client, "manager_a", PASSWORD)
    assert device.signed_in(db)[user["id"]]["role"] == "manager" and client.user_id == user["id"]
    with write_transaction(db):
        outbox.enqueue(db, entity_id=obs.id, op="review.update",
                       payload={"observation_id": obs.id, "base_rev": 1,
                                "changes": {"status": "acknowledged"}})
    assert sync_once(store, client).pushed == 1
    assert world.observation(obs.id).status == "acknowledged"
    with world.db.write() as conn:  # e.g. their password was reset
        auth.revoke_user_tokens(conn, user["id"], auth.now_dt())
    report = sync_once(store, client)
    assert report.error is not None and report.error.kind == "signed_out"
    device.sign_out(db, client, user["id"])
    assert device.signed_in(db) == {} and client.user_id is None
    assert client.tokens is not None and client.tokens.get(user_token_name(user["id"])) is None
    assert sync_once(store, client).ok  # the PC itself is still enrolled


def test_a_manager_signing_in_gets_the_stores_observations_the_pc_alone_did_not_see(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter],
        tmp_path: Any) -> None:
    from frontline.sync import device

    client, _ = pc
    other = Store.open(tmp_path / "pc2")
    client2, _ = world.http_client(other.data_dir)
    device.enrol(other.connection(), client2, code=world.code(), device_name="Till 2")
    anonymous = save_observation(other.connection(), make("Said at till 2", anonymous=True))
    assert sync_once(other, client2).pushed == 1
    other.close()
    publish_held(world.db)  # anonymous: published at the next hour (docs/privacy.md)
    db = store.connection()
    assert sync_once(store, client).ok
    assert get_observation(db, anonymous.id) is None  # not in the PC's own scope
    device.sign_in(db, client, "manager_a", PASSWORD)
    report = sync_once(store, client)
    assert report.ok and get_observation(db, anonymous.id) is not None


def test_an_idle_sync_writes_nothing_to_the_local_file(
        store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, _ = pc
    db = store.connection()
    assert sync_once(store, client).ok
    changes = db.conn.total_changes
    assert sync_once(store, client).ok
    assert db.conn.total_changes == changes


def test_the_engine_runs_the_same_against_the_servers_in_process_adapter(
        world: ServerWorld, store: Store) -> None:
    from frontline.server.local import LocalServer

    local = LocalServer(world.db, world.settings)
    local.enrol(world.code(), "Till in-process")
    db = store.connection()
    good = save_observation(db, make("Scanner beeps twice"))
    bad = save_observation(db, make("Old category", category="gone_category"))
    report = sync_once(store, local)
    assert report.ok and report.pushed == 1 and report.reference_updated
    assert [q.observation_id for q in report.quarantined] == [bad.id]
    assert world.observation_ids() == [good.id]


def test_changes_of_one_observation_go_out_in_order_while_batches_overlap(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    from dataclasses import replace

    client, adapter = pc
    db = store.connection()
    first = save_observation(db, make("Draft wording"))
    save_observation(db, replace(first, summary="Final wording"))
    other = save_observation(db, make("Another till"))
    adapter.sent.clear()
    report = sync_once(store, client, batch_limit=1)
    assert report.ok and report.pushed == 3
    assert world.observation(first.id).summary == "Final wording"
    assert world.observation(first.id).rev == 2 and other.id in world.observation_ids()
    order = [json.loads(r.body)["mutations"][0]["observation"]["summary"]  # type: ignore[arg-type]
             for r in adapter.sent if r.path_url == "/v1/push"]
    assert order.index("Draft wording") < order.index("Final wording")


def test_an_observation_erased_on_the_server_disappears_from_the_pc_with_its_queue(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    from dataclasses import replace

    from frontline.server import auth
    from frontline.server.retention import erase_observation

    client, _ = pc
    db = store.connection()
    erased = save_observation(db, make("Contains something that must go"))
    kept = save_observation(db, make("Stays"))
    assert sync_once(store, client).ok
    save_observation(db, replace(erased, summary="An edit still queued"))
    with world.db.write() as conn:
        erase_observation(conn, world.org_id, erased.id, now=auth.now_dt())
    report = sync_once(store, client)
    assert report.removed == 1 and get_observation(db, erased.id) is None
    assert get_observation(db, kept.id) is not None
    assert outbox.count(db, include_quarantined=True) == 0
    assert erased.id not in world.observation_ids()
