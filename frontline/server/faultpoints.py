"""The server's faultpoints: a test stops the server inside a push on purpose.

`reached("push.before_commit")` is called inside a push's write transaction, after its
rows are written and before the commit. It does nothing unless the environment variable
`FRONTLINE_FAULTPOINT` names that place (`push.before_commit`, or `push.before_commit@N`
for the N-th push); then the server writes `FRONTLINE_FAULTPOINT push.before_commit
reached` to stderr and waits there until the test kills it. Tests only; the format and
the places are described in `frontline.core.faultpoints`.
"""

from __future__ import annotations

import os
import sys
import threading

from frontline.core.faultpoints import (
    ENV_VAR,
    HOLD_EXIT_CODE,
    HOLD_SECONDS,
    Faultpoints,
    announcement,
)

_armed = Faultpoints(os.environ.get(ENV_VAR, ""))


def reached(name: str) -> None:
    """Stop here (announce on stderr, wait to be killed) when the test armed `name`."""
    if _armed.fires(name):
        sys.stderr.write(announcement(name))
        sys.stderr.flush()
        threading.Event().wait(HOLD_SECONDS)
        os._exit(HOLD_EXIT_CODE)
