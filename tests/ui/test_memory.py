"""The app's malloc tuning applies on Linux (glibc), and is harmless to call twice."""

from __future__ import annotations

import sys

import pytest

from frontline.ui.memory import return_large_buffers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_large_buffers_go_back_to_the_os_on_linux() -> None:
    assert return_large_buffers() is True
    assert return_large_buffers() is True
