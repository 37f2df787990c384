"""`attune agreement CLIP --coders A,B`: how far coders agree on a clip (read only)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from attune_app.commands.common import add_command, open_library
from attune_app.services.agreement import (
    DEFAULT_TIME_UNIT_S,
    DEFAULT_TOLERANCE_S,
    agreement_for_clip,
)
from attune_app.services.agreement_json import report_as_json, report_as_text


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = add_command(
        commands, "agreement", "agreement between coders of one clip (kappa, alpha)", _agreement
    )
    parser.add_argument("clip", type=int, metavar="CLIP")
    parser.add_argument(
        "--coders", required=True, metavar="A,B", help="two or more coders' names, comma-separated"
    )
    parser.add_argument(
        "--tolerance-s",
        type=float,
        default=DEFAULT_TOLERANCE_S,
        metavar="S",
        help=f"onsets this close are matched (default {DEFAULT_TOLERANCE_S})",
    )
    parser.add_argument(
        "--time-unit-s",
        type=float,
        default=DEFAULT_TIME_UNIT_S,
        metavar="S",
        help=f"time unit for time-unit kappa (default {DEFAULT_TIME_UNIT_S})",
    )
    parser.add_argument("--format", choices=("json", "text"), default="text")


def _agreement(args: argparse.Namespace) -> int:
    with open_library(args, read_only=True) as library:
        report = agreement_for_clip(
            library,
            args.clip,
            args.coders.split(","),
            tolerance_s=args.tolerance_s,
            time_unit_s=args.time_unit_s,
        )
    if args.format == "json":
        json.dump(report_as_json(report), sys.stdout, indent=2)
        print()
    else:
        sys.stdout.write(report_as_text(report))
    return 0
