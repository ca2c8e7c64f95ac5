"""Sync in the app, against a real `frontline-server` process on loopback: enrolment from
the dialog, a save sent within seconds, and the status bar's words when offline, revoked
or too old. Screenshots of each state go to docs/screenshots/ when FRONTLINE_SCREENSHOTS=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from frontline.store.db import Store
from frontline.sync import device
from frontline.sync.config import save_user_settings
from frontline.sync.protocol import PROTOCOL_HEADER
from frontline.ui.main_window import MY_OBSERVATIONS
from frontline.ui.statusbar import SyncWiring, attach_sync
from tests.helpers.realserver import RealServer
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE, WAIT_MS

SYNC_MS = WAIT_MS
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(widget, name: str) -> None:
    if os.environ.get("FRONTLINE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(SHOTS / name))


def enrolled_window(qtbot, make_window, data_dir: Path, server: RealServer,
                    **settings: object) -> SyncWiring:
    device.enrol_pc(data_dir, server_url=server.url, code=server.code(), device_name="Till 3")
    save_user_settings(data_dir, **{"sync_after_save_seconds": 1, **settings})
    window = make_window(data_dir)
    wiring = attach_sync(window, window.backend, data_dir)
    qtbot.waitUntil(lambda: wiring.panel.state.kind == "online", timeout=SYNC_MS)
    return wiring


def save_one(qtbot, wiring: SyncWiring, summary: str) -> None:
    form = wiring.window.capture
    qtbot.keyClicks(form.summary.editor, summary)
    with qtbot.waitSignal(form.observation_saved):
        form.save()


def shot_of_status(wiring: SyncWiring, name: str) -> None:
    shoot(wiring.window.statusBar(), name)


@OFFSCREEN_DIALOG_NOISE
def test_enrolling_from_the_dialog_connects_the_pc_and_the_status_bar_turns_online(
        qtbot, make_window, data_dir: Path, server: RealServer) -> None:
    window = make_window(data_dir)
    window.resize(1200, 760)
    wiring = attach_sync(window, window.backend, data_dir)
    qtbot.waitUntil(lambda: wiring.panel.state.kind == "not_enrolled", timeout=SYNC_MS)
    assert "Not connected to a server — Enrol this PC" in wiring.panel.text()
    assert wiring.panel.enrol_button.isVisible()
    shot_of_status(wiring, "status-not-enrolled.png")

    qtbot.mouseClick(wiring.panel.enrol_button, Qt.MouseButton.LeftButton)
    dialog = wiring.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.server.setText(server.url)
    dialog.code.setText("NOT-A-CODE")
    dialog.enrol()
    qtbot.waitUntil(lambda: "not accepted" in dialog.message.text(), timeout=SYNC_MS)
    shoot(dialog, "enrol-wrong-code.png")

    dialog.code.clear()
    qtbot.keyClicks(dialog.code, server.code())
    assert not dialog.message.isVisible()  # the old error went with the edit
    shoot(dialog, "enrol.png")
    with qtbot.waitSignal(dialog.enrolled, timeout=SYNC_MS):
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert "enrolled" in dialog.message.text()
    if not device.token_store(data_dir).uses_keychain:
        assert "no password keychain" in dialog.keychain_note.text()
    shoot(dialog, "enrol-done.png")
    qtbot.waitUntil(lambda: wiring.panel.state.kind == "online", timeout=SYNC_MS)
    assert wiring.panel.text().startswith("Online — everything is sent · last sync ")
    assert not wiring.panel.enrol_button.isVisible() and wiring.panel.sync_button.isVisible()
    shot_of_status(wiring, "status-online.png")


def test_a_save_is_sent_within_seconds_and_nothing_is_left_waiting(
        qtbot, make_window, data_dir: Path, server: RealServer) -> None:
    wiring = enrolled_window(qtbot, make_window, data_dir, server)
    said: list[str] = []

    def on_progress(_progress: object) -> None:
        said.append(wiring.panel.label.text())
        if said[-1].startswith("Syncing — sent"):
            shot_of_status(wiring, "status-syncing.png")

    wiring.service.progress.connect(on_progress)
    save_one(qtbot, wiring, "Card reader at till 2 keeps timing out")
    qtbot.waitUntil(lambda: wiring.panel.state.pending == 1 or wiring.service.running)
    with qtbot.waitSignal(wiring.service.sync_finished, timeout=SYNC_MS,
                          check_params_cb=lambda r: r is not None and r.pushed == 1):
        pass
    qtbot.waitUntil(lambda: wiring.panel.state.pending == 0, timeout=SYNC_MS)
    assert wiring.panel.state.kind == "online"
    assert "Syncing — sent 1 of 1…" in said  # progress in words while it ran
    summaries = {r[0] for r in server.query("SELECT summary FROM observations")}
    assert "Card reader at till 2 keeps timing out" in summaries


def test_with_the_server_stopped_the_status_bar_says_offline_and_keeps_the_count(
        qtbot, make_window, data_dir: Path, server: RealServer) -> None:
    wiring = enrolled_window(qtbot, make_window, data_dir, server, max_backoff_seconds=2)
    server.stop()
    wiring.service.after_save.setInterval(3_600_000)  # this test syncs with F5 only
    for n in range(3):
        save_one(qtbot, wiring, f"Shelf labels wrong in aisle {n + 4}")
    with qtbot.waitSignal(wiring.service.sync_finished, timeout=SYNC_MS):
        qtbot.keyClick(wiring.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: wiring.panel.state.kind == "offline", timeout=SYNC_MS)
    assert wiring.panel.state.pending == 3
    assert ("Offline — 3 observations are safe on this PC and will be sent when the network "
            "is back") in wiring.panel.text()
    assert wiring.panel.state.retry_in is not None  # it tries again by itself
    shot_of_status(wiring, "status-offline.png")

    server.start()  # nobody presses anything: the retry finds the server back
    qtbot.waitUntil(lambda: wiring.panel.state.kind == "online"
                    and wiring.panel.state.pending == 0, timeout=SYNC_MS)
    assert len(server.query("SELECT id FROM observations WHERE summary LIKE 'Shelf labels%'")) == 3


def test_sync_runs_on_its_interval_and_requests_made_during_a_run_wait_for_it(
        qtbot, make_window, data_dir: Path, server: RealServer) -> None:
    wiring = enrolled_window(qtbot, make_window, data_dir, server)
    finished: list[object] = []
    wiring.service.sync_finished.connect(finished.append)
    wiring.service.interval.setInterval(300)  # sync_interval_seconds, shortened for the test
    qtbot.waitUntil(lambda: len(finished) >= 2, timeout=SYNC_MS)  # nobody asked
    wiring.service.interval.stop()
    qtbot.waitUntil(lambda: not wiring.service.running, timeout=SYNC_MS)
    finished.clear()
    for _ in range(5):  # five presses while the first runs: one more run, not five at once
        wiring.service.sync_now()
    assert wiring.service.running
    qtbot.waitUntil(lambda: len(finished) == 2 and not wiring.service.running, timeout=SYNC_MS)
    with qtbot.assertNotEmitted(wiring.service.sync_finished, wait=300):
        pass


@OFFSCREEN_DIALOG_NOISE
def test_a_revoked_pc_is_asked_to_enrol_again_keeps_its_queue_and_sends_it_after(
        qtbot, make_window, data_dir: Path, server: RealServer) -> None:
    wiring = enrolled_window(qtbot, make_window, data_dir, server)
    wiring.service.after_save.setInterval(3_600_000)
    store = Store.open(data_dir)
    enrolment = device.enrolment(store.connection())
    store.close()
    assert enrolment is not None
    server.cli("device", "revoke", enrolment.device_id)
    save_one(qtbot, wiring, "Fridge door in dairy does not close")
    with qtbot.waitSignal(wiring.service.sync_finished, timeout=SYNC_MS):
        wiring.service.sync_now()
    qtbot.waitUntil(lambda: wiring.panel.state.kind == "unauthorized", timeout=SYNC_MS)
    assert "This PC needs to be enrolled again" in wiring.panel.text()
    assert wiring.panel.state.pending == 1
    assert wiring.panel.enrol_button.isVisible() and wiring.panel.enrol_button.text() == \
        "Enrol again…"
    assert wiring.panel.state.retry_in is None  # retrying cannot fix it: a person must
    shot_of_status(wiring, "status-enrol-again.png")

    qtbot.mouseClick(wiring.panel.enrol_button, Qt.MouseButton.LeftButton)
    dialog = wiring.dialog
    assert dialog.server.text() == server.url  # remembered from the first enrolment
    qtbot.keyClicks(dialog.code, server.code())
    with qtbot.waitSignal(wiring.service.sync_finished, timeout=SYNC_MS,
                          check_params_cb=lambda r: r is not None and r.ok):
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wiring.panel.state.kind == "online"
                    and wiring.panel.state.pending == 0, timeout=SYNC_MS)
    summaries = {r[0] for r in server.query("SELECT summary FROM observations")}
    assert "Fridge door in dairy does not close" in summaries


def test_an_old_app_is_told_to_ask_it_for_an_update_and_its_queue_is_untouched(
        qtbot, make_window, data_dir: Path, server: RealServer) -> None:
    wiring = enrolled_window(qtbot, make_window, data_dir, server)
    wiring.service.after_save.setInterval(3_600_000)
    save_one(qtbot, wiring, "Price on the shelf differs from the till")
    client = wiring.service._client  # the worker's client; idle between runs
    client.session.headers[PROTOCOL_HEADER] = "0"  # what an app of protocol 0 sends
    with qtbot.waitSignal(wiring.service.sync_finished, timeout=SYNC_MS):
        wiring.service.sync_now()
    qtbot.waitUntil(lambda: wiring.panel.state.kind == "update_required", timeout=SYNC_MS)
    assert ("This version of Frontline is too old for the server. Ask IT to update it."
            in wiring.panel.text())
    assert wiring.panel.state.pending == 1
    shot_of_status(wiring, "status-update-required.png")


def test_an_observation_the_server_refuses_is_named_in_the_status_bar_and_the_rest_land(
        qtbot, make_window, data_dir: Path, server: RealServer) -> None:
    from frontline.store.observations import save_observation
    from tests.helpers.store import make

    wiring = enrolled_window(qtbot, make_window, data_dir, server)
    wiring.service.after_save.setInterval(3_600_000)
    store = Store.open(data_dir)
    try:  # a category this version no longer knows, as an older copy of the app saved it
        bad = save_observation(store.connection(), make("From an outdated category list",
                                                        category="retired_category"))
    finally:
        store.close()
    save_one(qtbot, wiring, "Praise for the staff at the bakery counter")
    with qtbot.waitSignal(wiring.service.sync_finished, timeout=SYNC_MS,
                          check_params_cb=lambda r: r is not None and r.pushed >= 1):
        wiring.service.sync_now()
    qtbot.waitUntil(lambda: wiring.panel.state.quarantined == 1, timeout=SYNC_MS)
    assert wiring.panel.state.kind == "online" and wiring.panel.state.pending == 0
    assert wiring.panel.text().startswith("Online — everything else is sent")
    assert "1 observation could not be sent — see My observations" in wiring.panel.text()
    shot_of_status(wiring, "status-quarantined.png")
    qtbot.mouseClick(wiring.panel.quarantine_button, Qt.MouseButton.LeftButton)
    assert wiring.window.current_page() == MY_OBSERVATIONS  # where the reason is shown
    on_server = {r[0] for r in server.query("SELECT id FROM observations")}
    assert bad.id not in on_server


@OFFSCREEN_DIALOG_NOISE
def test_the_enrolment_dialog_starts_from_it_s_preset_address_and_says_what_is_missing(
        qtbot, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontline.ui.enrol_dialog import EnrolDialog

    preset = tmp_path / "frontline.toml"
    preset.write_text('server_url = "https://frontline.example.com"\n', encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_MACHINE_CONFIG", str(preset))
    dialog = EnrolDialog(data_dir)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.server.text() == "https://frontline.example.com"
    assert dialog.findChild(type(dialog.message), "enrol_preset_note") is not None
    assert dialog.focusWidget() is dialog.code  # the address is there: the code is next
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Type the enrolment code IT gave you for this store."
    dialog.server.setText("frontline.example.com")
    qtbot.keyClicks(dialog.code, "ABCD-1234")
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert "must start with https://" in dialog.message.text()


def test_when_the_database_cannot_open_the_status_bar_says_sync_is_off(qtbot, tmp_path: Path
                                                                        ) -> None:
    from frontline.core.errors import StoreCorruptError
    from frontline.ui.app import settings_for
    from frontline.ui.main_window import MainWindow
    from frontline.ui.ops import Backend

    folder = tmp_path / "pc"
    folder.mkdir()
    backend = Backend()
    window = MainWindow(backend, settings_for(folder), folder)
    qtbot.addWidget(window)
    wiring = attach_sync(window, backend, folder)

    def broken(_folder: Path) -> object:
        raise StoreCorruptError("The database file is damaged.")

    try:
        with qtbot.waitSignal(backend.store_failed):
            backend.open_store(folder, opener=broken)
        assert wiring.panel.state.kind == "problem"
        assert wiring.panel.text().startswith("Sync is off: this PC's database could not be "
                                              "opened")
    finally:
        window.close()
        backend.shutdown()
