"""`attune probe FILE` (what the media engine sees in a file) and `attune frame FILE N`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import cv2

from attune_app.media import MediaError, open_video, probe


def register(commands: argparse._SubParsersAction[Any]) -> None:
    probe = commands.add_parser("probe", help="show the facts of a video file")
    probe.add_argument("file", help="the video file")
    probe.add_argument("--json", action="store_true", help="print JSON instead of text")
    probe.set_defaults(handler=run_probe)
    frame = commands.add_parser("frame", help="save one frame of a video as a PNG")
    frame.add_argument("file", help="the video file")
    frame.add_argument("n", type=int, help="the frame number (0 is the first frame)")
    frame.add_argument("--out", required=True, help="the PNG file to write")
    frame.set_defaults(handler=run_frame)


def run_probe(args: argparse.Namespace) -> int:
    try:
        with open_video(args.file) as video:
            facts: dict[str, Any] = {
                "path": video.path,
                "codec": video.codec_name,
                "frame_count": video.frame_count,
                "fps": round(video.fps, 3),
                "duration_s": round(video.duration_s, 3),
                "size": list(video.size),
                "rotation": video.rotation,
                "mirrored": video.mirrored,
                "has_audio": video.has_audio,
                "keyframes": len(video.keyframes),
                "recorded_at": video.recorded_at.isoformat() if video.recorded_at else None,
                "damaged": video.frame_index.damaged,
                "sample_aspect": str(video.sample_aspect),
                "video_tracks": video_tracks(video.path),
            }
    except MediaError as error:
        print(f"attune probe: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(facts, indent=2))
    else:
        tracks = facts.pop("video_tracks")
        for name, value in facts.items():
            print(f"{name:12} {value}")
        for track in tracks:
            mark = "chosen" if track["chosen"] else "      "
            width, height = track["size"]
            print(
                f"{mark} track {track['index']}: {track['kind']}, {track['codec']} "
                f"{width}x{height}, {track['frames']} frames"
                + (", default" if track["default"] else "")
            )
    return 0


def video_tracks(path: str) -> list[dict[str, Any]]:
    container = probe.open_container(path)
    try:
        return probe.describe_video_streams(container)
    finally:
        container.close()


def run_frame(args: argparse.Namespace) -> int:
    try:
        with open_video(args.file) as video:
            if not 0 <= args.n < video.frame_count:
                print(
                    f"attune frame: {args.file} has frames 0 to {video.frame_count - 1}; "
                    f"there is no frame {args.n}.",
                    file=sys.stderr,
                )
                return 2
            rgb = video.read(args.n)
    except MediaError as error:
        print(f"attune frame: {error}", file=sys.stderr)
        return 1
    if not cv2.imwrite(args.out, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
        print(
            f"attune frame: could not write {args.out}; check the folder exists.", file=sys.stderr
        )
        return 1
    return 0
