"""The Windows MSI (installer/windows/frontline.wxs), built on Linux with msitools' wixl
from a stand-in bundle (installer/windows/make-standin.sh: the real bundle's layout, dummy
files), then read back with `msiinfo`: what Windows Installer will do with it is in its
tables. Installing it needs Windows (docs/packaging.md says what was and was not tried)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = ROOT / "installer" / "windows"
UPGRADE_CODE = "{6F1C7A52-3B0E-4E7B-9C1D-F6A1E5D0B7A3}"

pytestmark = pytest.mark.skipif(
    not (shutil.which("wixl") and shutil.which("msiinfo") and shutil.which("msibuild")),
    reason="msitools' wixl/msiinfo/msibuild are missing (apt-get install wixl msitools; "
    ".ci/setup installs them when run as root)")


def table(msi: Path, name: str) -> list[dict[str, str]]:
    """Rows of one MSI table, as dicts (`msiinfo export`: header, types, key, rows)."""
    out = subprocess.run(["msiinfo", "export", str(msi), name], capture_output=True,
                         text=True, check=True).stdout
    lines = out.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[3:] if line]


def build(tmp_path: Path, version: str) -> Path:
    bundle = tmp_path / f"bundle-{version}"
    subprocess.run(["bash", str(WINDOWS / "make-standin.sh"), str(bundle)], check=True)
    msi = tmp_path / f"frontline-{version}.msi"
    result = subprocess.run(["bash", str(WINDOWS / "build-msi.sh"), str(bundle), str(msi),
                             version], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return msi


@pytest.fixture(scope="module")
def msi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("msi"), "0.1.0")


def test_the_msi_has_the_tables_an_installer_needs(msi: Path) -> None:
    tables = subprocess.run(["msiinfo", "tables", str(msi)], capture_output=True, text=True,
                            check=True).stdout.split()
    for name in ("Property", "Registry", "Shortcut", "Upgrade", "File", "Component",
                 "AppSearch", "RegLocator", "LaunchCondition", "InstallExecuteSequence"):
        assert name in tables, name


def test_per_machine_x64_with_a_fixed_upgrade_code(msi: Path) -> None:
    props = {r["Property"]: r["Value"] for r in table(msi, "Property")}
    assert props["UpgradeCode"] == UPGRADE_CODE
    assert props["ALLUSERS"] == "1"  # per machine
    assert props["ProductVersion"] == "0.1.0" and props["ProductName"] == "Frontline"
    assert "SERVERURL" in props["SecureCustomProperties"].split(";")
    summary = subprocess.run(["msiinfo", "suminfo", str(msi)], capture_output=True, text=True,
                             check=True).stdout
    assert "Template: x64;1033" in summary
    components = table(msi, "Component")
    assert components and all(int(c["Attributes"]) & 256 for c in components)  # 64-bit
    dirs = {d["Directory"]: d for d in table(msi, "Directory")}
    assert dirs["INSTALLDIR"]["Directory_Parent"] == "ProgramFiles64Folder"
    assert dirs["INSTALLDIR"]["DefaultDir"] == "Frontline"


def test_serverurl_goes_to_the_machine_preset_key_the_app_reads(msi: Path) -> None:
    from frontline.sync.config import REGISTRY_PRESET_KEY

    rows = table(msi, "Registry")
    assert [(r["Root"], r["Key"], r["Name"], r["Value"]) for r in rows] == [
        ("2", REGISTRY_PRESET_KEY, "server_url", "[SERVERURL]")]  # 2: HKEY_LOCAL_MACHINE
    preset = next(c for c in table(msi, "Component") if c["Component"] == rows[0]["Component_"])
    assert preset["Condition"] == "SERVERURL"  # never an empty value
    # an upgrade without SERVERURL keeps the address an earlier install wrote
    assert [r["Property"] for r in table(msi, "AppSearch")] == ["SERVERURL"]
    (locator,) = table(msi, "RegLocator")
    assert (locator["Root"], locator["Key"], locator["Name"]) == ("2", REGISTRY_PRESET_KEY,
                                                                  "server_url")
    assert int(locator["Type"]) & 16  # the 64-bit view, where the 64-bit app reads


def test_start_menu_shortcut_to_the_app(msi: Path) -> None:
    (shortcut,) = table(msi, "Shortcut")
    assert shortcut["Directory_"] == "ProgramMenuFolder" and shortcut["Name"] == "Frontline"
    files = {f["File"]: f for f in table(msi, "File")}
    exe = next(f for f in files.values() if f["FileName"] == "frontline.exe")
    assert exe["Component_"] == shortcut["Component_"]
    assert shortcut["WkDir"] == "INSTALLDIR"


def test_every_bundle_file_is_in_the_msi(msi: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    subprocess.run(["bash", str(WINDOWS / "make-standin.sh"), str(bundle)], check=True)
    names = sorted(p.name.lower() for p in bundle.rglob("*") if p.is_file())
    in_msi = sorted(re.sub(r"^.*\|", "", f["FileName"]).lower() for f in table(msi, "File"))
    assert in_msi == names


def test_a_newer_msi_upgrades_an_older_one_and_never_the_reverse(msi: Path,
                                                                 tmp_path: Path) -> None:
    newer = build(tmp_path, "0.2.0")
    old_props = {r["Property"]: r["Value"] for r in table(msi, "Property")}
    new_props = {r["Property"]: r["Value"] for r in table(newer, "Property")}
    assert new_props["UpgradeCode"] == old_props["UpgradeCode"]
    assert new_props["ProductCode"] != old_props["ProductCode"]
    upgrade = {r["ActionProperty"]: r for r in table(newer, "Upgrade")}
    older = upgrade["OLDERFOUND"]  # removes versions below its own
    assert older["UpgradeCode"] == UPGRADE_CODE
    assert (older["VersionMin"], older["VersionMax"]) == ("0.0.0", "0.2.0")
    assert int(older["Attributes"]) & 256 and not int(older["Attributes"]) & 2  # incl. min; removes
    newest = upgrade["NEWERFOUND"]  # detects a newer one only...
    assert newest["VersionMin"] == "0.2.0" and int(newest["Attributes"]) & 2
    # ...and refuses to go on
    assert {r["Condition"] for r in table(newer, "LaunchCondition")} == {"NOT NEWERFOUND"}
    sequence = {r["Action"]: int(r["Sequence"]) for r in table(newer, "InstallExecuteSequence")}
    assert sequence["FindRelatedProducts"] < sequence["AppSearch"] < sequence["InstallValidate"]
    assert sequence["InstallValidate"] < sequence["RemoveExistingProducts"] \
        < sequence["InstallInitialize"]
