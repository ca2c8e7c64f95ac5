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


def _frontline_imports(folder: str) -> dict[str, set[str]]:
    """The `frontline` modules each file under frontline/<folder> imports, anywhere in it
    (imports inside functions too)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "frontline" / folder
    found: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path}: relative import"
                names.add(node.module or "")
        found[str(path.relative_to(root.parents[1]))] = {
            n for n in names if n == "frontline" or n.startswith("frontline.")}
    return found


def test_demo_imports_only_core_and_core_imports_neither_demo_nor_anything_above():
    allowed = {"demo": ("frontline.core", "frontline.demo"), "core": ("frontline.core",)}
    problems = []
    for folder, prefixes in allowed.items():
        for path, names in _frontline_imports(folder).items():
            bad = sorted(n for n in names
                         if not any(n == p or n.startswith(p + ".") for p in prefixes))
            problems += [f"{path} imports {n}" for n in bad]
    assert not problems, problems


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
