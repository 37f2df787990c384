"""`attune export ...`: each kind of export (reel video, stills, handout, tags) lives in its own
module with a `register_export(actions)`; this module gathers them under `export`."""

from __future__ import annotations

import argparse
from typing import Any

from attune_app.commands import (
    handout_export,
    interchange_commands,
    reel_export_commands,
    stills_export,
)

EXPORT_MODULES: tuple[Any, ...] = (
    reel_export_commands,
    stills_export,
    handout_export,
    interchange_commands,
)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    if not EXPORT_MODULES:
        return
    export = commands.add_parser("export", help="write reels, stills, handouts and tag data")
    actions = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    for module in EXPORT_MODULES:
        module.register_export(actions)
