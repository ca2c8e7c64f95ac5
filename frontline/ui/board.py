"""The store board, "You said, we did": what the store changed because someone spoke up.

Everyone on the shift may look at it, so it never names who raised anything: the summary,
the answer, when, and how many people raised the same thing (`store.review.board`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from frontline.core import taxonomy
from frontline.ui.changes import OpChanges
from frontline.ui.observations import local_time
from frontline.ui.operations.review import store_board
from frontline.ui.text import label_for

if TYPE_CHECKING:
    from frontline.store.review import BoardItem


def board_html(items: list[BoardItem], tr: Callable[[str], str]) -> str:
    """The board's items as simple HTML cards (every value escaped)."""
    if not items:
        return ("<p style='color:#5a6b75'>" + html.escape(tr(
            "Nothing here yet. When a manager acts on something you raised and answers, it "
            "appears here for the whole store to see.")) + "</p>")
    cards = []
    for item in items:
        raised = (tr("%1 people raised this").replace("%1", str(item.raised_by))
                  if item.raised_by > 1 else tr("Raised by a colleague"))
        where = " · ".join(x for x in (label_for(taxonomy.CATEGORIES, item.category),
                                       local_time(item.responded_at), raised) if x)
        cards.append(
            "<table width='100%' cellspacing='0' cellpadding='10' bgcolor='#f2f6f4' "
            "style='margin-bottom:12px'><tr><td>"
            f"<p style='margin:0;color:#5a6b75'>{html.escape(tr('You said'))}</p>"
            f"<p style='margin:0 0 6px 0;font-size:15px'><b>{html.escape(item.summary)}</b></p>"
            f"<p style='margin:0;color:#1e6b3a'><b>{html.escape(tr('We did'))}</b></p>"
            f"<p style='margin:0 0 4px 0'>{html.escape(item.response).replace(chr(10), '<br>')}"
            f"</p><p style='margin:0;color:#7a868d;font-size:12px'>{html.escape(where)}</p>"
            "</td></tr></table>")
    return "".join(cards)


class BoardPage(QWidget):
    """The board of this PC's store, read again each time it is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_page")
        self._ready = False
        self.items: list[BoardItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        title = QLabel(self.tr("You said, we did"))
        title.setObjectName("page_title")
        layout.addWidget(title)
        hint = QLabel(self.tr("What this store changed because someone spoke up. Names are "
                              "never shown."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Actions taken"))
        self.view.setOpenLinks(False)
        layout.addWidget(self.view, 1)

    def start(self) -> None:
        """The store is open: show the board."""
        self._ready = True
        self.refresh()

    def refresh(self) -> None:
        if not self._ready:
            return
        store_board(parent=self).success(self._show).run_in_background()

    def on_changes_made(self, changes: OpChanges, _initiator: object) -> None:
        """An answer or a status changed (here, or in a sync): read the board again."""
        if changes.review:
            self.refresh()

    def _show(self, items: list[BoardItem]) -> None:
        self.items = items
        self.view.setHtml(board_html(items, self.tr))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()
