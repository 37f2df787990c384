"""`attune export handout REEL OUT.pdf [--paper a4|letter] [--with-words]`: the printable
sheet for the parent to take home."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from attune_app.commands.common import add_command, open_library, say
from attune_app.export.handout import PAPERS, export_handout
from attune_app.media.errors import MediaError


def register_export(actions: argparse._SubParsersAction[Any]) -> None:
    handout = add_command(
        actions,
        "handout",
        "write a printable PDF for the parent: the reel's stills and captions; prints the file",
        _handout,
    )
    handout.add_argument("reel", type=int, metavar="REEL")
    handout.add_argument("out", type=Path, metavar="OUT.pdf")
    handout.add_argument("--paper", choices=tuple(PAPERS), default="a4")
    handout.add_argument(
        "--with-words",
        action="store_true",
        help="add the parent's own words from the review (only when the parent agrees)",
    )


def _handout(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    with open_library(args) as library:
        try:
            export_handout(library, args.reel, out, paper=args.paper, with_words=args.with_words)
        except MediaError as error:
            say(f"attune: {error}")
            return 1
    print(out, flush=True)
    return 0
