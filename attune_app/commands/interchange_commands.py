"""Tags in and out of research tools, and reels out to editors:

    attune export tags CLIP|--session S|--family REF --format F OUT
    attune export captions REEL OUT.srt|OUT.vtt
    attune export otio REEL OUT.otio
    attune import-tags FILE --clip CLIP [--coder NAME] [--map MAPPING.json]

Exports print the files written; an import prints the new tags' ids, once committed, and
reports on stderr what the mapping left out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from attune_app.commands.common import add_command, open_library, say
from attune_app.interchange.mapping import read_mapping
from attune_app.interchange.selection import select_tags
from attune_app.interchange.tag_export import (
    TAG_FORMATS,
    export_reel_captions,
    export_reel_otio,
    export_tags,
)
from attune_app.interchange.tag_import import import_tags
from attune_app.store.errors import InvalidChangeError, NotFoundError


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = add_command(
        commands,
        "import-tags",
        "import tags from ELAN (.eaf), BORIS (.tsv) or Attune (.csv/.json); prints their ids",
        _import,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help=".eaf, .tsv, .csv or .json")
    parser.add_argument(
        "--clip", type=int, required=True, metavar="CLIP", help="the clip the tags belong to"
    )
    parser.add_argument("--coder", metavar="NAME", help="the person the tags are by")
    parser.add_argument(
        "--map",
        dest="mapping",
        type=Path,
        metavar="MAPPING.json",
        help='{"tiers": {"TIER_ID": {"as": "cue|response|principle|note", "values": {...}}}}',
    )


def register_export(actions: argparse._SubParsersAction[Any]) -> None:
    tags = add_command(
        actions, "tags", "tags as ELAN, BORIS, CSV, JSON or subtitles; prints the files", _tags
    )
    tags.usage = (
        "attune export tags (CLIP | --session S | --family REF) --format F OUT "
        "[--library LIBRARY] [--as NAME]"
    )
    tags.add_argument(
        "target",
        nargs="+",
        metavar="CLIP OUT",
        help="the clip's id (unless --session or --family), then the file or folder to write",
    )
    tags.add_argument("--session", type=int, metavar="S", help="every clip of a session")
    tags.add_argument("--family", metavar="REF", help="every clip of a family")
    tags.add_argument("--format", required=True, choices=TAG_FORMATS)
    _intermix(tags)

    captions = add_command(actions, "captions", "a reel's captions as .srt or .vtt", _captions)
    captions.add_argument("reel", type=int, metavar="REEL")
    captions.add_argument("out", type=Path, metavar="OUT.srt|OUT.vtt")

    otio = add_command(actions, "otio", "a reel as an OpenTimelineIO timeline", _otio)
    otio.add_argument("reel", type=int, metavar="REEL")
    otio.add_argument("out", type=Path, metavar="OUT.otio")


def _intermix(parser: argparse.ArgumentParser) -> None:
    """Let `CLIP --format F OUT` put CLIP and OUT in one positional list, options between:
    plain argparse would give the list CLIP alone and reject OUT as unrecognised."""
    busy = False

    def parse_known_args(
        args: Any = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        nonlocal busy
        if busy:  # parse_known_intermixed_args calls back into parse_known_args
            return argparse.ArgumentParser.parse_known_args(parser, args, namespace)
        busy = True
        try:
            return argparse.ArgumentParser.parse_known_intermixed_args(parser, args, namespace)
        finally:
            busy = False

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign,assignment]


def _tags(args: argparse.Namespace) -> int:
    clip_id, out = _clip_and_out(args)
    with open_library(args) as library:
        if clip_id is not None:
            selection = select_tags(library, clip_id=clip_id)
            scope: tuple[str, int | None] = ("clip", clip_id)
        elif args.session is not None:
            selection = select_tags(library, session_id=args.session)
            scope = ("session", args.session)
        else:
            selection = select_tags(library, family_ref=args.family)
            family = library.db.execute(
                "SELECT id FROM families WHERE ref = ?", [args.family]
            ).fetchone()
            scope = ("family", int(family[0]) if family else None)
        result = export_tags(library, selection, args.format, out, scope=scope)
    for path in result.paths:
        print(path, flush=True)
    say(f"attune: wrote {result.tag_count} tags to {len(result.paths)} file(s).")
    return 0


def _clip_and_out(args: argparse.Namespace) -> tuple[int | None, Path]:
    chosen = [args.session is not None, args.family is not None]
    if len(args.target) == 2:
        if any(chosen):
            raise InvalidChangeError("Give a CLIP, --session S or --family REF: only one.")
        try:
            return int(args.target[0]), Path(args.target[1])
        except ValueError:
            raise InvalidChangeError(f"CLIP must be a clip id, not '{args.target[0]}'.") from None
    if len(args.target) != 1 or sum(chosen) != 1:
        raise InvalidChangeError(
            "Say which tags and where: `attune export tags CLIP --format F OUT`, or "
            "--session S / --family REF with OUT."
        )
    return None, Path(args.target[0])


def _captions(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        path = export_reel_captions(library, args.reel, args.out)
    print(path, flush=True)
    return 0


def _otio(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        path = export_reel_otio(library, args.reel, args.out)
    print(path, flush=True)
    return 0


def _import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise NotFoundError(f"There is no file {args.file}; check the name and folder.")
    mapping = read_mapping(args.mapping) if args.mapping else None
    with open_library(args) as library:
        report = import_tags(library, args.file, args.clip, coder=args.coder, mapping=mapping)
    for tag in report.added:
        print(tag.id, flush=True)
    say(f"attune: imported {len(report.added)} tags into clip {report.clip_id}.")
    for line in report.skipped:
        say(f"attune: not imported: {line}")
    for line in report.notes:
        say(f"attune: note: {line}")
    return 0
