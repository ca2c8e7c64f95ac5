"""The review state machine: unmerging a duplicate (issue 7)."""

from __future__ import annotations

import pytest

from frontline.core.errors import TransitionError
from frontline.core.review import allowed_next, check_transition


def test_a_duplicate_can_be_unmerged_back_to_an_open_status_only() -> None:
    assert allowed_next("duplicate") == {"new", "acknowledged", "in_progress", "action_taken"}
    check_transition("duplicate", "in_progress")
    with pytest.raises(TransitionError, match="duplicate cannot be marked closed"):
        check_transition("duplicate", "closed")


def test_an_author_still_cannot_change_a_duplicate() -> None:
    assert allowed_next("duplicate", by_author=True) == frozenset()
