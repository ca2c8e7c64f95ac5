"""Client memory with 200k local observations, beside a bare PySide6 window (brief target:
≤ bare window + 80 MB).

Each figure is the resident set (VmRSS, and VmHWM: the peak) of a fresh process, read from
/proc after the window is up and idle: the bare baseline is a QMainWindow; ours is the
Frontline main window on a local file of 200k demo observations (every row pulled from
the server, as on a leader's PC), after My observations and the team inbox (signed-in
admin, every store) have painted their first rows and a search for a common word ran in
each. Offscreen platform, same run, interleaved. Our process starts as `run_app` does
(`frontline.ui.memory.return_large_buffers` first).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.bench.run import Context, Row

TITLE = "Client memory with 200k observations"

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show()
def done():
    status = dict(l.split(":", 1) for l in open("/proc/self/status") if ":" in l)
    print("RSS", int(status["VmRSS"].split()[0]), int(status["VmHWM"].split()[0]), flush=True)
    app.quit()
QTimer.singleShot(1500, done)
app.exec()
"""

OURS = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from frontline.ui.memory import return_large_buffers
return_large_buffers()  # as run_app does first
sys.path.insert(0, "@TOOLS@")  # the screenshot tool's helpers (tools/screenshots.py)
from screenshots import start, wait as _wait, wait_until as _wait_until
out, width, height, app = start(["/tmp", "--size", "1280x800"], "")
from frontline.ui.app import settings_for
from frontline.ui.main_window import MainWindow
from frontline.ui.ops import Backend
folder = Path(sys.argv[1])
backend = Backend()
window = MainWindow(backend, settings_for(folder), folder)
window.resize(width, height)
window.show()
backend.open_store(folder)
_wait_until(lambda: window.store is not None, 120_000)
window.show_page(1)
mine = window.observations
_wait_until(lambda: mine.model.total() > 0 and mine.model.listed(0) is not None, 120_000)
mine.search.setText("customer")
_wait_until(lambda: mine.model.query() is not None and mine.model.query().text == "customer"
            and mine.model.listed(0) is not None, 120_000)
window.show_page(2)
inbox = window.inbox
_wait_until(lambda: inbox.model.total() > 0 and inbox.model.listed(0) is not None, 120_000)
inbox.search.setText("customer")
_wait_until(lambda: inbox.model.query() is not None and inbox.model.query().text == "customer"
            and inbox.model.listed(0) is not None, 120_000)
_wait(1500)
status = dict(l.split(":", 1) for l in open("/proc/self/status") if ":" in l)
print("ROWS", mine.model.total(), inbox.model.total(), flush=True)
print("RSS", int(status["VmRSS"].split()[0]), int(status["VmHWM"].split()[0]), flush=True)
window.close()
backend.shutdown()
""".replace("@TOOLS@", str(Path(__file__).resolve().parents[2] / "tools"))


def _rss(code: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    proc = subprocess.run([sys.executable, "-c", *code], capture_output=True, text=True,
                          env=env, timeout=600)
    rss = next((line for line in proc.stdout.splitlines() if line.startswith("RSS")), None)
    if rss is None:
        raise RuntimeError(f"no RSS line: {proc.stdout[-500:]} {proc.stderr[-2000:]}")
    rows = next((line for line in proc.stdout.splitlines() if line.startswith("ROWS")), "")
    _, now, peak = rss.split()
    return int(now) / 1024, int(peak) / 1024, rows


def run(ctx: Context) -> list[Row]:
    from frontline.demo import demo_org
    from frontline.store import outbox
    from frontline.store.db import Store
    from frontline.store.demo import fill_demo

    count = 20_000 if ctx.quick else 200_000
    folder = ctx.workdir / "memory"
    store = Store.open(folder)
    db = store.connection()
    fill_demo(db, count=count)
    with db.conn:
        db.execute("UPDATE observations SET server_version = 1, sync_state = 'synced'")
        db.execute("DELETE FROM outbox")
    admin = next(p for p in demo_org().people if p.role == "admin")
    outbox.set_state(db, "signed_in", json.dumps({admin.id: {
        "id": admin.id, "username": admin.login, "display_name": admin.name, "role": "admin",
        "store_id": None, "region_id": None, "expires_at": "2099-01-01T00:00:00Z"}}))
    store.close()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    runs = 1 if ctx.quick else 3
    bare, ours, rows = [], [], ""
    for _ in range(runs):
        bare.append(_rss([BARE], env))
        now, peak, rows = _rss([OURS, str(folder)], env)
        ours.append((now, peak, rows))
    b_now = min(b[0] for b in bare)
    o_now = min(o[0] for o in ours)
    o_peak = min(o[1] for o in ours)
    extra = o_now - b_now
    ctx.notes.append(f"{count:,} observations in the file; lists as loaded: {rows}. Minimum of "
                     f"{runs} fresh processes each; VmRSS after idle, VmHWM the peak.")
    return [
        Row(f"resident memory, My observations + inbox + searches, {count:,} rows",
            f"{o_now:.0f} MB (peak {o_peak:.0f} MB)", f"bare PySide6 window {b_now:.0f} MB",
            f"+{extra:.0f} MB", "≤ bare + 80 MB", "met" if extra <= 80 else "missed"),
    ]
