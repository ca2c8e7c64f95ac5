"""`frontline --self-check` (frontline/sync/selfcheck.py; the Qt half is tested in
tests/ui/test_selfcheck_qt.py and, through the command, here)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from frontline.sync.selfcheck import ERROR, OK, WARNING, Check, exit_code, run_checks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "machine" / "frontline.toml"
    path.parent.mkdir()
    monkeypatch.setenv("FRONTLINE_MACHINE_CONFIG", str(path))
    return path


@pytest.fixture
def health_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200 if self.path == "/health" else 404)
            self.end_headers()
            self.wfile.write(b'{"status": "ok"}')

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def test_a_fresh_folder_is_created_and_passes(machine: Path, tmp_path: Path,
                                              health_server: str) -> None:
    machine.write_text(f'server_url = "{health_server}"\n[policy]\nsync_interval_seconds = 60\n')
    data = tmp_path / "new" / "data"
    checks = run_checks(data)
    found = by_name(checks)
    assert (data / "frontline.db").is_file()
    assert found["data folder"].status == OK
    assert found["database"].status == OK and "integrity ok" in found["database"].detail
    assert found["migrations"].status == OK
    # the suite has no keychain (tests/conftest.py): the user-only file is the fallback
    assert found["tokens"].status == WARNING and "credentials.json" in found["tokens"].detail
    assert found["server"].status == OK and "reachable" in found["server"].detail
    settings = found["settings"].detail
    assert str(machine) in settings and "server_url (machine)" in settings
    assert "sync_interval_seconds" in settings.split("fixed by policy:")[1]
    assert exit_code(checks) == 0


def test_an_unreachable_server_is_a_warning_not_a_failure(machine: Path, tmp_path: Path) -> None:
    machine.write_text('server_url = "http://127.0.0.1:9"\n')
    checks = run_checks(tmp_path / "data", server_timeout=1)
    assert by_name(checks)["server"].status == WARNING
    assert "not reachable" in by_name(checks)["server"].detail
    assert exit_code(checks) == 0


def test_problems_in_the_preset_are_warnings(machine: Path, tmp_path: Path) -> None:
    machine.write_text('server_ulr = "https://x.example.com"\n')
    checks = run_checks(tmp_path / "data")
    problems = [c for c in checks if c.name == "settings" and c.status == WARNING]
    assert problems and "server_ulr" in problems[0].detail
    assert exit_code(checks) == 0


def test_a_damaged_database_is_a_failure(machine: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "frontline.db").write_bytes(b"this is not a database" * 200)
    checks = run_checks(data)
    database = [c for c in checks if c.name == "database"]
    assert database[0].status == ERROR and "moved aside" in database[0].detail
    assert exit_code(checks) == 1


def test_a_database_from_a_newer_release_is_a_failure(machine: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_checks(data)
    with sqlite3.connect(data / "frontline.db") as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('frontline', '9999_from_the_future', '2030-01-01')")
    checks = run_checks(data)
    assert by_name(checks)["data folder"].status == ERROR
    assert "newer" in by_name(checks)["data folder"].detail
    assert exit_code(checks) == 1


def test_a_data_folder_that_cannot_be_made_is_a_failure(machine: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    checks = run_checks(blocker / "data")
    assert by_name(checks)["data folder"].status == ERROR
    assert exit_code(checks) == 1


def test_no_keychain_and_a_policy_against_the_file_is_a_failure(machine: Path,
                                                                 tmp_path: Path) -> None:
    machine.write_text("[policy]\nallow_token_file = false\n")
    checks = run_checks(tmp_path / "data")
    assert by_name(checks)["tokens"].status == ERROR
    assert "allow_token_file" in by_name(checks)["tokens"].detail
    assert not (tmp_path / "data" / "credentials.json").exists()


def test_a_broken_qt_part_is_reported_not_raised(machine: Path, tmp_path: Path) -> None:
    def broken() -> list[Check]:
        raise ImportError("libQt6Gui.so.6: cannot open shared object file")

    checks = run_checks(tmp_path / "data", extra=broken)
    assert by_name(checks)["qt"].status == ERROR and "libQt6Gui" in by_name(checks)["qt"].detail
    assert exit_code(checks) == 1


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontline", "--self-check", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_the_command_prints_a_report_and_json_and_exits_by_the_result(
        machine: Path, tmp_path: Path) -> None:
    env = {**os.environ, "FRONTLINE_MACHINE_CONFIG": str(machine)}
    env.pop("QT_QPA_PLATFORM", None)  # the check runs offscreen on its own, display or not
    env.pop("DISPLAY", None)
    text = run_cli("--data-dir", str(tmp_path / "data"), env=env)
    assert text.returncode == 0, text.stdout + text.stderr
    assert "self-check" in text.stdout and "qt image svg" in text.stdout
    assert text.stdout.rstrip().splitlines()[-1].startswith("OK: 0 error(s)")

    report_file = tmp_path / "out" / "report.json"
    result = run_cli("--json", "--report-file", str(report_file), "--data-dir",
                     str(tmp_path / "data"), env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True and json.loads(report_file.read_text()) == report
    names = {c["name"]: c["status"] for c in report["checks"]}
    for name in ("database", "migrations", "tokens", "server", "settings",
                 "qt platform offscreen", "qt image png", "qt image jpeg", "qt image svg",
                 "resources"):
        assert name in names, name
    assert names["qt platform offscreen"] == OK and names["qt image svg"] == OK

    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "frontline.db").write_bytes(b"garbage" * 1000)
    failed = run_cli("--json", "--data-dir", str(tmp_path / "bad"), env=env)
    assert failed.returncode == 1
    assert json.loads(failed.stdout)["ok"] is False
