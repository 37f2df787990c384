"""The `attune` command. With no sub-command it opens the desktop app.

Sub-commands are registered by the modules in `attune_app.commands`; the GUI is found through
the `attune.frontends` entry point, so this core package never imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from attune_app.commands import register_all


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attune",
        description="Attune: video feedback for parent-infant attunement.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = commands.add_parser("gui", help="open the desktop app (the default)")
    gui.add_argument("--library", help="library folder (default: your data folder)")
    gui.add_argument("--demo", action="store_true", help="open the built-in demo library")
    gui.set_defaults(handler=run_gui)
    register_all(commands)
    return parser


def run_gui(args: argparse.Namespace) -> int:
    frontends = entry_points(group="attune.frontends", name="gui")
    if not frontends:
        print(
            "attune: the desktop app is not installed (no 'attune.frontends' entry point).",
            file=sys.stderr,
        )
        return 1
    launch = next(iter(frontends)).load()
    result: int = launch(args)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help")):
        words.insert(0, "gui")  # plain `attune` (or `attune --library X`) opens the app
    args = parser.parse_args(words)
    handler = args.handler
    result: int = handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
