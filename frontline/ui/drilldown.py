"""The observations behind a mark of the Insights page: a `ListPage` whose row source is the
server's `GET /v1/observations`, paged by `next`, and the full observation below it.

    page = DrillDownPage(title, params, make_client)   # params: insights_query.drill_params
    window = DrillDownWindow(page, filters_text)       # its own window, titled with both

The server sends the list newest first; the model asks for rows as they are shown, and
the source walks the pages (`next`) as far as needed. Rowids are places in the list. The
requests run on threads of their own (`network_runner`), never on the GUI thread nor the
store's readers. When the server cannot be reached halfway, the page says so and keeps
the rows it has; scrolling or Refresh asks again.
"""

from __future__ import annotations

import html
import logging
import threading
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontline.store.search import FirstRows
from frontline.ui.inbox import InboxColumns, review_html
from frontline.ui.lazy_list import ListPage, PageLayout
from frontline.ui.operations.review import InboxRow
from frontline.ui.qtcompat import call_on_main, prepare_main_relay

log = logging.getLogger(__name__)

#: rows asked of the server per request (its maximum is 500)
SERVER_PAGE = 200


class DrillClient(Protocol):
    """What a drill-down needs of `HttpClient` (a test gives a fake one)."""

    def observations(self, params: dict[str, str]) -> dict[str, Any]: ...

    def export(self, params: dict[str, str], dest_path: Path, *,
               on_progress: Callable[[int], None] | None = None,
               should_cancel: Callable[[], bool] | None = None) -> int: ...

    def close(self) -> None: ...


def network_runner(owner: QObject | None, work: Callable[[Any], Any],
                   success: Callable[[Any], None],
                   failure: Callable[[BaseException], None]) -> None:
    """Run `work(None)` on a thread of its own; its result or error comes back to the GUI
    thread (dropped when `owner` is gone)."""
    prepare_main_relay()

    def alive() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def run() -> None:
        try:
            result = work(None)
        except Exception as error:  # noqa: BLE001 - every failure goes to the page
            failed: BaseException = error
            call_on_main(lambda: failure(failed) if alive() else None)
            return
        call_on_main(lambda: success(result) if alive() else None)

    threading.Thread(target=run, name="frontline-drilldown", daemon=True).start()


@dataclass(frozen=True)
class DrillQuery:
    """A drill-down's request: the parameters of `GET /v1/observations` (sorted pairs).
    The server's order is newest first; `order_by` is there for the list's protocol."""

    params: tuple[tuple[str, str], ...]
    order_by: str = "observed_at"
    descending: bool = True


def wire_row(wire: dict[str, Any], place: int) -> InboxRow:
    """A server observation as a list row (its rowid is its place in the list)."""
    from frontline.store.observations import ListedObservation
    from frontline.store.remote import observation_from_wire

    listed = ListedObservation(observation_from_wire(wire), place, "synced", "", False)
    return InboxRow(listed, int(wire.get("raised_by") or 1), bool(wire.get("escalated")))


class ServerRows:
    """The row source of a drill-down: the pages of `GET /v1/observations`, fetched as far
    as the list is scrolled, kept in memory in the server's order."""

    def __init__(self, make_client: Callable[[], DrillClient]) -> None:
        self.make_client = make_client
        self._lock = threading.Lock()
        self._query: DrillQuery | None = None
        self._rows: list[InboxRow] = []
        self._extras: list[dict[str, Any]] = []
        self._next: str | None = None
        self.total = 0
        self.requests = 0

    def _ask(self, query: DrillQuery, cursor: str | None, limit: int) -> dict[str, Any]:
        params = dict(query.params)
        params["limit"] = str(limit)
        if cursor:
            params["cursor"] = cursor
        client = self.make_client()
        try:
            self.requests += 1
            return client.observations(params)
        finally:
            client.close()

    def _add(self, answer: dict[str, Any]) -> None:
        for wire in answer.get("items") or []:
            self._rows.append(wire_row(wire, len(self._rows)))
            self._extras.append({"raised_by": wire.get("raised_by") or 1,
                                 "escalation": wire.get("escalation_note") or "",
                                 "store_id": wire.get("store_id")})
        self._next = answer.get("next")
        self.total = int(answer.get("total") or len(self._rows))

    def first_rowids(self, db: object, query: DrillQuery, limit: int) -> FirstRows:
        with self._lock:
            answer = self._ask(query, None, max(limit, SERVER_PAGE))
            self._query, self._rows, self._extras, self._next = query, [], [], None
            self._add(answer)
            complete = self._next is None
            return FirstRows(list(range(len(self._rows))), complete)

    def all_rowids(self, db: object, query: DrillQuery) -> Sequence[int]:
        """Every place in the list: the server said how many (`total`); their rows are
        fetched when shown."""
        return array("q", range(self.total))

    def fetch(self, db: object, rowids: Sequence[int]) -> list[InboxRow]:
        if not rowids:
            return []
        with self._lock:
            wanted = max(rowids)
            while wanted >= len(self._rows) and self._next and self._query is not None:
                self._add(self._ask(self._query, self._next, SERVER_PAGE))
            return [self._rows[i] for i in rowids if i < len(self._rows)]

    def rowid(self, row: InboxRow) -> int:
        return row.rowid

    def extra(self, row: InboxRow) -> dict[str, Any]:
        return self._extras[row.rowid] if row.rowid < len(self._extras) else {}


class DrillDownPage(ListPage[DrillQuery, InboxRow]):
    """The observations behind one mark, newest first, and the chosen one in full."""

    def __init__(self, title: str, params: dict[str, str],
                 make_client: Callable[[], DrillClient], *,
                 store_names: dict[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        self.params = dict(params)
        self.title = title
        self.make_client = make_client
        self.store_names = store_names or {}
        self.rows = ServerRows(make_client)
        super().__init__(PageLayout(title, title, spacing=8, sizes=(380, 300),
                                    min_section=60),
                         self.rows, InboxColumns(), parent, runner=network_runner)
        self.setObjectName("drilldown_page")
        self.table.setSortingEnabled(False)  # the server's order: newest first

    def build_filters(self, search: QLineEdit) -> QLayout:
        bar = QHBoxLayout()
        search.hide()  # the server lists every observation behind the figure; no text search
        self.what = QLabel()
        self.what.setObjectName("hint")
        self.what.setWordWrap(True)
        bar.addWidget(self.what, 1)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        bar.addWidget(self.refresh_button)
        return bar

    def build_pane(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 6, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("The selected observation"))
        self.detail.setOpenLinks(False)
        layout.addWidget(self.detail)
        return pane

    def build_query(self) -> DrillQuery:
        return DrillQuery(tuple(sorted(self.params.items())))

    def column_widths(self, width: int) -> dict[int, int]:
        metrics = self.table.fontMetrics()
        return {0: metrics.horizontalAdvance("00 May 2026 ") + 12, 1: 34,
                3: metrics.horizontalAdvance("●●●●●") + 16,
                4: metrics.horizontalAdvance(self.tr("Action taken")) + 24}

    def reload(self) -> None:
        self.problem.hide()
        self.start()

    def show_row(self, row: InboxRow | None) -> None:
        self._current = row
        if row is None:
            self.detail.setHtml("<p style='color:#5a6b75'>" + html.escape(self.tr(
                "Choose an observation to read all of it.")) + "</p>")
            return
        extra = self.rows.extra(row)
        store = self.store_names.get(str(extra.get("store_id") or ""), "")
        where = ("<p style='color:#5a6b75;margin:0'>" + html.escape(store) + "</p>") \
            if store else ""
        self.detail.setHtml(where + review_html(row, extra, self.tr))

    def count_text(self, count: int) -> str | None:
        if count == 0:
            return self.empty_text()
        return super().count_text(count)

    def empty_text(self) -> str:
        return self.tr("No observations match these filters in this period.")

    def problem_text(self, error: BaseException) -> str:
        from frontline.ui.insights import error_message

        shown = self.model.rowCount()
        keep = self.tr(" The %1 observations already listed stay; scroll or press Refresh "
                       "to try again.").replace("%1", f"{shown:,}") if shown else ""
        return error_message(error) + keep

    # --- export: the server's /v1/export, streamed -------------------------------------

    def export_name(self) -> str:
        return "frontline-" + "-".join(v for k, v in sorted(self.params.items())
                                       if k in ("since", "until")) + ".csv"

    def export_work(self, path: Path, progress: Callable[[int, int], None],
                    cancelled: Callable[[], bool]) -> Callable[[Any], int]:
        params = {**self.params, "format": "csv"}
        total = self.model.total()
        make_client = self.make_client

        def work(_db: Any) -> int:
            client = make_client()
            try:
                client.export(params, path, should_cancel=cancelled,
                              on_progress=lambda written: progress(written, 0))
            finally:
                client.close()
            return total

        return work

    def run_export(self, work: Callable[[Any], int], success: Callable[[int], None],
                   failure: Callable[[BaseException], None]) -> None:
        network_runner(self, work, success, failure)


class DrillDownWindow(QWidget):
    """A drill-down in a window of its own, titled with the mark and the Insights filters
    (a screenshot says what it shows)."""

    def __init__(self, page: DrillDownPage, filters_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("drilldown_window")
        self.page = page
        self.setWindowTitle(self.tr("Frontline — %1 · %2").replace("%1", page.title)
                            .replace("%2", filters_text))
        page.what.setText(filters_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)
        self.resize(1000, 700)
