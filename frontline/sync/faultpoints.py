"""The PC's faultpoints: a test stops a syncing PC between two steps on purpose.

`reached("sync.after_push")` is called by the engine after the server has answered a
batch and before the PC records that answer. It does nothing unless the environment
variable `FRONTLINE_FAULTPOINT` names that place (`sync.after_push`, or
`sync.after_push@N` for the N-th batch); then the process writes `FRONTLINE_FAULTPOINT
sync.after_push reached` to stderr and waits there until the test kills it. Tests only;
the format and the places are described in `frontline.core.faultpoints` (the desktop
never imports the server's twin of this module).
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
