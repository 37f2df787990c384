"""`attune anonymise detect|show|confirm`: anonymise a training reel from scripts.

`detect` reports progress on stderr and prints the number of face tracks; `show --format json`
prints the tracks, boxes and mute ranges; `confirm` records the acting trainer's review and
prints the confirmation's id."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from attune_app.anonymise.confirmation import confirm, confirmation_problem
from attune_app.anonymise.detection import DetectionCancelledError, detect_reel
from attune_app.anonymise.detectors import DETECTOR_NAMES, DetectorUnavailableError
from attune_app.anonymise.editing import update_settings
from attune_app.anonymise.model import ReelAnonymisation
from attune_app.anonymise.state import load, state_hash
from attune_app.commands.common import add_command, open_library, say
from attune_app.store.errors import InvalidChangeError


def register(commands: argparse._SubParsersAction[Any]) -> None:
    anonymise = commands.add_parser("anonymise", help="anonymise a training reel")
    actions = anonymise.add_subparsers(dest="anonymise_command", metavar="ACTION", required=True)
    detect = add_command(actions, "detect", "find and track the faces of a reel", _detect)
    detect.add_argument("reel", type=int, metavar="REEL")
    detect.add_argument("--detector", choices=DETECTOR_NAMES, help="default: the reel's choice")
    show = add_command(actions, "show", "show a reel's tracks, boxes and mute ranges", _show)
    show.add_argument("reel", type=int, metavar="REEL")
    show.add_argument("--format", choices=("json", "text"), default="text")
    conf = add_command(actions, "confirm", "confirm you reviewed the anonymised reel", _confirm)
    conf.add_argument("reel", type=int, metavar="REEL")


def _detect(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        if args.detector:
            update_settings(library, args.reel, detector=args.detector)
        last = [-1]

        def progress(done: int, total: int) -> None:
            percent = 100 * done // total if total else 100
            if percent != last[0] and (percent % 5 == 0 or done == total):
                last[0] = percent
                print(f"detecting faces: {done}/{total} frames ({percent}%)", file=sys.stderr)

        try:
            result = detect_reel(library, args.reel, progress=progress)
        except DetectorUnavailableError as error:
            raise InvalidChangeError(str(error)) from error
        except (KeyboardInterrupt, DetectionCancelledError):
            say("attune: face detection stopped; the frames done are kept for next time.")
            return 1
        say(
            f"attune: {result.frames_scanned} frame(s) scanned, {result.frames_cached} from "
            f"earlier runs; {result.tracks} face track(s)."
        )
        print(result.tracks, flush=True)
    return 0


def describe_json(state: ReelAnonymisation) -> dict[str, Any]:
    return {
        "reel": state.reel_id,
        "fill": state.settings.fill,
        "sound": state.settings.sound,
        "detector": state.settings.detector,
        "hash": state_hash(state),
        "items": [
            {
                "item": r.item_id,
                "clip": r.clip_id,
                "first_frame": r.first_frame,
                "last_frame": r.last_frame,
                "muted": r.muted,
            }
            for r in state.items
        ],
        "tracks": [
            {
                "id": t.id,
                "clip": t.clip_id,
                "keep_visible": t.keep_visible,
                "first_frame": t.first_frame,
                "last_frame": t.last_frame,
                "frames": [
                    {
                        "frame": f.frame,
                        "box": f.rect.as_list(),
                        "kind": f.kind,
                        "score": round(f.score, 3),
                    }
                    for f in t.frames
                ],
            }
            for t in state.tracks
        ],
        "boxes": [
            {
                "id": b.id,
                "clip": b.clip_id,
                "item": b.reel_item_id,
                "keep_visible": b.keep_visible,
                "keyframes": [{"frame": k.frame, "box": k.rect.as_list()} for k in b.keys],
            }
            for b in state.boxes
        ],
        "mute_ranges": [
            {"id": m.id, "clip": m.clip_id, "start_s": m.start_s, "end_s": m.end_s}
            for m in state.mutes
        ],
    }


def _show(args: argparse.Namespace) -> int:
    with open_library(args, read_only=True) as library:
        state = load(library, args.reel)
        problem = confirmation_problem(library, args.reel)
        if args.format == "json":
            data = describe_json(state)
            data["confirmation_problem"] = problem
            print(json.dumps(data, indent=2))
            return 0
        print(f"reel {state.reel_id}: fill {state.settings.fill}, sound {state.settings.sound}")
        for t in state.tracks:
            unsure = sum(1 for f in t.frames if f.unsure)
            keep = " keep visible" if t.keep_visible else ""
            print(
                f"track {t.id}: clip {t.clip_id} frames {t.first_frame}-{t.last_frame}"
                f" ({unsure} to look at){keep}"
            )
        for b in state.boxes:
            print(f"box {b.id}: clip {b.clip_id}, {len(b.keys)} keyframe(s)")
        for m in state.mutes:
            print(f"mute {m.id}: clip {m.clip_id} {m.start_s:.2f}-{m.end_s:.2f} s")
        print(problem or "confirmed")
    return 0


def _confirm(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        made = confirm(library, args.reel)
        print(made.id, flush=True)
    return 0
