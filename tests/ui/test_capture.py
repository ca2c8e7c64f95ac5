"""The capture form, driven with the keyboard as a store associate would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from frontline.store.drafts import load_draft
from frontline.store.observations import ObservationQuery, fetch_rows, query_rowids
from frontline.ui.main_window import CAPTURE, MY_OBSERVATIONS
from frontline.ui.qtcompat import emit
from tests.helpers.store import read_store
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE

pytestmark = OFFSCREEN_DIALOG_NOISE


def _focused():
    return QApplication.focusWidget()


def _confirm_box(form):
    box = form._pending_confirm
    assert box is not None and box.isVisible(), "expected a question before clearing"
    return box


def _click(box: QMessageBox, role: QMessageBox.ButtonRole) -> None:
    for button in box.buttons():
        if box.buttonRole(button) == role:
            button.click()
            return
    raise AssertionError(f"no button with role {role}")


def test_typed_observation_saved_with_ctrl_enter_appears_in_my_observations(qtbot, window,
                                                                           data_dir):
    form = window.capture
    assert window.current_page() == CAPTURE
    assert _focused() is form.summary.editor, "focus starts in the summary"
    qtbot.keyClicks(form.summary.editor, "Self-checkout rejects the loyalty card")
    qtbot.keyClick(form.summary.editor, Qt.Key.Key_Tab)
    assert _focused() is form.customer_words.editor
    qtbot.keyClicks(_focused(), "Third time this week, I'll shop elsewhere")
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is form.details.editor
    qtbot.keyClicks(_focused(), "Till 4 beeps and shows error 17.")
    qtbot.keyClick(_focused(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # might leave
    qtbot.waitUntil(form.switch_risk.isChecked)  # a mnemonic "animates" its click (~100 ms)

    with qtbot.waitSignal(form.observation_saved) as saved:
        qtbot.keyClick(form.details.editor, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    obs = saved.args[0]
    assert obs.summary == "Self-checkout rejects the loyalty card"
    assert obs.switch_risk is True

    # A fresh form at once, with a clear confirmation and focus back in the summary.
    assert form.summary.text() == "" and form.details.text() == ""
    assert "Saved" in form.banner.text()
    assert _focused() is form.summary.editor

    # In My observations…
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == MY_OBSERVATIONS
    model = window.observations.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.listed(0) is not None)
    assert model.data(model.index(0, 2)) == "Self-checkout rejects the loyalty card"
    assert model.data(model.index(0, 4)) == "Waiting to sync"
    qtbot.waitUntil(lambda: window.status.pending_label.text() == "1 waiting to sync")

    # …and in the file, committed.
    db = read_store(data_dir).connection()
    rows = fetch_rows(db, query_rowids(db, ObservationQuery()))
    assert [r.observation.summary for r in rows] == ["Self-checkout rejects the loyalty card"]
    assert rows[0].observation.customer_words == "Third time this week, I'll shop elsewhere"
    assert load_draft(db, "capture") is None, "the draft is gone once saved"


def test_ctrl_enter_with_keypad_enter_also_saves(qtbot, window):
    form = window.capture
    qtbot.keyClicks(form.summary.editor, "Queue at the pharmacy counter")
    with qtbot.waitSignal(form.observation_saved):
        qtbot.keyClick(form.summary.editor, Qt.Key.Key_Enter,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier)


def test_kind_and_channel_are_kept_for_the_next_observation(qtbot, window):
    form = window.capture
    qtbot.keyClick(form.summary.editor, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: form.kind() == "idea")
    form.channel.setCurrentIndex(form.channel.findData("phone"))
    qtbot.keyClicks(form.summary.editor, "Offer call-backs instead of hold music")
    with qtbot.waitSignal(form.observation_saved):
        qtbot.keyClick(form.summary.editor, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    assert form.kind() == "idea"
    assert form.channel.currentData() == "phone"
    assert window.settings.value("capture/channel") == "phone"


def test_choosing_a_category_sets_its_department_which_can_be_overridden(qtbot, window):
    form = window.capture
    form.category.setCurrentIndex(form.category.findData("invoice_error"))
    emit(form.category.activated, form.category.currentIndex())
    assert form.department.currentData() == "invoicing"
    form.department.setCurrentIndex(form.department.findData("customer_service"))
    emit(form.department.activated, form.department.currentIndex())
    form.category.setCurrentIndex(form.category.findData("delivery_late"))
    emit(form.category.activated, form.category.currentIndex())
    assert form.department.currentData() == "customer_service", "a chosen department stays"


def test_escape_asks_before_clearing_typed_text(qtbot, window, data_dir):
    form = window.capture
    qtbot.keyClicks(form.summary.editor, "Price label wrong on oat milk")
    qtbot.keyClick(form.summary.editor, Qt.Key.Key_Escape)
    box = _confirm_box(form)
    _click(box, QMessageBox.ButtonRole.RejectRole)  # "Keep typing"
    qtbot.waitUntil(lambda: not box.isVisible())
    assert form.summary.text() == "Price label wrong on oat milk"

    qtbot.keyClick(form.summary.editor, Qt.Key.Key_Escape)
    box = _confirm_box(form)
    with qtbot.waitSignal(form.draft_saved):
        _click(box, QMessageBox.ButtonRole.DestructiveRole)  # "Clear"
    assert form.summary.text() == ""
    assert load_draft(read_store(data_dir).connection(), "capture") is None


def test_escape_on_an_empty_form_clears_without_asking(qtbot, window):
    form = window.capture
    form.severity.setCurrentIndex(3)
    qtbot.keyClick(form.summary.editor, Qt.Key.Key_Escape)
    assert form._pending_confirm is None
    assert form.severity.currentIndex() == 0


def test_validation_error_keeps_the_text_and_focuses_the_field(qtbot, window):
    form = window.capture
    form.details.editor.setFocus()
    qtbot.keyClicks(form.details.editor, "Customer could not find the returns desk")
    qtbot.keyClick(form.details.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.details.text() == "Customer could not find the returns desk"
    assert _focused() is form.summary.editor
    assert form.summary.editor.property("invalid") is True
    assert form.banner.tone() == "problem"
    assert "summary" in form.banner.text().lower()
    # typing into the field clears its mark
    qtbot.keyClicks(form.summary.editor, "Returns desk hard to find")
    assert not form.summary.editor.property("invalid")


def test_counter_appears_near_the_limit_and_warns_when_over(qtbot, window):
    form = window.capture
    assert not form.summary.counter.isVisibleTo(form)
    form.summary.editor.setMaxLength(10_000)
    form.summary.set_text("x" * 170)
    assert form.summary.counter.isVisibleTo(form)
    assert "170 of 200" in form.summary.counter.text()
    form.summary.set_text("x" * 201)
    assert form.summary.counter.property("over") is True
    with qtbot.assertNotEmitted(form.observation_saved):
        form.save()  # validation runs before anything is queued
    assert form.summary.editor.property("invalid") is True


def test_every_input_has_an_accessible_name_and_labels_have_mnemonics(window):
    form = window.capture
    inputs = [*form.field_names.values(), *form.kind_buttons.values(), form.switch_risk,
              form.anonymous, form.save_button, form.clear_button]
    for widget in inputs:
        assert widget.accessibleName(), f"{widget!r} has no accessible name"
    from PySide6.QtWidgets import QLabel

    buddies = {label.buddy() for label in form.findChildren(QLabel) if label.buddy()}
    for name, widget in form.field_names.items():
        assert widget in buddies, f"{name} has no label with a mnemonic"


def test_save_failure_shows_a_clear_message_and_keeps_the_text_and_draft(qtbot, window,
                                                                        data_dir):
    form = window.capture
    qtbot.keyClicks(form.summary.editor, "Card reader offline at till 2")
    with qtbot.waitSignal(form.draft_saved):
        pass  # the autosave, ~500 ms after typing stops

    # Fill the "disk": the file may not grow any further.
    from frontline.ui.ops import StoreOp

    def fill_disk(db):
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")

    with qtbot.waitSignal(form.draft_saved):
        StoreOp(form, fill_disk).success(lambda _: emit(form.draft_saved)).run_in_background()

    form.details.set_text("The reader shows 'offline' every morning. " * 90)
    with qtbot.assertNotEmitted(form.observation_saved):
        qtbot.keyClick(form.summary.editor, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: form.banner.tone() == "problem")
    assert "disk is full" in form.banner.text()
    assert "kept" in form.banner.text()
    assert form.summary.text() == "Card reader offline at till 2"
    assert form.details.text().startswith("The reader shows")
    assert form.save_button.isEnabled(), "the person can try again"
    draft = load_draft(read_store(data_dir).connection(), "capture")
    assert draft is not None and draft["summary"] == "Card reader offline at till 2"


def test_edit_from_my_observations_updates_the_same_observation(qtbot, window, data_dir):
    form = window.capture
    qtbot.keyClicks(form.summary.editor, "Parcel lockers full")
    with qtbot.waitSignal(form.observation_saved) as first:
        qtbot.keyClick(form.summary.editor, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    page = window.observations
    window.show_page(MY_OBSERVATIONS)
    qtbot.waitUntil(lambda: page.current() is not None)
    assert page.edit_button.isEnabled()
    page.edit_button.click()
    assert window.current_page() == CAPTURE
    assert form.summary.text() == "Parcel lockers full"
    form.summary.editor.selectAll()
    qtbot.keyClicks(form.summary.editor, "Parcel lockers full every Saturday")
    with qtbot.waitSignal(form.observation_saved) as second:
        qtbot.keyClick(form.summary.editor, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    assert second.args[0].id == first.args[0].id
    db = read_store(data_dir).connection()
    rows = fetch_rows(db, query_rowids(db, ObservationQuery()))
    assert [r.observation.summary for r in rows] == ["Parcel lockers full every Saturday"]


def test_withdraw_asks_first_then_marks_the_observation_withdrawn(qtbot, window, data_dir):
    form = window.capture
    qtbot.keyClicks(form.summary.editor, "Wrong opening hours online")
    with qtbot.waitSignal(form.observation_saved):
        qtbot.keyClick(form.summary.editor, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    page = window.observations
    window.show_page(MY_OBSERVATIONS)
    qtbot.waitUntil(lambda: page.current() is not None)
    page.withdraw_button.click()
    box = next(b for b in page.findChildren(QMessageBox) if b.isVisible())
    with qtbot.waitSignal(page.observation_withdrawn):
        _click(box, QMessageBox.ButtonRole.DestructiveRole)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 4)) == "Withdrawn")
    assert not page.edit_button.isEnabled()
    db = read_store(data_dir).connection()
    rows = fetch_rows(db, query_rowids(db, ObservationQuery()))
    assert rows[0].observation.status == "withdrawn"


def test_personal_data_is_highlighted_warned_about_and_redacted_with_ctrl_shift_r(qtbot,
                                                                                window):
    form = window.capture
    qtbot.waitUntil(lambda: form.pii.available)
    editor = form.customer_words.editor
    editor.setFocus()
    editor.insertPlainText("😀 ")  # QTest types ASCII only; an emoji shifts Qt's offsets
    qtbot.keyClicks(editor, "She read out her card 4111 1111 1111 1111 twice")
    warning = form._pii_warning
    qtbot.waitUntil(warning.isVisible)
    assert "card number" in warning.text() and "Ctrl+Shift+R" in warning.text()
    [marked] = editor.document().firstBlock().layout().formats()
    text = editor.toPlainText()
    start = len(text[:text.index("4111")].encode("utf-16-le")) // 2
    assert (marked.start, marked.length) == (start, len("4111 1111 1111 1111"))

    qtbot.keyClick(form.customer_words.editor, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert form.customer_words.text() == "😀 She read out her card [card] twice"
    assert not warning.isVisible()


def test_editing_after_review_started_says_so_and_keeps_the_text(qtbot, window, data_dir):
    import dataclasses

    from frontline.store.remote import apply_pull_page

    form = window.capture
    qtbot.keyClicks(form.summary.editor, "Fitting rooms closed at weekends")
    with qtbot.waitSignal(form.observation_saved) as saved:
        form.save()
    form.edit(saved.args[0])
    qtbot.keyClicks(form.summary.editor, " again")
    # Meanwhile a manager acknowledged it, and sync brought that down.
    reviewed = dataclasses.replace(saved.args[0], status="acknowledged")
    apply_pull_page(read_store(data_dir).connection(),
                    {"observations": [{**reviewed.to_dict(), "rev": 2}], "cursor": "1"})

    with qtbot.assertNotEmitted(form.observation_saved):
        form.save()
        qtbot.waitUntil(lambda: form.banner.tone() == "problem")
    assert "already being reviewed" in form.banner.text()
    assert form.summary.text() == "Fitting rooms closed at weekends again"


def test_every_field_limit_is_high_enough_for_its_counter_to_appear_in_time(window):
    from frontline.core.model import TEXT_FIELDS
    from frontline.ui.capture import COUNTER_FROM, COUNTER_NEVER_BELOW

    for name in ("summary", "customer_words", "details", "action_taken", "suggestion"):
        assert TEXT_FIELDS[name] * COUNTER_FROM >= COUNTER_NEVER_BELOW, name
