"""`attune audit`, `attune session sign-off|return|submit|list|history`,
`attune comment add|reply|resolve|list|new` and `attune person add|list|profile`.

Each change prints the new id bare on stdout once it is committed; messages go to stderr."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from attune_app.commands.common import add_command, open_library, say
from attune_app.domain.models import PROFILES
from attune_app.domain.supervision import REVIEW_STATES, STATE_WORDS
from attune_app.services.audit_trail import (
    AuditFilter,
    audit_rows,
    chain_status,
    check_date,
    rows_as_csv,
    rows_as_json,
)
from attune_app.services.comments import (
    comment_on_session,
    comment_on_tag,
    new_comments,
    reply,
    set_resolved,
    threads,
)
from attune_app.services.people import find_person, list_people
from attune_app.services.permissions import register_person, require, set_profile
from attune_app.services.supervision import (
    ReviewFilter,
    return_session,
    review_queue,
    sign_off,
    state_history,
    submit_for_review,
)
from attune_app.store.errors import InvalidChangeError, NotFoundError


def register(commands: argparse._SubParsersAction[Any]) -> None:
    audit = add_command(
        commands, "audit", "the audit trail as CSV or JSON, with its hash chain checked", _audit
    )
    audit.add_argument("--from", dest="date_from", metavar="DATE", help="YYYY-MM-DD, inclusive")
    audit.add_argument("--to", dest="date_to", metavar="DATE", help="YYYY-MM-DD, inclusive")
    audit.add_argument("--format", choices=("csv", "json"), default="csv")
    _register_session(commands)
    _register_comment(commands)
    _register_person(commands)


def _register_session(commands: argparse._SubParsersAction[Any]) -> None:
    session = commands.add_parser("session", help="review sessions: sign off, return, list")
    actions = session.add_subparsers(dest="session_command", metavar="ACTION", required=True)
    done = add_command(actions, "sign-off", "sign a session off; prints the sign-off id", _sign)
    done.add_argument("session", type=int, metavar="SESSION")
    done.add_argument("--note", default="", metavar="TEXT")
    back = add_command(actions, "return", "return a session to its practitioner", _return)
    back.add_argument("session", type=int, metavar="SESSION")
    back.add_argument("--reason", required=True, metavar="TEXT")
    again = add_command(actions, "submit", "send a returned session for review again", _submit)
    again.add_argument("session", type=int, metavar="SESSION")
    listing = add_command(actions, "list", "sessions with their review state", _list_sessions)
    listing.add_argument("--state", choices=REVIEW_STATES)
    listing.add_argument("--practitioner", metavar="NAME")
    listing.add_argument("--family", metavar="REF", help="a family reference (or its start)")
    listing.add_argument("--from", dest="date_from", metavar="DATE")
    listing.add_argument("--to", dest="date_to", metavar="DATE")
    history = add_command(actions, "history", "a session's review states, oldest first", _history)
    history.add_argument("session", type=int, metavar="SESSION")


def _register_comment(commands: argparse._SubParsersAction[Any]) -> None:
    comment = commands.add_parser("comment", help="comment threads on sessions and tags")
    actions = comment.add_subparsers(dest="comment_command", metavar="ACTION", required=True)
    add = add_command(actions, "add", "start a thread; prints the comment id", _comment_add)
    about = add.add_mutually_exclusive_group(required=True)
    about.add_argument("--session", type=int, metavar="SESSION")
    about.add_argument("--tag", type=int, metavar="TAG")
    add.add_argument("--clip", type=int, metavar="CLIP", help="with --session: a clip of it")
    add.add_argument("--frame", type=int, metavar="N", help="the frame the comment is about")
    add.add_argument("--text", required=True)
    answer = add_command(actions, "reply", "reply in a thread; prints the comment id", _reply)
    answer.add_argument("comment", type=int, metavar="COMMENT")
    answer.add_argument("--text", required=True)
    resolve = add_command(actions, "resolve", "mark a thread resolved", _resolve)
    resolve.add_argument("comment", type=int, metavar="COMMENT")
    resolve.add_argument("--reopen", action="store_true", help="open it again instead")
    listing = add_command(actions, "list", "a session's threads", _comment_list)
    listing.add_argument("session", type=int, metavar="SESSION")
    add_command(actions, "new", "your sessions with comments you have not seen", _new)


def _register_person(commands: argparse._SubParsersAction[Any]) -> None:
    person = commands.add_parser("person", help="the people who use the library")
    actions = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    add = add_command(actions, "add", "add a person with a profile; prints their id", _person_add)
    add.add_argument("name", metavar="NAME")
    add.add_argument("--profile", required=True, choices=PROFILES)
    add_command(actions, "list", "everyone, with their profile", _person_list)
    change = add_command(actions, "profile", "change someone's profile", _person_profile)
    change.add_argument("name", metavar="NAME")
    change.add_argument("--profile", required=True, choices=PROFILES)


def _audit(args: argparse.Namespace) -> int:
    where = AuditFilter(
        date_from=check_date(args.date_from, "--from"), date_to=check_date(args.date_to, "--to")
    )
    with open_library(args) as library:
        require(library, "view_audit")
        status = chain_status(library)
        rows = audit_rows(library, where)
        with library.transaction():
            library.audit("export_audit", "audit_log", None, {"entries": len(rows)})
    sys.stdout.write(rows_as_csv(rows) if args.format == "csv" else rows_as_json(rows, status))
    sys.stdout.flush()
    say(f"attune: {status.describe()}")
    return 0 if status.intact else 1


def _sign(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        print(sign_off(library, args.session, args.note).id, flush=True)
    return 0


def _return(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        print(return_session(library, args.session, args.reason).id, flush=True)
    return 0


def _submit(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        print(submit_for_review(library, args.session).id, flush=True)
    return 0


def _list_sessions(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        practitioner_id = None
        if args.practitioner:
            person = find_person(library, args.practitioner)
            if person is None:
                raise NotFoundError(f"This library knows nobody called {args.practitioner!r}.")
            practitioner_id = person.id
        where = ReviewFilter(
            practitioner_id=practitioner_id,
            family_ref=args.family,
            date_from=check_date(args.date_from, "--from"),
            date_to=check_date(args.date_to, "--to"),
            state=args.state,
        )
        for row in review_queue(library, where):
            print(
                f"{row.session_id}\t{row.date}\t{row.family_ref}\tcycle {row.cycle}\t"
                f"{row.practitioner}\t{STATE_WORDS[row.state]}\t{row.clips} clips\t"
                f"{row.tags} tags\t{row.open_threads} open threads"
            )
    return 0


def _history(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        names = {p.id: p.display_name for p in list_people(library)}
        for change in state_history(library, args.session):
            reason = f"\t{change.reason}" if change.reason else ""
            who = names.get(change.person_id or -1, "")
            print(f"{change.at}\t{STATE_WORDS[change.state]}\t{who}{reason}")
    return 0


def _comment_add(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        if args.tag is not None:
            if args.clip is not None:
                raise InvalidChangeError("A tag's comment is on the tag's own clip; drop --clip.")
            made = comment_on_tag(library, args.tag, args.text, frame=args.frame)
        else:
            made = comment_on_session(
                library, args.session, args.text, clip_id=args.clip, frame=args.frame
            )
        print(made.id, flush=True)
    return 0


def _reply(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        print(reply(library, args.comment, args.text).id, flush=True)
    return 0


def _resolve(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        print(set_resolved(library, args.comment, not args.reopen).id, flush=True)
    return 0


def _comment_list(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        names = {p.id: p.display_name for p in list_people(library)}
        for thread in threads(library, args.session):
            state = "resolved" if thread.resolved else "open"
            for comment in thread.comments:
                where = "session" if comment.tag_id is None else f"tag {comment.tag_id}"
                if comment.frame is not None:
                    where += f" frame {comment.frame}"
                indent = "  " if comment.is_reply else ""
                who = names.get(comment.author_id or -1, "")
                print(f"{indent}{comment.id}\t{where}\t{who}\t{state}\t{comment.text}")
    return 0


def _new(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        for found in new_comments(library):
            print(f"{found.session_id}\t{found.family_ref}\t{found.count} new")
    return 0


def _person_add(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        print(register_person(library, args.name, args.profile).id, flush=True)
    return 0


def _person_list(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        for person in list_people(library):
            print(f"{person.id}\t{person.display_name}\t{person.profile}")
    return 0


def _person_profile(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        person = find_person(library, args.name)
        if person is None:
            raise NotFoundError(
                f"This library knows nobody called {args.name!r}; add them with "
                "`attune person add NAME --profile P`."
            )
        print(set_profile(library, person.id, args.profile).id, flush=True)
    return 0
