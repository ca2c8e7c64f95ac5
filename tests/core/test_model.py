import pytest

from frontline.core.errors import TransitionError, ValidationError
from frontline.core.model import SUMMARY_MAX, Observation, Status, clean_text, validate
from frontline.core.review import check_transition


def test_a_summary_is_required_and_the_message_says_what_to_write():
    with pytest.raises(ValidationError) as caught:
        validate(Observation.new(kind="pain_point", summary="   "))
    assert caught.value.errors[0].field == "summary"
    assert "summary" in caught.value.errors[0].message


def test_over_long_summary_is_rejected_with_its_length_and_the_limit():
    with pytest.raises(ValidationError) as caught:
        validate(Observation.new(kind="idea", summary="x" * (SUMMARY_MAX + 5)))
    assert str(SUMMARY_MAX + 5) in str(caught.value) and str(SUMMARY_MAX) in str(caught.value)


def test_control_characters_are_dropped_but_emoji_and_rtl_text_are_kept():
    text = "Client\x00 très content 😀 \u05e9\u05dc\u05d5\u05dd\x1b[31m"
    cleaned = clean_text(text)
    assert "\x00" not in cleaned and "\x1b" not in cleaned
    assert "😀" in cleaned and "\u05e9\u05dc\u05d5\u05dd" in cleaned


def test_an_anonymous_observation_never_keeps_its_author():
    obs = Observation.new(kind="praise", summary="Lovely", author_id="u1", anonymous=True)
    assert obs.author_id is None


def test_unknown_codes_and_out_of_range_severity_are_explained():
    obs = Observation.new(kind="rant", summary="ok", channel="pigeon", severity=9)
    with pytest.raises(ValidationError) as caught:
        validate(obs)
    fields = {e.field for e in caught.value.errors}
    assert {"kind", "channel", "severity"} <= fields


def test_review_cannot_skip_back_and_wont_act_needs_a_reason():
    check_transition(Status.NEW, Status.ACKNOWLEDGED)
    with pytest.raises(TransitionError):
        check_transition(Status.ACTION_TAKEN, Status.NEW)
    with pytest.raises(TransitionError, match="why"):
        check_transition(Status.NEW, Status.WONT_ACT)
    check_transition(Status.NEW, Status.WONT_ACT, reason="Supplier discontinued it")


def test_author_can_withdraw_only_before_review_starts():
    check_transition(Status.NEW, Status.WITHDRAWN, by_author=True)
    with pytest.raises(TransitionError, match="already being reviewed"):
        check_transition(Status.ACKNOWLEDGED, Status.WITHDRAWN, by_author=True)


def test_the_plausibility_window_of_observed_at() -> None:
    from datetime import UTC, datetime

    from frontline.core.model import observed_at_problem

    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert observed_at_problem("2000-01-01T00:00:00.000Z", now) is None
    assert observed_at_problem("2026-11-24T11:59:59.999Z", now) is None  # a day of skew
    assert "before 2000" in (observed_at_problem("1999-12-31T23:59:59.999Z", now) or "")
    assert "future" in (observed_at_problem("2026-11-24T12:00:00.001Z", now) or "")
    assert observed_at_problem("2026-11-24T12:00:00.001Z", now, future=False) is None
    for edge in ("9999-12-31T23:59:59.999-01:00", "0001-01-01T00:00:00.000+01:00", "", None, 7):
        assert "not a valid" in (observed_at_problem(edge, now) or ""), edge
