"""The main window: navigation, the screens that slot into it, and the status bar."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from frontline.ui.capture import CaptureForm
from frontline.ui.changes import OpChanges
from frontline.ui.operations.observations import count_pending
from frontline.ui.ops import Backend, error_text
from frontline.ui.qtcompat import emit
from frontline.ui.resources import icon

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from frontline.core.model import Observation
    from frontline.store.db import Store
    from frontline.ui.board import BoardPage
    from frontline.ui.inbox import InboxPage
    from frontline.ui.insights import InsightsPage
    from frontline.ui.observations import ObservationsPage
    from frontline.ui.people import PeopleWiring
    from frontline.ui.statusbar import SyncWiring

log = logging.getLogger(__name__)

CAPTURE, MY_OBSERVATIONS, TEAM_INBOX, INSIGHTS, SETTINGS = range(5)


class Placeholder(QWidget):
    """A screen that is not built yet, saying plainly what it will do and when."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        heading = QLabel(title)
        heading.setObjectName("page_title")
        body = QLabel(text)
        body.setObjectName("placeholder_text")
        body.setWordWrap(True)
        body.setMaximumWidth(640)
        layout.addWidget(heading)
        layout.addSpacing(8)
        layout.addWidget(body)
        layout.addStretch(1)


class StatusBar(QStatusBar):
    """Pending count and connection state. Sync sets the connection with `set_connection`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pending_label = QLabel()
        self.pending_label.setAccessibleName(self.tr("Observations waiting to sync"))
        self.connection_label = QLabel()
        self.connection_label.setAccessibleName(self.tr("Connection"))
        self.addPermanentWidget(self.pending_label)
        self.addPermanentWidget(self.connection_label)
        self.set_pending(None)
        self.set_connection("not_configured")

    def set_pending(self, count: int | None) -> None:
        """Show how many observations wait to be sent (None while unknown)."""
        if count is None:
            self.pending_label.setText("")
        elif count == 0:
            self.pending_label.setText(self.tr("Nothing waiting to sync"))
        elif count == 1:
            self.pending_label.setText(self.tr("1 waiting to sync"))
        else:
            self.pending_label.setText(self.tr("%1 waiting to sync").replace("%1", f"{count:,}"))

    def set_connection(self, state: str, *, last_sync: str | None = None,
                       problem: str = "") -> None:
        """Connection state for people: `not_configured`, `online`, `offline`, `syncing`
        or `problem` (with `problem` saying what is wrong and what to do)."""
        texts = {
            "not_configured": self.tr("Not connected to a server yet"),
            "online": self.tr("Online"),
            "offline": self.tr("Offline — saved here, will sync later"),
            "syncing": self.tr("Syncing…"),
            "problem": self.tr("Sync problem"),
        }
        text = texts.get(state, state)
        if last_sync and state in ("online", "offline"):
            text += " · " + self.tr("last sync %1").replace("%1", last_sync)
        if problem:
            text += ": " + problem
        self.connection_label.setText(text)
        self.connection_label.setProperty("state", state)


class MainWindow(QMainWindow):
    """Capture, My observations and the screens to come."""

    #: the pending count was read again (for tests and, later, the tray icon)
    pending_changed = Signal(int)

    def __init__(self, backend: Backend, settings: QSettings, data_dir: Path,
                 parent: QWidget | None = None, *, defer_setup: bool = False) -> None:
        """With `defer_setup`, the keyboard shortcuts and the capture form's personal-data
        guard wait for `finish_setup`, which the app calls just after the first paint."""
        super().__init__(parent)
        self.setObjectName("main_window")
        self.backend = backend
        self.settings = settings
        self.data_dir = data_dir
        self.store: Store | None = None
        self._closed = False
        #: background sync and the person switcher, attached after the first paint
        #: (`statusbar.attach_sync`, `people.attach_people`)
        self.sync: SyncWiring | None = None
        self.people: PeopleWiring | None = None
        self.setWindowIcon(icon("frontline"))
        self.setMinimumSize(QSize(900, 600))

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Screens"))
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(200)
        self.pages = QStackedWidget()
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.capture = CaptureForm(settings, self.pages, defer_setup=True)
        # The inbox and the board are built on first use, after the first paint (the store
        # opening starts them): the capture form is what must be on screen first.
        self._inbox: InboxPage | None = None
        self._inbox_slot = QWidget()
        self._inbox_layout = QVBoxLayout(self._inbox_slot)
        self._inbox_layout.setContentsMargins(0, 0, 0, 0)
        self._board: BoardPage | None = None
        self._board_slot = QWidget()
        self._board_layout = QVBoxLayout(self._board_slot)
        self._board_layout.setContentsMargins(0, 0, 0, 0)
        self._insights: InsightsPage | None = None  # built when first shown (it asks the server)
        self._insights_slot = QWidget()
        self._insights_layout = QVBoxLayout(self._insights_slot)
        self._insights_layout.setContentsMargins(0, 0, 0, 0)
        # My observations is built when first needed (the store opened, or the person
        # went there): the capture form is what must be on screen first.
        self._observations: ObservationsPage | None = None
        self._observations_slot = QWidget()
        self._observations_layout = QVBoxLayout(self._observations_slot)
        self._observations_layout.setContentsMargins(0, 0, 0, 0)
        screens: list[tuple[str, str, QWidget]] = [
            ("capture", self.tr("Capture"), self.capture),
            ("my-observations", self.tr("My observations"), self._observations_slot),
            ("inbox", self.tr("Team inbox"), self._inbox_slot),
            ("insights", self.tr("Insights"), self._insights_slot),
            ("settings", self.tr("Settings"), Placeholder(self.tr("Settings"), self.tr(
                "A Settings screen is still to come. Until then: enrol this PC with the "
                "button in the status bar, switch person with Ctrl+Shift+P, and sync with "
                "F5. IT presets the server address for every PC. The channel you use most "
                "is already remembered on this PC when you save."))),
            ("praise", self.tr("You said, we did"), self._board_slot),
        ]
        self._titles: list[str] = []
        for number, (icon_name, title, widget) in enumerate(screens, start=1):
            item = QListWidgetItem(icon(icon_name), title)
            item.setToolTip(self.tr("%1 (Ctrl+%2)").replace("%1", title)
                            .replace("%2", str(number)))
            self.navigation.addItem(item)
            self.pages.addWidget(widget)
            self._titles.append(title)
        self.navigation.currentRowChanged.connect(self._on_page_changed)

        self.status = StatusBar(self)
        self.setStatusBar(self.status)

        # each screen refreshes itself from what an operation or a sync changed
        backend.changes.changes_made.connect(self._on_changes_made)
        backend.changes.changes_made.connect(self.capture.on_changes_made)
        backend.store_opened.connect(self._on_store_opened)
        backend.store_failed.connect(self._on_store_failed)

        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        self.show_page(CAPTURE)
        self._setup_done = False
        if not defer_setup:
            self.finish_setup()

    def finish_setup(self) -> None:
        """What the first paint need not wait for: the page shortcuts (Ctrl/Alt+1…6), the
        capture form's shortcuts and personal-data guard (creating Qt's enum types costs
        ~30 ms on two cores). Calling it again does nothing."""
        if self._setup_done:
            return
        self._setup_done = True
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence, QShortcut

        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for number in range(1, self.pages.count() + 1):
            for modifier in ("Ctrl", "Alt"):
                shortcut = QShortcut(QKeySequence(f"{modifier}+{number}"), self)
                shortcut.activated.connect(lambda n=number - 1: self.show_page(n))
        self.capture.finish_setup()

    @property
    def inbox(self) -> InboxPage:
        """The team inbox page (built on first use)."""
        if self._inbox is None:
            from frontline.ui.inbox import InboxPage

            page = InboxPage(self.settings, self)  # no query until the store opens
            self._inbox_layout.addWidget(page)
            self.backend.changes.changes_made.connect(page.on_changes_made)
            self._inbox = page
        return self._inbox

    @property
    def board(self) -> BoardPage:
        """The store board, "You said, we did" (built on first use)."""
        if self._board is None:
            from frontline.ui.board import BoardPage

            page = BoardPage(self)
            self._board_layout.addWidget(page)
            self.backend.changes.changes_made.connect(page.on_changes_made)
            self._board = page
        return self._board

    @property
    def insights(self) -> InsightsPage:
        """The Insights page (built on first use; it fetches from the server when shown)."""
        if self._insights is None:
            from frontline.ui.insights import InsightsPage

            page = InsightsPage(self.data_dir, self._insights_slot)
            self._insights_layout.addWidget(page)
            self._insights = page
        return self._insights

    @property
    def observations(self) -> ObservationsPage:
        """The My observations page (built on first use)."""
        if self._observations is None:
            from frontline.ui.observations import ObservationsPage

            page = ObservationsPage(self.settings, self._observations_slot)
            if self.people is not None:  # whose observations (a shared PC: one person's)
                page.set_viewer(*self.people.viewer())
            self._observations_layout.addWidget(page)
            page.edit_requested.connect(self._on_edit_requested)
            self.backend.changes.changes_made.connect(page.on_changes_made)
            self._observations = page
            if self.store is not None:
                page.start()
        return self._observations

    # --- navigation --------------------------------------------------------------

    def show_page(self, number: int) -> None:
        self.navigation.setCurrentRow(number)

    def current_page(self) -> int:
        return self.pages.currentIndex()

    @Slot(int)
    def _on_page_changed(self, number: int) -> None:
        self.pages.setCurrentIndex(number)
        self.setWindowTitle(self.tr("Frontline — %1").replace("%1", self._titles[number]))
        if number == CAPTURE:
            self.capture.summary.editor.setFocus()
        elif number == MY_OBSERVATIONS:
            self.observations.table.setFocus()
        elif number == TEAM_INBOX:
            self.inbox.setFocus()
        elif self.pages.widget(number) is self._board_slot:
            self.board.setFocus()
        elif self.pages.widget(number) is self._insights_slot:
            self.insights.activate()

    # --- the store -------------------------------------------------------------------

    @Slot(object)
    def _on_store_opened(self, store: Store) -> None:
        self.store = store
        log.info("store open")
        self.capture.load_draft()
        if self._observations is None:
            QTimer.singleShot(0, self, lambda: self.observations)  # builds and starts it
        else:
            self._observations.start()
        self.refresh_pending()
        self.capture.load_reference()
        self.inbox.start()
        self.board.start()
        recovered = store.recovered_from
        if recovered is not None:
            self.capture.banner.show_message("problem", self.tr(
                "The database file was damaged, so Frontline set it aside as %1 and started "
                "a fresh one. Nothing was deleted: tell IT, who may be able to recover it.")
                .replace("%1", Path(recovered).name))

    @Slot(object)
    def _on_store_failed(self, error: BaseException) -> None:
        log.error("the store could not be opened: %s", type(error).__name__)
        self.capture.banner.show_message("problem", self.tr(
            "Frontline cannot open its database, so nothing can be saved yet. %1")
            .replace("%1", error_text(error)))
        self.capture.store_unavailable()
        from frontline.core.errors import KnownError

        if not isinstance(error, KnownError):
            from frontline.ui.crash import report_crash

            report_crash(type(error), error, error.__traceback__)

    def refresh_pending(self) -> None:
        """Read the count of observations waiting to be sent, for the status bar."""

        def done(count: int) -> None:
            self.status.set_pending(count)
            emit(self.pending_changed, count)

        count_pending(parent=self).success(done).failure(
            lambda error: log.warning("pending count unavailable: %s", type(error).__name__)
        ).run_in_background()

    # --- reactions ---------------------------------------------------------------------

    @Slot(object, object)
    def _on_changes_made(self, changes: OpChanges, _initiator: object) -> None:
        """The status bar's pending count follows the outbox."""
        if changes.sync_state:
            self.refresh_pending()

    @Slot(object)
    def _on_edit_requested(self, obs: Observation) -> None:
        self.show_page(CAPTURE)
        self.capture.edit(obs)

    def bring_to_front(self) -> None:
        """Another launch asked for this window (single instance per data folder)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        log.info("window raised by a second launch")

    # --- closing ---------------------------------------------------------------------

    def keep_draft(self) -> None:
        """Write the draft now (before closing, or before the crash dialog)."""
        if self.capture.has_text() or self.capture.editing_id() is not None:
            if self.capture.draft_ready():
                self.capture.save_draft_now()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._closed:
            event.accept()
            return
        self._closed = True
        self.keep_draft()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        if self.sync is not None:
            self.sync.stop(timeout=5.0)  # one last sync, bounded
        if not self.backend.flush_writes(timeout=5.0):
            log.warning("pending writes did not finish within 5 s of closing")
        event.accept()
