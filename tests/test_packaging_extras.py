"""Installs carry only what they use (issue #11): Qt and keyring are the `desktop` extra, so
`pip install ".[server]"` brings no PySide6 and no keyring, and the server and the
`frontline` command's headless subcommands run without them. The wheel carries the demo
texts (package data). See docs/packaging.md, "Extras".
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESKTOP_ONLY = {"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6", "keyring"}


def load_closure():
    spec = importlib.util.spec_from_file_location("installer_closure",
                                                  ROOT / "installer" / "closure.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_qt_and_keyring_are_the_desktop_extra_and_the_test_extras_include_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = " ".join(project["dependencies"]).lower()
    extras = project["optional-dependencies"]
    assert not any(name in base for name in ("pyside6", "shiboken6", "keyring"))
    desktop = " ".join(extras["desktop"]).lower()
    assert "pyside6-essentials" in desktop and "pyside6-addons" in desktop and "keyring" in desktop
    assert not any(name in " ".join(extras["server"]).lower()
                   for name in ("pyside6", "keyring"))
    assert "frontline[desktop,server]" in extras["test"]
    assert "frontline[test]" in extras["dev"]  # .ci/setup installs dev: the app and the server


def test_the_server_extras_closure_has_no_qt_or_keyring() -> None:
    """From the installed metadata (the dev install): everything `.[server]` requires,
    recursively, with markers evaluated for this machine."""
    closure = load_closure().closure
    server = closure("frontline", ["server"])
    assert {"fastapi", "sqlalchemy", "uvicorn", "psycopg", "sqlite-utils"} <= server
    assert not server & DESKTOP_ONLY, sorted(server & DESKTOP_ONLY)
    desktop = closure("frontline", ["desktop"])
    assert {"pyside6-essentials", "pyside6-addons", "shiboken6", "keyring"} <= desktop
    assert not desktop & {"fastapi", "sqlalchemy", "uvicorn", "psycopg"}


def test_pip_would_install_no_qt_or_keyring_for_the_server_extra(tmp_path: Path) -> None:
    """What pip itself resolves for `.[server]` in a fresh virtual environment (no system
    site packages): `pip install --dry-run --report`. Needs pip's cache or the index."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--quiet", "--dry-run", "--report", str(report), f"{ROOT}[server]"],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert result.returncode == 0, result.stderr
    names = {item["metadata"]["name"].lower().replace("_", "-")
             for item in json.loads(report.read_text(encoding="utf-8"))["install"]}
    assert {"frontline", "fastapi", "sqlalchemy", "uvicorn", "psycopg"} <= names
    assert not names & DESKTOP_ONLY, sorted(names & DESKTOP_ONLY)


# Imports of these fail in the child process, as on a server installed with `.[server]`.
BLOCK = '''
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("PySide6", "shiboken6", "keyring"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Blocker())
'''


def run_blocked(code: str, tmp_path: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    return subprocess.run([sys.executable, "-c", BLOCK + code], input=stdin, capture_output=True,
                          text=True, cwd=tmp_path, timeout=300, env=env)


def test_the_server_imports_and_runs_without_qt_or_keyring(tmp_path: Path) -> None:
    code = f'''
import importlib, pkgutil
import frontline.server
for m in pkgutil.walk_packages(frontline.server.__path__, "frontline.server."):
    if not m.name.startswith("frontline.server.migrations"):  # Alembic's scripts
        importlib.import_module(m.name)
from frontline.server.cli import main
assert main(["--data-dir", {str(tmp_path / "server")!r}, "init", "--demo", "--json"]) == 0
from frontline.server import create_app
from frontline.server.settings import load_settings
create_app(load_settings({{"data_dir": {str(tmp_path / "server")!r}}}, environ={{}}))
bad = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "keyring", "frontline.ui")))
assert not bad, bad
'''
    result = run_blocked(code, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]


def test_the_frontline_commands_headless_subcommands_need_no_qt_or_keyring(
        tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    code = f'''
from frontline.cli import main
assert main(["demo", "--count", "30", "--data-dir", {data!r}]) == 0
assert main(["export", {str(tmp_path / "out.jsonl")!r}, "--data-dir", {data!r}]) == 0
assert main(["pii-check"]) == 0
# the app and the enrolment commands say what to install rather than a traceback
assert main(["--data-dir", {data!r}]) == 2
assert main(["status", "--data-dir", {data!r}]) == 2
'''
    result = run_blocked(code, tmp_path, stdin="call me on +44 20 7946 0958\n")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert '"PHONE"' in result.stdout
    assert result.stderr.count("pip install 'frontline[desktop]'") == 2


def test_the_wheel_carries_the_demo_texts(tmp_path: Path) -> None:
    """`pip install .` (no extras) must bring the package data `frontline.demo` reads."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path),
         str(ROOT)], capture_output=True, text=True, timeout=600,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("frontline-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = ROOT / "frontline" / "demo" / "data"
    expected = {p.relative_to(ROOT).as_posix() for p in data.rglob("*")
                if p.is_file() and p.suffix in (".txt", ".toml")}
    assert {"frontline/demo/data/situations/store.txt", "frontline/demo/data/vocab.txt",
            "frontline/demo/data/responses.txt", "frontline/demo/data/org.toml"} <= expected
    assert expected <= names, sorted(expected - names)
    assert "frontline/demo/generator.py" in names and "frontline/demo/content.py" in names
    assert not any(n.startswith("frontline/core/demo") for n in names)
