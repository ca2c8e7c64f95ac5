"""People on a shared PC: pick a name, a wrong PIN refused in words, the right one signs in
and becomes the author of the next observation, anonymous stays anonymous, and the PC locks
when idle. People and their PIN hashes come from a real `frontline-server` by sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontline.store.db import Store
from frontline.sync import device
from frontline.sync.engine import sync_once
from frontline.ui.people import PeopleWiring, attach_people
from tests.helpers.realserver import RealServer
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE

from .test_sync_ui import shoot


@pytest.fixture
def employee(server: RealServer, data_dir: Path) -> Iterator[dict[str, Any]]:
    """This PC enrolled and synced (people with PIN hashes on the PC), the server stopped:
    the PIN check must work offline. The demo employee of the enrolled store."""
    try:
        device.enrol_pc(data_dir, server_url=server.url, code=server.code())
        store = Store.open(data_dir)
        client = device.make_client(data_dir)
        try:
            assert sync_once(store, client).ok
            people = device.people(store.connection())
        finally:
            client.close()
            store.close()
    finally:
        server.stop()
    login = next(x for x in server.info["logins"] if x["role"] == "employee")
    person = next(p for p in people if p.username == login["username"])
    logins = [x for x in server.info["logins"] if x["pin"]]
    yield {"person": person, "pin": login["pin"], "people": people, "logins": logins}


def open_people(qtbot, make_window, data_dir: Path) -> PeopleWiring:
    window = make_window(data_dir)
    return attach_people(window, data_dir)


def sign_in(qtbot, wiring: PeopleWiring, name: str, pin: str) -> Any:
    wiring.window.activateWindow()  # (a dialog closed a moment ago may have had the focus)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wiring.window)
    qtbot.keyClick(wiring.window, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = wiring.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.list.count() > 0)
    assert QApplication.focusWidget() is dialog.filter
    qtbot.keyClicks(dialog.filter, name)
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.pin
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    return dialog


@OFFSCREEN_DIALOG_NOISE
def test_the_right_pin_signs_in_and_that_person_is_the_author_of_the_next_observation(
        qtbot, make_window, data_dir: Path, employee: dict[str, Any]) -> None:
    wiring = open_people(qtbot, make_window, data_dir)
    person = employee["person"]
    assert wiring.session.person is None
    assert "Nobody signed in" in wiring.button.text()

    wrong = "0000" if employee["pin"] != "0000" else "1111"
    dialog = sign_in(qtbot, wiring, person.display_name[:4], wrong)
    qtbot.waitUntil(lambda: "PIN is not right" in dialog.message.text())
    assert dialog.isVisible() and wiring.session.person is None
    assert dialog.selected().id == person.id
    shoot(dialog, "people-wrong-pin.png")

    dialog.pin.clear()
    qtbot.keyClicks(dialog.pin, employee["pin"])
    with qtbot.waitSignal(wiring.session.person_changed):
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert wiring.session.person.id == person.id
    assert not dialog.isVisible()
    assert wiring.button.text().startswith(f"Signed in: {person.display_name} · Switch")

    form = wiring.window.capture
    qtbot.keyClicks(form.summary.editor, "Baskets run out by the entrance at noon")
    with qtbot.waitSignal(form.observation_saved) as saved:
        form.save()
    named = saved.args[0]
    qtbot.keyClicks(form.summary.editor, "Colleague is rude to customers at the deli")
    form.anonymous.setChecked(True)
    with qtbot.waitSignal(form.observation_saved) as saved:
        form.save()
    anonymous = saved.args[0]
    store = Store.open(data_dir)
    try:
        db = store.connection()
        author = "SELECT author_id FROM observations WHERE id = ?"
        assert db.execute(author, [named.id]).fetchone()[0] == person.id
        assert db.execute(author, [anonymous.id]).fetchone()[0] is None
    finally:
        store.close()


@OFFSCREEN_DIALOG_NOISE
def test_the_switcher_finds_a_name_by_typing_and_arrows(
        qtbot, make_window, data_dir: Path, employee: dict[str, Any]) -> None:
    wiring = open_people(qtbot, make_window, data_dir)
    dialog = wiring.open_switcher()
    qtbot.waitUntil(lambda: dialog.list.count() == len(employee["people"]))
    shoot(dialog, "people.png")
    first = dialog.selected()
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)
    assert dialog.selected() is not None and dialog.selected().id != first.id
    target = employee["person"]
    qtbot.keyClicks(dialog.filter, target.display_name)
    assert dialog.selected().id == target.id
    assert dialog.list.count() >= 1


@OFFSCREEN_DIALOG_NOISE
def test_the_pc_locks_after_the_idle_time_and_asks_who_is_there(
        qtbot, make_window, data_dir: Path, employee: dict[str, Any]) -> None:
    wiring = open_people(qtbot, make_window, data_dir)
    person = employee["person"]
    sign_in(qtbot, wiring, person.display_name, employee["pin"])
    qtbot.waitUntil(lambda: wiring.session.person is not None)
    wiring.session.set_idle_lock(1)
    with qtbot.waitSignal(wiring.session.locked):
        pass
    assert wiring.session.person is None
    assert wiring.window.capture.person_id is None
    assert "Nobody signed in" in wiring.button.text()
    assert wiring.dialog is not None and wiring.dialog.isVisible()  # asks who is there

    # someone else comes to the PC while the first person's words are still in the form
    wiring.dialog.reject()
    wiring.session.set_idle_lock(0)
    form = wiring.window.capture
    qtbot.keyClicks(form.summary.editor, "Half-typed by the first person")
    wiring.session.lock()  # (already locked: nothing changes)
    known = {x["username"]: x["pin"] for x in employee["logins"]}  # the demo's other PIN
    other = next(p for p in employee["people"] if p.id != person.id and p.username in known)
    pin = known[other.username]
    sign_in(qtbot, wiring, other.username, pin)
    qtbot.waitUntil(lambda: wiring.session.person is not None)
    assert "Someone else started this observation" in form.banner.text()


@OFFSCREEN_DIALOG_NOISE
def test_a_manager_signs_in_with_their_password_online_and_syncs_as_themselves(
        qtbot, make_window, data_dir: Path, server: RealServer) -> None:
    from frontline.sync.client import user_token_name
    from frontline.ui.statusbar import attach_sync

    try:
        device.enrol_pc(data_dir, server_url=server.url, code=server.code())
        window = make_window(data_dir)
        sync = attach_sync(window, window.backend, data_dir)
        qtbot.waitUntil(lambda: sync.panel.state.kind == "online")
        wiring = attach_people(window, data_dir, sync_service=sync.service)
        login = next(x for x in server.info["logins"] if x["role"] == "manager")
        dialog = wiring.open_switcher()
        qtbot.waitUntil(lambda: dialog.list.count() > 0)
        manager = next(p for p in dialog.people if p.username == login["username"])
        qtbot.keyClicks(dialog.filter, manager.username)  # QTest cannot type "á"; ASCII finds too
        assert dialog.selected().id == manager.id and dialog.password_hint.isVisible()
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.pin, "not the password")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "password is not right" in dialog.message.text())
        assert wiring.session.person is None
        dialog.pin.clear()
        qtbot.keyClicks(dialog.pin, login["password"])
        with qtbot.waitSignal(wiring.session.person_changed):
            qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        assert wiring.session.person.id == manager.id
        assert sync.service.acting_as == manager.id
        button = wiring.button  # the whole name shows once the status bar is laid out again
        qtbot.waitUntil(lambda: button.width() >= button.sizeHint().width()
                        and button.geometry().right() < sync.panel.geometry().left())
        shoot(window.statusBar(), "status-signed-in.png")
        tokens = device.token_store(data_dir)
        assert tokens.get(user_token_name(manager.id))  # kept by the token store
        store = Store.open(data_dir)
        try:
            assert manager.id in device.signed_in(store.connection())
            assert tokens.get(user_token_name(manager.id)) not in str(
                store.connection().execute("SELECT * FROM sync_state").fetchall())
        finally:
            store.close()
        with qtbot.waitSignal(sync.service.sync_finished,
                              check_params_cb=lambda r: r is not None and r.ok):
            sync.service.sync_now()

        # IT resets the manager's password: their sign-in ends, the PC goes on syncing
        server.cli("user", "reset-password", manager.username)
        with qtbot.waitSignal(sync.service.sync_finished,
                              check_params_cb=lambda r: r is not None and r.error is not None
                              and r.error.kind == "signed_out"):
            sync.service.sync_now()
        with qtbot.waitSignal(sync.service.sync_finished,
                              check_params_cb=lambda r: r is not None and r.ok):
            pass  # the retry, as the PC alone
        assert sync.service.acting_as is None
        assert sync.panel.state.kind == "signed_out"
        assert "The manager sign-in with the server has ended — press Ctrl+Shift+P" in \
            sync.panel.text()
        shoot(window.statusBar(), "status-signed-out.png")
    finally:
        server.stop()


@OFFSCREEN_DIALOG_NOISE
def test_a_shared_pc_asks_who_is_there_when_the_app_starts_and_esc_skips_it(
        qtbot, make_window, data_dir: Path, employee: dict[str, Any]) -> None:
    window = make_window(data_dir)
    window.show()
    wiring = attach_people(window, data_dir, ask_at_start=True)
    qtbot.waitUntil(lambda: wiring.dialog is not None and wiring.dialog.isVisible())
    qtbot.waitUntil(lambda: wiring.dialog.list.count() > 0)
    assert QApplication.focusWidget() is wiring.dialog.filter  # type the name at once
    qtbot.keyClick(wiring.dialog.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wiring.dialog.isVisible())
    assert wiring.session.person is None  # skipped: the form still works, without a name


def test_a_pc_without_people_does_not_ask_at_start(qtbot, make_window, data_dir: Path) -> None:
    window = make_window(data_dir)
    window.show()
    wiring = attach_people(window, data_dir, ask_at_start=True)
    qtbot.waitUntil(lambda: wiring.shared_pc is not None)
    assert wiring.shared_pc is False and wiring.dialog is None
