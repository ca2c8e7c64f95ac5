"""Translated labels for codes shown in the UI.

Taxonomy labels are English source strings in `frontline.core.taxonomy` (or sent by
the server); they are translated in the "taxonomy" context. Statuses and sync states
are translated here.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from frontline.core import taxonomy


def taxonomy_label(label: str) -> str:
    """A reference-data label in the user's language."""
    return QCoreApplication.translate("taxonomy", label)


def kind_label(code: str) -> str:
    for choice in taxonomy.KINDS:
        if choice.code == code:
            return taxonomy_label(choice.label)
    return code


def label_for(choices: Iterable[taxonomy.Choice | taxonomy.Category], code: str | None
              ) -> str:
    """The translated label of `code` in a list of choices or categories."""
    if code is None:
        return ""
    for choice in choices:
        if choice.code == code:
            return taxonomy_label(choice.label)
    return code


def _tr(text: str) -> str:
    return QCoreApplication.translate("status", text)


def status_label(status: str, sync_state: str) -> str:
    """One word or two for the status column: review status first, then sync state."""
    review = {
        "acknowledged": _tr("Acknowledged"),
        "in_progress": _tr("In progress"),
        "action_taken": _tr("Action taken"),
        "closed": _tr("Closed"),
        "duplicate": _tr("Duplicate"),
        "wont_act": _tr("Won't act"),
        "withdrawn": _tr("Withdrawn"),
    }
    if status in review:
        return review[status]
    return sync_label(sync_state)


def sync_label(sync_state: str) -> str:
    return {
        "queued": _tr("Waiting to sync"),
        "synced": _tr("Sent"),
        "quarantined": _tr("Not accepted"),
    }.get(sync_state, sync_state)
