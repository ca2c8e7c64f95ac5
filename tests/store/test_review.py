"""A manager's review in the local file: each command checks the state machine, changes the
row at once and queues a review.update (or review.merge / review.unmerge) naming base_rev in
the same transaction; the inbox
lists only what the manager's scope holds, with filters and search."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlite_utils import Database

from frontline.core.errors import TransitionError
from frontline.core.model import Observation
from frontline.core.vocabulary import REVIEW_TEXT_MAX
from frontline.store import outbox, remote, review
from frontline.store.observations import fetch_rows, get_observation, save_observation
from tests.helpers.store import make

STORE, OTHER = "store-a", "store-b"


def pulled(db: Database, obs: Observation, *, rev: int = 1, **wire: Any) -> Observation:
    """`obs` as the manager's pull brings it in (server state, with its rev)."""
    data = {**obs.to_dict(), "rev": rev, "received_at": obs.observed_at, **wire}
    remote.apply_pull_page(db, {"observations": [data], "cursor": f"v{rev}:{obs.id}",
                                "removed": []}, user_id="manager-1")
    return obs


def queued(db: Database) -> list[dict[str, Any]]:
    return [{"op": e.op, **e.payload} for e in outbox.pending(db)]


def test_acknowledging_changes_the_row_and_queues_a_review_naming_the_server_version(
        db: Database) -> None:
    obs = pulled(db, make(store_id=STORE), rev=4)
    stored = review.acknowledge(db, obs.id)
    assert stored.observation.status == "acknowledged"
    assert stored.sync_state == "queued"
    assert queued(db) == [{"op": "review.update", "observation_id": obs.id, "base_rev": 4,
                           "changes": {"status": "acknowledged"}}]


def test_a_change_the_state_machine_refuses_writes_nothing(db: Database) -> None:
    obs = pulled(db, make(store_id=STORE), status="closed")
    with pytest.raises(TransitionError, match="closed cannot be marked acknowledged"):
        review.acknowledge(db, obs.id)
    assert get_observation(db, obs.id).observation.status == "closed"  # type: ignore[union-attr]
    assert queued(db) == []


def test_wont_act_without_a_reason_is_refused_with_a_message_the_manager_can_follow(
        db: Database) -> None:
    obs = pulled(db, make(store_id=STORE))
    with pytest.raises(TransitionError, match="Say why no action will be taken"):
        review.wont_act(db, obs.id, "   ")
    assert queued(db) == []
    stored = review.wont_act(db, obs.id, "The supplier discontinued that size.")
    assert stored.observation.status == "wont_act"
    assert stored.observation.wont_act_reason == "The supplier discontinued that size."
    assert queued(db)[0]["changes"] == {"status": "wont_act",
                                        "wont_act_reason": "The supplier discontinued that size."}


def test_a_failed_write_leaves_neither_the_row_change_nor_the_outbox_entry(
        db: Database) -> None:
    obs = pulled(db, make(store_id=STORE))
    db.execute("CREATE TRIGGER boom BEFORE INSERT ON outbox BEGIN "
               "SELECT RAISE(ABORT, 'disk trouble'); END")
    with pytest.raises(Exception, match="disk trouble|database"):
        review.respond(db, obs.id, "Thanks, we have added a second till on Saturdays.")
    db.execute("DROP TRIGGER boom")
    listed = get_observation(db, obs.id)
    assert listed is not None and listed.observation.response == ""
    assert listed.sync_state == "synced"


def test_respond_assign_and_escalate_are_queued_as_one_review_and_merge_as_its_own(
        db: Database) -> None:
    original = pulled(db, make("Queue at the till again", store_id=STORE), rev=2)
    obs = pulled(db, make(store_id=STORE), rev=7)
    review.assign_department(db, obs.id, "store_ops")
    review.respond(db, obs.id, "We open a second till from 11 on Saturdays.")
    review.escalate(db, obs.id, "Every store in the region reports this.")
    stored = review.mark_duplicate(db, obs.id, original.id)
    assert stored.observation.status == "duplicate"
    assert stored.observation.duplicate_of == original.id
    assert stored.observation.responded_at is not None
    update, merge = queued(db)
    assert update["base_rev"] == 7  # merged: a second mutation on the same base would conflict
    assert update["changes"] == {
        "assignee_department": "store_ops",
        "response": "We open a second till from 11 on Saturdays.",
        "escalated": True, "escalation_note": "Every store in the region reports this."}
    assert merge == {"op": "review.merge", "observation_id": obs.id, "base_rev": 7,
                     "into": original.id}
    assert review.escalation_of(db, obs.id) == "Every store in the region reports this."
    assert review.duplicates_of(db, original.id) == [obs.id]


def test_escalating_needs_a_note_and_duplicate_needs_an_original(db: Database) -> None:
    obs = pulled(db, make(store_id=STORE))
    with pytest.raises(TransitionError, match="Say why this needs leadership"):
        review.escalate(db, obs.id, "")
    with pytest.raises(TransitionError, match="Choose the observation this one duplicates"):
        review.review(db, obs.id, {"status": "duplicate"})
    with pytest.raises(TransitionError, match="duplicate of itself"):
        review.mark_duplicate(db, obs.id, obs.id)
    assert queued(db) == []


@pytest.mark.parametrize("name", sorted(REVIEW_TEXT_MAX))
def test_a_reviewers_text_longer_than_the_server_takes_is_refused_before_it_is_queued(
        db: Database, name: str) -> None:
    """Each reviewer's text has one limit (`core.vocabulary.REVIEW_TEXT_MAX`). The escalation
    note once had none here: a long one was queued, refused by the server and quarantined."""
    obs = pulled(db, make(store_id=STORE))
    limit = REVIEW_TEXT_MAX[name]
    with pytest.raises(TransitionError, match=f"too long: keep it under {limit}"):
        review.review(db, obs.id, {name: "x" * (limit + 1)})
    assert queued(db) == []
    review.review(db, obs.id, {name: "x" * limit})
    assert queued(db)[0]["changes"] == {name: "x" * limit}


def test_an_unknown_department_is_refused_once_the_list_is_known(db: Database) -> None:
    from frontline.store.reference import replace_reference

    replace_reference(db, {"departments": [{"code": "store_ops", "label": "Store operations"}]})
    obs = pulled(db, make(store_id=STORE))
    with pytest.raises(TransitionError, match="not one of your organisation's departments"):
        review.assign_department(db, obs.id, "store_operations")
    assert review.assign_department(db, obs.id, "store_ops").observation.assignee_department \
        == "store_ops"


def test_an_observation_the_server_has_not_seen_cannot_be_reviewed(db: Database) -> None:
    obs = save_observation(db, make(store_id=STORE))
    with pytest.raises(TransitionError, match="has not reached the server"):
        review.acknowledge(db, obs.id)


def test_the_inbox_lists_the_managers_store_only_and_never_local_or_withdrawn_ones(
        db: Database) -> None:
    mine = pulled(db, make("Fitting rooms closed early", store_id=STORE))
    pulled(db, make("Other store's complaint", store_id=OTHER))
    pulled(db, make("Taken back", store_id=STORE), status="withdrawn")
    save_observation(db, make("Typed on this PC, not sent yet", store_id=STORE))
    rows = fetch_rows(db, review.inbox_rowids(db, review.InboxQuery(store_ids=(STORE,))))
    assert [r.observation.id for r in rows] == [mine.id]
    assert review.inbox_rowids(db, review.InboxQuery(store_ids=())) == []
    # a leader's or admin's inbox (every store): still no local-only or withdrawn ones
    every = fetch_rows(db, review.inbox_rowids(db, review.InboxQuery(store_ids=None)))
    assert {r.observation.summary for r in every} == {"Fitting rooms closed early",
                                                       "Other store's complaint"}


def test_filters_and_search_narrow_the_inbox(db: Database) -> None:
    a = pulled(db, make("Card terminal froze twice", store_id=STORE, channel="in_store",
                        severity=4, switch_risk=True, anonymous=True, author_id=None,
                        observed_at="2026-11-20T10:00:00.000Z"))
    b = pulled(db, make("Delivery slot missed", kind="pain_point", store_id=STORE,
                        channel="phone", severity=2, author_id="emp-1",
                        observed_at="2026-11-22T10:00:00.000Z"))
    c = pulled(db, make("Loved the new bakery", kind="praise", store_id=STORE,
                        channel="in_store", author_id="emp-2",
                        observed_at="2026-11-23T10:00:00.000Z"), status="acknowledged")

    def ids(**filters: Any) -> set[str]:
        query = review.InboxQuery(store_ids=(STORE,), **filters)
        return {r.observation.id for r in fetch_rows(db, review.inbox_rowids(db, query))}

    assert ids() == {a.id, b.id, c.id}
    assert ids(statuses=("new",)) == {a.id, b.id}
    assert ids(kinds=("praise",)) == {c.id}
    assert ids(channels=("phone",)) == {b.id}
    assert ids(severities=(4, 5)) == {a.id}
    assert ids(switch_risk=True) == {a.id}
    assert ids(anonymous=True) == {a.id}
    assert ids(author_id="emp-2") == {c.id}
    assert ids(since="2026-11-21T00:00:00.000Z", until="2026-11-23T00:00:00.000Z") == {b.id}
    assert ids(text="terminal") == {a.id}
    assert ids(text="bakery", statuses=("new",)) == set()


def test_new_since_last_looked_counts_only_what_arrived_after(db: Database) -> None:
    pulled(db, make(store_id=STORE), received_at="2026-11-23T09:00:00.000Z")
    assert review.new_since_seen(db, "manager-1", (STORE,)) == 1
    review.mark_seen(db, "manager-1", "2026-11-23T10:00:00.000Z")
    assert review.new_since_seen(db, "manager-1", (STORE,)) == 0
    pulled(db, make(store_id=STORE), received_at="2026-11-23T11:00:00.000Z")
    assert review.new_since_seen(db, "manager-1", (STORE,)) == 1


def test_a_review_that_lost_on_the_server_keeps_its_reason_for_the_detail_pane(
        db: Database) -> None:
    obs = pulled(db, make(store_id=STORE), rev=3)
    review.respond(db, obs.id, "We will look into it.")
    [entry] = outbox.pending(db)
    server = {**replace(obs, status="in_progress", response="Fixed the rota").to_dict(),
              "rev": 4}
    remote.apply_push_results(db, [entry], [{
        "mutation_id": entry.id, "status": "conflict", "observation": server,
        "reason": "Someone else changed the response of this observation since you looked"}])
    listed = get_observation(db, obs.id)
    assert listed is not None and listed.observation.response == "Fixed the rota"
    assert "Someone else changed the response" in (review.conflict_of(db, obs.id) or "")
    saved = json.loads(outbox.get_state(db, review.conflict_key(obs.id)) or "{}")
    assert saved["changes"] == {"response": "We will look into it."}  # what was not applied
    review.set_status(db, obs.id, "action_taken")
    assert review.conflict_of(db, obs.id) is None  # a new change clears the old notice


def test_scope_of_each_role() -> None:
    reference = {"stores": [{"id": "s1", "region_id": "r1"}, {"id": "s2", "region_id": "r2"}]}
    assert review.scope_store_ids({"role": "manager", "store_id": "s1"}, reference) == ("s1",)
    assert review.scope_store_ids({"role": "leader", "region_id": "r2"}, reference) == ("s2",)
    assert review.scope_store_ids({"role": "admin"}, reference) is None
    assert review.scope_store_ids({"role": "employee", "store_id": "s1"}, reference) == ()


def test_the_board_lists_actions_taken_with_their_answer_and_never_the_author(
        db: Database) -> None:
    acted = pulled(db, make("Only one till open at lunchtime", store_id=STORE,
                            author_id="emp-7"))
    same = pulled(db, make("Lunchtime queue again", store_id=STORE, author_id="emp-8"))
    pulled(db, make("Still new", store_id=STORE))
    pulled(db, make("Elsewhere", store_id=OTHER), status="action_taken", response="Done there")
    review.set_status(db, acted.id, "action_taken")
    review.respond(db, acted.id, "A second till opens 12:00-14:00.")
    review.mark_duplicate(db, same.id, acted.id)
    [item] = review.board(db, STORE)
    assert (item.summary, item.response, item.raised_by) == (
        "Only one till open at lunchtime", "A second till opens 12:00-14:00.", 2)
    assert "emp-7" not in repr(item) and not hasattr(item, "author_id")


def test_a_leaders_inbox_lists_escalations_first_including_pulled_ones(db: Database) -> None:
    old = pulled(db, make("Freezer alarm ignored", store_id=STORE,
                          observed_at="2026-11-01T10:00:00.000Z"),
                 escalated=True, escalation_note="Food safety: head office must know")
    mid = pulled(db, make("Lift broken", store_id=OTHER, observed_at="2026-11-10T10:00:00.000Z"))
    new = pulled(db, make("Trolleys missing", store_id=STORE,
                          observed_at="2026-11-20T10:00:00.000Z"))
    assert review.escalation_of(db, old.id) == "Food safety: head office must know"
    assert review.escalation_of(db, new.id) is None

    def order(**options: Any) -> list[str]:
        query = review.InboxQuery(store_ids=None, **options)
        return [r.observation.id for r in fetch_rows(db, review.inbox_rowids(db, query))]

    assert order() == [new.id, mid.id, old.id]
    assert order(escalated_first=True) == [old.id, new.id, mid.id]
    review.escalate(db, mid.id, "Customers in wheelchairs cannot reach the first floor")
    assert order(escalated_first=True) == [mid.id, old.id, new.id]
    assert order(escalated_only=True) == [mid.id, old.id]
    # the server later clears it: the pull takes that too
    pulled(db, old, rev=5, escalated=False, escalation_note="")
    assert review.escalation_of(db, old.id) is None


def test_every_merged_author_gets_the_answer(db: Database) -> None:
    original = pulled(db, make("Till queue at lunch", store_id=STORE), rev=2)
    early = pulled(db, make("Lunch queue again", store_id=STORE), rev=3)
    review.mark_duplicate(db, early.id, original.id)
    review.respond(db, original.id, "A second till opens 12:00-14:00.")
    late = pulled(db, make("Only one till at noon", store_id=STORE), rev=4)
    review.mark_duplicate(db, late.id, original.id)
    for obs_id in (original.id, early.id, late.id):
        listed = get_observation(db, obs_id)
        assert listed is not None
        assert listed.observation.response == "A second till opens 12:00-14:00."
    # the server gives the answer to the duplicates itself: only the original's answer and
    # the two merges are queued
    sent = [(e.op, e.entity_id) for e in outbox.pending(db)]
    assert sent == [("review.merge", early.id), ("review.update", original.id),
                    ("review.merge", late.id)]


def test_merging_into_a_duplicate_merges_into_its_original_and_counts_people_once(
        db: Database) -> None:
    original = pulled(db, make("Till queue at lunch", store_id=STORE, author_id="emp-1"))
    again = pulled(db, make("Lunch queue again", store_id=STORE, author_id="emp-1"))
    other = pulled(db, make("Only one till at noon", store_id=STORE, author_id="emp-2"))
    anonymous = pulled(db, make("Queue out of the door", store_id=STORE, anonymous=True,
                                author_id=None))
    review.mark_duplicate(db, again.id, original.id)
    review.mark_duplicate(db, other.id, again.id)  # names a duplicate: lands on the original
    review.mark_duplicate(db, anonymous.id, original.id)
    held = get_observation(db, other.id)
    assert held is not None and held.observation.duplicate_of == original.id
    ids = [original.id, again.id, other.id, anonymous.id]
    # emp-1 twice counts once; the anonymous author counts as one more person
    assert review.raised_by(db, ids) == dict.fromkeys(ids, 3)
    review.unmerge(db, other.id)
    assert review.raised_by(db, [original.id, other.id]) == {original.id: 2, other.id: 1}
    with pytest.raises(TransitionError, match="of one of its own duplicates"):
        review.mark_duplicate(db, original.id, again.id)


def test_the_servers_count_of_people_arrives_with_a_pull_even_without_a_new_rev(
        db: Database) -> None:
    obs = pulled(db, make("Till queue at lunch", store_id=STORE), rev=3)
    pulled(db, obs, rev=3, raised_by=5)  # merged into from other stores: same rev, new count
    assert review.raised_by(db, [obs.id]) == {obs.id: 5}


def test_unmerge_restores_the_status_it_had_before(db: Database) -> None:
    original = pulled(db, make("Till queue at lunch", store_id=STORE))
    obs = pulled(db, make("Lunch queue again", store_id=STORE), status="in_progress")
    with pytest.raises(TransitionError, match="not marked as a duplicate"):
        review.unmerge(db, obs.id)
    review.mark_duplicate(db, obs.id, original.id)
    assert review.duplicates_of(db, original.id) == [obs.id]
    restored = review.unmerge(db, obs.id)
    assert (restored.observation.status, restored.observation.duplicate_of) == (
        "in_progress", None)
    assert review.duplicates_of(db, original.id) == []
    merge, unmerge = outbox.pending(db)
    assert (merge.op, unmerge.op) == ("review.merge", "review.unmerge")
    assert unmerge.payload == {"observation_id": obs.id, "base_rev": 1}


def test_a_local_merge_never_lowers_the_servers_count_of_people(db: Database) -> None:
    original = pulled(db, make("Till queue at lunch", store_id=STORE, author_id="emp-1"),
                      raised_by=5)  # the server counted other stores' duplicates too
    mine = pulled(db, make("Lunch queue again", store_id=STORE, author_id="emp-2"))
    review.mark_duplicate(db, mine.id, original.id)
    assert review.raised_by(db, [original.id, mine.id]) == {original.id: 5, mine.id: 5}
