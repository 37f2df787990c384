"""What every sub-command shares: `--library` and `--as`, opening the library, and errors as
messages (never a traceback). Results go to stdout, messages to stderr."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attune_app import services
from attune_app.store.errors import LibraryError
from attune_app.store.library import Library, default_library_path

Handler = Callable[[argparse.Namespace], int]
USER_ENV = "ATTUNE_USER"


def add_command(
    actions: argparse._SubParsersAction[Any], name: str, help_text: str, handler: Handler
) -> argparse.ArgumentParser:
    """A sub-command with `--library` and `--as`, whose errors become messages."""
    parser: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
    parser.add_argument("--library", type=Path, help="library folder (default: your data folder)")
    parser.add_argument(
        "--as",
        dest="as_person",
        metavar="NAME",
        help=f"the person doing this, for the audit trail (default: ${USER_ENV} or your login)",
    )
    parser.set_defaults(handler=guarded(handler))
    return parser


def guarded(handler: Handler) -> Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except LibraryError as error:
            say(f"attune: {error}")
            return 1
        except (OSError, sqlite3.Error) as error:  # a file or disk problem: no traceback
            where = getattr(args, "library", None) or default_library_path()
            say(
                f"attune: could not use the library {where}: {error}. Check the folder exists, "
                "is yours, has free space, and that no other program holds it; then run "
                "`attune library check`."
            )
            return 1

    return run


def say(message: str) -> None:
    print(message, file=sys.stderr)


def open_library(
    args: argparse.Namespace, *, create: bool = False, read_only: bool = False
) -> Library:
    """The library of `--library`, with the actor of `--as` / `$ATTUNE_USER` / the login."""
    path = getattr(args, "library", None) or default_library_path()
    from attune_app.commands.encryption_commands import passphrase_for

    passphrase = passphrase_for(Path(path).expanduser().resolve())
    library = Library.open(path, create=create, read_only=read_only, passphrase=passphrase)
    for notice in library.notices:
        say(f"attune: {notice}")
    try:
        name = getattr(args, "as_person", None) or os.environ.get(USER_ENV)
        if name:
            services.act_as(library, name)
        elif not read_only:
            services.ensure_local_person(library)
    except BaseException:
        library.close()
        raise
    return library
