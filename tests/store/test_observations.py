"""Saving, editing, withdrawing, searching and listing observations in the local file."""

from __future__ import annotations

import threading

import pytest
from sqlite_utils import Database

from frontline.core.errors import TransitionError, ValidationError
from frontline.core.model import QUOTE_MAX, SUMMARY_MAX, TEXT_MAX, Observation
from frontline.store import outbox
from frontline.store.db import Store
from frontline.store.observations import (
    ObservationQuery,
    count_pending,
    fetch_rows,
    get_observation,
    mark_read,
    query_rowids,
    save_observation,
    withdraw_observation,
)
from tests.helpers.store import make


def _review_started_on_the_server(db: Database, obs_id: str) -> None:
    """What a pull does when a manager acknowledges (frontline.store.remote owns pulls)."""
    db.execute("UPDATE observations SET status = 'acknowledged', unread = 1 WHERE id = ?",
               [obs_id])


def _ids(db: Database, **query: object) -> list[str]:
    rowids = query_rowids(db, ObservationQuery(**query))  # type: ignore[arg-type]
    return [row.observation.id for row in fetch_rows(db, rowids)]


def test_saved_observation_is_stored_and_queued_in_the_same_transaction(db: Database) -> None:
    saved = save_observation(db, make(details="Only one till open at 5 pm"))
    listed = get_observation(db, saved.id)
    assert listed is not None
    assert listed.observation == saved
    assert listed.sync_state == "queued"
    assert count_pending(db) == 1
    [entry] = outbox.pending(db)
    assert entry.op == "observation.upsert"
    assert entry.entity_id == saved.id
    assert entry.payload == saved.to_dict()


def test_invalid_observation_is_refused_with_readable_messages_and_nothing_written(
    db: Database,
) -> None:
    with pytest.raises(ValidationError) as raised:
        save_observation(db, make("   ", severity=9, channel="carrier pigeon"))
    fields = {e.field for e in raised.value.errors}
    assert fields == {"summary", "severity", "channel"}
    assert "summary" in str(raised.value).lower()
    assert query_rowids(db, ObservationQuery()) == []
    assert outbox.count(db) == 0


def test_author_can_edit_while_new_and_each_edit_is_queued(db: Database) -> None:
    saved = save_observation(db, make("Queue at till"))
    edited = save_observation(db, Observation.new(id=saved.id, kind="idea",
                                                  summary="Open a second till at 5 pm"))
    listed = get_observation(db, saved.id)
    assert listed is not None and listed.observation.summary == "Open a second till at 5 pm"
    assert listed.observation.kind == "idea"
    assert edited.updated_at >= saved.updated_at
    assert [e.op for e in outbox.pending(db)] == ["observation.upsert"] * 2
    assert len(query_rowids(db, ObservationQuery())) == 1


def test_edit_cannot_change_review_fields(db: Database) -> None:
    saved = save_observation(db, make())
    edited = save_observation(db, Observation.new(id=saved.id, kind="praise", summary="Edited",
                                                  response="I answered myself"))
    assert edited.response == ""
    assert edited.status == "new"


def test_edit_after_review_started_is_refused(db: Database) -> None:
    saved = save_observation(db, make())
    outbox.mark_applied(db, [e.id for e in outbox.pending(db)])
    _review_started_on_the_server(db, saved.id)
    with pytest.raises(TransitionError, match="already being reviewed"):
        save_observation(db, Observation.new(id=saved.id, kind="idea", summary="Changed"))
    with pytest.raises(TransitionError, match="can no longer be withdrawn"):
        withdraw_observation(db, saved.id)
    assert outbox.count(db) == 0


def test_withdraw_is_queued_once(db: Database) -> None:
    saved = save_observation(db, make())
    withdrawn = withdraw_observation(db, saved.id)
    assert withdrawn.status == "withdrawn"
    withdraw_observation(db, saved.id)
    assert [e.op for e in outbox.pending(db)] == ["observation.upsert", "observation.withdraw"]
    listed = get_observation(db, saved.id)
    assert listed is not None and listed.observation.status == "withdrawn"


def test_list_is_newest_first_by_default_and_sortable(db: Database) -> None:
    old = save_observation(db, make("Old", observed_at="2026-01-01T09:00:00.000Z", severity=5))
    mid = save_observation(db, make("Mid", observed_at="2026-02-01T09:00:00.000Z", severity=1))
    new = save_observation(db, make("New", observed_at="2026-03-01T09:00:00.000Z", severity=3))
    assert _ids(db) == [new.id, mid.id, old.id]
    assert _ids(db, descending=False) == [old.id, mid.id, new.id]
    assert _ids(db, order_by="severity") == [old.id, new.id, mid.id]


def test_filters_combine(db: Database) -> None:
    a = save_observation(db, make("A", kind="praise", channel="phone", author_id="u1"))
    save_observation(db, make("B", kind="praise", channel="in_store", author_id="u2"))
    c = save_observation(db, make("C", kind="idea", channel="phone", author_id="u1"))
    assert set(_ids(db, kinds=("praise",), channels=("phone",))) == {a.id}
    assert set(_ids(db, mine_only=True, author_id="u1")) == {a.id, c.id}
    assert set(_ids(db, sync_states=("synced",))) == set()
    assert len(_ids(db, statuses=("new",))) == 3


def test_search_finds_words_in_any_text_field_and_prefixes_while_typing(db: Database) -> None:
    a = save_observation(db, make("Receipt printer jammed",
                                  customer_words="I waited ages for my receipt"))
    b = save_observation(db, make("Parking full", suggestion="Reserve spaces for click & collect"))
    save_observation(db, make("Praise for Ana", kind="praise", action_taken="Thanked her"))
    assert _ids(db, text="receipt") == [a.id]
    assert _ids(db, text="rece") == [a.id]  # still typing
    assert _ids(db, text="rece ") == []  # a finished word must match whole
    assert _ids(db, text="click colle") == [b.id]
    assert _ids(db, text="WAITED receipt") == [a.id]
    assert set(_ids(db, text="")) == set(_ids(db))


def test_search_ignores_accents_and_follows_edits(db: Database) -> None:
    saved = save_observation(db, make("Café closed early"))
    assert _ids(db, text="cafe") == [saved.id]
    save_observation(db, Observation.new(id=saved.id, kind="pain_point", summary="Bakery closed"))
    assert _ids(db, text="cafe") == []
    assert _ids(db, text="bakery") == [saved.id]


@pytest.mark.parametrize("typed", [
    '"', '""', '"unterminated', "*", "-", "receipt -printer", "NOT", "AND OR", "receipt AND",
    "(", ")", "NEAR(a b)", "summary:receipt", "^receipt", "{summary}: x", "a+b", "'", "\\",
    "😀", "🧾 receipt", "!!!", "rec*", "%_", "\x00", "  ",
])
def test_anything_a_person_types_in_search_never_raises(db: Database, typed: str) -> None:
    saved = save_observation(db, make("Receipt printer jammed"))
    found = _ids(db, text=typed)
    assert found in ([], [saved.id])


def test_fetch_rows_keeps_the_order_given_and_skips_missing(db: Database) -> None:
    rows = [save_observation(db, make(f"Note {n}")) for n in range(3)]
    rowids = query_rowids(db, ObservationQuery(descending=False))
    listed = fetch_rows(db, [rowids[2], 999_999, rowids[0]])
    assert [x.observation.id for x in listed] == [rows[2].id, rows[0].id]


@pytest.mark.parametrize("text", [
    "Kundin sagte: „Das ist unmöglich!“ 😤👎",
    "العميل انتظر عشرين دقيقة عند الصندوق",  # right to left
    "הלקוח אמר שהוא יעבור למתחרה",  # right to left
    "mixed: price מחיר 12,50 € 👍🏽 家族 🇫🇷",
    "line one\nline two\n\ttabbed",
])
def test_emoji_and_right_to_left_text_round_trip_and_are_searchable(
    db: Database, text: str
) -> None:
    saved = save_observation(db, make(text[:SUMMARY_MAX].split("\n")[0], details=text))
    listed = get_observation(db, saved.id)
    assert listed is not None
    assert listed.observation.details == text
    first_word = next(w for w in text.split() if any(c.isalnum() for c in w))
    assert saved.id in _ids(db, text=first_word)


def test_control_characters_are_removed_but_the_text_is_kept(db: Database) -> None:
    saved = save_observation(db, make("Till\x00 froze\x1b[31m", details="a\x07b\r\nc\u200b"))
    listed = get_observation(db, saved.id)
    assert listed is not None
    assert listed.observation.summary == "Till froze[31m"
    assert listed.observation.details == "ab\nc"


def test_texts_at_their_limit_are_kept_whole_and_longer_ones_refused(db: Database) -> None:
    at_limit = make("s" * SUMMARY_MAX, details="d" * TEXT_MAX, customer_words="q" * QUOTE_MAX)
    saved = save_observation(db, at_limit)
    listed = get_observation(db, saved.id)
    assert listed is not None and listed.observation.details == "d" * TEXT_MAX
    with pytest.raises(ValidationError) as raised:
        save_observation(db, make("s" * (SUMMARY_MAX + 1), details="d" * (TEXT_MAX * 10)))
    assert {e.field for e in raised.value.errors} == {"summary", "details"}
    assert "the limit is" in str(raised.value)


def test_mark_read_clears_the_unread_flag(db: Database) -> None:
    saved = save_observation(db, make())
    _review_started_on_the_server(db, saved.id)
    listed = get_observation(db, saved.id)
    assert listed is not None and listed.unread
    mark_read(db, saved.id)
    listed = get_observation(db, saved.id)
    assert listed is not None and not listed.unread


def test_search_starts_with_the_second_letter_of_a_word(db: Database) -> None:
    receipt = save_observation(db, make("Receipt printer jammed"))
    parking = save_observation(db, make("Parking full"))
    assert set(_ids(db, text="r")) == {receipt.id, parking.id}  # no filter yet
    assert _ids(db, text="re") == [receipt.id]
    assert _ids(db, text="parking r") == [parking.id]
    assert _ids(db, text="parking re") == []


def test_sorting_by_a_column_keeps_newest_first_within_equal_values(db: Database) -> None:
    older = save_observation(db, make("Old idea", kind="idea", observed_at="2026-01-01T09:00:00Z"))
    newer = save_observation(db, make("New idea", kind="idea", observed_at="2026-03-01T09:00:00Z"))
    praise = save_observation(db, make("Praise", kind="praise", observed_at="2026-02-01T09:00:00Z"))
    assert _ids(db, order_by="kind") == [praise.id, newer.id, older.id]
    assert _ids(db, order_by="kind", descending=False) == [older.id, newer.id, praise.id]
    assert _ids(db, order_by="kind", text="idea") == [newer.id, older.id]


def test_times_are_stored_in_one_form_so_they_sort_correctly(db: Database) -> None:
    a = save_observation(db, make("A", observed_at="2026-03-01T10:00:00+01:00"))
    b = save_observation(db, make("B", observed_at="2026-03-01T09:30:00.5Z"))
    assert a.observed_at == "2026-03-01T09:00:00.000Z"
    assert b.observed_at == "2026-03-01T09:30:00.500Z"
    assert _ids(db) == [b.id, a.id]


def _varied(db: Database) -> None:
    kinds, channels = ("pain_point", "praise", "idea"), ("in_store", "phone", "chat")
    for n in range(60):
        save_observation(db, make(
            f"Till {n % 7} queue note {n}", kind=kinds[n % 3], channel=channels[n % 4 % 3],
            details="refund desk" if n % 2 else "delivery van",
            observed_at=f"2026-0{1 + n % 9}-1{n % 10}T09:00:00Z", author_id=f"u{n % 4}"))


@pytest.mark.parametrize("query", [
    {"text": "till"}, {"text": "queue re"}, {"text": "del", "kinds": ("praise",)},
    {"text": "note", "order_by": "kind"}, {"text": "note", "descending": False},
    {"text": "refund", "mine_only": True, "author_id": "u1", "channels": ("phone", "chat")},
    {"text": "no such words"}, {"kinds": ("idea",)}, {},
])
def test_many_matches_are_ordered_exactly_like_few(
    db: Database, monkeypatch: pytest.MonkeyPatch, query: dict[str, object]
) -> None:
    from frontline.store import search

    _varied(db)
    monkeypatch.setattr(search, "FEW_MATCHES", 10**9)  # always sorted in SQL
    in_sql = _ids(db, **query)
    monkeypatch.setattr(search, "FEW_MATCHES", 0)  # always picked from the kept order
    picked = _ids(db, **query)
    assert picked == in_sql


def test_kept_order_follows_changes_from_this_and_other_connections(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontline.store import search

    monkeypatch.setattr(search, "FEW_MATCHES", 0)
    db = store.connection()
    first = save_observation(db, make("Till one", observed_at="2026-01-01T09:00:00Z"))
    assert _ids(db, text="till") == [first.id]
    second = save_observation(db, make("Till two", observed_at="2026-02-01T09:00:00Z"))
    assert _ids(db, text="till") == [second.id, first.id]

    other = threading.Thread(target=lambda: save_observation(
        store.connection(), make("Till three", observed_at="2026-03-01T09:00:00Z")))
    other.start()
    other.join()
    assert len(_ids(db, text="till")) == 3
    assert len(_ids(db)) == 3


def test_withdrawing_an_unknown_observation_is_a_bug_not_a_silent_no_op(db: Database) -> None:
    from frontline.core.errors import BugError

    with pytest.raises(BugError):
        withdraw_observation(db, "01a20a00-0000-7000-8000-00000000dead")
