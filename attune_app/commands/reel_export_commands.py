"""`attune export reel REEL OUT.mp4 [...]`: the reel as one MP4 (progress on stderr, the output
path on stdout when it is written; a refusal or failure is a message and a non-zero exit)."""

from __future__ import annotations

import argparse
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

from attune_app.commands.common import add_command, open_library, say
from attune_app.export.output_plan import CAPTION_MODES, QUALITY_PRESETS, ExportSettings
from attune_app.export.reel_export import export_reel
from attune_app.export.renderer import ExportCancelled
from attune_app.export.sources import ExportError


def register_export(actions: argparse._SubParsersAction[Any]) -> None:
    reel = add_command(actions, "reel", "write a reel as one MP4 video", _reel)
    reel.add_argument("reel", type=int, metavar="REEL")
    reel.add_argument("out", type=Path, metavar="OUT.mp4")
    reel.add_argument("--quality", choices=tuple(QUALITY_PRESETS), default="standard")
    reel.add_argument("--captions", choices=CAPTION_MODES, default="burn")
    reel.add_argument("--watermark", default="", metavar="TEXT")
    reel.add_argument("--size", type=_size, metavar="WxH", help="default: the first clip's")
    reel.add_argument("--fps", type=_fps, metavar="N", help="default: the first clip's")


def _reel(args: argparse.Namespace) -> int:
    settings = ExportSettings(
        quality=args.quality,
        captions=args.captions,
        watermark=args.watermark,
        size=args.size,
        fps=args.fps,
    )
    target = args.out if args.out.suffix.lower() == ".mp4" else args.out.with_suffix(".mp4")
    with open_library(args) as library:
        try:
            result, _digest = export_reel(
                library, args.reel, target.absolute(), settings, progress=_Progress()
            )
        except ExportCancelled:
            say("attune: the export was cancelled; nothing was written.")
            return 130
        except KeyboardInterrupt:
            say("\nattune: the export was interrupted; nothing was written.")
            return 130
        except ExportError as error:
            say(f"attune: {error}")
            return 1
    print(result.path, flush=True)
    return 0


class _Progress:
    """'exporting 40% (6 s left)' on stderr, at most twice a second."""

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.5:
            return
        self._last = now
        elapsed = now - self._start
        left = elapsed * (total - done) / done if done else 0.0
        say(f"attune: exporting {100 * done // max(total, 1)}% ({left:.0f} s left)")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1280x720") from None
    if not (16 <= w <= 7680 and 16 <= h <= 4320):
        raise argparse.ArgumentTypeError("the size is between 16x16 and 7680x4320")
    return w, h


def _fps(text: str) -> Fraction:
    try:
        rate = Fraction(text).limit_denominator(1001)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a frame rate like 25") from None
    if not 1 <= rate <= 120:
        raise argparse.ArgumentTypeError("the frame rate is between 1 and 120")
    return rate
