"""My observations: a lazy list over many rows, searched and filtered in SQL."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from frontline.core.model import Observation
from frontline.store.db import write_transaction
from frontline.store.observations import save_observation
from frontline.ui.lazy_list import BLOCK_SIZE, PAGE_SIZE
from frontline.ui.main_window import MY_OBSERVATIONS
from tests.helpers.store import read_store
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE

pytestmark = OFFSCREEN_DIALOG_NOISE

ROWS = 5000


def _fill(folder, count: int = ROWS) -> None:
    db = read_store(folder).connection()
    kinds = ("pain_point", "praise", "idea")
    with write_transaction(db):
        for i in range(count):
            topic = "loyalty card refused" if i % 10 == 0 else "queue at the tills"
            save_observation(db, Observation.new(
                kind=kinds[i % 3], summary=f"{topic} #{i}", details="seen on the shop floor"))


def test_the_list_loads_one_page_of_5000_rows_and_fetches_more_on_scroll(qtbot, make_window,
                                                                        data_dir):
    _fill(data_dir)
    window = make_window()
    window.show_page(MY_OBSERVATIONS)
    page = window.observations
    model = page.model
    qtbot.waitUntil(lambda: model.total() == ROWS)
    assert model.rowCount() == PAGE_SIZE
    qtbot.waitUntil(lambda: model.listed(0) is not None)
    assert model.cached_count() <= 2 * BLOCK_SIZE, "only the visible rows are read"
    assert model.data(model.index(0, 2)).endswith(f"#{ROWS - 1}"), "newest first"

    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE)
    assert model.cached_count() < ROWS
    assert "5,000 observations" in page.count_label.text()


def test_search_and_filters_run_in_the_background_and_narrow_the_list(qtbot, make_window,
                                                                      data_dir):
    _fill(data_dir, 300)
    window = make_window()
    window.show_page(MY_OBSERVATIONS)
    page = window.observations
    model = page.model
    qtbot.waitUntil(lambda: model.total() == 300)
    with qtbot.waitSignal(model.query_finished) as done:
        qtbot.keyClicks(page.search, "loyalty")
    assert done.args == [30]
    qtbot.waitUntil(lambda: model.listed(0) is not None)
    assert "loyalty" in model.data(model.index(0, 2))

    with qtbot.waitSignal(model.query_finished) as done:
        page.kind_filter.setCurrentIndex(page.kind_filter.findData("praise"))
    assert done.args == [10]

    with qtbot.waitSignal(model.query_finished) as done:
        page.search.clear()
    assert done.args == [100]
    with qtbot.waitSignal(model.query_finished) as done:
        page.state_filter.setCurrentIndex(3)  # "Not accepted": nothing quarantined here
    assert done.args == [0]
    assert "Nothing matches" in page.count_label.text()


def test_sorting_by_a_column_runs_in_sql(qtbot, make_window, data_dir):
    _fill(data_dir, 120)
    window = make_window()
    window.show_page(MY_OBSERVATIONS)
    model = window.observations.model
    qtbot.waitUntil(lambda: model.total() == 120)
    with qtbot.waitSignal(model.query_finished):
        window.observations.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert model.query().order_by == "summary" and not model.query().descending
    qtbot.waitUntil(lambda: model.listed(0) is not None)
    assert model.data(model.index(0, 2)) == "loyalty card refused #0"


def test_detail_pane_shows_the_whole_observation_escaped(qtbot, make_window, data_dir):
    db = read_store(data_dir).connection()
    save_observation(db, Observation.new(
        kind="praise", summary="<b>Great</b> help with returns",
        customer_words="She sorted it in two minutes 👍", details="مرحبا — right-to-left too"))
    window = make_window()
    window.show_page(MY_OBSERVATIONS)
    page = window.observations
    qtbot.waitUntil(lambda: page.current() is not None)
    text = page.detail.toPlainText()
    assert "<b>Great</b> help with returns" in text
    assert "She sorted it in two minutes 👍" in text
    assert "مرحبا" in text
    assert page.edit_button.isEnabled() and page.withdraw_button.isEnabled()


def test_a_reply_from_a_manager_stands_out_until_the_author_opens_it(qtbot, make_window,
                                                                    data_dir):
    import dataclasses

    from frontline.store.observations import ObservationQuery, fetch_rows, query_rowids
    from frontline.store.remote import apply_pull_page

    db = read_store(data_dir).connection()
    older = save_observation(db, Observation.new(kind="idea", summary="Bag hooks at tills",
                                                 observed_at="2026-01-01T09:00:00.000Z"))
    answered = dataclasses.replace(older, status="action_taken",
                                   response="Hooks ordered for every till — thank you!")
    apply_pull_page(db, {"observations": [{**answered.to_dict(), "rev": 3}], "cursor": "9"})
    save_observation(db, Observation.new(kind="praise", summary="Quick refund"))

    window = make_window()
    page = window.observations  # loads behind the capture form
    model = page.model
    qtbot.waitUntil(lambda: model.total() == 2 and model.listed(1) is not None)
    page.table.selectRow(1)
    assert window.backend.flush_writes()  # any write the selection queued has run
    assert fetch_rows(db, query_rowids(db, ObservationQuery(text="hooks")))[0].unread, \
        "not read while the person is on the capture form"
    page.table.selectRow(0)
    window.show_page(MY_OBSERVATIONS)
    assert model.data(model.index(1, 2), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 2), Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(1, 4)) == "Action taken"

    page.table.selectRow(1)
    assert "Hooks ordered for every till" in page.detail.toPlainText()
    qtbot.waitUntil(lambda: not fetch_rows(db, query_rowids(db, ObservationQuery(
        text="hooks")))[0].unread)


def test_an_author_whose_observation_was_merged_reads_the_answer_and_how_many_raised_it(
        qtbot, make_window, data_dir):
    import dataclasses

    from frontline.store.remote import apply_pull_page

    db = read_store(data_dir).connection()
    mine = save_observation(db, Observation.new(kind="pain_point",
                                                summary="Car park machine refuses contactless"))
    merged = dataclasses.replace(mine, status="duplicate", duplicate_of="elsewhere-1",
                                 response="The payment terminal was replaced on Friday.")
    apply_pull_page(db, {"observations": [{**merged.to_dict(), "rev": 3, "raised_by": 4}],
                         "cursor": "9"})
    window = make_window()
    window.show_page(MY_OBSERVATIONS)
    page = window.observations
    qtbot.waitUntil(lambda: page.model.total() == 1 and page.model.listed(0) is not None)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "4 people in all" in page.detail.toPlainText())
    text = page.detail.toPlainText()
    assert "Merged with a similar observation" in text
    assert "The payment terminal was replaced on Friday." in text


def test_a_word_in_most_rows_shows_the_first_screen_then_the_count_without_jumping(
        qtbot, make_window, data_dir):
    from frontline.store.observations import ObservationQuery, query_first_rowids

    _fill(data_dir)  # "queue at the tills" in 9 of 10 rows
    first = query_first_rowids(read_store(data_dir).connection(),
                               ObservationQuery(text="queue"), 100)
    assert not first.complete  # the two-step path is the one under test
    window = make_window()
    window.show_page(MY_OBSERVATIONS)
    page = window.observations
    model = page.model
    qtbot.waitUntil(lambda: model.total() == ROWS)
    resets = []
    model.modelReset.connect(lambda: resets.append(model.total()))
    with qtbot.waitSignal(model.query_finished) as done:
        qtbot.keyClicks(page.search, "queue")
    assert done.args == [4500]
    assert len(resets) == 1 and resets[0] < 4500  # the first screen, then no second reset
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.listed(0) is not None)
    assert "queue" in model.data(model.index(0, 2))
    assert page.count_label.text().startswith("4,500")
