"""The one lazy list serves any row source: here one that holds a server's answer in memory
(as Insights' drill-down lists will), not the local file."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLineEdit, QWidget

from frontline.core.model import Observation
from frontline.store.observations import ListedObservation
from frontline.store.search import FirstRows
from frontline.ui.lazy_list import BLOCK_SIZE, PAGE_SIZE, ListPage, PageLayout
from frontline.ui.main_window import MainWindow
from frontline.ui.observations import ObservationColumns


@dataclass(frozen=True)
class ServerQuery:
    text: str = ""
    order_by: str = "observed_at"
    descending: bool = True


class ServerRows:
    """Rows a server sent, kept in memory; the rowid is the row's place in the answer."""

    def __init__(self, rows: list[ListedObservation]) -> None:
        self.rows = rows
        self.fetched: list[int] = []

    def all_rowids(self, db: object, query: ServerQuery) -> Sequence[int]:
        found = [r for r in self.rows if query.text.lower() in r.observation.summary.lower()]
        found.sort(key=lambda r: getattr(r.observation, query.order_by),
                   reverse=query.descending)
        return [r.rowid for r in found]

    def first_rowids(self, db: object, query: ServerQuery, limit: int) -> FirstRows:
        every = self.all_rowids(db, query)
        return FirstRows(list(every[:limit]), len(every) <= limit)

    def fetch(self, db: object, rowids: Sequence[int]) -> list[ListedObservation]:
        self.fetched.extend(rowids)
        return [self.rows[i] for i in rowids]

    def rowid(self, row: ListedObservation) -> int:
        return row.rowid


class DrillDown(ListPage[ServerQuery, ListedObservation]):
    def build_filters(self, search: QLineEdit) -> QLayout:
        bar = QHBoxLayout()
        bar.addWidget(search)
        return bar

    def build_pane(self) -> QWidget:
        self.pane = QLabel()
        return self.pane

    def build_query(self) -> ServerQuery:
        order_by, descending = self.current_order()
        return ServerQuery(self.search.text().strip(), order_by, descending)

    def show_row(self, row: ListedObservation | None) -> None:
        self._current = row
        self.pane.setText(row.observation.summary if row is not None else "")


def rows(count: int) -> list[ListedObservation]:
    return [ListedObservation(Observation.new(
        kind="pain_point", summary=f"{'Refund' if n % 3 == 0 else 'Queue'} number {n}",
        observed_at=f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:00:00.000Z"), n, "synced", "",
        False) for n in range(count)]


def test_a_page_over_a_server_answer_fetches_lazily_searches_and_sorts(
        qtbot, window: MainWindow) -> None:
    source = ServerRows(rows(1000))
    page = DrillDown(PageLayout("Refunds", "Drill-down"), source, ObservationColumns(), window)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    with qtbot.waitSignal(page.model.query_finished, timeout=10_000):
        page.start()
    assert page.model.total() == 1000 and page.model.rowCount() == PAGE_SIZE
    qtbot.waitUntil(lambda: page.current() is not None, timeout=10_000)
    assert len(source.fetched) < 3 * BLOCK_SIZE  # only what is on screen was fetched
    assert page.count_label.text() == "1,000 observations"
    newest = page.model.listed(0)
    assert newest is not None and page.pane.text() == newest.observation.summary

    with qtbot.waitSignal(page.model.query_finished, timeout=10_000,
                          check_params_cb=lambda count: count == 334):
        qtbot.keyClicks(page.search, "refund")
    with qtbot.waitSignal(page.model.query_finished, timeout=10_000):
        page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # the summary column
    query = page.model.query()
    assert query is not None and (query.order_by, query.descending) == ("summary", False)
    qtbot.waitUntil(lambda: page.model.listed(0) is not None, timeout=10_000)
    first = page.model.listed(0)
    assert first is not None and first.observation.summary == "Refund number 0"
    assert dataclasses.replace(query, text="") == ServerQuery("", "summary", False)
