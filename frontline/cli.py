"""The `frontline` command: the desktop app, and headless subcommands for IT and scripts.

    frontline [--data-dir D] [--demo]          start the app
    frontline --self-check [--json]             check this PC or bundle can run Frontline
    frontline import FILE [--data-dir D]        import observations (CSV or JSON Lines)
    frontline export FILE [--data-dir D]        export local observations (CSV or JSON Lines)
    frontline pii-check [--region CC ...]       detect personal data in lines of stdin
                        [--public-number N ...] [--staff-name NAME ...]
    frontline demo [--count N] [--data-dir D]   fill a data directory with demo observations
    frontline enrol --server URL --code CODE    enrol this PC with the central server
    frontline sync [--data-dir D] [--json]      one sync, headless; the exit code tells the result
    frontline status [--data-dir D] [--json]    server, device, token place, queue, last sync
    frontline report --pdf OUT.pdf [--period P | --since D --until D] [--region ID] ...
                                                the Insights PDF report (fetched, or kept)

Every subcommand is documented in the README; a test fails when one is not.
Heavy modules (Qt, the store) are imported only by the subcommand that needs them,
so `frontline pii-check` starts fast, and import, export, demo and pii-check work without
the `desktop` extra (no Qt, no keyring: a server install); the others say it is missing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from frontline import __version__

# installed by the `desktop` extra only (pyproject.toml)
_DESKTOP_ONLY = frozenset({"PySide6", "shiboken6", "keyring"})


def _data_dir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder holding the local database, drafts and settings "
        "(default: $FRONTLINE_DATA_DIR, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontline",
        description="Record what customers tell you; it reaches the people who decide.",
    )
    parser.add_argument("--version", action="version", version=f"frontline {__version__}")
    _data_dir_arg(parser)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="fill an empty data folder with demo observations before starting",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check the data folder, database, keychain, Qt plugins, settings and server, "
        "print a report and exit (1 when something is wrong)",
    )
    parser.add_argument("--json", dest="json_report", action="store_true",
                        help="with --self-check: print the report as JSON")
    parser.add_argument("--report-file", type=Path, default=None, metavar="FILE",
                        help="with --self-check: also write the JSON report to FILE")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="import observations from a CSV or JSON Lines file")
    p.add_argument("file", type=Path)
    _data_dir_arg(p)
    p.set_defaults(handler=_cmd_import)

    p = sub.add_parser("export", help="export local observations to a CSV or JSON Lines file")
    p.add_argument("file", type=Path)
    _data_dir_arg(p)
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser(
        "pii-check",
        help="read text lines on stdin; write detected personal data as JSON lines",
    )
    p.add_argument(
        "--region",
        action="append",
        default=None,
        metavar="CC",
        help="country whose national phone formats to recognise (repeatable; "
        "default: every EU and EEA country, the UK, Switzerland, the US and Canada)",
    )
    p.add_argument(
        "--public-number",
        action="append",
        default=[],
        metavar="N",
        help="the organisation's own public phone number, not reported (repeatable)",
    )
    p.add_argument(
        "--staff-name",
        action="append",
        default=[],
        metavar="NAME",
        help="an employee's name, not reported as a customer's name (repeatable)",
    )
    p.set_defaults(handler=_cmd_pii_check)

    p = sub.add_parser("demo", help="add realistic demo observations to a data folder")
    p.add_argument("--count", type=int, default=600)
    p.add_argument("--seed", type=int, default=7)
    _data_dir_arg(p)
    p.set_defaults(handler=_cmd_demo)

    p = sub.add_parser("enrol", help="enrol this PC with the central server (one-time code)")
    p.add_argument("--server", default=None, metavar="URL",
                   help="the server address (default: the one IT preset for this PC)")
    p.add_argument("--code", required=True, help="the one-time enrolment code from IT")
    p.add_argument("--name", default=None, help="this PC's name (default: its host name)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    _data_dir_arg(p)
    p.set_defaults(handler=_cmd_enrol)

    p = sub.add_parser("sync", help="sync once with the server; the exit code tells the result "
                       "(0 ok, 3 offline, 4 update required, 5 enrol again, 6 items set aside, "
                       "7 refused)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _data_dir_arg(p)
    p.set_defaults(handler=_cmd_sync)

    p = sub.add_parser("status", help="show the server, this PC's enrolment, where its token "
                       "lives, what is waiting and the last sync")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    _data_dir_arg(p)
    p.set_defaults(handler=_cmd_status)

    p = sub.add_parser("report", help="write the Insights report as a PDF, for the reviewer "
                       "signed in on this PC: fetched from the server, or the figures last "
                       "fetched for the same filters when it cannot be reached")
    p.add_argument("--pdf", type=Path, required=True, metavar="OUT.pdf")
    p.add_argument("--period", default="4w", choices=("4w", "quarter", "year", "2y"),
                   help="the period ending today (default: 4w); --since/--until replace it")
    p.add_argument("--since", default=None, metavar="YYYY-MM-DD")
    p.add_argument("--until", default=None, metavar="YYYY-MM-DD")
    for name in ("region", "store", "kind", "channel", "customer-type"):
        p.add_argument(f"--{name}", default=None, help=f"only this {name.replace('-', ' ')} "
                       "(an id or a code)")
    p.add_argument("--offline", action="store_true",
                   help="do not ask the server: use the figures kept on this PC")
    _data_dir_arg(p)
    p.set_defaults(handler=_cmd_report)
    return parser


def _resolve(args: argparse.Namespace) -> Path:
    from frontline.store.paths import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def _progress_printer(label: str) -> Callable[[int, int], None]:
    """A text progress bar on stderr (only when stderr is a terminal)."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        if not tty or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _cmd_import(args: argparse.Namespace) -> int:
    from frontline.store.db import Store
    from frontline.store.io import import_file

    store = Store.open(_resolve(args))
    report = import_file(store.connection(), args.file, on_progress=_progress_printer("Importing"))
    for line, message in report.errors:
        print(f"{args.file}:{line}: {message}", file=sys.stderr)
    same = f"; {report.unchanged} already here unchanged" if report.unchanged else ""
    hidden = (f"; {report.redacted} with customer personal data replaced by placeholders"
              if report.redacted else "")
    print(f"Imported {report.imported} observation(s){same}{hidden}; "
          f"{len(report.errors)} row(s) rejected.")
    return 0 if not report.errors else 1


def _cmd_export(args: argparse.Namespace) -> int:
    from frontline.store.db import Store
    from frontline.store.io import export_file

    store = Store.open(_resolve(args))
    count = export_file(store.connection(), args.file, on_progress=_progress_printer("Exporting"))
    print(f"Exported {count} observation(s) to {args.file}.")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    """`frontline report --pdf OUT.pdf`: exit 0 written, 3 no figures (offline and none
    kept), 5 nobody signed in as a reviewer, 2 bad arguments."""
    import os
    from datetime import date

    from frontline.sync.insights_query import InsightFilters

    try:
        if args.since or args.until:
            today = date.today()
            since = date.fromisoformat(args.since) if args.since else today
            until = date.fromisoformat(args.until) if args.until else today
            filters = InsightFilters(since, until)
        else:
            filters = InsightFilters.preset(args.period)
    except ValueError as error:
        print(f"frontline report: {error}; write dates as YYYY-MM-DD.", file=sys.stderr)
        return 2
    filters = InsightFilters(filters.since, filters.until, region=args.region,
                             store=args.store, kind=args.kind, channel=args.channel,
                             customer_type=args.customer_type)
    from frontline.sync.commands import insights_for_report

    data_dir = _resolve(args)
    outcome = insights_for_report(data_dir, filters, offline=args.offline)
    if outcome.doc is None:
        print(outcome.message, file=sys.stderr)
        return outcome.exit_code
    if outcome.message:
        print(outcome.message, file=sys.stderr)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from frontline.ui.report import report_from_cli

    return report_from_cli(outcome.doc, filters, args.pdf, as_of=outcome.as_of,
                           on_progress=_progress_printer("Writing the report"))


def _cmd_pii_check(args: argparse.Namespace) -> int:
    return run_check(sys.stdin, sys.stdout, regions=args.region,
                     public_numbers=args.public_number, staff_names=args.staff_name)


def run_check(
    stdin: IO[str],
    stdout: IO[str],
    *,
    regions: Sequence[str] | None,
    public_numbers: Sequence[str] = (),
    staff_names: Sequence[str] = (),
) -> int:
    """`frontline pii-check`: one JSON object per input line, in order; returns the exit code.

    Each output line is `{"entities": [{"kind", "start", "end"}], "redacted": "…"}`
    with Python string offsets into the input line (its line ending excluded).
    """
    import json

    from frontline.core.pii import detect, normalise_regions, redact

    chosen = normalise_regions(regions)
    for line in stdin:
        text = line.rstrip("\r\n")
        entities = detect(
            text, regions=chosen, public_numbers=public_numbers, staff_names=staff_names
        )
        record = {"entities": [e.as_dict() for e in entities], "redacted": redact(text, entities)}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from frontline.store.db import Store
    from frontline.store.demo import fill_demo

    store = Store.open(_resolve(args))
    added = fill_demo(store.connection(), count=args.count, seed=args.seed)
    print(f"Added {added} demo observation(s) to {store.path}.")
    return 0


def _cmd_enrol(args: argparse.Namespace) -> int:
    from frontline.sync.commands import enrol_command

    return enrol_command(_resolve(args), server=args.server, code=args.code, name=args.name,
                         as_json=args.json)


def _cmd_sync(args: argparse.Namespace) -> int:
    from frontline.sync.commands import sync_command

    return sync_command(_resolve(args), as_json=args.json)


def _cmd_status(args: argparse.Namespace) -> int:
    from frontline.sync.commands import status_command

    return status_command(_resolve(args), as_json=args.json)


def _self_check(args: argparse.Namespace) -> int:
    from frontline.sync.selfcheck import self_check_command
    from frontline.ui.selfcheck_qt import qt_checks

    return self_check_command(_resolve(args), as_json=args.json_report,
                              report_file=args.report_file, extra=qt_checks)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `frontline` console script."""
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is not None:
            return int(handler(args))
        if args.self_check:
            return _self_check(args)
        import gc

        # No garbage collection while the window starts (Qt's and our imports made ~40
        # collections, ~10 ms on two cores); run_app turns it back on after the first paint.
        gc.disable()
        try:
            from frontline.ui.app import run_app

            return run_app(data_dir=args.data_dir, demo=args.demo)
        finally:
            gc.enable()
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as error:
        # a server or a base install runs import, export, demo and pii-check; the app and
        # enrol, sync and status need Qt or the OS keychain (docs/packaging.md, "Extras")
        if (error.name or "").partition(".")[0] not in _DESKTOP_ONLY:
            raise
        print(f"frontline: this needs the desktop app's packages ({error.name} is not "
              "installed): pip install 'frontline[desktop]'", file=sys.stderr)
        return 2
    except Exception as error:  # a known problem gets its message, not a traceback
        from frontline.core.errors import KnownError

        if isinstance(error, KnownError):
            print(f"frontline: {error}", file=sys.stderr)
            return 2
        raise
