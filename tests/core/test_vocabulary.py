"""The domain's words are said once, in `frontline.core.vocabulary`.

`test_no_module_keeps_its_own_copy` scans the source (AST, nothing imported) for literal
copies: a tuple, list, set or frozenset of two or more status codes (`"new"` or
`Status.NEW`) or role codes, or of four or more observation field names, and an SQL
`IN (...)` list of two or more status or role codes inside a string. Run this file
directly (`python tests/core/test_vocabulary.py`) to list the offenders in every package,
including those not yet covered.
"""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

import pytest

from frontline.core import review, vocabulary
from frontline.core.model import Observation, Status
from frontline.core.vocabulary import (
    AWAITING_DECISION,
    CLOSED_STATUSES,
    FREE_TEXT_FIELDS,
    OPEN_STATUSES,
    REVIEWER_ROLES,
    ROLES,
    STRIPPED_FIELDS,
    WIRE_FIELDS,
    Power,
    Role,
    may,
)

PACKAGE = Path(__file__).resolve().parents[2] / "frontline"

#: Where the scan is enforced. `server` and `ui` join when their refactors land (they still
#: keep copies: run this file directly to list them).
COVERED = ("core", "store", "sync", "cli.py", "__init__.py", "__main__.py")

#: Where a literal is the definition, or content rather than vocabulary.
EXCLUDED = (
    "core/vocabulary.py",  # the definitions
    "demo",  # demo content (people, their roles, generated text)
    "store/demo.py",
    "server/demo.py",
    "store/migrations.py",  # a migration is history: it must not change when names do
    "server/migrations",
)

#: Literals that look like copies and are not, by the name they are assigned to, with why.
NOT_COPIES = {
    ("core/model.py", "TEXT_FIELDS"):
        "the definition (the model needs it; vocabulary.AUTHOR_TEXT_FIELDS is this dict)",
    ("store/observations.py", "ORDERABLE"):
        "the columns the local file has a sort index for: the store's own choice",
    ("sync/insights_query.py", "FILTER_FIELDS"):
        "the Insights filters in the order the window title says them (query parameters)",
    ("sync/insights_query.py", "FIGURE_STATUS"):
        "each scorecard figure's name mapped to its drill-down condition",
    ("store/remote.py", "_ACCEPTED_COLUMNS"):
        "the columns a short push result sets (only those, for the index cost)",
    ("store/privacy.py", "_MUST_SAY"):
        "the texts that must say something once redacted, each with what to write instead",
}

STATUS_CODES = frozenset(s.value for s in Status)
ROLE_CODES = frozenset(ROLES)
FIELD_NAMES = frozenset(WIRE_FIELDS) | {f.name for f in fields(Observation)}
_ENUMS = {"Status": STATUS_CODES, "Role": ROLE_CODES}
_SQL_IN = re.compile(r"\bIN\s*\(([^()]*)\)", re.IGNORECASE)
_QUOTED = re.compile(r"'([a-z_]+)'")


def _code(node: ast.expr) -> str | None:
    """The vocabulary word an element stands for: a string, or `Status.X` / `Role.X`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and node.value.id in _ENUMS:
        return node.attr.lower()
    return None


def _what_it_copies(words: list[str]) -> str | None:
    statuses = sorted(set(words) & STATUS_CODES)
    roles = sorted(set(words) & ROLE_CODES)
    names = sorted(set(words) & FIELD_NAMES)
    if len(statuses) >= 2:
        return f"status codes {statuses}"
    if len(roles) >= 2:
        return f"role codes {roles}"
    if len(names) >= 4:
        return f"field names {names}"
    return None


def _string_parts(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value for v in node.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str))]
    return []


def _exempt_lines(tree: ast.Module, rel: str) -> set[int]:
    """Lines of the definitions `NOT_COPIES` names, and of `core/model.py`'s `Status` enum
    (the one place the codes are spelled)."""
    lines: set[int] = set()
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.ClassDef) and node.name == "Status" and rel == "core/model.py":
            names = ["Status"]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets
                     if isinstance(t, ast.Name) and (rel, t.id) in NOT_COPIES]
        if names:
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def offenders(paths: list[Path], root: Path = PACKAGE) -> list[str]:
    """`file:line: what` for every literal copy of the vocabulary in `paths`."""
    found: list[str] = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if rel.startswith(EXCLUDED):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = _exempt_lines(tree, rel)
        seen: set[int] = set()
        for node in ast.walk(tree):
            what = None
            if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
                elements = node.keys if isinstance(node, ast.Dict) else node.elts
                words = [w for w in map(_code, filter(None, elements)) if w is not None]
                what = _what_it_copies(words)
            else:
                for text in _string_parts(node):
                    for match in _SQL_IN.finditer(text):
                        copied = _what_it_copies(_QUOTED.findall(match.group(1)))
                        if copied and not copied.startswith("field"):
                            what = f"SQL IN list of {copied}"
            line = getattr(node, "lineno", 0)
            if what and line not in skip and line not in seen:
                seen.add(line)
                found.append(f"frontline/{rel}:{line}: {what}")
    def where(entry: str) -> tuple[str, int]:
        file, line, _ = entry.split(":", 2)
        return file, int(line)
    return sorted(found, key=where)


def _sources(*tops: str) -> list[Path]:
    out: list[Path] = []
    for top in tops:
        target = PACKAGE / top
        out += [target] if target.is_file() else sorted(target.rglob("*.py"))
    return out


def test_no_module_keeps_its_own_copy():
    found = offenders(_sources(*COVERED))
    assert not found, (
        "import these from frontline.core.vocabulary instead of keeping a copy:\n  "
        + "\n  ".join(found))


def test_the_scan_finds_copies(tmp_path):
    """The scan is not vacuous: each kind of copy is reported, a lone word is not."""
    pkg = tmp_path / "frontline"
    (pkg / "core").mkdir(parents=True)
    (pkg / "core" / "copies.py").write_text(
        "A = ('new', 'closed')\n"
        "B = frozenset({Status.NEW, Status.WONT_ACT})\n"
        "C = ['manager', 'admin']\n"
        "D = {'summary', 'details', 'kind', 'channel'}\n"
        "E = f\"status IN ('new', 'acknowledged') AND x = {1}\"\n"
        "F = ('new', 'summary', 'kind')\n"
        "G = ('manager',)\n")
    found = offenders([pkg / "core" / "copies.py"], root=pkg)
    assert [f.split(":")[1] for f in found] == ["1", "2", "3", "4", "5"], found


def test_the_sets_agree_with_the_review_state_machine():
    assert review.OPEN == OPEN_STATUSES
    assert AWAITING_DECISION < OPEN_STATUSES
    assert not OPEN_STATUSES & CLOSED_STATUSES
    assert OPEN_STATUSES | CLOSED_STATUSES == frozenset(Status)
    for status in CLOSED_STATUSES - {Status.WITHDRAWN}:
        # a closed status is left only by a reviewer's reopen or an unmerge
        assert review.allowed_next(status) <= OPEN_STATUSES


def test_field_groups_are_fields():
    observation = {f.name for f in fields(Observation)}
    assert set(vocabulary.CONTENT_FIELDS) <= observation
    assert vocabulary.REVIEW_FIELDS <= observation
    assert set(WIRE_FIELDS) >= observation
    assert vocabulary.REVIEW_CHANGES <= set(WIRE_FIELDS)
    assert set(STRIPPED_FIELDS) == set(FREE_TEXT_FIELDS) - {"summary"}
    assert "escalation_note" in STRIPPED_FIELDS


def test_the_wire_types_use_the_same_field_groups():
    from frontline.sync import protocol

    assert set(protocol.ReviewChanges.__annotations__) == vocabulary.WIRE_REVIEW_CHANGES
    assert tuple(protocol.ObservationWire.__annotations__) == WIRE_FIELDS
    assert protocol.NEW_REVIEW_STATE is vocabulary.NEW_REVIEW_STATE


@pytest.mark.parametrize("role", list(Role))
def test_powers(role):
    assert may(role.value, Power.CAPTURE)
    assert may(role.value, Power.REVIEW) == (role.value in REVIEWER_ROLES)
    assert not may(None, Power.CAPTURE)
    assert not may("visitor", Power.CAPTURE)


if __name__ == "__main__":
    print("\n".join(offenders(_sources(".")) or ["no copies"]))


def test_every_free_text_field_has_the_label_messages_name_it_by():
    from frontline.core.vocabulary import FREE_TEXT_LABELS

    assert set(FREE_TEXT_LABELS) == set(FREE_TEXT_FIELDS)
