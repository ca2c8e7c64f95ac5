"""Issue 12 in the team inbox: an answer, a won't-act reason or an escalation note holding
customer personal data is named before it is stored with placeholders (policy "redact"),
or refused until it is removed (policy "block")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from frontline.store import outbox
from tests.helpers.store import read_store
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE
from tests.privacy_data import EMAIL, IBAN, PHONE, file_bytes, leaks

from .test_capture_privacy import set_policy, shot
from .test_inbox import key, open_inbox, stored

pytestmark = OFFSCREEN_DIALOG_NOISE


def agree(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.pii_confirm is not None and page.pii_confirm.isVisible(),
                    timeout=10_000)
    save = page.pii_confirm.findChild(QPushButton, "pii_save_with_replacements")
    with qtbot.waitSignal(page.reviewed, timeout=10_000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_an_answer_with_a_phone_number_is_named_first_then_stored_with_a_placeholder(
        qtbot, make_window, data_dir: Path) -> None:
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "r")
    qtbot.keyClicks(page.response, f"We called her back on {PHONE}.")
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.pii_confirm is not None and page.pii_confirm.isVisible(),
                    timeout=10_000)
    assert "• Answer: a phone number → [phone]" in page.pii_confirm.text()
    assert stored(data_dir, made[-1].id).observation.response == ""
    assert page.response.toPlainText() == f"We called her back on {PHONE}."  # still in view
    shot(page.window(), "inbox-confirm.png")
    agree(qtbot, page)
    assert stored(data_dir, made[-1].id).observation.response == "We called her back on [phone]."


def test_wont_act_and_escalation_texts_are_replaced_after_the_notice(qtbot, make_window,
                                                                     data_dir: Path) -> None:
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "w")
    qtbot.keyClicks(page.dialog.editor, f"Head office decision, told {EMAIL}")
    qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)
    agree(qtbot, page)
    assert stored(data_dir, made[-1].id).observation.wont_act_reason == \
        "Head office decision, told [email]"
    page.table.setFocus()
    key(qtbot, page, "j")
    key(qtbot, page, "e")
    qtbot.keyClicks(page.dialog.editor, f"Refund to {IBAN} stuck for weeks")
    qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)
    agree(qtbot, page)
    db = read_store(data_dir).connection()
    notes = [r[0] for r in db.execute("SELECT escalation_note FROM observations "
                                      "WHERE escalated = 1").fetchall()]
    assert notes == ["Refund to [iban] stuck for weeks"]
    assert leaks(file_bytes(data_dir)) == []


def test_under_block_an_answer_with_personal_data_is_refused_naming_field_and_kind(
        qtbot, make_window, data_dir: Path) -> None:
    set_policy(data_dir, "block")
    page, made = open_inbox(qtbot, make_window, data_dir)
    key(qtbot, page, "r")
    qtbot.keyClicks(page.response, f"Mail sent to {EMAIL}")
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text().startswith("Not saved"), timeout=10_000)
    assert "an email address in Answer" in page.message.text()
    assert page.pii_confirm is None
    assert stored(data_dir, made[-1].id).observation.response == ""
    assert outbox.pending(read_store(data_dir).connection()) == []
