"""Change notices: each write says what it changed on the app's one `ChangeBus`, a sync says
what its run changed, and every screen decides for itself whether to refresh (Anki's
OpChanges and operation_did_execute). No screen is refreshed by another screen's code."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from frontline.core.model import Observation
from frontline.store import outbox, remote
from frontline.store.reference import replace_reference
from frontline.sync.engine import SyncReport
from frontline.ui.changes import NO_CHANGES, OpChanges, changes_of_sync
from frontline.ui.main_window import MY_OBSERVATIONS, MainWindow
from tests.helpers.store import read_store
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE

pytestmark = OFFSCREEN_DIALOG_NOISE

UI = Path(__file__).resolve().parents[2] / "frontline" / "ui"
MANAGER = {"id": "mgr-1", "username": "aoife", "display_name": "Aoife Byrne",
           "role": "manager", "store_id": "store-dublin", "expires_at": "2099-01-01T00:00:00Z"}


def test_changes_combine_and_say_nothing_when_nothing_changed() -> None:
    assert not NO_CHANGES
    both = OpChanges(observations=True) | OpChanges(sync_state=True)
    assert both == OpChanges(observations=True, sync_state=True) and both


def test_a_sync_says_what_its_run_changed() -> None:
    assert changes_of_sync(None) == NO_CHANGES  # not enrolled: nothing ran
    assert changes_of_sync(SyncReport()) == NO_CHANGES
    pulled = changes_of_sync(SyncReport(pulled=3))
    assert pulled.observations and pulled.review and not pulled.sync_state
    pushed = changes_of_sync(SyncReport(pushed=1))
    assert pushed.sync_state and pushed.observations
    assert changes_of_sync(SyncReport(reference_updated=True)) == OpChanges(reference=True)


def test_a_save_announces_its_changes_and_my_observations_refreshes_itself(
        qtbot, window: MainWindow) -> None:
    page = window.observations
    qtbot.waitUntil(lambda: page.model.query() is not None, timeout=10_000)
    heard: list[tuple[OpChanges, Any]] = []
    window.backend.changes.changes_made.connect(lambda c, i: heard.append((c, i)))
    form = window.capture
    qtbot.keyClicks(form.summary.editor, "Till 4 froze again")
    with qtbot.waitSignal(page.model.query_finished, timeout=10_000,
                          check_params_cb=lambda count: count == 1):
        form.save()
    saved = [(c, i) for c, i in heard if c.observations]
    assert saved == [(OpChanges(observations=True, sync_state=True), form)]
    qtbot.waitUntil(lambda: window.status.pending_label.text() == "1 waiting to sync",
                    timeout=10_000)


def test_a_sync_that_pulled_refreshes_the_inbox_and_a_sign_in_shows_the_reviewers_list(
        qtbot, make_window, data_dir: Path) -> None:
    window: MainWindow = make_window()
    window.show_page(2)
    page = window.inbox
    qtbot.waitUntil(lambda: "Sign in as a manager" in page.count_label.text(), timeout=10_000)
    db = read_store(data_dir).connection()
    obs = Observation.new(summary="Only one till open", kind="pain_point",
                          store_id="store-dublin")
    remote.apply_pull_page(db, {"observations": [{**obs.to_dict(), "rev": 1}],
                                "cursor": "v1", "removed": []}, user_id=MANAGER["id"])
    outbox.set_state(db, "signed_in", json.dumps({MANAGER["id"]: MANAGER}))
    window.backend.changes.announce(OpChanges(session=True))  # as a manager's sign-in does
    qtbot.waitUntil(lambda: page.model.total() == 1, timeout=10_000)
    other = Observation.new(summary="Card terminal froze", kind="pain_point",
                            store_id="store-dublin")
    remote.apply_pull_page(db, {"observations": [{**other.to_dict(), "rev": 1}],
                                "cursor": "v2", "removed": []}, user_id=MANAGER["id"])
    window.backend.changes.announce(changes_of_sync(SyncReport(pulled=1)), object())
    qtbot.waitUntil(lambda: page.model.total() == 2, timeout=10_000)


def test_a_screen_does_not_reset_its_list_for_its_own_change(qtbot, make_window,
                                                               data_dir: Path) -> None:
    """My observations shows its own withdrawal in place: the selection stays."""
    window: MainWindow = make_window()
    form = window.capture
    for text in ("First", "Second"):
        qtbot.keyClicks(form.summary.editor, text)
        with qtbot.waitSignal(form.observation_saved, timeout=10_000):
            form.save()
    window.show_page(MY_OBSERVATIONS)
    page = window.observations
    qtbot.waitUntil(lambda: page.model.total() == 2 and page.current() is not None,
                    timeout=10_000)
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: page.current() is not None
                    and page.current().observation.summary == "First", timeout=10_000)
    with qtbot.assertNotEmitted(page.model.modelReset, wait=500):
        with qtbot.waitSignal(page.observation_withdrawn, timeout=10_000):
            page._withdraw(page.current())
    assert page.table.currentIndex().row() == 1
    assert page.current().observation.status == "withdrawn"


def test_new_reference_data_reaches_the_capture_form(qtbot, window: MainWindow,
                                                     data_dir: Path) -> None:
    db = read_store(data_dir).connection()
    replace_reference(db, {"channels": [{"code": "kiosk", "label": "Kiosk"}]})
    window.backend.changes.announce(OpChanges(reference=True))
    qtbot.waitUntil(lambda: window.capture.channel.findData("kiosk") >= 0, timeout=10_000)


def _calls(path: Path) -> set[str]:
    """`a.b.refresh` for every call of a `refresh` or `refresh_pending` method in `path`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("refresh", "refresh_pending"):
            found.add(ast.unparse(node.func))
    return found


def test_no_screen_is_refreshed_by_another_screens_code() -> None:
    """The composition root, the main window, the status bar and the sync service wire
    subscriptions; none of them refreshes a page after something happened."""
    for name in ("app.py", "main_window.py", "statusbar.py", "sync_service.py", "people.py",
                 "capture.py", "inbox.py", "observations.py", "board.py"):
        foreign = {c for c in _calls(UI / name) if not c.startswith("self.")
                   or c.count(".") > 1}
        assert not foreign, f"{name} refreshes another screen: {sorted(foreign)}"
