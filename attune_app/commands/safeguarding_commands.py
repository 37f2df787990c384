"""`attune retention set|show|due`, `attune family close|erase`: keeping a family's data no
longer than the policy says, and erasing it provably.

`family erase REF --confirm REF` prints the erasure record's id bare on stdout once done; what
went (counts only) goes to stderr."""

from __future__ import annotations

import argparse
from typing import Any

from attune_app.commands.common import add_command, open_library, say
from attune_app.services.erasure import erase_family
from attune_app.services.retention import close_case, due_for_erasure, get_policy, set_policy

REASONS = {"last_session": "after the last session", "closed": "after the case was closed"}


def register(commands: argparse._SubParsersAction[Any]) -> None:
    retention = commands.add_parser("retention", help="the library's retention policy")
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    setter = add_command(actions, "set", "set the policy (an admin)", _set)
    setter.add_argument("--months-after-last-session", type=int, metavar="N")
    setter.add_argument("--months-after-closed", type=int, metavar="M")
    add_command(actions, "show", "show the policy", _show)
    add_command(actions, "due", "list the families due for erasure", _due)

    family = commands.add_parser("family", help="close a family's case, or erase the family")
    family_actions = family.add_subparsers(dest="family_command", metavar="ACTION", required=True)
    close = add_command(family_actions, "close", "record that the family's case closed", _close)
    close.add_argument("ref", metavar="REF")
    close.add_argument("--on", metavar="DATE", help="YYYY-MM-DD (default: today)")
    erase = add_command(
        family_actions, "erase", "erase everything about a family, backups included", _erase
    )
    erase.add_argument("ref", metavar="REF")
    erase.add_argument("--confirm", required=True, metavar="REF", help="the reference again")


def _set(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        policy = set_policy(
            library,
            months_after_last_session=args.months_after_last_session,
            months_after_closed=args.months_after_closed,
        )
    words = _words(policy.months_after_last_session, policy.months_after_closed)
    say(f"attune: retention policy set: {words}.")
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_library(args, read_only=True) as library:
        policy = get_policy(library)
    if not policy.is_set:
        print("No retention policy is set (`attune retention set`, an admin).")
        return 0
    print(_words(policy.months_after_last_session, policy.months_after_closed))
    return 0


def _due(args: argparse.Namespace) -> int:
    with open_library(args, read_only=True) as library:
        policy = get_policy(library)
        due = due_for_erasure(library)
    if not policy.is_set:
        say("attune: no retention policy is set, so no family is due (`attune retention set`).")
        return 0
    print("ref\tlast_session\tclosed_on\tdue_on\twhy")
    for entry in due:
        print(
            f"{entry.family.ref}\t{entry.last_session}\t{entry.family.closed_on or ''}\t"
            f"{entry.due_on}\t{REASONS[entry.reason]}"
        )
    return 0


def _close(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        family = close_case(library, args.ref, closed_on=args.on)
        print(family.id, flush=True)
    return 0


def _erase(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        report = erase_family(library, args.ref, confirm=args.confirm)
        print(report.erasure_id, flush=True)
    rows = ", ".join(f"{count} {table}" for table, count in report.rows.items())
    backups = report.backups
    say(
        f"attune: erased {report.items} items ({rows}; {report.media_files} media files, "
        f"{report.cache_files} cached files); backups: {backups.get('rewritten', 0)} rewritten, "
        f"{backups.get('deleted', 0)} deleted, {backups.get('untouched', 0)} never held them; "
        "a fresh backup was made. Run `attune library check` to verify."
    )
    return 0


def _words(after_session: int | None, after_closed: int | None) -> str:
    parts = []
    if after_session:
        parts.append(f"erase {after_session} months after a family's last session")
    if after_closed:
        parts.append(f"erase {after_closed} months after the case is closed")
    return ", or ".join(parts) + " (whichever comes first)" * (len(parts) > 1)
