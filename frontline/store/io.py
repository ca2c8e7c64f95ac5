"""Import and export of observations as CSV or JSON Lines (chosen by the file's extension).

Field names and formats are documented in docs/observation.md. On import, bad rows are
reported with their line numbers and the good rows still land, each queued for the server
like any other save. Customer personal data in a row's free text is replaced by
placeholders (counted in `ImportReport.redacted`) or, under the organisation's "block"
policy, the row is refused with its line number (`frontline.store.privacy`). Export
streams rows, so 200k observations never sit in memory at once.
"""

from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import IO, Any

from sqlite_utils import Database

from frontline.core import taxonomy
from frontline.core.csvsafe import csv_cell as _csv_cell  # moved to core
from frontline.core.csvsafe import uncell as _uncell
from frontline.core.errors import FrontlineError, KnownError, ValidationError
from frontline.core.ids import format_time, new_id, parse_time, utc_now
from frontline.core.model import Observation
from frontline.store.db import store_errors, write_transaction
from frontline.store.observations import (
    FIELDS,
    TEXT_COLUMNS,
    get_observation,
    save_observation_reporting,
    to_payload,
)
from frontline.store.privacy import PersonalDataError, enforce_in

Progress = Callable[[int, int], None]

CSV_SUFFIXES = frozenset({".csv"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
BATCH = 500
#: Fields that may be empty (None): those `Observation` types as `... | None`.
NULLABLE = frozenset(f.name for f in fields(Observation) if str(f.type).endswith("| None"))
BOOLEANS = frozenset({"switch_risk", "anonymous"})
_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0", ""})
_CHOICES = {"kind": taxonomy.KINDS, "channel": taxonomy.CHANNELS,
            "customer_type": taxonomy.CUSTOMER_TYPES}


class DataFileError(KnownError):
    """The import or export file cannot be used (missing, unreadable, wrong format)."""


@dataclass
class ImportReport:
    """What an import did: how many observations landed, and each rejected row's line number
    with a message saying what to fix."""

    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    unchanged: int = 0  # rows identical to an observation already here (e.g. imported twice)
    #: rows stored with customer personal data replaced by placeholders (policy "redact")
    redacted: int = 0


class _RowError(Exception):
    """A row that cannot be imported, with the reason."""


class _Note(_RowError):
    """A remark about the file (e.g. ignored columns) that is not a row of its own."""


def import_file(db: Database, path: Path, *, on_progress: Progress | None = None) -> ImportReport:
    """Import observations from a .csv or .jsonl file into the local store."""
    path = Path(path)
    reader = _reader_for(path)
    total = sum(1 for _ in _records(path, reader, counting=True))
    report = ImportReport()
    progress = on_progress or (lambda done, total: None)
    progress(0, total)
    done = 0
    records = _records(path, reader, counting=False)
    while True:
        batch = [item for _, item in zip(range(BATCH), records, strict=False)]
        if not batch:
            break
        _import_batch(db, batch, report)
        done += sum(1 for _, item in batch if not isinstance(item, _Note))
        progress(done, total)
    report.errors.sort(key=lambda e: e[0])
    return report


@store_errors
def _import_batch(db: Database, batch: list[tuple[int, Any]], report: ImportReport) -> None:
    with write_transaction(db):  # one commit per batch; each row in its own savepoint
        for line, record in batch:
            if isinstance(record, _RowError):
                report.errors.append((line, str(record)))
                continue
            try:
                obs = _observation(record)
                if _already_there(db, obs):
                    report.unchanged += 1
                    continue
                _saved, enforced = save_observation_reporting(db, obs)
            except _RowError as error:
                report.errors.append((line, str(error)))
            except PersonalDataError as error:  # policy "block": this row, not the file
                report.errors.append((line, str(error)))
            except ValidationError as error:
                report.errors.append((line, " ".join(e.message for e in error.errors)))
            except FrontlineError as error:
                if isinstance(error, KnownError):
                    raise
                report.errors.append((line, str(error)))
            else:
                report.imported += 1
                report.redacted += int(enforced.changed)


def _already_there(db: Database, obs: Observation) -> bool:
    """True if an observation with this id is stored with the same content (all fields but
    `updated_at`), so importing it again would change nothing and queue nothing."""
    listed = get_observation(db, obs.id)
    if listed is None:
        return False
    try:
        incoming = replace(obs.cleaned(), observed_at=format_time(parse_time(obs.observed_at)))
    except ValueError:
        return False  # the save reports what is wrong with it
    # compared as it would be stored (personal data replaced), so that a file imported
    # twice changes nothing; under "block" this raises, and the row is reported
    texts: dict[str, Any] = dict(enforce_in(
        db, {n: getattr(incoming, n) for n in TEXT_COLUMNS}).fields)
    incoming = replace(incoming, **texts)
    stored = to_payload(listed.observation)
    fresh = to_payload(incoming)
    return all(stored[k] == fresh[k] for k in FIELDS if k != "updated_at")


def export_file(db: Database, path: Path, *, on_progress: Progress | None = None) -> int:
    """Write every local observation to a .csv or .jsonl file (oldest first); returns how
    many. The file appears complete or not at all (written beside it, then renamed)."""
    path = Path(path)
    writer = _writer_for(path)
    total: int = db.execute("SELECT count(*) FROM observations").fetchone()[0]
    progress = on_progress or (lambda done, total: None)
    progress(0, total)
    temporary = path.with_name(f".{path.name}.partial")
    done = 0
    try:
        with open(temporary, "w", encoding="utf-8-sig" if writer is _write_csv else "utf-8",
                  newline="") as out:
            for done in writer(db, out):
                if done % 1000 == 0:
                    progress(done, total)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise DataFileError(f"Cannot write {path}: {error.strerror}. Choose another folder "
                            "or free some space.") from error
    progress(done, total)
    return done


def _rows(db: Database) -> Iterator[dict[str, Any]]:
    cursor = db.execute(f"SELECT {', '.join(FIELDS)} FROM observations "
                        "ORDER BY observed_at, rowid")
    while chunk := cursor.fetchmany(200):
        for row in chunk:
            values = dict(zip(FIELDS, row, strict=True))
            for name in BOOLEANS:
                values[name] = bool(values[name])
            yield values


def _write_csv(db: Database, out: IO[str]) -> Iterator[int]:
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for n, values in enumerate(_rows(db), start=1):
        writer.writerow([_csv_cell(v) for v in values.values()])
        yield n


def _write_jsonl(db: Database, out: IO[str]) -> Iterator[int]:
    for n, values in enumerate(_rows(db), start=1):
        out.write(json.dumps(values, ensure_ascii=False) + "\n")
        yield n


def _writer_for(path: Path) -> Callable[[Database, IO[str]], Iterator[int]]:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _write_csv
    if suffix in JSONL_SUFFIXES:
        return _write_jsonl
    raise DataFileError(f"Frontline exports to .csv or .jsonl files; “{path.name}” is neither. "
                        "Name the file with one of those extensions.")


def _reader_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | JSONL_SUFFIXES:
        raise DataFileError(f"Frontline imports .csv and .jsonl (JSON Lines) files; "
                            f"“{path.name}” is neither. Save it as CSV UTF-8 or JSON Lines.")
    if not path.is_file():
        raise DataFileError(f"There is no file {path}. Check the name and folder.")
    return "csv" if suffix in CSV_SUFFIXES else "jsonl"


def _records(path: Path, kind: str, *, counting: bool) -> Iterator[tuple[int, Any]]:
    """(line number, record dict or _RowError) for each record of the file."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            yield from (_csv_records(handle, counting) if kind == "csv"
                        else _jsonl_records(handle, counting))
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path.name} is not UTF-8 text. In Excel, save it as "
                            "“CSV UTF-8”; elsewhere choose UTF-8 encoding.") from error
    except OSError as error:
        raise DataFileError(f"Cannot read {path}: {error.strerror}.") from error


def _csv_records(handle: IO[str], counting: bool) -> Iterator[tuple[int, Any]]:
    first = handle.readline()
    handle.seek(0)
    delimiter = max(",;\t", key=first.count)  # Excel writes ";" in some locales
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return
    unknown = [name for name in header if name and name not in FIELDS]
    if unknown and not counting:
        yield 1, _Note(f"Column(s) {', '.join(unknown)} are not Frontline fields and were "
                           f"ignored. Known fields: {', '.join(FIELDS)}.")
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = reader.line_num
            yield start, _RowError(f"This row cannot be read as CSV ({error}).")
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if counting:
            yield start, None
        elif len(row) > len(header):
            yield start, _RowError(f"This row has {len(row)} values but the header names "
                                   f"{len(header)} columns; check for a missing quote.")
        else:
            yield start, {name: _uncell(value) for name, value in zip(header, row, strict=False)
                          if name in FIELDS}


def _jsonl_records(handle: IO[str], counting: bool) -> Iterator[tuple[int, Any]]:
    unknown_seen: set[str] = set()
    for number, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        if counting:
            yield number, None
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            yield number, _RowError(f"This line is not valid JSON ({error.msg}, column "
                                    f"{error.colno}).")
            continue
        if not isinstance(record, dict):
            yield number, _RowError("Each line must be one JSON object, like "
                                    '{"kind": "idea", "summary": "…"}.')
            continue
        unknown = sorted(set(record) - set(FIELDS) - unknown_seen)
        if unknown:
            unknown_seen.update(unknown)
            yield number, _Note(f"Field(s) {', '.join(unknown)} are not Frontline fields "
                                    "and were ignored; the rest of the line was imported.")
        yield number, {k: v for k, v in record.items() if k in FIELDS}


def _observation(record: Mapping[str, Any]) -> Observation:
    """Build an observation from imported values, converting as documented."""
    values: dict[str, Any] = {}
    for name, raw in record.items():
        if name == "updated_at":
            continue  # set by the save
        values[name] = _convert(name, raw)
    values["id"] = _valid_id(values.get("id"))
    values["observed_at"] = _time(values.get("observed_at"))
    for name in ("kind", "summary"):
        if not values.get(name):
            label = "Kind (pain_point, praise or idea)" if name == "kind" else "Summary"
            raise _RowError(f"{label} is missing; it is required.")
    return Observation(**values)


def _convert(name: str, raw: Any) -> Any:
    if isinstance(raw, str):
        raw = raw.strip()
    if name in BOOLEANS:
        if isinstance(raw, bool) or raw in (0, 1):
            return bool(raw)
        text = str(raw).lower() if raw is not None else ""
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise _RowError(f"{name} must be true or false, not “{raw}”.")
    if name == "severity":
        if raw in ("", None):
            return None
        if isinstance(raw, bool) or not str(raw).isdigit():
            raise _RowError(f"Severity must be a whole number from 1 to 5, not “{raw}”.")
        return int(raw)
    if raw is None:
        return None if name in NULLABLE else ""
    if not isinstance(raw, str):
        raise _RowError(f"{name} must be text, not {json.dumps(raw)}.")
    if name in NULLABLE and raw == "":
        return None
    if name in _CHOICES:
        return _code(raw, _CHOICES[name])
    return raw


def _code(raw: str, choices: tuple[taxonomy.Choice, ...]) -> str:
    """Accept a code or its English label, in any case ("Pain point" → pain_point)."""
    wanted = raw.casefold()
    for choice in choices:
        if wanted in (choice.code.casefold(), choice.label.casefold()):
            return choice.code
    return raw  # validation names the field and says what is allowed


def _valid_id(raw: Any) -> str:
    """The given id if it is a valid UUID (kept, so re-importing updates), else a new one."""
    try:
        return str(uuid.UUID(str(raw))) if raw else new_id()
    except ValueError:
        return new_id()


def _time(raw: Any) -> str:
    if not raw:
        return utc_now()
    try:
        return format_time(parse_time(str(raw)))
    except ValueError as error:
        raise _RowError(f"observed_at “{raw}” is not a date and time; write it like "
                        "2026-11-23T14:05:00Z.") from error
