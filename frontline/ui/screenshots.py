"""Screenshots of the main screens on demo data, for the README and for looking at.

    python -m frontline.ui.screenshots docs/screenshots [--size 1280x800]

Runs offscreen on a temporary data folder; each state is grabbed from the window.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait_until(condition: Callable[[], bool], timeout_ms: int = 15_000) -> None:
    waited = 0
    while not condition():
        if waited > timeout_ms:
            raise TimeoutError("the window did not get ready in time")
        _wait(20)
        waited += 20


def start(argv: list[str] | None, description: str | None) -> tuple[Path, int, int, QApplication]:
    """Parse `OUT [--size WxH]`, make OUT, and start a styled (offscreen by default) app."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    width, height = (int(v) for v in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)

    from frontline.ui.resources import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_style(app)
    return args.out, width, height, app


def main(argv: list[str] | None = None) -> int:
    out, width, height, app = start(argv, __doc__)

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
        _wait_until(lambda: window.store is not None and window.capture.draft_ready())
        form = window.capture
        form.pii.load_now()

        def shot(name: str) -> None:
            _wait(150)
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
        _wait_until(lambda: form.banner.tone() == "success")
        shot("capture-saved")

        form.details.editor.setPlainText("The customer could not find the returns desk.")
        form.save()
        shot("capture-validation")
        form.clear()

        window.show_page(MY_OBSERVATIONS)
        page = window.observations
        _wait_until(lambda: page.model.total() > 0 and page.current() is not None)
        shot("my-observations")

        QTest.keyClicks(page.search, "delivery")
        _wait_until(lambda: page.model.query() is not None and page.model.query().text ==
                    "delivery")
        _wait_until(lambda: page.current() is not None and page.model.listed(0) is not None)
        shot("my-observations-search")

        window.close()
        backend.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
