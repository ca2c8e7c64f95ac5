"""`frontline-server themes discover` (a file in, a file out, no database) and
`frontline-server themes run` (the organisation's stored themes, for cron).

    frontline-server themes discover --jsonl IN.jsonl --out OUT.jsonl [--summary S.json]
    frontline-server themes run [--days N] [--org ID] [--json]

Reads lines `{"id": ..., "text": ...}` and writes one line per input, in the input's
order, `{"id": ..., "theme": "<label>"}`; `"theme": null` for a note with nothing to
group on (empty, only emoji or digits, a script the stemmers do not know). Notes that
fit no theme get `"other"`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_arguments(sub: Any) -> None:
    """Register `themes discover` on the server CLI's subparsers."""
    themes = sub.add_parser("themes", help="theme discovery over observation texts")
    actions = themes.add_subparsers(dest="action", required=True)
    p = actions.add_parser(
        "discover", help="group the notes of a JSON-lines file into themes (no database)",
        description="group the notes of a JSON-lines file into themes (no database)")
    p.add_argument("--jsonl", type=Path, required=True,
                   help='input: one {"id": ..., "text": ...} per line')
    p.add_argument("--out", type=Path, required=True,
                   help='output: one {"id": ..., "theme": ...} per input line')
    p.add_argument("--summary", type=Path, default=None,
                   help="also write the themes (label, size, terms, a typical note) as JSON")
    p = actions.add_parser(
        "run", help="discover the organisation's themes and store them for Insights",
        description="discover the themes of the organisation's observations of the last "
                    "--days days and store them in place of the previous run's")
    p.add_argument("--days", type=int, default=90, help="how far back to read (default 90)")
    p.add_argument("--org", default=None,
                   help="organisation id (needed only when there are several)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def run_stored(conn: Any, settings: Any, args: argparse.Namespace) -> dict[str, Any]:
    """`themes run` in the server CLI's write transaction."""
    from datetime import UTC, datetime

    from frontline.server.admin import AdminError, only_org
    from frontline.server.themes.store import run_themes

    if args.days < 1:
        raise AdminError("--days must be 1 or more.")
    result = run_themes(conn, only_org(conn, args.org), now=datetime.now(UTC), days=args.days)
    result["text"] = (f"{result['observations']} observations since {result['since']}: "
                      f"{result['themes']} themes, {result['assigned']} observations in one.")
    return result


def read_notes(path: Path) -> list[tuple[Any, str | None]]:
    """(id, text) of each non-blank line of a JSON-lines file."""
    notes: list[tuple[Any, str | None]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from error
            if not isinstance(row, dict) or "id" not in row:
                raise ValueError(f'{path}:{number}: expected an object with "id" and "text"')
            text = row.get("text")
            notes.append((row["id"], text if isinstance(text, str) else None))
    return notes


def run(args: argparse.Namespace) -> int:
    """Run `themes discover`; 0 done, 1 the input cannot be read."""
    from frontline.server.themes.cluster import discover

    try:
        notes = read_notes(args.jsonl)
    except (OSError, ValueError) as error:
        print(f"frontline-server: {error}", file=sys.stderr)
        return 1
    result = discover([text for _, text in notes])
    with args.out.open("w", encoding="utf-8") as out:
        for (note_id, _), label in zip(notes, result.labels, strict=True):
            out.write(json.dumps({"id": note_id, "theme": label}, ensure_ascii=False) + "\n")
    if args.summary is not None:
        summary = [{"theme": t.label, "size": t.size, "terms": t.terms, "language": t.language,
                    "typical": {"id": notes[t.representative][0],
                                "text": notes[t.representative][1]}}
                   for t in result.themes]
        args.summary.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    assigned = sum(1 for label in result.labels if label is not None)
    print(f"{len(notes)} notes, {len(result.themes)} themes, {assigned} assigned "
          f"({sum(1 for label in result.labels if label == 'other')} other).", file=sys.stderr)
    return 0
