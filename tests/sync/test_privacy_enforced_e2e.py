"""Issue 12 end to end, through a real `frontline-server` process: observations holding
customer personal data in every free-text field, imported with `frontline import` and sent
with `frontline sync` (both real processes), leave none of it in any server table, the
server's database file or log, or the PC's file and write-ahead log. (The same through the
capture form, saved with the mouse: `tests/ui/test_privacy_e2e.py`.)"""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

from frontline.store.db import Store
from frontline.store.observations import ObservationQuery, fetch_rows, query_rowids
from tests.helpers.realserver import FRONTLINE, RealServer, server_env
from tests.privacy_data import AUTHOR_REDACTED, AUTHOR_TEXTS, file_bytes, leaks
from tests.sync import test_privacy_e2e as privacy
from tests.sync.test_privacy_e2e import enrol, local_rows, server_rows

# the real server per test (SQLite, and PostgreSQL when configured), as the privacy tests
server_backend = privacy.server_backend  # both databases, as the other privacy tests
server_log_level = privacy.server_log_level  # DEBUG: the log is searched too


def nothing_on_the_server(server: RealServer) -> None:
    """No needle in any row of any table, in the server's SQLite file and WAL, in its log."""
    rows = server_rows(server)
    assert [t for t, lines in rows.items() if leaks("\n".join(lines))] == []
    if not server.database_url:
        for suffix in ("", "-wal"):
            path = server.data_dir / f"frontline-server.db{suffix}"
            if path.exists():
                assert leaks(path.read_bytes()) == [], path.name
    assert leaks(server.log.read_text(encoding="utf-8")) == []


def nothing_on_the_pc(pc: Path) -> None:
    assert leaks(file_bytes(pc)) == []  # as left by the app: file and WAL, byte for byte
    assert [t for t, lines in local_rows(pc).items() if leaks("\n".join(lines))] == []


def test_an_imported_file_with_personal_data_then_synced_leaves_it_nowhere(
        server: RealServer, tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    enrol(server, pc)
    source = tmp_path / "notes.csv"
    with open(source, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["kind", *AUTHOR_TEXTS])
        writer.writeheader()
        writer.writerow({"kind": "pain_point", **AUTHOR_TEXTS})
        writer.writerow({"kind": "idea", "summary": "Bag shelf at self-checkout"})
    env = server_env()
    imported = subprocess.run([*FRONTLINE, "import", str(source), "--data-dir", str(pc)],
                              capture_output=True, text=True, env=env, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 2 observation(s); 1 with customer personal data replaced by " \
           "placeholders" in imported.stdout
    nothing_on_the_pc(pc)

    synced = subprocess.run([*FRONTLINE, "sync", "--data-dir", str(pc), "--json"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert json.loads(synced.stdout)["pushed"] == 2
    on_server = server.query("SELECT details, customer_words, customer_segment FROM "
                             "observations WHERE summary = :s", s=AUTHOR_REDACTED["summary"])
    assert on_server == [(AUTHOR_REDACTED["details"], AUTHOR_REDACTED["customer_words"],
                          AUTHOR_REDACTED["customer_segment"])]
    nothing_on_the_server(server)
    nothing_on_the_pc(pc)
    store = Store.open(pc)
    try:
        db = store.connection()
        rows = fetch_rows(db, query_rowids(db, ObservationQuery()))
        assert {r.sync_state for r in rows} == {"synced"}
    finally:
        store.close()
