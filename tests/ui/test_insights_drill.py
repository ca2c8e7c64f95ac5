"""Insights, desktop side of issue #13: every mark opens the observations behind it (the
query checked against `drill_params`), the heatmap, the filters in the title, rises and
falls, offline figures that survive a restart, CSV export of a list, the PDF report.

The server is faked at the client level (`page.make_client`): the answers have the shape of
`GET /v1/insights` and `GET /v1/observations` (docs/insights.md). The end-to-end test with a
real server waits for the server branch."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from frontline.core.errors import SyncError
from frontline.core.model import Observation
from frontline.store import outbox
from frontline.store.db import Store
from frontline.store.observations import save_observation
from frontline.store.remote import REFERENCE_KEY
from frontline.sync.device import _SIGNED_IN_KEY
from frontline.sync.insights_query import Mark, drill_params
from frontline.ui import lazy_list
from frontline.ui.heatmap import HIGH
from frontline.ui.main_window import INSIGHTS, MY_OBSERVATIONS
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE

#: a drill-down opens a window of its own (and the export its progress dialog)
pytestmark = OFFSCREEN_DIALOG_NOISE

LEADER = {"id": "u-leader", "role": "leader", "display_name": "Lena Leader",
          "store_id": None, "region_id": "r-north", "expires_at": "2999-01-01T00:00:00.000Z"}
REGIONS = [{"id": "r-north", "name": "North", "disabled": False},
           {"id": "r-south", "name": "South", "disabled": False}]
STORES = [{"id": "s-1", "code": "N1", "name": "Leeds Briggate", "region_id": "r-north",
           "disabled": False},
          {"id": "s-2", "code": "N2", "name": "York Coppergate", "region_id": "r-north",
           "disabled": False},
          {"id": "s-3", "code": "S1", "name": "Bristol Cabot", "region_id": "r-south",
           "disabled": False}]
QUICK = 20_000  # the fake server answers at once


def insights_doc(params: dict[str, str], *, total: int = 60) -> dict[str, Any]:
    """A `/v1/insights` answer for `params` (figures made up, consistent enough)."""
    since, until = date.fromisoformat(params["since"]), date.fromisoformat(params["until"])
    monday = since - timedelta(days=since.weekday())
    weeks = []
    n = 0
    while monday <= until:
        weeks.append({"week": monday.isoformat(), "count": 5 + n % 4, "pain_point": 3 + n % 3,
                      "praise": 1 + n % 2, "idea": 1, "switch_risk": n % 2})
        monday += timedelta(days=7)
        n += 1
    loop = {"decided_on": 50, "answered": 30, "answered_share": 0.6, "action_taken": 20,
            "action_taken_share": 0.4, "closed": 5, "closed_share": 0.1, "wont_act": 5,
            "wont_act_share": 0.1, "open": 20, "open_share": 0.4, "duplicates": 3,
            "median_days_to_answer": 2.5}
    themes = [{"category": "queue_wait", "kind": "pain_point", "count": 25, "switch_risk": 6,
               "answered": 10},
              {"category": "staff_helpful", "kind": "praise", "count": 15, "switch_risk": 0,
               "answered": 8},
              {"category": None, "kind": "idea", "count": 20, "switch_risk": 1,
               "answered": 2}]
    previous_themes = [dict(t, count=t["count"] - 8) for t in themes]
    if total == 0:
        themes, weeks_, stores, heat = [], [dict(w, count=0, pain_point=0, praise=0, idea=0,
                                                  switch_risk=0) for w in weeks], [], []
    else:
        weeks_ = weeks
        stores = [{"store_id": "s-1", "code": "N1", "name": "Leeds Briggate", "region": "North",
                   "count": 40, "switch_risk": 5, "answered": 25, "action_taken": 12,
                   "open": 10},
                  {"store_id": "s-2", "code": "N2", "name": "York Coppergate",
                   "region": "North", "count": 20, "switch_risk": 2, "answered": 5,
                   "action_taken": 8, "open": 10}]
        heat = [{"store_id": "s-1", "category": "queue_wait", "count": 18},
                {"store_id": "s-1", "category": None, "count": 12},
                {"store_id": "s-1", "category": "staff_helpful", "count": 10},
                {"store_id": "s-2", "category": "queue_wait", "count": 7},
                {"store_id": "s-2", "category": None, "count": 8},
                {"store_id": "s-2", "category": "staff_helpful", "count": 5}]
    days = (until - since).days + 1
    return {
        "since": params["since"], "until": params["until"],
        "scope": {"role": "leader", "label": "Region North", "stores": 2},
        "filters": {k: params.get(k) for k in ("kind", "channel", "customer_type", "store",
                                                "region")},
        "total": total, "switch_risk": 7 if total else 0,
        "switch_risk_share": 7 / total if total else None,
        "themes": themes, "stores": stores,
        "departments": [] if total == 0 else [
            {"department": "customer_service", "count": 30, "switch_risk": 4},
            {"department": None, "count": 30, "switch_risk": 3}],
        "weeks": weeks_, "loop": loop if total else dict(loop, decided_on=0),
        "quotes_category": params.get("category") or ("queue_wait" if total else None),
        "quotes": [] if total == 0 else [
            {"words": "I waited twenty minutes and nobody came", "observed_on": params["until"],
             "store": "Leeds Briggate", "kind": "pain_point", "channel": "in_store",
             "customer_type": "consumer", "switch_risk": True, "severity": 4}],
        "heatmap": heat,
        "previous": {"since": (since - timedelta(days=days)).isoformat(),
                     "until": (since - timedelta(days=1)).isoformat(), "total": 45,
                     "switch_risk": 4, "switch_risk_share": 4 / 45,
                     "loop": dict(loop, answered_share=0.5, open_share=0.45),
                     "themes": previous_themes},
    }


def wire(n: int, **values: Any) -> dict[str, Any]:
    obs = Observation.new(kind="pain_point", summary=f"Queue at the tills, number {n}",
                          observed_at=f"2026-11-{1 + n % 28:02d}T10:00:00.000Z",
                          channel="in_store", customer_type="consumer", store_id="s-1",
                          customer_words="Too slow", **values)
    payload = {k: getattr(obs, k) for k in obs.__dataclass_fields__}
    return {**payload, "escalated": False, "escalation_note": "", "raised_by": 1,
            "received_at": obs.updated_at, "rev": 1}


class FakeServer:
    """What the page's client asks, and the answers (a page of `GET /v1/observations` is
    `page_size` rows; `fail_after` pages, the network fails)."""

    def __init__(self, *, total: int = 60, rows: int = 30) -> None:
        self.total = total
        self.rows = [wire(n) for n in range(rows)]
        self.insights_calls: list[dict[str, str]] = []
        self.observation_calls: list[dict[str, str]] = []
        self.offline = False
        self.fail_after: int | None = None

    def client(self) -> FakeClient:
        return FakeClient(self)


class FakeClient:
    def __init__(self, server: FakeServer) -> None:
        self.server = server
        self.user_id: str | None = None

    def act_as(self, user_id: str | None) -> None:
        self.user_id = user_id

    def insights(self, params: dict[str, str]) -> dict[str, Any]:
        self.server.insights_calls.append(dict(params))
        if self.server.offline:
            raise SyncError("network", "Can't reach the server (test).")
        return insights_doc(params, total=self.server.total)

    def observations(self, params: dict[str, str]) -> dict[str, Any]:
        server = self.server
        server.observation_calls.append(dict(params))
        if server.offline or (server.fail_after is not None and
                              len(server.observation_calls) > server.fail_after):
            raise SyncError("network", "Can't reach the server (test).")
        start = int(params.get("cursor") or 0)
        limit = int(params["limit"])
        items = server.rows[start:start + limit]
        following = start + limit
        return {"items": items, "total": len(server.rows),
                "next": str(following) if following < len(server.rows) else None}

    def export(self, params: dict[str, str], dest_path: Path, **_kw: Any) -> int:
        dest_path.write_text("id\n" + "".join(r["id"] + "\n" for r in self.server.rows))
        return len(self.server.rows)

    def close(self) -> None:
        pass


def sign_in_leader(data_dir: Path) -> None:
    store = Store.open(data_dir)
    db = store.connection()
    outbox.set_state(db, _SIGNED_IN_KEY, json.dumps({LEADER["id"]: LEADER}))
    outbox.set_state(db, REFERENCE_KEY, json.dumps({"regions": REGIONS, "stores": STORES}))
    store.close()


def open_page(qtbot: Any, window: Any, server: FakeServer) -> Any:
    page = window.insights  # built, not shown: give it the fake server first
    page.make_client = server.client
    with qtbot.waitSignal(page.loaded if not server.offline else page.failed):
        window.show_page(INSIGHTS)
    return page


@pytest.fixture
def leader_window(qtbot: Any, make_window: Any, data_dir: Path) -> Any:
    sign_in_leader(data_dir)
    return make_window()


def drilled(qtbot: Any, page: Any, server: FakeServer, action: Any) -> dict[str, str]:
    """Do `action`; wait for the drill-down it opens to list; the query it sent."""
    before = len(server.observation_calls)
    with qtbot.waitSignal(page.drilldown_opened, timeout=QUICK) as opened:
        action()
    drill = opened.args[0]
    qtbot.waitUntil(lambda: drill.model.total() > 0 and drill.current() is not None,
                    timeout=QUICK)
    sent = dict(server.observation_calls[before])
    sent.pop("limit")
    assert "cursor" not in sent
    drill.window().close()
    return sent


def dclick(qtbot: Any, table: Any, row: int, column: int) -> None:
    """A double-click on a cell, as a person makes it (QTest's lone double-click event
    does not make an item view emit `doubleClicked`: a press and release come first)."""
    pos = _center(table, row, column)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _center(table: Any, row: int, column: int) -> QPoint:
    return table.visualRect(table.model().index(row, column)).center()


def _row_of(table: Any, value: Any, column: int = 0) -> int:
    return next(r for r in range(table.rowCount())
                if table.item(r, column).data(Qt.ItemDataRole.UserRole) == value)


def test_every_kind_of_mark_opens_the_observations_behind_it(
        qtbot: Any, leader_window: Any) -> None:
    server = FakeServer()
    page = open_page(qtbot, leader_window, server)
    f = page.filters()
    # a theme: double-click its row
    row = _row_of(page.themes, "queue_wait")
    assert drilled(qtbot, page, server, lambda: dclick(qtbot, page.themes, row, 0)) == drill_params(
        f, Mark("theme", category="queue_wait", kind="pain_point"))
    # the uncategorised theme
    row = _row_of(page.themes, "uncategorised")
    sent = drilled(qtbot, page, server, lambda: dclick(qtbot, page.themes, row, 2))
    assert sent["category"] == "uncategorised"
    # a store row, its "Open" column
    page.tabs.setCurrentWidget(page.stores)
    row = _row_of(page.stores, "s-2")
    assert drilled(qtbot, page, server, lambda: dclick(qtbot, page.stores, row, 6)) == drill_params(
        f, Mark("store", store="s-2", column="open"))
    # a heatmap cell
    page.tabs.setCurrentWidget(page.heatmap)
    qtbot.waitUntil(page.heatmap.isVisible)
    assert drilled(qtbot, page, server, lambda: qtbot.mouseClick(
        page.heatmap.viewport(), Qt.MouseButton.LeftButton,
        pos=_center(page.heatmap, 0, 0))) == drill_params(
        f, Mark("cell", store="s-1", category="queue_wait"))
    # a department bar (the chart's own click signal) and a department row
    assert page.department_bars is not None
    series = page.department_bars.chart.series()[0]
    index = page.department_bars.departments.index("customer_service")
    assert drilled(qtbot, page, server, lambda: series.clicked.emit(
        index, series.barSets()[0])) == drill_params(
        f, Mark("department", department="customer_service"))
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.departments.parentWidget()))
    row = _row_of(page.departments, "")
    sent = drilled(qtbot, page, server, lambda: dclick(qtbot, page.departments, row, 0))
    assert sent["department"] == "unassigned"
    # a point of the weekly trend (the series' click signal, as Qt sends it)
    assert page.trend is not None
    praise = next(s for s in page.trend.chart.series() if s.objectName() == "praise")
    point = praise.points()[2]
    week = page.doc["weeks"][2]["week"]
    assert drilled(qtbot, page, server, lambda: praise.clicked.emit(
        QPointF(point.x() + 3600_000, point.y()))) == drill_params(
        f, Mark("week", week=week, series="praise"))
    # a row of the weekly table, its "Might leave" column
    page.tabs.setCurrentWidget(page.weeks)
    assert drilled(qtbot, page, server, lambda: dclick(qtbot, page.weeks, 1, 5)) == drill_params(
        f, Mark("week", week=page.weeks.item(1, 0).text(), series="switch_risk"))
    # each figure of the scorecard
    for key in ("total", "answered", "open", "wont_act", "switch_risk", "action_taken"):
        assert drilled(qtbot, page, server, lambda k=key: qtbot.mouseClick(
            page.figures[k], Qt.MouseButton.LeftButton)) == drill_params(
            f, Mark("figure", figure=key))


def test_a_drill_down_pages_by_next_and_opens_an_observation_in_full(
        qtbot: Any, leader_window: Any, tmp_path: Path) -> None:
    server = FakeServer(rows=450)
    page = open_page(qtbot, leader_window, server)
    with qtbot.waitSignal(page.drilldown_opened) as opened:
        qtbot.mouseClick(page.figures["total"], Qt.MouseButton.LeftButton)
    drill = opened.args[0]
    qtbot.waitUntil(lambda: drill.model.total() == 450)
    assert drill.count_label.text() == "450 observations"
    assert len(server.observation_calls) == 1  # the first page only
    qtbot.waitUntil(lambda: drill.current() is not None)
    assert "Queue at the tills, number 0" in drill.detail.toPlainText()
    assert "Too slow" in drill.detail.toPlainText()  # the customer's words, in full
    assert "Frontline — Observations" in drill.window().windowTitle()
    assert page.filters_text() in drill.window().windowTitle()
    # scrolling to the end walks the pages with `next`
    drill.table.scrollToBottom()
    while drill.model.canFetchMore(drill.model.index(-1, -1)):
        drill.model.fetchMore(drill.model.index(-1, -1))
    qtbot.waitUntil(lambda: drill.model.listed(449) is not None)
    cursors = [c.get("cursor") for c in server.observation_calls]
    assert cursors[0] is None and cursors[1:] == ["200", "400"]
    drill.window().resize(1100, 720)
    drill.window().grab().save(str(tmp_path / "drilldown.png"))


def test_the_server_lost_halfway_through_a_drill_down_is_said_and_the_rows_stay(
        qtbot: Any, leader_window: Any) -> None:
    server = FakeServer(rows=450)
    page = open_page(qtbot, leader_window, server)
    server.fail_after = 1
    with qtbot.waitSignal(page.drilldown_opened) as opened:
        qtbot.mouseClick(page.figures["open"], Qt.MouseButton.LeftButton)
    drill = opened.args[0]
    qtbot.waitUntil(lambda: drill.model.total() == 450)
    while drill.model.canFetchMore(drill.model.index(-1, -1)):
        drill.model.fetchMore(drill.model.index(-1, -1))
    with qtbot.waitSignal(drill.model.fetch_failed):
        drill.model.listed(300)
    assert drill.problem.isVisible()
    assert "cannot reach it" in drill.problem.text() and "stay" in drill.problem.text()
    assert drill.model.listed(10) is not None  # what it had is still there
    server.fail_after = None
    with qtbot.waitSignal(drill.model.rows_fetched):
        drill.model.listed(300)  # asked again when shown again
    qtbot.waitUntil(lambda: drill.model.listed(300) is not None)


def test_filters_the_title_the_heatmap_and_rises_and_falls(
        qtbot: Any, leader_window: Any, tmp_path: Path) -> None:
    server = FakeServer()
    page = open_page(qtbot, leader_window, server)
    # the places come from the reference data the server sent
    qtbot.waitUntil(lambda: page.region.count() == 3)
    with qtbot.waitSignal(page.loaded):
        page.region.setCurrentIndex(page.region.findData("r-north"))
    assert [page.store.itemText(i) for i in range(page.store.count())] == [
        "All stores", "Leeds Briggate", "York Coppergate"]
    with qtbot.waitSignal(page.loaded):
        page.channel.setCurrentIndex(page.channel.findData("phone"))
    with qtbot.waitSignal(page.loaded):
        page.period.setCurrentIndex(3)  # two years
    sent = server.insights_calls[-1]
    assert sent["region"] == "r-north" and sent["channel"] == "phone"
    assert (date.fromisoformat(sent["until"]) - date.fromisoformat(sent["since"])).days == 729
    title = leader_window.windowTitle()
    assert "North" in title and "Phone" in title and "Insights" in title
    # a custom range with the date pickers
    with qtbot.waitSignal(page.loaded):
        page.period.setCurrentIndex(4)
    assert page.since_edit.isVisible()
    with qtbot.waitSignal(page.loaded):
        page.since_edit.setDate(page.until_edit.date().addDays(-9))
    sent = server.insights_calls[-1]
    assert (date.fromisoformat(sent["until"]) - date.fromisoformat(sent["since"])).days == 9
    # rises and falls against `previous`: answered 60% vs 50% is a rise, and good (green)
    delta = page.figures["answered"].delta
    assert delta.isVisible() and delta.text() == "▲ 10 pts" and "#2f7a43" in delta.styleSheet()
    assert page.figures["open"].delta.text() == "▼ 5 pts"
    assert page.figures["total"].delta.text() == "▲ 33%"
    assert page.themes.item(_row_of(page.themes, "queue_wait"), 5).text() == "▲ 8"
    page.compare.setChecked(False)
    assert not page.figures["answered"].delta.isVisible()
    page.compare.setChecked(True)
    # the heatmap: a row per store, a column per theme, the largest cell the deepest colour
    heat = page.heatmap
    assert (heat.rowCount(), heat.columnCount()) == (2, 3)
    assert heat.verticalHeaderItem(0).text() == "Leeds Briggate"
    top = heat.item(0, 0)
    assert top.text() == "18" and top.background().color().getRgb()[:3] == HIGH
    assert heat.item(1, 2).background().color().lightness() > \
        top.background().color().lightness()  # fewer: lighter
    page.tabs.setCurrentWidget(heat)
    leader_window.resize(1280, 820)
    shot = leader_window.grab()
    assert not shot.isNull()
    # docs/screenshots/insights-heatmap.png was taken this way (FRONTLINE_SHOTS=docs/screenshots)
    shot.save(str(Path(os.environ.get("FRONTLINE_SHOTS") or tmp_path) / "insights-heatmap.png"))


def test_filters_that_select_nothing_say_so(qtbot: Any, leader_window: Any) -> None:
    server = FakeServer(total=0)
    page = open_page(qtbot, leader_window, server)
    assert page.message.isVisible() and page.body.isHidden()
    assert "Nothing was recorded for these filters" in page.message.text()


def test_offline_figures_survive_a_restart(qtbot: Any, make_window: Any,
                                           data_dir: Path) -> None:
    sign_in_leader(data_dir)
    server = FakeServer()
    first = make_window()
    page = open_page(qtbot, first, server)
    shown = page.doc["total"]
    qtbot.waitUntil(lambda: _kept(first) == 1)
    first.close()
    first.backend.shutdown()
    # the app starts again with the server out of reach
    server.offline = True
    second = make_window()
    page = second.insights
    page.make_client = server.client
    with qtbot.waitSignal(page.cached_shown) as kept:
        second.show_page(INSIGHTS)
    assert kept.args[0]["total"] == shown
    assert page.body.isVisible() and page.message.isVisible()
    assert "cannot reach it" in page.message.text()
    assert "as of" in page.status.text() and "as of" in second.windowTitle()
    assert page.figures["total"].value.text() == f"{shown:,}"


def _kept(window: Any) -> int:
    store = Store.open(window.data_dir)
    try:
        return int(store.connection().execute("SELECT count(*) FROM insights_cache")
                   .fetchone()[0])
    finally:
        store.close()


def test_csv_export_of_a_list_writes_its_rows_and_neutralises_formulas(
        qtbot: Any, make_window: Any, data_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(data_dir)
    db = store.connection()
    for n in range(30):
        save_observation(db, Observation.new(
            kind="idea" if n % 3 else "praise",
            summary=f"=HYPERLINK(\"http://x\") {n}" if n == 4 else f"Idea {n}",
            customer_words="@mention +1 -2" if n == 5 else ""))
    store.close()
    window = make_window()
    window.show_page(MY_OBSERVATIONS)
    page = window.observations
    qtbot.waitUntil(lambda: page.model.total() == 30)
    with qtbot.waitSignal(page.model.query_finished):
        page.kind_filter.setCurrentIndex(page.kind_filter.findData("idea"))
    out = tmp_path / "ideas.csv"
    # the menu's action, Ctrl+Shift+E, asks where (the dialog answered here)
    assert page.export_action.shortcut().toString() == "Ctrl+Shift+E"
    monkeypatch.setattr(lazy_list.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(out), "")))
    with qtbot.waitSignal(page.export_finished) as done:
        page.export_action.trigger()
    assert done.args[0] == out
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 20 and {r["kind"] for r in rows} == {"idea"}
    assert any(r["customer_words"] == "'@mention +1 -2" for r in rows)
    assert any(r["summary"].startswith("'=HYPERLINK") for r in rows)
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert not list(tmp_path.glob(".*partial"))
    assert "20 rows exported" in page.count_label.text()


def test_a_pdf_report_of_the_view_has_pages(qtbot: Any, leader_window: Any,
                                            tmp_path: Path) -> None:
    server = FakeServer()
    page = open_page(qtbot, leader_window, server)
    out = tmp_path / "report.pdf"
    with qtbot.waitSignal(page.report_written) as done:
        page.write_report(out)
    assert done.args[0] == out and out.stat().st_size > 5000
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the pages were not rendered")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(out), str(tmp_path / "page")],
                   check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) >= 2 and all(p.stat().st_size > 2000 for p in pngs)


def test_frontline_report_writes_the_kept_figures_offline_or_says_there_are_none(
        qtbot: Any, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from frontline.cli import main
    from frontline.store.insights_cache import save_figures
    from frontline.sync.insights_query import InsightFilters, insights_params

    out = tmp_path / "out.pdf"
    args = ["report", "--pdf", str(out), "--since", "2026-10-27", "--until", "2026-11-23",
            "--region", "r-north", "--offline", "--data-dir", str(data_dir)]
    assert main(args) == 5  # nobody signed in
    sign_in_leader(data_dir)
    assert main(args) == 3 and not out.exists()
    assert "No figures for these filters" in capsys.readouterr().err
    filters = InsightFilters(date(2026, 10, 27), date(2026, 11, 23), region="r-north")
    store = Store.open(data_dir)
    save_figures(store.connection(), filters.key(), LEADER["id"],
                 insights_doc(insights_params(filters)))
    store.close()
    assert main(args) == 0
    assert out.read_bytes().startswith(b"%PDF") and not list(tmp_path.glob(".*partial"))
    assert "kept on this PC" in capsys.readouterr().err
