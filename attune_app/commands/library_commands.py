"""`attune library ...`, `attune import`, `attune tags` and `attune tag add`.

Results go to stdout (for scripts: `attune tag add` prints only the new id, after the commit);
messages and notices go to stderr. Every command takes `--library` (default: `$ATTUNE_LIBRARY`
or the per-user data folder).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from attune_app import services
from attune_app.commands.common import add_command as _add
from attune_app.commands.common import open_library as _open
from attune_app.commands.common import say as _say
from attune_app.commands.encryption_commands import register_library_actions
from attune_app.domain.models import Tag
from attune_app.services.consent_actions import (
    RecordingConsentMissingError,
    require_recording_consent,
)
from attune_app.store.backup import list_backups
from attune_app.store.check import check_library
from attune_app.store.damage import DamagedLibraryError, restore_damaged
from attune_app.store.errors import LibraryError
from attune_app.store.migrations import SCHEMA_VERSION, schema_version
from attune_app.store.relink import relink


def register(commands: argparse._SubParsersAction[Any]) -> None:
    library = commands.add_parser("library", help="create, inspect, check and back up a library")
    actions = library.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    _add(actions, "init", "create a library (harmless if it exists)", _init)
    _add(actions, "info", "show where the library is and what it holds", _info)
    check = _add(actions, "check", "check the library and make safe repairs", _check)
    check.add_argument("--no-hash", action="store_true", help="skip re-hashing media files")
    _add(actions, "backup", "make a backup now", _backup)
    restore = _add(actions, "restore", "replace the library with a backup", _restore)
    restore.add_argument("backup", nargs="?", help="backup file or name (omit to list them)")
    relink_parser = _add(actions, "relink", "find missing media files in a folder", _relink)
    relink_parser.add_argument("folder", type=Path)
    register_library_actions(actions)

    importer = _add(commands, "import", "import video files into the library", _import)
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importer.add_argument("--family", required=True, help="the family's reference (a pseudonym)")
    importer.add_argument("--session", help="filming date YYYY-MM-DD (default: recorded date)")
    importer.add_argument(
        "--consent-recorded-on",
        metavar="DATE",
        help="the day the family gave recording consent (recorded now, if none is current)",
    )

    tags = _add(commands, "tags", "list a clip's tags", _tags)
    tags.add_argument("clip_id", type=int, metavar="CLIP_ID")
    tags.add_argument("--format", choices=("csv", "json"), default="csv")

    tag = commands.add_parser("tag", help="change tags")
    tag_actions = tag.add_subparsers(dest="tag_command", metavar="ACTION", required=True)
    add = _add(tag_actions, "add", "add a tag; prints its id once saved", _tag_add)
    add.add_argument("--clip", type=int, required=True, metavar="ID")
    add.add_argument("--in", dest="in_frame", type=int, required=True, metavar="N")
    add.add_argument("--out", dest="out_frame", type=int, required=True, metavar="M")
    add.add_argument("--cue-frame", type=int, metavar="N")
    add.add_argument("--cue", metavar="CODE")
    add.add_argument("--response-frame", type=int, metavar="N")
    add.add_argument("--response", metavar="CODE")
    add.add_argument("--principle", action="append", default=[], metavar="CODE")
    add.add_argument("--note", default="")


def _init(args: argparse.Namespace) -> int:
    with _open(args, create=True) as library:
        print(library.path)
    return 0


def _info(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as library:
        db = library.db
        backups = list_backups(library.backups_dir)
        print(f"library: {library.path}")
        print(f"schema: v{schema_version(db)} (this Attune: v{SCHEMA_VERSION})")
        for table in ("families", "sessions", "clips", "tags", "reels", "audit_log"):
            print(f"{table}: {db.execute(f'SELECT count(*) FROM {table}').fetchone()[0]}")
        last = backups[-1].path.name if backups else "none yet"
        print(f"backups: {len(backups)} (newest: {last})")
        print(f"encrypted: {'yes' if library.encrypted else 'no'}")
    return 0


def _check(args: argparse.Namespace) -> int:
    with _open(args) as library:
        report = check_library(library, hash_media=not args.no_hash)
    for repair in report.repairs:
        print(f"repaired: {repair}")
    for problem in report.problems:
        print(f"{problem.severity}: {problem.what} {problem.advice}".rstrip())
    for line in report.verified:
        print(f"verified: {line}")
    print("The library is in good order." if report.ok else "The library has problems (above).")
    return 0 if report.ok else 1


def _backup(args: argparse.Namespace) -> int:
    with _open(args) as library:
        print(library.backup(label="manual").path)
    return 0


def _restore(args: argparse.Namespace) -> int:
    try:
        library = _open(args)
    except DamagedLibraryError as damaged:
        return _restore_damaged(args, damaged)
    with library:
        if not args.backup:
            for info in list_backups(library.backups_dir):
                print(info.path.name)
            return 0
        chosen = Path(args.backup)
        if not chosen.is_file():
            chosen = library.backups_dir / args.backup
        safety = library.restore(chosen)
        _say(f"attune: restored {chosen.name}; the state before it is in {safety.path.name}.")
    return 0


def _restore_damaged(args: argparse.Namespace, damaged: DamagedLibraryError) -> int:
    """The library cannot open: list its good backups, or put the chosen one in place."""
    if not args.backup:
        _say(f"attune: {damaged}")
        for info in damaged.backups:
            print(info.path.name)
        return 1
    chosen = Path(args.backup)
    if not chosen.is_file():
        chosen = damaged.folder / "backups" / args.backup
    if not chosen.is_file():
        raise LibraryError(f"There is no backup {args.backup} in {damaged.folder / 'backups'}.")
    kept = restore_damaged(damaged.folder, chosen, damaged.data_key)
    _say(f"attune: restored {chosen.name}; the damaged file is kept as {kept.name}.")
    return 0


def _relink(args: argparse.Namespace) -> int:
    with _open(args) as library:
        report = relink(library, args.folder)
    for clip_id, source in report.relinked.items():
        print(f"clip {clip_id}: relinked from {source}")
    for clip_id in report.still_missing:
        _say(f"attune: clip {clip_id}: no matching file in {args.folder}.")
    return 1 if report.still_missing else 0


def _import(args: argparse.Namespace) -> int:
    failures = 0
    with _open(args) as library:
        try:
            require_recording_consent(
                library, args.family, consent_recorded_on=args.consent_recorded_on
            )
        except RecordingConsentMissingError as missing:
            _say(
                f"attune: {missing} Record it first with `attune consent record "
                f"{missing.family_ref} --purpose recording --given-on DATE`, or import with "
                "`--consent-recorded-on DATE` (the day the family gave it)."
            )
            return 1
        for path in args.files:
            try:
                clip = services.import_clip(
                    library, path, family_ref=args.family, session_date=args.session
                )
            except LibraryError as error:
                failures += 1
                _say(f"attune: {error}")
                continue
            state = "already in the library as" if clip.already_imported else "imported as"
            print(f"{path.name}: {state} clip {clip.id} ({clip.frame_count} frames)")
    return 1 if failures else 0


def _tags(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as library:
        services.get_clip(library, args.clip_id)
        tags = services.list_tags(library, args.clip_id)
    rows = [{**dataclasses.asdict(t), "latency_frames": t.latency_frames} for t in tags]
    if args.format == "json":
        json.dump(rows, sys.stdout, indent=2)
        print()
        return 0
    fields = [f.name for f in dataclasses.fields(Tag)]
    writer = csv.DictWriter(sys.stdout, fieldnames=[*fields, "latency_frames"])
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "principle_codes": ";".join(row["principle_codes"])})
    return 0


def _tag_add(args: argparse.Namespace) -> int:
    with _open(args) as library:
        tag = services.add_tag(
            library,
            args.clip,
            in_frame=args.in_frame,
            out_frame=args.out_frame,
            cue_frame=args.cue_frame,
            cue_code=args.cue,
            response_frame=args.response_frame,
            response_code=args.response,
            principle_codes=args.principle,
            note=args.note,
        )
        print(tag.id, flush=True)  # only after add_tag returned: the tag is committed
    return 0
