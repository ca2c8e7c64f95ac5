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
import os
import platform
import sys
import tempfile
from dataclasses import dataclass, field
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
    for name in ("PySide6", "sqlite_utils", "fastapi", "uvicorn", "sqlalchemy", "psycopg"):
        try:
            module = importlib.import_module(name)
            parts.append(f"{name} {getattr(module, '__version__', '?')}")
        except Exception:  # noqa: BLE001 - a missing optional package is just not listed
            pass
    return ", ".join(parts)


def render(sections: dict[str, list[Row]], ctx: Context) -> str:
    out = [
        "# Benchmarks",
        "",
        "Written by `.venv/bin/python tests/bench/run.py`; every figure below comes from one run,",
        "with its baseline measured in the same run on the same machine.",
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {machine()}",
        f"- versions: {versions()}",
        "",
    ]
    for title, rows in sections.items():
        out += [f"## {title}", "", "| what | measured | baseline (same run) | ratio | target | verdict |",
                "|---|---|---|---|---|---|"]
        out += [f"| {r.what} | {r.measured} | {r.baseline} | {r.ratio} | {r.target} | {r.verdict} |"
                for r in rows]
        out.append("")
    if ctx.notes:
        out += ["## Notes", ""] + [f"- {n}" for n in ctx.notes] + [""]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="run only these bench_<name> modules")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and rows (a smoke run)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md")
    args = parser.parse_args()
    names = sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n in args.only]
    sections: dict[str, list[Row]] = {}
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
        ctx = Context(quick=args.quick, workdir=Path(tmp))
        for name in names:
            module = importlib.import_module(f"tests.bench.bench_{name}")
            title = getattr(module, "TITLE", name)
            print(f"== {title}", flush=True)
            rows = module.run(ctx)
            sections[title] = rows
            for r in rows:
                print(f"  {r.what:<60} {r.measured:>14} {r.baseline:>14} {r.ratio:>8} {r.target:>12} {r.verdict}")
        text = render(sections, ctx)
    if not args.no_write:
        (ROOT / "docs" / "benchmarks.md").write_text(text)
        print(f"wrote {ROOT / 'docs' / 'benchmarks.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
