"""Review-mode benchmark: figures, not pass/fail tests. `python -m ui.review.bench [--quick]`.

A 10-item reel over two generated 1080p30 H.264 clips (items alternate between the clips, so
half the moves also change clip), played by review mode's controller onto the parent's view:
- gap between items: from the end of one item to the first picture of the next on screen,
  (a) when the practitioner presses Next at an auto-paused item, (b) when the reel runs on by
  itself (as the workbench's F5 does); target within one frame interval (33 ms at 30 fps);
- time to first picture: from starting the review (the clips not yet open) to the first
  moment's picture on screen; target < 1 s;
- whether each first picture is the item's in frame (the frame index drawn in the picture).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtWidgets import QApplication

from attune_app.media.synthetic import read_frame_index
from attune_app.services.importing import import_clip
from attune_app.services.people import ensure_local_person
from attune_app.services.reels import add_range_to_reel, create_reel
from attune_app.store.library import Library
from ui.player.bench import FPS, make_bench_clip, p95, spin, spin_until
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController
from ui.review.parent_view import ParentViewWidget
from ui.review.review_controller import ReviewController

ITEMS = 10
ITEM_FRAMES = 30  # one second each
_TIMEOUT_MS = 20_000


def _player(owner: Any) -> PlayerController:
    return PlayerController(owner, clock_factory=no_audio_clock_factory)


def make_reel(library: Library, clips: list[Path]) -> int:
    ids = [
        import_clip(library, c, family_ref="F-BENCH", session_date="2026-01-05").id for c in clips
    ]
    reel = create_reel(library, "Bench", "parent_review")
    for k in range(ITEMS):
        start = 15 + (k // 2) * 35  # distinct moments, each clip's GOPs crossed
        add_range_to_reel(library, reel.id, ids[k % 2], start, start + ITEM_FRAMES - 1)
    return reel.id


class Screen:
    """The parent's view, painted at once; remembers when each picture arrived."""

    def __init__(self, controller: ReviewController) -> None:
        self.view = ParentViewWidget()
        self.view.resize(1280, 800)
        self.view.show()
        self.events: list[tuple[float, np.ndarray[Any, Any]]] = []
        controller.pictureShown.connect(self._shown)

    def _shown(self, rgb: np.ndarray[Any, Any]) -> None:
        self.view.show_picture(rgb)
        self.view.video.repaint()
        self.events.append((time.monotonic(), rgb))

    def first_after(self, t: float) -> tuple[float, np.ndarray[Any, Any]] | None:
        return next(((te, rgb) for te, rgb in self.events if te >= t), None)


def run(library: Library, reel_id: int, auto_pause: bool) -> tuple[float, list[float], int]:
    """(ms to first picture, gaps in ms, first pictures that were the right frame)."""
    controller = ReviewController(library, reel_id, make_player=_player)
    controller.playback.auto_pause = auto_pause
    screen = Screen(controller)
    ended: list[float] = []
    on_range_finished = controller.playback.on_range_finished

    def timed_end() -> None:  # stamped before the controller moves on
        ended.append(time.monotonic())
        on_range_finished()

    controller.playback.on_range_finished = timed_end  # type: ignore[method-assign]
    t0 = time.monotonic()
    controller.start()
    spin_until(lambda: bool(screen.events), _TIMEOUT_MS)
    first_ms = (screen.events[0][0] - t0) * 1000 if screen.events else float("nan")
    gaps: list[float] = []
    right = 0
    entries = controller.timeline.entries
    since = t0  # pictures of this item come after this moment
    for index in range(ITEMS):
        if index > 0:
            if auto_pause:
                spin(60)  # the parent looks at the last frame a moment
                pressed = time.monotonic()
                controller.next()
                end_t = pressed
            else:
                spin_until(lambda i=index: controller.playback.index == i, _TIMEOUT_MS)
                end_t = ended[-1] if ended else time.monotonic()
            spin_until(lambda t=end_t: screen.first_after(t) is not None, _TIMEOUT_MS)
            shown = screen.first_after(end_t)
            if shown is not None:
                gaps.append((shown[0] - end_t) * 1000)
            since = end_t
        shown = screen.first_after(since)
        if shown is not None and read_frame_index(shown[1]) == entries[index].item.in_frame:
            right += 1
        if auto_pause:
            spin_until(lambda: controller.playback.has_ended_item, _TIMEOUT_MS)
    spin_until(
        lambda: not controller.playback.is_active or controller.playback.has_ended_item, _TIMEOUT_MS
    )
    print(
        f"run ({'auto-pause' if auto_pause else 'running on'}): first pictures ready "
        f"{controller.preload_hits} of {controller.preload_hits + controller.preload_misses}",
        flush=True,
    )
    controller.shutdown()
    screen.view.close()
    return first_ms, gaps, right


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each kind")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "attune-bench")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    clips = [make_bench_clip(args.cache / f"review-1080p30-{s}s.mp4", s) for s in (12, 13)]
    runs = 1 if args.quick else 3
    firsts: list[float] = []
    gaps_next: list[float] = []
    gaps_on: list[float] = []
    right = total = 0
    with (
        tempfile.TemporaryDirectory() as scratch,
        Library.open(Path(scratch) / "library", create=True, auto_backup=False) as library,
    ):
        ensure_local_person(library)
        reel_id = make_reel(library, clips)
        for _ in range(runs):
            first, gaps, ok = run(library, reel_id, auto_pause=True)
            firsts.append(first)
            gaps_next += gaps
            right, total = right + ok, total + ITEMS
            _first, gaps, ok = run(library, reel_id, auto_pause=False)
            gaps_on += gaps
            right, total = right + ok, total + ITEMS
    del app
    frame_ms = 1000 / FPS
    rows = [
        _gap_row("gap: Next at an auto-paused item", gaps_next, frame_ms),
        _gap_row("gap: running on by itself", gaps_on, frame_ms),
        (
            "time to first picture",
            "< 1000 ms",
            f"{max(firsts):.0f} ms worst (median {statistics.median(firsts):.0f}, n={len(firsts)})",
            max(firsts) < 1000,
            max(firsts) / 1000,
        ),
        ("first picture is the in frame", "all", f"{right} of {total}", right == total, 1.0),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'figure':<{width}}  {'target':<10}  {'result':<46}  {'ratio':>6}  ok")
    for name, target, result, ok, ratio in rows:
        print(
            f"{name:<{width}}  {target:<10}  {result:<46}  {ratio:>6.2f}  {'yes' if ok else 'NO'}"
        )
    print("(ratio: result / target; 10-item reel, 2 clips of 1080p30 H.264, items of 1 s)")
    print(f"(machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f})")
    return 0


def _gap_row(name: str, gaps: list[float], frame_ms: float) -> tuple[str, str, str, bool, float]:
    if not gaps:
        return name, f"<= {frame_ms:.0f} ms", "no figures", False, float("nan")
    worst = p95(gaps)
    result = f"p50 {statistics.median(gaps):.1f}, p95 {worst:.1f} ms (n={len(gaps)})"
    return name, f"<= {frame_ms:.0f} ms", result, worst <= frame_ms, worst / frame_ms


if __name__ == "__main__":
    sys.exit(main())
