"""The desktop app's memory: large temporary buffers go back to the operating system.

A list of 200k observations makes a few buffers of megabytes each time it is read (the
rowids as JSON, their packed copy, FTS match lists). glibc's malloc raises its "use mmap"
threshold after such a buffer is freed, so the next ones come from the heap and their
pages stay with the process after they are freed. Fixing the threshold at 128 KiB (glibc's
starting value) hands every large buffer back on free, and two arenas keep the worker
threads from each holding their own (measured with `tests/bench/bench_memory.py`: about
13 MB less resident memory at 200k rows, no measurable cost in time).
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameters (malloc.h)
_M_ARENA_MAX = -8


def return_large_buffers() -> bool:
    """Tune glibc's malloc as above; True when it applied (Linux with glibc), else False.
    Call before any thread starts."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process already uses
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to tune
        return False
    ok = bool(mallopt(_M_MMAP_THRESHOLD, 128 * 1024)) and bool(mallopt(_M_ARENA_MAX, 2))
    log.debug("malloc tuned: %s", ok)
    return ok
