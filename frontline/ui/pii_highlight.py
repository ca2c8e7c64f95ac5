"""Personal data in the capture form: highlight it, warn, and redact on Ctrl+Shift+R.

Detection is `frontline.core.pii.detect(text) -> [Entity(kind, start, end)]`; redaction is
`frontline.core.pii.redact(text)`. When that module is not available the guard does
nothing. Detection runs on the GUI thread after a short pause in typing: it is pure
Python over a few hundred characters. Importing the detector takes about half a second
(phone metadata, compiled patterns), so it is loaded on a background thread once the
window is up, and the guard switches on when it arrives; text typed before is checked then.
Staff names and the organisation's public numbers (`PiiGuard.set_context`) are never marked.

Before a save (issue 12): `confirm_replacements` lists what the store will replace, per
field, with Save with replacements / Edit instead; `refusal_text` says why nothing is saved
under the organisation's "block" policy. The capture form and the inbox use both.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from frontline.ui.qtcompat import call_on_main, emit, prepare_main_relay

if TYPE_CHECKING:
    from frontline.store.privacy import Found

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 300


def _load_pii() -> Any:
    """The detector, imported off the GUI thread at start (its tables take a moment)."""
    return importlib.import_module("frontline.core.pii")


def _highlighter(document: Any, detect: Callable[[str], Sequence[Any]]) -> Any:
    """A QSyntaxHighlighter marking detected spans in a multi-line field (its Qt classes
    load only when the detector has arrived, to keep them off the start-up path)."""
    from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat

    class Highlighter(QSyntaxHighlighter):
        def __init__(self) -> None:
            super().__init__(document)
            self._format = QTextCharFormat()
            self._format.setBackground(QColor("#ffe08a"))
            self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            self._format.setUnderlineColor(QColor("#b3261e"))

        def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
            try:
                entities = detect(text)
            except Exception:  # noqa: BLE001 - highlighting must never break typing
                log.exception("personal-data detection failed")
                return
            for entity in entities:
                # Python offsets count code points; Qt's count UTF-16 units (emoji: two).
                start = _utf16_len(text[:entity.start])
                self.setFormat(start, _utf16_len(text[entity.start:entity.end]), self._format)

    return Highlighter()


def _mark_line(editor: QLineEdit, entities: Sequence[Any]) -> None:
    """Mark detected spans in a one-line field, as the highlighter does in the others. A
    QLineEdit has no highlighter: its text formats are set by an input method event with
    nothing to insert (positions relative to the cursor).
    https://stackoverflow.com/questions/14417333/how-can-i-change-color-of-part-of-the-text-in-qlineedit
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QColor, QInputMethodEvent, QTextCharFormat

    text = editor.text()
    cursor = editor.cursorPosition()
    mark = QTextCharFormat()
    mark.setBackground(QColor("#ffe08a"))
    mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    mark.setUnderlineColor(QColor("#b3261e"))
    attributes = [QInputMethodEvent.Attribute(
        QInputMethodEvent.AttributeType.TextFormat,
        _utf16_len(text[:e.start]) - cursor, _utf16_len(text[e.start:e.end]), mark)
        for e in entities]
    QCoreApplication.sendEvent(editor, QInputMethodEvent("", attributes))


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _kind_text(kind: str) -> str:
    from PySide6.QtCore import QCoreApplication

    from frontline.store.privacy import KIND_WORDS

    return QCoreApplication.translate("PiiGuard", KIND_WORDS.get(kind.upper(),
                                                                 "personal data"))


def _field_text(field: str) -> str:
    from PySide6.QtCore import QCoreApplication

    from frontline.store.privacy import FIELD_LABELS

    return QCoreApplication.translate("PiiGuard", FIELD_LABELS.get(field, field))


def _pairs(found: Sequence[Found]) -> list[tuple[str, str]]:
    """(field, kind) of each find, each pair once, in order."""
    return list(dict.fromkeys((f.field, f.kind) for f in found))


def replacements_text(found: Sequence[Found]) -> str:
    """"Before saving, these will be replaced:" and one line per field, each kind with the
    placeholder it becomes ("• Details: a phone number → [phone], a card number → [card]")."""
    from PySide6.QtCore import QCoreApplication

    from frontline.core.pii import PLACEHOLDERS

    by_field: dict[str, list[str]] = {}
    for field, kind in _pairs(found):
        by_field.setdefault(field, []).append(
            f"{_kind_text(kind)} → {PLACEHOLDERS.get(kind, '')}")
    lines = [f"• {_field_text(field)}: {', '.join(parts)}" for field, parts in by_field.items()]
    return "\n".join([QCoreApplication.translate(
        "PiiGuard", "Customers' personal data must not be stored. Before saving, these will "
        "be replaced:"), *lines])


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def refusal_text(found: Sequence[Found]) -> str:
    """Why nothing is saved under the "block" policy, naming each field and kind."""
    from PySide6.QtCore import QCoreApplication

    by_field: dict[str, list[str]] = {}
    for field, kind in _pairs(found):
        by_field.setdefault(field, []).append(_kind_text(kind))
    what = "; ".join(f"{_and(kinds)} in {_field_text(field)}"
                     for field, kinds in by_field.items())
    return QCoreApplication.translate(
        "PiiGuard", "Not saved: your organisation does not allow customers' personal data "
        "to be stored, and this holds %1. Remove it (or describe the customer without it), "
        "then save again.").replace("%1", what)


def confirm_replacements(parent: QWidget, found: Sequence[Found], *,
                         on_save: Callable[[], None], on_edit: Callable[[], None]) -> Any:
    """Ask before saving with placeholders: [Save with replacements] or [Edit instead]
    (the default, also Esc). Window-modal, so the form and its highlighted spans stay in
    view. Returns the box (open)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    def tr(text: str) -> str:
        return QCoreApplication.translate("PiiGuard", text)

    box = QMessageBox(QMessageBox.Icon.Warning, tr("Personal data will be replaced"),
                      replacements_text(found), QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("pii_confirm")
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 520px; }")
    save = box.addButton(tr("Save with replacements"), QMessageBox.ButtonRole.AcceptRole)
    save.setObjectName("pii_save_with_replacements")
    edit = box.addButton(tr("Edit instead"), QMessageBox.ButtonRole.RejectRole)
    edit.setObjectName("pii_edit_instead")
    box.setDefaultButton(edit)
    box.setEscapeButton(edit)

    def finished(_result: int) -> None:
        if box.clickedButton() is save:
            on_save()
        else:
            on_edit()

    box.finished.connect(finished)
    box.open()
    return box


class PiiGuard(QObject):
    """Watches the form's text fields for personal data."""

    #: the detector finished loading (True) or is not available (False)
    loaded_changed = Signal(bool)

    def __init__(self, form: QWidget, editors: list[QLineEdit | QPlainTextEdit],
                 warning: QLabel, *, load_delay_ms: int = 200) -> None:
        super().__init__(form)
        self._form = form
        self._pii: Any | None = None
        self._loading = False
        self._editors = editors
        self._warning = warning
        self._highlighters: list[Any] = []
        #: staff names and the organisation's public numbers (not customers' data)
        self._staff_names: tuple[str, ...] = ()
        self._public_numbers: tuple[str, ...] = ()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        QTimer.singleShot(load_delay_ms, self, self.load_in_background)

    @Slot()
    def load_in_background(self) -> None:
        """Import the detector off the GUI thread (once)."""
        if self._loading or self._pii is not None:
            return
        self._loading = True

        prepare_main_relay()

        def arrived(module: Any | None) -> None:  # on the GUI thread
            if shiboken6.isValid(self):
                self._on_module_arrived(module)
            else:
                log.debug("personal-data detector arrived after the form closed")

        def load() -> None:  # never touches this object: it may be gone by now
            module = _load_pii()
            call_on_main(lambda: arrived(module))

        threading.Thread(target=load, name="frontline-pii-load", daemon=True).start()

    def load_now(self) -> None:
        """Import the detector on this thread (tests, screenshots)."""
        if self._pii is None:
            self._on_module_arrived(_load_pii())

    @Slot(object)
    def _on_module_arrived(self, module: Any | None) -> None:
        if self._pii is not None:
            return
        self._pii = module
        if module is None:
            log.info("personal-data detection is not available")
            emit(self.loaded_changed, False)
            return
        for editor in self._editors:
            if isinstance(editor, QPlainTextEdit):
                self._highlighters.append(_highlighter(editor.document(), self.detect))
            editor.textChanged.connect(self._timer.start)
        from PySide6.QtGui import QKeySequence, QShortcut

        shortcut = QShortcut(QKeySequence("Ctrl+Shift+R"), self._form)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.redact_all)
        self.check()
        emit(self.loaded_changed, True)

    @property
    def available(self) -> bool:
        return self._pii is not None

    def set_context(self, staff_names: Sequence[str], public_numbers: Sequence[str]) -> None:
        """Names of staff and the organisation's public numbers, from the PC's reference
        data (`frontline.store.privacy.privacy_context`): never marked."""
        self._staff_names, self._public_numbers = tuple(staff_names), tuple(public_numbers)
        for highlighter in self._highlighters:
            highlighter.rehighlight()
        self.check()

    def detect(self, text: str) -> list[Any]:
        """What the store would find in `text` (with the staff names and public numbers)."""
        if self._pii is None:
            return []
        return list(self._pii.detect(text, staff_names=self._staff_names or None,
                                     public_numbers=self._public_numbers or None))

    def _text(self, editor: QLineEdit | QPlainTextEdit) -> str:
        return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()

    @Slot()
    def check(self) -> list[Any]:
        """Detect personal data in every field; show or hide the warning line."""
        if self._pii is None:
            return []
        found: list[Any] = []
        for editor in self._editors:
            try:
                entities = self.detect(self._text(editor))
            except Exception:  # noqa: BLE001 - detection must never break typing
                log.exception("personal-data detection failed")
                continue
            found.extend(entities)
            if isinstance(editor, QLineEdit):
                _mark_line(editor, entities)
        if found:
            what = _kind_text(str(getattr(found[0], "kind", "")))
            self._warning.setText(self.tr(
                "This looks like %1 — customers' personal data must not be stored. "
                "Press Ctrl+Shift+R to redact.").replace("%1", what))
            self._warning.show()
        else:
            self._warning.hide()
        return found

    @Slot()
    def redact_all(self) -> None:
        """Replace detected personal data in every field with a placeholder."""
        if self._pii is None:
            return
        for editor in self._editors:
            text = self._text(editor)
            redacted = self._pii.redact(text, self.detect(text))
            if redacted != text:
                if isinstance(editor, QLineEdit):
                    editor.setText(redacted)
                else:
                    editor.setPlainText(redacted)
        log.info("personal data redacted from the form")
        self.check()
