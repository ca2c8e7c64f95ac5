"""Screenshots of the team inbox on demo data, for the docs and for looking at.

    python -m frontline.ui.inbox_screenshots docs/screenshots [--size 1280x800]

Offscreen, on a temporary data folder filled as the Dublin store manager's pull fills it
(the demo's S012 observations, with the server's rev), with that manager signed in.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest

from frontline.ui.screenshots import _wait, _wait_until, start


def fill(folder: Path, count: int = 400) -> dict[str, object]:
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


def main(argv: list[str] | None = None) -> int:
    out, width, height, app = start(argv, __doc__)

    from frontline.ui.app import settings_for
    from frontline.ui.main_window import MainWindow
    from frontline.ui.ops import Backend

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fill(folder)
        backend = Backend()
        window = MainWindow(backend, settings_for(folder), folder)
        window.resize(width, height)
        window.show()
        backend.open_store(folder)
        _wait_until(lambda: window.store is not None)
        window.show_page(2)
        page = window.inbox

        def shot(name: str) -> None:
            _wait(250)
            QCoreApplication.processEvents()
            path = out / f"{name}.png"
            window.grab().save(str(path))
            print(path)

        _wait_until(lambda: page.model.total() > 0 and page.current() is not None)
        page.table.setFocus()
        shot("inbox")

        page.status_filter.setCurrentIndex(page.status_filter.findData("new"))
        _wait_until(lambda: page.model.query() is not None
                    and page.model.query().statuses == ("new",) and page.current() is not None)
        page.table.setFocus()
        QTest.keyClick(page.table, "j")
        _wait_until(lambda: page.current() is not None)
        QTest.keyClick(page.table, "a")
        _wait_until(lambda: page.current().observation.status == "acknowledged")
        page.department.setCurrentIndex(page.department.findData("store_ops"))
        page._on_department_chosen(page.department.currentIndex())
        _wait_until(lambda: page.current().observation.assignee_department == "store_ops")
        QTest.keyClick(page.table, "r")
        QTest.keyClicks(page.response, "Thank you for raising this. From Monday a second till "
                                       "opens 12:00-14:00, and Sean covers the floor.")
        shot("inbox-review")

        page.send_button.click()
        _wait_until(lambda: bool(page.current().observation.response))

        window.show_page(5)
        _wait_until(lambda: bool(window.board.items))
        shot("board")

        from frontline.store import outbox
        from frontline.store.db import Store

        reader = Store.open(folder)
        summary = outbox.get_state(reader.connection(), "screenshot_answered") or ""
        reader.close()
        window.show_page(1)
        mine = window.observations
        _wait_until(lambda: mine.model.total() > 0)
        mine.search.setText(summary)
        _wait_until(lambda: mine.model.query() is not None and mine.model.query().text ==
                    summary and mine.current() is not None)
        shot("my-observations-answered")

        window.show_page(2)
        page.table.setFocus()
        QTest.keyClick(page.table, "w")
        _wait_until(lambda: page.dialog is not None and page.dialog.isVisible())
        page.dialog.ok_button.click()
        _wait(100)
        path = out / "inbox-wont-act-reason.png"
        page.dialog.grab().save(str(path))
        print(path)
        page.dialog.reject()

        window.close()
        backend.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
