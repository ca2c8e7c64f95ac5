"""The Debian package (installer/debian/build-deb.sh), built with dpkg-deb from a stand-in
bundle shaped like dist/frontline/ (its `frontline` runs this checkout's app).

The contents and control data are checked with `dpkg-deb -c`/`-I` everywhere dpkg-deb
exists. The real install (dpkg, maintainer scripts, debconf: install, self-check, upgrade,
remove, purge; tests/deb/roundtrip.sh) changes the machine, so it runs only as root and
when asked: CI=true (CI runs on a throwaway machine) or FRONTLINE_TEST_DPKG=1. Even then
/etc is an overlay in a private mount namespace, so the machine's /etc/frontline is never
touched; /opt/frontline and /usr/bin/frontline are, for the few seconds of the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "installer" / "debian" / "build-deb.sh"

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None,
                                reason="dpkg-deb is missing (not a Debian machine)")


def stand_in(folder: Path, build: str) -> Path:
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "BUILD").write_text(build, encoding="utf-8")
    exe = folder / "frontline"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m frontline "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    return folder


def build_deb(tmp_path: Path, version: str) -> Path:
    bundle = stand_in(tmp_path / f"bundle-{version}", f"build {version}")
    result = subprocess.run(["bash", str(BUILD), "--bundle", str(bundle), "--version", version,
                             "--out", str(tmp_path / "out")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    deb = tmp_path / "out" / f"frontline_{version}_{arch}.deb"
    assert deb.is_file(), result.stdout
    return deb


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_deb(tmp_path_factory.mktemp("deb"), "0.1.0")


def test_the_package_holds_the_app_the_command_the_menu_entry_and_icon(deb: Path) -> None:
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True,
                             check=True).stdout
    entries = {line.split()[5].removeprefix("."): line for line in listing.splitlines()}
    assert "/opt/frontline/frontline" in entries and "/opt/frontline/_internal/BUILD" in entries
    assert entries["/opt/frontline/frontline"].startswith("-rwxr-xr-x root/root")
    assert "/usr/bin/frontline -> /opt/frontline/frontline" in listing
    assert "/usr/share/applications/frontline.desktop" in entries
    assert "/usr/share/icons/hicolor/scalable/apps/frontline.svg" in entries
    # every file owned by root and not writable by others
    for line in entries.values():
        assert " root/root " in line, line
        assert line[0] == "l" or line[8] != "w", line
    # the preset is written by postinst, not shipped (so not a dpkg conffile)
    assert not any(p.startswith("/etc") for p in entries)


def test_control_data_and_maintainer_scripts(deb: Path, tmp_path: Path) -> None:
    info = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True,
                          check=True).stdout
    for line in ("Package: frontline", "Version: 0.1.0", "Depends: debconf",
                 "Section: misc"):
        assert line in info, line
    for script in ("config", "postinst", "postrm", "templates"):
        assert f" {script} " in info or info.count(script), script
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    assert "Template: frontline/server_url" in (control / "templates").read_text()
    for script in ("config", "postinst", "postrm"):
        assert os.access(control / script, os.X_OK)
        subprocess.run(["sh", "-n", str(control / script)], check=True)
    assert "rm -f /etc/frontline/frontline.toml" in (control / "postrm").read_text()
    desktop = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True,
                             check=True).stdout
    assert b"Exec=/usr/bin/frontline" in desktop and b"Icon=frontline" in desktop


def _dpkg_allowed() -> str | None:
    """Why the real install cannot run here, or None."""
    if os.environ.get("CI") != "true" and os.environ.get("FRONTLINE_TEST_DPKG") != "1":
        return "installs a package on this machine: set FRONTLINE_TEST_DPKG=1 (CI=true does)"
    if os.geteuid() != 0:
        return "needs root (dpkg -i)"
    for tool in ("dpkg", "unshare", "debconf-set-selections"):
        if shutil.which(tool) is None:
            return f"{tool} is missing"
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return f"cannot make a private mount namespace here: {probe.stderr.strip()}"
    if subprocess.run(["dpkg-query", "-W", "frontline"], capture_output=True).returncode == 0:
        return "a frontline package is already installed on this machine"
    return None


def test_install_self_check_upgrade_remove_and_purge_for_real(tmp_path: Path, deb: Path) -> None:
    reason = _dpkg_allowed()
    if reason:
        pytest.skip(reason)
    newer = build_deb(tmp_path, "0.1.1")
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "bash",
         str(ROOT / "tests" / "deb" / "roundtrip.sh"), str(deb), str(newer), str(work)],
        capture_output=True, text=True, timeout=600)
    steps = [line[5:] for line in result.stdout.splitlines() if line.startswith("STEP ")]
    assert result.returncode == 0, f"after {steps[-1:]}: {result.stderr[-3000:]}"
    assert steps[-1] == "done"
    report = json.loads((work / "selfcheck.json").read_text())
    assert report["ok"] is True
    settings = next(c for c in report["checks"] if c["name"] == "settings")
    assert "/etc/frontline/frontline.toml (found)" in settings["detail"]
    assert "server_url (machine)" in settings["detail"]
    assert (work / "installed-new" / "_internal" / "BUILD").read_text() == "build 0.1.1"
    preset = (work / "preset-after-upgrade.toml").read_text()
    assert preset.index('server_url = "https://two.example.com"') < preset.index("\n[policy]")
    assert "must start with https://" in (work / "bad.err").read_text()
