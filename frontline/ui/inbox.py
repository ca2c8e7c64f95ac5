"""The team inbox: a manager reviews, acts and answers, with the keyboard.

The list is My observations' lazy model (search, filters and sort in SQL, rows fetched a
block at a time), over `frontline.store.review.inbox_rowids`: the observations of the
signed-in reviewer's stores that the server sent. The review pane on the right shows the
observation, the reason a change of this PC lost on the server ("Another manager changed
this first: …"), and the review controls. Every command runs in a StoreOp and goes
through `frontline.store.review` (state machine checked, row and outbox entry in one
transaction).

Keys in the list: arrows or j/k move; a acknowledge, p in progress, d assign department,
r respond (focus the response box), x action taken, c close, w won't act (asks for the
reason), m mark duplicate (pick the original by search), e escalate with a note.
"""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontline.core import taxonomy
from frontline.core.ids import format_time
from frontline.core.model import Observation
from frontline.ui.observations import (
    BLOCK_SIZE,
    CACHE_LIMIT,
    PAGE_SIZE,
    SEARCH_DELAY_MS,
    ObservationsModel,
    list_table,
    local_time,
)
from frontline.ui.ops import QueryOp, StoreOp, error_text
from frontline.ui.qtcompat import emit
from frontline.ui.text import kind_label, label_for, taxonomy_label

log = logging.getLogger(__name__)

REVIEWER_ROLES = ("manager", "leader", "admin")


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


class InboxModel(ObservationsModel):
    """The inbox's lazy table: My observations' model over the inbox query."""

    COLUMNS = ("observed_at", "kind", "summary", "severity", "status")
    SORT_KEYS = {0: "observed_at", 1: "kind", 2: "summary", 3: "severity", 4: "status"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = (self.tr("When"), "", self.tr("Summary"), self.tr("Sev."),
                        self.tr("Status"))
        # per observation id: (people who raised it, escalated), read with each block
        self._marks: dict[str, tuple[int, bool]] = {}

    def _fetch_block(self, block: int) -> None:
        """As My observations, plus the count of people and the escalation flag of each row
        (columns that are not fields of `Observation`), read in the same background op."""
        if block in self._in_flight:
            return
        self._in_flight.add(block)
        start = block * BLOCK_SIZE
        rowids = self._rowids[start:start + BLOCK_SIZE]
        generation = self._generation

        def op(db: Any) -> tuple[list[Any], dict[str, tuple[int, bool]]]:
            from frontline.store.observations import fetch_rows
            from frontline.store.review import marks_of

            rows = fetch_rows(db, rowids)
            return rows, marks_of(db, [r.observation.id for r in rows])

        def done(result: tuple[list[Any], dict[str, tuple[int, bool]]]) -> None:
            if generation == self._generation:
                if len(self._marks) > CACHE_LIMIT:
                    self._marks.clear()
                self._marks.update(result[1])
            self._on_block(generation, block, result[0])

        QueryOp(self._owner, op).success(done).run_in_background()

    def marks(self, obs_id: str) -> tuple[int, bool]:
        """(how many people raised it, escalated) as last read; (1, False) before."""
        return self._marks.get(obs_id, (1, False))

    def update_listed(self, listed: Any) -> None:
        self._marks.pop(listed.observation.id, None)  # re-read with the next block fetch
        super().update_listed(listed)

    def _first_rows_op(self, query: Any) -> Any:
        from frontline.store.inbox import inbox_first_rowids

        return lambda db: inbox_first_rowids(db, query, PAGE_SIZE)

    def _all_rows_op(self, query: Any) -> Any:
        from frontline.store.inbox import inbox_rowids

        return lambda db: inbox_rowids(db, query)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.COLUMNS[index.column()]
        listed = self.listed(index.row())
        if column == "kind" and role == Qt.ItemDataRole.DisplayRole:
            return ""  # the icon says it; the tooltip and screen readers get the word
        if column == "kind" and role in (Qt.ItemDataRole.ToolTipRole,
                                         Qt.ItemDataRole.AccessibleTextRole) and listed:
            return kind_label(listed.observation.kind)
        if listed is not None and column in ("severity", "status"):
            obs: Observation = listed.observation
            if role == Qt.ItemDataRole.DisplayRole:
                if column == "severity":
                    return "●" * obs.severity if obs.severity else ""
                return review_status_label(obs.status)  # "not sent yet": italic, tooltip
            if role == Qt.ItemDataRole.FontRole and column == "status" \
                    and listed.sync_state != "synced":
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and column == "status":
                return review_status_label(obs.status, listed.sync_state)
            if role == Qt.ItemDataRole.ForegroundRole:
                if column == "severity":
                    return QColor("#b3261e") if (obs.severity or 0) >= 4 else QColor("#5a6b75")
                if obs.status == "new":
                    return QColor("#0b57d0")
                return QColor("#5a6b75") if obs.status in ("closed", "duplicate",
                                                           "wont_act") else None
            if role == Qt.ItemDataRole.ToolTipRole and column == "severity" and obs.severity:
                return self.tr("Severity %1 of 5").replace("%1", str(obs.severity))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                if column == "status":
                    return review_status_label(obs.status, listed.sync_state)
                return self.tr("Severity %1 of 5").replace("%1", str(obs.severity or 0))
            if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole,
                        Qt.ItemDataRole.ToolTipRole):
                return None
        if role == Qt.ItemDataRole.FontRole and listed is not None:
            return None  # unread is the author's marker, not the manager's
        if column == "summary" and listed is not None and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ForegroundRole):
            people, escalated = self.marks(listed.observation.id)
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
        if column == "category" and role == Qt.ItemDataRole.DisplayRole and listed is not None:
            return label_for(taxonomy.CATEGORIES, listed.observation.category) or \
                self.tr("Not set")
        return super().data(index, role)


def review_html(listed: Any, extra: dict[str, Any], tr: Any) -> str:
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
        import dataclasses

        base = self._page.build_query()
        query = dataclasses.replace(
            base, text=self.search.text().strip(), statuses=(), kinds=(), categories=(),
            departments=(), channels=(), customer_types=(), severities=(), switch_risk=None,
            since=None, until=None, anonymous=None, author_id=None, escalated_only=False)
        exclude = self._exclude

        def op(db: Any) -> list[Any]:
            from frontline.store.inbox import inbox_first_rowids
            from frontline.store.observations import fetch_rows

            rowids = inbox_first_rowids(db, query, 51).rowids[:51]
            return [r for r in fetch_rows(db, rowids) if r.observation.id != exclude][:50]

        QueryOp(self, op).success(self._show).run_in_background()

    def _show(self, rows: list[Any]) -> None:
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


class InboxPage(QWidget):
    """The team inbox: filter bar, lazy list, and the review pane."""

    #: a review change was stored (for the pending count and a sync soon)
    reviewed = Signal(object)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inbox_page")
        self._settings = settings
        self._current: Any = None
        self._ready = False
        self.reviewer: dict[str, Any] | None = None
        self._scope: tuple[str, ...] | None = ()
        self.dialog: QDialog | None = None  # the open reason/note/duplicate dialog
        self.model = InboxModel(self)
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_query)
        self.model.query_finished.connect(self._on_query_finished)
        self.model.rows_fetched.connect(self._on_rows_fetched)
        self.model.modelReset.connect(self._on_model_reset)

    # --- layout ------------------------------------------------------------------------

    def _combo(self, name: str, everything: str, choices: Any) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(everything, None)
        for code, label in choices:
            combo.addItem(label, code)
        combo.currentIndexChanged.connect(self._on_filters_changed)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _build(self) -> None:
        page = QVBoxLayout(self)
        page.setContentsMargins(24, 18, 24, 12)
        page.setSpacing(8)
        header = QHBoxLayout()
        title = QLabel(self.tr("Team inbox"))
        title.setObjectName("page_title")
        header.addWidget(title)
        self.new_label = QLabel()
        self.new_label.setObjectName("new_badge")
        self.new_label.setStyleSheet("background:#0b57d0;color:white;border-radius:9px;"
                                     "padding:1px 9px;font-weight:600")
        self.new_label.hide()
        header.addWidget(self.new_label)
        header.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        header.addWidget(self.count_label)
        page.addLayout(header)

        bar = QGridLayout()
        bar.setHorizontalSpacing(8)
        bar.setVerticalSpacing(6)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the texts (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the inbox"))
        self.search.textChanged.connect(self._on_filters_changed)
        statuses = [("new", self.tr("New")), ("acknowledged", self.tr("Acknowledged")),
                    ("in_progress", self.tr("In progress")),
                    ("action_taken", self.tr("Action taken")), ("closed", self.tr("Closed")),
                    ("duplicate", self.tr("Duplicate")), ("wont_act", self.tr("Won't act"))]
        self.status_filter = self._combo(self.tr("Status"), self.tr("Any status"), statuses)
        self.status_filter.insertItem(1, self.tr("Open (not closed)"), "open")
        self.status_filter.insertItem(2, self.tr("Escalated to leadership"), "escalated")

        def pairs(choices: Any) -> list[tuple[str, str]]:
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
        bar.addWidget(self.search, 0, 0, 1, 2)
        for column, widget in enumerate((self.status_filter, self.kind_filter,
                                         self.category_filter, self.department_filter), start=2):
            bar.addWidget(widget, 0, column)
        for column, widget in enumerate((self.channel_filter, self.customer_filter,
                                         self.severity_filter, self.date_filter,
                                         self.author_filter, self.risk_filter)):
            bar.addWidget(widget, 1, column)
        bar.setColumnStretch(0, 1)
        bar.setColumnStretch(1, 1)
        page.addLayout(bar)

        # the list above with the summary at full width, the review below: the text on the
        # left, the decisions on the right
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = list_table(self.model, self.tr("Team inbox"))
        self.table.viewport().installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        splitter.addWidget(self.table)

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
        splitter.addWidget(pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([380, 300])
        page.addWidget(splitter, 1)
        self._show_detail(None)

    # --- who reviews -----------------------------------------------------------------

    def start(self) -> None:
        """The store is open: find the signed-in reviewer and show their inbox."""
        def op(db: Any) -> tuple[dict[str, Any] | None, dict[str, Any]]:
            from frontline.store.remote import stored_reference
            from frontline.sync.device import signed_in

            reviewers = [u for u in signed_in(db).values() if u.get("role") in REVIEWER_ROLES]
            return (reviewers[0] if reviewers else None), stored_reference(db)

        QueryOp(self, op).success(lambda found: self.set_reviewer(*found)).run_in_background()

    def set_reviewer(self, user: dict[str, Any] | None, reference: dict[str, Any]) -> None:
        """Show the inbox of `user` (a `UserWire` dict; None: nobody may review here)."""
        from frontline.store.review import scope_store_ids

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

    def refresh_new_count(self) -> None:
        user, scope = self.reviewer, self._scope
        if user is None:
            self.new_label.hide()
            return

        def op(db: Any) -> int:
            from frontline.store.review import new_since_seen

            return new_since_seen(db, str(user["id"]), scope)

        QueryOp(self, op).success(self._show_new_count).run_in_background()

    def _show_new_count(self, count: int) -> None:
        self.new_label.setText(self.tr("%1 new since you last looked").replace("%1", str(count)))
        self.new_label.setVisible(count > 0)

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """Leaving the inbox counts as having looked."""
        super().hideEvent(event)
        user = self.reviewer
        if user is not None and self._ready:
            def op(db: Any) -> None:
                from frontline.store.review import mark_seen

                mark_seen(db, str(user["id"]))

            StoreOp(self, op).run_in_background()

    # --- querying ------------------------------------------------------------------

    def build_query(self) -> Any:
        from frontline.store.review import InboxQuery

        status = self.status_filter.currentData()
        statuses: tuple[str, ...] = ()
        if status == "open":
            statuses = ("new", "acknowledged", "in_progress")
        elif status and status != "escalated":
            statuses = (status,)
        days = self.date_filter.currentData()
        since = format_time(datetime.now(UTC) - timedelta(days=days)) if days else None
        author = self.author_filter.currentData()
        current = self.model.query()

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
            escalated_first=(self.reviewer or {}).get("role") in ("leader", "admin"),
            order_by=current.order_by if current is not None else "observed_at",
            descending=current.descending if current is not None else True)

    @Slot()
    def _on_filters_changed(self, *_args: Any) -> None:
        if self._ready:
            self._search_timer.start()

    @Slot()
    def _run_query(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.build_query())

    @Slot(int)
    def _on_query_finished(self, count: int) -> None:
        if self.reviewer is None:
            return
        if count == 0:
            self.count_label.setText(self.tr("Nothing matches. Try fewer words or “Any”."))
        else:
            self.count_label.setText(self.tr("%1 observations").replace("%1", f"{count:,}")
                                     if count != 1 else self.tr("1 observation"))

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
            if index.isValid() and self.model.listed(index.row()) is not None:
                self._load_detail(self.model.listed(index.row()))

    # --- keyboard triage -------------------------------------------------------------

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            return self._on_key(event)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns(event.size().width())
        return False

    def _fit_columns(self, width: int) -> None:
        """The summary gets what the others leave: kind is an icon, the rest shrink."""
        metrics = self.table.fontMetrics()
        head = self.table.horizontalHeader()
        for column, size in ((0, metrics.horizontalAdvance("00 May 2026") + 16), (1, 34),
                             (3, metrics.horizontalAdvance("●●●●●") + 12),
                             (4, metrics.horizontalAdvance("Acknowledged") + 18)):
            head.resizeSection(column, size)

    def _on_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                 | Qt.KeyboardModifier.AltModifier
                                 | Qt.KeyboardModifier.MetaModifier):
            return False
        key = event.text().lower()
        actions = {
            "j": lambda: self.move(1), "k": lambda: self.move(-1),
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

    def move(self, step: int) -> None:
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

    @Slot(object, object)
    def _on_current_changed(self, current: Any, _previous: Any) -> None:
        self.message.setText("")  # a refusal belongs to the observation it was about
        listed = self.model.listed(current.row()) if current.isValid() else None
        if listed is None:
            self._show_detail(None)
        else:
            self._load_detail(listed)

    def _load_detail(self, listed: Any) -> None:
        self._current = listed
        self._enable(True)  # the keys work at once; the pane's text follows
        obs_id, original = listed.observation.id, listed.observation.duplicate_of
        author_id = listed.observation.author_id

        def op(db: Any) -> dict[str, Any]:
            from frontline.store import review
            from frontline.store.observations import get_observation
            from frontline.store.remote import stored_reference

            extra: dict[str, Any] = {"conflict": review.conflict_of(db, obs_id),
                                     "escalation": review.escalation_of(db, obs_id),
                                     "raised_by": review.raised_by(db, [obs_id]).get(obs_id, 1)}
            if original:
                found = get_observation(db, original)
                extra["original"] = found.observation.summary if found else None
            if author_id:
                for user in stored_reference(db).get("users") or ():
                    if user.get("id") == author_id:
                        extra["author_name"] = user.get("display_name")
            return extra

        QueryOp(self, op).success(lambda extra: self._show_detail(listed, extra)
                                  ).run_in_background()

    def _show_detail(self, listed: Any, extra: dict[str, Any] | None = None) -> None:
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
            self.response.setPlainText("")
            return
        obs = listed.observation
        self.detail.setHtml(review_html(listed, extra or {}, self.tr))
        self.response.setPlainText(obs.response)
        index = self.department.findData(obs.assignee_department)
        self.department.setCurrentIndex(max(0, index))

    def _enable(self, enabled: bool) -> None:
        for widget in (*self.buttons.values(), self.department, self.response, self.send_button):
            widget.setEnabled(enabled)

    def current(self) -> Any:
        return self._current

    def _run_review(self, fn: Any) -> None:
        listed = self._current
        if listed is None:
            return
        self.message.setText("")
        obs_id = listed.observation.id

        def op(db: Any) -> Any:
            return fn(db, obs_id)

        StoreOp(self, op).success(self._on_reviewed).failure(
            lambda error: self.message.setText(error_text(error))).run_in_background()

    def _on_reviewed(self, updated: Any) -> None:
        self.model.update_listed(updated)
        if self._current is not None and self._current.rowid == updated.rowid:
            self._current = updated
            self._load_detail(updated)
        self.refresh_new_count()
        emit(self.reviewed, updated)

    def set_status(self, status: str) -> None:
        from frontline.store import review

        self._run_review(lambda db, obs_id: review.set_status(db, obs_id, status))

    @Slot(int)
    def _on_department_chosen(self, _index: int) -> None:
        from frontline.store import review

        code = self.department.currentData()
        if self._current is None or code == self._current.observation.assignee_department:
            return
        self._run_review(lambda db, obs_id: review.assign_department(db, obs_id, code))
        self.table.setFocus()

    @Slot()
    def send_response(self) -> None:
        from frontline.store import review

        text = self.response.toPlainText().strip()
        if not text:
            self.message.setText(self.tr("Write the answer first: the person who raised it "
                                         "will read it."))
            self.response.setFocus()
            return
        self._run_review(lambda db, obs_id: review.respond(db, obs_id, text))
        self.table.setFocus()

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.table.setFocus())
        dialog.open()

    def ask_wont_act(self) -> None:
        from frontline.store import review

        if self._current is None:
            return
        dialog = TextDialog(self.tr("Won't act"), self.tr(
            "Say why no action will be taken. The person who raised it will read your "
            "reason."), self.tr("A reason is required: the person who raised it will read it."),
            self, ok_text=self.tr("Won't act"))
        dialog.submitted.connect(lambda reason: self._run_review(
            lambda db, obs_id: review.wont_act(db, obs_id, reason)))
        self._open_dialog(dialog)

    def ask_escalate(self) -> None:
        from frontline.store import review

        if self._current is None:
            return
        dialog = TextDialog(self.tr("Escalate to leadership"), self.tr(
            "Why does this need leadership? Your note is the first thing they read."),
            self.tr("A note is required: say why this needs leadership."), self,
            ok_text=self.tr("Escalate"))
        dialog.submitted.connect(lambda note: self._run_review(
            lambda db, obs_id: review.escalate(db, obs_id, note)))
        self._open_dialog(dialog)

    def unmerge(self) -> None:
        """Undo "duplicate of" (key u)."""
        from frontline.store import review

        self._run_review(review.unmerge)

    def ask_duplicate(self) -> None:
        from frontline.store import review

        if self._current is None:
            return
        dialog = DuplicateDialog(self, self._current.observation.id)
        dialog.chosen.connect(lambda original: self._run_review(
            lambda db, obs_id: review.mark_duplicate(db, obs_id, original)))
        self._open_dialog(dialog)
