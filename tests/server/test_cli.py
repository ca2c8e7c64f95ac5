"""The `frontline-server` command: init, admin commands with --json, a real `serve`
process on loopback, and docs that name every command and setting."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from frontline.core.ids import new_id
from frontline.server.cli import command_names, main
from frontline.server.settings import SETTING_NAMES, load_settings
from tests.helpers.realserver import RealServer

ROOT = Path(__file__).resolve().parents[2]
FAST = {"FRONTLINE_ARGON2_TIME_COST": "1", "FRONTLINE_ARGON2_MEMORY_KIB": "8192"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out) if "--json" in args else out.out


@pytest.fixture
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in FAST.items():
        monkeypatch.setenv(key, value)


def test_init_twice_then_administer_an_organisation_with_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_hashes: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    d = str(tmp_path)
    first = run(capsys, "--data-dir", d, "init", "--json")
    again = run(capsys, "--data-dir", d, "init", "--json")
    assert first["revision_before"] is None and again["revision_before"] == first["revision"]
    org = run(capsys, "--data-dir", d, "org", "create", "Test Retail", "--json")
    region = run(capsys, "--data-dir", d, "region", "create", "North", "--json")
    store = run(capsys, "--data-dir", d, "store", "create", "S001", "High Street",
                "--region", region["id"], "--json")
    run(capsys, "--data-dir", d, "team", "create", "Tills", "--store", "S001", "--json")
    admin = run(capsys, "--data-dir", d, "user", "create", "Ada", "--role", "admin", "--json")
    assert admin["username"] == "ada" and len(admin["password"]) >= 12
    monkeypatch.setattr(sys, "stdin", _Lines("s3cret-pass\n", "2468\n"))
    run(capsys, "--data-dir", d, "user", "create", "emma", "--role", "employee", "--store",
        "S001", "--password-stdin", "--pin-stdin", "--json")
    users = run(capsys, "--data-dir", d, "user", "list", "--json")
    assert {u["username"] for u in users} == {"ada", "emma"}
    assert all("password_hash" not in u and "pin_hash" not in u for u in users)
    reset = run(capsys, "--data-dir", d, "user", "reset-password", "emma", "--json")
    assert reset["password"] != "s3cret-pass"
    codes = run(capsys, "--data-dir", d, "enrolment-code", "--store", "S001", "--count", "3",
                "--json")
    assert len({c["code"] for c in codes["codes"]}) == 3
    assert codes["codes"][0]["store_id"] == store["id"]
    assert run(capsys, "--data-dir", d, "device", "list", "--json") == []
    run(capsys, "--data-dir", d, "store", "disable", "S001", "--json")
    assert main(["--data-dir", d, "enrolment-code", "--store", "S001"]) == 1
    assert "disabled" in capsys.readouterr().err
    assert org["name"] == "Test Retail"


class _Lines:
    """A stand-in for stdin that is not a terminal."""

    def __init__(self, *lines: str):
        self.lines = list(lines)

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        return self.lines.pop(0) if self.lines else ""


def test_admin_commands_before_init_say_to_run_init(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "user", "list"]) == 1
    assert "init" in capsys.readouterr().err


def test_an_unknown_setting_in_the_config_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "frontline-server.toml").write_text('max_batch_items = 10\nmax_bath_items = 3\n')
    with pytest.raises(ValueError, match="max_bath_items"):
        load_settings({"data_dir": tmp_path}, environ={})
    (tmp_path / "frontline-server.toml").write_text('max_batch_items = 10\n')
    settings = load_settings({"data_dir": tmp_path}, environ={"FRONTLINE_PUSH_CONCURRENCY": "3"})
    assert (settings.max_batch_items, settings.push_concurrency) == (10, 3)
    overridden = load_settings({"data_dir": tmp_path, "database_url": "sqlite:///x.db"},
                               environ={"FRONTLINE_DATABASE_URL": "postgresql+psycopg://u:pw@h/db"})
    assert overridden.database_url == "sqlite:///x.db"


def test_the_database_password_is_hidden_when_printed() -> None:
    settings = load_settings({"database_url": "postgresql+psycopg://frontline:hunter2@db/frontline"},
                             environ={})
    assert "hunter2" not in settings.redacted_database_url()


def test_every_command_and_setting_is_documented() -> None:
    docs = (ROOT / "docs" / "server.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z][a-z -]*?)(?: [A-Z\[-].*?)?`", docs, flags=re.M))
    missing = [name for name in command_names() if f"`{name}" not in docs]
    assert not missing, f"commands missing from docs/server.md: {missing}"
    assert documented  # the table parsed
    missing_settings = [name for name in SETTING_NAMES if f"| `{name}` |" not in docs]
    assert not missing_settings, f"settings missing from docs/server.md: {missing_settings}"


def test_every_endpoint_is_documented(tmp_path: Path) -> None:
    from frontline.server import Settings, create_app

    app = create_app(Settings(data_dir=tmp_path))
    docs = (ROOT / "docs" / "sync-protocol.md").read_text(encoding="utf-8") + \
        (ROOT / "docs" / "server.md").read_text(encoding="utf-8")
    paths = set(app.openapi()["paths"])
    assert "/v1/push" in paths
    missing = [p for p in sorted(paths) if re.sub(r"\{\w+_id\}", "{id}", p) not in docs]
    assert not missing, f"endpoints missing from the docs: {missing}"


@pytest.fixture
def served(server: RealServer) -> Iterator[tuple[str, dict[str, Any]]]:
    """A real `serve` process on the demo (`init --demo --json`'s output with it); once it
    has stopped, what it logged is checked."""
    yield server.url, {"demo": server.info}
    server.stop()
    logs = server.logs()
    # nothing secret or personal in the server's logs
    assert "fld_" not in logs and "flu_" not in logs
    assert "baskets" not in logs  # observation text is never logged
    for line in logs.splitlines():
        if line.startswith("{"):
            json.loads(line)


def test_a_real_server_process_enrols_pushes_and_pulls(served: tuple[str, dict[str, Any]]) -> None:
    base, init = served
    demo = init["demo"]
    headers = {"X-Frontline-Protocol": "1"}
    assert httpx.get(f"{base}/ready", timeout=5).status_code == 200
    enrolled = httpx.post(f"{base}/v1/enrol", headers=headers, timeout=10,
                          json={"code": demo["codes"][0]["code"], "device_name": "Till 1"}).json()
    pc = {**headers, "X-Frontline-Device": enrolled["device_token"]}
    reference = httpx.get(f"{base}/v1/reference", headers=pc, timeout=10).json()
    employee = next(u for u in reference["users"] if u["role"] == "employee" and u["pin_hash"])
    obs = {"id": new_id(), "observed_at": "2026-11-23T10:00:00.000Z", "kind": "idea",
           "summary": "Put baskets by the second entrance", "author_id": employee["id"]}
    mutation = {"id": new_id(), "op": "observation.upsert", "observation": obs}
    pushed = httpx.post(f"{base}/v1/push", headers=pc, timeout=10, json={"mutations": [mutation]})
    assert pushed.json()["results"][0]["status"] == "applied", pushed.text
    cursor, seen = None, []
    while True:
        page = httpx.get(f"{base}/v1/pull", headers=pc, timeout=10,
                         params={"cursor": cursor} if cursor else {}).json()
        seen += [o["id"] for o in page["observations"]]
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert obs["id"] in seen
    manager = next((login for login in demo["logins"] if login["role"] == "manager"), None)
    assert manager is not None
    signed = httpx.post(f"{base}/v1/sign-in", headers=headers, timeout=10,
                        json={"username": manager["username"], "password": manager["password"]})
    assert signed.status_code == 200
    metrics = httpx.get(f"{base}/metrics", timeout=5).text
    assert 'frontline_push_items_total{result="applied"} 1.0' in metrics


def test_a_user_in_an_unknown_region_or_team_is_refused_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_hashes: None
) -> None:
    d = str(tmp_path)
    run(capsys, "--data-dir", d, "init")
    run(capsys, "--data-dir", d, "org", "create", "Test Retail")
    run(capsys, "--data-dir", d, "store", "create", "S001", "High Street")
    assert main(["--data-dir", d, "user", "create", "lena", "--role", "leader", "--region",
                 "nowhere"]) == 1
    assert "region list" in capsys.readouterr().err
    assert main(["--data-dir", d, "user", "create", "emma", "--role", "employee", "--store", "S001",
                 "--team", "nope"]) == 1
    assert "team list" in capsys.readouterr().err


def test_the_device_list_prints_a_hostile_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_hashes: None,
) -> None:
    """A device name stored before names were cleaned (or any text a client sent) cannot
    drive the admin's terminal: escape sequences are printed as their escapes."""
    from sqlalchemy import insert

    from frontline.server import tables as t
    from frontline.server.db import Database

    d = str(tmp_path)
    run(capsys, "--data-dir", d, "init", "--json")
    org = run(capsys, "--data-dir", d, "org", "create", "Test Retail", "--json")
    store = run(capsys, "--data-dir", d, "store", "create", "S001", "Main", "--json")
    db = Database(f"sqlite:///{tmp_path / 'frontline-server.db'}")
    try:
        with db.write() as conn:
            conn.execute(insert(t.devices).values(
                id=new_id(), org_id=org["id"], store_id=store["id"],
                name="Till\x1b[2J\x1b]0;owned\x07\u202e\x9b", token_hash="x" * 64,
                created_at="2026-11-23T10:00:00.000Z", expires_at="2027-11-23T10:00:00.000Z"))
    finally:
        db.dispose()
    out = run(capsys, "--data-dir", d, "device", "list")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x9b" not in out
    assert "Till\\x1b[2J\\x1b]0;owned\\x07\\u202e\\x9b" in out


def test_plain_output_keeps_its_line_breaks_and_escapes_only_control_characters() -> None:
    """`init --demo` prints its logins one a line: a newline is not escaped, an ESC is."""
    from frontline.server.cli import terminal_safe

    assert terminal_safe("Logins:\n  admin  ada") == "Logins:\n  admin  ada"
    assert terminal_safe("Till\x1b[2J PC") == "Till\\x1b[2J PC"
