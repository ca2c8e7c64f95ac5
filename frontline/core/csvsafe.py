"""CSV cells a spreadsheet will not run: used by every CSV the product writes (the desktop's
`frontline export`, the server's `GET /v1/export`), and undone by the desktop's import."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV
# injection: a typed "=HYPERLINK(...)" would become a live link in a manager's Excel).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """`value` as a CSV cell: None empty, booleans `true`/`false`, and a text that starts
    like a formula with a `'` before it (shown as text; `uncell` removes it again)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def uncell(cell: str) -> str:
    """Undo `csv_cell`'s quote before a formula character."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


__all__ = ["FORMULA_START", "csv_cell", "uncell"]
