"""A store × category heatmap: a row per store, a column per theme, each cell coloured by
its count (white to deep orange, scaled to the largest cell), with the count written in
it. A click on a cell asks for the observations behind it (`cell_clicked`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from frontline.ui.qtcompat import emit

#: the most columns shown: the largest themes; the rest are summed in "Other"
MAX_COLUMNS = 12
LOW = (255, 255, 255)
HIGH = (214, 96, 38)
STORE_ROLE = Qt.ItemDataRole.UserRole
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1


def shade(count: int, top: int) -> QColor:
    """The cell's colour: white for 0, deep orange for the largest count (square-root
    scale, so that a few large cells do not wash out the rest)."""
    if top <= 0 or count <= 0:
        return QColor(*LOW)
    share = (count / top) ** 0.5
    return QColor(*(round(lo + (hi - lo) * share) for lo, hi in zip(LOW, HIGH, strict=True)))


def ink(count: int, top: int) -> QColor:
    """Dark text on light cells, white on dark ones."""
    return QColor("#ffffff") if top > 0 and (count / top) ** 0.5 > 0.62 else QColor("#1d2b33")


class Heatmap(QTableWidget):
    """Counts by store × category, coloured; `cell_clicked(store_id, category)`, the
    category None for "not yet categorised"."""

    cell_clicked = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Store by category"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setShowGrid(True)
        self.setStyleSheet("QTableWidget { gridline-color: #e3e7ea; }")
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(44)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(24)
        self.cellClicked.connect(self._on_cell_clicked)
        self.top = 0

    def show_cells(self, cells: list[dict[str, Any]], stores: dict[str, str],
                   label: Callable[[str | None], str]) -> None:
        """`cells`: [{store_id, category, count}]; `stores`: store id → name, in the order
        to show (the largest first); `label`: a category's name."""
        totals: dict[str | None, int] = {}
        for cell in cells:
            totals[cell["category"]] = totals.get(cell["category"], 0) + int(cell["count"])
        columns = sorted(totals, key=lambda c: (-totals[c], c or "~"))[:MAX_COLUMNS]
        store_ids = [s for s in stores if any(c["store_id"] == s for c in cells)]
        store_ids += sorted({c["store_id"] for c in cells} - set(store_ids))
        counts = {(c["store_id"], c["category"]): int(c["count"]) for c in cells}
        self.top = max((counts.get((s, c), 0) for s in store_ids for c in columns), default=0)
        self.clear()
        self.setRowCount(len(store_ids))
        self.setColumnCount(len(columns))
        self.setHorizontalHeaderLabels([label(c) for c in columns])
        self.setVerticalHeaderLabels([stores.get(s, s) for s in store_ids])
        for col, category in enumerate(columns):
            header = self.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(label(category))
        for row, store in enumerate(store_ids):
            for col, category in enumerate(columns):
                count = counts.get((store, category), 0)
                item = QTableWidgetItem(str(count) if count else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(shade(count, self.top)))
                item.setForeground(QBrush(ink(count, self.top)))
                item.setData(STORE_ROLE, store)
                item.setData(CATEGORY_ROLE, category)
                item.setToolTip(self.tr("%1 · %2: %3 observations — click to list them")
                                .replace("%1", stores.get(store, store))
                                .replace("%2", label(category)).replace("%3", str(count)))
                self.setItem(row, col, item)

    @Slot(int, int)
    def _on_cell_clicked(self, row: int, column: int) -> None:
        item = self.item(row, column)
        if item is None or not item.text():
            return
        emit(self.cell_clicked, str(item.data(STORE_ROLE)), item.data(CATEGORY_ROLE))
