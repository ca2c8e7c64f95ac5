"""The review workflow: which status changes are allowed, enforced on the desktop and
again on the server.

    new → acknowledged → in_progress → action_taken → closed
    any open status → closed | duplicate (of another) | wont_act (with a reason)
    duplicate → the status it had before (unmerge)
    new → withdrawn (by the author only, before review starts)
"""

from __future__ import annotations

from frontline.core.errors import TransitionError
from frontline.core.model import Status
from frontline.core.vocabulary import ENDINGS, OPEN_STATUSES, REOPENABLE

#: Where review can still move an observation forward (`vocabulary.OPEN_STATUSES`).
OPEN = OPEN_STATUSES
# the open statuses in review order (`Status` is declared in it): each may move forward to
# any later one
_PROGRESS = [s for s in Status if s in OPEN]
_FORWARD: dict[Status, frozenset[Status]] = {
    s: frozenset(_PROGRESS[i + 1:]) for i, s in enumerate(_PROGRESS)}


def allowed_next(current: Status | str, *, by_author: bool = False) -> frozenset[Status]:
    """Statuses reachable from `current` in one step."""
    current = Status(current)
    if by_author:
        return frozenset({Status.WITHDRAWN}) if current == Status.NEW else frozenset()
    if current in OPEN:
        return _FORWARD[current] | ENDINGS
    if current in REOPENABLE:
        return frozenset({Status.IN_PROGRESS})  # reopen
    if current == Status.DUPLICATE:
        return OPEN  # unmerge: back to an open status (the one it had before, when known)
    return frozenset()


def check_transition(
    current: Status | str,
    new: Status | str,
    *,
    by_author: bool = False,
    reason: str = "",
    duplicate_of: str | None = None,
) -> None:
    """Raise `TransitionError` with a readable message if the change is not allowed."""
    current, new = Status(current), Status(new)
    if new == current:
        return
    if new not in allowed_next(current, by_author=by_author):
        if by_author:
            raise TransitionError(
                "This observation is already being reviewed, so it can no longer be "
                "withdrawn. Ask your manager if something needs to change."
            )
        raise TransitionError(
            f"An observation that is {current.value.replace('_', ' ')} cannot be marked "
            f"{new.value.replace('_', ' ')}."
        )
    if new == Status.WONT_ACT and not reason.strip():
        raise TransitionError(
            "Say why no action will be taken: the person who raised it will read your reason."
        )
    if new == Status.DUPLICATE and not duplicate_of:
        raise TransitionError("Choose the observation this one duplicates.")
