"""The capture form: the employee's home screen.

Keyboard-first: focus starts in the summary, Tab walks the fields in reading order,
Ctrl+Enter saves, Esc clears (asking first when text was typed), Alt+letter jumps to a
field. What is typed is autosaved as a draft ~500 ms after typing stops, on the writer
thread; the draft carries the id the observation will get, so saving twice (a crash
between the save and the draft's removal) updates instead of duplicating.

Before a save, customer personal data is looked for off the GUI thread with the store's
own rule (`frontline.store.privacy`): under the organisation's "redact" policy the form
lists what will be replaced and asks (Save with replacements / Edit instead); under "block"
it refuses, naming field and kind. The store applies the same rule whatever the form did.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from frontline.core import taxonomy
from frontline.core.draft import Draft
from frontline.core.errors import ValidationError
from frontline.core.taxonomy import Category, Choice

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from frontline.core.model import Observation
from frontline.ui.changes import OpChanges
from frontline.ui.operations import drafts
from frontline.ui.operations.observations import save_observation
from frontline.ui.operations.privacy import Checked, check_personal_data, staff_and_public_numbers
from frontline.ui.operations.reference import CaptureChoices, anonymity_warning, capture_choices
from frontline.ui.ops import error_text
from frontline.ui.qtcompat import emit
from frontline.ui.resources import icon
from frontline.ui.text import taxonomy_label

log = logging.getLogger(__name__)

DRAFT_KEY = "capture"
AUTOSAVE_DELAY_MS = 500
SUCCESS_BANNER_MS = 6000
#: A counter appears once a text reaches this share of its limit.
COUNTER_FROM = 0.8
COUNTER_NEVER_BELOW = 100



class Banner(QFrame):
    """A one-line message above the form: success (fades after a while), problem, info."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self._label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def text(self) -> str:
        parent = self.parentWidget()
        shown = self.isVisibleTo(parent) if parent is not None else self.isVisible()
        return self._label.text() if shown else ""

    def tone(self) -> str:
        return str(self.property("tone") or "")

    def show_message(self, tone: str, text: str, *, timeout_ms: int = 0) -> None:
        from PySide6.QtCore import Qt  # here, not at start: Qt's enums cost ~30 ms to create

        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setProperty("tone", tone)
        self._label.setText(text)
        self._label.setAccessibleName(text)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()
        # Screen readers announce the message (a save, a problem) without moving focus.
        from PySide6.QtGui import QAccessible, QAccessibleEvent

        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self._label,
                                                             QAccessible.Event.Alert))
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()


class _CountedField(QWidget):
    """A text input with a character counter that appears near its limit."""

    def __init__(self, editor: QLineEdit | QPlainTextEdit, field: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.field = field
        self.counter = QLabel(self)
        self.counter.setObjectName("counter")
        self.counter.hide()  # aligned right when first shown (`_show_counter`)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.counter)
        signal = editor.textChanged
        signal.connect(self._update)

    @property
    def limit(self) -> int:
        """The field's length limit (`frontline.core.model` is imported on first use, off
        the start-up path: it pulls in the id generator, ~50-100 ms)."""
        from frontline.core.model import TEXT_FIELDS

        return TEXT_FIELDS[self.field]

    def text(self) -> str:
        e = self.editor
        return e.text() if isinstance(e, QLineEdit) else e.toPlainText()

    def set_text(self, text: str) -> None:
        e = self.editor
        if isinstance(e, QLineEdit):
            e.setText(text)
        else:
            e.setPlainText(text)

    @Slot()
    def _update(self) -> None:
        n = len(self.text())
        # Nothing under COUNTER_NEVER_BELOW characters is near a limit (a test holds the
        # limits to that), so the first keystrokes never wait for the model to import.
        if n >= COUNTER_NEVER_BELOW and n >= self.limit * COUNTER_FROM:
            over = n > self.limit
            self.counter.setText(self.tr("%1 of %2 characters").replace("%1", str(n))
                                 .replace("%2", str(self.limit)))
            if over:
                self.counter.setText(self.counter.text() + " — " + self.tr("too long"))
            self.counter.setProperty("over", over)
            self.counter.style().unpolish(self.counter)
            self.counter.style().polish(self.counter)
            if self.counter.isHidden():
                from PySide6.QtCore import Qt

                self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.counter.show()
        else:
            self.counter.hide()


class CaptureForm(QWidget):
    """Record one observation; emits `observation_saved` with the stored observation."""

    observation_saved = Signal(object)
    #: Emitted whenever the draft changes on disk (saved or cleared); for tests and status.
    draft_saved = Signal()
    #: The small-group warning was looked up (its text, empty when none is needed).
    anonymity_warning_changed = Signal(str)

    def __init__(self, settings: QSettings, parent: QWidget | None = None, *,
                 defer_setup: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("capture_form")
        self._settings = settings
        self._obs_id: str | None = None  # made when first needed
        self._editing: Observation | None = None
        self._saving = False
        self._store_unavailable = False
        self._draft_ready = False  # the stored draft has been looked at (restored or absent)
        self._restoring = False
        self._department_overridden = False
        self._categories: list[Category] = list(taxonomy.CATEGORIES)
        self._pending_confirm: QMessageBox | None = None
        #: who is at the PC (set by the person switcher), for the small-team warning
        self.person_id: str | None = None

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self._on_autosave_timeout)

        self._build()
        self._apply_choices(list(taxonomy.CHANNELS), list(taxonomy.CUSTOMER_TYPES),
                            list(taxonomy.DEPARTMENTS), list(taxonomy.CATEGORIES))
        self._reset(keep_defaults=False)
        self.pii: Any = None  # the personal-data guard, made by `finish_setup`
        #: staff names and public numbers from the reference data (for the guard)
        self._privacy_context: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        #: the confirmation shown before personal data is replaced (None when not shown)
        self.pii_confirm: QMessageBox | None = None
        if not defer_setup:
            self.finish_setup()

    def finish_setup(self) -> None:
        """The keyboard shortcuts and the personal-data guard. The app calls this just after
        the window is first painted (`defer_setup=True`): creating Qt's enum types for them
        costs ~30 ms that the first paint need not wait for. Calling it again does nothing."""
        if self.pii is not None:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence, QShortcut

        from frontline.ui.pii_highlight import PiiGuard

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._on_escape)
        self.pii = PiiGuard(self, [self.summary.editor, self.customer_words.editor,
                                   self.details.editor, self.action_taken.editor,
                                   self.suggestion.editor], self._pii_warning)
        if self._privacy_context is not None:
            self.pii.set_context(*self._privacy_context)

    # --- building -----------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        page = QVBoxLayout(body)
        page.setContentsMargins(24, 18, 24, 18)
        page.setSpacing(12)

        header = QHBoxLayout()
        title = QLabel(self.tr("What did you hear from a customer?"))
        title.setObjectName("page_title")
        header.addWidget(title)
        header.addStretch(1)
        hint = QLabel(self.tr("Ctrl+Enter saves · Esc clears"))
        hint.setObjectName("hint")
        header.addWidget(hint)
        page.addLayout(header)

        self.banner = Banner(self)
        page.addWidget(self.banner)

        # Kind: three big toggle buttons.
        kinds = QHBoxLayout()
        kinds.setSpacing(10)
        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        self.kind_buttons: dict[str, QPushButton] = {}
        texts = {"pain_point": self.tr("&Pain point"), "praise": self.tr("P&raise"),
                 "idea": self.tr("&Idea")}
        tips = {"pain_point": self.tr("Something the customer struggled with (Alt+P)"),
                "praise": self.tr("Something the customer liked (Alt+R)"),
                "idea": self.tr("Something you or the customer would change (Alt+I)")}
        for code, text in texts.items():
            button = QPushButton(icon(code.replace("_", "-")), text)
            button.setObjectName("kind_button")
            button.setCheckable(True)
            button.setToolTip(tips[code])
            button.setAccessibleName(self.tr("Kind: %1").replace("%1", text.replace("&", "")))
            button.setMinimumHeight(44)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.kind_group.addButton(button)
            self.kind_buttons[code] = button
            kinds.addWidget(button)
            button.toggled.connect(self._on_field_edited)
        kind_label = QLabel(self.tr("This is a…"))
        kind_label.setObjectName("hint")
        page.addWidget(kind_label)
        page.addLayout(kinds)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        page.addLayout(columns, 1)

        # Left: what happened, in words.
        left = QGridLayout()
        left.setVerticalSpacing(4)
        left.setHorizontalSpacing(8)
        columns.addLayout(left, 3)

        self.summary = _CountedField(QLineEdit(), "summary")
        self.summary.editor.setPlaceholderText(
            self.tr("In one line: what did the customer experience?"))
        self.customer_words = _CountedField(self._text_edit(2), "customer_words")
        self.customer_words.editor.setPlaceholderText(
            self.tr("Their words, as close as you remember them"))
        self.details = _CountedField(self._text_edit(3), "details")
        self.details.editor.setPlaceholderText(self.tr("What happened, when, what was involved"))
        self.action_taken = _CountedField(self._text_edit(2), "action_taken")
        self.action_taken.editor.setPlaceholderText(
            self.tr("e.g. offered a refund, called the warehouse"))
        self.suggestion = _CountedField(self._text_edit(2), "suggestion")
        self.suggestion.editor.setPlaceholderText(self.tr("What would fix it for next time?"))

        row = 0
        summary_label = self._label(self.tr("&Summary"), self.summary.editor)
        required = QLabel(self.tr("(required)"))
        required.setObjectName("required_mark")
        required.setAccessibleName(self.tr("Summary is required"))
        label_row = QHBoxLayout()
        label_row.setSpacing(6)
        label_row.addWidget(summary_label)
        label_row.addWidget(required)
        label_row.addStretch(1)
        left.addLayout(label_row, row, 0)
        row += 1
        left.addWidget(self.summary, row, 0)
        row += 1
        self.field_names: dict[str, QWidget] = {"summary": self.summary.editor}
        left.setRowMinimumHeight(row, 0)
        for name, text, field in (
            ("customer_words", self.tr("&What the customer said"), self.customer_words),
            ("details", self.tr("&Details"), self.details),
            ("action_taken", self.tr("What y&ou did on the spot"), self.action_taken),
            ("suggestion", self.tr("Su&ggestion"), self.suggestion),
        ):
            label = self._label(text, field.editor)
            label.setContentsMargins(0, 8, 0, 0)
            left.addWidget(label, row, 0)
            left.addWidget(field, row + 1, 0)
            row += 2
            self.field_names[name] = field.editor
        self.summary.editor.setAccessibleName(self.tr("Summary (required)"))
        self.customer_words.editor.setAccessibleName(self.tr("What the customer said"))
        self.details.editor.setAccessibleName(self.tr("Details"))
        self.action_taken.editor.setAccessibleName(self.tr("What you did on the spot"))
        self.suggestion.editor.setAccessibleName(self.tr("Suggestion"))

        self._pii_warning = QLabel()
        self._pii_warning.setObjectName("pii_warning")
        self._pii_warning.setWordWrap(True)
        self._pii_warning.hide()
        left.addWidget(self._pii_warning, row, 0)
        left.setRowStretch(row + 1, 1)  # fields pack at the top; spare height stays below

        # Right: classification.
        right = QGridLayout()
        right.setVerticalSpacing(4)
        columns.addLayout(right, 2)
        self.channel = QComboBox()
        self.customer_type = QComboBox()
        self.category = QComboBox()
        self.department = QComboBox()
        self.severity = QComboBox()
        self.severity.addItem(self.tr("Not rated"), None)
        for value, text in ((1, self.tr("1 — minor")), (2, self.tr("2")),
                            (3, self.tr("3 — noticeable")), (4, self.tr("4")),
                            (5, self.tr("5 — severe"))):
            self.severity.addItem(text, value)
        r = 0
        for name, text, widget, accessible in (
            ("channel", self.tr("&Channel"), self.channel, self.tr("Channel")),
            ("customer_type", self.tr("Customer &type"), self.customer_type,
             self.tr("Customer type")),
            ("category", self.tr("C&ategory"), self.category, self.tr("Category")),
            ("department", self.tr("Owning d&epartment"), self.department,
             self.tr("Owning department")),
            ("severity", self.tr("Se&verity"), self.severity, self.tr("Severity")),
        ):
            widget.setAccessibleName(accessible)
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(18)
            label = self._label(text, widget)
            if r:
                label.setContentsMargins(0, 8, 0, 0)
            right.addWidget(label, r, 0)
            right.addWidget(widget, r + 1, 0)
            r += 2
            self.field_names[name] = widget
        self.category.activated.connect(self._on_category_chosen)
        self.department.activated.connect(self._on_department_chosen)
        self.switch_risk = QCheckBox(self.tr("Customer might &leave us"))
        self.switch_risk.setAccessibleName(self.tr("Customer might leave us"))
        self.anonymous = QCheckBox(self.tr("Submit a&nonymously"))
        self.anonymous.setAccessibleName(self.tr("Submit anonymously"))
        self.anonymous.setToolTip(self.tr("Your name is not attached; your manager still "
                                          "sees what was said."))
        # shown while Anonymous is ticked, when the group is small enough to guess the author
        self.anonymity_warning = QLabel()
        self.anonymity_warning.setObjectName("anonymity_warning")
        self.anonymity_warning.setWordWrap(True)
        self.anonymity_warning.setAccessibleName(self.tr("Anonymity warning"))
        self.anonymity_warning.hide()
        self.anonymous.toggled.connect(self._on_anonymous_toggled)
        right.setRowMinimumHeight(r, 12)
        right.addWidget(self.switch_risk, r + 1, 0)
        right.addWidget(self.anonymous, r + 2, 0)
        right.addWidget(self.anonymity_warning, r + 3, 0)
        right.setRowStretch(r + 4, 1)
        for widget in (self.channel, self.customer_type, self.category, self.department,
                       self.severity):
            widget.currentIndexChanged.connect(self._on_field_edited)
        for box in (self.switch_risk, self.anonymous):
            box.toggled.connect(self._on_field_edited)
        for field in self._text_fields().values():
            field.editor.textChanged.connect(self._on_field_edited)

        # Buttons.
        buttons = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("Clear (Esc)"))
        self.clear_button.setObjectName("secondary_button")
        self.clear_button.setAccessibleName(self.tr("Clear the form"))
        self.clear_button.clicked.connect(self._on_escape)
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setObjectName("save_button")
        self.save_button.setAccessibleName(self.tr("Save the observation"))
        self.save_button.setMinimumHeight(40)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        # Outside the scroll area: Save stays on screen however small the window is
        # (seen at 900×600, where it had scrolled out of view).
        buttons.setContentsMargins(24, 8, 24, 12)
        outer.addLayout(buttons)

        order: list[QWidget] = [
            *self.kind_buttons.values(), self.summary.editor, self.customer_words.editor,
            self.details.editor, self.action_taken.editor, self.suggestion.editor,
            self.channel, self.customer_type, self.category, self.department, self.severity,
            self.switch_risk, self.anonymous, self.save_button, self.clear_button,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _text_edit(self, lines: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)  # Tab moves on; it never types a tab character
        metrics = edit.fontMetrics()
        edit.setMinimumHeight(metrics.lineSpacing() * lines + 16)
        edit.setMaximumHeight(metrics.lineSpacing() * (lines + 1) + 16)
        return edit

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _text_fields(self) -> dict[str, _CountedField]:
        return {"summary": self.summary, "customer_words": self.customer_words,
                "details": self.details, "action_taken": self.action_taken,
                "suggestion": self.suggestion}

    # --- reference data ------------------------------------------------------------

    def load_reference(self) -> None:
        """Read the choices the server sent (once the store is open, and after a sync
        that brought new ones)."""
        capture_choices(parent=self).success(self._on_reference_loaded).failure(
            lambda error: log.warning("reference data unavailable: %s", type(error).__name__)
        ).run_in_background()
        staff_and_public_numbers(parent=self).success(self._on_privacy_context).failure(
            lambda error: log.warning("reference data unavailable: %s", type(error).__name__)
        ).run_in_background()

    def _on_privacy_context(self, context: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
        self._privacy_context = context
        if self.pii is not None:
            self.pii.set_context(*context)

    def _on_reference_loaded(self, lists: CaptureChoices) -> None:
        self.set_reference(*lists)

    @Slot(object, object)
    def on_changes_made(self, changes: OpChanges, _initiator: object) -> None:
        if changes.reference:
            self.load_reference()

    def set_reference(self, channels: list[Choice], customer_types: list[Choice],
                      departments: list[Choice], categories: list[Category]) -> None:
        """Replace the choices (from the store, or later from the server), keeping what
        is selected where it still exists."""
        restoring = self._restoring
        self._restoring = True
        try:
            keep = {w: w.currentData() for w in (self.channel, self.customer_type,
                                                 self.category, self.department)}
            self._apply_choices(channels, customer_types, departments, categories)
            for widget, code in keep.items():
                self._select(widget, code)
        finally:
            self._restoring = restoring

    def _apply_choices(self, channels: list[Choice], customer_types: list[Choice],
                       departments: list[Choice], categories: list[Category]) -> None:
        self._categories = categories
        for widget, items, none_text in (
            (self.channel, channels, None),
            (self.customer_type, customer_types, None),
            (self.category, categories, self.tr("Not sure — a manager will choose")),
            (self.department, departments, self.tr("Set by the category")),
        ):
            widget.blockSignals(True)
            widget.clear()
            if none_text is not None:
                widget.addItem(none_text, None)
            for choice in items:
                widget.addItem(taxonomy_label(choice.label), choice.code)
            widget.blockSignals(False)

    @staticmethod
    def _select(widget: QComboBox, code: Any) -> None:
        index = widget.findData(code)
        widget.setCurrentIndex(index if index >= 0 else 0)

    # --- reading and filling -------------------------------------------------------

    def kind(self) -> str:
        for code, button in self.kind_buttons.items():
            if button.isChecked():
                return code
        return ""

    def has_text(self) -> bool:
        """True when anything was typed in a text field."""
        return any(f.text().strip() for f in self._text_fields().values())

    def draft(self) -> Draft:
        """What the form holds (its mapping to an observation is `Draft`'s)."""
        severity = self.severity.currentData()
        return Draft(
            id=self.observation_id(), kind=self.kind(),
            **{name: f.text() for name, f in self._text_fields().items()},
            channel=self.channel.currentData(), customer_type=self.customer_type.currentData(),
            category=self.category.currentData(), department=self.department.currentData(),
            department_overridden=self._department_overridden,
            severity=int(severity) if severity is not None else None,
            switch_risk=self.switch_risk.isChecked(), anonymous=self.anonymous.isChecked(),
            editing=self._editing)

    def fill(self, draft: Draft) -> None:
        """Put a draft (or an observation being edited) into the form."""
        self._restoring = True
        try:
            for name, field in self._text_fields().items():
                field.set_text(getattr(draft, name))
            self._set_kind(draft.kind or "pain_point")
            for combo, code in ((self.channel, draft.channel),
                                (self.customer_type, draft.customer_type),
                                (self.category, draft.category),
                                (self.department, draft.department),
                                (self.severity, draft.severity)):
                self._select(combo, code)
            self.switch_risk.setChecked(draft.switch_risk)
            self.anonymous.setChecked(draft.anonymous)
            self._department_overridden = draft.department_overridden
            self._obs_id = draft.id
            self._editing = draft.editing
        finally:
            self._restoring = False
        self._update_mode()

    def observation_id(self) -> str:
        """The id the observation in the form will be saved under (kept in the draft)."""
        if self._obs_id is None:
            from frontline.core.ids import new_id

            self._obs_id = new_id()
        return self._obs_id

    def _set_kind(self, code: str) -> None:
        button = self.kind_buttons.get(code) or self.kind_buttons["pain_point"]
        button.setChecked(True)

    def _reset(self, *, keep_defaults: bool = True) -> None:
        """An empty form with a new id; kind and channel stay as last used on this PC."""
        self._restoring = True
        try:
            for field in self._text_fields().values():
                field.set_text("")
            kind = self.kind() if keep_defaults else ""
            self._set_kind(kind or str(self._settings.value("capture/kind", "pain_point")))
            self._select(self.channel, self._settings.value("capture/channel", "in_store"))
            self._select(self.customer_type, "unknown")
            for widget in (self.category, self.department, self.severity):
                widget.setCurrentIndex(0)
            self.switch_risk.setChecked(False)
            self.anonymous.setChecked(False)  # a shared PC: never carried over to the next person
            self._department_overridden = False
            self._obs_id = None
            self._editing = None
            self._clear_invalid()
        finally:
            self._restoring = False
        self._update_mode()

    def _update_mode(self) -> None:
        editing = self._editing is not None
        self.save_button.setText(self.tr("Save changes (Ctrl+Enter)") if editing
                                 else self.tr("Save (Ctrl+Enter)"))
        self.clear_button.setText(self.tr("Stop editing (Esc)") if editing
                                  else self.tr("Clear (Esc)"))

    # --- editing and autosave ------------------------------------------------------

    @Slot()
    def _on_field_edited(self, *_args: Any) -> None:
        if self._restoring:
            return
        sender = self.sender()
        for name, widget in self.field_names.items():
            if widget is sender or (name == "kind" and sender in self.kind_buttons.values()):
                self._mark_invalid(widget, False)
        self._autosave.start()

    @Slot(int)
    def _on_category_chosen(self, index: int) -> None:
        if self._department_overridden:
            return
        code = self.category.itemData(index)
        department = next((c.department for c in self._categories if c.code == code), None)
        self._select(self.department, department)

    @Slot(int)
    def _on_department_chosen(self, _index: int) -> None:
        self._department_overridden = self.department.currentData() is not None

    @Slot()
    def _on_autosave_timeout(self) -> None:
        self.save_draft_now()

    def save_draft_now(self) -> None:
        """Write the draft (or forget it when the form is empty) on the writer thread."""
        self._autosave.stop()
        if not self._draft_ready:
            # The stored draft has not been looked at yet; writing now would overwrite it.
            self._autosave.start()
            return
        if self.has_text() or self._editing is not None:
            op = drafts.save_draft(parent=self, key=DRAFT_KEY, fields=self.draft().to_dict())
        else:
            op = drafts.clear_draft(parent=self, key=DRAFT_KEY)
        op.success(lambda _: emit(self.draft_saved)).failure(
            self._on_draft_failed).run_in_background()

    def _on_draft_failed(self, error: BaseException) -> None:
        log.warning("the draft could not be saved: %s", type(error).__name__)
        if self.banner.tone() == "problem" and self.banner.text():
            return  # a save failure is already explained, and says the text is kept
        self.banner.show_message("problem", self.tr("Your draft could not be saved: %1")
                                 .replace("%1", error_text(error)))

    def load_draft(self) -> None:
        """Restore the stored draft (once the store is open)."""
        drafts.load_draft(parent=self, key=DRAFT_KEY).success(self._on_draft_loaded).failure(
            self._on_draft_load_failed).run_in_background()

    def _on_draft_loaded(self, values: dict[str, Any] | None) -> None:
        self._draft_ready = True
        if not values:
            return
        if self.has_text():
            log.info("a draft was found but the form is already in use; keeping what is typed")
            return
        self.fill(Draft.from_dict(values))
        log.info("draft restored")
        self.banner.show_message("info", self.tr("Your unsaved observation is back, as you "
                                                 "left it. Save it with Ctrl+Enter."),
                                 timeout_ms=SUCCESS_BANNER_MS)

    def _on_draft_load_failed(self, error: BaseException) -> None:
        self._draft_ready = True
        log.warning("the draft could not be read: %s", type(error).__name__)

    def draft_ready(self) -> bool:
        return self._draft_ready

    @Slot(bool)
    def _on_anonymous_toggled(self, checked: bool) -> None:
        """Before an anonymous save, say so when the team or store is small enough for a
        manager to guess the author (`frontline.store.anonymity`)."""
        if not checked:
            self.anonymity_warning.hide()
            return
        anonymity_warning(parent=self, person_id=self.person_id).success(
            self._on_anonymity_warning).failure(
            lambda _error: None).run_in_background()

    def _on_anonymity_warning(self, text: str | None) -> None:
        self.anonymity_warning.setText(text or "")
        self.anonymity_warning.setVisible(bool(text) and self.anonymous.isChecked())
        emit(self.anonymity_warning_changed, text or "")

    def store_unavailable(self) -> None:
        """The store could not open: stop waiting for a draft, and saving cannot work."""
        self._draft_ready = True
        self._store_unavailable = True
        self._autosave.stop()
        self.save_button.setEnabled(False)

    # --- saving ---------------------------------------------------------------------

    def build_observation(self) -> Observation:
        """The observation the form describes (not validated); a new one is the signed-in
        person's unless it is anonymous."""
        return self.draft().to_observation(author_id=self.person_id)

    @Slot()
    def save(self) -> None:
        """Validate, then save on the writer thread; the form stays responsive."""
        if self._saving or self._store_unavailable:
            return  # the banner already says why nothing can be saved
        draft = self.draft()
        problems = draft.validate()
        if problems:
            self.show_validation(ValidationError(problems))
            return
        obs = draft.to_observation(author_id=self.person_id)
        self._clear_invalid()
        self._saving = True
        self._autosave.stop()
        self.save_button.setEnabled(False)
        # customer personal data: say what will be replaced (or refuse) before saving; the
        # store applies the same rule (`frontline.store.privacy`)
        from frontline.store.observations import TEXT_COLUMNS

        check_personal_data(parent=self, fields={n: getattr(obs, n) for n in TEXT_COLUMNS}
                            ).success(lambda checked: self._on_checked(obs, checked)).failure(
            self._on_save_failed).run_in_background()

    def _on_checked(self, obs: Observation, checked: Checked) -> None:
        if not checked.found:
            self._store(obs)
            return
        from frontline.ui.pii_highlight import confirm_replacements, refusal_text

        fields = list(dict.fromkeys(f.field for f in checked.found))
        for name in fields:
            if name in self.field_names:
                self._mark_invalid(self.field_names[name], True)
        if checked.policy == "block":
            self._saving = False
            self.save_button.setEnabled(True)
            log.info("not saved: personal data under the block policy")
            self.banner.show_message("problem", refusal_text(checked.found))
            self._focus_field(fields[0])
            self.save_draft_now()
            return

        def edit_instead() -> None:
            self.pii_confirm = None
            self._saving = False
            self.save_button.setEnabled(True)
            # once the box has given focus back (to where it was before it opened)
            QTimer.singleShot(0, self, lambda: self._focus_field(fields[0]))

        def save_anyway() -> None:
            self.pii_confirm = None
            self._clear_invalid()
            self._store(obs)

        self.pii_confirm = confirm_replacements(self, checked.found, on_save=save_anyway,
                                                on_edit=edit_instead)

    def _focus_field(self, name: str) -> None:
        widget = self.field_names.get(name)
        if widget is not None:
            widget.setFocus()

    def _store(self, obs: Observation) -> None:
        log.info("saving observation %s", obs.id)
        save_observation(parent=self, obs=obs, draft_key=DRAFT_KEY).success(
            self._on_saved).failure(
            self._on_save_failed).run_in_background()

    def _on_saved(self, saved: Observation) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        was_edit = self._editing is not None
        log.info("saved observation %s", saved.id)
        self._settings.setValue("capture/kind", saved.kind)
        self._settings.setValue("capture/channel", saved.channel)
        self._reset()
        message = (self.tr("Changes saved — they will sync when the PC is online.") if was_edit
                   else self.tr("Saved — it will sync when the PC is online."))
        if saved.anonymous:  # nobody's: on a shared PC, listed for nobody from now on
            message = self.tr("Saved anonymously — it carries no name, and it will sync when "
                              "the PC is online.")
        summary = saved.summary if len(saved.summary) <= 60 else saved.summary[:59] + "…"
        message = f"✓ {message}  “{summary}”"
        self.banner.show_message("success", message, timeout_ms=SUCCESS_BANNER_MS)
        self.summary.editor.setFocus()
        emit(self.observation_saved, saved)

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_validation(error)
            return
        log.warning("saving failed: %s", type(error).__name__)
        from frontline.core.errors import KnownError, TransitionError

        if not isinstance(error, KnownError | TransitionError):
            from frontline.ui.crash import report_crash

            report_crash(type(error), error, error.__traceback__)
        self.banner.show_message(
            "problem", self.tr("Not saved. %1").replace("%1", error_text(error)))
        self.save_draft_now()  # the text stays in the form and in the draft

    def show_validation(self, error: ValidationError) -> None:
        """Highlight each field with a problem, say what to fix, focus the first one."""
        self._clear_invalid()
        first: QWidget | None = None
        for problem in error.errors:
            widget = self.field_names.get(problem.field)
            if widget is None and problem.field == "kind":
                widget = self.kind_buttons["pain_point"]
            if widget is not None:
                self._mark_invalid(widget, True)
                first = first or widget
        self.banner.show_message("problem", "\n".join(e.message for e in error.errors))
        if first is not None:
            first.setFocus()

    def _mark_invalid(self, widget: QWidget, invalid: bool) -> None:
        if bool(widget.property("invalid")) == invalid:
            return
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _clear_invalid(self) -> None:
        for widget in self.field_names.values():
            self._mark_invalid(widget, False)

    # --- clearing and editing an existing observation ---------------------------------

    @Slot()
    def _on_escape(self) -> None:
        if self._editing is not None:
            self._confirm(self.tr("Stop editing?"),
                          self.tr("Your changes to this observation are not saved. "
                                  "Stop editing and discard them?"),
                          self.tr("Discard changes"), self.clear)
        elif self.has_text():
            self._confirm(self.tr("Clear the form?"),
                          self.tr("What you typed will be deleted."),
                          self.tr("Clear"), self.clear)
        else:
            self.clear()

    def clear(self) -> None:
        """Empty the form and forget the draft."""
        self.banner.hide()
        self._reset()
        self.save_draft_now()
        self.summary.editor.setFocus()

    def _confirm(self, title: str, text: str, yes: str, then: Callable[[], None]) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirm_box")
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep typing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def finished() -> None:
            self._pending_confirm = None
            if box.clickedButton() is yes_button:
                then()
            else:
                self.summary.editor.setFocus()

        box.finished.connect(finished)
        self._pending_confirm = box
        box.open()

    def edit(self, obs: Observation) -> None:
        """Load one of the author's observations to change it (only while status is new)."""
        if not obs.editable_by_author:
            self.banner.show_message("problem", self.tr(
                "This observation is already being reviewed, so it can no longer be changed."))
            return

        def load() -> None:
            self.fill(Draft.from_observation(obs))
            self.banner.show_message("info", self.tr(
                "Editing your observation. Ctrl+Enter saves the changes; Esc stops editing."))
            self.summary.editor.setFocus()
            self.save_draft_now()

        if self.has_text() and (self._editing is None or self._editing.id != obs.id):
            self._confirm(self.tr("Replace what you are typing?"),
                          self.tr("The form holds an observation that is not saved yet. "
                                  "Replace it with the one you want to edit?"),
                          self.tr("Replace"), load)
        else:
            load()

    def editing_id(self) -> str | None:
        return self._editing.id if self._editing is not None else None
