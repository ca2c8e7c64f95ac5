"""Personal-data detection runs as the person types: how long it takes on a typical note."""

from __future__ import annotations

import time
from typing import Any

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
    item, plain = _server_item(n * 4)
    return [
        Row("detect() on a 312-character note: p50", ms(percentile(ours, 50)),
            f"one email regex {ms(percentile(base, 50))}", "", "≤ 5 ms (typing)",
            "met" if percentile(ours, 50) <= 0.005 else "missed"),
        Row("detect() on a 312-character note: p95", ms(percentile(ours, 95)), "", "", "", ""),
        Row("detect() on a pasted 4,000-character field of digit groups: p95", ms(long_s),
            "", "", "no hang (< 2 s)", "met" if long_s < 2 else "missed"),
        Row("server redaction of one pushed item (4 texts, the note above among them): p50",
            ms(percentile(item, 50)), f"an item without data {ms(percentile(plain, 50))}"),
        Row("server redaction of one pushed item: p95", ms(percentile(item, 95)),
            f"an item without data {ms(percentile(plain, 95))}"),
    ]


def _server_item(n: int) -> tuple[list[float], list[float]]:
    """What the server adds to each pushed item (`frontline.server.privacy.Redactor`): an
    item whose details are the note above, and one like the server benchmark's (no data)."""
    from frontline.core.vocabulary import AUTHOR_TEXT_FIELDS
    from frontline.server.privacy import Redactor

    with_data = {"summary": "Refund for order 2024-118873 not received", "details": TYPICAL_NOTE,
                 "customer_words": "I want my money back by Friday",
                 "action_taken": "Called the warehouse, refund re-issued"}
    without = {"summary": "Customer waited ten minutes at the till while the second till "
                          "stayed closed",
               "details": "Queue reached the door around lunchtime; two customers left "
                          "without buying."}
    redactor = Redactor("bench")
    conn: Any = None  # no name in either: the staff names are never asked for
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(n):
        for item, out in ((with_data, timings[0]), (without, timings[1])):
            values = dict(item)
            t = time.perf_counter()
            redactor.fields(conn, values, AUTHOR_TEXT_FIELDS)
            out.append(time.perf_counter() - t)
    return timings
