"""Theme discovery at scale: 10,000 and 100,000 notes, time and peak memory (issue 14).

Synthetic notes recombine the dev set's notes (tests/data/themes/dev) with noise: a second
note's clause of the same theme appended, typos (a letter dropped or doubled), a few
words shuffled in from any note. Each size runs in a fresh process so that its peak
resident memory (`ru_maxrss`) is its own.

    .venv/bin/python tests/bench/bench_themes.py [N ...]   # prints one JSON line per N
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEV = ROOT / "tests" / "data" / "themes" / "dev" / "notes.jsonl"

TITLE = "Server: theme discovery (issue 14)"


def synthetic_notes(n: int, seed: int = 7) -> list[str]:
    """`n` notes recombined from the dev set with noise."""
    return [text for text, _ in labelled_synthetic_notes(n, seed)]


def labelled_synthetic_notes(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """`n` (note, dev theme it was made from) pairs."""
    rng = random.Random(seed)
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    by_theme: dict[str, list[str]] = {}
    for row in rows:
        by_theme.setdefault(row["theme"], []).append(row["text"])
    vocabulary = [w for row in rows for w in row["text"].split()]
    out: list[tuple[str, str]] = []
    for _ in range(n):
        row = rng.choice(rows)
        words = row["text"].split()
        if rng.random() < 0.4:
            other = rng.choice(by_theme[row["theme"]]).split()
            words += other[rng.randrange(len(other)):]
        for _ in range(rng.randrange(3)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
        for i, word in enumerate(words):
            if len(word) > 4 and rng.random() < 0.08:
                j = rng.randrange(len(word))
                dropped, doubled = word[:j] + word[j + 1:], word[:j] + word[j] + word[j:]
                words[i] = dropped if rng.random() < 0.5 else doubled
        out.append((" ".join(words), row["theme"]))
    return out


def measure(n: int) -> dict[str, float]:
    """Group `n` synthetic notes in this process; seconds and peak memory."""
    import resource

    from sklearn.metrics import normalized_mutual_info_score

    from frontline.server.themes.cluster import discover

    labelled = labelled_synthetic_notes(n)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = discover([text for text, _ in labelled])
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()  # the baseline: plain TF-IDF of the same notes, no grouping
    TfidfVectorizer(sublinear_tf=True).fit_transform([text for text, _ in labelled])
    baseline = time.perf_counter() - start
    nmi = normalized_mutual_info_score([theme for _, theme in labelled],
                                       [str(label) for label in result.labels])
    return {"n": n, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_mb": round(peak_mb),
            "tfidf_seconds": round(baseline, 2),
            "themes": len(result.themes),
            "other": sum(1 for label in result.labels if label == "other"),
            "nmi_vs_source_theme": round(nmi, 3)}


def _in_subprocess(n: int) -> dict[str, float]:
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); "
            f"from tests.bench.bench_themes import measure; print(json.dumps(measure({n})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(ctx: object) -> list[object]:
    from tests.bench.run import Row

    rows: list[object] = []
    for n in (10_000,) if getattr(ctx, "quick", False) else (10_000, 100_000):
        m = _in_subprocess(n)
        rows.append(Row(f"themes discover, {n:,} notes: time", f"{m['seconds']:.1f} s",
                        f"plain TF-IDF only {m['tfidf_seconds']:.1f} s",
                        f"{m['seconds'] / max(m['tfidf_seconds'], 0.01):.0f}×",
                        "≤ 60 s (100k)", "met" if m["seconds"] <= 60 else "missed"))
        rows.append(Row(f"themes discover, {n:,} notes: CPU time (user + system)",
                        f"{m['cpu_seconds']:.1f} s"))
        rows.append(Row(f"themes discover, {n:,} notes: peak memory (process)",
                        f"{m['peak_mb']:.0f} MB", "", "", "≤ 1.5 GB",
                        "met" if m["peak_mb"] <= 1536 else "missed"))
        rows.append(Row(f"themes discover, {n:,} notes: themes, left over, NMI vs source theme",
                        f"{m['themes']:.0f}, {m['other']:.0f}, {m['nmi_vs_source_theme']:.3f}"))
    return rows


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["10000", "100000"]:
        print(json.dumps(_in_subprocess(int(arg))), flush=True)
