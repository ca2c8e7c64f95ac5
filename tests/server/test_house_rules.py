"""The server's house rules (docs/architecture.md, "frontline.server"): its API models list
the roles of `core.vocabulary`, its modules stay short enough to read, and its imports
point one way (no cycles, even through imports inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from frontline.core.vocabulary import REVIEWER_ROLES, ROLES
from frontline.server import schemas

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "frontline" / "server"
MODULES = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
           for p in SERVER.rglob("*.py") if "migrations" not in p.parts}


def test_the_api_models_list_the_roles_of_the_vocabulary() -> None:
    # pydantic needs a Literal to document the choices; it must not drift from ROLES
    assert get_args(schemas.UserOut.model_fields["role"].annotation) == ROLES
    assert set(get_args(schemas.InsightScope.model_fields["role"].annotation)) == REVIEWER_ROLES


def test_no_server_module_is_long_without_saying_why() -> None:
    long = []
    for name, path in sorted(MODULES.items()):
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > 400 and not any(line.startswith("# Long:") for line in lines[:3]):
            long.append(f"{name}: {len(lines)} lines")
    assert long == []


def _imports(name: str, path: Path) -> set[str]:
    """The server modules `name` imports, at any depth of its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            targets = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            if target in MODULES and target != name and not name.startswith(target + "."):
                found.add(target)
                break
    return found


def test_server_imports_have_no_cycles() -> None:
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    cycles = []

    def visit(name: str, path: list[str], done: set[str]) -> None:
        if name in path:
            cycles.append(" -> ".join(path[path.index(name):] + [name]))
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*path, name], done)
        done.add(name)

    done: set[str] = set()
    for name in sorted(graph):
        visit(name, [], done)
    assert cycles == []
