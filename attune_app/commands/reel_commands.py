"""`attune reel create|add|title|list|show`: build a reel from scripts.

Each change prints the new id bare on stdout once it is committed."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from attune_app import services
from attune_app.commands.common import Handler, add_command, open_library
from attune_app.domain.models import HOLD_PLACES, REEL_PURPOSES
from attune_app.domain.reel_timeline import ConstantRate, ReelTimeline, entry_duration_s
from attune_app.domain.timecode import format_seconds
from attune_app.store.errors import InvalidChangeError, NotFoundError
from attune_app.store.library import Library


def register(commands: argparse._SubParsersAction[Any]) -> None:
    reel = commands.add_parser("reel", help="make and inspect highlight reels")
    actions = reel.add_subparsers(dest="reel_command", metavar="ACTION", required=True)

    create = add_command(actions, "create", "make a reel; prints its id", _hinted(_create))
    create.add_argument("--name", required=True)
    create.add_argument("--purpose", required=True, choices=REEL_PURPOSES)

    add = add_command(
        actions, "add", "add a moment (a tag or a clip range); prints its id", _hinted(_add)
    )
    add.add_argument("reel", type=int, metavar="REEL")
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument("--tag", type=int, metavar="TAG", help="the moment of this tag")
    source.add_argument("--clip", type=int, metavar="CLIP", help="a range of this clip")
    add.add_argument("--in", dest="in_frame", type=int, metavar="N")
    add.add_argument("--out", dest="out_frame", type=int, metavar="M")
    add.add_argument("--caption", default="", metavar="TEXT")
    add.add_argument("--speed", type=float, default=1.0, metavar="X", help="0.25 to 1")
    add.add_argument("--hold-frame", type=int, metavar="F", help="the frame to freeze")
    add.add_argument("--hold-s", type=float, default=0.0, metavar="S", help="seconds to hold")
    add.add_argument("--hold-at", choices=HOLD_PLACES, default="end")
    add.add_argument("--position", type=int, metavar="K", help="where (0 is first)")

    title = add_command(actions, "title", "add a title card; prints its id", _hinted(_title))
    title.add_argument("reel", type=int, metavar="REEL")
    title.add_argument("--text", required=True)
    title.add_argument("--seconds", type=float, required=True, metavar="S")
    title.add_argument("--position", type=int, metavar="K", help="where (0 is first)")

    add_command(actions, "list", "list the reels", _hinted(_list))
    show = add_command(actions, "show", "show a reel's items in order", _hinted(_show))
    show.add_argument("reel", type=int, metavar="REEL")
    show.add_argument("--format", choices=("json", "text"), default="text")


# An unknown id: where to find the right one.
_FIND_IDS = {
    "reel": "`attune reel list` shows the reels and their ids",
    "tag": "`attune tags CLIP` lists a clip's tags and their ids",
    "clip": "`attune library info` shows what the library holds",
}


def _hinted(handler: Handler) -> Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except NotFoundError as error:
            text = str(error)
            hint = next((h for kind, h in _FIND_IDS.items() if f"no {kind} with" in text), "")
            raise NotFoundError(f"{text} {hint}." if hint else text) from error

    return run


def _create(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        reel = services.create_reel(library, args.name, args.purpose)
        print(reel.id, flush=True)
    return 0


def _add(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        if args.tag is not None:
            if args.in_frame is not None or args.out_frame is not None:
                raise InvalidChangeError("Give --tag, or --clip with --in and --out, not both.")
            tag = services.get_tag(library, args.tag)
            clip_id, in_frame, out_frame = tag.clip_id, tag.in_frame, tag.out_frame
        else:
            if args.in_frame is None or args.out_frame is None:
                raise InvalidChangeError("A clip range needs --in N and --out M (frames).")
            clip_id, in_frame, out_frame = args.clip, args.in_frame, args.out_frame
        if args.hold_frame is not None and args.hold_s <= 0:
            raise InvalidChangeError("--hold-frame needs --hold-s, the seconds to hold it.")
        item = services.add_range_to_reel(
            library,
            args.reel,
            clip_id,
            in_frame,
            out_frame,
            caption=args.caption,
            speed=args.speed,
            hold_frame=args.hold_frame,
            hold_s=args.hold_s,
            hold_at=args.hold_at,
            position=args.position,
            source_tag_id=args.tag,
        )
        print(item.id, flush=True)
    return 0


def _title(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        item = services.add_title_card(
            library, args.reel, args.text, args.seconds, position=args.position
        )
        print(item.id, flush=True)
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_library(args, read_only=True) as library:
        for reel in services.list_reels(library):
            timeline = services.reel_timeline(library, reel.id)
            seconds = timeline.duration_s(_clip_rates(library, timeline))
            print(
                f"{reel.id}\t{reel.name}\t{reel.purpose}\t{len(timeline.entries)} items\t"
                f"{format_seconds(seconds)}"
            )
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_library(args, read_only=True) as library:
        timeline = services.reel_timeline(library, args.reel)
        rates = _clip_rates(library, timeline)
    if args.format == "json":
        json.dump(reel_as_json(timeline, rates), sys.stdout, indent=2)
        print()
        return 0
    reel = timeline.reel
    print(f"{reel.name} ({reel.purpose}), {format_seconds(timeline.duration_s(rates))}")
    for entry in timeline.entries:
        item, seconds = entry.item, entry_duration_s(entry, rates)
        if item.is_title:
            what = f"title card: {item.title_text}"
        else:
            what = f"clip {item.clip_id} frames {item.in_frame}-{item.out_frame} at {item.speed:g}x"
            if item.hold_ms:
                what += (
                    f", hold frame {item.hold_frame} {item.hold_ms / 1000:g} s at {item.hold_at}"
                )
            if item.caption:
                what += f", caption: {item.caption}"
        print(f"{item.position + 1}. [{item.id}] {what} ({seconds:.2f} s)")
    return 0


def reel_as_json(timeline: ReelTimeline, rates: Any) -> dict[str, Any]:
    """The reel and its items in order, every field, with each item's and the total seconds."""
    items = []
    for entry in timeline.entries:
        values = dataclasses.asdict(entry.item)
        values["duration_s"] = round(entry_duration_s(entry, rates), 6)
        values["steps"] = [
            {"type": type(step).__name__.removesuffix("Step").lower(), **dataclasses.asdict(step)}
            for step in entry.steps
        ]
        items.append(values)
    return {
        **dataclasses.asdict(timeline.reel),
        "duration_s": round(timeline.duration_s(rates), 6),
        "items": items,
    }


def _clip_rates(library: Library, timeline: ReelTimeline) -> Any:
    """Each clip's frame times from its frame rate (the running time the editor shows)."""
    rates = {}
    for clip_id in timeline.clip_ids:
        clip = services.get_clip(library, clip_id)
        rates[clip_id] = ConstantRate(clip.fps, clip.frame_count)
    return rates.__getitem__
