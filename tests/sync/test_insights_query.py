"""Each mark of the Insights page maps to the query of exactly the observations behind it."""

from __future__ import annotations

from datetime import date

import pytest

from frontline.sync.insights_query import (
    FIGURE_STATUS,
    InsightFilters,
    Mark,
    change,
    drill_params,
    insights_params,
    rising_themes,
)

F = InsightFilters(date(2026, 10, 27), date(2026, 11, 23))
BASE = {"since": "2026-10-27", "until": "2026-11-23"}


def test_the_filters_go_into_every_request() -> None:
    f = InsightFilters(date(2026, 10, 27), date(2026, 11, 23), region="r1", store="s1",
                       channel="phone", customer_type="business", kind="praise")
    assert insights_params(f, quotes=12) == {**BASE, "region": "r1", "store": "s1",
                                             "channel": "phone", "customer_type": "business",
                                             "kind": "praise", "quotes": "12"}
    assert drill_params(f, Mark("figure")) == {**BASE, "region": "r1", "store": "s1",
                                               "channel": "phone",
                                               "customer_type": "business", "kind": "praise"}


@pytest.mark.parametrize(("mark", "expected"), [
    (Mark("theme", category="queue", kind="pain_point"),
     {"category": "queue", "kind": "pain_point"}),
    (Mark("theme", category=None, kind="idea"), {"category": "uncategorised", "kind": "idea"}),
    (Mark("store", store="s9"), {"store": "s9"}),
    (Mark("store", store="s9", column="switch_risk"), {"store": "s9", "status": "switch_risk"}),
    (Mark("store", store="s9", column="open"), {"store": "s9", "status": "open"}),
    (Mark("store", store="s9", column="action_taken"),
     {"store": "s9", "status": "action_taken"}),
    (Mark("department", department="it"), {"department": "it"}),
    (Mark("department", department=None), {"department": "unassigned"}),
    (Mark("week", week="2026-11-04"), {"week": "2026-11-02"}),  # its Monday
    (Mark("week", week=date(2026, 11, 2), series="praise"),
     {"week": "2026-11-02", "kind": "praise"}),
    (Mark("week", week="2026-11-02", series="switch_risk"),
     {"week": "2026-11-02", "status": "switch_risk"}),
    (Mark("cell", store="s2", category="prices"), {"store": "s2", "category": "prices"}),
    (Mark("cell", store="s2", category=None), {"store": "s2", "category": "uncategorised"}),
    (Mark("figure", figure="total"), {}),
    (Mark("figure", figure="answered"), {"status": "decided,answered"}),
    (Mark("figure", figure="wont_act"), {"status": "wont_act"}),
    (Mark("figure", figure="open"), {"status": "open"}),
    (Mark("figure", figure="switch_risk"), {"status": "switch_risk"}),
])
def test_each_mark_maps_to_its_query(mark: Mark, expected: dict[str, str]) -> None:
    assert drill_params(F, mark) == {**BASE, **expected}


def test_a_marks_own_value_replaces_the_filters() -> None:
    f = InsightFilters(F.since, F.until, kind="praise", store="s1")
    assert drill_params(f, Mark("theme", category="queue", kind="pain_point"))["kind"] == \
        "pain_point"
    assert drill_params(f, Mark("store", store="s2"))["store"] == "s2"


def test_every_scorecard_figure_has_a_query_and_bad_marks_are_refused() -> None:
    for figure in FIGURE_STATUS:
        drill_params(F, Mark("figure", figure=figure))
    with pytest.raises(ValueError, match="unknown mark"):
        drill_params(F, Mark("bubble"))
    with pytest.raises(ValueError, match="needs its store"):
        drill_params(F, Mark("store"))


def test_presets_previous_period_and_key() -> None:
    f = InsightFilters.preset("4w", today=date(2026, 11, 23))
    assert (f.since, f.until) == (date(2026, 10, 27), date(2026, 11, 23))
    assert f.previous() == (date(2026, 9, 29), date(2026, 10, 26))
    two = InsightFilters.preset("2y", today=date(2026, 11, 23))
    assert (two.until - two.since).days == 729
    assert f.key() == InsightFilters.preset("4w", today=date(2026, 11, 23)).key()
    assert f.key() != InsightFilters.preset("4w", today=date(2026, 11, 23), region="r").key()


def test_rises_and_falls() -> None:
    assert change(15, 10) == 0.5 and change(5, 10) == -0.5
    assert change(3, 0) is None and change(None, 3) is None
    now = [{"category": "a", "kind": "pain_point", "count": 9},
           {"category": "b", "kind": "pain_point", "count": 4},
           {"category": "c", "kind": "idea", "count": 2}]
    before = [{"category": "a", "kind": "pain_point", "count": 8},
              {"category": "b", "kind": "pain_point", "count": 1},
              {"category": "c", "kind": "idea", "count": 5}]
    assert [(t["category"], was) for t, was in rising_themes(now, before)] == \
        [("b", 1), ("a", 8)]
