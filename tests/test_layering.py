"""The direction of imports (CONVENTIONS: ui → sync → store → core, server → core +
sync.protocol, Qt only in ui, nothing on the desktop imports the server) is checked by
import-linter's contracts in pyproject.toml (`[tool.importlinter]`). `.ci/test` runs
`lint-imports`; these tests run it too, so that pytest alone enforces the direction."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_every_import_contract_is_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_see_imports_inside_functions(tmp_path: Path) -> None:
    """A lazy import (inside a function) of Qt, or of a higher layer, breaks a contract as a
    top-level one does: the contracts are not fooled by deferring an import."""
    pkg = tmp_path / "lazypkg"
    for layer in ("ui", "store"):
        (pkg / layer).mkdir(parents=True)
        (pkg / layer / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "store" / "lazy.py").write_text(textwrap.dedent("""\
        def show():
            import PySide6.QtWidgets
            from lazypkg.ui import window
            return PySide6.QtWidgets, window
        """))
    (pkg / "ui" / "window.py").write_text("")
    (tmp_path / ".importlinter").write_text(textwrap.dedent("""\
        [importlinter]
        root_package = lazypkg
        include_external_packages = True

        [importlinter:contract:layers]
        name = layers
        type = layers
        layers =
            lazypkg.ui
            lazypkg.store

        [importlinter:contract:no-qt]
        name = no Qt below ui
        type = forbidden
        source_modules = lazypkg.store
        forbidden_modules = PySide6
        """))
    result = lint_imports(cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 broken" in result.stdout, result.stdout
    assert "lazypkg.store.lazy -> PySide6 (l.2)" in result.stdout
    assert "lazypkg.store.lazy -> lazypkg.ui.window (l.3)" in result.stdout


def test_demo_generates_without_qt_keyring_store_sync_or_server():
    code = (
        "import sys\n"
        "from frontline.demo import demo_org, generate\n"
        "assert len(list(generate(50, seed=1))) == 50 and demo_org().accounts()\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'keyring',"
        " 'frontline.ui', 'frontline.server', 'frontline.store', 'frontline.sync')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
