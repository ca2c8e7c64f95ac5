"""The review circle end to end, through a real `frontline-server` process on loopback and
real PCs' data folders: an employee's PC submits; a manager's PC (signed in with a
password) pulls it, reviews and answers; after the next sync the employee's PC shows the
status and the answer, unread. Two managers offline change the same observation: the
server's rule picks the winner, and the losing PC shows why. A manager's inbox never lists
another store's observations, even when the PC holds them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontline.core.ids import new_id
from frontline.core.model import Observation
from frontline.demo import DEMO_PASSWORD
from frontline.store import remote, review
from frontline.store.db import Store
from frontline.store.observations import fetch_rows, get_observation, save_observation
from frontline.sync import device
from frontline.sync.client import HttpClient
from frontline.sync.engine import SyncReport, sync_once
from tests.helpers.realserver import RealServer, run_server_cli


class PC:
    """One PC's data folder, enrolled in a store, with its store and client open."""

    def __init__(self, server: RealServer, folder: Path, store_code: str) -> None:
        [code] = run_server_cli(server.data_dir, "enrolment-code", "--store", store_code)["codes"]
        self.enrolment = device.enrol_pc(folder, server_url=server.url, code=code["code"],
                                         device_name=f"PC {folder.name}")
        self.folder = folder
        self.store = Store.open(folder)
        self.db = self.store.connection()
        self.client: HttpClient = device.make_client(folder)
        self.user: dict[str, Any] | None = None

    def sign_in(self, username: str) -> None:
        self.user = device.sign_in(self.db, self.client, username, DEMO_PASSWORD)

    def sync(self) -> SyncReport:
        report = sync_once(self.store, self.client)
        assert report.ok, report.error
        return report

    def inbox(self, **filters: Any) -> list[Observation]:
        assert self.user is not None
        scope = review.scope_store_ids(self.user, remote.stored_reference(self.db))
        rowids = review.inbox_rowids(self.db, review.InboxQuery(store_ids=scope, **filters))
        return [r.observation for r in fetch_rows(self.db, rowids)]

    def close(self) -> None:
        self.client.close()
        self.store.close()


@pytest.fixture
def pcs(server: RealServer, tmp_path: Path) -> Iterator[Any]:
    opened: list[PC] = []

    def open_pc(name: str, store_code: str) -> PC:
        pc = PC(server, tmp_path / name, store_code)
        opened.append(pc)
        return pc

    yield open_pc
    for pc in opened:
        pc.close()


def people(server: RealServer, store_code: str, role: str) -> list[dict[str, str]]:
    rows = server.query(
        "SELECT u.id, u.username FROM users u JOIN stores s ON s.id = u.store_id "
        "WHERE s.code = :c AND u.role = :r AND u.disabled = :f ORDER BY u.username",
        c=store_code, r=role, f=False)
    return [{"id": r[0], "username": r[1]} for r in rows]


def regional_leader(server: RealServer, store_code: str) -> str:
    [leader] = server.query(
        "SELECT u.username FROM users u JOIN stores s ON s.region_id = u.region_id "
        "WHERE u.role = 'leader' AND s.code = :c LIMIT 1", c=store_code)
    return str(leader[0])


def submit(pc: PC, author_id: str, summary: str) -> Observation:
    obs = save_observation(pc.db, Observation.new(
        summary=summary, kind="pain_point", author_id=author_id,
        customer_words="I have been standing here for twenty minutes"))
    assert pc.sync().pushed == 1
    return obs


STORE, OTHER = "S012", "S015"  # Dublin and Manchester, both in the UK & Ireland region


def test_an_answer_travels_from_the_manager_back_to_the_employee_who_raised_it(
        pcs: Any, server: RealServer) -> None:
    till = pcs("till", STORE)
    employee = people(server, STORE, "employee")[0]
    obs = submit(till, employee["id"], "Only one till open at lunchtime")

    office = pcs("office", STORE)
    office.sign_in(people(server, STORE, "manager")[0]["username"])
    office.sync()
    assert obs.id in {o.id for o in office.inbox()}  # among the demo's observations
    assert [o.id for o in office.inbox(text="lunchtime till")] == [obs.id]
    scope = (till.enrolment.store_id,)
    assert office.user is not None
    review.mark_seen(office.db, office.user["id"], "2000-01-01T00:00:00.000Z")
    waiting = review.new_since_seen(office.db, office.user["id"], scope)
    assert waiting >= 1
    review.mark_seen(office.db, office.user["id"])
    assert review.new_since_seen(office.db, office.user["id"], scope) == 0

    review.acknowledge(office.db, obs.id)
    review.assign_department(office.db, obs.id, "store_ops")
    review.set_status(office.db, obs.id, "action_taken")
    review.respond(office.db, obs.id, "From Monday a second till opens 12:00-14:00.")
    report = office.sync()
    assert (report.pushed, report.quarantined, report.conflicts) == (1, [], [])
    [held] = server.query("SELECT status, response, assignee_department, rev FROM observations "
                          "WHERE id = :i", i=obs.id)
    assert tuple(held[:3]) == ("action_taken", "From Monday a second till opens 12:00-14:00.",
                               "store_ops")
    assert [a[0] for a in server.query(
        "SELECT action FROM audit WHERE observation_id = :i ORDER BY rev", i=obs.id)] == [
        "created", "reviewed"]

    before = get_observation(till.db, obs.id)
    assert before is not None and not before.unread
    till.sync()
    after = get_observation(till.db, obs.id)
    assert after is not None
    assert after.observation.status == "action_taken"
    assert after.observation.response == "From Monday a second till opens 12:00-14:00."
    assert after.unread  # the My observations list shows it bold until opened
    # the store board on the employee's PC shows the action, without the author
    [item] = [i for i in review.board(till.db, till.enrolment.store_id)
              if i.summary == "Only one till open at lunchtime"]
    assert item.response == "From Monday a second till opens 12:00-14:00."


def test_two_managers_offline_on_the_same_observation_the_first_to_sync_wins_visibly(
        pcs: Any, server: RealServer) -> None:
    till = pcs("till", STORE)
    obs = submit(till, people(server, STORE, "employee")[0]["id"], "Fitting rooms locked")
    managers = people(server, STORE, "manager")
    first, second = pcs("office", STORE), pcs("backoffice", STORE)
    first.sign_in(managers[0]["username"])
    second.sign_in(managers[1]["username"])
    first.sync()
    second.sync()

    # both offline: each answers on its own PC
    review.respond(first.db, obs.id, "We now keep a key at the tills.")
    review.wont_act(second.db, obs.id, "The rooms are locked on security's advice.")
    review.respond(second.db, obs.id, "Ask a colleague to open a room for you.")
    first.sync()
    report = second.sync()

    assert [c.observation_id for c in report.conflicts] == [obs.id]
    loser = get_observation(second.db, obs.id)
    assert loser is not None
    assert loser.observation.response == "We now keep a key at the tills."  # the server's
    assert loser.observation.status == "new"  # nothing of the losing change was applied
    assert loser.sync_state == "synced"
    notice = review.conflict_of(second.db, obs.id)
    assert notice is not None and "response" in notice
    [held] = server.query("SELECT status, response FROM observations WHERE id = :i", i=obs.id)
    assert tuple(held) == ("new", "We now keep a key at the tills.")
    # the losing change is recorded, not silently dropped
    [conflict] = server.query("SELECT changes FROM audit WHERE observation_id = :i AND "
                              "action = 'conflict'", i=obs.id)
    assert "Ask a colleague" in str(conflict[0])
    # a change of another field, made after seeing the winner, goes through
    review.set_status(second.db, obs.id, "in_progress")
    second.sync()
    assert review.conflict_of(second.db, obs.id) is None
    assert server.query("SELECT status FROM observations WHERE id = :i",
                        i=obs.id)[0][0] == "in_progress"


def test_a_managers_inbox_never_lists_another_stores_observations(
        pcs: Any, server: RealServer) -> None:
    mine = submit(pcs("till", STORE), people(server, STORE, "employee")[0]["id"],
                  "Trolleys missing from the car park")
    theirs = submit(pcs("till-b", OTHER), people(server, OTHER, "employee")[0]["id"],
                    "Lift to the car park broken")

    office = pcs("office", STORE)
    manager = people(server, STORE, "manager")[0]["username"]
    office.sign_in(manager)
    office.sync()
    store_id = office.enrolment.store_id
    listed = office.inbox()
    assert mine.id in {o.id for o in listed}
    assert {o.store_id for o in listed} == {store_id}
    assert get_observation(office.db, theirs.id) is None  # the server did not send it

    # a regional leader signs in on the same PC: the file now holds the other store's too
    office.sign_in(regional_leader(server, OTHER))
    office.sync()
    assert {o.id for o in office.inbox()} >= {mine.id, theirs.id}
    assert get_observation(office.db, theirs.id) is not None
    # back to the store manager: their inbox still shows their store only
    other_rows = office.db.execute("SELECT count(*) FROM observations WHERE store_id != ?",
                                   [store_id]).fetchone()[0]
    assert other_rows > 0
    office.sign_in(manager)
    listed = office.inbox()
    assert mine.id in {o.id for o in listed} and theirs.id not in {o.id for o in listed}
    assert {o.store_id for o in listed} == {store_id}
    assert [o.id for o in office.inbox(text="Lift to the car park")] == []


def test_an_escalation_reaches_the_regional_leader_on_top_of_their_inbox(
        pcs: Any, server: RealServer) -> None:
    till = pcs("till", STORE)
    obs = submit(till, people(server, STORE, "employee")[0]["id"],
                 "Freezer alarm ignored for an hour")
    office = pcs("office", STORE)
    office.sign_in(people(server, STORE, "manager")[0]["username"])
    office.sync()
    review.escalate(office.db, obs.id, "Food safety: every store has the same alarm")
    assert office.sync().pushed == 1

    hq = pcs("regional", STORE)
    hq.sign_in(regional_leader(server, STORE))
    hq.sync()
    first = hq.inbox(escalated_first=True)[0]
    assert first.id == obs.id
    assert review.escalation_of(hq.db, obs.id) == "Food safety: every store has the same alarm"
    assert [o.id for o in hq.inbox(escalated_only=True)] == [obs.id]


def test_a_merged_duplicates_author_gets_the_answer_too(pcs: Any, server: RealServer) -> None:
    till = pcs("till", STORE)
    first_author, second_author = people(server, STORE, "employee")[:2]
    original = submit(till, first_author["id"], "Self-checkout rejects loyalty cards")
    duplicate = submit(till, second_author["id"], "Loyalty card fails at self-checkout")
    office = pcs("office", STORE)
    office.sign_in(people(server, STORE, "manager")[0]["username"])
    office.sync()
    review.mark_duplicate(office.db, duplicate.id, original.id)
    review.set_status(office.db, original.id, "action_taken")
    review.respond(office.db, original.id, "The scanners were updated on Tuesday.")
    report = office.sync()
    assert (report.quarantined, report.conflicts) == ([], [])

    till.sync()
    for obs_id in (original.id, duplicate.id):
        listed = get_observation(till.db, obs_id)
        assert listed is not None and listed.unread
        assert listed.observation.response == "The scanners were updated on Tuesday."
    dup = get_observation(till.db, duplicate.id)
    assert dup is not None and dup.observation.status == "duplicate"
    [item] = [i for i in review.board(till.db, till.enrolment.store_id)
              if i.summary == "Self-checkout rejects loyalty cards"]
    assert item.raised_by == 2

    # undone: it stands on its own again, with the status it had (the server agrees)
    review.unmerge(office.db, duplicate.id)
    assert office.sync().conflicts == []
    [held] = server.query("SELECT status, duplicate_of FROM observations WHERE id = :i",
                          i=duplicate.id)
    assert tuple(held) == ("new", None)


def test_a_leader_merges_across_stores_and_every_author_gets_the_answer_given_elsewhere(
        pcs: Any, server: RealServer) -> None:
    """Dublin and Manchester raise the same thing; the regional leader merges them on one PC,
    Dublin's manager answers on another; Manchester's author reads the answer on their till,
    both stores see how many people raised it, and Manchester's manager never sees Dublin's."""
    dublin_till, manchester_till = pcs("till", STORE), pcs("till-b", OTHER)
    original = submit(dublin_till, people(server, STORE, "employee")[0]["id"],
                      "Contactless fails on the car park ticket machine")
    same = submit(manchester_till, people(server, OTHER, "employee")[0]["id"],
                  "Car park machine will not take contactless")
    also = submit(manchester_till, people(server, OTHER, "employee")[1]["id"],
                  "Ticket machine refuses tap to pay")

    hq = pcs("regional", STORE)
    hq.sign_in(regional_leader(server, STORE))
    hq.sync()
    review.mark_duplicate(hq.db, same.id, original.id)
    review.mark_duplicate(hq.db, also.id, same.id)  # names a duplicate: lands on the original
    report = hq.sync()
    assert (report.quarantined, report.conflicts) == ([], [])
    held = {r[0]: tuple(r[1:]) for r in server.query(
        "SELECT id, status, duplicate_of, raised_by FROM observations WHERE id IN (:a, :b, :c)",
        a=original.id, b=same.id, c=also.id)}
    assert held == {original.id: ("new", None, 3), same.id: ("duplicate", original.id, 3),
                    also.id: ("duplicate", original.id, 3)}

    office = pcs("office", STORE)  # Dublin's manager, on another PC than the merge
    office.sign_in(people(server, STORE, "manager")[0]["username"])
    office.sync()
    assert review.raised_by(office.db, [original.id]) == {original.id: 3}
    review.set_status(office.db, original.id, "action_taken")
    review.respond(office.db, original.id, "The payment terminal was replaced on Friday.")
    assert office.sync().conflicts == []

    manchester_till.sync()
    for obs_id in (same.id, also.id):
        listed = get_observation(manchester_till.db, obs_id)
        assert listed is not None and listed.unread
        assert listed.observation.response == "The payment terminal was replaced on Friday."
    assert get_observation(manchester_till.db, original.id) is None  # Dublin's stays in Dublin

    manchester_office = pcs("office-b", OTHER)
    manchester_office.sign_in(people(server, OTHER, "manager")[0]["username"])
    manchester_office.sync()
    listed = {o.id: o for o in manchester_office.inbox()}
    assert listed[same.id].status == "duplicate" and original.id not in listed
    assert review.raised_by(manchester_office.db, [same.id]) == {same.id: 3}
    # Manchester's manager cannot merge into Dublin's observation, even by hand
    [result] = manchester_office.client.push([{
        "id": new_id(), "op": "review.merge", "observation_id": also.id,
        "base_rev": 1, "into": original.id}])["results"]
    assert result["status"] == "rejected" and "outside what you review" in result["reason"]

    dublin_till.sync()
    [item] = [i for i in review.board(dublin_till.db, dublin_till.enrolment.store_id)
              if i.summary == "Contactless fails on the car park ticket machine"]
    assert item.raised_by == 3


def test_unmerge_on_another_pc_restores_what_the_server_kept_and_counts_again(
        pcs: Any, server: RealServer) -> None:
    till = pcs("till", STORE)
    original = submit(till, people(server, STORE, "employee")[0]["id"],
                      "Baby changing room locked all morning")
    other = submit(till, people(server, STORE, "employee")[1]["id"],
                   "Parents asking for the changing room key")
    office = pcs("office", STORE)
    office.sign_in(people(server, STORE, "manager")[0]["username"])
    office.sync()
    review.set_status(office.db, other.id, "in_progress")
    review.respond(office.db, original.id, "The room now stays open from 8:00.")
    review.mark_duplicate(office.db, other.id, original.id)
    assert office.sync().conflicts == []
    till.sync()
    listed = get_observation(till.db, other.id)
    assert listed is not None
    assert listed.observation.response == "The room now stays open from 8:00."

    hq = pcs("regional", STORE)  # the leader disagrees: not the same thing; undoes it elsewhere
    hq.sign_in(regional_leader(server, STORE))
    hq.sync()
    review.unmerge(hq.db, other.id)
    assert hq.sync().conflicts == []
    [held] = server.query("SELECT status, duplicate_of, response, raised_by FROM observations "
                          "WHERE id = :i", i=other.id)
    assert tuple(held) == ("in_progress", None, "", 1)  # as before the merge, on the server
    office.sync()
    assert review.raised_by(office.db, [original.id, other.id]) == {original.id: 1, other.id: 1}
    back = get_observation(office.db, other.id)
    assert back is not None and back.observation.status == "in_progress"
    actions = [r[0] for r in server.query(
        "SELECT action FROM audit WHERE observation_id = :i ORDER BY id", i=other.id)]
    assert actions[-3:] == ["reviewed", "merged", "unmerged"]


def test_frontline_status_names_the_pcs_store_once_it_has_synced(
        pcs: Any, server: RealServer, capsys: pytest.CaptureFixture[str]) -> None:
    from frontline.sync.commands import status, status_command

    till = pcs("till", STORE)
    assert status(till.folder)["store_name"] is None  # not synced yet: the id only
    till.sync()
    [name] = server.query("SELECT name FROM stores WHERE code = :c", c=STORE)
    info = status(till.folder)
    assert (info["store_code"], info["store_name"]) == (STORE, name[0])
    status_command(till.folder, as_json=False)
    assert f"Store:        {name[0]} ({STORE})" in capsys.readouterr().out
