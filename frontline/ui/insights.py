"""Insights: themes and trends across the stores a reviewer oversees, close-the-loop
figures and what customers said, fetched from the central server (`GET /v1/insights`).

    page = InsightsPage(data_dir)
    page.activate()          # shown: fetch when there is nothing yet or it is stale
    page.refresh()           # the Refresh button
    page.loaded.connect(...)  # the insights document (a dict), after every fetch

Insights are the server's figures (every store, not only this PC's copy), so they need
the network and a reviewer signed in with their password on this PC (a manager sees their
store, a leader their region, an admin everything). The request runs on a thread of its
own, never on the GUI thread nor on the store's reader threads (a slow network must not
hold up the inbox); its answer comes back through `call_on_main`. Offline, signed out, or
not a reviewer: the page says so and what to do. Quotes never carry who recorded them.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QMargins, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontline.core import taxonomy
from frontline.core.vocabulary import Role
from frontline.ui.operations.session import widest_reviewer
from frontline.ui.qtcompat import call_on_main, emit, prepare_main_relay
from frontline.ui.text import label_for

log = logging.getLogger(__name__)

#: (key, label, days): the period selector, ending today (UTC)
PERIODS = (("4w", "Last 4 weeks", 28), ("quarter", "Last quarter (13 weeks)", 91),
           ("year", "Last year", 365))
#: shown figures older than this are fetched again when the page is shown
STALE_SECONDS = 300
UNCATEGORISED = "uncategorised"


def period_range(days: int, today: date | None = None) -> tuple[date, date]:
    """The `days` days ending with `today` (both included)."""
    today = today or datetime.now(UTC).date()
    return today - timedelta(days=days - 1), today


def fetch_insights(data_dir: Path, user_id: str, params: dict[str, str]) -> dict[str, Any]:
    """One `GET /v1/insights` as `user_id` (whose token this PC keeps). Blocking: call it
    off the GUI thread. Raises `SyncError` or `NotEnrolledError`."""
    from frontline.sync import device

    client = device.make_client(data_dir)
    try:
        client.act_as(user_id)
        return client.insights(params)
    finally:
        client.close()


def error_message(error: BaseException) -> str:
    """What went wrong and what to do, for the page."""
    from frontline.sync.device import NotEnrolledError

    if isinstance(error, NotEnrolledError):
        return ("This PC is not connected to a central server yet, and insights come from "
                "there. Enrol it (the button in the status bar), then sign in as a manager, "
                "leader or admin.")
    kind = getattr(error, "kind", "")
    if kind == "network":
        return ("Insights come from the central server, and this PC cannot reach it right "
                "now. Check the network connection, then press Refresh. Recording "
                "observations goes on working offline.")
    if kind in ("unauthorized", "signed_out"):
        return ("Your sign-in on this PC has ended. Sign in again with your password "
                "(Ctrl+Shift+P), then press Refresh.")
    if kind == "forbidden":
        return ("Insights are for managers, leaders and admins. Sign in as one with your "
                "password (Ctrl+Shift+P) to see them.")
    return str(error) or "Insights could not be fetched. Press Refresh to try again."


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def _number(value: int) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.DisplayRole, int(value))  # sorts as a number
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _text(value: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(value)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def category_label(code: str | None) -> str:
    return label_for(taxonomy.CATEGORIES, code) if code else "Not yet categorised"


class _Figure(QFrame):
    """One big number with a caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insight_figure")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 17pt; font-weight: 600; color: #1d2b33;")
        self.caption = QLabel(caption)
        self.caption.setObjectName("hint")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set(self, value: str, tooltip: str = "") -> None:
        self.value.setText(value)
        self.setToolTip(tooltip)


class _Trend(QWidget):
    """A line per kind (and one for "might leave") over the weeks, with QtCharts."""

    @classmethod
    def make(cls) -> _Trend | None:
        try:
            from PySide6 import QtCharts  # noqa: F401 - the Addons package may be absent
        except ImportError:
            return None
        return cls()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCharts import QChart, QChartView
        from PySide6.QtGui import QPainter

        self.chart = QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(self.tr("Weekly trend"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_weeks(self, weeks: list[dict[str, Any]]) -> None:
        from PySide6.QtCharts import QDateTimeAxis, QLineSeries, QValueAxis
        from PySide6.QtCore import QDateTime
        from PySide6.QtGui import QColor, QPen

        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        lines = (("pain_point", self.tr("Pain points"), "#c0502f"),
                 ("praise", self.tr("Praise"), "#2f8a4e"), ("idea", self.tr("Ideas"), "#3a6fb0"),
                 ("switch_risk", self.tr("Might leave"), "#7a3fa0"))
        x_axis = QDateTimeAxis()
        x_axis.setFormat("d MMM")
        x_axis.setTickCount(min(8, max(2, len(weeks))))
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%d")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        top = 0
        for key, name, colour in lines:
            series = QLineSeries()
            series.setName(name)
            pen = QPen(QColor(colour))
            pen.setWidth(2)
            if key == "switch_risk":
                pen.setStyle(Qt.PenStyle.DashLine)
            series.setPen(pen)
            for week in weeks:
                at = QDateTime.fromString(week["week"], "yyyy-MM-dd").toMSecsSinceEpoch()
                series.append(float(at), float(week[key]))
                top = max(top, int(week[key]))
            self.chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        y_axis.setRange(0, max(1, top))
        if top <= 8:  # whole numbers only: one tick per count
            y_axis.setTickCount(max(1, top) + 1)
        else:
            y_axis.applyNiceNumbers()


def _table(headers: list[str], name: str, *, sort_by: int = 1,
           order: Qt.SortOrder = Qt.SortOrder.DescendingOrder) -> QTableWidget:
    """A read-only, sortable table, first sorted by `sort_by` (the count: largest first)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSortIndicator(sort_by, order)
    table.setSortingEnabled(True)
    return table


class InsightsPage(QWidget):
    """Themes, stores, departments, the weekly trend and quotes, for the signed-in reviewer."""

    #: a fetched insights document (dict)
    loaded = Signal(object)
    #: the page shows a message instead of figures (the message)
    failed = Signal(str)
    #: quotes of the selected theme arrived (dict: the document they came with)
    quotes_loaded = Signal(object)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        prepare_main_relay()
        self.setObjectName("insights_page")
        self.data_dir = Path(data_dir)
        self.doc: dict[str, Any] | None = None
        self.reviewer: dict[str, Any] | None = None
        self._fetched_at = 0.0
        self._generation = 0  # answers to an older request are dropped
        self._busy = False
        self._quotes_for: str | None = None  # the theme whose quotes are shown

        page = QVBoxLayout(self)
        page.setContentsMargins(24, 18, 24, 12)
        top = QHBoxLayout()
        title = QLabel(self.tr("Insights"))
        title.setObjectName("page_title")
        top.addWidget(title)
        top.addSpacing(12)
        self.scope_label = QLabel("")
        self.scope_label.setObjectName("hint")
        top.addWidget(self.scope_label, 1)
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Period"))
        for key, label, days in PERIODS:
            self.period.addItem(self.tr(label), (key, days))
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.period)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind"))
        self.kind.addItem(self.tr("All kinds"), None)
        for choice in taxonomy.KINDS:
            self.kind.addItem(label_for(taxonomy.KINDS, choice.code), choice.code)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.kind)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        page.addLayout(top)

        self.message = QLabel("")
        self.message.setObjectName("insights_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("background: #fff6dd; border: 1px solid #e8d49a; "
                                   "padding: 10px; color: #4a3b10;")
        self.message.hide()
        page.addWidget(self.message)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 6, 0, 0)
        figures = QGridLayout()
        figures.setSpacing(8)
        self.figures = {
            "total": _Figure(self.tr("observations")),
            "switch_risk": _Figure(self.tr("customer might leave")),
            "answered": _Figure(self.tr("answered to who raised it")),
            "action_taken": _Figure(self.tr("action taken")),
            "wont_act": _Figure(self.tr("won't act (with a reason)")),
            "open": _Figure(self.tr("still open")),
            "median": _Figure(self.tr("median time to an answer")),
        }
        for column, figure in enumerate(self.figures.values()):
            figures.addWidget(figure, 0, column)
        body.addLayout(figures)

        vertical = QSplitter(Qt.Orientation.Vertical)
        horizontal = QSplitter(Qt.Orientation.Horizontal)
        themes_box = QWidget()
        themes_layout = QVBoxLayout(themes_box)
        themes_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("<b>Themes</b> — select one to read what customers said"))
        themes_layout.addWidget(heading)
        self.themes = _table([self.tr("Theme"), self.tr("Kind"), self.tr("Count"),
                              self.tr("Might leave"), self.tr("Answered")], self.tr("Themes"), sort_by=2)
        self.themes.itemSelectionChanged.connect(self._on_theme_selected)
        themes_layout.addWidget(self.themes)
        horizontal.addWidget(themes_box)
        quotes_box = QWidget()
        quotes_layout = QVBoxLayout(quotes_box)
        quotes_layout.setContentsMargins(0, 0, 0, 0)
        self.quotes_title = QLabel(self.tr("<b>What customers said</b>"))
        quotes_layout.addWidget(self.quotes_title)
        self.quotes = QTextBrowser()
        self.quotes.setAccessibleName(self.tr("Customer quotes"))
        self.quotes.setOpenLinks(False)
        quotes_layout.addWidget(self.quotes)
        horizontal.addWidget(quotes_box)
        horizontal.setStretchFactor(0, 3)
        horizontal.setStretchFactor(1, 2)
        horizontal.setChildrenCollapsible(False)
        vertical.addWidget(horizontal)

        self.tabs = QTabWidget()
        self.stores = _table([self.tr("Store"), self.tr("Region"), self.tr("Count"),
                              self.tr("Might leave"), self.tr("Answered"),
                              self.tr("Action taken"), self.tr("Open")], self.tr("By store"),
                             sort_by=2)
        self.tabs.addTab(self.stores, self.tr("By store"))
        self.departments = _table([self.tr("Department"), self.tr("Count"),
                                   self.tr("Might leave")], self.tr("By department"))
        self.tabs.addTab(self.departments, self.tr("By department"))
        self.weeks = _table([self.tr("Week of"), self.tr("Count"), self.tr("Pain points"),
                             self.tr("Praise"), self.tr("Ideas"), self.tr("Might leave")],
                            self.tr("By week"), sort_by=0, order=Qt.SortOrder.AscendingOrder)
        self.trend = _Trend.make()  # None without QtCharts: the table alone
        if self.trend is not None:
            self.tabs.insertTab(1, self.trend, self.tr("Weekly trend"))
        self.tabs.addTab(self.weeks, self.tr("By week"))
        vertical.addWidget(self.tabs)
        vertical.setStretchFactor(0, 3)
        vertical.setStretchFactor(1, 2)
        vertical.setChildrenCollapsible(False)
        body.addWidget(vertical, 1)
        page.addWidget(self.body, 1)
        self.body.hide()
        self.status = QLabel("")
        self.status.setObjectName("hint")
        page.addWidget(self.status)

    # --- fetching ------------------------------------------------------------------------

    def activate(self) -> None:
        """The page is shown: fetch when nothing is shown yet or it is old."""
        if not self._busy and (self.doc is None or
                               time.monotonic() - self._fetched_at > STALE_SECONDS):
            self.refresh()

    def params(self, category: str | None = None) -> dict[str, str]:
        """The request for the chosen period and kind (and theme, for its quotes)."""
        _key, days = self.period.currentData()
        since, until = period_range(days)
        params = {"since": since.isoformat(), "until": until.isoformat(), "quotes": "12"}
        if self.kind.currentData():
            params["kind"] = self.kind.currentData()
        if category:
            params["category"] = category
        return params

    def refresh(self) -> None:
        """Find the signed-in reviewer (the local file), then ask the server."""
        self._generation += 1
        generation = self._generation
        self._busy = True
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Fetching insights from the server…"))

        widest_reviewer(parent=self).success(lambda who: self._ask(who, generation)) \
            .failure(lambda error: self._show_message(str(error), generation)) \
            .run_in_background()

    def _ask(self, reviewer: dict[str, Any] | None, generation: int,
             category: str | None = None) -> None:
        if generation != self._generation:
            return
        self.reviewer = reviewer
        if reviewer is None:
            self._show_message(self.tr(
                "Insights show the themes across your stores, how many observations led to "
                "action, and what customers said. They are for managers, leaders and admins: "
                "sign in with your password (Ctrl+Shift+P, pick your name, then “Sign in "
                "with password”) and this page fills in."), generation)
            return
        params = self.params(category)
        data_dir, user_id = self.data_dir, str(reviewer["id"])

        def work() -> None:
            started = time.perf_counter()
            try:
                result: Any = fetch_insights(data_dir, user_id, params)
                error = None
            except Exception as failure:  # noqa: BLE001 - every failure becomes a message
                result, error = None, failure
            log.info("insights fetched in %.0f ms (%s)", (time.perf_counter() - started) * 1000,
                     "ok" if error is None else getattr(error, "kind", type(error).__name__))
            call_on_main(lambda: self._answered(result, error, generation, category))

        threading.Thread(target=work, name="frontline-insights", daemon=True).start()

    def _answered(self, doc: dict[str, Any] | None, error: BaseException | None,
                  generation: int, category: str | None) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        if error is not None or doc is None:
            self._show_message(error_message(error) if error else "", generation)
            return
        self._busy = False
        self.refresh_button.setEnabled(True)
        self.message.hide()
        self.body.show()
        if category is not None:
            self._show_quotes(doc)
            emit(self.quotes_loaded, doc)
            return
        self.doc = doc
        self._fetched_at = time.monotonic()
        self._show(doc)
        emit(self.loaded, doc)

    def _show_message(self, text: str, generation: int) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self.refresh_button.setEnabled(True)
        self.status.setText("")
        self.message.setText(text)
        self.message.show()
        if self.doc is None:
            self.body.hide()
        else:  # keep what was shown, and say it may be old
            self.status.setText(self.tr("Showing the figures fetched earlier."))
        emit(self.failed, text)

    # --- showing -------------------------------------------------------------------------

    def _show(self, doc: dict[str, Any]) -> None:
        scope = doc["scope"]
        who = self.reviewer.get("display_name", "") if self.reviewer else ""
        self.scope_label.setText(self.tr("%1 · %2 stores · %3 to %4 · as %5")
                                 .replace("%1", scope["label"]).replace("%2", str(scope["stores"]))
                                 .replace("%3", doc["since"]).replace("%4", doc["until"])
                                 .replace("%5", who))
        loop = doc["loop"]
        f = self.figures
        f["total"].set(f"{doc['total']:,}")
        f["switch_risk"].set(_percent(doc["switch_risk_share"]),
                             self.tr("%1 observations where the customer said they might leave")
                             .replace("%1", str(doc["switch_risk"])))
        decided = self.tr("of the %1 observations a manager had to decide on (duplicates "
                          "not counted)").replace("%1", str(loop["decided_on"]))
        f["answered"].set(_percent(loop["answered_share"]), decided)
        f["action_taken"].set(_percent(loop["action_taken_share"]), decided)
        f["wont_act"].set(_percent(loop["wont_act_share"]), decided)
        f["open"].set(_percent(loop["open_share"]), decided)
        median = loop["median_days_to_answer"]
        f["median"].set("–" if median is None else self.tr("%1 days").replace("%1", f"{median:g}"),
                        self.tr("from when the customer spoke to the answer sent back"))

        self._fill(self.themes, [
            [_text(category_label(th["category"]), th["category"] or UNCATEGORISED),
             _text(label_for(taxonomy.KINDS, th["kind"])), _number(th["count"]),
             _number(th["switch_risk"]), _number(th["answered"])]
            for th in doc["themes"]])
        self._fill(self.stores, [
            [_text(st["name"] or st["code"]), _text(st["region"] or ""), _number(st["count"]),
             _number(st["switch_risk"]), _number(st["answered"]), _number(st["action_taken"]),
             _number(st["open"])] for st in doc["stores"]])
        # one store (a manager): the by-store table says nothing the figures do not
        one_store = scope["role"] == Role.MANAGER
        self.tabs.setTabVisible(0, not one_store)
        if one_store and self.tabs.currentIndex() == 0:
            self.tabs.setCurrentIndex(1)
        self._fill(self.departments, [
            [_text(label_for(taxonomy.DEPARTMENTS, d["department"]) if d["department"]
                   else self.tr("Not yet assigned")),
             _number(d["count"]), _number(d["switch_risk"])] for d in doc["departments"]])
        if self.trend is not None:
            self.trend.show_weeks(doc["weeks"])
        self._fill(self.weeks, [
            [_text(w["week"]), _number(w["count"]), _number(w["pain_point"]),
             _number(w["praise"]), _number(w["idea"]), _number(w["switch_risk"])]
            for w in doc["weeks"]])
        self._show_quotes(doc)
        self.themes.blockSignals(True)
        for row in range(self.themes.rowCount()):
            item = self.themes.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == \
                    (doc["quotes_category"] or UNCATEGORISED):
                self.themes.selectRow(row)
                break
        self.themes.blockSignals(False)
        fetched = datetime.now().strftime("%H:%M")
        self.status.setText(self.tr("Fetched from the server at %1. Counted by when the "
                                    "customer spoke; withdrawn observations are not counted.")
                            .replace("%1", fetched))

    def _fill(self, table: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
        sorting = table.isSortingEnabled()
        table.setSortingEnabled(False)  # rows stay whole while they are filled
        table.setRowCount(len(rows))
        for r, items in enumerate(rows):
            for c, item in enumerate(items):
                table.setItem(r, c, item)
        table.setSortingEnabled(sorting)

    def _show_quotes(self, doc: dict[str, Any]) -> None:
        chosen = doc.get("quotes_category")
        self._quotes_for = chosen or UNCATEGORISED
        name = category_label(None if chosen in (None, UNCATEGORISED) else chosen)
        self.quotes_title.setText("<b>" + html.escape(self.tr("What customers said: %1")
                                                      .replace("%1", name)) + "</b>")
        quotes = doc.get("quotes") or []
        if not quotes:
            self.quotes.setHtml("<p style='color:#5a6b75'>" + html.escape(self.tr(
                "No customer's own words were recorded for this theme in this period.")) +
                "</p>")
            return
        parts = []
        for q in quotes:
            where = " · ".join(x for x in (
                q["store"], q["observed_on"], label_for(taxonomy.CHANNELS, q["channel"]),
                label_for(taxonomy.CUSTOMER_TYPES, q["customer_type"])) if x)
            risk = (" <span style='color:#a3341f'><b>" + html.escape(self.tr("might leave")) +
                    "</b></span>") if q["switch_risk"] else ""
            parts.append(
                "<p style='margin:0 0 10px 0'><span style='font-size:13pt'>“" +
                html.escape(q["words"]).replace("\n", "<br>") + "”</span><br>"
                f"<span style='color:#7a868d'>{html.escape(where)}</span>{risk}</p>")
        self.quotes.setHtml("".join(parts))

    @Slot()
    def _on_theme_selected(self) -> None:
        rows = self.themes.selectionModel().selectedRows()
        if not rows or self.doc is None or self.reviewer is None:
            return
        item = self.themes.item(rows[0].row(), 0)
        category = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not category or category == self._quotes_for:
            return
        self._quotes_for = category
        self.quotes.setHtml("<p style='color:#5a6b75'>" + html.escape(self.tr("Fetching…")) +
                            "</p>")
        self._generation += 1
        self._ask(self.reviewer, self._generation, category)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.activate()
