"""Faultpoints: named places where a fault test stops a process on purpose.

A fault test must interrupt a sync at a known moment rather than hope that a kill at a
random time lands in one. The server and the PC call `reached(NAME)` (each through its
own small `faultpoints` module, `frontline.server.faultpoints` and
`frontline.sync.faultpoints`, which do the writing and the waiting) at the places below.
The call does nothing unless the environment variable `FRONTLINE_FAULTPOINT` names the
place, optionally with the how-many-th time it is reached (default the first):

    FRONTLINE_FAULTPOINT=push.before_commit     # the server, the first push
    FRONTLINE_FAULTPOINT=sync.after_push@3      # the PC, the third batch it pushes

There the process writes one line, `FRONTLINE_FAULTPOINT <name> reached`, to stderr and
waits, holding what it holds (an open transaction, an answer not yet recorded), until the
test kills it (after `HOLD_SECONDS` it exits with `HOLD_EXIT_CODE` on its own, so that a
process whose test died does not linger). For tests only; never set it in production.

The places:

- `push.before_commit` (server): a push's rows are written inside its transaction, which
  is not committed yet. Killed there, the push must leave no trace.
- `sync.after_push` (PC): the server has applied a batch and answered; the PC has not
  recorded the answer. Killed there, the next sync sends the batch again and must hear
  `already_applied`, never create a second copy.
- `mail.after_send` (server): the SMTP server has accepted an e-mail and the outbox row is
  marked sent. Killed there, a restarted server sends every other message once, and
  this one never again.

This module is pure: it parses the setting and counts; the callers do the I/O.
"""

from __future__ import annotations

import threading

ENV_VAR = "FRONTLINE_FAULTPOINT"
#: Every place a faultpoint may name (a typo fails loudly instead of never firing).
NAMES = frozenset({"push.before_commit", "sync.after_push", "mail.after_send"})
#: How long a process waits at a fired faultpoint before it exits by itself.
HOLD_SECONDS = 600.0
HOLD_EXIT_CODE = 75


class Faultpoints:
    """The faultpoint armed by one `FRONTLINE_FAULTPOINT` value (none when empty)."""

    def __init__(self, spec: str) -> None:
        self.name: str | None = None
        self.hit = 0
        self._seen = 0
        self._lock = threading.Lock()
        spec = spec.strip()
        if not spec:
            return
        name, _, count = spec.partition("@")
        if name not in NAMES:
            raise ValueError(f"{ENV_VAR}={spec!r}: unknown place {name!r}; "
                             f"known: {', '.join(sorted(NAMES))}")
        try:
            self.hit = int(count) if count else 1
        except ValueError:
            self.hit = 0
        if self.hit < 1:
            raise ValueError(f"{ENV_VAR}={spec!r}: the count after @ must be a whole number ≥ 1")
        self.name = name

    def fires(self, name: str) -> bool:
        """Count one arrival at `name`; True when this is the armed place and arrival."""
        if name != self.name:
            return False
        with self._lock:
            self._seen += 1
            return self._seen == self.hit


def announcement(name: str) -> str:
    """The line a process writes to stderr when it stops at `name`."""
    return f"{ENV_VAR} {name} reached\n"
