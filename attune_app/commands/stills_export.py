"""`attune export stills REEL OUTDIR`: one PNG per reel item, named by its place in the reel."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from attune_app.commands.common import add_command, open_library, say
from attune_app.export.stills import export_stills
from attune_app.media.errors import MediaError


def register_export(actions: argparse._SubParsersAction[Any]) -> None:
    stills = add_command(
        actions,
        "stills",
        "write one still (PNG) per reel item into a folder; prints each file",
        _stills,
    )
    stills.add_argument("reel", type=int, metavar="REEL")
    stills.add_argument("outdir", type=Path, metavar="OUTDIR", help="an existing folder")
    stills.add_argument(
        "--no-captions", action="store_true", help="leave the captions off the pictures"
    )


def _stills(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        try:
            written = export_stills(library, args.reel, args.outdir, captions=not args.no_captions)
        except MediaError as error:
            say(f"attune: {error}")
            return 1
    for still in written:
        print(still.path, flush=True)
    if not written:
        say(f"attune: reel {args.reel} has no moments from a clip, so there are no stills.")
    return 0
