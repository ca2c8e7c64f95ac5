"""The error hierarchy.

A `KnownError` is an environment problem a person can act on (full disk, locked
file, no network); its message says what happened and what to do next. A
`BugError` is a defect in Frontline itself: the crash handler reports it.
"""

from __future__ import annotations

from dataclasses import dataclass


class FrontlineError(Exception):
    """Base of every error Frontline raises on purpose."""


class KnownError(FrontlineError):
    """A problem in the environment, explained to the person in `str(error)`."""


class BugError(FrontlineError):
    """Something that should never happen: a defect to report."""


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with one field, in words a person understands."""

    field: str
    message: str


class ValidationError(FrontlineError):
    """The observation cannot be saved as it is; `errors` says why, per field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors))


class TransitionError(FrontlineError):
    """A review change that the workflow does not allow."""


class StoreError(KnownError):
    """The local file cannot be used as asked."""


class StoreLockedError(StoreError):
    """Another program holds the local file."""


class StoreCorruptError(StoreError):
    """The local file is damaged; it was moved aside and a fresh one made."""


class DiskFullError(StoreError):
    """No space left to save."""


class ReadOnlyError(StoreError):
    """The data folder cannot be written."""


class SyncError(KnownError):
    """Sync failed; `kind` says how, for the UI to choose its words and next step."""

    def __init__(self, kind: str, message: str, *, retry_after: float | None = None):
        self.kind = kind
        self.retry_after = retry_after
        super().__init__(message)
