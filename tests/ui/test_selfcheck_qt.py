"""The Qt half of `frontline --self-check`: platform and image plugins, the app's icon."""

from __future__ import annotations

import pytest

from frontline.sync.selfcheck import ERROR, OK
from frontline.ui import selfcheck_qt


def test_the_plugins_the_app_needs_are_found_and_load(qapp: object) -> None:
    checks = {c.name: c for c in selfcheck_qt.qt_checks()}
    assert checks["qt platform offscreen"].status == OK
    assert checks["qt platform xcb"].status == OK  # .ci/setup installs xcb's libraries
    for fmt in ("png", "jpeg", "svg"):
        assert checks[f"qt image {fmt}"].status == OK
    assert checks["resources"].status == OK and "renders" in checks["resources"].detail


def test_a_missing_platform_plugin_is_a_failure(qapp: object,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(selfcheck_qt.PLATFORMS, "linux", (("offscreen", "nosuch"), ()))
    monkeypatch.setattr(selfcheck_qt, "IMAGE_FORMATS", ("png", "nosuchformat"))
    checks = {c.name: c for c in selfcheck_qt.qt_checks()}
    assert checks["qt platform nosuch"].status == ERROR
    assert checks["qt image nosuchformat"].status == ERROR
