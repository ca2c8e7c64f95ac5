"""Issue 12.6: on a shared PC each person sees their own observations and hears about
answers to their own, whoever is signed in when the sync lands; anonymous observations are
nobody's (a confirmation when saved, then listed for nobody)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from frontline.core.model import Observation
from frontline.store import remote
from frontline.store.observations import save_observation
from frontline.sync.device import Person
from frontline.ui.notify import answers_arrived, answers_text
from frontline.ui.people import attach_people
from tests.helpers.store import read_store
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE

pytestmark = OFFSCREEN_DIALOG_NOISE
ANNA = Person("u-anna", "anna", "Anna Berg", "employee", None, True)
BEN = Person("u-ben", "ben", "Ben Okafor", "employee", None, True)


def user(person: Person) -> dict:
    return {"id": person.id, "username": person.username, "display_name": person.display_name,
            "role": person.role, "store_id": "s1", "team_id": None, "region_id": None,
            "disabled": False, "pin_hash": "x"}


@pytest.fixture
def shared(data_dir: Path) -> dict[str, str]:
    """A PC whose store has two people, with one observation each, an anonymous one, one
    saved with nobody signed in, and an answer waiting (unread) on Anna's."""
    store = read_store(data_dir)
    try:
        db = store.connection()
        remote.apply_reference(db, {"reference_version": 1, "organisation": {
            "id": "o", "name": "Org", "retention_days": None}, "regions": [], "stores": [],
            "teams": [], "users": [user(ANNA), user(BEN)], "taxonomy": {}})
        ids = {
            "anna": save_observation(db, Observation.new(
                kind="idea", summary="Anna: price checker by the door",
                author_id=ANNA.id)).id,
            "ben": save_observation(db, Observation.new(
                kind="idea", summary="Ben: baskets at the back", author_id=BEN.id)).id,
            "anonymous": save_observation(db, Observation.new(
                kind="pain_point", summary="Someone: rota changes at short notice",
                author_id=ANNA.id, anonymous=True)).id,
            "unnamed": save_observation(db, Observation.new(
                kind="praise", summary="Unnamed: lovely new lighting")).id,
        }
        db.execute("UPDATE observations SET unread = 1, response = 'Ordered one' WHERE id = ?",
                   [ids["anna"]])
    finally:
        store.close()
    return ids


def listed(qtbot, window) -> list[str]:
    page = window.observations
    page.start()
    qtbot.wait(50)
    qtbot.waitUntil(lambda: page.model.query() is not None, timeout=5_000)
    qtbot.waitUntil(lambda: all(page.model.listed(r) is not None
                                for r in range(page.model.rowCount())), timeout=5_000)
    return sorted(page.model.listed(r).observation.summary
                  for r in range(page.model.rowCount()))


def test_my_observations_lists_the_signed_in_persons_own_only_and_anonymous_ones_for_nobody(
        qtbot, make_window, data_dir: Path, shared: dict[str, str]) -> None:
    window = make_window(data_dir)
    wiring = attach_people(window, data_dir)
    wiring.session.sign_in(ANNA)
    qtbot.waitUntil(lambda: listed(qtbot, window) == ["Anna: price checker by the door"],
                    timeout=10_000)
    wiring.session.sign_in(BEN)
    qtbot.waitUntil(lambda: listed(qtbot, window) == ["Ben: baskets at the back"],
                    timeout=10_000)
    wiring.session.lock()
    qtbot.waitUntil(lambda: listed(qtbot, window) == [], timeout=10_000)
    assert "Sign in" in window.observations.empty_text()


def test_an_answer_is_announced_to_its_author_not_to_whoever_is_signed_in(
        qtbot, make_window, data_dir: Path, shared: dict[str, str]) -> None:
    window = make_window(data_dir)
    wiring = attach_people(window, data_dir)
    banner = window.capture.banner
    wiring.session.sign_in(BEN)  # Ben has no news
    qtbot.wait(300)
    assert banner._label.text() != answers_text(1)
    answers_arrived(window, [shared["anna"]])  # a sync lands Anna's answer while Ben is here
    qtbot.wait(300)
    assert banner._label.text() != answers_text(1)
    wiring.session.lock()
    answers_arrived(window, [shared["anna"]])  # nobody signed in: nobody is told
    qtbot.wait(300)
    assert banner._label.text() != answers_text(1)
    wiring.session.sign_in(ANNA)  # Anna is told when she signs in
    qtbot.waitUntil(lambda: banner._label.text() == answers_text(1) and banner.isVisible(),
                    timeout=5_000)


def test_an_anonymous_save_is_confirmed_then_listed_for_nobody(
        qtbot, make_window, data_dir: Path, shared: dict[str, str]) -> None:
    window = make_window(data_dir)
    wiring = attach_people(window, data_dir)
    wiring.session.sign_in(ANNA)
    form = window.capture
    form.summary.set_text("Staff room fridge broken for a week")
    form.anonymous.setChecked(True)
    with qtbot.waitSignal(form.observation_saved, timeout=10_000) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].anonymous and saved.args[0].author_id is None
    assert form.banner.text().startswith("✓ Saved anonymously")
    qtbot.waitUntil(lambda: listed(qtbot, window) == ["Anna: price checker by the door"],
                    timeout=10_000)
