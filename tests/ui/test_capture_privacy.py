"""Issue 12 in the capture form: before a save, the form names the customer personal data
that will be replaced (policy "redact") and the file then holds placeholders, or it refuses
to save until the data is removed (policy "block"); a summary that is nothing but personal
data is refused with what to write instead."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from frontline.store import remote
from frontline.store.observations import ObservationQuery, fetch_rows, query_rowids
from tests.helpers.store import read_store
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE
from tests.privacy_data import AUTHOR_REDACTED, AUTHOR_TEXTS, PHONE, file_bytes, leaks

pytestmark = OFFSCREEN_DIALOG_NOISE
SHOTS = Path(os.environ.get("FRONTLINE_SCREENSHOTS", "/tmp/privpc-shots"))
FORM_FIELDS = ("summary", "customer_words", "details", "action_taken", "suggestion")


def set_policy(data_dir: Path, policy: str) -> None:
    store = read_store(data_dir)
    try:
        remote.apply_reference(store.connection(), {
            "reference_version": 2, "organisation": {"id": "o", "name": "Org",
                                                     "retention_days": None,
                                                     "pii_policy": policy},
            "regions": [], "stores": [], "teams": [], "users": [], "taxonomy": {}})
    finally:
        store.close()


def stored(data_dir: Path) -> list:
    store = read_store(data_dir)
    try:
        db = store.connection()
        return [r.observation for r in fetch_rows(db, query_rowids(db, ObservationQuery()))]
    finally:
        store.close()


def fill_with_personal_data(form) -> None:
    for name in FORM_FIELDS:
        getattr(form, name).set_text(AUTHOR_TEXTS[name])


def button(box, name: str) -> QPushButton:
    found = box.findChild(QPushButton, name)
    assert found is not None, name
    return found


def shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_saved_by_mouse_with_personal_data_in_every_field_asks_first_then_stores_placeholders(
        qtbot, window, data_dir):
    form = window.capture
    qtbot.waitUntil(lambda: form.pii.available, timeout=15_000)
    fill_with_personal_data(form)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.pii_confirm is not None and form.pii_confirm.isVisible(),
                    timeout=10_000)
    box = form.pii_confirm
    text = box.text()
    assert text.startswith("Customers' personal data must not be stored. Before saving, "
                           "these will be replaced:")
    for line in ("• Summary: a customer's name → [name], a phone number → [phone]",
                 "• What the customer said: an email address → [email], "
                 "a phone number → [phone]",
                 "• Details: a card number → [card], a bank account number (IBAN) → [iban], "
                 "a customer's name → [name]",
                 "• What you did on the spot: an email address → [email], "
                 "a phone number → [phone]",
                 "• Suggestion: a customer's name → [name], "
                 "a bank account number (IBAN) → [iban]"):
        assert line in text, line
    assert stored(data_dir) == [], "nothing is saved before the person agrees"
    # the form and its highlighted spans stay in view behind the question
    assert form.details.editor.document().firstBlock().layout().formats()
    assert form.details.text() == AUTHOR_TEXTS["details"]
    shot(window, "capture-confirm-window.png")
    shot(box, "capture-confirm-box.png")

    with qtbot.waitSignal(form.observation_saved, timeout=10_000):
        qtbot.mouseClick(button(box, "pii_save_with_replacements"), Qt.MouseButton.LeftButton)
    [obs] = stored(data_dir)
    for name in FORM_FIELDS:
        assert getattr(obs, name) == AUTHOR_REDACTED[name], name
    assert "Mrs [name], call [phone]" in form.banner.text()  # the saved summary, as stored
    window.backend.flush_writes(5)
    assert leaks(file_bytes(data_dir)) == []


def test_ctrl_enter_asks_too_and_edit_instead_keeps_the_text_unsaved(qtbot, window,
                                                                      data_dir):
    form = window.capture
    form.summary.set_text("Refund refused at the desk")
    form.details.set_text(f"Customer said call {PHONE}")
    form.details.editor.setFocus()
    qtbot.keyClick(form.details.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.pii_confirm is not None and form.pii_confirm.isVisible(),
                    timeout=10_000)
    assert "• Details: a phone number → [phone]" in form.pii_confirm.text()
    qtbot.mouseClick(button(form.pii_confirm, "pii_edit_instead"), Qt.MouseButton.LeftButton)
    # (the offscreen platform leaves no active window once a box closes: ask the window)
    qtbot.waitUntil(lambda: window.focusWidget() is form.details.editor)
    assert form.details.text() == f"Customer said call {PHONE}"
    assert form.save_button.isEnabled() and stored(data_dir) == []

    # saved after all; "Edit instead" is the default (Enter, Esc): replacing is a choice
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(form.details.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.pii_confirm is not None and form.pii_confirm.isVisible(),
                    timeout=10_000)
    assert form.pii_confirm.defaultButton() is button(form.pii_confirm, "pii_edit_instead")
    with qtbot.waitSignal(form.observation_saved, timeout=10_000) as saved:
        button(form.pii_confirm, "pii_save_with_replacements").click()
    assert saved.args[0].details == "Customer said call [phone]"


def test_under_block_the_form_refuses_to_save_naming_field_and_kind(qtbot, window, data_dir):
    set_policy(data_dir, "block")
    form = window.capture
    form.summary.set_text("Refund refused at the desk")
    form.customer_words.set_text(f"Ring me on {PHONE}")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.banner.tone() == "problem" and bool(form.banner.text()),
                    timeout=10_000)
    message = form.banner.text()
    assert message.startswith("Not saved")
    assert "a phone number in What the customer said" in message
    assert form.pii_confirm is None, "nothing to confirm: it cannot be saved as it is"
    assert form.customer_words.editor.property("invalid") is True
    assert window.focusWidget() is form.customer_words.editor
    assert stored(data_dir) == []
    shot(window, "capture-blocked.png")

    form.customer_words.set_text("Ring me when it is back in stock")
    with qtbot.waitSignal(form.observation_saved, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert [o.customer_words for o in stored(data_dir)] == ["Ring me when it is back in stock"]


def test_a_summary_that_is_only_personal_data_is_refused_with_what_to_write(qtbot, window,
                                                                           data_dir):
    form = window.capture
    form.summary.set_text(PHONE)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.banner.tone() == "problem" and bool(form.banner.text()),
                    timeout=10_000)
    assert form.banner.text() == ("The summary would be empty once the phone number is "
                                  "removed: say what the customer experienced.")
    assert form.summary.editor.property("invalid") is True
    assert form.pii_confirm is None and stored(data_dir) == []
    shot(window, "capture-summary-empty.png")


def _marked_columns(editor) -> list[int]:
    """The x positions where the one-line field shows the highlight colour."""
    image = editor.grab().toImage()
    y = image.height() // 2
    return [x for x in range(image.width())
            if image.pixelColor(x, y).name() == "#ffe08a"]


def test_the_summary_marks_personal_data_span_by_span_and_typing_goes_on(qtbot, window):
    form = window.capture
    qtbot.waitUntil(lambda: form.pii.available, timeout=15_000)
    editor = form.summary.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Refund refused at the desk")
    qtbot.wait(500)
    assert _marked_columns(editor) == []
    qtbot.keyClicks(editor, f", call {PHONE}")
    qtbot.waitUntil(lambda: bool(_marked_columns(editor)), timeout=5_000)
    marked = _marked_columns(editor)
    start = editor.fontMetrics().horizontalAdvance("Refund refused at the desk, call ")
    assert min(marked) > start - 10 and max(marked) - min(marked) > 40  # the number only
    qtbot.keyClick(editor, Qt.Key.Key_Home)
    qtbot.keyClicks(editor, "Again: ")
    assert editor.text() == f"Again: Refund refused at the desk, call {PHONE}"


def test_staff_names_from_the_reference_data_are_not_marked_or_replaced(qtbot, make_window,
                                                                       data_dir):
    store = read_store(data_dir)
    try:
        remote.apply_reference(store.connection(), {
            "reference_version": 2, "organisation": {"id": "o", "name": "Org",
                                                     "retention_days": None},
            "regions": [], "stores": [], "teams": [], "taxonomy": {}, "users": [{
                "id": "u1", "username": "anna", "display_name": "Anna Kowalska",
                "role": "employee", "store_id": "s", "team_id": None, "region_id": None,
                "disabled": False}]})
    finally:
        store.close()
    window = make_window(data_dir)
    form = window.capture
    qtbot.waitUntil(lambda: form.pii.available and form.pii._staff_names == ("Anna Kowalska",),
                    timeout=15_000)
    form.summary.set_text("Queue at the bakery counter")
    form.details.set_text("Anna Kowalska opened a second till for Maria Nowak")
    qtbot.waitUntil(form._pii_warning.isVisible, timeout=5_000)
    [marked] = form.details.editor.document().firstBlock().layout().formats()
    assert form.details.text()[marked.start:marked.start + marked.length] == "Maria Nowak"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.pii_confirm is not None and form.pii_confirm.isVisible(),
                    timeout=10_000)
    with qtbot.waitSignal(form.observation_saved, timeout=10_000) as saved:
        button(form.pii_confirm, "pii_save_with_replacements").click()
    assert saved.args[0].details == "Anna Kowalska opened a second till for [name]"
