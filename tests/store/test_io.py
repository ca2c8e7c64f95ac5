"""Import and export: CSV and JSON Lines, bad rows reported by line while good rows land."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from frontline.cli import main
from frontline.core.model import Observation
from frontline.store import outbox
from frontline.store.db import Store
from frontline.store.io import DataFileError, export_file, import_file
from frontline.store.observations import (
    FIELDS,
    ObservationQuery,
    fetch_rows,
    get_observation,
    query_rowids,
    save_observation,
)
from tests.helpers.store import make

NOTES = [
    make("Till queue too long", details="Only one till open.\nSecond line, with \"quotes\"",
         severity=4, switch_risk=True, category="queue_wait", author_id="u1"),
    make("Great help from Ana", kind="praise", customer_words="Sie war großartig 😍",
         channel="phone", anonymous=True),
    make("Offer a delivery slot by SMS", kind="idea", suggestion="اقتراح: رسالة نصية",
         customer_type="prospect", customer_segment="loyalty member"),
]


def _all(db: Database) -> list[Observation]:
    rows = fetch_rows(db, query_rowids(db, ObservationQuery(descending=False)))
    return [row.observation for row in rows]


@pytest.mark.parametrize("name", ["notes.csv", "notes.jsonl", "NOTES.CSV", "notes.ndjson"])
def test_export_then_import_round_trips_every_field(tmp_path: Path, name: str) -> None:
    source = Store.open(tmp_path / "a").connection()
    for note in NOTES:
        save_observation(source, note)
    progress: list[tuple[int, int]] = []
    assert export_file(source, tmp_path / name, on_progress=lambda d, t: progress.append((d,
                                                                                          t))) == 3
    assert progress[0] == (0, 3) and progress[-1] == (3, 3)

    target = Store.open(tmp_path / "b").connection()
    report = import_file(target, tmp_path / name)
    assert (report.imported, report.errors) == (3, [])
    strip = {"updated_at"}
    got = {o.id: {k: v for k, v in o.to_dict().items() if k not in strip} for o in _all(target)}
    want = {o.id: {k: v for k, v in o.to_dict().items() if k not in strip} for o in _all(source)}
    assert got == want
    assert outbox.count(target) == 3  # imported rows are queued like any save


def test_csv_export_has_the_documented_header_and_opens_in_excel(tmp_path: Path) -> None:
    db = Store.open(tmp_path / "d").connection()
    save_observation(db, NOTES[0])
    export_file(db, tmp_path / "out.csv")
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(FIELDS)
    assert rows[0]["switch_risk"] == "true" and rows[0]["severity"] == "4"
    assert rows[0]["store_id"] == ""


def test_bad_csv_rows_are_reported_by_line_and_good_rows_land(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "kind,summary,details,severity,switch_risk,channel,observed_at\n"     # 1
        "pain_point,Queue too long,,3,yes,In store,2026-11-02T10:00:00Z\n"    # 2
        "praise,,,,,,\n"                                                       # 3 no summary
        'idea,"Two-line\n'                                                     # 4 one record
        'idea","multi\n'                                                       # 5 over three
        'line details",2,no,phone,\n'                                          # 6 lines
        "pain_point,Severity wrong,,eleven,,,\n"                               # 7
        "complaint,Unknown kind,,,,,\n"                                        # 8
        "\n"                                                                   # 9 blank
        "Pain point,Label instead of code,,,,Phone,2026-11-02 09:15\n"         # 10
        "pain_point,Bad time,,,,,yesterday\n"                                  # 11
        f"pain_point,{'x' * 250},,,,,\n",                                      # 12 too long
        encoding="utf-8",
    )
    report = import_file(db, path)
    assert report.imported == 3
    lines = [line for line, _ in report.errors]
    assert lines == [3, 7, 8, 11, 12]
    messages = dict(report.errors)
    assert "Summary is missing" in messages[3]
    assert "Severity must be a whole number" in messages[7]
    assert "pain point, praise or an idea" in messages[8]
    assert "2026-11-23T14:05:00Z" in messages[11]
    assert "the limit is 200" in messages[12]
    summaries = {o.summary: o for o in _all(db)}
    assert summaries["Two-line\nidea"].details == "multi\nline details"
    assert summaries["Queue too long"].switch_risk is True
    assert summaries["Label instead of code"].channel == "phone"
    assert summaries["Label instead of code"].observed_at == "2026-11-02T09:15:00.000Z"


def test_semicolon_csv_from_excel_and_unknown_columns_are_reported(
    tmp_path: Path, db: Database
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffkind;summary;colour\nidea;Sell umbrellas at the door;red\n"
                     .encode("utf-8"))
    report = import_file(db, path)
    assert report.imported == 1
    [(line, message)] = report.errors
    assert line == 1 and "colour" in message and "ignored" in message


def test_bad_json_lines_are_reported_and_good_ones_land(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "in.jsonl"
    good = {"kind": "praise", "summary": "Helpful driver 🚚", "severity": None}
    path.write_text("\n".join([
        json.dumps(good, ensure_ascii=False),                   # 1
        "{not json",                                            # 2
        json.dumps(["a", "list"]),                              # 3
        json.dumps({"kind": "idea", "summary": 42}),            # 4
        "",                                                     # 5 blank
        json.dumps({"kind": "idea", "summary": "Fine", "mood": "happy"}),  # 6 unknown field
        json.dumps({"kind": "idea", "summary": "Bool", "severity": True}),  # 7
    ]) + "\n", encoding="utf-8")
    report = import_file(db, path)
    assert report.imported == 2
    assert [line for line, _ in report.errors] == [2, 3, 4, 6, 7]
    assert "not valid JSON" in dict(report.errors)[2]
    assert "mood" in dict(report.errors)[6]


def test_valid_ids_are_kept_and_invalid_ones_replaced(tmp_path: Path, db: Database) -> None:
    kept = "01a20a00-0000-7000-8000-000000000001"
    path = tmp_path / "ids.jsonl"
    path.write_text(
        json.dumps({"id": kept.upper(), "kind": "idea", "summary": "Keep my id"}) + "\n"
        + json.dumps({"id": "not-a-uuid", "kind": "idea", "summary": "New id"}) + "\n",
        encoding="utf-8",
    )
    assert import_file(db, path).imported == 2
    assert get_observation(db, kept) is not None
    ids = {o.id for o in _all(db)}
    assert len(ids) == 2 and "not-a-uuid" not in ids
    # importing the same file again updates instead of duplicating the kept id
    import_file(db, path)
    assert len(_all(db)) == 3


def test_import_reports_progress_up_to_the_total(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"kind": "idea", "summary": f"Idea {n}"}) + "\n"
                            for n in range(1203)), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    report = import_file(db, path, on_progress=lambda d, t: calls.append((d, t)))
    assert report.imported == 1203
    assert calls[0] == (0, 1203) and calls[-1] == (1203, 1203)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_export_streams_large_stores(tmp_path: Path, db: Database) -> None:
    import tracemalloc

    with db.atomic():  # 10,000 rows of 4,000 characters, written straight in SQL for speed
        db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
            "INSERT INTO observations (id, observed_at, kind, summary, details, channel, "
            "customer_type, updated_at) SELECT printf('id-%05d', i), "
            "'2026-11-01T00:00:00.000Z', 'idea', 'Idea ' || i, printf('%.4000c', 'd'), "
            "'phone', 'unknown', '2026-11-01T00:00:00.000Z' FROM n")
    tracemalloc.start()
    try:
        assert export_file(db, tmp_path / "out.jsonl") == 10_000
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (tmp_path / "out.jsonl").stat().st_size > 40_000_000
    assert peak < 4_000_000  # a tenth of what was written: rows are not all held at once


@pytest.mark.parametrize("name", ["notes.xlsx", "notes.json", "notes"])
def test_unsupported_file_types_get_a_clear_message(tmp_path: Path, db: Database,
                                                     name: str) -> None:
    (tmp_path / name).write_text("{}", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\.csv"):
        import_file(db, tmp_path / name)
    with pytest.raises(DataFileError, match=r"\.csv"):
        export_file(db, tmp_path / name)


def test_missing_or_non_utf8_files_get_a_clear_message(tmp_path: Path, db: Database) -> None:
    with pytest.raises(DataFileError, match="There is no file"):
        import_file(db, tmp_path / "absent.csv")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("kind,summary\nidea,Caf\xe9 needs seats\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="UTF-8"):
        import_file(db, latin)
    assert _all(db) == []


def test_cli_import_and_export_work_end_to_end(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    source = tmp_path / "in.csv"
    source.write_text("kind,summary\nidea,Self-checkout needs a bag hook\nidea,\n",
                      encoding="utf-8")
    assert main(["import", str(source), "--data-dir", str(data)]) == 1
    out = capsys.readouterr()
    assert "Imported 1 observation(s); 1 row(s) rejected." in out.out
    assert f"{source}:3: Summary is missing" in out.err

    target = tmp_path / "out.jsonl"
    assert main(["export", str(target), "--data-dir", str(data)]) == 0
    assert "Exported 1 observation(s)" in capsys.readouterr().out
    [line] = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["summary"] == "Self-checkout needs a bag hook"

    assert main(["import", str(target), "--data-dir", str(data)]) == 0
    assert ("Imported 0 observation(s); 1 already here unchanged; 0 row(s) rejected."
            in capsys.readouterr().out)


def test_cli_import_of_an_unsupported_file_says_why(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"PK")
    assert main(["import", str(tmp_path / "x.xlsx"), "--data-dir", str(tmp_path / "d")]) == 2
    assert "frontline: Frontline imports .csv and .jsonl" in capsys.readouterr().err


def test_csv_export_defuses_spreadsheet_formulas_and_import_restores_the_text(
    tmp_path: Path,
) -> None:
    source = Store.open(tmp_path / "a").connection()
    typed = ['=HYPERLINK("http://evil.example","Click")', "+31 said no", "-5 % off was wrong",
             "@channel asked"]
    for text in typed:
        save_observation(source, make(text, details=text))
    export_file(source, tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        cells = [row["summary"] for row in csv.DictReader(handle)]
    assert all(cell.startswith("'") for cell in cells)

    target = Store.open(tmp_path / "b").connection()
    assert import_file(target, tmp_path / "out.csv").errors == []
    assert sorted(o.summary for o in _all(target)) == sorted(typed)


def test_importing_an_export_again_changes_and_queues_nothing(tmp_path: Path) -> None:
    db = Store.open(tmp_path / "d").connection()
    for note in NOTES:
        save_observation(db, note)
    first = _all(db)[0]
    db.execute("UPDATE observations SET status = 'acknowledged' WHERE id = ?", [first.id])
    outbox.mark_applied(db, [e.id for e in outbox.pending(db)])
    export_file(db, tmp_path / "all.jsonl")

    report = import_file(db, tmp_path / "all.jsonl")
    assert (report.imported, report.unchanged, report.errors) == (0, 3, [])
    assert outbox.count(db) == 0

    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    edited = [json.loads(line) for line in lines]
    for row in edited:
        row["details"] += " (edited)"
    (tmp_path / "edited.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in edited), encoding="utf-8")
    report = import_file(db, tmp_path / "edited.jsonl")
    assert report.imported == 2  # the two still new are updated
    [(line, message)] = report.errors  # the one under review is not
    assert line == 1 and "already being reviewed" in message
