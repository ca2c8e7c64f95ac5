"""GET /v1/observations and GET /v1/export: every figure of GET /v1/insights maps to one
drill-down (docs/insights.md, "Drill-down"), whose total is the figure; pages, anonymity,
the export's formats, neutralised CSV cells and its audit entry; the heatmap, the region
filter and the previous period."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.insights import UNASSIGNED, UNCATEGORISED
from tests.helpers.server import World, sign_in, user_headers
from tests.server.test_insights import RANGE, ask, known, put  # noqa: F401 - fixture

__all__ = ["known"]


def drill(client: TestClient, who: str, path: str = "/v1/observations",
          **params: Any) -> Any:
    token = sign_in(client, who)
    return client.get(path, params={**RANGE, **params}, headers=user_headers(token))


def total(client: TestClient, who: str, **params: Any) -> int:
    response = drill(client, who, **params)
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


def figures(doc: dict[str, Any]) -> Iterator[tuple[str, int, dict[str, str]]]:
    """Every figure of an insights document with the drill-down parameters that select the
    observations behind it: the table of docs/insights.md, "Drill-down"."""
    yield "total", doc["total"], {}
    yield "switch_risk", doc["switch_risk"], {"status": "switch_risk"}
    for th in doc["themes"]:
        theme = {"category": th["category"] or UNCATEGORISED, "kind": th["kind"]}
        yield "theme", th["count"], theme
        yield "theme switch_risk", th["switch_risk"], {**theme, "status": "switch_risk"}
        yield "theme answered", th["answered"], {**theme, "status": "answered"}
    for st in doc["stores"]:
        store = {"store": st["store_id"]}
        yield "store", st["count"], store
        yield "store switch_risk", st["switch_risk"], {**store, "status": "switch_risk"}
        yield "store answered", st["answered"], {**store, "status": "answered"}
        yield "store action_taken", st["action_taken"], {**store, "status": "action_taken"}
        yield "store open", st["open"], {**store, "status": "open"}
    for d in doc["departments"]:
        dept = {"department": d["department"] or UNASSIGNED}
        yield "department", d["count"], dept
        yield "department switch_risk", d["switch_risk"], {**dept, "status": "switch_risk"}
    for w in doc["weeks"]:
        yield "week", w["count"], {"week": w["week"]}
        for kind in ("pain_point", "praise", "idea"):
            yield f"week {kind}", w[kind], {"week": w["week"], "kind": kind}
        yield "week switch_risk", w["switch_risk"], {"week": w["week"], "status": "switch_risk"}
    for cell in doc["heatmap"]:
        yield "heatmap", cell["count"], {"store": cell["store_id"],
                                         "category": cell["category"] or UNCATEGORISED}
    loop = doc["loop"]
    yield "loop decided_on", loop["decided_on"], {"status": "decided"}
    yield "loop answered", loop["answered"], {"status": "decided,answered"}
    for name in ("action_taken", "closed", "wont_act", "open"):
        yield f"loop {name}", loop[name], {"status": name}
    yield "loop duplicates", loop["duplicates"], {"status": "duplicate"}


@pytest.mark.parametrize("who", ["admin", "leader_a", "manager_b"])
def test_every_figure_drills_down_to_exactly_its_observations(client: TestClient, known: World,
                                                               who: str) -> None:
    doc = ask(client, who).json()
    kinds = set()
    for name, figure, params in figures(doc):
        kinds.add(name)
        assert total(client, who, **params) == figure, (name, params)
    assert {"theme", "store", "department", "week", "heatmap", "loop answered"} <= kinds
    # the previous period drills down the same way, with its own dates
    before = doc["previous"]
    prev = {"since": before["since"], "until": before["until"]}
    assert total(client, who, **prev) == before["total"]
    for th in before["themes"]:
        assert total(client, who, **prev, category=th["category"] or UNCATEGORISED,
                     kind=th["kind"]) == th["count"]


def test_the_heatmap_counts_store_by_category(client: TestClient, known: World) -> None:
    doc = ask(client, "admin").json()
    cells = {(c["store_id"], c["category"]): c["count"] for c in doc["heatmap"]}
    assert cells == {(known.store_a, "queue_wait"): 3, (known.store_a, "staff_knowledge"): 1,
                     (known.store_a, None): 1, (known.store_b, "queue_wait"): 1,
                     (known.store_b, "out_of_stock"): 1}


def test_the_previous_period_is_the_same_length_just_before(client: TestClient,
                                                            known: World) -> None:
    before = ask(client, "admin").json()["previous"]
    assert (before["since"], before["until"]) == ("2026-10-17", "2026-10-31")
    assert before["total"] == 1 and before["themes"][0]["category"] == "queue_wait"
    assert before["loop"]["open"] == 1


def test_the_region_filter(client: TestClient, known: World) -> None:
    north = ask(client, "admin", region=known.region_a).json()
    assert north["total"] == 5 and north["filters"]["region"] == known.region_a
    assert total(client, "admin", region=known.region_b) == 2
    assert ask(client, "leader_a", region=known.region_b).status_code == 403
    assert drill(client, "leader_a", region=known.region_b).status_code == 403
    assert ask(client, "leader_a", region=known.region_a).json()["total"] == 5


def test_pages_follow_the_cursor_newest_first(client: TestClient, known: World) -> None:
    seen, cursor = [], None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = drill(client, "admin", **params).json()
        assert page["total"] == 7
        seen += [(o["observed_at"], o["id"]) for o in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert len(seen) == 7 and seen == sorted(seen, reverse=True)
    assert drill(client, "admin", cursor="nonsense!").status_code == 400
    assert drill(client, "admin", limit="0").status_code == 400


def test_anonymous_observations_name_nobody(client: TestClient, known: World) -> None:
    items = drill(client, "admin", category=UNCATEGORISED).json()["items"]
    named = drill(client, "admin", category="staff_knowledge").json()["items"]
    assert named[0]["author_id"] == known.users["emp_a2"]
    assert all(o["author_id"] is None and o["device_id"] is None
               for o in drill(client, "admin", store=known.store_a).json()["items"]
               if o["anonymous"])
    assert items and all(o["author_id"] == known.users["emp_a"] for o in items)


def test_filters_that_select_nothing_answer_zero(client: TestClient, known: World) -> None:
    empty = drill(client, "admin", kind="idea", channel="social").json()
    assert empty == {"items": [], "next": None, "total": 0}
    assert total(client, "admin", week="2026-11-16") == 0  # after `until`


@pytest.mark.parametrize(("params", "says"), [
    ({"week": "2026-11-04"}, "Monday"),
    ({"status": "open,bogus"}, "`status`"),
    ({"department": "nowhere"}, "`department`"),
    ({"since": "2006-01-01", "until": "2026-01-01"}, "at most 1098 days"),
])
def test_bad_drill_down_parameters(client: TestClient, known: World, params: dict[str, str],
                                   says: str) -> None:
    response = drill(client, "admin", **params)
    assert response.status_code == 400 and says in response.json()["message"]


def test_employees_cannot_drill_down_or_export(client: TestClient, known: World) -> None:
    assert drill(client, "emp_a").status_code == 403
    assert drill(client, "emp_a", "/v1/export").status_code == 403
    assert client.get("/v1/export", params=RANGE).status_code == 401


def test_export_streams_csv_with_safe_cells_and_is_audited(client: TestClient, db: Database,
                                                          known: World) -> None:
    put(db, known, known.store_a, "2026-11-14T08:00:00.000Z", "idea", "queue_wait", "new",
        words="=HYPERLINK(\"http://evil\")", author="emp_a")
    response = drill(client, "manager_a", "/v1/export", format="csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 6 and rows[0]["customer_words"] == "'=HYPERLINK(\"http://evil\")"
    assert "Store B secret words" not in response.text
    lines = drill(client, "admin", "/v1/export", format="jsonl", kind="praise").text.splitlines()
    assert [json.loads(line)["category"] for line in lines] == ["staff_knowledge"]
    assert drill(client, "admin", "/v1/export", format="xlsx").status_code == 400
    with db.read() as conn:
        entries = conn.execute(select(t.audit).where(t.audit.c.action == "exported")
                               .order_by(t.audit.c.id)).all()
    assert [(e.actor_user_id, e.changes["rows"], e.changes["format"]) for e in entries] == [
        (known.users["manager_a"], 6, "csv"), (known.users["admin"], 1, "jsonl")]
    assert entries[1].changes["filters"]["kind"] == "praise"
    assert "HYPERLINK" not in json.dumps([e.changes for e in entries])
