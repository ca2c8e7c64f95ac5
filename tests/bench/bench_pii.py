"""Personal-data detection runs as the person types: how long it takes on a typical note."""

from __future__ import annotations

import time

from tests.bench.run import Context, Row, ms, percentile

TITLE = "Personal-data detection (issue 6)"

TYPICAL_NOTE = (
    "Customer called about order ORD-2024-118873 (receipt 4471123, 12/03/2024 14:35): "
    "sofa delivered with a torn cushion, EAN 4006381333931, paid €1,299.00. Wants a "
    "callback on 06 12 34 56 78 or an email to anne.martin@example.fr; she also read out "
    "her card 4111 1111 1111 1111 which I did not write down. Store 0412."
)


def run(ctx: Context) -> list[Row]:
    import re

    from frontline.core import pii

    pii.detect(TYPICAL_NOTE)
    n = 50 if ctx.quick else 300
    ours, base = [], []
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    for _ in range(n):
        t = time.perf_counter()
        pii.detect(TYPICAL_NOTE)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        email.findall(TYPICAL_NOTE)
        base.append(time.perf_counter() - t)
    pasted = ("12 34 " * 700)[:4000]  # a 4,000-character field of digit groups
    long_runs = []
    for _ in range(5 if ctx.quick else 20):
        t = time.perf_counter()
        pii.detect(pasted)
        long_runs.append(time.perf_counter() - t)
    long_s = percentile(long_runs, 95)
    return [
        Row("detect() on a 312-character note: p50", ms(percentile(ours, 50)),
            f"one email regex {ms(percentile(base, 50))}", "", "≤ 5 ms (typing)",
            "met" if percentile(ours, 50) <= 0.005 else "missed"),
        Row("detect() on a 312-character note: p95", ms(percentile(ours, 95)), "", "", "", ""),
        Row("detect() on a pasted 4,000-character field of digit groups: p95", ms(long_s),
            "", "", "no hang (< 2 s)", "met" if long_s < 2 else "missed"),
    ]
