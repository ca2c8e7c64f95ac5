"""Full circle in the app: when a manager answers, the author's PC says so after its next sync
(a desktop notification where there is a tray, and always the capture banner)."""

from __future__ import annotations

from pathlib import Path

from frontline.core.model import Observation
from frontline.store import review
from frontline.store.observations import get_observation, save_observation
from frontline.ui.notify import answers_text
from tests.helpers.realserver import RealServer
from tests.sync.test_review_e2e import PC, STORE, people
from tests.ui.test_sync_ui import SYNC_MS, enrolled_window


def test_the_author_is_told_in_the_app_when_a_manager_answers(
        qtbot, make_window, data_dir: Path, server: RealServer, tmp_path: Path) -> None:
    wiring = enrolled_window(qtbot, make_window, data_dir, server)
    employee = people(server, STORE, "employee")[0]
    store = wiring.window.backend.store_if_open()
    obs = save_observation(store.connection(), Observation.new(
        summary="Only one till open at lunchtime", kind="pain_point",
        author_id=employee["id"]))
    with qtbot.waitSignal(wiring.service.sync_finished, timeout=SYNC_MS):
        wiring.service.sync_now("test")
    office = PC(server, tmp_path / "office", STORE)
    try:
        office.sign_in(people(server, STORE, "manager")[0]["username"])
        office.sync()
        review.set_status(office.db, obs.id, "action_taken")
        review.respond(office.db, obs.id, "From Monday a second till opens 12:00-14:00.")
        office.sync()
    finally:
        office.close()

    banner = wiring.window.capture.banner
    assert banner._label.text() != answers_text(1)
    with qtbot.waitSignal(wiring.service.sync_finished, timeout=SYNC_MS):
        wiring.service.sync_now("test")
    qtbot.waitUntil(lambda: banner._label.text() == answers_text(1) and banner.isVisible())
    listed = get_observation(store.connection(), obs.id)
    assert listed is not None and listed.unread
    assert listed.observation.response.startswith("From Monday")
