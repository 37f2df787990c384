"""`attune consent record|withdraw|list`: a family's consent per purpose from scripts.

`record` prints the new consent's id bare on stdout once committed; `withdraw` prints the ids
of the consents it withdrew, and says on stderr which reel moments left which reel."""

from __future__ import annotations

import argparse
from datetime import date as Date
from typing import Any

from attune_app.commands.common import add_command, open_library, say
from attune_app.domain.models import CONSENT_PURPOSES
from attune_app.services.consent_actions import (
    STATE_WORDS,
    consent_states,
    find_family,
    purpose_state,
    record_consent,
    withdraw,
)
from attune_app.services.consents import list_consents


def register(commands: argparse._SubParsersAction[Any]) -> None:
    consent = commands.add_parser("consent", help="record, withdraw and list a family's consent")
    actions = consent.add_subparsers(dest="consent_command", metavar="ACTION", required=True)

    record = add_command(actions, "record", "record (or renew) a consent; prints its id", _record)
    record.add_argument("ref", metavar="REF", help="the family's reference")
    record.add_argument("--purpose", required=True, choices=CONSENT_PURPOSES)
    record.add_argument("--given-on", required=True, metavar="DATE", help="YYYY-MM-DD")
    record.add_argument("--expires-on", metavar="DATE", help="YYYY-MM-DD (default: no expiry)")

    out = add_command(actions, "withdraw", "withdraw a consent, from today or a date", _withdraw)
    out.add_argument("ref", metavar="REF", help="the family's reference")
    out.add_argument("--purpose", required=True, choices=CONSENT_PURPOSES)
    out.add_argument("--on", metavar="DATE", help="YYYY-MM-DD (default: today)")

    listing = add_command(actions, "list", "a family's consents and their state today", _list)
    listing.add_argument("ref", metavar="REF", help="the family's reference")


def _record(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        consent = record_consent(
            library,
            args.ref,
            args.purpose,
            given_on=args.given_on,
            expires_on=args.expires_on,
        )
        print(consent.id, flush=True)
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        family = find_family(library, args.ref)
        result = withdraw(library, family.id, args.purpose, withdrawn_on=args.on)
        for consent in result.consents:
            print(consent.id, flush=True)
        by_reel: dict[int, int] = {}
        for removal in result.removals:
            by_reel[removal.reel_id] = by_reel.get(removal.reel_id, 0) + 1
        for reel_id, count in by_reel.items():
            say(
                f"attune: reel {reel_id}: {count} moment(s) of family {family.ref} removed "
                f"({args.purpose} consent withdrawn)."
            )
    return 0


def _list(args: argparse.Namespace) -> int:
    today = Date.today()
    with open_library(args, read_only=True) as library:
        family = find_family(library, args.ref)
        states = consent_states(library, family.id, on=today)
        consents = list_consents(library, family.id)
    # one line per purpose (its state today), then one per consent recorded for it
    print("purpose\tstate\tconsent\tgiven_on\texpires_on\twithdrawn_on\tthis_consent")
    for purpose in CONSENT_PURPOSES:
        print(f"{purpose}\t{STATE_WORDS[states[purpose]]}\t\t\t\t\t")
        for consent in (c for c in consents if c.purpose == purpose):
            own = STATE_WORDS[purpose_state([consent], today)]
            print(
                f"{purpose}\t{STATE_WORDS[states[purpose]]}\t{consent.id}\t{consent.given_on}\t"
                f"{consent.expires_on or ''}\t{consent.withdrawn_on or ''}\t{own}"
            )
    return 0
