"""The PyInstaller bundle: its size on disk, and its cold start to a ready capture form
beside a bare PySide6 window and the app run from source, in the same run.

Measures `dist/frontline/` (built by `installer/build.sh`; built here first if missing).
"Ready" is detected as in bench_capture: the app prints READY once the capture form is
shown and takes typing (FRONTLINE_BENCH_EXIT_WHEN_READY), offscreen. Budgets:
docs/packaging.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from tests.bench.bench_capture import BARE_WINDOW
from tests.bench.run import ROOT, Context, Row, ms, percentile

TITLE = "Packaging: bundle size and start"

BUNDLE = ROOT / "dist" / "frontline"
SIZE_BUDGET_MB = 250
VS_BARE_TARGET = 1.3      # the brief's cold-start target, bundled as from source
VS_SOURCE_BUDGET = 1.5    # the bundle may not start much slower than the app from source


def _time_to_ready(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Wall time from launch to READY, and the CPU time the process had used by then (None
    where /proc is missing). The same measure as bench_capture."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            try:
                fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
                cpu: float | None = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                cpu = None
            break
    else:
        raise RuntimeError(f"{cmd} exited without READY")
    proc.wait(timeout=30)
    return elapsed, cpu


def _size_mb(folder: Path) -> float:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_blocks * 512  # on disk, as `du` counts it
    return total / 1e6


def _ensure_bundle(ctx: Context) -> None:
    if (BUNDLE / "frontline").exists():
        age_h = (time.time() - (BUNDLE / "frontline").stat().st_mtime) / 3600
        ctx.notes.append(f"bundle built {age_h:.1f} h before this run (installer/build.sh)")
        return
    t0 = time.perf_counter()
    subprocess.run(["bash", str(ROOT / "installer" / "build.sh")], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    ctx.notes.append(f"bundle built for this run in {time.perf_counter() - t0:.0f} s")


def size(ctx: Context) -> list[Row]:
    mb = _size_mb(BUNDLE)
    archive = ctx.workdir / "frontline.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname="frontline")
    gz = archive.stat().st_size / 1e6
    return [
        Row("bundle size on disk (dist/frontline/)", f"{mb:.0f} MB", "", "",
            f"≤ {SIZE_BUDGET_MB} MB", "met" if mb <= SIZE_BUDGET_MB else "missed"),
        Row("bundle as a .tar.gz (the download)", f"{gz:.0f} MB"),
    ]


def cold_start(ctx: Context) -> list[Row]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FRONTLINE_BENCH_EXIT_WHEN_READY="1",
               FRONTLINE_MACHINE_CONFIG=str(ctx.workdir / "no-preset.toml"))
    # From compiled bytecode, as installed (bench_capture does the same): the bundle holds
    # bytecode; the source runs write theirs to the benchmark's own folder on the first run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ctx.workdir / "pycache")
    commands = {
        "bare": [sys.executable, "-c", BARE_WINDOW],
        "source": [sys.executable, "-m", "frontline", "--data-dir", str(ctx.workdir / "source")],
        "bundled": [str(BUNDLE / "frontline"), "--data-dir", str(ctx.workdir / "bundled")],
    }
    for cmd in commands.values():  # first runs create the databases and write bytecode
        _time_to_ready(cmd, env)
    runs = 3 if ctx.quick else 10
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so all three see the same machine load
        for name, cmd in commands.items():
            w, c = _time_to_ready(cmd, env)
            wall[name].append(w)
            cpu[name] += [c] if c is not None else []
    b, s, o = (percentile(wall[n], 50) for n in ("bare", "source", "bundled"))
    if all(cpu.values()):
        bc, sc, oc = (percentile(cpu[n], 50) for n in ("bare", "source", "bundled"))
        ctx.notes.append(f"CPU time used by READY (median): bundled {ms(oc)}, from source "
                         f"{ms(sc)}, bare window {ms(bc)} (bundled ÷ bare {oc / bc:.2f}×, "
                         f"÷ source {oc / sc:.2f}×)")
    return [
        Row(f"bundled app: cold start to a ready capture form (median of {runs})", ms(o),
            f"bare PySide6 window {ms(b)}", f"{o / b:.2f}×", f"≤ {VS_BARE_TARGET}×",
            "met" if o / b <= VS_BARE_TARGET else "missed"),
        Row(f"bundled app vs the app from source (median of {runs})", ms(o),
            f"from source {ms(s)}", f"{o / s:.2f}×", f"≤ {VS_SOURCE_BUDGET}×",
            "met" if o / s <= VS_SOURCE_BUDGET else "missed"),
    ]


def run(ctx: Context) -> list[Row]:
    try:
        _ensure_bundle(ctx)
    except (OSError, subprocess.CalledProcessError) as error:
        return [Row("bundle", "not measured",
                    verdict=f"error: installer/build.sh failed ({error})")]
    rows = []
    for part in (size, cold_start):
        try:
            rows += part(ctx)
        except Exception as error:  # noqa: BLE001 - report and go on with the other figures
            rows.append(Row(part.__name__, "not measured", verdict=f"error: {error}"))
    return rows
