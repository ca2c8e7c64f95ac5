"""docs/screenshots/insights.png: the Insights page of a regional leader on the demo server.

    .venv/bin/python tools/shoot_insights.py [OUT.png] [--role leader] [--period 2] [--tab 1]

Starts a real `frontline-server` with the demo organisation, enrols a fresh data folder,
signs the person in with their password, and grabs the window once the page has loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?",
                        default=str(ROOT / "docs" / "screenshots" / "insights.png"))
    parser.add_argument("--role", default="leader", choices=("leader", "manager", "admin"))
    parser.add_argument("--period", type=int, default=2, help="0: 4 weeks, 1: quarter, 2: year")
    parser.add_argument("--tab", type=int, default=1, help="0: by store, 1: weekly trend, ...")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from frontline.demo import DEMO_PASSWORD
    from frontline.store.db import Store
    from frontline.sync import device
    from frontline.ui.app import settings_for
    from frontline.ui.main_window import INSIGHTS, MainWindow
    from frontline.ui.ops import Backend
    from tests.helpers.realserver import DemoTemplate, RealServer

    tmp = Path(tempfile.mkdtemp(prefix="frontline-insights-shot-"))
    template = DemoTemplate(tmp / "template")
    server = RealServer.from_template(template, tmp / "server")
    server.start()
    try:
        regional = server.query("SELECT username FROM users WHERE role = 'leader' AND "
                                "region_id IS NOT NULL ORDER BY username")
        if args.role == "leader" and regional:
            username = regional[0][0]
        else:
            login = next(x for x in template.info["logins"] if x["role"] == args.role)
            username = login["username"]
        data = tmp / "pc"
        data.mkdir()
        device.enrol_pc(data, server_url=server.url, code=server.code())
        store = Store.open(data)
        client = device.make_client(data)
        device.sign_in(store.connection(), client, username, DEMO_PASSWORD)
        client.close()
        store.close()

        app = QApplication([])
        app.setStyleSheet((ROOT / "resources" / "style.qss").read_text(encoding="utf-8"))
        backend = Backend()
        window = MainWindow(backend, settings_for(data), data)
        window.resize(1280, 820)
        window.show()
        backend.open_store(data)

        def wait(condition: object, seconds: float = 20) -> None:
            deadline = time.time() + seconds
            while not condition() and time.time() < deadline:  # type: ignore[operator]
                app.processEvents()
                time.sleep(0.02)

        wait(lambda: backend.store_if_open() is not None)
        window.show_page(INSIGHTS)
        page = window.insights
        page.period.setCurrentIndex(args.period)
        wait(lambda: not page._busy and page.doc is not None)
        page.tabs.setCurrentIndex(args.tab)
        wait(lambda: False, 0.5)  # let the chart paint
        window.grab().save(args.out)
        print(args.out, username, page.doc["scope"] if page.doc else page.message.text())
        window.close()
        backend.shutdown()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
