"""The domain, the store and the sync engine never import Qt (CONVENTIONS: ui → sync → store → core)."""

import subprocess
import sys


def test_core_store_and_sync_import_without_qt():
    code = (
        "import sys, pkgutil, importlib\n"
        "import frontline.core, frontline.store, frontline.sync\n"
        "for pkg in (frontline.core, frontline.store, frontline.sync):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'frontline.ui', 'frontline.server')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
