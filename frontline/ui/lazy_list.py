"""One lazy list of observations for every page that lists them (My observations, the team
inbox; later Insights' drill-down lists), as Electrum's `MyTreeView` and Anki's browser.

A page gives a row source (a query → rowids, rowids → rows, both run on a reader thread),
its columns and its filters; `LazyListModel` and `ListPage` do the rest. Following Anki's
browser (CONVENTIONS example 7): the search, filters and sort run in SQL and return
rowids; the model exposes them a page at a time (`canFetchMore` / `fetchMore`) and fetches
the rows it shows in blocks, keeping them in a bounded cache. Nothing loads all rows, and
nothing reads the database on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMenu,
    QProgressDialog,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from frontline.ui.ops import QueryOp, show_error
from frontline.ui.qtcompat import call_on_main, emit, prepare_main_relay

if TYPE_CHECKING:
    from sqlite_utils import Database

    from frontline.store.search import FirstRows

log = logging.getLogger(__name__)

PAGE_SIZE = 100  # rows added to the view per fetchMore
BLOCK_SIZE = 50  # rows read from the store per fetch
CACHE_LIMIT = 2000  # rows kept in memory; the rest are fetched again when shown
SEARCH_DELAY_MS = 250

ModelIndex = QModelIndex | QPersistentModelIndex


class SortableQuery(Protocol):
    """A list's query: a frozen dataclass with a sort order (`ObservationQuery`,
    `InboxQuery`)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def order_by(self) -> str: ...

    @property
    def descending(self) -> bool: ...


Q = TypeVar("Q", bound=SortableQuery)
Q_contra = TypeVar("Q_contra", bound=SortableQuery, contravariant=True)
R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)
T = TypeVar("T")

#: how a model runs its source's calls off the GUI thread: (owner, work(db), success,
#: failure). The default is a `QueryOp` on the store's readers; a source fed by a server
#: query runs on threads of its own (`frontline.ui.drilldown.network_runner`), so a slow
#: network never holds up the store's readers.
Runner = Callable[[QObject | None, Callable[[Any], Any], Callable[[Any], None],
                   Callable[[BaseException], None]], None]



class RowSource(Protocol[Q_contra, R]):
    """Where a list's rows come from. Every method runs on a reader thread with that
    thread's connection; a source fed by a server query may keep its rows elsewhere and
    ignore `db`."""

    def first_rowids(self, db: Database, query: Q_contra, limit: int) -> FirstRows:
        """The first `limit` rowids, quickly; `complete` says whether that is all."""

    def all_rowids(self, db: Database, query: Q_contra) -> Sequence[int]:
        """Every rowid of the list, in its order."""

    def fetch(self, db: Database, rowids: Sequence[int]) -> list[R]:
        """The rows of `rowids`, in that order (missing ones left out)."""

    def rowid(self, row: R) -> int:
        """The rowid a row was fetched by."""


class Columns(Protocol[R_contra]):
    """What a list shows of a row: headers, the sort key of each column, and the value of
    a cell for a role (`row` is None while it loads)."""

    @property
    def headers(self) -> Sequence[str]: ...

    @property
    def sort_keys(self) -> Sequence[str]: ...

    def data(self, row: R_contra | None, column: int, role: int) -> object:
        """The cell's value for `role` (Qt.ItemDataRole), or None."""


def packed(rowids: Sequence[int]) -> array[int]:
    """Rowids as a packed array (8 bytes each instead of ~36 for a list of Python ints:
    about 5.6 MB less per 200k-row list a model holds). Called in the worker thread."""
    return rowids if isinstance(rowids, array) else array("q", rowids)


class LazyListModel(QAbstractTableModel, Generic[Q, R]):
    """A lazily filled table of the rows of one query of a row source."""

    #: emitted when a search finished and the rows are known (count of matches)
    query_finished = Signal(int)
    #: emitted when a block of rows arrived from the store
    rows_fetched = Signal()
    #: emitted when the source failed (a server that cannot be reached): the rows already
    #: fetched stay, and the rows asked for are asked again when shown again
    fetch_failed = Signal(object)

    def __init__(self, source: RowSource[Q, R], columns: Columns[R],
                 parent: QObject | None = None, *, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self._owner = parent
        self._runner = runner
        self.source = source
        self.columns = columns
        self._rowids: Sequence[int] = array("q")
        self._loaded = 0  # rows exposed to the view so far
        self._cache: dict[int, R] = {}  # rowid → row
        self._in_flight: set[int] = set()  # block numbers being fetched
        self._generation = 0
        self._query: Q | None = None

    # --- querying ----------------------------------------------------------------------

    def set_query(self, query: Q) -> None:
        """Run `query` in the background, in two steps: the first screen of rows (fast even
        for a word in most rows, or right after a sync), then, when those were not all, the
        whole list (its count and the rows further down). `query_finished` says the count
        once the whole list is known."""
        self._query = query
        self._generation += 1
        generation = self._generation
        source = self.source

        def first_op(db: Database) -> tuple[Sequence[int], bool]:
            page = source.first_rowids(db, query, PAGE_SIZE)
            return packed(page.rowids), page.complete

        def shown(result: tuple[Sequence[int], bool]) -> None:
            rowids, complete = result
            if generation != self._generation:
                return
            if complete:
                self._on_rowids(generation, rowids)
                return
            self._on_rowids(generation, rowids, final=False)
            self._run(lambda db: packed(source.all_rowids(db, query)),
                      lambda every: self._on_all_rowids(generation, every))

        self._run(first_op, shown)

    def _run(self, work: Callable[[Database], T], success: Callable[[T], None],
             failure: Callable[[BaseException], None] | None = None) -> None:
        """Run `work` off the GUI thread: on the store's readers, or on the model's runner
        (whose failures go to `fetch_failed`, for the page to say)."""
        if self._runner is None:
            op = QueryOp(self._owner, work).success(success)
            if failure is not None:
                op.failure(failure)
            op.run_in_background()
            return

        def failed(error: BaseException) -> None:
            if failure is not None:
                failure(error)
            emit(self.fetch_failed, error)

        self._runner(self._owner, work, success, failed)

    def _on_all_rowids(self, generation: int, rowids: Sequence[int]) -> None:
        """The whole list arrived after its first screen: keep what is shown when it still
        starts the list (no reset: the selection and scroll stay), else start over."""
        if generation != self._generation:
            return
        shown = self._rowids[:self._loaded]
        if list(rowids[:len(shown)]) != list(shown):
            self._on_rowids(generation, rowids)  # the file changed in between
            return
        self._rowids = rowids
        more = min(PAGE_SIZE, len(rowids)) - self._loaded
        if more > 0:
            self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
            self._loaded += more
            self.endInsertRows()
        log.debug("query matched %d rows", len(rowids))
        emit(self.query_finished, len(rowids))

    def query(self) -> Q | None:
        return self._query

    def refresh(self) -> None:
        """Run the current query again (after a save, an edit, a review, a sync)."""
        if self._query is not None:
            self.set_query(self._query)

    def _on_rowids(self, generation: int, rowids: Sequence[int], *, final: bool = True
                   ) -> None:
        if generation != self._generation:
            return  # a newer search has started; this result is stale
        self.beginResetModel()
        self._rowids = rowids
        self._loaded = min(PAGE_SIZE, len(rowids))
        self._cache.clear()
        self._in_flight.clear()
        self.endResetModel()
        if final:
            log.debug("query matched %d rows", len(rowids))
            emit(self.query_finished, len(rowids))

    def total(self) -> int:
        """How many rows match (not all of them are loaded)."""
        return len(self._rowids)

    def cached_count(self) -> int:
        return len(self._cache)

    # --- lazy rows ---------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns.headers)

    def canFetchMore(self, parent: ModelIndex) -> bool:  # noqa: N802
        return not parent.isValid() and self._loaded < len(self._rowids)

    def fetchMore(self, parent: ModelIndex) -> None:  # noqa: N802
        if parent.isValid():
            return
        remainder = len(self._rowids) - self._loaded
        count = min(PAGE_SIZE, remainder)
        if count <= 0:
            return
        # PySide6's fetchmore example inserts one row too many: the last row is start+count-1.
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + count - 1)
        self._loaded += count
        self.endInsertRows()

    def listed(self, row: int) -> R | None:
        """The row if it has been fetched; else starts fetching it."""
        if not 0 <= row < self._loaded:
            return None
        found = self._cache.get(self._rowids[row])
        if found is None:
            self._fetch_block(row // BLOCK_SIZE)
        return found

    def _fetch_block(self, block: int) -> None:
        if block in self._in_flight:
            return
        self._in_flight.add(block)
        start = block * BLOCK_SIZE
        rowids = self._rowids[start:start + BLOCK_SIZE]
        generation = self._generation
        source = self.source
        self._run(lambda db: source.fetch(db, rowids),
                  lambda rows: self._on_block(generation, block, rows),
                  lambda _error: self._in_flight.discard(block))

    def _on_block(self, generation: int, block: int, rows: list[R]) -> None:
        if generation != self._generation:
            return
        self._in_flight.discard(block)
        if len(self._cache) + len(rows) > CACHE_LIMIT:
            self._cache.clear()  # simple and bounded: visible rows come back on demand
        for row in rows:
            self._cache[self.source.rowid(row)] = row
        first = block * BLOCK_SIZE
        last = min(first + BLOCK_SIZE, self._loaded) - 1
        if last >= first:
            emit(self.dataChanged, self.index(first, 0),
                 self.index(last, self.columnCount() - 1))
        emit(self.rows_fetched)

    def update_row(self, row: R) -> None:
        """Replace one cached row (after an edit, a withdrawal, a review) without a query."""
        rowid = self.source.rowid(row)
        if rowid not in self._cache:
            return  # not fetched: it is read again when shown
        self._cache[rowid] = row
        number = self._rowids.index(rowid)
        if number < self._loaded:
            emit(self.dataChanged, self.index(number, 0),
                 self.index(number, self.columnCount() - 1))

    # --- display -----------------------------------------------------------------------

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        return self.columns.data(self.listed(index.row()), index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns.headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting runs in SQL: change the query's order and run it again."""
        if self._query is None:
            return
        keys = self.columns.sort_keys
        key = keys[column] if 0 <= column < len(keys) else keys[0]
        descending = order == Qt.SortOrder.DescendingOrder
        if (self._query.order_by, self._query.descending) == (key, descending):
            return
        self.set_query(dataclasses.replace(self._query, order_by=key, descending=descending))


def list_table(model: QAbstractTableModel, name: str) -> QTableView:
    """The table of a lazy list: one row selected at a time, sorted in SQL newest first,
    the summary (column 2) taking the free width."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.setShowGrid(False)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    head = table.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    head.setStretchLastSection(False)
    return table


@dataclasses.dataclass(frozen=True)
class PageLayout:
    """How a list page is laid out (the pages differ by a few pixels)."""

    title: str
    table_name: str
    spacing: int = 10
    sizes: tuple[int, int] = (400, 280)  # the list and the pane below, at first
    min_section: int | None = None  # the narrowest column, when not Qt's default


class ListPage(QWidget, Generic[Q, R]):
    """A page that lists observations: a title and count, the page's filters with a search
    box (debounced; Ctrl+F), the lazy table with its columns fitted to the width, and the
    page's pane for the chosen row below. A page supplies its row source, columns,
    filters (`build_filters`), pane (`build_pane`), query (`build_query`) and what the
    chosen row shows (`show_row`)."""

    #: an export finished: the file written (None: cancelled or failed)
    export_finished = Signal(object)

    def __init__(self, layout: PageLayout, source: RowSource[Q, R], columns: Columns[R],
                 parent: QWidget | None = None, *, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self._ready = False
        self._current: R | None = None
        self._export: ListExport | None = None
        self.model: LazyListModel[Q, R] = LazyListModel(source, columns, self, runner=runner)
        self._build(layout)
        self.show_row(None)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_query)
        self.model.query_finished.connect(self._on_query_finished)
        self.model.rows_fetched.connect(self._on_rows_fetched)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.fetch_failed.connect(self._on_fetch_failed)

    # --- what a page supplies ------------------------------------------------------------

    def build_filters(self, search: QLineEdit) -> QLayout:
        """The filter bar, with `search` in it."""
        raise NotImplementedError

    def build_pane(self) -> QWidget:
        """The pane below the list, for the chosen row."""
        raise NotImplementedError

    def build_query(self) -> Q:
        """The query the filters describe (the sort order is the model's current one)."""
        raise NotImplementedError

    def show_row(self, row: R | None) -> None:
        """The chosen row changed (None: nothing chosen, or it is still loading); sets
        what `current()` returns."""
        raise NotImplementedError

    def column_widths(self, width: int) -> dict[int, int]:
        """The width of each column but the summary's, for a list `width` pixels wide."""
        return {}

    def count_text(self, count: int) -> str | None:
        """What the count label says once the whole list is known (None: leave it)."""
        if count == 0:
            return self.empty_text()
        if count == 1:
            return self.tr("1 observation")
        return self.tr("%1 observations").replace("%1", f"{count:,}")

    def empty_text(self) -> str:
        return self.tr("Nothing matches. Try fewer words.")

    # --- building ------------------------------------------------------------------------

    def _build(self, layout: PageLayout) -> None:
        page = QVBoxLayout(self)
        page.setContentsMargins(24, 18, 24, 12)
        page.setSpacing(layout.spacing)
        self.header = QHBoxLayout()
        title = QLabel(layout.title)
        title.setObjectName("page_title")
        self.header.addWidget(title)
        self.header.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.header.addWidget(self.count_label)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setAccessibleName(self.tr("Export this list"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_action = QAction(self.tr("Export CSV…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.export_action.setToolTip(self.tr("The rows of this list, as filtered, to a CSV "
                                              "file (Ctrl+Shift+E)"))
        self.export_action.triggered.connect(lambda: self.export_csv())
        menu.addAction(self.export_action)
        self.addAction(self.export_action)  # the shortcut works anywhere on the page
        self.export_button.setMenu(menu)
        self.header.addWidget(self.export_button)
        page.addLayout(self.header)
        self.problem = QLabel()
        self.problem.setObjectName("list_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("background: #fff6dd; border: 1px solid #e8d49a; "
                                   "padding: 8px; color: #4a3b10;")
        self.problem.hide()
        page.addWidget(self.problem)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the texts (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_filters_changed)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)
        page.addLayout(self.build_filters(self.search))

        # The list above, the chosen row below: the summary column gets the full width,
        # which matters more than a side pane on a 1280-pixel screen.
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = list_table(self.model, layout.table_name)
        if layout.min_section is not None:
            self.table.horizontalHeader().setMinimumSectionSize(layout.min_section)
        self.table.viewport().installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        splitter.addWidget(self.table)
        splitter.addWidget(self.build_pane())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes(list(layout.sizes))
        page.addWidget(splitter, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table.viewport() and isinstance(event, QResizeEvent):
            head = self.table.horizontalHeader()
            for column, size in self.column_widths(event.size().width()).items():
                head.resizeSection(column, size)
        return False

    # --- querying ------------------------------------------------------------------------

    def start(self) -> None:
        """The store is open: show the list."""
        self._ready = True
        self._run_query()

    def refresh(self) -> None:
        """Run the query again (something it lists changed)."""
        if self._ready:
            self._run_query()

    def current_order(self) -> tuple[str, bool]:
        """The model's sort order (the column header's), newest first at the start."""
        current = self.model.query()
        return (current.order_by, current.descending) if current is not None \
            else ("observed_at", True)

    @Slot()
    def _on_filters_changed(self, *_args: object) -> None:
        if self._ready:
            self._search_timer.start()

    @Slot()
    def _run_query(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.build_query())

    @Slot()
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot(int)
    def _on_query_finished(self, count: int) -> None:
        text = self.count_text(count)
        if text is not None:
            self.count_label.setText(text)

    # --- the chosen row ------------------------------------------------------------------

    @Slot()
    def _on_model_reset(self) -> None:
        self.show_row(None)
        if self.model.rowCount() > 0:
            self.table.selectRow(0)

    @Slot()
    def _on_rows_fetched(self) -> None:
        if self.current() is None:
            index = self.table.currentIndex()
            row = self.model.listed(index.row()) if index.isValid() else None
            if row is not None:
                self.show_row(row)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_row(self.model.listed(current.row()) if current.isValid() else None)

    def current(self) -> R | None:
        """The row the pane shows."""
        return self._current

    # --- problems ------------------------------------------------------------------------

    def problem_text(self, error: BaseException) -> str:
        """What the page says when its source failed (a server out of reach)."""
        shown = self.model.rowCount()
        keep = self.tr(" The %1 rows already shown stay; scroll or press Refresh to try "
                       "again.").replace("%1", f"{shown:,}") if shown else ""
        return (str(error) or self.tr("The list could not be read.")) + keep

    @Slot(object)
    def _on_fetch_failed(self, error: BaseException) -> None:
        log.info("a list's source failed: %s", type(error).__name__)
        self.problem.setText(self.problem_text(error))
        self.problem.show()

    # --- export --------------------------------------------------------------------------

    def export_name(self) -> str:
        """The file name offered when exporting."""
        return "frontline-list.csv"

    def export_record(self, row: R) -> dict[str, Any]:
        """One exported row (every field of its observation, as `frontline export`); runs
        on a worker thread."""
        from frontline.store.observations import to_payload

        return to_payload(row.observation)  # type: ignore[attr-defined]

    def export_work(self, path: Path, progress: Callable[[int, int], None],
                    cancelled: Callable[[], bool]) -> Callable[[Any], int]:
        """The export as a function of the store's connection (run on a reader): every row
        of the current query, in the list's order, fetched in blocks."""
        from frontline.store.list_export import EXPORT_FIELDS, write_csv

        source, query = self.model.source, self.model.query()
        record = self.export_record

        def work(db: Any) -> int:
            if query is None:
                return write_csv(path, EXPORT_FIELDS, [], on_progress=progress)
            rowids = source.all_rowids(db, query)

            def records() -> Iterator[dict[str, Any]]:
                for start in range(0, len(rowids), 500):
                    for row in source.fetch(db, rowids[start:start + 500]):
                        yield record(row)

            return write_csv(path, EXPORT_FIELDS, records(), total=len(rowids),
                             on_progress=progress, should_cancel=cancelled)

        return work

    def run_export(self, work: Callable[[Any], int], success: Callable[[int], None],
                   failure: Callable[[BaseException], None]) -> None:
        """Start `work` off the GUI thread (the store's readers; a page fed by a server may
        use its own threads)."""
        QueryOp(self, work).success(success).failure(failure).run_in_background()

    def export_csv(self, path: Path | None = None) -> None:
        """Ask where (unless `path` is given), then write the list as CSV with a progress
        dialog that can cancel. The file appears complete or not at all."""
        if self._export is not None:
            return
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export the list as CSV"), self.export_name(),
                self.tr("CSV files (*.csv)"))
            if not chosen:
                return
            path = Path(chosen)
        self._export = ListExport(self, Path(path))
        self._export.start()

    def export_done(self, path: Path | None) -> None:
        self._export = None
        emit(self.export_finished, path)


class ListExport(QObject):
    """One export of a list page: a progress dialog (shown after half a second), a cancel
    flag the worker reads, and the outcome said on the page."""

    def __init__(self, page: ListPage[Any, Any], path: Path) -> None:
        super().__init__(page)
        prepare_main_relay()
        self.page = page
        self.path = path
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(page.tr("Exporting the list…"), page.tr("Cancel"),
                                      0, 0, page)
        self.dialog.setObjectName("export_progress")
        self.dialog.setWindowTitle(page.tr("Export CSV"))
        self.dialog.setMinimumDuration(500)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel.set)

    def start(self) -> None:
        def progress(done: int, total: int) -> None:
            call_on_main(lambda: self._on_progress(done, total))

        work = self.page.export_work(self.path, progress, self.cancel.is_set)
        self.page.run_export(work, self._on_done, self._on_failed)

    def _on_progress(self, done: int, total: int) -> None:
        if not shiboken6.isValid(self.dialog) or self.cancel.is_set():
            return
        if total <= 0:  # a stream of unknown length (the server's export): bytes so far
            self.dialog.setMaximum(0)
            self.dialog.setLabelText(self.page.tr("Exporting… %1 kB received")
                                     .replace("%1", f"{done // 1024:,}"))
            return
        self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total))
        self.dialog.setLabelText(self.page.tr("Exporting %1 of %2 rows…")
                                 .replace("%1", f"{done:,}").replace("%2", f"{total:,}"))

    def _finish(self) -> None:
        if shiboken6.isValid(self.dialog):
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()

    def _on_done(self, count: int) -> None:
        self._finish()
        self.page.count_label.setText(self.page.tr("%1 rows exported to %2")
                                      .replace("%1", f"{count:,}")
                                      .replace("%2", self.path.name))
        log.info("exported %d rows of a list", count)
        self.page.export_done(self.path)
        self.deleteLater()

    def _on_failed(self, error: BaseException) -> None:
        from frontline.store.list_export import ExportCancelled

        self._finish()
        if isinstance(error, ExportCancelled) or self.cancel.is_set():
            self.page.count_label.setText(self.page.tr("Export cancelled; no file was "
                                                       "written."))
        else:
            show_error(self.page, error)
        self.page.export_done(None)
        self.deleteLater()


def translate(context: str, text: str) -> str:
    """`tr` outside a QObject (the columns of a list)."""
    return QCoreApplication.translate(context, text)
