"""Frontline's benchmarks: measured side by side with a baseline in the same run.

    .venv/bin/python tests/bench/run.py [--only NAME ...] [--quick] [--no-write]

Each `tests/bench/bench_<name>.py` module has `run(ctx) -> list[Row]`. The script prints
a table and rewrites `docs/benchmarks.md` with the date, the machine and the versions.
These are never timed assertions in the test suite (pytest does not collect this folder's
files: none is named test_*.py).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    """One measured figure, with its same-run baseline and the brief's target."""

    what: str
    measured: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""


@dataclass
class Context:
    quick: bool
    workdir: Path
    notes: list[str] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def versions() -> str:
    import sqlite3

    parts = [f"Python {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("PySide6-Essentials", "sqlite-utils", "fastapi", "uvicorn", "SQLAlchemy",
                 "psycopg", "requests", "pyinstaller"):
        try:
            parts.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            pass
    try:
        import subprocess

        pg = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=5)
        if pg.returncode == 0:
            parts.append(pg.stdout.strip().replace("psql (PostgreSQL) ", "PostgreSQL "))
    except (OSError, subprocess.SubprocessError):
        pass
    return ", ".join(parts)


def render(results: dict[str, dict[str, object]]) -> str:
    """docs/benchmarks.md from the stored results (each section keeps when and where it ran)."""
    out = [
        "# Benchmarks",
        "",
        "Written by `.venv/bin/python tests/bench/run.py` (`--only NAME` re-runs one section and",
        "keeps the others; raw figures in `docs/benchmarks.json`). Every baseline is measured in",
        "the same run as the figure beside it, on the same machine. Targets are the brief's.",
        "",
    ]
    for title, section in results.items():
        out += [f"## {title}", "",
                f"Measured {section['date']} on {section['machine']}; {section['versions']}.", "",
                "| what | measured | baseline (same run) | ratio | target | verdict |",
                "|---|---|---|---|---|---|"]
        for r in section["rows"]:  # type: ignore[attr-defined]
            out.append("| " + " | ".join(str(r[k]) for k in
                       ("what", "measured", "baseline", "ratio", "target", "verdict")) + " |")
        notes = section.get("notes") or []
        if notes:
            out += [""] + [f"- {n}" for n in notes]  # type: ignore[union-attr]
        out.append("")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="run only these bench_<name> modules")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions and rows (a smoke run)")
    parser.add_argument("--no-write", action="store_true",
                        help="print only; leave docs/benchmarks.md")
    args = parser.parse_args()
    names = sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n in args.only]
    store_path = ROOT / "docs" / "benchmarks.json"
    results: dict[str, dict[str, object]] = {}
    if store_path.exists():
        results = json.loads(store_path.read_text())
    for name in names:
        with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
            ctx = Context(quick=args.quick, workdir=Path(tmp))
            module = importlib.import_module(f"tests.bench.bench_{name}")
            title = getattr(module, "TITLE", name)
            print(f"== {title}", flush=True)
            rows = module.run(ctx)
            for r in rows:
                print(f"  {r.what:<60} {r.measured:>14} {r.baseline:>14} {r.ratio:>8} "
                      f"{r.target:>12} {r.verdict}", flush=True)
            results[title] = {
                "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "machine": machine(),
                "versions": versions(),
                "quick": args.quick,
                "rows": [asdict(r) for r in rows],
                "notes": ctx.notes,
            }
    if not args.no_write:
        store_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        (ROOT / "docs" / "benchmarks.md").write_text(render(results))
        print(f"wrote {ROOT / 'docs' / 'benchmarks.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
