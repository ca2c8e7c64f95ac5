"""The Insights page against a real `frontline-server` (the demo organisation): a leader
signed in with their password sees themes, stores and quotes of their scope; choosing a
theme shows its quotes; a manager sees their store only; offline or with nobody signed in,
the page says what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from frontline.demo import DEMO_PASSWORD
from frontline.store.db import Store
from frontline.sync import device
from frontline.ui.main_window import INSIGHTS
from tests.helpers.realserver import RealServer
from tests.helpers.ui import WAIT_MS

TIMEOUT = WAIT_MS


def login(server: RealServer, role: str) -> dict[str, Any]:
    return next(x for x in server.info["logins"] if x["role"] == role)


def enrol_and_sign_in(server: RealServer, data_dir: Path, username: str | None) -> None:
    """This PC enrolled with the server; `username` signed in with their password."""
    device.enrol_pc(data_dir, server_url=server.url, code=server.code())
    if username is None:
        return
    store = Store.open(data_dir)
    client = device.make_client(data_dir)
    try:
        device.sign_in(store.connection(), client, username, DEMO_PASSWORD)
    finally:
        client.close()
        store.close()


def open_insights(qtbot: Any, window: Any, signal: str = "loaded") -> Any:
    """Go to the Insights page (built then) and wait for its first answer."""
    assert window._insights is None  # built on first use, not at start-up
    with qtbot.waitSignal(window.pages.currentChanged, timeout=TIMEOUT):
        window.show_page(INSIGHTS)
    page = window.insights
    qtbot.waitUntil(lambda: not page._busy, timeout=TIMEOUT)
    assert getattr(page, "doc" if signal == "loaded" else "message") is not None
    return page


def server_count(server: RealServer, where: str = "", **params: Any) -> int:
    return int(server.query("SELECT count(*) FROM observations o WHERE o.status <> 'withdrawn' "
                            + where, **params)[0][0])


def column(table: Any, col: int) -> list[Any]:
    return [table.item(r, col).data(Qt.ItemDataRole.DisplayRole) for r in range(table.rowCount())]


def test_a_leader_sees_the_themes_and_stores_of_their_scope_and_the_quotes_of_a_theme(
        qtbot: Any, make_window: Any, data_dir: Path, server: RealServer) -> None:
    leader = login(server, "leader")
    enrol_and_sign_in(server, data_dir, leader["username"])
    window = make_window(data_dir)
    page = open_insights(qtbot, window)
    assert page.message.isHidden() and page.body.isVisible()
    doc = page.doc
    assert doc["scope"]["role"] == "leader"
    # last year, to have a lot to look at
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.period.setCurrentIndex(2)
    doc = page.doc
    assert doc["total"] > 0 and page.themes.rowCount() == len(doc["themes"])
    assert sum(column(page.themes, 2)) == doc["total"]
    assert page.figures["total"].value.text() == f"{doc['total']:,}"
    # the leader's stores, and no other: the counts agree with the server's own table
    stores = [s["store_id"] for s in doc["stores"]]
    assert page.tabs.isTabVisible(0) and page.stores.rowCount() == len(stores)
    region = server.query("SELECT region_id FROM users WHERE username = :u",
                          u=leader["username"])[0][0]
    if region:
        in_region = {r[0] for r in server.query("SELECT id FROM stores WHERE region_id = :r",
                                                r=region)}
        assert set(stores) <= in_region
    # the weekly trend: a line per kind and one for "might leave", a point per week
    assert page.weeks.rowCount() == len(doc["weeks"]) >= 52
    if page.trend is not None:
        series = page.trend.chart.series()
        assert [s.name() for s in series] == ["Pain points", "Praise", "Ideas", "Might leave"]
        assert [p.y() for p in series[0].points()] == [w["pain_point"] for w in doc["weeks"]]
    # sorted by count, largest first, when the header is clicked
    page.themes.sortItems(2, Qt.SortOrder.DescendingOrder)
    counts = column(page.themes, 2)
    assert counts == sorted(counts, reverse=True)
    # choosing another theme brings its quotes
    other = next(r for r in range(page.themes.rowCount())
                 if page.themes.item(r, 0).data(Qt.ItemDataRole.UserRole) != doc["quotes_category"])
    wanted = page.themes.item(other, 0).data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(page.quotes_loaded, timeout=TIMEOUT) as blocker:
        page.themes.selectRow(other)
    assert blocker.args[0]["quotes_category"] == wanted
    shown = page.quotes.toPlainText()
    for quote in blocker.args[0]["quotes"]:
        assert quote["words"].split("\n")[0] in shown
    # no author's name on the page: quotes are the customer's words only
    names = {r[0] for r in server.query("SELECT display_name FROM users WHERE role = 'employee'")}
    assert not any(name in shown for name in names)


def test_a_manager_sees_their_store_only_without_a_by_store_table(
        qtbot: Any, make_window: Any, data_dir: Path, server: RealServer) -> None:
    manager = login(server, "manager")
    enrol_and_sign_in(server, data_dir, manager["username"])
    window = make_window(data_dir)
    page = open_insights(qtbot, window)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.period.setCurrentIndex(2)
    doc = page.doc
    assert doc["scope"]["role"] == "manager" and doc["scope"]["stores"] == 1
    assert {s["store_id"] for s in doc["stores"]} <= {manager["store_id"]}
    assert not page.tabs.isTabVisible(0)
    since, until = doc["since"], doc["until"]
    assert doc["total"] == server_count(
        server, "AND o.store_id = :s AND o.observed_at >= :a AND o.observed_at < :b",
        s=manager["store_id"], a=since, b=until + "T99")


def test_with_nobody_signed_in_the_page_says_how_to_sign_in(
        qtbot: Any, make_window: Any, data_dir: Path, server: RealServer) -> None:
    enrol_and_sign_in(server, data_dir, None)
    window = make_window(data_dir)
    with qtbot.waitSignal(window.pages.currentChanged, timeout=TIMEOUT):
        window.show_page(INSIGHTS)
    page = window.insights
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=TIMEOUT)
    assert "sign in with your password" in page.message.text()
    assert page.body.isHidden()


def test_offline_the_page_says_the_server_cannot_be_reached_and_keeps_what_it_showed(
        qtbot: Any, make_window: Any, data_dir: Path, server: RealServer) -> None:
    enrol_and_sign_in(server, data_dir, login(server, "admin")["username"])
    window = make_window(data_dir)
    page = open_insights(qtbot, window)
    shown = page.themes.rowCount()
    server.stop()
    with qtbot.waitSignal(page.failed, timeout=TIMEOUT) as blocker:
        page.refresh_button.click()
    assert "cannot reach it" in blocker.args[0] and "Refresh" in blocker.args[0]
    assert page.message.isVisible() and page.body.isVisible()
    assert page.themes.rowCount() == shown and "fetched earlier" in page.status.text()
    assert page.refresh_button.isEnabled()
