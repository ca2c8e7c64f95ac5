"""The small-group warning: who counts, and the words shown."""

from __future__ import annotations

from frontline.core.anonymity import group_size, small_group_warning


def person(i: int, *, team: str | None = "t1", store: str = "s1", role: str = "employee",
           disabled: bool = False) -> dict[str, object]:
    return {"id": f"p{i}", "role": role, "store_id": store, "team_id": team, "disabled": disabled}


def test_a_three_person_team_is_warned_with_its_size() -> None:
    people = [person(i) for i in range(3)] + [person(9, team="t2")]
    assert small_group_warning(people, store_id="s1", team_id="t1") == (
        "Your team has 3 people: your manager may guess who wrote this.")


def test_disabled_people_leaders_and_admins_do_not_make_a_group_bigger() -> None:
    people = [person(i) for i in range(4)] + [person(5, disabled=True),
                                             person(6, role="admin"), person(7, role="leader")]
    assert group_size(people, store_id="s1", team_id="t1") == 4
    assert small_group_warning(people, store_id="s1", team_id="t1") is not None


def test_five_or_more_people_need_no_warning() -> None:
    people = [person(i) for i in range(5)]
    assert small_group_warning(people, store_id="s1", team_id="t1") is None


def test_without_a_team_the_store_counts() -> None:
    people = [person(i, team=None) for i in range(2)] + [person(8, store="s2")]
    assert small_group_warning(people, store_id="s1") == (
        "Your store has 2 people: your manager may guess who wrote this.")


def test_one_person_alone_is_told_plainly_and_nobody_known_says_nothing() -> None:
    assert "only person" in str(small_group_warning([person(1)], store_id="s1", team_id="t1"))
    assert small_group_warning([], store_id="s1") is None
