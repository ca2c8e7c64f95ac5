"""The Linux installer (installer/install.sh, uninstall.sh) and the bundle spec's excludes.

The installer runs for real into a temporary prefix. Its bundle is a small stand-in whose
`frontline` runs this checkout's app with this Python (building the real bundle takes
minutes: `installer/build.sh`, outside the test suite). The machine preset goes where
`frontline/sync/config.py` reads it, through `FRONTLINE_MACHINE_CONFIG`, and the real
settings loader must see what the installer wrote.
"""

from __future__ import annotations

import ast
import getpass
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.sync.config import load_settings
from tests.helpers.realserver import RealServer

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
URL = "https://frontline.example.com"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer")


def make_bundle(folder: Path, build: str = "build 1") -> Path:
    """A bundle folder shaped like dist/frontline/: a `frontline` executable (this
    checkout's app) and an `_internal/` folder that tells builds apart."""
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "BUILD").write_text(build, encoding="utf-8")
    exe = folder / "frontline"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m frontline "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    return folder


class Machine:
    """A temporary PC: its own /etc preset, /opt, menu folder, bin folder and home."""

    def __init__(self, root: Path):
        self.root = root
        self.preset = root / "etc" / "frontline" / "frontline.toml"
        self.prefix = root / "opt" / "frontline"
        self.apps = root / "share" / "applications"
        self.bin = root / "bin"
        self.home = root / "home"
        self.home.mkdir(parents=True)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "FRONTLINE_"))}
        env.update(HOME=str(self.home), FRONTLINE_MACHINE_CONFIG=str(self.preset),
                   PYTHONPATH=str(ROOT))
        return env

    def install(self, *args: str, bundle: Path | None = None,
                check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = ["bash", str(INSTALLER / "install.sh"), "--silent", "--prefix", str(self.prefix),
               "--applications-dir", str(self.apps), "--bin-dir", str(self.bin)]
        if bundle is not None:
            cmd += ["--bundle", str(bundle)]
        result = subprocess.run([*cmd, *args], capture_output=True, text=True, env=self.env(),
                                stdin=subprocess.DEVNULL, timeout=120)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def uninstall(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(["bash", str(self.prefix / "uninstall.sh"), "--silent", *args],
                                capture_output=True, text=True, env=self.env(),
                                stdin=subprocess.DEVNULL, timeout=60)
        assert result.returncode == 0, result.stderr
        return result

    def settings_seen_by_the_app(self, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setenv("FRONTLINE_MACHINE_CONFIG", str(self.preset))
        return load_settings(data_dir)


@pytest.fixture
def pc(tmp_path: Path) -> Machine:
    return Machine(tmp_path / "pc")


def test_silent_install_presets_the_server_url_the_app_reads(
        pc: Machine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = make_bundle(tmp_path / "dist" / "frontline")
    result = pc.install("--server-url", URL + "/", bundle=bundle)

    assert "installed Frontline" in result.stdout
    assert (pc.prefix / "_internal" / "BUILD").read_text() == "build 1"
    settings = pc.settings_seen_by_the_app(tmp_path / "data", monkeypatch)
    assert settings.server_url == URL
    assert settings.sources["server_url"] == "machine"
    assert settings.problems == ()
    entry = (pc.apps / "frontline.desktop").read_text()
    assert f'Exec="{pc.prefix}/frontline"' in entry
    assert f"Icon={pc.prefix}/frontline.svg" in entry
    assert (pc.prefix / "frontline.svg").is_file()
    assert (pc.bin / "frontline").resolve() == (pc.prefix / "frontline").resolve()
    # the installed command reads the same preset
    status = subprocess.run([str(pc.bin / "frontline"), "status", "--data-dir",
                             str(tmp_path / "data2")], capture_output=True, text=True,
                            env=pc.env(), timeout=60)
    assert status.returncode == 0, status.stderr
    assert URL in status.stdout and "IT's preset" in status.stdout


def test_running_the_installer_again_upgrades_and_keeps_what_it_wrote_in_the_preset(
        pc: Machine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pc.install("--server-url", URL, bundle=make_bundle(tmp_path / "b1", "build 1"))
    (pc.prefix / "_internal" / "only-in-build-1").write_text("old")
    with pc.preset.open("a", encoding="utf-8") as preset:
        preset.write("sync_interval_seconds = 600\n\n[policy]\nallow_token_file = false\n")

    result = pc.install("--server-url", "https://new.example.com",
                        bundle=make_bundle(tmp_path / "b2", "build 2"))

    assert "upgraded Frontline" in result.stdout
    assert (pc.prefix / "_internal" / "BUILD").read_text() == "build 2"
    assert not (pc.prefix / "_internal" / "only-in-build-1").exists()
    assert not list(pc.prefix.parent.glob(".frontline-*")), "staging left behind"

    # an earlier run that was killed mid-way left its copies; the next run clears them
    (pc.prefix.parent / ".frontline-staging.999999").mkdir()
    (pc.prefix.parent / ".frontline-previous.999999").mkdir()
    pc.install("--server-url", "https://new.example.com",
               bundle=make_bundle(tmp_path / "b2b", "build 2"))
    assert not list(pc.prefix.parent.glob(".frontline-*"))
    settings = pc.settings_seen_by_the_app(tmp_path / "data", monkeypatch)
    assert settings.server_url == "https://new.example.com"
    assert settings.sync_interval_seconds == 600
    assert settings.allow_token_file is False and "allow_token_file" in settings.locked
    assert settings.problems == ()
    assert pc.preset.read_text().count("server_url") == 1

    # a third run without --server-url keeps the preset address
    pc.install(bundle=make_bundle(tmp_path / "b3", "build 3"))
    assert pc.settings_seen_by_the_app(tmp_path / "data", monkeypatch).server_url == \
        "https://new.example.com"


def test_install_from_an_unpacked_release_finds_the_bundle_beside_it(
        pc: Machine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = tmp_path / "frontline-0.1.0-linux-x86_64"  # the layout build.sh packs
    make_bundle(release / "frontline")
    for name in ("install.sh", "uninstall.sh"):
        (release / name).write_bytes((INSTALLER / name).read_bytes())
    (release / "frontline.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    result = subprocess.run(
        ["bash", str(release / "install.sh"), "--silent", "--server-url", URL,
         "--prefix", str(pc.prefix), "--applications-dir", str(pc.apps), "--bin-dir", str(pc.bin)],
        capture_output=True, text=True, env=pc.env(), stdin=subprocess.DEVNULL, timeout=60)

    assert result.returncode == 0, result.stderr
    assert (pc.prefix / "_internal" / "BUILD").read_text() == "build 1"
    assert (pc.prefix / "frontline.svg").read_text() == (release / "frontline.svg").read_text()
    assert pc.settings_seen_by_the_app(tmp_path / "data", monkeypatch).server_url == URL


def test_install_upgrade_and_uninstall_never_touch_the_data_folder(
        pc: Machine, tmp_path: Path) -> None:
    data = pc.home / ".local" / "share" / "Frontline"  # the default data folder of that user
    data.mkdir(parents=True)
    (data / "frontline.db").write_bytes(b"observations not yet synced")
    (data / "settings.toml").write_text('server_url = "https://chosen-on-this-pc.example"\n')
    before = {p: p.read_bytes() for p in data.iterdir()}

    pc.install("--server-url", URL, bundle=make_bundle(tmp_path / "b1"))
    pc.install("--server-url", URL, bundle=make_bundle(tmp_path / "b2", "build 2"))
    pc.uninstall()

    assert {p: p.read_bytes() for p in data.iterdir()} == before


def test_a_strict_umask_still_leaves_the_app_and_preset_readable_by_everyone(
        pc: Machine, tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "b1")
    cmd = ["bash", "-c", 'umask 077; exec bash "$0" "$@"', str(INSTALLER / "install.sh"),
           "--silent", "--server-url", URL, "--prefix", str(pc.prefix), "--bundle", str(bundle),
           "--applications-dir", str(pc.apps), "--bin-dir", str(pc.bin)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=pc.env(), timeout=60)
    assert result.returncode == 0, result.stderr

    assert pc.preset.stat().st_mode & 0o777 == 0o644
    assert pc.preset.parent.stat().st_mode & 0o005 == 0o005
    assert (pc.apps / "frontline.desktop").stat().st_mode & 0o004
    for path in [pc.prefix, *pc.prefix.rglob("*")]:
        mode = path.stat().st_mode
        assert mode & 0o004, f"{path} is not readable by everyone"
        assert not mode & 0o022, f"{path} is writable by others"
    assert (pc.prefix / "frontline").stat().st_mode & 0o001


def test_uninstall_removes_the_app_entry_and_link_and_keeps_the_preset(
        pc: Machine, tmp_path: Path) -> None:
    pc.install("--server-url", URL, bundle=make_bundle(tmp_path / "b1"))
    result = pc.uninstall()

    assert "removed Frontline" in result.stdout
    assert not pc.prefix.exists()
    assert not (pc.apps / "frontline.desktop").exists()
    assert not (pc.bin / "frontline").exists() and not (pc.bin / "frontline").is_symlink()
    assert URL in pc.preset.read_text()  # a reinstall finds IT's address again


def test_uninstall_with_purge_removes_the_preset_too(pc: Machine, tmp_path: Path) -> None:
    pc.install("--server-url", URL, bundle=make_bundle(tmp_path / "b1"))
    pc.uninstall("--purge-preset")
    assert not pc.preset.exists()


def test_install_refuses_a_folder_that_is_not_a_frontline_install(
        pc: Machine, tmp_path: Path) -> None:
    pc.prefix.mkdir(parents=True)
    (pc.prefix / "somebody-elses-file").write_text("keep me")

    result = pc.install("--server-url", URL, bundle=make_bundle(tmp_path / "b1"), check=False)

    assert result.returncode == 1
    assert "not a Frontline install" in result.stderr and "nothing was changed" in result.stderr
    assert (pc.prefix / "somebody-elses-file").read_text() == "keep me"
    assert not pc.preset.exists()


@pytest.mark.parametrize("bad", ["frontline.example.com", "https://a b.example.com", ""])
def test_install_without_a_usable_server_url_says_what_is_needed(
        pc: Machine, tmp_path: Path, bad: str) -> None:
    result = pc.install("--server-url", bad, bundle=make_bundle(tmp_path / "b1"), check=False)

    assert result.returncode == 1
    assert "https://" in result.stderr
    assert not pc.prefix.exists() and not pc.preset.exists()


def test_install_without_a_bundle_says_how_to_build_one(pc: Machine, tmp_path: Path) -> None:
    result = pc.install("--server-url", URL, bundle=tmp_path / "nothing-here", check=False)
    assert result.returncode == 1
    assert "installer/build.sh" in result.stderr


def test_install_with_an_enrolment_code_enrols_the_pc_with_the_preset_server(
        pc: Machine, tmp_path: Path, server: RealServer) -> None:
    try:
        data = tmp_path / "data"
        pc.install("--server-url", server.url, "--enrolment-code", server.code(),
                   "--data-dir", str(data), "--enrol-user", getpass.getuser(),
                   bundle=make_bundle(tmp_path / "b1"))
        status = subprocess.run([str(pc.bin / "frontline"), "status", "--json", "--data-dir",
                                 str(data)], capture_output=True, text=True, env=pc.env(),
                                timeout=60)
    finally:
        server.stop()
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["enrolled"] is True
    assert report["server_url"] == server.url


def test_install_with_a_wrong_enrolment_code_installs_and_exits_3(
        pc: Machine, tmp_path: Path) -> None:
    result = pc.install("--server-url", "http://127.0.0.1:9", "--enrolment-code", "NOPE",
                        "--data-dir", str(tmp_path / "data"), "--enrol-user", getpass.getuser(),
                        bundle=make_bundle(tmp_path / "b1"), check=False)
    assert result.returncode == 3, result.stderr
    assert "enrol later" in result.stderr
    assert (pc.prefix / "frontline").exists()


# --- the bundle spec --------------------------------------------------------------------

def spec_literal(name: str) -> list[str]:
    """A list assigned at the top of installer/frontline.spec, read without running it."""
    tree = ast.parse((INSTALLER / "frontline.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} not found in installer/frontline.spec")


def load_closure():
    """installer/closure.py, which the spec imports to leave out what the desktop lacks."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("installer_closure", INSTALLER / "closure.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bundle_excludes() -> list[str]:
    """What the spec excludes: its EXCLUDES and every installed package of the server,
    tests and tools that a desktop install would not have."""
    return spec_literal("EXCLUDES") + load_closure().not_in_desktop_install()


def excluded(module: str, excludes: list[str]) -> bool:
    return any(module == e or module.startswith(e + ".") for e in excludes)


def desktop_modules() -> dict[str, Path]:
    """Every module of the desktop app (what the spec bundles), by dotted name."""
    out = {"frontline": ROOT / "frontline" / "__init__.py",
           "frontline.cli": ROOT / "frontline" / "cli.py",
           "frontline.__main__": ROOT / "frontline" / "__main__.py"}
    for package in ("core", "demo", "store", "sync", "ui"):
        for path in (ROOT / "frontline" / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def imports_of(name: str, path: Path) -> set[str]:
    """Modules a file imports, anywhere in it (lazy imports in functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_the_bundle_leaves_out_the_server_and_tools_without_a_hand_kept_list() -> None:
    literal = spec_literal("EXCLUDES")
    generic = load_closure().not_in_desktop_install()
    for server_or_tool in ("fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg",
                           "pydantic", "prometheus_client", "httpx", "pytest", "schemathesis"):
        assert server_or_tool in generic
    for desktop in ("PySide6", "shiboken6", "keyring", "requests", "sqlite_utils", "platformdirs",
                    "phonenumbers", "stdnum", "argon2", "frontline"):
        assert desktop not in generic
    assert "frontline.server" in literal
    # the hand-kept list names no package that the generic rule already leaves out
    assert not set(literal) & set(generic)


def test_the_bundle_excludes_nothing_the_desktop_app_imports() -> None:
    excludes = bundle_excludes()
    assert "fastapi" in excludes and "PySide6.QtWebEngineCore" in excludes  # it read the list
    problems = []
    for name, path in desktop_modules().items():
        if excluded(name, excludes):
            continue  # left out on purpose (the screenshot tools)
        for module in imports_of(name, path):
            if excluded(module, excludes):
                problems.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not problems, "the bundle would miss: " + "; ".join(sorted(problems))


def test_what_the_desktop_app_loads_at_run_time_is_not_excluded() -> None:
    """Third-party packages import others in turn; load the whole desktop (as the bundle's
    hidden imports do), its keyring backends and the phone number check in a fresh
    interpreter and look."""
    excludes = bundle_excludes()
    names = sorted(n for n in desktop_modules() if not excluded(n, excludes)
                   and n != "frontline.__main__")
    code = ("import importlib, sys, json\n"
            f"for n in {names!r}: importlib.import_module(n)\n"
            "import keyring; keyring.backend.get_all_keyring()\n"
            "from frontline.core.pii import detect\n"  # phone data is imported on first use
            "assert detect('call +44 20 7946 0958 or +1 212 555 0100 or 089 123456')\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, env={**os.environ,
                                                        "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    loaded = [m for m in json.loads(result.stdout) if excluded(m, excludes)
              and m.split(".")[0] not in OPTIONAL_IMPORTS]
    assert not loaded, f"the desktop app loads excluded modules: {loaded}"


#: Imported only when present, inside `try: … except ImportError` of a desktop dependency:
#: sqlite-utils adds numpy's column types when numpy is there (the server extra brings it
#: into a development venv; the bundle leaves it out and sqlite-utils does without).
OPTIONAL_IMPORTS = frozenset({"numpy"})


def test_the_bundle_carries_every_package_data_file_of_the_desktop() -> None:
    """Package data (the demo texts) is not found by following imports: the spec copies
    DATA_FOLDERS, and HIDDEN_PACKAGES brings the modules that read them."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    folders = spec_literal("DATA_FOLDERS")
    hidden = spec_literal("HIDDEN_PACKAGES")
    missing = []
    for pattern in config["tool"]["setuptools"]["package-data"]["frontline"]:
        if pattern == "py.typed" or pattern.startswith("server/"):
            continue  # the server is not bundled
        files = list((ROOT / "frontline").glob(pattern))
        assert files, f"package-data {pattern!r} matches no file"
        for path in files:
            where = path.relative_to(ROOT).as_posix()
            if not any(where.startswith(folder + "/") for folder in folders):
                missing.append(where)
        package = "frontline." + pattern.split("/", 1)[0]
        assert package in hidden, f"{package} reads package data but is not in HIDDEN_PACKAGES"
    assert not missing, f"not copied into the bundle (DATA_FOLDERS): {missing}"
    assert "frontline/demo/data" in folders and (ROOT / "frontline/demo/data/vocab.txt").is_file()


def test_every_installer_option_is_documented_in_docs_packaging() -> None:
    docs = (ROOT / "docs" / "packaging.md").read_text(encoding="utf-8")
    for script in ("install.sh", "uninstall.sh"):
        text = (INSTALLER / script).read_text(encoding="utf-8")
        options = set(re.findall(r"^\s+(--[a-z-]+)[)|=]", text, flags=re.MULTILINE))
        assert "--silent" in options  # it found the option parser
        missing = sorted(o for o in options - {"--help",
                                               "--enrollment-code"} if f"`{o}" not in docs)
        assert not missing, f"{script} options missing from docs/packaging.md: {missing}"
