"""A PDF report of the Insights view, written with Qt's own PDF support (`QPdfWriter` and a
`QPainter`): the filters, the close-the-loop scorecard (with rises and falls), the weekly
trend and the departments as vector charts (the QtCharts scenes painted onto the PDF),
the rising themes, the largest themes and stores, and the customers' own words.

    write_report(ReportInput(doc, filters_text), Path("out.pdf"), on_step=...)

From the page's Report menu, and from `frontline report --pdf OUT.pdf` (the kept figures
or a fresh fetch). Written beside the target and renamed when complete.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from frontline.core import taxonomy
from frontline.store.io import DataFileError
from frontline.sync.insights_query import change, rising_themes
from frontline.ui.text import label_for

#: the page's drawing units: the writer's resolution (dots per inch)
DPI = 96
MARGIN = 48
STEPS = 6
#: a rising theme's colour by kind: more pain points is bad news, more praise good
_RISE_COLOUR = {"pain_point": "#b3261e", "praise": "#2f7a43", "idea": "#3a6fb0"}


@dataclass(frozen=True)
class ReportInput:
    """What the report shows: a `/v1/insights` document and its filters in words."""

    doc: dict[str, Any]
    filters: str
    compare: bool = True
    as_of: str | None = None  # the figures are a kept copy from then (UTC)
    store_names: dict[str, str] = field(default_factory=dict)


def _category(code: str | None) -> str:
    return label_for(taxonomy.CATEGORIES, code) if code else "Not yet categorised"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _delta(now: float | None, before: float | None, share: bool, good_up: int) -> str:
    if now is None or before is None:
        return ""
    if share:
        points = (now - before) * 100
        if round(points) == 0:
            return "<span style='color:#5a6b75'>= same</span>"
        text = f"{'▲' if points > 0 else '▼'} {abs(points):.0f} pts"
        up = points > 0
    else:
        rel = change(now, before)
        if rel is None or round(rel * 100) == 0:
            return "<span style='color:#5a6b75'>= same</span>"
        text = f"{'▲' if rel > 0 else '▼'} {abs(rel) * 100:.0f}%"
        up = rel > 0
    colour = "#5a6b75" if good_up == 0 else ("#2f7a43" if up == (good_up > 0) else "#b3261e")
    return f"<span style='color:{colour}'><b>{text}</b></span>"


class _Pages:
    """A painter on a `QPdfWriter` that places blocks top to bottom, starting a new page
    when a block does not fit."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer = writer
        self.painter = painter
        layout = writer.pageLayout()
        rect = layout.paintRectPixels(DPI)
        self.width = float(rect.width())
        self.height = float(rect.height())
        self.y = 0.0
        self.pages = 1

    def room(self, height: float) -> None:
        if self.y + height > self.height and self.y > 0:
            self.writer.newPage()
            self.pages += 1
            self.y = 0.0

    def html(self, text: str, *, size: float = 9.5) -> None:
        doc = QTextDocument()
        font = QFont("DejaVu Sans")
        font.setPointSizeF(size)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setTextWidth(self.width)
        doc.setHtml(text)
        height = doc.size().height()
        self.room(height)
        self.painter.save()
        self.painter.translate(0, self.y)
        doc.drawContents(self.painter, QRectF(0, 0, self.width, height))
        self.painter.restore()
        self.y += height + 8

    def scene(self, scene: Any, source: QRectF, height: float) -> None:
        """A QGraphicsScene (a chart) painted as vectors, `height` tall, the full width."""
        self.room(height)
        scene.render(self.painter, QRectF(0, self.y, self.width, height), source)
        self.y += height + 10

    def rule(self) -> None:
        self.painter.save()
        self.painter.setPen(QPen(QColor("#c9d1d6"), 1))
        self.painter.drawLine(0, int(self.y), int(self.width), int(self.y))
        self.painter.restore()
        self.y += 8


def _scorecard(data: ReportInput) -> str:
    doc, loop = data.doc, data.doc["loop"]
    before = doc.get("previous") if data.compare else None
    was = (before or {}).get("loop") or {}
    rows = [
        ("Observations", f"{doc['total']:,}", doc["total"], (before or {}).get("total"),
         False, 0),
        ("Customer might leave", _share(doc["switch_risk_share"]), doc["switch_risk_share"],
         (before or {}).get("switch_risk_share"), True, -1),
        ("Answered to who raised it", _share(loop["answered_share"]), loop["answered_share"],
         was.get("answered_share"), True, 1),
        ("Action taken", _share(loop["action_taken_share"]), loop["action_taken_share"],
         was.get("action_taken_share"), True, 1),
        ("Won't act (with a reason)", _share(loop["wont_act_share"]), loop["wont_act_share"],
         was.get("wont_act_share"), True, -1),
        ("Still open", _share(loop["open_share"]), loop["open_share"], was.get("open_share"),
         True, -1),
        ("Median time to an answer", "–" if loop["median_days_to_answer"] is None else
         f"{loop['median_days_to_answer']:g} days", loop["median_days_to_answer"],
         was.get("median_days_to_answer"), False, -1),
    ]
    cells = []
    for caption, shown, now, then, share, good in rows:
        delta = _delta(now, then, share, good) if before else ""
        cells.append("<td style='padding:6px 10px;border:1px solid #d5dce0' width='25%'>"
                     f"<span style='font-size:15pt'><b>{html.escape(shown)}</b></span> "
                     f"{delta}<br><span style='color:#5a6b75'>{html.escape(caption)}</span>"
                     "</td>")
    cells.insert(4, "</tr><tr>")  # four a row: the captions stay whole on A4
    span = ""
    if before:
        span = (f"<p style='color:#5a6b75'>▲/▼: against {html.escape(before['since'])} – "
                f"{html.escape(before['until'])} (the period of the same length before). "
                "Shares over the observations a manager had to decide on "
                f"({loop['decided_on']:,}).</p>")
    return ("<h3>Close the loop</h3><table cellspacing='0' width='100%'><tr>" +
            "".join(cells) + "</tr></table>" + span)


def _rows_table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    head = "".join(f"<th align='left' width='{w}%' style='background:#eef2f4;padding:3px'>"
                   f"{html.escape(h)}</th>" for h, w in zip(headers, widths, strict=True))
    body = "".join("<tr>" + "".join(f"<td style='padding:3px;border-bottom:1px solid #e3e7ea'>"
                                    f"{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table cellspacing='0' width='100%'><tr>{head}</tr>{body}</table>"


def _trend_scene(weeks: list[dict[str, Any]], width: float, height: float) -> Any:
    from frontline.ui.insights import _Trend

    trend = _Trend()
    trend.chart.setAnimationOptions(trend.chart.AnimationOption.NoAnimation)
    trend.show_weeks(weeks)
    trend.chart.setTitle("Weekly trend")
    trend.chart.setGeometry(QRectF(0, 0, width, height))
    return trend


def _departments_scene(rows: list[dict[str, Any]], width: float, height: float) -> Any:
    from frontline.ui.insights import _DepartmentBars

    bars = _DepartmentBars()
    bars.show_departments(rows, lambda d: label_for(taxonomy.DEPARTMENTS, d) if d
                          else "Not yet assigned")
    bars.chart.setTitle("By owning department")
    bars.chart.setGeometry(QRectF(0, 0, width, height))
    return bars


def write_report(data: ReportInput, path: Path,
                 on_step: Callable[[int, int], bool] | None = None) -> bool:
    """Write the report to `path` (A4). `on_step(done, total)` after each part; a False
    answer cancels, leaving no file. Returns True when written. Raises `DataFileError`
    when the folder cannot be written."""
    step = on_step or (lambda done, total: True)
    path = Path(path)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.touch()
    except OSError as error:
        raise DataFileError(f"Cannot write {path}: {error.strerror}. Choose another folder.") \
            from error
    writer = QPdfWriter(str(temporary))
    writer.setResolution(DPI)
    writer.setTitle("Frontline — Insights: " + data.filters)
    writer.setCreator("Frontline")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(14, 14, 14, 14), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        temporary.unlink(missing_ok=True)
        raise DataFileError(f"Cannot write {path}. Choose another folder.")
    finished = False
    try:
        pages = _Pages(writer, painter)
        finished = _draw(data, pages, step)
    finally:
        painter.end()
        if not finished:
            temporary.unlink(missing_ok=True)
    if not finished:
        return False
    try:
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise DataFileError(f"Cannot write {path}: {error.strerror}. Choose another folder "
                            "or free some space.") from error
    return True


def _draw(data: ReportInput, pages: _Pages, step: Callable[[int, int], bool]) -> bool:
    doc = data.doc
    scope = doc.get("scope") or {}
    made = datetime.now().strftime("%d %b %Y %H:%M")
    as_of = (f"<span style='color:#8c1d18'> Figures kept on this PC, as fetched at "
             f"{html.escape(data.as_of)} (UTC): the server could not be reached.</span>"
             if data.as_of else "")
    pages.html("<h1 style='color:#1d2b33'>Insights</h1>"
               f"<p style='font-size:11pt'><b>{html.escape(data.filters)}</b></p>"
               f"<p style='color:#5a6b75'>{html.escape(str(scope.get('label', '')))} · "
               f"{scope.get('stores', '')} stores · {html.escape(doc['since'])} to "
               f"{html.escape(doc['until'])} · counted by when the customer spoke; withdrawn "
               f"observations are not counted · report made {made}.{as_of}</p>")
    pages.rule()
    pages.html(_scorecard(data))
    if not step(1, STEPS):
        return False

    chart_height = 250.0
    trend = _trend_scene(doc["weeks"], pages.width, chart_height)
    pages.scene(trend.chart.scene(), QRectF(0, 0, pages.width, chart_height), chart_height)
    if not step(2, STEPS):
        return False
    if doc["departments"]:
        bars = _departments_scene(doc["departments"], pages.width, 220.0)
        pages.scene(bars.chart.scene(), QRectF(0, 0, pages.width, 220.0), 220.0)
    if not step(3, STEPS):
        return False

    before = doc.get("previous")
    if before and data.compare:
        rises = rising_themes(doc["themes"], before.get("themes") or [], limit=8)
        rows = [[html.escape(_category(t.get("category"))),  # type: ignore[arg-type]
                 html.escape(label_for(taxonomy.KINDS, str(t.get("kind")))),
                 f"{int(str(t.get('count'))):,}", f"{was:,}",
                 f"<span style='color:{_RISE_COLOUR.get(str(t.get('kind')), '#5a6b75')}'>"
                 f"▲ {int(str(t.get('count'))) - was:,}</span>"]
                for t, was in rises]
        pages.html("<h3>Rising themes</h3>" + (_rows_table(
            ["Theme", "Kind", "Now", "Before", "Rise"], rows, [40, 15, 15, 15, 15]) if rows
            else "<p style='color:#5a6b75'>No theme rose against the period before.</p>"))
    top = sorted(doc["themes"], key=lambda t: -int(t["count"]))[:12]
    pages.html("<h3>Largest themes</h3>" + _rows_table(
        ["Theme", "Kind", "Count", "Might leave", "Answered"],
        [[html.escape(_category(t["category"])), html.escape(label_for(taxonomy.KINDS,
                                                                       t["kind"])),
          f"{t['count']:,}", f"{t['switch_risk']:,}", f"{t['answered']:,}"] for t in top],
        [44, 14, 14, 14, 14]))
    if not step(4, STEPS):
        return False
    if len(doc["stores"]) > 1:
        stores = sorted(doc["stores"], key=lambda s: -int(s["count"]))[:15]
        pages.html("<h3>Stores</h3>" + _rows_table(
            ["Store", "Region", "Count", "Might leave", "Answered", "Action taken", "Open"],
            [[html.escape(s["name"] or s["code"]), html.escape(s["region"] or ""),
              f"{s['count']:,}", f"{s['switch_risk']:,}", f"{s['answered']:,}",
              f"{s['action_taken']:,}", f"{s['open']:,}"] for s in stores],
            [24, 14, 10, 12, 13, 14, 13]))
    if not step(5, STEPS):
        return False
    quotes = (doc.get("quotes") or [])[:10]
    if quotes:
        pages.html(f"<h3>What customers said: {html.escape(_category(doc.get('quotes_category')))}"
                   "</h3>")
        for q in quotes:
            where = " · ".join(x for x in (q["store"], q["observed_on"],
                                           label_for(taxonomy.CHANNELS, q["channel"])) if x)
            risk = " · <b style='color:#a3341f'>might leave</b>" if q["switch_risk"] else ""
            pages.html(f"<p style='margin:0'><i>“{html.escape(q['words'])}”</i><br>"
                       f"<span style='color:#7a868d'>{html.escape(where)}</span>{risk}</p>")
    return step(STEPS, STEPS)


def page_size() -> QSizeF:
    """A4 in points (for tests)."""
    return QPageSize(QPageSize.PageSizeId.A4).size(QPageSize.Unit.Point)


def filters_words(doc: dict[str, Any], filters: Any, names: dict[str, str]) -> str:
    """The filters in words without the page (the command line): the period, the scope or
    the region and store, and the codes chosen."""
    parts = [f"{filters.since.day} {filters.since.strftime('%b %Y')} – "
             f"{filters.until.day} {filters.until.strftime('%b %Y')}"]
    if not (filters.region or filters.store):
        parts.append(str((doc.get("scope") or {}).get("label") or ""))
    if filters.region:
        parts.append(names.get(filters.region, filters.region))
    if filters.store:
        parts.append(names.get(filters.store, filters.store))
    for choices, value in ((taxonomy.CHANNELS, filters.channel),
                           (taxonomy.CUSTOMER_TYPES, filters.customer_type),
                           (taxonomy.KINDS, filters.kind)):
        if value:
            parts.append(label_for(choices, value))
    return " · ".join(p for p in parts if p)


def report_from_cli(doc: dict[str, Any], filters: Any, path: Path, *, as_of: str | None,
                    on_progress: Callable[[int, int], None]) -> int:
    """`frontline report --pdf`: a QApplication (offscreen without a display), the report,
    an exit code (0 written, 1 the file could not be written)."""
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    names = {s["store_id"]: s["name"] for s in doc.get("stores") or []}

    def step(done: int, total: int) -> bool:
        on_progress(done, total)
        return True

    try:
        write_report(ReportInput(doc, filters_words(doc, filters, names), as_of=as_of,
                                 store_names=names), path, on_step=step)
    except DataFileError as error:
        print(str(error), file=sys.stderr)
        return 1
    del app
    print(f"Report written to {path}.")
    return 0
