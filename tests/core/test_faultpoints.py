"""FRONTLINE_FAULTPOINT: off unless set; fires once, at the named place and arrival."""

import pytest

from frontline.core.faultpoints import Faultpoints, announcement


def test_an_empty_setting_arms_nothing():
    points = Faultpoints("")
    assert not any(points.fires("push.before_commit") for _ in range(5))


def test_a_faultpoint_fires_at_its_place_on_the_given_arrival_only():
    points = Faultpoints("sync.after_push@3")
    assert [points.fires("sync.after_push") for _ in range(5)] == [False, False, True,
                                                                   False, False]
    assert not Faultpoints("sync.after_push").fires("push.before_commit")
    assert Faultpoints(" push.before_commit ").fires("push.before_commit")  # the first


@pytest.mark.parametrize("spec", ["push.before_comit", "sync.after_push@0",
                                  "sync.after_push@two"])
def test_a_mistyped_setting_fails_loudly_rather_than_never_firing(spec):
    with pytest.raises(ValueError, match="FRONTLINE_FAULTPOINT"):
        Faultpoints(spec)


def test_the_announcement_names_the_place():
    assert announcement("push.before_commit") == "FRONTLINE_FAULTPOINT push.before_commit reached\n"
