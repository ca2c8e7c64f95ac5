"""The kept Insights figures survive closing the file; a list's CSV appears whole or not at
all, with formulas neutralised and a clear message when the folder cannot be written."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from frontline.store.db import Store
from frontline.store.insights_cache import (
    KEEP,
    forget_figures,
    latest_figures,
    load_figures,
    save_figures,
)
from frontline.store.io import DataFileError
from frontline.store.list_export import ExportCancelled, write_csv


def test_figures_are_kept_per_person_and_filter_set_across_a_restart(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    db = store.connection()
    save_figures(db, "k1", "u1", {"total": 5}, fetched_at="2026-12-01T10:00:00.000Z")
    save_figures(db, "k1", "u1", {"total": 7}, fetched_at="2026-12-01T11:00:00.000Z")
    save_figures(db, "k2", "u2", {"total": 9}, fetched_at="2026-12-01T12:00:00.000Z")
    store.close()

    store = Store.open(tmp_path)  # the app started again
    db = store.connection()
    kept = load_figures(db, "k1", "u1")
    assert kept is not None and kept.doc == {"total": 7}
    assert kept.fetched_at == "2026-12-01T11:00:00.000Z"
    assert load_figures(db, "k1", "u2") is None  # another reviewer's scope is not shown
    latest = latest_figures(db, "u1")
    assert latest is not None and latest.doc == {"total": 7}
    for n in range(KEEP + 5):
        save_figures(db, f"many{n}", "u1", {"n": n}, fetched_at=f"2026-12-02T10:{n:02d}:00.000Z")
    assert db.execute("SELECT count(*) FROM insights_cache WHERE user_id='u1'").fetchone()[0] \
        == KEEP
    assert forget_figures(db, "u2") == 1
    store.close()


ROWS = [{"id": "a", "summary": "=HYPERLINK(\"http://evil\")", "details": "+1 -2",
         "customer_words": "@me", "kind": "idea"},
        {"id": "b", "summary": "-minus", "details": "fine", "customer_words": "", "kind": "praise"}]


def test_a_list_csv_neutralises_formulas_and_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    seen: list[tuple[int, int]] = []
    assert write_csv(out, ("id", "summary", "details", "customer_words", "kind"), ROWS,
                     total=2, on_progress=lambda d, t: seen.append((d, t))) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert rows[0]["summary"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["details"] == "'+1 -2" and rows[0]["customer_words"] == "'@me"
    assert rows[1]["summary"] == "'-minus" and rows[1]["details"] == "fine"
    assert seen[-1] == (2, 2)
    assert [p.name for p in tmp_path.iterdir()] == ["list.csv"]


def test_a_cancelled_export_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "big.csv"
    many = ({"id": str(n)} for n in range(5000))
    with pytest.raises(ExportCancelled):
        write_csv(out, ("id",), many, total=5000, should_cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DataFileError, match="choose another folder"):
            write_csv(folder / "x.csv", ("id",), ROWS)
    finally:
        folder.chmod(0o700)


def test_a_missing_folder_and_a_full_disk_say_what_to_do(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        write_csv(tmp_path / "nowhere" / "x.csv", ("id",), ROWS)
    import errno

    real_replace = os.replace

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(DataFileError, match="disk is full"):
        write_csv(tmp_path / "x.csv", ("id",), ROWS)
    monkeypatch.setattr(os, "replace", real_replace)
    assert list(tmp_path.iterdir()) == []
