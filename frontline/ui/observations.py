"""My observations: what this PC's employee recorded, and what happened to each.

The list follows Anki's browser (CONVENTIONS example 7): the search, filters and sort
run in SQL (`query_rowids`, in a QueryOp) and return rowids; the model exposes them a
page at a time (`canFetchMore` / `fetchMore`) and fetches the rows it shows in blocks
(`fetch_rows`, also in a QueryOp), keeping them in a bounded cache. Nothing loads all
rows, and nothing reads the database on the GUI thread.
"""

from __future__ import annotations

import html
import logging
from array import array
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontline.core import taxonomy
from frontline.core.ids import parse_time
from frontline.core.model import Observation
from frontline.ui.ops import QueryOp, StoreOp
from frontline.ui.qtcompat import emit
from frontline.ui.resources import icon
from frontline.ui.text import kind_label, label_for, status_label, sync_label, taxonomy_label

log = logging.getLogger(__name__)

PAGE_SIZE = 100  # rows added to the view per fetchMore
BLOCK_SIZE = 50  # rows read from the store per fetch_rows
CACHE_LIMIT = 2000  # rows kept in memory; the rest are fetched again when shown
SEARCH_DELAY_MS = 250

ModelIndex = QModelIndex | QPersistentModelIndex


def packed(rowids: Sequence[int]) -> array[int]:
    """Rowids as a packed array (8 bytes each instead of ~36 for a list of Python ints:
    about 5.6 MB less per 200k-row list a model holds). Called in the worker thread."""
    return rowids if isinstance(rowids, array) else array("q", rowids)


def local_time(stamp: str) -> str:
    """A stored UTC time shown in local time, short."""
    try:
        moment = parse_time(stamp).astimezone()
    except (TypeError, ValueError):
        return stamp
    today = datetime.now().astimezone().date()
    if moment.date() == today:
        return moment.strftime("%H:%M")
    if moment.year == today.year:
        return moment.strftime("%d %b %H:%M")
    return moment.strftime("%d %b %Y")


class ObservationsModel(QAbstractTableModel):
    """A lazily filled table of observations for one `ObservationQuery`."""

    COLUMNS = ("observed_at", "kind", "summary", "category", "status")
    #: column → the store's sort key
    SORT_KEYS = {0: "observed_at", 1: "kind", 2: "summary", 3: "category", 4: "sync_state"}

    #: emitted when a search finished and the rows are known (count of matches)
    query_finished = Signal(int)
    #: emitted when a block of rows arrived from the store
    rows_fetched = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._owner = parent
        self._rowids: Sequence[int] = array("q")
        self._loaded = 0  # rows exposed to the view so far
        self._cache: dict[int, Any] = {}  # rowid → ListedObservation
        self._in_flight: set[int] = set()  # block numbers being fetched
        self._generation = 0
        self._query: Any = None
        self.headers = (self.tr("When"), self.tr("Kind"), self.tr("Summary"),
                        self.tr("Category"), self.tr("Status"))

    # --- querying ----------------------------------------------------------------------

    def set_query(self, query: Any) -> None:
        """Run `query` in the background, in two steps: the first screen of rows (fast even
        for a word in most rows, or right after a sync), then, when those were not all, the
        whole list (its count and the rows further down). `query_finished` says the count
        once the whole list is known."""
        self._query = query
        self._generation += 1
        generation = self._generation
        first, whole = self._first_rows_op(query), self._all_rows_op(query)

        def first_op(db: Any) -> tuple[Sequence[int], bool]:
            page = first(db)
            return packed(page.rowids), page.complete

        def shown(result: tuple[Sequence[int], bool]) -> None:
            rowids, complete = result
            if generation != self._generation:
                return
            if complete:
                self._on_rowids(generation, rowids)
                return
            self._on_rowids(generation, rowids, final=False)
            QueryOp(self._owner, lambda db: packed(whole(db))).success(
                lambda every: self._on_all_rowids(generation, every)).run_in_background()

        QueryOp(self._owner, first_op).success(shown).run_in_background()

    def _first_rows_op(self, query: Any) -> Any:
        """`db -> FirstRows`: the first screen of this model's query."""
        from frontline.store.observations import query_first_rowids

        return lambda db: query_first_rowids(db, query, PAGE_SIZE)

    def _all_rows_op(self, query: Any) -> Any:
        """`db -> rowids`: the whole list of this model's query."""
        from frontline.store.observations import query_rowids

        return lambda db: query_rowids(db, query)

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
        log.debug("query matched %d observations", len(rowids))
        emit(self.query_finished, len(rowids))

    def query(self) -> Any:
        return self._query

    def refresh(self) -> None:
        """Run the current query again (after a save, an edit, a withdrawal, a sync)."""
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
            log.debug("query matched %d observations", len(rowids))
            emit(self.query_finished, len(rowids))

    def total(self) -> int:
        """How many observations match (not all of them are loaded)."""
        return len(self._rowids)

    def cached_count(self) -> int:
        return len(self._cache)

    # --- lazy rows ---------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

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

    def listed(self, row: int) -> Any | None:
        """The row's ListedObservation if it has been fetched; else starts fetching it."""
        if not 0 <= row < self._loaded:
            return None
        rowid = self._rowids[row]
        found = self._cache.get(rowid)
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

        def op(db: Any) -> list[Any]:
            from frontline.store.observations import fetch_rows

            return fetch_rows(db, rowids)

        QueryOp(self._owner, op).success(
            lambda rows: self._on_block(generation, block, rows)).run_in_background()

    def _on_block(self, generation: int, block: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return
        self._in_flight.discard(block)
        if len(self._cache) + len(rows) > CACHE_LIMIT:
            self._cache.clear()  # simple and bounded: visible rows come back on demand
        for listed in rows:
            self._cache[listed.rowid] = listed
        first = block * BLOCK_SIZE
        last = min(first + BLOCK_SIZE, self._loaded) - 1
        if last >= first:
            emit(self.dataChanged, self.index(first, 0),
                 self.index(last, len(self.COLUMNS) - 1))
        emit(self.rows_fetched)

    def row_of(self, obs_id: str) -> int:
        """The row showing `obs_id` among the fetched rows, or -1."""
        for row in range(self._loaded):
            listed = self._cache.get(self._rowids[row])
            if listed is not None and listed.observation.id == obs_id:
                return row
        return -1

    def update_listed(self, listed: Any) -> None:
        """Replace one cached row (after an edit or a withdrawal) without a new query."""
        if listed.rowid in self._cache:
            self._cache[listed.rowid] = listed
            row = self._rowids.index(listed.rowid)
            if row < self._loaded:
                emit(self.dataChanged, self.index(row, 0),
                                      self.index(row, len(self.COLUMNS) - 1))

    # --- display -----------------------------------------------------------------------

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        listed = self.listed(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if listed is None:
                return self.tr("Loading…") if index.column() == 2 else ""
            obs: Observation = listed.observation
            column = self.COLUMNS[index.column()]
            if column == "observed_at":
                return local_time(obs.observed_at)
            if column == "kind":
                return kind_label(obs.kind)
            if column == "summary":
                return obs.summary
            if column == "category":
                return label_for(taxonomy.CATEGORIES, obs.category) or self.tr("Not set")
            return status_label(obs.status, listed.sync_state)
        if role == Qt.ItemDataRole.ToolTipRole and listed is not None and index.column() == 2:
            return listed.observation.summary
        if role == Qt.ItemDataRole.DecorationRole and listed is not None and index.column() == 1:
            return icon(listed.observation.kind.replace("_", "-"))
        if role == Qt.ItemDataRole.FontRole and listed is not None and listed.unread:
            font = QFont()
            font.setBold(True)  # news from a manager the author has not opened yet
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and listed is not None:
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return f"{text} ({self.tr('new reply')})" if listed.unread else text
        if role == Qt.ItemDataRole.ForegroundRole and listed is not None:
            if listed.observation.status == "withdrawn":
                return QColor("#7a868d")
            if index.column() == 4 and listed.sync_state == "quarantined":
                return QColor("#b3261e")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting runs in SQL: change the query's order and run it again."""
        if self._query is None:
            return
        import dataclasses

        key = self.SORT_KEYS.get(column, "observed_at")
        descending = order == Qt.SortOrder.DescendingOrder
        if (self._query.order_by, self._query.descending) == (key, descending):
            return
        self.set_query(dataclasses.replace(self._query, order_by=key, descending=descending))


def list_table(model: ObservationsModel, name: str) -> QTableView:
    """The table of a lazy observations list (My observations, the inbox): one row selected
    at a time, sorted in SQL newest first, the summary (column 2) taking the free width."""
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


def detail_html(listed: Any, tr: Any, raised_by: int = 1) -> str:
    """The whole observation as simple HTML (every value escaped): what was said on the
    left, the facts about it on the right. `raised_by`: how many people raised the same
    thing (it and the observations merged with it)."""
    obs: Observation = listed.observation

    def row(label: str, value: str) -> str:
        if not value:
            return ""
        text = html.escape(value).replace("\n", "<br>")
        return f"<p><b>{html.escape(label)}</b><br>{text}</p>"

    severity = str(obs.severity) if obs.severity is not None else ""
    state = status_label(obs.status, listed.sync_state)
    words = [
        f"<h3>{html.escape(obs.summary)}</h3>",
        f"<p style='color:#5a6b75'>{html.escape(kind_label(obs.kind))} · "
        f"{html.escape(local_time(obs.observed_at))} · {html.escape(state)}</p>",
    ]
    if listed.sync_state == "quarantined" and listed.sync_error:
        words.append(row(tr("Why the server did not accept it"), listed.sync_error))
    if obs.status == "duplicate":
        together = tr("Others raised the same thing: %1 people in all. It is handled "
                      "together with theirs, and the answer reaches you too.") \
            if raised_by > 1 else tr("It is handled together with a similar observation, and "
                                     "the answer reaches you too.")
        words.append(row(tr("Merged with a similar observation"),
                         together.replace("%1", str(raised_by))))
    elif raised_by > 1:
        words.append(row(tr("Raised by others too"),
                         tr("%1 people raised the same thing, you among them.")
                         .replace("%1", str(raised_by))))
    words += [
        row(tr("Response from your manager"), obs.response),
        row(tr("What the customer said"), f"“{obs.customer_words}”" if obs.customer_words
            else ""),
        row(tr("Details"), obs.details),
        row(tr("What you did on the spot"), obs.action_taken),
        row(tr("Suggestion"), obs.suggestion),
    ]
    def fact(label: str, value: str) -> str:
        if not value:
            return ""
        return f"<p style='margin:0 0 4px 0'><b>{html.escape(label)}:</b> {html.escape(value)}</p>"

    facts = [
        fact(tr("Channel"), label_for(taxonomy.CHANNELS, obs.channel)),
        fact(tr("Customer"), label_for(taxonomy.CUSTOMER_TYPES, obs.customer_type)),
        fact(tr("Category"), label_for(taxonomy.CATEGORIES, obs.category)),
        fact(tr("Owning department"), label_for(taxonomy.DEPARTMENTS, obs.department)),
        fact(tr("Severity"), severity),
        fact(tr("Customer might leave"), tr("Yes") if obs.switch_risk else ""),
        fact(tr("Submitted anonymously"), tr("Yes") if obs.anonymous else ""),
        fact(tr("Sync"), sync_label(listed.sync_state)),
    ]
    return ("<table width='100%' cellspacing='0' cellpadding='0'><tr>"
            f"<td width='62%' valign='top' style='padding-right:18px'>{''.join(words)}</td>"
            f"<td valign='top'>{''.join(facts)}</td></tr></table>")


class ObservationsPage(QWidget):
    """The list, its search and filters, and the detail pane with Edit and Withdraw."""

    #: the author wants to edit this observation in the capture form
    edit_requested = Signal(object)
    #: an observation was withdrawn (for the status bar's pending count)
    observation_withdrawn = Signal(object)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("observations_page")
        self._settings = settings
        self._current: Any = None
        self._ready = False
        self.model = ObservationsModel(self)
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_query)
        self.model.query_finished.connect(self._on_query_finished)
        self.model.rows_fetched.connect(self._on_rows_fetched)
        self.model.modelReset.connect(self._on_model_reset)

    def _build(self) -> None:
        page = QVBoxLayout(self)
        page.setContentsMargins(24, 18, 24, 12)
        page.setSpacing(10)
        header = QHBoxLayout()
        title = QLabel(self.tr("My observations"))
        title.setObjectName("page_title")
        header.addWidget(title)
        header.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        header.addWidget(self.count_label)
        page.addLayout(header)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the texts (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search my observations"))
        self.search.textChanged.connect(self._on_filters_changed)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)
        search_label = QLabel(self.tr("&Search"))
        search_label.setBuddy(self.search)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 3)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName(self.tr("Show kind"))
        self.kind_filter.addItem(self.tr("All kinds"), "")
        for choice in taxonomy.KINDS:
            self.kind_filter.addItem(taxonomy_label(choice.label), choice.code)
        kind_label_ = QLabel(self.tr("&Kind"))
        kind_label_.setBuddy(self.kind_filter)
        filters.addWidget(kind_label_)
        filters.addWidget(self.kind_filter, 1)
        self.state_filter = QComboBox()
        self.state_filter.setAccessibleName(self.tr("Show status"))
        for text, value in (
            (self.tr("All"), ""),
            (self.tr("Waiting to sync"), "queued"),
            (self.tr("Sent"), "synced"),
            (self.tr("Not accepted"), "quarantined"),
            (self.tr("Withdrawn"), "withdrawn"),
        ):
            self.state_filter.addItem(text, value)
        state_label = QLabel(self.tr("S&tatus"))
        state_label.setBuddy(self.state_filter)
        filters.addWidget(state_label)
        filters.addWidget(self.state_filter, 1)
        for combo in (self.kind_filter, self.state_filter):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        page.addLayout(filters)

        # The list above, the chosen observation below: the summary column gets the
        # full width, which matters more than a side pane on a 1280-pixel screen.
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = list_table(self.model, self.tr("My observations"))
        self.table.horizontalHeader().setMinimumSectionSize(60)
        self.table.viewport().installEventFilter(self)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        splitter.addWidget(self.table)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 8, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("The selected observation"))
        self.detail.setOpenLinks(False)
        side_layout.addWidget(self.detail, 1)
        actions = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.edit_button.setAccessibleName(self.tr("Edit this observation"))
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.withdraw_button = QPushButton(self.tr("&Withdraw…"))
        self.withdraw_button.setAccessibleName(self.tr("Withdraw this observation"))
        self.withdraw_button.clicked.connect(self._on_withdraw_clicked)
        self.edit_hint = QLabel()
        self.edit_hint.setObjectName("hint")
        self.edit_hint.setWordWrap(True)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.withdraw_button)
        actions.addSpacing(8)
        actions.addWidget(self.edit_hint, 1)
        side_layout.addLayout(actions)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([400, 280])
        page.addWidget(splitter, 1)
        self._show_detail(None)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent

        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns(event.size().width())
        return False

    def _fit_columns(self, width: int) -> None:
        """The summary gets what the other columns leave; they shrink on a small screen."""
        metrics = self.table.fontMetrics()
        when = metrics.horizontalAdvance("00 May 2026 ") + 12
        kind = metrics.horizontalAdvance("Pain point") + 44
        status = metrics.horizontalAdvance(self.tr("Waiting to sync")) + 20
        category = max(120, min(240, int(width * 0.22)))
        head = self.table.horizontalHeader()
        for column, size in ((0, when), (1, kind), (3, category), (4, status)):
            head.resizeSection(column, size)

    # --- querying ------------------------------------------------------------------

    def build_query(self) -> Any:
        from frontline.store.observations import ObservationQuery

        state = self.state_filter.currentData() or ""
        statuses = ("withdrawn",) if state == "withdrawn" else ()
        sync_states = (state,) if state in ("queued", "synced", "quarantined") else ()
        kind = self.kind_filter.currentData() or ""
        current = self.model.query()
        order_by = current.order_by if current is not None else "observed_at"
        descending = current.descending if current is not None else True
        return ObservationQuery(text=self.search.text().strip(),
                                kinds=(kind,) if kind else (),
                                statuses=tuple(statuses), sync_states=tuple(sync_states),
                                order_by=order_by, descending=descending)

    def start(self) -> None:
        """The store is open: show the list."""
        self._ready = True
        self._run_query()

    def refresh(self) -> None:
        if self._ready:
            self._run_query()

    @Slot()
    def _on_filters_changed(self, *_args: Any) -> None:
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
        if count == 0 and not self.search.text().strip() and self.kind_filter.currentIndex() == 0 \
                and self.state_filter.currentIndex() == 0:
            self.count_label.setText(self.tr("Nothing recorded yet — press Ctrl+1 to capture "
                                             "your first observation."))
        elif count == 0:
            self.count_label.setText(self.tr("Nothing matches. Try fewer words or “All”."))
        elif count == 1:
            self.count_label.setText(self.tr("1 observation"))
        else:
            self.count_label.setText(self.tr("%1 observations").replace("%1", f"{count:,}"))

    @Slot()
    def _on_model_reset(self) -> None:
        self._current = None
        self._show_detail(None)
        if self.model.rowCount() > 0:
            self.table.selectRow(0)

    @Slot()
    def _on_rows_fetched(self) -> None:
        if self._current is None:
            index = self.table.currentIndex()
            if index.isValid():
                self._show_detail(self.model.listed(index.row()))
                self._mark_read_if_seen()

    # --- the detail pane -------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        listed = self.model.listed(current.row()) if current.isValid() else None
        self._show_detail(listed)
        self._mark_read_if_seen()

    def _mark_read_if_seen(self) -> None:
        """A reply counts as read once its author has it on screen, not when the list
        merely loads behind the capture form."""
        listed = self._current
        if listed is None or not listed.unread or not self.isVisible():
            return
        obs_id = listed.observation.id

        def op(db: Any) -> None:
            from frontline.store.observations import mark_read

            mark_read(db, obs_id)

        StoreOp(self, op).run_in_background()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._mark_read_if_seen()

    def _show_detail(self, listed: Any) -> None:
        self._current = listed
        if listed is None:
            hint = html.escape(self.tr("Choose an observation to see all of it."))
            self.detail.setHtml(f"<p style='color:#5a6b75'>{hint}</p>")
            self.edit_button.setEnabled(False)
            self.withdraw_button.setEnabled(False)
            self.edit_hint.setText("")
            return
        self.detail.setHtml(detail_html(listed, self.tr))
        if listed.observation.status not in ("new", "withdrawn"):
            self._load_raised_by(listed)
        editable = listed.observation.editable_by_author
        self.edit_button.setEnabled(editable)
        self.withdraw_button.setEnabled(editable)
        if listed.observation.status == "withdrawn":
            self.edit_hint.setText(self.tr("You withdrew this observation."))
        elif editable:
            self.edit_hint.setText(self.tr("You can change or withdraw it until a manager "
                                           "starts reviewing it."))
        else:
            self.edit_hint.setText(self.tr("A manager is reviewing it, so it can no longer "
                                           "be changed."))

    def _load_raised_by(self, listed: Any) -> None:
        """Read how many people raised it (merges happen once review has started), then
        show it when this observation is still the one on screen."""
        obs_id = listed.observation.id

        def op(db: Any) -> int:
            from frontline.store.review import raised_by

            return raised_by(db, [obs_id]).get(obs_id, 1)

        def shown(count: int) -> None:
            if count > 1 or listed.observation.status == "duplicate":
                if self._current is not None and self._current.rowid == listed.rowid:
                    self.detail.setHtml(detail_html(self._current, self.tr, count))

        QueryOp(self, op).success(shown).run_in_background()

    def current(self) -> Any:
        return self._current

    @Slot()
    def _on_edit_clicked(self) -> None:
        if self._current is not None:
            emit(self.edit_requested, self._current.observation)

    @Slot()
    def _on_withdraw_clicked(self) -> None:
        listed = self._current
        if listed is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Withdraw this observation?"),
                          self.tr("“%1” will be withdrawn: your manager will see that you "
                                  "took it back. This cannot be undone.")
                          .replace("%1", listed.observation.summary),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirm_box")
        yes = box.addButton(self.tr("Withdraw"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(lambda _r: box.clickedButton() is yes and self._withdraw(listed))
        box.open()

    def _withdraw(self, listed: Any) -> None:
        obs_id = listed.observation.id
        log.info("withdrawing observation %s", obs_id)

        def op(db: Any) -> Any:
            from frontline.store.observations import get_observation, withdraw_observation

            withdraw_observation(db, obs_id)
            return get_observation(db, obs_id)

        def done(updated: Any) -> None:
            if updated is not None:
                self.model.update_listed(updated)
                if self._current is not None and self._current.rowid == updated.rowid:
                    self._show_detail(updated)
            emit(self.observation_withdrawn, updated)

        StoreOp(self, op).success(done).run_in_background()
