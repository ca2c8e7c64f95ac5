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
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

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
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontline.ui.ops import QueryOp
from frontline.ui.qtcompat import emit

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

    def __init__(self, source: RowSource[Q, R], columns: Columns[R],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._owner = parent
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
            QueryOp(self._owner, lambda db: packed(source.all_rowids(db, query))).success(
                lambda every: self._on_all_rowids(generation, every)).run_in_background()

        QueryOp(self._owner, first_op).success(shown).run_in_background()

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
        QueryOp(self._owner, lambda db: source.fetch(db, rowids)).success(
            lambda rows: self._on_block(generation, block, rows)).run_in_background()

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

    def __init__(self, layout: PageLayout, source: RowSource[Q, R], columns: Columns[R],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ready = False
        self._current: R | None = None
        self.model: LazyListModel[Q, R] = LazyListModel(source, columns, self)
        self._build(layout)
        self.show_row(None)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_query)
        self.model.query_finished.connect(self._on_query_finished)
        self.model.rows_fetched.connect(self._on_rows_fetched)
        self.model.modelReset.connect(self._on_model_reset)

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
        page.addLayout(self.header)

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


def translate(context: str, text: str) -> str:
    """`tr` outside a QObject (the columns of a list)."""
    return QCoreApplication.translate(context, text)
