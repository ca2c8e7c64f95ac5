"""People on a shared PC: pick your name, type your PIN (checked offline), switch person in
two keystrokes (Ctrl+Shift+P, then type or arrow to a name and Enter), and a lock after a
time without input. Managers may sign in with their password instead (online, once; their
token is kept by the `TokenStore`).

    session = attach_people(window, data_dir, sync_service=None)
    session.person_changed.connect(...)     # Person | None
    session.open_switcher()                 # Ctrl+Shift+P

The signed-in person becomes the author of new observations (`CaptureForm.person_id`)
unless Anonymous is ticked. The PIN check (argon2, tens of milliseconds on purpose) and the
password sign-in run off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from frontline.core.vocabulary import REVIEWER_ROLES
from frontline.ui.changes import OpChanges
from frontline.ui.operations import session as ops
from frontline.ui.ops import _backend_of
from frontline.ui.qtcompat import call_on_main, emit, prepare_main_relay

if TYPE_CHECKING:
    from frontline.store.db import Store
    from frontline.sync.device import Person
    from frontline.ui.main_window import MainWindow
    from frontline.ui.sync_service import SyncService

log = logging.getLogger(__name__)

SWITCH_SHORTCUT = "Ctrl+Shift+P"
_INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                           QEvent.Type.MouseMove, QEvent.Type.Wheel})


class PersonSession(QObject):
    """Who is at the PC now, and the idle lock."""

    person_changed = Signal(object)  # Person | None
    locked = Signal()

    def __init__(self, idle_lock_seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from frontline.sync.device import PinGate

        self.person: Person | None = None
        self.gate = PinGate()
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.lock)
        self.set_idle_lock(idle_lock_seconds)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_idle_lock(self, seconds: int) -> None:
        """Lock after `seconds` without keyboard or mouse input (0: never)."""
        self.idle_lock_seconds = max(0, int(seconds))
        self.idle.setInterval(self.idle_lock_seconds * 1000)
        if self.person is not None and self.idle_lock_seconds:
            self.idle.start()

    def sign_in(self, person: Person) -> None:
        self.person = person
        log.info("a person signed in on this PC (%s)", person.role)
        if self.idle_lock_seconds:
            self.idle.start()
        emit(self.person_changed, person)

    def lock(self) -> None:
        """Nobody is signed in any more (idle, or asked for)."""
        self.idle.stop()
        if self.person is None:
            return
        self.person = None
        log.info("the PC locked")
        emit(self.person_changed, None)
        emit(self.locked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _INPUT_EVENTS and self.person is not None and self.idle_lock_seconds:
            self.idle.start()  # restart the countdown
        return False


class PersonSwitcher(QDialog):
    """Type to find your name (or use the arrows), Enter, then your PIN and Enter."""

    def __init__(self, session: PersonSession, data_dir: Path, parent: QWidget | None = None,
                 *, sync_service: SyncService | None = None) -> None:
        super().__init__(parent)
        prepare_main_relay()
        self.session = session
        self.data_dir = Path(data_dir)
        self.sync_service = sync_service
        self.people: list[Person] = []
        self.setObjectName("person_switcher")
        self.setWindowTitle("Who is using Frontline?")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        heading = QLabel("Type your name or pick it with ↑ ↓, press Enter, then type your PIN.")
        heading.setObjectName("switcher_heading")
        layout.addWidget(heading)
        self.filter = QLineEdit()
        self.filter.setObjectName("switcher_filter")
        self.filter.setPlaceholderText("Type your name…")
        self.filter.setAccessibleName("Find your name")
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(self)
        layout.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setObjectName("switcher_people")
        self.list.setAccessibleName("People at this store")
        self.list.setMinimumHeight(180)
        self.list.itemActivated.connect(lambda _item: self._to_pin())
        self.list.currentItemChanged.connect(self._on_current_changed)
        layout.addWidget(self.list)
        self.pin_label = QLabel("&PIN")
        self.pin = QLineEdit()
        self.pin.setObjectName("switcher_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("PIN")
        self.pin.setMaxLength(64)
        self.pin.returnPressed.connect(self.submit)
        self.pin_label.setBuddy(self.pin)
        row = QHBoxLayout()
        row.addWidget(self.pin_label)
        row.addWidget(self.pin, 1)
        layout.addLayout(row)
        self.password_hint = QLabel("Managers: type your password instead of a PIN to sign in "
                                    "online (needed once to review).")
        self.password_hint.setObjectName("switcher_password_hint")
        self.password_hint.setWordWrap(True)
        self.password_hint.setStyleSheet("color: #5f6368;")
        self.password_hint.hide()
        layout.addWidget(self.password_hint)
        self.message = QLabel()
        self.message.setObjectName("switcher_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setObjectName("switcher_sign_in")
        self.sign_in_button.setDefault(False)
        self.sign_in_button.setAutoDefault(False)
        self.sign_in_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton("Not now (Esc)")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self._busy = False
        self.load()

    # --- people --------------------------------------------------------------------

    def load(self) -> None:
        ops.people(parent=self).success(self.set_people).failure(
            lambda error: self.show_message(
                "The list of people could not be read from this PC's database. "
                + str(error))).run_in_background()

    def set_people(self, people: list[Person]) -> None:
        self.people = people
        self._apply_filter(self.filter.text())
        if not people:
            self.show_message("No people are known on this PC yet. The list arrives with the "
                              "first sync after the PC is enrolled; until then, observations "
                              "are saved without a name.")

    def _apply_filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        current = self.selected()
        self.list.clear()
        for person in self.people:
            if wanted and wanted not in person.display_name.casefold() and \
                    wanted not in person.username.casefold():
                continue
            label = person.display_name
            if person.role in REVIEWER_ROLES:
                label += f"  ({person.role})"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.list.addItem(item)
            if current is not None and person.id == current.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def selected(self) -> Person | None:
        item = self.list.currentItem()
        if item is None:
            return None
        user_id = item.data(Qt.ItemDataRole.UserRole)
        return next((p for p in self.people if p.id == user_id), None)

    def _on_current_changed(self, *_args: object) -> None:
        person = self.selected()
        self.password_hint.setVisible(person is not None and person.role in REVIEWER_ROLES)
        self.message.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.filter and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = 1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._to_pin()
                return True
        return super().eventFilter(watched, event)

    def _to_pin(self) -> None:
        if self.selected() is not None:
            self.pin.setFocus()
            self.pin.selectAll()

    # --- signing in ----------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.adjustSize()

    def submit(self) -> None:
        person = self.selected()
        secret = self.pin.text()
        if self._busy:
            return
        if person is None:
            self.show_message("Pick your name first (type it, or use the arrow keys).")
            self.filter.setFocus()
            return
        if not secret:
            self.show_message("Type your PIN.")
            self.pin.setFocus()
            return
        wait = self.session.gate.wait_seconds(person.id)
        if wait > 0:
            self.show_message(f"Too many wrong PINs for {person.display_name}. Try again in "
                              f"{int(wait) + 1} seconds, or ask your manager to reset it.")
            return
        self._busy = True
        self.sign_in_button.setEnabled(False)
        gate = self.session.gate
        is_manager = person.role in REVIEWER_ROLES
        if is_manager and not secret.isdigit():
            self._manager_sign_in(person, secret)  # a password, not a PIN: checked online
            return

        def checked(found: Person | None) -> None:
            if found is not None:
                self._signed_in(found)
            else:
                self._wrong(person)

        ops.check_pin(parent=self, gate=gate, user_id=person.id, pin=secret).success(
            checked).failure(self._failed).run_in_background()

    def _wrong(self, person: Person) -> None:
        self._busy = False
        self.sign_in_button.setEnabled(True)
        wait = self.session.gate.wait_seconds(person.id)
        text = "That PIN is not right. Try again"
        if wait > 0:
            text = (f"That PIN is not right, and there have been several wrong tries: wait "
                    f"{int(wait) + 1} seconds before trying again")
        if not person.has_pin:
            text = (f"{person.display_name} has no PIN on this PC yet. Ask your manager to set "
                    "one")
        self.show_message(text + ".")
        self.pin.setFocus()
        self.pin.selectAll()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.sign_in_button.setEnabled(True)
        self.show_message(f"Signing in did not work: {error}")

    def _manager_sign_in(self, person: Person, password: str) -> None:
        """Online sign-in with a password, on a worker thread (never the GUI thread)."""
        self.show_message("Signing in with the server…")
        data_dir = self.data_dir
        backend_store = _backend_store(self)

        def work() -> None:
            from frontline.sync import device

            try:
                client = device.make_client(data_dir)
                try:
                    device.sign_in(backend_store.connection(), client, person.username,
                                   password)
                finally:
                    client.close()
                    backend_store.close()  # this thread's connection
            except Exception as error:  # noqa: BLE001 - shown in words
                call_on_main(partial(self._manager_done, person, error))
            else:
                call_on_main(lambda: self._manager_done(person, None))

        threading.Thread(target=work, name="frontline-sign-in", daemon=True).start()

    def _manager_done(self, person: Person, error: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return
        if error is None:
            if self.sync_service is not None:
                self.sync_service.act_as(person.id)
            # a reviewer signed in: the inbox shows their stores now, not after a sync
            _backend_of(self).changes.announce(OpChanges(session=True), self)
            self._signed_in(person)
            return
        self._busy = False
        self.sign_in_button.setEnabled(True)
        from frontline.core.errors import SyncError

        if isinstance(error, SyncError) and error.kind == "unauthorized":
            self.show_message("That password is not right. Try again, or use your PIN.")
        else:
            self.show_message(f"Could not sign in with the server: {error}")

    def _signed_in(self, person: Person) -> None:
        self._busy = False
        self.sign_in_button.setEnabled(True)
        self.pin.clear()
        self.session.sign_in(person)
        self.accept()


def _backend_store(widget: QObject) -> Store:
    return _backend_of(widget).wait_for_store(timeout=30)


class PeopleWiring:
    """The person switcher attached to a main window: Ctrl+Shift+P, a status-bar button
    naming who is signed in, the author of new observations, and the idle lock."""

    def __init__(self, window: MainWindow, data_dir: Path, *,
                 sync_service: SyncService | None = None,
                 ask_at_start: bool = False) -> None:
        from frontline.sync.config import load_settings

        self.window = window
        self.data_dir = Path(data_dir)
        self.sync_service = sync_service
        settings = load_settings(self.data_dir)
        self.session = PersonSession(settings.idle_lock_seconds, window)
        self.dialog: PersonSwitcher | None = None
        self.button = QPushButton()
        self.button.setObjectName("person_button")
        self.button.setFlat(True)
        self.button.setToolTip(f"Switch person ({SWITCH_SHORTCUT})")
        self.button.clicked.connect(self.open_switcher)
        self.button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        window.status.addWidget(self.button)
        self.shortcut = QShortcut(QKeySequence(SWITCH_SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.open_switcher)
        self._last_person: str | None = None
        self.shared_pc: bool | None = None  # known once `ask_if_shared` has looked
        self.session.person_changed.connect(self._on_person_changed)
        self.session.locked.connect(self.open_switcher)
        self._on_person_changed(None)
        # a sync that brings the store's people makes this a shared PC
        window.backend.changes.changes_made.connect(self._on_changes_made)
        if ask_at_start:
            self.ask_if_shared()

    def _on_changes_made(self, changes: OpChanges, _initiator: object) -> None:
        if changes.reference and not self.shared_pc and shiboken6.isValid(self.window):
            ops.shared_pc(parent=self.window).success(self._on_shared_known) \
                .run_in_background()

    def _on_shared_known(self, shared: bool) -> None:
        self.shared_pc = shared or bool(self.shared_pc)
        self._show_viewer()

    def ask_if_shared(self) -> None:
        """A shared PC (its store has people) with nobody signed in: ask who is there, so that
        the answer to what they record comes back to them. Esc skips it; the form stays
        usable and its observations are saved without a name."""
        def decide(shared: bool) -> None:
            self._on_shared_known(shared)
            if shared and self.session.person is None and shiboken6.isValid(self.window) \
                    and self.window.isVisible():
                self.open_switcher()

        ops.shared_pc(parent=self.window).success(decide).run_in_background()

    def _on_person_changed(self, person: Person | None) -> None:
        capture = self.window.capture
        if person is not None and self._last_person not in (None, person.id) and \
                capture.has_text():
            # half-typed words of the previous person must not go out under this name unseen
            capture.banner.show_message("info", (
                "Someone else started this observation before you signed in. If you save it, "
                "your name goes on it; press Clear if it is not yours."))
        if person is not None:
            self._last_person = person.id
            self.shared_pc = True  # someone signed in: this PC's store has people
        capture.person_id = person.id if person is not None else None
        self._show_viewer()
        if person is not None:  # answers that came while they were away reach them now
            from frontline.ui.notify import tell_person

            tell_person(self.window, person.id)
        if person is None:
            self.button.setText(f"Nobody signed in · Sign in ({SWITCH_SHORTCUT})")
            if self.sync_service is not None:
                self.sync_service.act_as(None)
        else:
            self.button.setText(f"Signed in: {person.display_name} · Switch ({SWITCH_SHORTCUT})")
            if self.sync_service is not None and person.role not in REVIEWER_ROLES:
                self.sync_service.act_as(None)
        self.button.setMinimumWidth(self.button.sizeHint().width())

    def viewer(self) -> tuple[str | None, bool]:
        """(who is signed in, whether this is a shared PC): whose observations My
        observations lists, and whom an answer's notification is for."""
        person = self.session.person
        return (person.id if person is not None else None), bool(self.shared_pc)

    def _show_viewer(self) -> None:
        page = getattr(self.window, "_observations", None)
        if page is not None:
            page.set_viewer(*self.viewer())

    def open_switcher(self) -> PersonSwitcher:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and \
                self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.filter.setFocus()
            return self.dialog
        self.dialog = PersonSwitcher(self.session, self.data_dir, self.window,
                                     sync_service=self.sync_service)
        self.dialog.open()
        self.dialog.filter.setFocus()
        return self.dialog


def attach_people(window: MainWindow, data_dir: Path, *,
                  sync_service: SyncService | None = None,
                  ask_at_start: bool = False) -> PeopleWiring:
    """Give `window` the person switcher; `window.people` keeps it. `ask_at_start`: on a
    shared PC with nobody signed in, ask who is there right away."""
    wiring = PeopleWiring(window, data_dir, sync_service=sync_service,
                          ask_at_start=ask_at_start)
    window.people = wiring
    return wiring
