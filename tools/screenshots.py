"""Screenshots of the main screens and the team inbox on demo data, for the README and the
docs, and for looking at (a development tool: not part of the shipped package).

    python tools/screenshots.py docs/screenshots [--size 1280x800] [--only main|inbox]

Runs offscreen on temporary data folders; each state is grabbed from the window. The
inbox's folder is filled as the Dublin store manager's pull fills it (the demo's S012
observations, with the server's rev), with that manager signed in. The Insights
screenshot needs a real server: `python tools/shoot_insights.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a checkout: `python tools/screenshots.py`

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout_ms: int = 15_000) -> None:
    waited = 0
    while not condition():
        if waited > timeout_ms:
            raise TimeoutError("the window did not get ready in time")
        wait(20)
        waited += 20


def start(argv: list[str] | None, description: str | None) -> tuple[Path, int, int, QApplication]:
    """Parse `OUT [--size WxH]`, make OUT, and start a styled (offscreen by default) app."""
    out, width, height, app, _only = _start(argv, description)
    return out, width, height, app


def _start(argv: list[str] | None, description: str | None
           ) -> tuple[Path, int, int, QApplication, str]:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--only", choices=("main", "inbox"), default="")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    width, height = (int(v) for v in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)

    from frontline.ui.resources import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_style(app)
    return args.out, width, height, app, args.only


def main(argv: list[str] | None = None) -> int:
    out, width, height, _app, only = _start(argv, __doc__)
    if only != "inbox":
        shoot_main(out, width, height)
    if only != "main":
        shoot_inbox(out, width, height)
    return 0


def shoot_main(out: Path, width: int, height: int) -> None:
    """The capture form in its states, and My observations."""
    from frontline.store.db import Store
    from frontline.store.demo import fill_demo
    from frontline.ui.app import settings_for
    from frontline.ui.main_window import CAPTURE, MY_OBSERVATIONS, MainWindow
    from frontline.ui.ops import Backend

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fill_demo(Store.open(folder).connection(), count=600, seed=7)
        backend = Backend()
        window = MainWindow(backend, settings_for(folder), folder)
        window.resize(width, height)
        window.show()
        backend.open_store(folder)
        wait_until(lambda: window.store is not None and window.capture.draft_ready())
        form = window.capture
        form.pii.load_now()

        def shot(name: str) -> None:
            wait(150)
            QCoreApplication.processEvents()
            path = out / f"{name}.png"
            window.grab().save(str(path))
            print(path)

        window.show_page(CAPTURE)
        shot("capture-empty")

        form.kind_buttons["pain_point"].setChecked(True)
        QTest.keyClicks(form.summary.editor, "Self-checkout rejects the loyalty card every time")
        form.customer_words.editor.setPlainText(
            "Third time this week. If it happens again I'll just shop at the other place.")
        form.details.editor.setPlainText(
            "Till 4 beeps and shows error 17 when the card is scanned; the points are lost.")
        form.action_taken.editor.setPlainText("Added the points by hand at the service desk.")
        form.channel.setCurrentIndex(form.channel.findData("in_store"))
        form.customer_type.setCurrentIndex(form.customer_type.findData("existing"))
        form.category.setCurrentIndex(form.category.findData("self_checkout"))
        form._on_category_chosen(form.category.currentIndex())
        form.severity.setCurrentIndex(4)
        form.switch_risk.setChecked(True)
        shot("capture-filled")

        form.suggestion.editor.setPlainText("Call me back on 07700 900123 when it is fixed")
        form.pii.check()
        shot("capture-personal-data")
        form.pii.redact_all()

        form.save()
        wait_until(lambda: form.banner.tone() == "success")
        shot("capture-saved")

        form.details.editor.setPlainText("The customer could not find the returns desk.")
        form.save()
        shot("capture-validation")
        form.clear()

        window.show_page(MY_OBSERVATIONS)
        page = window.observations
        wait_until(lambda: page.model.total() > 0 and page.current() is not None)
        shot("my-observations")

        QTest.keyClicks(page.search, "delivery")
        wait_until(lambda: page.model.query() is not None and page.model.query().text ==
                    "delivery")
        wait_until(lambda: page.current() is not None and page.model.listed(0) is not None)
        shot("my-observations-search")

        window.close()
        backend.shutdown()



def fill_inbox(folder: Path, count: int = 400) -> dict[str, object]:
    """The demo store S012 as its manager's pull leaves the local file; returns the manager."""
    from frontline.demo import demo_org, generate
    from frontline.store import outbox, remote
    from frontline.store.db import Store

    org = demo_org()
    store = org.store("S012")
    manager = org.person("siobhan.k")
    db = Store.open(folder).connection()
    wires = [{**o.to_dict(), "rev": 1} for o in generate(count, seed=7, store_codes=["S012"])]
    for n, wire in enumerate(wires[-12:]):  # the newest still waiting for review
        wire.update(status="new", response="", responded_at=None, wont_act_reason="",
                    duplicate_of=None, assignee_department=None)
        if n % 3 == 0:
            wire["severity"] = 4
    # as the server counts them: two more people raised the newest (merged elsewhere), and
    # one was escalated by the manager before
    wires[-1]["raised_by"] = 3
    wires[-4].update(escalated=True, escalation_note="Same complaint in three stores this week")
    # the employee's view: the newest demo answer, not opened yet
    answered = next(w for w in reversed(wires[:-12])
                    if w["status"] == "action_taken" and w["response"])
    answered["raised_by"] = 2
    remote.apply_pull_page(db, {"observations": wires, "cursor": "v1", "removed": []},
                           user_id=manager.id)
    db.execute("UPDATE observations SET unread = 1 WHERE id = ?", [answered["id"]])
    outbox.set_state(db, "screenshot_answered", str(answered["summary"]))
    users = [{"id": p.id, "username": p.login, "display_name": p.name, "role": p.role,
              "store_id": p.store_id} for p in org.people_of(store.id)]
    outbox.set_state(db, remote.REFERENCE_KEY, json.dumps(
        {"stores": [{"id": s.id, "code": s.code, "region_id": s.region_id} for s in org.stores],
         "users": users}))
    user = {"id": manager.id, "username": manager.login, "display_name": manager.name,
            "role": "manager", "store_id": store.id, "region_id": None}
    outbox.set_state(db, "signed_in", json.dumps({manager.id: user}))
    db.close()
    return user


def shoot_inbox(out: Path, width: int, height: int) -> None:
    """The team inbox, a review, the board, and the author's answered observation."""
    from frontline.ui.app import settings_for
    from frontline.ui.main_window import MainWindow
    from frontline.ui.ops import Backend

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fill_inbox(folder)
        backend = Backend()
        window = MainWindow(backend, settings_for(folder), folder)
        window.resize(width, height)
        window.show()
        backend.open_store(folder)
        wait_until(lambda: window.store is not None)
        window.show_page(2)
        page = window.inbox

        def shot(name: str) -> None:
            wait(250)
            QCoreApplication.processEvents()
            path = out / f"{name}.png"
            window.grab().save(str(path))
            print(path)

        wait_until(lambda: page.model.total() > 0 and page.current() is not None)
        page.table.setFocus()
        shot("inbox")

        page.status_filter.setCurrentIndex(page.status_filter.findData("new"))
        wait_until(lambda: page.model.query() is not None
                    and page.model.query().statuses == ("new",) and page.current() is not None)
        page.table.setFocus()
        QTest.keyClick(page.table, "j")
        wait_until(lambda: page.current() is not None)
        QTest.keyClick(page.table, "a")
        wait_until(lambda: page.current().observation.status == "acknowledged")
        page.department.setCurrentIndex(page.department.findData("store_ops"))
        page._on_department_chosen(page.department.currentIndex())
        wait_until(lambda: page.current().observation.assignee_department == "store_ops")
        QTest.keyClick(page.table, "r")
        QTest.keyClicks(page.response, "Thank you for raising this. From Monday a second till "
                                       "opens 12:00-14:00, and Sean covers the floor.")
        shot("inbox-review")

        page.send_button.click()
        wait_until(lambda: bool(page.current().observation.response))

        window.show_page(5)
        wait_until(lambda: bool(window.board.items))
        shot("board")

        from frontline.store import outbox
        from frontline.store.db import Store

        reader = Store.open(folder)
        summary = outbox.get_state(reader.connection(), "screenshot_answered") or ""
        reader.close()
        window.show_page(1)
        mine = window.observations
        wait_until(lambda: mine.model.total() > 0)
        mine.search.setText(summary)
        wait_until(lambda: mine.model.query() is not None and mine.model.query().text ==
                    summary and mine.current() is not None)
        shot("my-observations-answered")

        window.show_page(2)
        page.table.setFocus()
        QTest.keyClick(page.table, "w")
        wait_until(lambda: page.dialog is not None and page.dialog.isVisible())
        page.dialog.ok_button.click()
        wait(100)
        path = out / "inbox-wont-act-reason.png"
        page.dialog.grab().save(str(path))
        print(path)
        page.dialog.reject()

        window.close()
        backend.shutdown()


if __name__ == "__main__":
    raise SystemExit(main())
