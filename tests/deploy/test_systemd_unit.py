"""deploy/frontline-server.service and frontline-server@.service: valid for systemd
(`systemd-analyze verify`, warnings included), hardened (`systemd-analyze security`
offline), and running commands the server really has."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.server.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
UNITS = {"frontline-server.service": "frontline-server.service",
         "frontline-server@.service": "frontline-server@8751.service"}
INSTALLED = "/opt/frontline-server/bin/frontline-server"
SERVER = str(Path(sys.executable).parent / "frontline-server")

needs_systemd = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                   reason="systemd-analyze is missing (apt-get install systemd)")


def lines(name: str) -> list[str]:
    return [line for line in (ROOT / "deploy" / name).read_text().splitlines()
            if line and not line.startswith("#")]


def for_this_machine(tmp_path: Path, name: str) -> Path:
    """The unit with the server's path as installed here (verify checks it exists)."""
    text = (ROOT / "deploy" / name).read_text().replace(INSTALLED, SERVER)
    path = tmp_path / name
    path.write_text(text)
    return path


@needs_systemd
@pytest.mark.parametrize("name", sorted(UNITS))
def test_systemd_accepts_the_unit_without_a_warning(tmp_path: Path, name: str) -> None:
    for_this_machine(tmp_path, name)
    result = subprocess.run(["systemd-analyze", "verify", UNITS[name]], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


@needs_systemd
@pytest.mark.parametrize("name", sorted(UNITS))
def test_the_unit_is_hardened(tmp_path: Path, name: str) -> None:
    for_this_machine(tmp_path, name)
    result = subprocess.run(["systemd-analyze", "security", "--offline=yes", UNITS[name]],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    if "--offline" in result.stderr and result.returncode != 0:
        pytest.skip("this systemd-analyze has no offline security check (systemd < 252)")
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
    assert found, result.stdout + result.stderr
    assert float(found.group(1)) <= 2.0, result.stdout  # "OK" on systemd's scale of 10


def test_dedicated_user_read_only_system_and_one_writable_folder() -> None:
    unit = lines("frontline-server.service")
    for directive in ("User=frontline", "Group=frontline", "NoNewPrivileges=yes",
                      "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                      "PrivateDevices=yes", "CapabilityBoundingSet=",
                      "StateDirectory=frontline-server",
                      "ReadWritePaths=/var/lib/frontline-server",
                      "Environment=FRONTLINE_DATA_DIR=/var/lib/frontline-server"):
        assert directive in unit, directive
    assert [x for x in unit if x.startswith("ReadWritePaths=")] == [
        "ReadWritePaths=/var/lib/frontline-server"]


def test_the_commands_it_runs_exist_init_before_serve() -> None:
    unit = lines("frontline-server.service")
    pre = next(x for x in unit if x.startswith("ExecStartPre="))
    start = next(x for x in unit if x.startswith("ExecStart="))
    for line, command in ((pre, "init"), (start, "serve")):
        argv = shlex.split(line.split("=", 1)[1])
        assert argv[0] == INSTALLED
        args = build_parser().parse_args(argv[1:])  # exits on an unknown option
        assert args.command == command
    assert build_parser().parse_args(shlex.split(start.split("=", 1)[1])[1:]).host == "127.0.0.1"


def test_the_template_differs_only_by_its_port() -> None:
    single = lines("frontline-server.service")
    template = [x.replace("%i", "8750").replace("Frontline central server on port 8750",
                                                "Frontline central server")
                for x in lines("frontline-server@.service")]
    assert template == single
