"""The team inbox: a manager reviews, acts and answers, with the keyboard.

A `ListPage` (`frontline.ui.lazy_list`, the list My observations uses) over `InboxRows`:
the observations of the signed-in reviewer's stores that the server sent. The review pane
below shows the observation, the reason a change of this PC lost on the server ("Another
manager changed this first: …"), and the review controls. Every command is a named
operation of `frontline.ui.operations.review` (state machine checked, row and outbox
entry in one transaction). The page refreshes itself when a sync, a sign-in or another
screen changed what it lists (`frontline.ui.changes`).

Keys in the list: arrows or j/k move; a acknowledge, p in progress, d assign department,
r respond (focus the response box), x action taken, c close, w won't act (asks for the
reason), m mark duplicate (pick the original by search), u undo duplicate, e escalate
with a note.
"""

from __future__ import annotations

import dataclasses
import html
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontline.core import taxonomy
from frontline.core.ids import format_time
from frontline.core.vocabulary import AWAITING_DECISION, CLOSED_STATUSES, Power, codes, may
from frontline.ui.changes import OpChanges
from frontline.ui.lazy_list import SEARCH_DELAY_MS, ListPage, PageLayout, translate
from frontline.ui.observations import ObservationColumns, ShownObservation, local_time
from frontline.ui.operations import review
from frontline.ui.operations.review import InboxRow, InboxRows
from frontline.ui.operations.session import User, inbox_reviewer
from frontline.ui.ops import StoreOp, error_text
from frontline.ui.qtcompat import emit
from frontline.ui.text import kind_label, label_for, taxonomy_label

if TYPE_CHECKING:
    from frontline.core.model import Observation
    from frontline.store.inbox import InboxQuery
    from frontline.store.observations import ListedObservation

log = logging.getLogger(__name__)


def review_status_label(status: str, sync_state: str = "synced") -> str:
    """The review status in a word or two; "not sent yet" while a change waits to sync."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("inbox", text)

    words = {"new": tr("New"), "acknowledged": tr("Acknowledged"),
             "in_progress": tr("In progress"), "action_taken": tr("Action taken"),
             "closed": tr("Closed"), "duplicate": tr("Duplicate"), "wont_act": tr("Won't act"),
             "withdrawn": tr("Withdrawn")}.get(status, status)
    if sync_state == "queued":
        return words + " · " + tr("not sent yet")
    if sync_state == "quarantined":
        return words + " · " + tr("not accepted")
    return words


class InboxColumns(ObservationColumns):
    """The inbox's columns: when, kind (an icon), summary (with the escalation flag and how
    many raised it), severity, review status."""

    COLUMNS = ("observed_at", "kind", "summary", "severity", "status")
    sort_keys = ("observed_at", "kind", "summary", "severity", "status")

    def __init__(self) -> None:
        self.headers = (self.tr("When"), "", self.tr("Summary"), self.tr("Sev."),
                        self.tr("Status"))

    def tr(self, text: str) -> str:
        return translate("InboxModel", text)

    def data(self, listed: ShownObservation | None, column: int, role: int) -> object:
        name = self.COLUMNS[column]
        if name == "kind" and role == Qt.ItemDataRole.DisplayRole:
            return ""  # the icon says it; the tooltip and screen readers get the word
        if name == "kind" and role in (Qt.ItemDataRole.ToolTipRole,
                                       Qt.ItemDataRole.AccessibleTextRole) and listed:
            return kind_label(listed.observation.kind)
        if listed is not None and name in ("severity", "status"):
            obs: Observation = listed.observation
            if role == Qt.ItemDataRole.DisplayRole:
                if name == "severity":
                    return "●" * obs.severity if obs.severity else ""
                return review_status_label(obs.status)  # "not sent yet": italic, tooltip
            if role == Qt.ItemDataRole.FontRole and name == "status" \
                    and listed.sync_state != "synced":
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and name == "status":
                return review_status_label(obs.status, listed.sync_state)
            if role == Qt.ItemDataRole.ForegroundRole:
                if name == "severity":
                    return QColor("#b3261e") if (obs.severity or 0) >= 4 else QColor("#5a6b75")
                if obs.status == "new":
                    return QColor("#0b57d0")
                return QColor("#5a6b75") if obs.status in CLOSED_STATUSES else None
            if role == Qt.ItemDataRole.ToolTipRole and name == "severity" and obs.severity:
                return self.tr("Severity %1 of 5").replace("%1", str(obs.severity))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                if name == "status":
                    return review_status_label(obs.status, listed.sync_state)
                return self.tr("Severity %1 of 5").replace("%1", str(obs.severity or 0))
            if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole,
                        Qt.ItemDataRole.ToolTipRole):
                return None
        if role == Qt.ItemDataRole.FontRole and listed is not None:
            return None  # unread is the author's marker, not the manager's
        if name == "summary" and isinstance(listed, InboxRow) and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ForegroundRole):
            people, escalated = listed.raised_by, listed.escalated
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#8c1d18") if escalated else None
            text = listed.observation.summary
            if role == Qt.ItemDataRole.DisplayRole:
                return ("⚑ " if escalated else "") + text + (
                    f"  · {self.tr('%1 people').replace('%1', str(people))}"
                    if people > 1 else "")
            notes = ([self.tr("Escalated to leadership")] if escalated else []) + (
                [self.tr("Raised by %1 people").replace("%1", str(people))] if people > 1
                else [])
            return ". ".join([text, *notes])
        return super().data(listed, column, role)


def review_html(listed: InboxRow, extra: dict[str, Any], tr: Callable[[str], str]) -> str:
    """The observation under review as simple HTML (every value escaped)."""
    obs: Observation = listed.observation

    def para(label: str, value: str, style: str = "") -> str:
        if not value:
            return ""
        text = html.escape(value).replace("\n", "<br>")
        return f"<p style='{style}'><b>{html.escape(label)}</b><br>{text}</p>"

    def fact(label: str, value: str) -> str:
        return (f"<tr><td style='color:#5a6b75;padding-right:10px'>{html.escape(label)}</td>"
                f"<td>{html.escape(value)}</td></tr>") if value else ""

    author = tr("Anonymous") if obs.anonymous else (extra.get("author_name") or tr("Named"))
    parts = [f"<h3 style='margin-bottom:2px'>{html.escape(obs.summary)}</h3>",
             f"<p style='color:#5a6b75;margin-top:0'>{html.escape(kind_label(obs.kind))} · "
             f"{html.escape(local_time(obs.observed_at))} · "
             f"{html.escape(review_status_label(obs.status, listed.sync_state))}</p>"]
    if extra.get("conflict"):
        parts.append(para(tr("Another manager changed this first:"), extra["conflict"],
                          "background:#fdecea;color:#8c1d18;padding:6px"))
    if listed.sync_state == "quarantined" and listed.sync_error:
        parts.append(para(tr("The server did not accept your change"), listed.sync_error,
                          "color:#8c1d18"))
    parts += [
        para(tr("What the customer said"),
             f"“{obs.customer_words}”" if obs.customer_words else ""),
        para(tr("Details"), obs.details),
        para(tr("What was done on the spot"), obs.action_taken),
        para(tr("Suggestion"), obs.suggestion),
        para(tr("Your answer to the author"), obs.response),
        para(tr("Reason no action will be taken"), obs.wont_act_reason),
        para(tr("Escalated to leadership"), extra.get("escalation") or ""),
    ]
    people = int(extra.get("raised_by") or 1)
    if people > 1:
        parts.append(para(tr("Raised by %1 people").replace("%1", str(people)),
                          tr("Each author gets your answer to the original.")))
    if obs.duplicate_of:
        parts.append(para(tr("Duplicate of"), extra.get("original") or tr(
            "an observation of another store (merged by a leader); its answer reaches "
            "this author too")))
    severity = f"{obs.severity} / 5" if obs.severity else ""
    facts = "".join([
        fact(tr("From"), author),
        fact(tr("Channel"), label_for(taxonomy.CHANNELS, obs.channel)),
        fact(tr("Customer"), label_for(taxonomy.CUSTOMER_TYPES, obs.customer_type)),
        fact(tr("Category"), label_for(taxonomy.CATEGORIES, obs.category)),
        fact(tr("Severity"), severity),
        fact(tr("Might leave"), tr("Yes") if obs.switch_risk else ""),
        fact(tr("Assigned to"), label_for(taxonomy.DEPARTMENTS, obs.assignee_department)),
    ])
    return "".join(parts) + f"<table cellspacing='0' style='margin-top:6px'>{facts}</table>"


class TextDialog(QDialog):
    """Asks for a required text (a won't-act reason, an escalation note); refuses empty."""

    submitted = Signal(str)

    def __init__(self, title: str, prompt: str, empty_message: str,
                 parent: QWidget | None = None, ok_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("text_dialog")
        self._empty_message = empty_message
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(title)
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor)
        self.error = QLabel()
        self.error.setObjectName("field_error")
        self.error.setStyleSheet("color:#b3261e")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok_text:
            self.ok_button.setText(ok_text)
        layout.addWidget(buttons)
        self.resize(440, 220)

    @Slot()
    def _on_ok(self) -> None:
        text = self.editor.toPlainText().strip()
        if not text:
            self.error.setText(self._empty_message)
            self.editor.setFocus()
            return
        self.accept()
        emit(self.submitted, text)


class DuplicateDialog(QDialog):
    """Pick the original of a duplicate by searching the inbox."""

    chosen = Signal(str)

    def __init__(self, page: InboxPage, exclude_id: str) -> None:
        super().__init__(page)
        self.setWindowTitle(self.tr("Mark as duplicate of…"))
        self.setObjectName("duplicate_dialog")
        self._page = page
        self._exclude = exclude_id
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Search for the observation that says the same, "
                                        "then choose it.")))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Words from its summary or details"))
        self.search.setAccessibleName(self.tr("Search for the original"))
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Possible originals"))
        layout.addWidget(self.results, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.itemActivated.connect(lambda _i: self._on_ok())
        self.resize(520, 380)

    @Slot()
    def _run(self) -> None:
        base = self._page.build_query()
        query = dataclasses.replace(
            base, text=self.search.text().strip(), statuses=(), kinds=(), categories=(),
            departments=(), channels=(), customer_types=(), severities=(), switch_risk=None,
            since=None, until=None, anonymous=None, author_id=None, escalated_only=False)
        review.find_originals(parent=self, query=query, exclude_id=self._exclude) \
            .success(self._show).run_in_background()

    def _show(self, rows: list[ListedObservation]) -> None:
        self.results.clear()
        for listed in rows:
            obs = listed.observation
            item = QListWidgetItem(f"{obs.summary}  —  {local_time(obs.observed_at)}")
            item.setData(Qt.ItemDataRole.UserRole, obs.id)
            self.results.addItem(item)
        if rows:
            self.results.setCurrentRow(0)

    @Slot()
    def _on_ok(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.accept()
        emit(self.chosen, str(item.data(Qt.ItemDataRole.UserRole)))


class InboxPage(ListPage["InboxQuery", InboxRow]):
    """The team inbox: filter bar, lazy list, and the review pane."""

    #: a review change was stored
    reviewed = Signal(object)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        title = translate("InboxPage", "Team inbox")
        super().__init__(PageLayout(title, title, spacing=8, sizes=(380, 300)),
                         InboxRows(), InboxColumns(), parent)
        self.setObjectName("inbox_page")
        self._settings = settings
        self.reviewer: User | None = None
        self._scope: tuple[str, ...] | None = ()
        self.dialog: QDialog | None = None  # the open reason/note/duplicate dialog
        #: the notice shown before personal data in an answer, reason or note is replaced
        self.pii_confirm: QMessageBox | None = None
        self._response_rowid: int | None = None  # whose answer the response box shows
        self.new_label = QLabel()
        self.new_label.setObjectName("new_badge")
        self.new_label.setStyleSheet("background:#0b57d0;color:white;border-radius:9px;"
                                     "padding:1px 9px;font-weight:600")
        self.new_label.hide()
        self.header.insertWidget(1, self.new_label)
        self.table.installEventFilter(self)

    # --- layout ------------------------------------------------------------------------

    def _combo(self, name: str, everything: str, choices: Iterable[tuple[object, str]]
               ) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(everything, None)
        for code, label in choices:
            combo.addItem(label, code)
        combo.currentIndexChanged.connect(self._on_filters_changed)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def build_filters(self, search: QLineEdit) -> QLayout:
        bar = QGridLayout()
        bar.setHorizontalSpacing(8)
        bar.setVerticalSpacing(6)
        search.setAccessibleName(self.tr("Search the inbox"))
        statuses = [("new", self.tr("New")), ("acknowledged", self.tr("Acknowledged")),
                    ("in_progress", self.tr("In progress")),
                    ("action_taken", self.tr("Action taken")), ("closed", self.tr("Closed")),
                    ("duplicate", self.tr("Duplicate")), ("wont_act", self.tr("Won't act"))]
        self.status_filter = self._combo(self.tr("Status"), self.tr("Any status"), statuses)
        self.status_filter.insertItem(1, self.tr("Open (not closed)"), "open")
        self.status_filter.insertItem(2, self.tr("Escalated to leadership"), "escalated")

        def pairs(choices: Iterable[taxonomy.Choice | taxonomy.Category]
                  ) -> list[tuple[object, str]]:
            return [(c.code, taxonomy_label(c.label)) for c in choices]

        self.kind_filter = self._combo(self.tr("Kind"), self.tr("Any kind"), pairs(taxonomy.KINDS))
        self.category_filter = self._combo(self.tr("Category"), self.tr("Any category"),
                                           pairs(taxonomy.CATEGORIES))
        self.department_filter = self._combo(self.tr("Department"), self.tr("Any department"),
                                             pairs(taxonomy.DEPARTMENTS))
        self.channel_filter = self._combo(self.tr("Channel"), self.tr("Any channel"),
                                          pairs(taxonomy.CHANNELS))
        self.customer_filter = self._combo(self.tr("Customer type"), self.tr("Any customer"),
                                           pairs(taxonomy.CUSTOMER_TYPES))
        self.severity_filter = self._combo(self.tr("Severity"), self.tr("Any severity"), [
            ("45", self.tr("Severe (4–5)")), ("5", self.tr("Critical (5)")),
            ("123", self.tr("Minor (1–3)"))])
        self.date_filter = self._combo(self.tr("When"), self.tr("Any time"), [
            (1, self.tr("Today")), (7, self.tr("Last 7 days")), (30, self.tr("Last 30 days")),
            (90, self.tr("Last 90 days"))])
        self.author_filter = self._combo(self.tr("Author"), self.tr("Anyone"), [
            ("anonymous", self.tr("Anonymous only")), ("named", self.tr("Named only"))])
        self.risk_filter = QCheckBox(self.tr("Might leave"))
        self.risk_filter.setToolTip(self.tr("Only customers who might switch to a competitor"))
        self.risk_filter.toggled.connect(self._on_filters_changed)
        bar.addWidget(search, 0, 0, 1, 2)
        for column, widget in enumerate((self.status_filter, self.kind_filter,
                                         self.category_filter, self.department_filter), start=2):
            bar.addWidget(widget, 0, column)
        row_two: tuple[QWidget, ...] = (self.channel_filter, self.customer_filter,
                                        self.severity_filter, self.date_filter,
                                        self.author_filter, self.risk_filter)
        for column, item in enumerate(row_two):
            bar.addWidget(item, 1, column)
        bar.setColumnStretch(0, 1)
        bar.setColumnStretch(1, 1)
        return bar

    def build_pane(self) -> QWidget:
        # the review below the list: the text on the left, the decisions on the right
        pane = QWidget()
        pane.setObjectName("review_pane")
        halves = QHBoxLayout(pane)
        halves.setContentsMargins(0, 8, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("The observation under review"))
        self.detail.setOpenLinks(False)
        halves.addWidget(self.detail, 3)
        side = QVBoxLayout()
        side.setContentsMargins(8, 0, 0, 0)
        halves.addLayout(side, 2)
        self.message = QLabel()
        self.message.setObjectName("review_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b3261e")
        side.addWidget(self.message)
        buttons = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for n, (key, text, slot) in enumerate((
                ("a", self.tr("&Acknowledge"), lambda: self.set_status("acknowledged")),
                ("p", self.tr("In &progress"), lambda: self.set_status("in_progress")),
                ("x", self.tr("Action &taken"), lambda: self.set_status("action_taken")),
                ("c", self.tr("&Close"), lambda: self.set_status("closed")),
                ("w", self.tr("&Won't act…"), self.ask_wont_act),
                ("m", self.tr("&Duplicate of…"), self.ask_duplicate),
                ("e", self.tr("&Escalate…"), self.ask_escalate))):
            button = QPushButton(text)
            button.setToolTip(self.tr("Key: %1").replace("%1", key))
            button.clicked.connect(slot)
            self.buttons[key] = button
            buttons.addWidget(button, n // 4, n % 4)
        side.addLayout(buttons)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Assign to")))
        self.department = QComboBox()
        self.department.setAccessibleName(self.tr("Department that owns the fix"))
        self.department.addItem(self.tr("No department yet"), None)
        for choice in taxonomy.DEPARTMENTS:
            self.department.addItem(taxonomy_label(choice.label), choice.code)
        self.department.activated.connect(self._on_department_chosen)
        row.addWidget(self.department, 1)
        side.addLayout(row)
        self.response = QPlainTextEdit()
        self.response.setAccessibleName(self.tr("Your answer to the author"))
        self.response.setPlaceholderText(self.tr("Answer the person who raised it: what you "
                                                 "did, or will do. They read this."))
        self.response.setTabChangesFocus(True)
        side.addWidget(self.response, 1)
        send = QHBoxLayout()
        send.addStretch(1)
        self.send_button = QPushButton(self.tr("&Send answer"))
        self.send_button.clicked.connect(self.send_response)
        send.addWidget(self.send_button)
        side.addLayout(send)
        return pane

    def column_widths(self, width: int) -> dict[int, int]:
        """The summary gets what the others leave: kind is an icon, the rest shrink."""
        metrics = self.table.fontMetrics()
        return {0: metrics.horizontalAdvance("00 May 2026") + 16, 1: 34,
                3: metrics.horizontalAdvance("●●●●●") + 12,
                4: metrics.horizontalAdvance("Acknowledged") + 18}

    # --- who reviews -----------------------------------------------------------------

    def start(self) -> None:
        """The store is open: find the signed-in reviewer and show their inbox."""
        inbox_reviewer(parent=self).success(lambda found: self.set_reviewer(*found)) \
            .run_in_background()

    def set_reviewer(self, user: User | None, reference: dict[str, Any]) -> None:
        """Show the inbox of `user` (a `UserWire` dict; None: nobody may review here)."""
        from frontline.store.inbox import scope_store_ids

        self.reviewer = user
        self._scope = scope_store_ids(user, reference) if user else ()
        self._ready = True
        if user is None:
            self.count_label.setText(self.tr("Sign in as a manager to review your team's "
                                             "observations."))
        self._run_query()
        self.refresh_new_count()

    def refresh(self) -> None:
        """After a sync or a sign-in: read who reviews here again and run the query."""
        if self._ready:
            self.start()

    @Slot(object, object)
    def on_changes_made(self, changes: OpChanges, initiator: object) -> None:
        """A sync, a sign-in or another screen changed what the inbox lists: list again.
        The inbox shows its own review changes in place."""
        if (changes.review or changes.session or changes.reference) and initiator is not self:
            self.refresh()

    def refresh_new_count(self) -> None:
        user, scope = self.reviewer, self._scope
        if user is None:
            self.new_label.hide()
            return
        review.new_since_seen(parent=self, user_id=str(user["id"]), store_ids=scope) \
            .success(self._show_new_count).run_in_background()

    def _show_new_count(self, count: int) -> None:
        self.new_label.setText(self.tr("%1 new since you last looked").replace("%1", str(count)))
        self.new_label.setVisible(count > 0)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Leaving the inbox counts as having looked."""
        super().hideEvent(event)
        user = self.reviewer
        if user is not None and self._ready:
            review.mark_seen(parent=self, user_id=str(user["id"])).run_in_background()

    # --- querying ------------------------------------------------------------------

    def build_query(self) -> InboxQuery:
        from frontline.store.inbox import InboxQuery

        status = self.status_filter.currentData()
        statuses: tuple[str, ...] = ()
        if status == "open":
            statuses = codes(AWAITING_DECISION)
        elif status and status != "escalated":
            statuses = (status,)
        days = self.date_filter.currentData()
        since = format_time(datetime.now(UTC) - timedelta(days=days)) if days else None
        author = self.author_filter.currentData()
        order_by, descending = self.current_order()

        def one(combo: QComboBox) -> tuple[str, ...]:
            value = combo.currentData()
            return (value,) if value else ()

        return InboxQuery(
            text=self.search.text().strip(), store_ids=self._scope, statuses=statuses,
            kinds=one(self.kind_filter), categories=one(self.category_filter),
            departments=one(self.department_filter), channels=one(self.channel_filter),
            customer_types=one(self.customer_filter),
            severities=tuple(int(n) for n in self.severity_filter.currentData() or ""),
            switch_risk=True if self.risk_filter.isChecked() else None, since=since,
            anonymous={"anonymous": True, "named": False}.get(author or ""),
            escalated_only=status == "escalated",
            escalated_first=may((self.reviewer or {}).get("role"), Power.SEE_ESCALATED_FIRST),
            order_by=order_by, descending=descending)

    def count_text(self, count: int) -> str | None:
        return None if self.reviewer is None else super().count_text(count)

    def empty_text(self) -> str:
        return self.tr("Nothing matches. Try fewer words or “Any”.")

    # --- keyboard triage -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            return self._on_key(event)
        return super().eventFilter(watched, event)

    def _on_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                 | Qt.KeyboardModifier.AltModifier
                                 | Qt.KeyboardModifier.MetaModifier):
            return False
        key = event.text().lower()
        actions = {
            "j": lambda: self.move_selection(1), "k": lambda: self.move_selection(-1),
            "a": lambda: self.set_status("acknowledged"),
            "p": lambda: self.set_status("in_progress"),
            "x": lambda: self.set_status("action_taken"),
            "c": lambda: self.set_status("closed"),
            "d": self.choose_department, "r": self.focus_response,
            "w": self.ask_wont_act, "m": self.ask_duplicate, "e": self.ask_escalate,
            "u": self.unmerge,
        }
        action = actions.get(key)
        if action is None:
            return False
        action()
        return True

    def move_selection(self, step: int) -> None:
        row = max(0, min(self.model.rowCount() - 1, self.table.currentIndex().row() + step))
        if self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def choose_department(self) -> None:
        self.department.setFocus()
        self.department.showPopup()

    def focus_response(self) -> None:
        self.response.setFocus()
        self.response.moveCursor(self.response.textCursor().MoveOperation.End)

    # --- the review pane -------------------------------------------------------------

    def show_row(self, row: InboxRow | None) -> None:
        self.message.setText("")  # a refusal belongs to the observation it was about
        if row is None:
            self._show_detail(None)
        else:
            self._load_detail(row)

    def _load_detail(self, listed: InboxRow) -> None:
        self._current = listed
        self._enable(True)  # the keys work at once; the pane's text follows
        review.review_details(parent=self, obs=listed.observation).success(
            lambda extra: self._show_detail(listed, extra)).run_in_background()

    def _show_detail(self, listed: InboxRow | None, extra: dict[str, Any] | None = None
                     ) -> None:
        if listed is not None and self._current is not None \
                and listed.rowid != self._current.rowid:
            return  # the selection moved on while this loaded
        self._current = listed
        self._enable(listed is not None)
        if listed is None:
            hint = html.escape(self.tr("Choose an observation to review it. Keys: j/k move, "
                                       "a acknowledge, p in progress, d assign, r respond, "
                                       "x action taken, c close, w won't act, m duplicate, "
                                       "u undo duplicate, e escalate."))
            self.detail.setHtml(f"<p style='color:#5a6b75'>{hint}</p>")
            self._set_response(None, "")
            return
        obs = listed.observation
        self.detail.setHtml(review_html(listed, extra or {}, self.tr))
        self._set_response(listed.rowid, obs.response)
        index = self.department.findData(obs.assignee_department)
        self.department.setCurrentIndex(max(0, index))

    def _set_response(self, rowid: int | None, text: str) -> None:
        """Show the stored answer of `rowid`, unless the manager is typing one for that same
        observation (its pane is loaded again after each change, sometimes after they
        started typing: their words stay)."""
        document = self.response.document()
        if rowid is not None and self._response_rowid in (rowid, None) \
                and document.isModified():
            # (None: typed before the pane's first load for this observation finished)
            self._response_rowid = rowid
            return
        self._response_rowid = rowid
        self.response.setPlainText(text)  # also clears `isModified`

    def _enable(self, enabled: bool) -> None:
        for widget in (*self.buttons.values(), self.department, self.response, self.send_button):
            widget.setEnabled(enabled)

    def _run_review(self, make: Callable[[str], StoreOp[InboxRow]]) -> None:
        """Run a review operation on the chosen observation; a refusal is said under the
        buttons."""
        listed = self._current
        if listed is None:
            return
        self.message.setText("")
        make(listed.observation.id).success(self._on_reviewed).failure(
            lambda error: self.message.setText(error_text(error))).run_in_background()

    def _on_reviewed(self, updated: InboxRow) -> None:
        self.model.update_row(updated)
        if self._current is not None and self._current.rowid == updated.rowid:
            self._current = updated
            self._load_detail(updated)
        self.refresh_new_count()
        emit(self.reviewed, updated.listed)

    def set_status(self, status: str) -> None:
        self._run_review(lambda obs_id: review.set_status(parent=self, obs_id=obs_id,
                                                          status=status))

    @Slot(int)
    def _on_department_chosen(self, _index: int) -> None:
        code = self.department.currentData()
        if self._current is None or code == self._current.observation.assignee_department:
            return
        self._run_review(lambda obs_id: review.assign_department(
            parent=self, obs_id=obs_id, department=code))
        self.table.setFocus()

    @Slot()
    def send_response(self) -> None:
        text = self.response.toPlainText().strip()
        if not text:
            self.message.setText(self.tr("Write the answer first: the person who raised it "
                                         "will read it."))
            self.response.setFocus()
            return
        self._run_checked("response", text, lambda obs_id: review.respond(
            parent=self, obs_id=obs_id, text=text))
        self.table.setFocus()

    def _run_checked(self, field: str, text: str,
                     make: Callable[[str], StoreOp[InboxRow]]) -> None:
        """Like `_run_review`, for a text the author or leadership will read: customer
        personal data in it is named first, and replaced once the manager agrees (policy
        "redact"), or the change is refused until it is removed (policy "block")."""
        from frontline.ui.operations.privacy import Checked, check_personal_data
        from frontline.ui.pii_highlight import confirm_replacements, refusal_text

        listed = self._current
        if listed is None:
            return
        self.message.setText("")

        def checked(result: Checked) -> None:
            if not result.found:
                self._run_review(make)
            elif result.policy == "block":
                self.message.setText(refusal_text(result.found))
            elif self._current is not None and self._current.rowid == listed.rowid:
                self.pii_confirm = confirm_replacements(
                    self, result.found, on_save=lambda: self._run_review(make),
                    on_edit=lambda: None)

        check_personal_data(parent=self, fields={field: text}).success(checked).failure(
            lambda error: self.message.setText(error_text(error))).run_in_background()

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.table.setFocus())
        dialog.open()

    def ask_wont_act(self) -> None:
        if self._current is None:
            return
        dialog = TextDialog(self.tr("Won't act"), self.tr(
            "Say why no action will be taken. The person who raised it will read your "
            "reason."), self.tr("A reason is required: the person who raised it will read it."),
            self, ok_text=self.tr("Won't act"))
        dialog.submitted.connect(lambda reason: self._run_checked(
            "wont_act_reason", reason,
            lambda obs_id: review.wont_act(parent=self, obs_id=obs_id, reason=reason)))
        self._open_dialog(dialog)

    def ask_escalate(self) -> None:
        if self._current is None:
            return
        dialog = TextDialog(self.tr("Escalate to leadership"), self.tr(
            "Why does this need leadership? Your note is the first thing they read."),
            self.tr("A note is required: say why this needs leadership."), self,
            ok_text=self.tr("Escalate"))
        dialog.submitted.connect(lambda note: self._run_checked(
            "escalation_note", note,
            lambda obs_id: review.escalate(parent=self, obs_id=obs_id, note=note)))
        self._open_dialog(dialog)

    def unmerge(self) -> None:
        """Undo "duplicate of" (key u)."""
        self._run_review(lambda obs_id: review.unmerge(parent=self, obs_id=obs_id))

    def ask_duplicate(self) -> None:
        if self._current is None:
            return
        dialog = DuplicateDialog(self, self._current.observation.id)
        dialog.chosen.connect(lambda original: self._run_review(
            lambda obs_id: review.mark_duplicate(parent=self, obs_id=obs_id,
                                                 original_id=original)))
        self._open_dialog(dialog)
