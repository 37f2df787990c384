"""`attune library encrypt|decrypt|change-passphrase`, and asking for a library's passphrase.

Secrets come from the environment for scripts and tests (`ATTUNE_PASSPHRASE`, and for a change
`ATTUNE_NEW_PASSPHRASE`, or `ATTUNE_RECOVERY_KEY` with `--recovery-key`), else from a prompt
that does not echo. `encrypt` prints the recovery key on stdout, once; messages go to stderr.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from attune_app.commands.common import USER_ENV, say
from attune_app.commands.common import add_command as _add
from attune_app.services import library_encryption
from attune_app.store import keys
from attune_app.store.errors import LibraryError
from attune_app.store.library import default_library_path

NEW_PASSPHRASE_ENV = "ATTUNE_NEW_PASSPHRASE"
RECOVERY_ENV = "ATTUNE_RECOVERY_KEY"


def register_library_actions(actions: argparse._SubParsersAction[Any]) -> None:
    """Added to `attune library`'s actions by `library_commands.register`."""
    _add(actions, "encrypt", "encrypt the library at rest with a passphrase", _encrypt)
    _add(actions, "decrypt", "remove the library's encryption (asks for the passphrase)", _decrypt)
    change = _add(
        actions, "change-passphrase", "set a new passphrase (nothing is re-encrypted)", _change
    )
    change.add_argument(
        "--recovery-key",
        action="store_true",
        help=f"unlock with the recovery key (${RECOVERY_ENV} or asked) instead of the passphrase",
    )


def passphrase_for(folder: Path) -> str | None:
    """The passphrase of an encrypted library for `open_library`: the environment, else a
    prompt on a terminal; None for a plain library (or when nobody can be asked)."""
    if not keys.is_encrypted(folder):
        return None
    return keys.passphrase_from_env() or _ask(f"Passphrase of the library {folder}: ")


def _encrypt(args: argparse.Namespace) -> int:
    folder = _folder(args)
    passphrase = keys.passphrase_from_env() or _ask_new("New passphrase for the library: ")
    recovery = library_encryption.encrypt_library(
        folder, _required(passphrase, keys.PASSPHRASE_ENV), actor=_actor(args), progress=_step
    )
    if recovery is None:
        say("attune: finished the interrupted encryption; the library is encrypted.")
        return 0
    say(
        "attune: the library is encrypted. Below is its RECOVERY KEY, shown only this once: "
        "write it down and keep it apart from the computer. Without the passphrase or this key "
        "nobody, including you, can open the library."
    )
    print(recovery)
    return 0


def _decrypt(args: argparse.Namespace) -> int:
    folder = _folder(args)
    passphrase = _required(passphrase_for(folder), keys.PASSPHRASE_ENV)
    library_encryption.decrypt_library(folder, passphrase, actor=_actor(args), progress=_step)
    say("attune: the library is no longer encrypted.")
    return 0


def _change(args: argparse.Namespace) -> int:
    folder = _folder(args)
    if not keys.is_encrypted(folder):
        raise LibraryError(
            f"The library {folder} is not encrypted; encrypt it with `attune library encrypt`."
        )
    if args.recovery_key:
        old = os.environ.get(RECOVERY_ENV) or _ask("Recovery key: ")
        old = _required(old, RECOVERY_ENV)
    else:
        old = _required(passphrase_for(folder), keys.PASSPHRASE_ENV)
    new = os.environ.get(NEW_PASSPHRASE_ENV) or _ask_new("New passphrase: ")
    library_encryption.change_passphrase(
        folder,
        old,
        _required(new, NEW_PASSPHRASE_ENV),
        recovery=args.recovery_key,
        actor=_actor(args),
    )
    say("attune: the passphrase is changed (the recovery key stays the same).")
    return 0


def _folder(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "library", None) or default_library_path()).expanduser().resolve()


def _actor(args: argparse.Namespace) -> str | None:
    return getattr(args, "as_person", None) or os.environ.get(USER_ENV) or None


def _step(what: str) -> None:
    say(f"attune: converting the {what}...")


def _ask(prompt: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(prompt) or None


def _ask_new(prompt: str) -> str | None:
    first = _ask(prompt)
    if first is None:
        return None
    if _ask("Type it again: ") != first:
        raise LibraryError("The two passphrases differ; nothing was changed.")
    return first


def _required(secret: str | None, env: str) -> str:
    if not secret:
        raise LibraryError(
            f"No passphrase was given. Type it when asked (run from a terminal), or set {env} "
            "for a script; nothing was changed."
        )
    return secret
