"""When anonymity means little: a team (or store) so small that a manager may guess the author.

Pure: it takes the people the PC holds in its reference data (`UserWire` dicts: `id`,
`role`, `store_id`, `team_id`, `disabled`) and says, in words for the person about to
submit anonymously, whether their group is smaller than `threshold`.

    small_group_warning(people, store_id="s1", team_id="t1")
    -> "Your team has 3 people: your manager may guess who wrote this."
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from frontline.core.vocabulary import STORE_ROLES

#: Fewer active people than this in the group, and the form warns before an anonymous save.
SMALL_GROUP = 5


def group_size(people: Iterable[Mapping[str, Any]], *, store_id: str | None,
               team_id: str | None = None) -> int:
    """Active employees and managers of the team when `team_id` is given, else of the store."""
    def member(p: Mapping[str, Any]) -> bool:
        if p.get("disabled") or p.get("role", "employee") not in STORE_ROLES:
            return False
        if team_id is not None:
            return bool(p.get("team_id") == team_id)
        return store_id is not None and p.get("store_id") == store_id

    return sum(1 for p in people if member(p))


def small_group_warning(people: Iterable[Mapping[str, Any]], *, store_id: str | None,
                        team_id: str | None = None, threshold: int = SMALL_GROUP) -> str | None:
    """The warning to show before an anonymous save, or None when the group is big enough
    (or unknown: no people received yet, so nothing honest can be said)."""
    size = group_size(people, store_id=store_id, team_id=team_id)
    if size == 0 or size >= threshold:
        return None
    group = "team" if team_id is not None else "store"
    if size == 1:
        return (f"You are the only person in your {group}: anyone reading this will know "
                "you wrote it.")
    return f"Your {group} has {size} people: your manager may guess who wrote this."
