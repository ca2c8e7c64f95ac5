"""The team inbox: keyboard triage, filters and search, the response, won't act with its
reason, duplicates and the conflict notice; on a real local file filled as a manager's
pull fills it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from frontline.core.model import Observation
from frontline.store import outbox, remote
from frontline.store.observations import get_observation
from frontline.ui.main_window import MainWindow
from tests.helpers.store import read_store
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE

pytestmark = OFFSCREEN_DIALOG_NOISE

STORE, OTHER = "store-dublin", "store-leeds"
INBOX = 2
MANAGER = {"id": "mgr-1", "username": "aoife", "display_name": "Aoife Byrne",
           "role": "manager", "store_id": STORE, "expires_at": "2099-01-01T00:00:00Z"}
TEXTS = [
    ("Only one till open at lunchtime", "pain_point", "in_store", 4),
    ("Card terminal froze twice during the rush", "pain_point", "in_store", 5),
    ("Loved the new bakery counter", "praise", "in_store", None),
    ("Delivery slot missed for the second time", "pain_point", "phone", 3),
    ("Idea: text customers when click and collect is ready", "idea", "email", None),
]


def fill(folder: Path, *, signed_in: bool = True) -> list[Observation]:
    """The local file as a manager's pull leaves it: five of their store, one of another."""
    db = read_store(folder).connection()
    made = []
    wires = []
    for n, (summary, kind, channel, severity) in enumerate(TEXTS):
        obs = Observation.new(summary=summary, kind=kind, channel=channel, severity=severity,
                              store_id=STORE, observed_at=f"2026-11-2{n}T10:00:00.000Z")
        made.append(obs)
        wires.append({**obs.to_dict(), "rev": 1})
    other = Observation.new(summary="Lunchtime queue in Leeds", kind="pain_point",
                            store_id=OTHER)
    wires.append({**other.to_dict(), "rev": 1})
    remote.apply_pull_page(db, {"observations": wires, "cursor": "v9", "removed": []},
                           user_id=MANAGER["id"])
    if signed_in:
        outbox.set_state(db, "signed_in", json.dumps({MANAGER["id"]: MANAGER}))
    return made


def open_inbox(qtbot: Any, make_window: Any, data_dir: Path, **kwargs: Any) -> tuple[Any, Any]:
    made = fill(data_dir, **kwargs)
    window: MainWindow = make_window()
    window.show_page(INBOX)
    page = window.inbox
    qtbot.waitUntil(lambda: page.model.total() == len(made))
    qtbot.waitUntil(lambda: page.current() is not None)
    page.table.setFocus()
    return page, made


def key(qtbot: Any, page: Any, text: str) -> None:
    qtbot.keyClick(page.table, text)


def stored(folder: Path, obs_id: str) -> Any:
    return get_observation(read_store(folder).connection(), obs_id)


def test_the_inbox_lists_the_managers_store_newest_first_and_counts_whats_new(
        qtbot, make_window, data_dir):
    page, made = open_inbox(qtbot, make_window, data_dir)
    assert page.model.data(page.model.index(0, 2)) == made[-1].summary
    summaries = {page.model.listed(r).observation.summary for r in range(page.model.rowCount())
                 if page.model.listed(r) is not None}
    assert "Lunchtime queue in Leeds" not in summaries
    qtbot.waitUntil(lambda: page.new_label.isVisible())
    assert page.new_label.text().startswith("5 new")


def test_j_and_k_move_and_a_acknowledges_the_selected_observation(qtbot, make_window,
                                                                   data_dir):
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "j")
    key(qtbot, page, "j")
    key(qtbot, page, "k")
    assert page.table.currentIndex().row() == 1
    qtbot.waitUntil(lambda: page.current() is not None
                    and page.current().observation.id == made[-2].id)
    with qtbot.waitSignal(page.reviewed):
        key(qtbot, page, "a")
    listed = stored(data_dir, made[-2].id)
    assert listed.observation.status == "acknowledged"
    assert listed.sync_state == "queued"
    [entry] = outbox.pending(read_store(data_dir).connection())
    assert entry.payload == {"observation_id": made[-2].id, "base_rev": 1,
                             "changes": {"status": "acknowledged"}}
    assert page.model.data(page.model.index(1, 4)) == "Acknowledged"
    assert "not sent yet" in page.model.data(page.model.index(1, 4),
                                             Qt.ItemDataRole.ToolTipRole)


def test_w_asks_for_a_reason_and_refuses_an_empty_one(qtbot, make_window, data_dir):
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "w")
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible(), "an empty reason is refused"
    assert "reason is required" in dialog.error.text()
    assert stored(data_dir, made[-1].id).observation.status == "new"
    qtbot.keyClicks(dialog.editor, "Click and collect texts are a head-office decision.")
    with qtbot.waitSignal(page.reviewed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    obs = stored(data_dir, made[-1].id).observation
    assert (obs.status, obs.wont_act_reason) == (
        "wont_act", "Click and collect texts are a head-office decision.")


def test_r_focuses_the_response_and_send_writes_it(qtbot, make_window, data_dir):
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "r")
    assert page.response.hasFocus()
    qtbot.keyClicks(page.response, "Thanks: we text customers from next week.")
    with qtbot.waitSignal(page.reviewed):
        qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    obs = stored(data_dir, made[-1].id).observation
    assert obs.response == "Thanks: we text customers from next week."
    assert obs.responded_at is not None


def test_an_answer_being_typed_survives_the_pane_loading_again(qtbot, make_window, data_dir):
    """Each change reloads the pane in the background; a manager who typed meanwhile keeps
    their words (seen when the answer was typed right after assigning a department)."""
    page, made = open_inbox(qtbot, make_window, data_dir)
    with qtbot.waitSignal(page.reviewed, timeout=10_000):
        key(qtbot, page, "a")
    key(qtbot, page, "r")
    qtbot.keyClicks(page.response, "A second till opens at noon.")
    page._show_detail(page.current(), {})  # what a late reload of the pane does
    assert page.response.toPlainText() == "A second till opens at noon."
    key(qtbot, page, "j")  # another observation: its own (empty) answer
    qtbot.waitUntil(lambda: page.current().observation.id == made[-2].id
                    and page.response.toPlainText() == "", timeout=10_000)


def test_a_change_the_workflow_forbids_shows_why_and_changes_nothing(qtbot, make_window,
                                                                      data_dir):
    page, made = open_inbox(qtbot, make_window, data_dir)
    with qtbot.waitSignal(page.reviewed):
        key(qtbot, page, "c")  # closed
    qtbot.waitUntil(lambda: page.current().observation.status == "closed")
    key(qtbot, page, "a")
    qtbot.waitUntil(lambda: "cannot be marked acknowledged" in page.message.text())
    assert stored(data_dir, made[-1].id).observation.status == "closed"


def test_filters_and_search_narrow_the_list(qtbot, make_window, data_dir):
    page, _made = open_inbox(qtbot, make_window, data_dir)
    model = page.model
    with qtbot.waitSignal(model.query_finished) as done:
        page.kind_filter.setCurrentIndex(page.kind_filter.findData("praise"))
    assert done.args == [1]
    with qtbot.waitSignal(model.query_finished) as done:
        page.kind_filter.setCurrentIndex(0)
    assert done.args == [5]
    with qtbot.waitSignal(model.query_finished) as done:
        page.severity_filter.setCurrentIndex(page.severity_filter.findData("45"))
    assert done.args == [2]
    with qtbot.waitSignal(model.query_finished) as done:
        qtbot.keyClicks(page.search, "terminal")
    assert done.args == [1]
    qtbot.waitUntil(lambda: model.listed(0) is not None)
    assert "terminal" in model.data(model.index(0, 2))
    with qtbot.waitSignal(model.query_finished) as done:
        page.severity_filter.setCurrentIndex(0)
        page.search.clear()
        page.channel_filter.setCurrentIndex(page.channel_filter.findData("phone"))
    assert done.args == [1]


def test_m_marks_a_duplicate_of_an_original_found_by_search(qtbot, make_window, data_dir):
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "m")
    dialog = page.dialog
    qtbot.keyClicks(dialog.search, "till")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    with qtbot.waitSignal(page.reviewed):
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    obs = stored(data_dir, made[-1].id).observation
    assert (obs.status, obs.duplicate_of) == ("duplicate", made[0].id)


def test_a_review_that_lost_on_the_server_says_so_in_the_pane(qtbot, make_window, data_dir):
    made = fill(data_dir)
    db = read_store(data_dir).connection()
    outbox.set_state(db, f"review_conflict:{made[-1].id}", json.dumps(
        {"reason": "Someone else changed the response of this observation since you looked."}))
    window = make_window()
    window.show_page(INBOX)
    page = window.inbox
    qtbot.waitUntil(lambda: "Another manager changed this first" in page.detail.toPlainText())
    assert "Someone else changed the response" in page.detail.toPlainText()


def test_without_a_signed_in_manager_the_inbox_is_empty_and_says_why(qtbot, make_window,
                                                                      data_dir):
    fill(data_dir, signed_in=False)
    window = make_window()
    window.show_page(INBOX)
    page = window.inbox
    qtbot.waitUntil(lambda: "Sign in as a manager" in page.count_label.text())
    assert page.model.total() == 0


def test_the_store_board_shows_what_was_done_without_naming_anyone(qtbot, make_window,
                                                                    data_dir):
    made = fill(data_dir)
    db = read_store(data_dir).connection()
    wire = {**made[0].to_dict(), "rev": 2, "status": "action_taken", "author_id": "emp-secret",
            "response": "A second till now opens from 12:00 to 14:00."}
    remote.apply_pull_page(db, {"observations": [wire], "cursor": "v10", "removed": []})
    window = make_window()
    window.show_page(5)
    board = window.board
    qtbot.waitUntil(lambda: len(board.items) == 1)
    text = board.view.toPlainText()
    assert "Only one till open at lunchtime" in text
    assert "A second till now opens from 12:00 to 14:00." in text
    assert "emp-secret" not in text


def test_e_escalates_with_a_note_and_a_leader_sees_escalations_first(qtbot, make_window,
                                                                      data_dir):
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "j")  # the second newest
    qtbot.waitUntil(lambda: page.current().observation.id == made[-2].id)
    key(qtbot, page, "e")
    dialog = page.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "note is required" in dialog.error.text()
    qtbot.keyClicks(dialog.editor, "Happens in every store of the region")
    with qtbot.waitSignal(page.reviewed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Happens in every store" in page.detail.toPlainText())
    [entry] = outbox.pending(read_store(data_dir).connection())
    assert entry.payload["changes"] == {"escalated": True,
                                        "escalation_note": "Happens in every store of the region"}

    with qtbot.waitSignal(page.model.query_finished):
        page.set_reviewer({**MANAGER, "role": "leader", "store_id": None, "region_id": None},
                          {})
    qtbot.waitUntil(lambda: page.model.listed(0) is not None)
    assert page.model.listed(0).observation.id == made[-2].id  # escalated: on top


def test_u_undoes_a_duplicate(qtbot, make_window, data_dir):
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "m")
    dialog = page.dialog
    qtbot.keyClicks(dialog.search, "till")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    with qtbot.waitSignal(page.reviewed):
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.current().observation.status == "duplicate")
    page.table.setFocus()
    with qtbot.waitSignal(page.reviewed):
        key(qtbot, page, "u")
    obs = stored(data_dir, made[-1].id).observation
    assert (obs.status, obs.duplicate_of) == ("new", None)


def test_the_list_marks_escalations_and_how_many_people_raised_it(qtbot, make_window,
                                                                   data_dir):
    made = fill(data_dir)
    db = read_store(data_dir).connection()
    # the server merged two more people's observations into the newest one, elsewhere
    remote.apply_pull_page(db, {"observations": [
        {**made[-1].to_dict(), "rev": 1, "raised_by": 3, "escalated": True,
         "escalation_note": "Every store asks for this"}], "cursor": "v10", "removed": []},
        user_id=MANAGER["id"])
    window = make_window()
    window.show_page(INBOX)
    page = window.inbox
    qtbot.waitUntil(lambda: page.model.total() == len(made))
    qtbot.waitUntil(lambda: (page.model.data(page.model.index(0, 2)) or "").startswith("⚑"))
    assert page.model.data(page.model.index(0, 2)) == f"⚑ {made[-1].summary}  · 3 people"
    assert "Escalated to leadership. Raised by 3 people" in page.model.data(
        page.model.index(0, 2), Qt.ItemDataRole.AccessibleTextRole)
    assert page.model.data(page.model.index(1, 2)) == made[-2].summary  # unmarked
    qtbot.waitUntil(lambda: "Raised by 3 people" in page.detail.toPlainText())
    assert "Each author gets your answer" in page.detail.toPlainText()


def test_a_duplicate_of_another_stores_observation_says_so_without_showing_it(
        qtbot, make_window, data_dir):
    made = fill(data_dir)
    db = read_store(data_dir).connection()
    remote.apply_pull_page(db, {"observations": [
        {**made[-1].to_dict(), "rev": 2, "status": "duplicate", "raised_by": 2,
         "duplicate_of": "01a20a44-0000-7000-8000-000000000000"}], "cursor": "v10",
        "removed": []}, user_id=MANAGER["id"])
    window = make_window()
    window.show_page(INBOX)
    page = window.inbox
    qtbot.waitUntil(lambda: "another store" in page.detail.toPlainText())
    assert "01a20a44" not in page.detail.toPlainText()  # no bare id for a person to puzzle over
    assert "Raised by 2 people" in page.detail.toPlainText()
