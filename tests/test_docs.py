"""Docs that cannot rot: every `frontline` subcommand is documented in the README, and every
module and name docs/architecture.md gives exists."""

import argparse
import ast
import re
from pathlib import Path

from frontline.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_frontline_subcommand_is_documented_in_the_readme():
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    missing = [name for name in commands if f"frontline {name}" not in README]
    assert commands and missing == []


def test_the_readme_gives_the_two_commands_ci_runs():
    assert "bash .ci/demo" in README and "bash .ci/test" in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "bash .ci/test" in ci


# --- docs/architecture.md names only what exists ------------------------------------------

ARCHITECTURE = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "frontline"
#: Names the architecture borrows from the projects it follows (Anki, Electrum, Qt, the
#: standard library), not ours.
FOREIGN = {"MyTreeView", "operation_did_execute", "sys.excepthook", "threading.excepthook",
           "SignalInstance.emit", "importlib.resources", "sqlite_utils.Database",
           "typing.Protocol", "requests.Session", "Migrations", "QSettings", "QLockFile",
           "QNetworkInformation", "canFetchMore", "fetchMore", "PySide6",
           "aqt/operations/note.py"}
#: Words in backticks that are values (entity kinds, states, log words), not names.
VALUES = {"EMAIL", "PHONE", "CARD", "IBAN", "ADDRESS", "NAME", "WAL", "READY", "True",
          "push.before_commit", "sync.after_push"}
FILE_SUFFIXES = (".py", ".md", ".toml", ".txt", ".spec", ".ini", ".db", ".lock", ".json")
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def _defined(body: list[ast.stmt], names: set[str], attributes: set[str]) -> None:
    """The names a module or class body defines (functions, classes, assignments, imports,
    nested classes' members) and the attributes its functions assign (`self.x = …`)."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store):
                    attributes.add(inner.attr)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            _defined(node.body, names, attributes)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            _assigned(node, names, attributes)
        elif isinstance(node, ast.If | ast.Try | ast.With):
            for block in ("body", "orelse", "finalbody", "handlers"):
                for part in getattr(node, block, []):
                    _defined(part.body if isinstance(part, ast.ExceptHandler) else [part],
                             names, attributes)


def _assigned(node: ast.Assign | ast.AnnAssign | ast.AugAssign, names: set[str],
              attributes: set[str]) -> None:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        for inner in ast.walk(target):
            if isinstance(inner, ast.Name):
                names.add(inner.id)
            elif isinstance(inner, ast.Attribute):
                attributes.add(inner.attr)


def _definitions() -> tuple[dict[str, set[str]], set[str]]:
    """Every module of the package (dotted name -> the names it defines or imports, its
    classes' members and the attributes it assigns included), and all of those together."""
    modules: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names: set[str] = set()
        attributes: set[str] = set()
        _defined(ast.parse(path.read_text(encoding="utf-8")).body, names, attributes)
        modules[name] = names | attributes
    return modules, set().union(*modules.values())


def _sections() -> list[tuple[str, str, list[str]]]:
    """(section's package folder, bullet head, backticked names) for each bullet."""
    found: list[tuple[str, str, list[str]]] = []
    section, head, nested_head = "", "", ""
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = re.match(r"## (frontline\.\w+|tools)/?", line)
            section = heading.group(1).replace(".", "/") if heading else ""
            head = nested_head = ""
            continue
        bullet = re.match(r"( *)- `([^`]+)`", line)
        if bullet and bullet.group(1):
            nested_head = bullet.group(2)
        elif bullet:
            head, nested_head = bullet.group(2), ""
        found.append((section, nested_head or head, re.findall(r"`([^`]+)`", line)))
    return found


def _path_exists(token: str, section: str, head: str) -> bool:
    if token.startswith("/"):  # an HTTP route (`/metrics`, `/v1/...`): docs/server.md's own test
        return True
    token = token.rstrip("/")
    bases = [ROOT, ROOT / "frontline", ROOT / section]
    if head.endswith("/"):
        bases.append(ROOT / section / head.rstrip("/"))
    parent = Path(head).parent if "/" in head.rstrip("/") else None
    if parent is not None:
        bases.append(ROOT / section / parent)
    for base in bases:
        if any(base.glob(token)) if "*" in token else (base / token).exists():
            return True
    # a name inside a subpackage of the section (e.g. `sync/` > `batch.py`)
    return any((ROOT / section).rglob(token)) if section and "*" not in token else False


def _name_exists(dotted: str, modules: dict[str, set[str]], attributes: set[str]) -> bool:
    parts = dotted.split(".")
    everything = attributes
    if len(parts) == 1:
        return dotted in everything or any(m.endswith("." + dotted) for m in modules)
    for split in range(len(parts) - 1, 0, -1):  # the longest prefix that names a module
        prefix, rest = ".".join(parts[:split]), parts[split:]
        matching = [m for m in modules if m == prefix or m.endswith("." + prefix)]
        if not matching:
            continue
        scope = [m for m in modules if any(m == p or m.startswith(p + ".") for p in matching)]
        if any(rest[0] in modules[m] for m in scope) or \
                any(f"{p}.{rest[0]}" in modules for p in matching):
            return all(r in everything for r in rest[1:])
        return False
    return parts[-1] in everything  # `store.connection()`: an attribute of some object


def _head_modules(section: str, head: str, modules: dict[str, set[str]]) -> list[str]:
    """The modules a bullet is about: its head `x.py` or `x/` in the section's package
    (`frontline/server` > `sync/` > `batch.py` is frontline.server.sync.batch)."""
    if not section or not head.endswith((".py", "/")):
        return []
    base = section.replace("/", ".")
    dotted = head.removesuffix(".py").rstrip("/").replace("/", ".")
    found = [m for m in modules
             if m == f"{base}.{dotted}" or m.startswith(f"{base}.{dotted}.")
             or (m.startswith(base + ".") and m.endswith("." + dotted))]
    return found


def _problem(token: str, section: str, head: str, scope: list[str],
             modules: dict[str, set[str]], attributes: set[str]) -> str | None:
    """Why `token` (backticked in a bullet about `head` in `section`) names nothing, or None."""
    where = section or "the introduction"
    if token in FOREIGN or token in VALUES or token.startswith(("GET ", "POST ")):
        return None
    if "/" in token or token.endswith(FILE_SUFFIXES):
        if (token.endswith(".py") or "/" in token) and not _path_exists(token, section, head):
            return f"{token} (in {where})"
        return None
    name = DOTTED.match(token)
    if name is None:
        return None
    rest, dotted = token[name.end():], name.group(0)
    called = rest.startswith("(")
    if dotted.split(".")[0] in FOREIGN:
        return None
    checked = called or "." in dotted or dotted[0].isupper()
    if not checked or (rest and not called and not rest.startswith((" ", ":"))):
        return None
    if not _name_exists(dotted, modules, attributes):
        return f"{token} (in {where}, {head})"
    # a function named with its arguments belongs to the module the bullet is about
    if called and scope and "." not in dotted and not any(dotted in modules[m] for m in scope):
        return f"{token} (not in {', '.join(sorted(scope))})"
    return None


def missing_from_the_package() -> list[str]:
    """The backticked names in docs/architecture.md that name nothing in the checkout."""
    modules, attributes = _definitions()
    missing = []
    for section, head, tokens in _sections():
        scope = _head_modules(section, head, modules)
        for token in tokens:
            if token.endswith(".py") and "/" not in token and token != head:
                scope = _head_modules(section, token, modules) or scope  # the bullet moves on
            problem = _problem(token, section, head, scope, modules, attributes)
            if problem:
                missing.append(problem)
    return missing


def test_every_module_and_name_in_the_architecture_exists() -> None:
    """`docs/architecture.md`'s backticked paths (`frontline/store/db.py`, `batch.py` under
    `sync/`), calls (`save_observation(db, obs)`, `store.connection()`), module-qualified
    names (`core.review.check_transition`) and class or constant names resolve against the
    package."""
    assert missing_from_the_package() == []
