"""CSV of any list the app shows (the inbox with its filters, My observations, a
drill-down), written so that a half file never looks complete.

    write_csv(path, FIELDS, records, total=n, on_progress=..., should_cancel=...)

The file is written beside the target (`.<name>.partial`) and renamed over it only when
every row is in: a cancel, a full disk or a crash leave no file that looks whole, and the
partial one is removed. Every cell goes through the same neutralisation as `frontline
export` (`io._csv_cell`): a text starting with `=`, `+`, `-`, `@` gets a `'` before it, so
a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import errno
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from frontline.core.csvsafe import csv_cell as _csv_cell
from frontline.core.errors import FrontlineError
from frontline.store.io import DataFileError
from frontline.store.observations import FIELDS

Progress = Callable[[int, int], None]
#: the columns of an exported list: every field of an observation, as `frontline export`
EXPORT_FIELDS: tuple[str, ...] = tuple(FIELDS)


class ExportCancelled(FrontlineError):
    """The person cancelled an export; nothing was written."""


def _message(path: Path, error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"The disk is full, so {path.name} could not be written. Nothing was saved: "
                "free some space or choose another drive, then export again.")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Frontline may not write in {path.parent}. Nothing was saved: choose another "
                "folder (your Documents, for instance), then export again.")
    if error.errno == errno.ENOENT:
        return f"The folder {path.parent} does not exist. Choose another one."
    return (f"Cannot write {path}: {error.strerror or error}. Nothing was saved: choose "
            "another folder or free some space.")


@contextmanager
def atomic_target(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write `path`'s content into: renamed to `path` when the block ends
    normally, removed when it raises. An `OSError` becomes a `DataFileError` that says
    what to do (full disk, a folder that cannot be written)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        handle: IO[Any] = open(temporary, "wb") if binary else open(  # noqa: SIM115
            temporary, "w", encoding="utf-8-sig", newline="")
    except OSError as error:
        raise DataFileError(_message(path, error)) from error
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise DataFileError(_message(path, error)) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_csv(path: Path, fields: Sequence[str], records: Iterable[Mapping[str, Any]], *,
              total: int = 0, on_progress: Progress | None = None,
              should_cancel: Callable[[], bool] | None = None) -> int:
    """Write `records` (dicts keyed by `fields`) as CSV to `path`, atomically; returns how
    many rows. `on_progress(done, total)` every 200 rows; `should_cancel()` is asked as
    often, and a True answer raises `ExportCancelled` with nothing left behind."""
    progress = on_progress or (lambda done, total: None)
    progress(0, total)
    done = 0
    with atomic_target(path) as out:
        writer = csv.writer(out)
        writer.writerow(fields)
        for record in records:
            writer.writerow([_csv_cell(record.get(name)) for name in fields])
            done += 1
            if done % 200 == 0:
                if should_cancel is not None and should_cancel():
                    raise ExportCancelled("The export was cancelled; no file was written.")
                progress(done, max(total, done))
    progress(done, max(total, done))
    return done
