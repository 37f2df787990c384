"""Preview benchmark: `python -m attune_app.export.preview_bench [--runs N] [--keep DIR]`.

The demo library's reel as a training reel (`demo_training_reel`: its title card and three
moments, one slowed, one held, captions burned, two faces under solid boxes), rendered as the
review dialog's preview does (draft, into memory) and by `render_reel` to a file with the same
settings. Prints wall time, realtime factor, the ratio between them, the size of the MP4 held
in memory and how far the process's peak memory rose while rendering it.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.editing import add_box, update_settings
from attune_app.export.reel_preview import PREVIEW_SETTINGS, prepare_preview, render_preview
from attune_app.export.renderer import render_reel
from attune_app.services.demo import DEMO_REEL, ensure_demo_library
from attune_app.services.reels import (
    add_range_to_reel,
    add_title_card,
    create_reel,
    list_reel_items,
    list_reels,
    update_reel_item,
)
from attune_app.store.library import Library

# the demo clip's two faces on the first moment's frames (see attune_app.media.demo_clip)
DEMO_FACES = (Rect(232, 262, 372, 400), Rect(550, 140, 734, 320))
_SHOWN = ("caption", "speed", "hold_frame", "hold_ms", "hold_at")


def demo_training_reel(library: Library) -> int:
    """A training reel of the demo reel's items as shown there, each face of its first moment
    under a box drawn by hand (whole item, solid): what a trainer reviews before exporting."""
    demo = next(r for r in list_reels(library) if r.name == DEMO_REEL)
    reel = create_reel(library, "Training: playing together", "training")
    first = None
    for item in list_reel_items(library, demo.id):
        if item.is_title:
            add_title_card(library, reel.id, item.title_text, item.title_ms / 1000)
            continue
        assert item.clip_id is not None
        made = add_range_to_reel(library, reel.id, item.clip_id, item.in_frame, item.out_frame)
        update_reel_item(library, made.id, **{k: getattr(item, k) for k in _SHOWN})
        first = first or made
    assert first is not None and first.clip_id is not None
    for rect in DEMO_FACES:
        add_box(library, reel.id, first.clip_id, first.in_frame, rect, reel_item_id=first.id)
    update_settings(library, reel.id, fill="solid")
    return reel.id


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="best of N interleaved rounds")
    parser.add_argument("--keep", type=Path, help="folder to keep the demo library in")
    options = parser.parse_args(argv)
    folder = options.keep or Path(tempfile.mkdtemp(prefix="attune-preview-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    with Library.open(ensure_demo_library(folder / "demo-library")) as library:
        existing = [r for r in list_reels(library) if r.purpose == "training"]
        reel_id = existing[0].id if existing else demo_training_reel(library)
        prepared = prepare_preview(library, reel_id)
        memory_s, file_s, rise_mb, size = [], [], 0.0, 0
        for _run in range(options.runs):
            before = _peak_rss_mb()
            start = time.perf_counter()
            preview = render_preview(prepared)
            memory_s.append(time.perf_counter() - start)
            rise_mb = max(rise_mb, _peak_rss_mb() - before)
            size = len(preview.data)
            request = prepared.request
            start = time.perf_counter()
            render_reel(
                request.timeline,
                prepared.media,
                folder / "reel.mp4",
                PREVIEW_SETTINGS,
                redaction=request.redaction,
            )
            file_s.append(time.perf_counter() - start)
        plan = preview.plan
    length_s = plan.duration_s
    print(
        f"demo reel as a training reel: {plan.frame_count} frames, {length_s:.1f} s, "
        f"{plan.width}x{plan.height}, draft, best of {options.runs}"
    )
    print(f"{'job':<28}{'wall s':>8}{'x realtime':>12}{'vs file':>9}")
    for name, times in (("preview into memory", memory_s), ("render_reel to a file", file_s)):
        best = min(times)
        print(f"{name:<28}{best:>8.2f}{length_s / best:>12.1f}{best / min(file_s):>9.2f}")
    print(f"MP4 held in memory: {size / 1e6:.2f} MB ({size * 8 / length_s / 1e6:.2f} Mbit/s)")
    print(f"peak memory rise while rendering (first run): {rise_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
