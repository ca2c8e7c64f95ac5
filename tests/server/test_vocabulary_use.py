"""The server says the domain's words once: its API models list the roles of
`core.vocabulary`, and its modules stay short enough to read."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from frontline.core.vocabulary import REVIEWER_ROLES, ROLES
from frontline.server import schemas

SERVER = Path(__file__).resolve().parents[2] / "frontline" / "server"


def test_the_api_models_list_the_roles_of_the_vocabulary() -> None:
    # pydantic needs a Literal to document the choices; it must not drift from ROLES
    assert get_args(schemas.UserOut.model_fields["role"].annotation) == ROLES
    assert set(get_args(schemas.InsightScope.model_fields["role"].annotation)) == REVIEWER_ROLES


def test_no_server_module_is_long_without_saying_why() -> None:
    long = []
    for path in sorted(SERVER.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        reason = any(line.startswith("# Long:") for line in lines[:3])
        if len(lines) > 400 and not reason:
            long.append(f"{path.relative_to(SERVER)}: {len(lines)} lines")
    assert long == []
