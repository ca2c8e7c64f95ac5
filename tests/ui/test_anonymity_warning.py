"""The capture form warns before an anonymous save when the group is small enough to guess
the author (pytest-qt, offscreen; the people come from reference data in the real store)."""

from __future__ import annotations

from pathlib import Path

from frontline.store import remote
from frontline.store.db import Store
from tests.helpers.ui import STORE_TIMEOUT_MS


def hold_people(folder: Path, count: int) -> None:
    """Reference data for a store of `count` active employees (plus a disabled one and an
    admin, who do not count)."""
    users = [{"id": f"u{i}", "username": f"u{i}", "display_name": f"Person {i}",
              "role": "employee", "store_id": "s1", "team_id": "t1", "region_id": None,
              "disabled": False} for i in range(count)]
    users += [{"id": "gone", "username": "gone", "display_name": "Gone", "role": "employee",
               "store_id": "s1", "team_id": "t1", "region_id": None, "disabled": True},
              {"id": "it", "username": "it", "display_name": "IT", "role": "admin",
               "store_id": "s1", "team_id": None, "region_id": None, "disabled": False}]
    store = Store.open(folder)
    try:
        remote.apply_reference(store.connection(), {
            "reference_version": 3, "organisation": {"id": "o", "name": "O",
                                                     "retention_days": None},
            "regions": [], "stores": [], "teams": [], "users": users, "taxonomy": {}})
    finally:
        store.close()


def test_ticking_anonymous_in_a_three_person_store_says_the_manager_may_guess(
        qtbot, make_window, data_dir: Path) -> None:
    hold_people(data_dir, 3)
    window = make_window()
    form = window.capture
    assert form.anonymity_warning.isHidden()

    with qtbot.waitSignal(form.anonymity_warning_changed, timeout=STORE_TIMEOUT_MS):
        form.anonymous.click()

    assert form.anonymity_warning.isVisible()
    assert "3 people" in form.anonymity_warning.text()
    assert "may guess" in form.anonymity_warning.text()
    form.anonymous.click()
    assert form.anonymity_warning.isHidden()


def test_the_person_at_the_pc_is_warned_about_their_own_team(
        qtbot, make_window, data_dir: Path) -> None:
    hold_people(data_dir, 2)
    window = make_window()
    form = window.capture
    form.person_id = "u0"
    form.anonymous.setChecked(True)
    qtbot.waitUntil(form.anonymity_warning.isVisible, timeout=STORE_TIMEOUT_MS)
    assert form.anonymity_warning.text().startswith("Your team has 2 people")


def test_a_store_big_enough_shows_no_warning(qtbot, make_window, data_dir: Path) -> None:
    hold_people(data_dir, 8)
    window = make_window()
    form = window.capture
    with qtbot.waitSignal(form.anonymity_warning_changed, timeout=STORE_TIMEOUT_MS) as looked_up:
        form.anonymous.setChecked(True)
    assert looked_up.args == [""]
    assert form.anonymity_warning.isHidden()
