"""Validate notes.jsonl and print counts per theme x language."""
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
INCIDENTS = {"incident_till_update_phone_pay", "incident_carpark_barrier_double_charge",
             "incident_paper_bag_handles", "incident_app_sunday_closed"}
LANGS = ["en", "de", "fr", "es", "nl", "pl"]
rows = [json.loads(lg) for lg in (HERE / "notes.jsonl").read_text(encoding="utf-8").splitlines()]
assert all(set(r) == {"id", "text", "lang", "theme"} for r in rows)
assert len({r["id"] for r in rows}) == len(rows)
assert len({r["text"] for r in rows}) == len(rows), "duplicate text"
assert all(r["lang"] in LANGS and r["text"] for r in rows)
c = Counter((r["theme"], r["lang"]) for r in rows)
themes = sorted({r["theme"] for r in rows}, key=lambda t: (t in INCIDENTS, t == "other", t))
print(f"{'theme':42s} " + " ".join(f"{lg:>3s}" for lg in LANGS) + "  total")
for t in themes:
    n = sum(c[(t, lg)] for lg in LANGS)
    kind = "incident" if t in INCIDENTS else ""
    print(f"{t:42s} " + " ".join(f"{c[(t, lg)]:3d}" for lg in LANGS) + f"  {n:5d} {kind}")
    if t in INCIDENTS:
        assert 12 <= n <= 20 and sum(1 for lg in LANGS if c[(t, lg)]) >= 4
    elif t != "other":
        assert 20 <= n <= 40
print("per language:", {lg: sum(c[(t, lg)] for t in themes) for lg in LANGS}, "total", len(rows))
