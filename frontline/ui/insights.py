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
from PySide6.QtCore import QDate, QMargins, QModelIndex, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from frontline.core import taxonomy
from frontline.core.vocabulary import Role
from frontline.sync.insights_query import (
    InsightFilters,
    Mark,
    change,
    drill_params,
    insights_params,
)
from frontline.ui.heatmap import Heatmap
from frontline.ui.operations.session import widest_reviewer
from frontline.ui.qtcompat import call_on_main, emit, prepare_main_relay
from frontline.ui.text import label_for

log = logging.getLogger(__name__)

#: (key, label, days): the period selector, ending today (UTC); "custom": the date pickers
PERIODS = (("4w", "Last 4 weeks", 28), ("quarter", "Last quarter (13 weeks)", 91),
           ("year", "Last year", 365), ("2y", "Last two years", 730),
           ("custom", "Custom range…", 0))
#: the longest range the server answers (docs/insights.md)
MAX_DAYS = 1098
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


#: how a rise reads for each figure: +1 a rise is good (green), -1 bad (red), 0 neutral
GOOD_WHEN_UP = {"total": 0, "switch_risk": -1, "answered": 1, "action_taken": 1,
                "wont_act": -1, "open": -1, "median": -1}
UP_GOOD, UP_BAD, NEUTRAL = "#2f7a43", "#b3261e", "#5a6b75"


def rise_text(now: float | None, before: float | None, *, share: bool = False) -> str:
    """"▲ 12%" / "▼ 3 pts" / "= same" against the previous period ("" when unknown)."""
    if now is None or before is None:
        return ""
    if share:
        points = (now - before) * 100
        if round(points) == 0:
            return "= same"
        return f"{'▲' if points > 0 else '▼'} {abs(points):.0f} pts"
    rel = change(now, before)
    if rel is None:
        return "▲ new" if now > 0 else "= same"
    if round(rel * 100) == 0:
        return "= same"
    return f"{'▲' if rel > 0 else '▼'} {abs(rel) * 100:.0f}%"


def rise_colour(text: str, good_when_up: int) -> str:
    if not text or text.startswith("=") or good_when_up == 0:
        return NEUTRAL
    up = text.startswith("▲")
    return UP_GOOD if up == (good_when_up > 0) else UP_BAD


class _Figure(QFrame):
    """One big number with a caption, and its rise or fall against the previous period.
    A click (or Enter) lists the observations behind it."""

    clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insight_figure")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 17pt; font-weight: 600; color: #1d2b33;")
        self.delta = QLabel("")
        self.delta.setObjectName("insight_delta")
        self.delta.hide()
        self.caption = QLabel(caption)
        self.caption.setObjectName("hint")
        self.caption.setWordWrap(True)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.value)
        top.addWidget(self.delta, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.caption)

    def set(self, value: str, tooltip: str = "") -> None:
        self.value.setText(value)
        self.setToolTip(tooltip + ("\n" if tooltip else "") +
                        self.tr("Click to list these observations."))

    def set_delta(self, text: str, colour: str, tooltip: str = "") -> None:
        self.delta.setText(text)
        self.delta.setToolTip(tooltip)
        self.delta.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.delta.setVisible(bool(text))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            emit(self.clicked)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            emit(self.clicked)
            return
        super().keyPressEvent(event)


class _Trend(QWidget):
    """A line per kind (and one for "might leave") over the weeks, with QtCharts. A click on
    a point lists that week's observations of that line (`point_clicked(week, series)`)."""

    point_clicked = Signal(str, str)

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
        self.weeks = [w["week"] for w in weeks]
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
            series.setPointsVisible(True)
            series.setObjectName(key)
            series.clicked.connect(lambda point, k=key: self._on_point(k, point))
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

    def _on_point(self, key: str, point: QPointF) -> None:
        from PySide6.QtCore import QDateTime

        if not self.weeks:
            return
        at = point.x()
        week = min(self.weeks, key=lambda w: abs(
            QDateTime.fromString(w, "yyyy-MM-dd").toMSecsSinceEpoch() - at))
        emit(self.point_clicked, week, key)


class _DepartmentBars(QWidget):
    """Observations by owning department as horizontal bars; a click on a bar lists them
    (`bar_clicked(department)`, None: not yet assigned)."""

    bar_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCharts import QChart, QChartView
        from PySide6.QtGui import QPainter

        self.chart = QChart()
        self.chart.legend().hide()
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(self.tr("By department"))
        self.departments: list[str | None] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_departments(self, rows: list[dict[str, Any]], label: Any) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis
        from PySide6.QtGui import QColor

        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        ordered = sorted(rows, key=lambda d: d["count"])[-12:]  # the largest at the top
        self.departments = [d["department"] for d in ordered]
        bars = QBarSet(self.tr("Observations"))
        bars.setColor(QColor("#3a6fb0"))
        for d in ordered:
            bars.append(float(d["count"]))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.clicked.connect(self._on_bar)
        self.chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([label(d) for d in self.departments])
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([1.0] + [float(d["count"]) for d in ordered]) * 1.1)
        self.chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)

    def _on_bar(self, index: int, _bars: object) -> None:
        if 0 <= index < len(self.departments):
            emit(self.bar_clicked, self.departments[index])


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
    """Themes, stores, departments, the weekly trend, a store × category heatmap and quotes,
    for the signed-in reviewer, under a leader's filters; every mark opens the observations
    behind it (`open_drilldown`)."""

    #: a fetched insights document (dict)
    loaded = Signal(object)
    #: the page shows a message instead of figures (the message)
    failed = Signal(str)
    #: quotes of the selected theme arrived (dict: the document they came with)
    quotes_loaded = Signal(object)
    #: figures kept from an earlier fetch are shown (the document, when it was fetched)
    cached_shown = Signal(object, str)
    #: a drill-down was opened (the `DrillDownPage`)
    drilldown_opened = Signal(object)
    #: the filters changed what the page shows (the window's title names them)
    title_changed = Signal(str)
    #: a PDF report was written (its path; None: cancelled or failed)
    report_written = Signal(object)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        prepare_main_relay()
        self.setObjectName("insights_page")
        self.data_dir = Path(data_dir)
        self.doc: dict[str, Any] | None = None
        self.reviewer: dict[str, Any] | None = None
        #: makes the HTTP client (tests give a fake one); None: this PC's enrolment
        self.make_client: Any = None
        self.drilldowns: list[Any] = []
        self.cached_at: str | None = None  # set when the figures shown are a kept copy
        self._shown_filters: InsightFilters | None = None
        self._fetched_at = 0.0
        self._generation = 0  # answers to an older request are dropped
        self._busy = False
        self._quotes_for: str | None = None  # the theme whose quotes are shown
        self._reference: dict[str, Any] = {}

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
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        self.report_button = QToolButton()
        self.report_button.setText(self.tr("Report"))
        self.report_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.report_button)
        self.pdf_action = QAction(self.tr("PDF report of this view…"), self)
        self.pdf_action.setShortcut("Ctrl+Shift+R")
        self.pdf_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.pdf_action.triggered.connect(lambda: self.write_report())
        menu.addAction(self.pdf_action)
        self.addAction(self.pdf_action)
        self.report_button.setMenu(menu)
        top.addWidget(self.report_button)
        page.addLayout(top)
        page.addLayout(self._build_filters())

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
        for column, (key, figure) in enumerate(self.figures.items()):
            figures.addWidget(figure, 0, column)
            figure.clicked.connect(lambda k=key: self.drill(Mark("figure", figure=k)))
        body.addLayout(figures)

        vertical = QSplitter(Qt.Orientation.Vertical)
        horizontal = QSplitter(Qt.Orientation.Horizontal)
        themes_box = QWidget()
        themes_layout = QVBoxLayout(themes_box)
        themes_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("<b>Themes</b> — select one to read what customers said; "
                                 "double-click to list its observations"))
        themes_layout.addWidget(heading)
        self.themes = _table([self.tr("Theme"), self.tr("Kind"), self.tr("Count"),
                              self.tr("Might leave"), self.tr("Answered"),
                              self.tr("vs before")], self.tr("Themes"), sort_by=2)
        self.themes.itemSelectionChanged.connect(self._on_theme_selected)
        self.themes.doubleClicked.connect(self._on_theme_activated)
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
        self.stores.doubleClicked.connect(self._on_store_activated)
        self.tabs.addTab(self.stores, self.tr("By store"))
        self.heatmap = Heatmap()
        self.heatmap.cell_clicked.connect(
            lambda store, category: self.drill(Mark("cell", store=store, category=category)))
        self.tabs.addTab(self.heatmap, self.tr("Store × theme"))
        self.departments = _table([self.tr("Department"), self.tr("Count"),
                                   self.tr("Might leave")], self.tr("By department"))
        self.departments.doubleClicked.connect(self._on_department_activated)
        self.department_bars: _DepartmentBars | None = None
        if _Trend.make() is not None:  # QtCharts is there
            self.department_bars = _DepartmentBars()
            self.department_bars.bar_clicked.connect(
                lambda d: self.drill(Mark("department", department=d)))
            split = QSplitter(Qt.Orientation.Horizontal)
            split.addWidget(self.department_bars)
            split.addWidget(self.departments)
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 2)
            self.tabs.addTab(split, self.tr("By department"))
        else:
            self.tabs.addTab(self.departments, self.tr("By department"))
        self.weeks = _table([self.tr("Week of"), self.tr("Count"), self.tr("Pain points"),
                             self.tr("Praise"), self.tr("Ideas"), self.tr("Might leave")],
                            self.tr("By week"), sort_by=0, order=Qt.SortOrder.AscendingOrder)
        self.weeks.doubleClicked.connect(self._on_week_activated)
        self.trend = _Trend.make()  # None without QtCharts: the table alone
        if self.trend is not None:
            self.trend.point_clicked.connect(
                lambda week, key: self.drill(Mark("week", week=week, series=key)))
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

    # --- filters -------------------------------------------------------------------------

    def _build_filters(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Period"))
        for key, label, days in PERIODS:
            self.period.addItem(self.tr(label), (key, days))
        bar.addWidget(self.period)
        self.since_edit = QDateEdit()
        self.until_edit = QDateEdit()
        today = QDate.currentDate()
        for edit, name, value in ((self.since_edit, self.tr("From"), today.addDays(-27)),
                                  (self.until_edit, self.tr("To"), today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.setMaximumDate(today)
            edit.setDate(value)
            edit.hide()
            edit.dateChanged.connect(self._on_filters_changed)
            bar.addWidget(edit)
        self.region = self._combo(self.tr("Region"), self.tr("All regions"))
        self.store = self._combo(self.tr("Store"), self.tr("All stores"))
        self.channel = self._combo(self.tr("Channel"), self.tr("All channels"),
                                   [(c.code, label_for(taxonomy.CHANNELS, c.code))
                                    for c in taxonomy.CHANNELS])
        self.customer_type = self._combo(
            self.tr("Customer type"), self.tr("All customers"),
            [(c.code, label_for(taxonomy.CUSTOMER_TYPES, c.code))
             for c in taxonomy.CUSTOMER_TYPES])
        self.kind = self._combo(self.tr("Kind"), self.tr("All kinds"),
                                [(c.code, label_for(taxonomy.KINDS, c.code))
                                 for c in taxonomy.KINDS])
        for combo in (self.region, self.store, self.channel, self.customer_type, self.kind):
            bar.addWidget(combo, 1)
        self.compare = QCheckBox(self.tr("vs before"))
        self.compare.setToolTip(self.tr("Show rises (▲) and falls (▼) against the period of "
                                        "the same length just before"))
        self.compare.setChecked(True)
        self.compare.toggled.connect(lambda _on: self._show_changes())
        bar.addWidget(self.compare)
        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.region.currentIndexChanged.connect(self._on_region_changed)
        for combo in (self.store, self.channel, self.customer_type, self.kind):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        return bar

    def _combo(self, name: str, everything: str,
               choices: list[tuple[str, str]] | None = None) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.addItem(everything, None)
        for code, label in choices or []:
            combo.addItem(label, code)
        return combo

    def set_places(self, regions: list[dict[str, Any]], stores: list[dict[str, Any]]) -> None:
        """The regions and stores to choose from (the reference data the server sent)."""
        self._reference = {"regions": regions, "stores": stores}
        chosen = self.region.currentData()
        self.region.blockSignals(True)
        while self.region.count() > 1:
            self.region.removeItem(1)
        for region in sorted(regions, key=lambda r: str(r.get("name", ""))):
            if not region.get("disabled"):
                self.region.addItem(str(region["name"]), region["id"])
        index = self.region.findData(chosen) if chosen else 0
        self.region.setCurrentIndex(max(0, index))
        self.region.blockSignals(False)
        self._fill_stores()

    def _fill_stores(self) -> None:
        region = self.region.currentData()
        chosen = self.store.currentData()
        self.store.blockSignals(True)
        while self.store.count() > 1:
            self.store.removeItem(1)
        for store in sorted(self._reference.get("stores") or [],
                            key=lambda s: str(s.get("name", ""))):
            if store.get("disabled") or (region and store.get("region_id") != region):
                continue
            self.store.addItem(str(store["name"]), store["id"])
        index = self.store.findData(chosen) if chosen else 0
        self.store.setCurrentIndex(max(0, index))
        self.store.blockSignals(False)

    def _load_places(self) -> None:
        from frontline.ui.ops import QueryOp

        def op(db: Any) -> dict[str, Any]:
            from frontline.store.remote import stored_reference

            return stored_reference(db)

        def done(reference: dict[str, Any]) -> None:
            if reference.get("stores"):
                self.set_places(list(reference.get("regions") or []),
                                list(reference.get("stores") or []))

        try:
            QueryOp(self, op).success(done).failure(
                lambda error: log.info("no places for the filters: %s", type(error).__name__)
            ).run_in_background()
        except RuntimeError:  # no backend (the page alone, in a tool)
            pass

    def filters(self) -> InsightFilters:
        """What the filter bar says."""
        key, days = self.period.currentData()
        if key == "custom":
            picked = self.since_edit.date()
            since = date(picked.year(), picked.month(), picked.day())
            picked = self.until_edit.date()
            until = date(picked.year(), picked.month(), picked.day())
            if since > until:
                since, until = until, since
            since = max(since, until - timedelta(days=MAX_DAYS - 1))
            base = InsightFilters(since, until)
        else:
            since, until = period_range(days)
            base = InsightFilters(since, until)
        return InsightFilters(base.since, base.until, region=self.region.currentData(),
                              store=self.store.currentData(),
                              channel=self.channel.currentData(),
                              customer_type=self.customer_type.currentData(),
                              kind=self.kind.currentData())

    def filters_text(self, filters: InsightFilters | None = None) -> str:
        """The filters in words, for the window's title, a drill-down's and the report."""
        f = filters or self.filters()
        parts = [f"{_day(f.since)} – {_day(f.until)}"]
        for combo, value in ((self.region, f.region), (self.store, f.store),
                             (self.channel, f.channel), (self.customer_type, f.customer_type),
                             (self.kind, f.kind)):
            if value:
                index = combo.findData(value)
                parts.append(combo.itemText(index) if index >= 0 else str(value))
        if not (f.region or f.store) and self.doc is not None:
            parts.insert(1, str(self.doc.get("scope", {}).get("label") or ""))
        return " · ".join(p for p in parts if p)

    def title_text(self) -> str:
        text = self.tr("Insights — %1").replace("%1", self.filters_text(self._shown_filters))
        if self.compare.isChecked():
            text += " " + self.tr("(vs the period before)")
        if self.cached_at:
            text += " " + self.tr("[as of %1]").replace("%1", _local(self.cached_at))
        return text

    def _update_title(self) -> None:
        text = self.title_text()
        emit(self.title_changed, text)
        window = self.window()
        if window is not None and window is not self and self.isVisible():
            window.setWindowTitle(self.tr("Frontline — %1").replace("%1", text))

    @Slot(int)
    def _on_period_changed(self, _index: int) -> None:
        custom = self.period.currentData()[0] == "custom"
        self.since_edit.setVisible(custom)
        self.until_edit.setVisible(custom)
        self._on_filters_changed()

    @Slot(int)
    def _on_region_changed(self, _index: int) -> None:
        self._fill_stores()
        self._on_filters_changed()

    @Slot()
    def _on_filters_changed(self, *_args: object) -> None:
        self.refresh()

    # --- fetching ------------------------------------------------------------------------

    def activate(self) -> None:
        """The page is shown: fetch when nothing is shown yet or it is old."""
        if not self._reference:
            self._load_places()
        if not self._busy and (self.doc is None or
                               time.monotonic() - self._fetched_at > STALE_SECONDS):
            self.refresh()
        self._update_title()

    def params(self, category: str | None = None) -> dict[str, str]:
        """The request for the chosen filters (and theme, for its quotes)."""
        return insights_params(self.filters(), quotes=12, category=category)

    def client(self, user_id: str) -> Any:
        """An HTTP client acting as `user_id` (blocking to make: call off the GUI thread)."""
        if self.make_client is not None:
            client = self.make_client()
        else:
            from frontline.sync import device

            client = device.make_client(self.data_dir)
        client.act_as(user_id)
        return client

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
        filters = self.filters()
        params = insights_params(filters, quotes=12, category=category)
        user_id = str(reviewer["id"])

        def work() -> None:
            started = time.perf_counter()
            try:
                client = self.client(user_id)
                try:
                    result: Any = client.insights(params)
                finally:
                    client.close()
                error = None
            except Exception as failure:  # noqa: BLE001 - every failure becomes a message
                result, error = None, failure
            log.info("insights fetched in %.0f ms (%s)", (time.perf_counter() - started) * 1000,
                     "ok" if error is None else getattr(error, "kind", type(error).__name__))
            call_on_main(lambda: self._answered(result, error, generation, category, filters))

        threading.Thread(target=work, name="frontline-insights", daemon=True).start()

    def _answered(self, doc: dict[str, Any] | None, error: BaseException | None,
                  generation: int, category: str | None, filters: InsightFilters) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        if error is not None or doc is None:
            text = error_message(error) if error else ""
            if category is None and self.reviewer is not None:
                self._show_kept(filters, text, generation)
            else:
                self._show_message(text, generation)
            return
        self._busy = False
        self.refresh_button.setEnabled(True)
        self.message.hide()
        if category is not None:
            self.body.show()
            self._show_quotes(doc)
            emit(self.quotes_loaded, doc)
            return
        self.cached_at = None
        self._keep(filters, doc)
        self._present(doc, filters)
        self.status.setText(self.tr("Fetched from the server at %1. Counted by when the "
                                    "customer spoke; withdrawn observations are not counted.")
                            .replace("%1", datetime.now().strftime("%H:%M")))
        emit(self.loaded, doc)

    def _present(self, doc: dict[str, Any], filters: InsightFilters) -> None:
        self.doc = doc
        self._shown_filters = filters
        self._fetched_at = time.monotonic()
        if int(doc.get("total") or 0) == 0:
            self.body.hide()
            self.message.setText(self.tr(
                "Nothing was recorded for these filters in this period (%1). Widen the "
                "period or set a filter back to “All”.").replace("%1", self.filters_text(filters)))
            self.message.show()
        else:
            self.body.show()
        self._show(doc)
        self._update_title()

    def _keep(self, filters: InsightFilters, doc: dict[str, Any]) -> None:
        """Keep the figures in the local file for offline use (a failure only logs)."""
        from frontline.ui.ops import StoreOp

        if self.reviewer is None:
            return
        key, user_id = filters.key(), str(self.reviewer["id"])

        def op(db: Any) -> None:
            from frontline.store.insights_cache import save_figures

            save_figures(db, key, user_id, doc)

        StoreOp(self, op).failure(
            lambda error: log.warning("insights not kept offline: %s", type(error).__name__)
        ).run_in_background()

    def _show_kept(self, filters: InsightFilters, text: str, generation: int) -> None:
        """The server cannot be reached (or refused): show the figures kept for these
        filters, marked with their time, or else the message alone."""
        from frontline.ui.ops import QueryOp

        assert self.reviewer is not None
        key, user_id = filters.key(), str(self.reviewer["id"])

        def op(db: Any) -> Any:
            from frontline.store.insights_cache import load_figures

            return load_figures(db, key, user_id)

        def done(kept: Any) -> None:
            if generation != self._generation:
                return
            if kept is None:
                self._show_message(text, generation)
                return
            self._busy = False
            self.refresh_button.setEnabled(True)
            self.cached_at = kept.fetched_at
            self._present(kept.doc, filters)
            self.message.setText(text)
            self.message.show()
            self.status.setText(self.tr("Showing the figures fetched earlier, as of %1; "
                                        "press Refresh once the server can be reached.")
                                .replace("%1", _local(kept.fetched_at)))
            emit(self.cached_shown, kept.doc, kept.fetched_at)
            emit(self.failed, text)

        QueryOp(self, op).success(done).failure(
            lambda _error: self._show_message(text, generation)).run_in_background()

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
             _text(label_for(taxonomy.KINDS, th["kind"]), th["kind"]), _number(th["count"]),
             _number(th["switch_risk"]), _number(th["answered"]), _text("")]
            for th in doc["themes"]])
        self._fill(self.stores, [
            [_text(st["name"] or st["code"], st["store_id"]), _text(st["region"] or ""),
             _number(st["count"]), _number(st["switch_risk"]), _number(st["answered"]),
             _number(st["action_taken"]), _number(st["open"])] for st in doc["stores"]])
        # one store (a manager): the by-store table says nothing the figures do not
        one_store = scope["role"] == Role.MANAGER
        self.tabs.setTabVisible(0, not one_store)
        self.region.setVisible(not one_store)
        self.store.setVisible(not one_store)
        if one_store and self.tabs.currentIndex() == 0:
            self.tabs.setCurrentIndex(1)
        self.heatmap.show_cells(list(doc.get("heatmap") or []), self.store_names(),
                                category_label)
        self.tabs.setTabToolTip(self.tabs.indexOf(self.heatmap), self.tr(
            "Click a cell to list its observations") if doc.get("heatmap") is not None else
            self.tr("This server does not send the store × theme counts yet"))
        self._fill(self.departments, [
            [_text(label_for(taxonomy.DEPARTMENTS, d["department"]) if d["department"]
                   else self.tr("Not yet assigned"), d["department"] or ""),
             _number(d["count"]), _number(d["switch_risk"])] for d in doc["departments"]])
        if self.department_bars is not None:
            self.department_bars.show_departments(
                doc["departments"], lambda d: label_for(taxonomy.DEPARTMENTS, d) if d
                else self.tr("Not yet assigned"))
        if self.trend is not None:
            self.trend.show_weeks(doc["weeks"])
        self._fill(self.weeks, [
            [_text(w["week"], w["week"]), _number(w["count"]), _number(w["pain_point"]),
             _number(w["praise"]), _number(w["idea"]), _number(w["switch_risk"])]
            for w in doc["weeks"]])
        self._show_changes()
        self._show_quotes(doc)
        self.themes.blockSignals(True)
        for row in range(self.themes.rowCount()):
            item = self.themes.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == \
                    (doc["quotes_category"] or UNCATEGORISED):
                self.themes.selectRow(row)
                break
        self.themes.blockSignals(False)

    def store_names(self) -> dict[str, str]:
        """Store id → name, the largest first (the figures), then the reference's."""
        names = {st["store_id"]: st["name"] or st["code"]
                 for st in sorted((self.doc or {}).get("stores") or [],
                                  key=lambda s: -int(s["count"]))}
        for store in self._reference.get("stores") or []:
            names.setdefault(store["id"], store["name"])
        return names

    def _show_changes(self) -> None:
        """Rises and falls against the previous period (`previous`), when comparing."""
        doc = self.doc
        before = (doc or {}).get("previous") if self.compare.isChecked() else None
        for figure in self.figures.values():
            figure.set_delta("", NEUTRAL)
        if doc is None:
            return
        if before:
            loop, was = doc["loop"], before["loop"]
            span = self.tr("vs %1 – %2").replace("%1", before["since"]).replace(
                "%2", before["until"])
            values = {
                "total": (doc["total"], before["total"], False),
                "switch_risk": (doc["switch_risk_share"], before["switch_risk_share"], True),
                "answered": (loop["answered_share"], was["answered_share"], True),
                "action_taken": (loop["action_taken_share"], was["action_taken_share"], True),
                "wont_act": (loop["wont_act_share"], was["wont_act_share"], True),
                "open": (loop["open_share"], was["open_share"], True),
                "median": (loop["median_days_to_answer"], was["median_days_to_answer"], False),
            }
            for key, (now, then, share) in values.items():
                text = rise_text(now, then, share=share)
                shown = "–" if then is None else (_percent(then) if share else f"{then:,}")
                self.figures[key].set_delta(text, rise_colour(text, GOOD_WHEN_UP[key]),
                                            f"{span}: {shown}")
        previous = {(t["category"], t["kind"]): int(t["count"])
                    for t in (before or {}).get("themes") or []}
        sorting = self.themes.isSortingEnabled()
        self.themes.setSortingEnabled(False)
        for row in range(self.themes.rowCount()):
            name, kind, count = (self.themes.item(row, c) for c in (0, 1, 2))
            cell = self.themes.item(row, 5)
            if name is None or kind is None or count is None or cell is None:
                continue
            if not before:
                cell.setText("")
                continue
            category = name.data(Qt.ItemDataRole.UserRole)
            was = previous.get((None if category == UNCATEGORISED else category,
                                kind.data(Qt.ItemDataRole.UserRole)), 0)
            now = int(count.data(Qt.ItemDataRole.DisplayRole))
            diff = now - was
            cell.setText("=" if diff == 0 else f"{'▲' if diff > 0 else '▼'} {abs(diff):,}")
            cell.setToolTip(self.tr("%1 in the period before").replace("%1", f"{was:,}"))
            cell.setForeground(QColor(UP_BAD if diff > 0 and kind.data(
                Qt.ItemDataRole.UserRole) == "pain_point" else UP_GOOD if diff > 0 else
                NEUTRAL if diff == 0 else "#5a6b75"))
        self.themes.setSortingEnabled(sorting)
        self._update_title()

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
        self.quotes.setHtml(quotes_html(doc, self.tr))

    @Slot()
    def _on_theme_selected(self) -> None:
        rows = self.themes.selectionModel().selectedRows()
        if not rows or self.doc is None or self.reviewer is None or self.cached_at:
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

    # --- drill-down ----------------------------------------------------------------------

    def _cell(self, table: QTableWidget, row: int, column: int = 0) -> Any:
        item = table.item(row, column)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @Slot(QModelIndex)
    def _on_theme_activated(self, index: QModelIndex) -> None:
        category = self._cell(self.themes, index.row())
        self.drill(Mark("theme", category=None if category == UNCATEGORISED else category,
                        kind=self._cell(self.themes, index.row(), 1)))

    @Slot(QModelIndex)
    def _on_store_activated(self, index: QModelIndex) -> None:
        columns = {3: "switch_risk", 4: "answered", 5: "action_taken", 6: "open"}
        self.drill(Mark("store", store=self._cell(self.stores, index.row()),
                        column=columns.get(index.column(), "count")))

    @Slot(QModelIndex)
    def _on_department_activated(self, index: QModelIndex) -> None:
        department = self._cell(self.departments, index.row()) or None
        self.drill(Mark("department", department=department,
                        column="switch_risk" if index.column() == 2 else "count"))

    @Slot(QModelIndex)
    def _on_week_activated(self, index: QModelIndex) -> None:
        series = {2: "pain_point", 3: "praise", 4: "idea", 5: "switch_risk"}
        self.drill(Mark("week", week=self._cell(self.weeks, index.row()),
                        series=series.get(index.column())))

    def mark_title(self, mark: Mark) -> str:
        """What a drill-down lists, in words."""
        names = self.store_names()
        if mark.what == "theme":
            return f"{category_label(mark.category)} · {label_for(taxonomy.KINDS, mark.kind)}"
        if mark.what == "store":
            return names.get(mark.store or "", mark.store or "") + _column_words(mark.column)
        if mark.what == "department":
            return (label_for(taxonomy.DEPARTMENTS, mark.department) if mark.department
                    else self.tr("Not yet assigned")) + _column_words(mark.column)
        if mark.what == "week":
            what = {"pain_point": " · " + self.tr("pain points"), "praise": " · " +
                    self.tr("praise"), "idea": " · " + self.tr("ideas")}.get(
                mark.series or "", _column_words(mark.series or "count"))
            return self.tr("Week of %1").replace("%1", str(mark.week)) + what
        if mark.what == "cell":
            return f"{names.get(mark.store or '', mark.store or '')} · " \
                   f"{category_label(mark.category)}"
        return self.figures[mark.figure].caption.text().capitalize() if \
            mark.figure in self.figures else mark.figure

    def drill(self, mark: Mark) -> Any:
        """Open the list of exactly the observations behind `mark` (in a window of its
        own); returns its page, or None when nobody is signed in."""
        from frontline.ui.drilldown import DrillDownPage, DrillDownWindow

        if self.reviewer is None or self.doc is None:
            return None
        filters = self._shown_filters or self.filters()
        params = drill_params(filters, mark)
        user_id = str(self.reviewer["id"])
        page = DrillDownPage(self.mark_title(mark), params, lambda: self.client(user_id),
                             store_names=self.store_names())
        window = DrillDownWindow(page, self.filters_text(filters), self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.drilldowns.append(page)
        window.destroyed.connect(lambda _o=None, p=page: self._forget(p))
        window.show()
        page.start()
        log.info("drill-down opened: %s", mark.what)
        emit(self.drilldown_opened, page)
        return page

    def _forget(self, page: Any) -> None:
        if page in self.drilldowns:
            self.drilldowns.remove(page)

    # --- the PDF report ------------------------------------------------------------------

    def write_report(self, path: Path | None = None) -> None:
        """The current view as a PDF: filters, scorecard, charts (vectors), rising themes,
        top quotes. Asks where unless `path` is given."""
        from PySide6.QtWidgets import QFileDialog

        from frontline.ui.report import ReportInput, write_report

        if self.doc is None:
            self.status.setText(self.tr("Nothing to report yet: wait for the figures."))
            return
        if path is None:
            chosen, _f = QFileDialog.getSaveFileName(
                self, self.tr("Save the Insights report"), "frontline-insights.pdf",
                self.tr("PDF files (*.pdf)"))
            if not chosen:
                return
            path = Path(chosen)
        progress = QProgressDialog(self.tr("Writing the report…"), self.tr("Cancel"), 0, 100,
                                   self)
        progress.setObjectName("report_progress")
        progress.setMinimumDuration(400)
        cancelled: list[bool] = []
        progress.canceled.connect(lambda: cancelled.append(True))

        def step(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.processEvents()
            return not cancelled

        data = ReportInput(doc=self.doc, filters=self.filters_text(self._shown_filters),
                           compare=self.compare.isChecked(), as_of=self.cached_at,
                           store_names=self.store_names())
        try:
            written = write_report(data, Path(path), on_step=step)
        except Exception as error:  # noqa: BLE001 - shown, with what to do
            from frontline.ui.ops import show_error

            progress.close()
            show_error(self, error)
            emit(self.report_written, None)
            return
        progress.close()
        if written:
            self.status.setText(self.tr("Report written to %1.").replace("%1", str(path)))
            emit(self.report_written, Path(path))
        else:
            self.status.setText(self.tr("Report cancelled; no file was written."))
            emit(self.report_written, None)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.activate()


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


def _local(stamp: str) -> str:
    """A stored UTC time as local "d Mon HH:MM"."""
    from frontline.core.ids import parse_time

    try:
        moment = parse_time(stamp).astimezone()
    except (TypeError, ValueError):
        return stamp
    return f"{moment.day} {moment.strftime('%b %H:%M')}"


def _column_words(column: str) -> str:
    return {"switch_risk": " · might leave", "answered": " · answered",
            "action_taken": " · action taken", "open": " · still open"}.get(column, "")


def quotes_html(doc: dict[str, Any], tr: Any) -> str:
    """The quotes of a document as simple HTML (every value escaped)."""
    quotes = doc.get("quotes") or []
    if not quotes:
        return "<p style='color:#5a6b75'>" + html.escape(tr(
            "No customer's own words were recorded for this theme in this period.")) + "</p>"
    parts = []
    for q in quotes:
        where = " · ".join(x for x in (
            q["store"], q["observed_on"], label_for(taxonomy.CHANNELS, q["channel"]),
            label_for(taxonomy.CUSTOMER_TYPES, q["customer_type"])) if x)
        risk = (" <span style='color:#a3341f'><b>" + html.escape(tr("might leave")) +
                "</b></span>") if q["switch_risk"] else ""
        parts.append(
            "<p style='margin:0 0 10px 0'><span style='font-size:13pt'>“" +
            html.escape(q["words"]).replace("\n", "<br>") + "”</span><br>"
            f"<span style='color:#7a868d'>{html.escape(where)}</span>{risk}</p>")
    return "".join(parts)
