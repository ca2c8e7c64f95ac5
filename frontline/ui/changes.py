"""What a write changed, said once on one app-wide signal; each screen decides to refresh.

Anki's operations return `OpChanges` and fire `operation_did_execute(changes, handler)`;
every screen looks at the flags and refreshes itself when they concern it. Ours is the
same: each named write operation (`frontline.ui.operations`) declares its `OpChanges`,
`StoreOp` announces them on the backend's `ChangeBus` once the write succeeded, and sync
announces what a run changed (`changes_of_sync`). No screen refreshes another one.

    window.backend.changes.changes_made.connect(self._on_changes_made)

    @Slot(object, object)
    def _on_changes_made(self, changes: OpChanges, initiator: object) -> None:
        if changes.observations and initiator is not self:
            self.refresh()
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from frontline.ui.qtcompat import emit

if TYPE_CHECKING:
    from frontline.sync.engine import SyncReport


@dataclass(frozen=True)
class OpChanges:
    """Which parts of the local file a write changed."""

    #: observations' rows: their text, status, sync state or unread mark (My observations)
    observations: bool = False
    #: the review side: statuses, answers, merges, escalations (the inbox, the board)
    review: bool = False
    #: reference data from the server: choices, categories, stores, people (capture form)
    reference: bool = False
    #: the outbox: what waits to be sent (the pending count; a sync soon)
    sync_state: bool = False
    #: who is signed in on this PC (the inbox's reviewer and scope)
    session: bool = False

    def __bool__(self) -> bool:
        return any(dataclasses.astuple(self))

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(*(a or b for a, b in zip(dataclasses.astuple(self),
                                                  dataclasses.astuple(other), strict=True)))


NO_CHANGES = OpChanges()


def changes_of_sync(report: SyncReport | None) -> OpChanges:
    """What a finished sync changed in the local file (nothing when it did not run)."""
    if report is None:
        return NO_CHANGES
    received = bool(report.pulled or report.removed)
    sent = bool(report.pushed or report.already_applied or report.quarantined)
    signed_out = report.error is not None and report.error.kind == "signed_out"
    return OpChanges(observations=received or sent, review=received or sent,
                     reference=report.reference_updated, sync_state=sent,
                     session=signed_out)


class ChangeBus(QObject):
    """The one signal every screen listens to (Anki's `operation_did_execute`)."""

    #: (OpChanges, initiator): the initiator is the object that ran the operation (a page
    #: that already shows its own change skips the refresh), or None
    changes_made = Signal(object, object)

    def announce(self, changes: OpChanges, initiator: object = None) -> None:
        """Tell every screen what changed (nothing is emitted for no change)."""
        if changes:
            emit(self.changes_made, changes, initiator)
