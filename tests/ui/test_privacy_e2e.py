"""Issue 12 end to end from the capture form: personal data typed in every free-text field,
saved with the mouse (the form names what it will replace; the person agrees), then synced
to a real `frontline-server` process. Afterwards none of it is in any server table, the
server's database file or log, the PC's file or its write-ahead log."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from frontline.store.db import Store
from frontline.sync import device
from frontline.sync.engine import sync_once
from tests.helpers.realserver import RealServer
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE
from tests.privacy_data import AUTHOR_REDACTED, AUTHOR_TEXTS, file_bytes, leaks
from tests.sync import test_privacy_e2e as privacy
from tests.sync.test_privacy_e2e import enrol
from tests.sync.test_privacy_enforced_e2e import nothing_on_the_pc, nothing_on_the_server

pytestmark = OFFSCREEN_DIALOG_NOISE
# the real server per test (SQLite, and PostgreSQL when configured), as the privacy tests
server_backend = privacy.server_backend  # both databases, as the other privacy tests
server_log_level = privacy.server_log_level  # DEBUG: the log is searched too
FORM_FIELDS = ("summary", "customer_words", "details", "action_taken", "suggestion")


def test_the_form_saved_by_mouse_with_personal_data_everywhere_then_synced_leaves_it_nowhere(
        qtbot, make_window, server: RealServer, tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    pc.mkdir()
    enrol(server, pc)
    window = make_window(pc)
    form = window.capture
    for name in FORM_FIELDS:
        getattr(form, name).set_text(AUTHOR_TEXTS[name])
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.pii_confirm is not None and form.pii_confirm.isVisible(),
                    timeout=10_000)
    agree = form.pii_confirm.findChild(QPushButton, "pii_save_with_replacements")
    with qtbot.waitSignal(form.observation_saved, timeout=10_000):
        qtbot.mouseClick(agree, Qt.MouseButton.LeftButton)
    window.backend.flush_writes(5)
    assert leaks(file_bytes(pc)) == []  # the draft typed meanwhile held none of it either

    store = Store.open(pc)
    client = device.make_client(pc)
    try:
        report = sync_once(store, client)
        assert report.ok and report.pushed == 1, report.error
    finally:
        client.close()
        store.close()
    [row] = server.query("SELECT summary, customer_words, details, action_taken, suggestion "
                         "FROM observations WHERE summary = :s", s=AUTHOR_REDACTED["summary"])
    assert row == tuple(AUTHOR_REDACTED[n] for n in FORM_FIELDS)
    nothing_on_the_server(server)
    nothing_on_the_pc(pc)
