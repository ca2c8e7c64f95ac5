"""My observations: what this PC's employee recorded, and what happened to each.

A `ListPage` (`frontline.ui.lazy_list`) over `MyObservationRows`: search, kind and
status filters, the lazy list, and the chosen observation below with Edit and Withdraw.
It refreshes itself when an operation or a sync changed observations
(`frontline.ui.changes`).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontline.core import taxonomy
from frontline.core.ids import parse_time
from frontline.core.model import Status
from frontline.ui.changes import OpChanges
from frontline.ui.lazy_list import ListPage, PageLayout, translate
from frontline.ui.operations import observations as ops
from frontline.ui.operations.observations import MyObservationRows
from frontline.ui.qtcompat import emit
from frontline.ui.resources import icon
from frontline.ui.text import kind_label, label_for, status_label, sync_label, taxonomy_label

if TYPE_CHECKING:
    from frontline.core.model import Observation
    from frontline.store.observations import ListedObservation, ObservationQuery

log = logging.getLogger(__name__)


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


class ShownObservation(Protocol):
    """What a list of observations shows of a row (`ListedObservation`, an inbox row)."""

    @property
    def observation(self) -> Observation: ...

    @property
    def sync_state(self) -> str: ...

    @property
    def unread(self) -> bool: ...


class ObservationColumns:
    """My observations' columns: when, kind, summary, category, status (with sync)."""

    COLUMNS = ("observed_at", "kind", "summary", "category", "status")
    sort_keys = ("observed_at", "kind", "summary", "category", "sync_state")

    def __init__(self) -> None:
        self.headers = (self.tr("When"), self.tr("Kind"), self.tr("Summary"),
                        self.tr("Category"), self.tr("Status"))

    def tr(self, text: str) -> str:
        return translate("ObservationsModel", text)

    def data(self, listed: ShownObservation | None, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if listed is None:
                return self.tr("Loading…") if column == 2 else ""
            obs: Observation = listed.observation
            name = self.COLUMNS[column]
            if name == "observed_at":
                return local_time(obs.observed_at)
            if name == "kind":
                return kind_label(obs.kind)
            if name == "summary":
                return obs.summary
            if name == "category":
                return label_for(taxonomy.CATEGORIES, obs.category) or self.tr("Not set")
            return status_label(obs.status, listed.sync_state)
        if listed is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return listed.observation.summary
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return icon(listed.observation.kind.replace("_", "-"))
        if role == Qt.ItemDataRole.FontRole and listed.unread:
            font = QFont()
            font.setBold(True)  # news from a manager the author has not opened yet
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.data(listed, column, Qt.ItemDataRole.DisplayRole)
            return f"{text} ({self.tr('new reply')})" if listed.unread else text
        if role == Qt.ItemDataRole.ForegroundRole:
            if listed.observation.status == "withdrawn":
                return QColor("#7a868d")
            if column == 4 and listed.sync_state == "quarantined":
                return QColor("#b3261e")
        return None


def detail_html(listed: ListedObservation, tr: Callable[[str], str], raised_by: int = 1) -> str:
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


class ObservationsPage(ListPage["ObservationQuery", "ListedObservation"]):
    """The list, its search and filters, and the detail pane with Edit and Withdraw."""

    #: the author wants to edit this observation in the capture form
    edit_requested = Signal(object)
    #: an observation was withdrawn
    observation_withdrawn = Signal(object)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        title = translate("ObservationsPage", "My observations")
        super().__init__(PageLayout(title, title, spacing=10, sizes=(400, 280), min_section=60),
                         MyObservationRows(), ObservationColumns(), parent)
        self.setObjectName("observations_page")
        self._settings = settings
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        #: whose observations are shown: on a shared PC only the signed-in person's (and
        #: nothing while nobody is signed in); elsewhere every observation of this PC
        self._person_id: str | None = None
        self._shared = False

    def set_viewer(self, person_id: str | None, shared: bool) -> None:
        """Who is at the PC (`frontline.ui.people`): on a shared PC the list shows that
        person's observations only; anonymous ones are nobody's and are never listed."""
        if (person_id, shared) == (self._person_id, self._shared):
            return
        self._person_id, self._shared = person_id, shared
        self._show_detail(None)
        self.refresh()

    def build_filters(self, search: QLineEdit) -> QLayout:
        filters = QHBoxLayout()
        search.setAccessibleName(self.tr("Search my observations"))
        search_label = QLabel(self.tr("&Search"))
        search_label.setBuddy(search)
        filters.addWidget(search_label)
        filters.addWidget(search, 3)
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
        return filters

    def build_pane(self) -> QWidget:
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
        return side

    def column_widths(self, width: int) -> dict[int, int]:
        """The summary gets what the other columns leave; they shrink on a small screen."""
        metrics = self.table.fontMetrics()
        return {0: metrics.horizontalAdvance("00 May 2026 ") + 12,
                1: metrics.horizontalAdvance("Pain point") + 44,
                3: max(120, min(240, int(width * 0.22))),
                4: metrics.horizontalAdvance(self.tr("Waiting to sync")) + 20}

    # --- querying ------------------------------------------------------------------

    def build_query(self) -> ObservationQuery:
        from frontline.store.observations import ObservationQuery

        state = self.state_filter.currentData() or ""
        statuses = ("withdrawn",) if state == "withdrawn" else ()
        sync_states = (state,) if state in ("queued", "synced", "quarantined") else ()
        kind = self.kind_filter.currentData() or ""
        order_by, descending = self.current_order()
        return ObservationQuery(text=self.search.text().strip(),
                                kinds=(kind,) if kind else (),
                                statuses=tuple(statuses), sync_states=tuple(sync_states),
                                mine_only=self._shared, author_id=self._person_id,
                                nobody=self._shared and self._person_id is None,
                                order_by=order_by, descending=descending)

    def empty_text(self) -> str:
        if self._shared and self._person_id is None:
            return self.tr("Sign in (Ctrl+Shift+P) to see your observations. On a shared PC "
                           "each person sees only their own.")
        if not self.search.text().strip() and self.kind_filter.currentIndex() == 0 \
                and self.state_filter.currentIndex() == 0:
            return self.tr("Nothing recorded yet — press Ctrl+1 to capture your first "
                           "observation.")
        return self.tr("Nothing matches. Try fewer words or “All”.")

    @Slot(object, object)
    def on_changes_made(self, changes: OpChanges, initiator: object) -> None:
        """Something changed observations elsewhere (a save, a review, a sync): list again.
        This page shows its own changes (a withdrawal, a reply read) in place."""
        if changes.observations and initiator is not self:
            self.refresh()

    # --- the detail pane -------------------------------------------------------------

    def _mark_read_if_seen(self) -> None:
        """A reply counts as read once its author has it on screen, not when the list
        merely loads behind the capture form."""
        listed = self._current
        if listed is None or not listed.unread or not self.isVisible():
            return
        ops.mark_read(parent=self, obs_id=listed.observation.id).run_in_background()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._mark_read_if_seen()

    def show_row(self, row: ListedObservation | None) -> None:
        self._show_detail(row)
        self._mark_read_if_seen()

    def _show_detail(self, listed: ListedObservation | None) -> None:
        self._current = listed
        if listed is None:
            hint = html.escape(self.tr("Choose an observation to see all of it."))
            self.detail.setHtml(f"<p style='color:#5a6b75'>{hint}</p>")
            self.edit_button.setEnabled(False)
            self.withdraw_button.setEnabled(False)
            self.edit_hint.setText("")
            return
        self.detail.setHtml(detail_html(listed, self.tr))
        if listed.observation.status not in (Status.NEW, Status.WITHDRAWN):
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

    def _load_raised_by(self, listed: ListedObservation) -> None:
        """Read how many people raised it (merges happen once review has started), then
        show it when this observation is still the one on screen."""

        def shown(count: int) -> None:
            if count > 1 or listed.observation.status == "duplicate":
                if self._current is not None and self._current.rowid == listed.rowid:
                    self.detail.setHtml(detail_html(self._current, self.tr, count))

        ops.raised_by(parent=self, obs_id=listed.observation.id).success(shown) \
            .run_in_background()

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
        def finished(_result: int) -> None:
            if box.clickedButton() is yes:
                self._withdraw(listed)

        box.finished.connect(finished)
        box.open()

    def _withdraw(self, listed: ListedObservation) -> None:
        log.info("withdrawing observation %s", listed.observation.id)

        def done(updated: ListedObservation | None) -> None:
            if updated is not None:
                self.model.update_row(updated)
                if self._current is not None and self._current.rowid == updated.rowid:
                    self._show_detail(updated)
            emit(self.observation_withdrawn, updated)

        ops.withdraw_observation(parent=self, obs_id=listed.observation.id).success(done) \
            .run_in_background()
