"""`attune bundle export SESSION OUT.attune [--return] [--encrypt]` and
`attune bundle import FILE`: a session carried to a supervisor's library and back.

The passphrase comes from $ATTUNE_BUNDLE_PASSPHRASE, or is asked for on a terminal (never an
option: a command line is visible to other users of the computer)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from attune_app.commands.common import add_command, open_library, say
from attune_app.services.bundle_format import is_sealed
from attune_app.services.bundles import export_bundle, import_bundle
from attune_app.store.errors import InvalidChangeError

PASSPHRASE_ENV = "ATTUNE_BUNDLE_PASSPHRASE"


def register(commands: argparse._SubParsersAction[Any]) -> None:
    bundle = commands.add_parser("bundle", help="case bundles between practitioner and supervisor")
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    export = add_command(actions, "export", "write a session's case bundle", _export)
    export.add_argument("session", type=int, metavar="SESSION")
    export.add_argument("out", type=Path, metavar="OUT.attune")
    export.add_argument(
        "--return",
        dest="return_bundle",
        action="store_true",
        help="a return bundle: comments, sign-offs and codings without the clips",
    )
    export.add_argument(
        "--encrypt", action="store_true", help=f"seal it with a passphrase (${PASSPHRASE_ENV})"
    )
    imported = add_command(actions, "import", "merge a bundle; prints the session id", _import)
    imported.add_argument("file", type=Path, metavar="FILE")


def _passphrase(confirm: bool) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InvalidChangeError(
            f"This needs the bundle's passphrase: set {PASSPHRASE_ENV}, or run it in a terminal."
        )
    value = getpass.getpass("Bundle passphrase: ")
    if confirm and getpass.getpass("Again: ") != value:
        raise InvalidChangeError("The two passphrases differ; nothing was written.")
    if not value:
        raise InvalidChangeError("An empty passphrase protects nothing; nothing was written.")
    return value


def _export(args: argparse.Namespace) -> int:
    if args.out.suffix != ".attune":
        raise InvalidChangeError(f"{args.out}: name a case bundle OUT.attune.")
    passphrase = _passphrase(confirm=True) if args.encrypt else None
    with open_library(args) as library:
        export_bundle(
            library,
            args.session,
            args.out,
            passphrase=passphrase,
            with_media=not args.return_bundle,
        )
    print(args.out, flush=True)
    return 0


def _import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise InvalidChangeError(f"There is no bundle at {args.file}.")
    passphrase = _passphrase(confirm=False) if is_sealed(args.file) else None
    with open_library(args) as library:
        result = import_bundle(library, args.file, passphrase=passphrase)
    added = ", ".join(f"{n} {table}" for table, n in result.inserted.items() if n)
    say(f"attune: {args.file.name}: {added or 'nothing new'}")
    print(result.session_id, flush=True)
    return 0
