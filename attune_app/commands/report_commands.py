"""`attune report session SESSION OUT.pdf|.html` and `attune report family REF OUT.pdf|.html`.

Prints the written file's path on stdout once it is complete."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from attune_app.commands.common import add_command, open_library
from attune_app.reports.session_report import report_family, report_session


def register(commands: argparse._SubParsersAction[Any]) -> None:
    report = commands.add_parser("report", help="session and family reports (PDF or HTML)")
    actions = report.add_subparsers(dest="report_command", metavar="KIND", required=True)
    session = add_command(actions, "session", "one session's report", _session)
    session.add_argument("session", type=int, metavar="SESSION")
    session.add_argument("out", type=Path, metavar="OUT", help="a .pdf or .html file")
    family = add_command(actions, "family", "a family's report across its cycles", _family)
    family.add_argument("ref", metavar="REF", help="the family's reference")
    family.add_argument("out", type=Path, metavar="OUT", help="a .pdf or .html file")


def _session(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        report_session(library, args.session, args.out)
    print(args.out, flush=True)
    return 0


def _family(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        report_family(library, args.ref, args.out)
    print(args.out, flush=True)
    return 0
