"""Encrypted against plain library, side by side: `python -m attune_app.store.encryption_bench`.

Generates one H.264 clip (long GOP, B-frames; every frame carries its index), imports it into
a plain library and into an encrypted one (Argon2id, SQLCipher, AES-GCM media in 1 MiB
chunks), opens it in each through `Library.media_source` (the encrypted one decrypts chunks
in place, no decrypted file) and times the same operations with the same random choices:
open, random seek, stepping forward and backward, playback decode. Prints plain, encrypted
and their ratio (the target is within 1.2x), and whether every frame read was the right one.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attune_app.media.bench import _fresh, _index_of, make_clip
from attune_app.media.frame_index import FrameIndex
from attune_app.media.video import Video, open_video
from attune_app.services.clips import clip_frame_index_json, list_all_clips
from attune_app.services.importing import import_clip
from attune_app.services.library_encryption import encrypt_library
from attune_app.services.people import ensure_local_person
from attune_app.store.library import Library

PASSPHRASE = "benchmark passphrase, not a secret"
TARGET_RATIO = 1.2


def _library(folder: Path, clip: Path, *, encrypted: bool) -> None:
    with Library.open(folder, create=True, auto_backup=False) as library:
        ensure_local_person(library)
        import_clip(library, clip, family_ref="BENCH", session_date="2026-01-01")
    if encrypted:
        encrypt_library(folder, PASSPHRASE)


def _open(library: Library) -> Video:
    clip = list_all_clips(library)[0]
    saved = clip_frame_index_json(library, clip.id)
    index = FrameIndex.from_json(saved) if saved else None
    return open_video(library.media_source(clip), index)


def _timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


Sides = dict[str, Library]
Results = dict[str, dict[str, float | bool]]


def _paired(
    sides: Sides, rounds: int, sample: Callable[[str, Library, int], float]
) -> dict[str, float]:
    """Median of `rounds` runs of `sample` on each side, the sides alternating (ABBA) so that
    the load of a shared machine falls on both alike."""
    names = list(sides)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            times[name].append(sample(name, sides[name], r))
    return {name: statistics.median(values) for name, values in times.items()}


def measure(sides: Sides, seed: int, samples: int) -> Results:
    results: Results = {name: {} for name in sides}

    def put(label: str, values: dict[str, float], scale: float = 1000) -> None:
        for name, value in values.items():
            results[name][label] = value * scale

    put("open (ms)", _paired(sides, 15, lambda _n, lib, _r: _timed(lambda: _open(lib).close())))
    videos = {name: _open(lib) for name, lib in sides.items()}
    exact = dict.fromkeys(sides, True)
    try:
        n = next(iter(videos.values())).frame_count
        targets = [random.Random(seed + i).randrange(n) for i in range(samples)]

        def seek(name: str, _lib: Library, r: int) -> float:
            video = videos[name]
            _fresh(video)
            start = time.perf_counter()
            frame = video.read(targets[r])
            took = time.perf_counter() - start
            exact[name] &= _index_of(frame) == targets[r]
            return took

        put("random seek, median (ms)", _paired(sides, samples, seek))

        def steps(direction: int) -> Callable[[str, Library, int], float]:
            def run(name: str, _lib: Library, r: int) -> float:
                video = videos[name]
                _fresh(video)
                first = random.Random(seed * 31 + r).randrange(31, n - 31)
                video.read(first)
                took = []
                for k in range(1, 31):
                    i = first + direction * k
                    start = time.perf_counter()
                    frame = video.read(i)
                    took.append(time.perf_counter() - start)
                    exact[name] &= _index_of(frame) == i
                return statistics.mean(took)

            return run

        put("step forward, mean (ms)", _paired(sides, max(samples // 2, 5), steps(1)))
        put("step backward, mean (ms)", _paired(sides, max(samples // 2, 5), steps(-1)))
        count = min(n, 250)

        def playback(name: str, _lib: Library, _r: int) -> float:
            video = videos[name]
            _fresh(video)
            start = time.perf_counter()
            for i, frame in video.frames(0, count):
                if i % 25 == 0:
                    exact[name] &= _index_of(frame) == i
            return count / (time.perf_counter() - start)

        put("playback decode (fps)", _paired(sides, 9, playback), scale=1)
    finally:
        for video in videos.values():
            video.close()
    for name in sides:
        results[name]["exact"] = exact[name]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attune_app.store.encryption_bench")
    parser.add_argument("--quick", action="store_true", help="a small clip and few samples")
    args = parser.parse_args(argv)
    width, height, frames, samples = (640, 360, 300, 20) if args.quick else (1280, 720, 750, 60)
    with tempfile.TemporaryDirectory(prefix="attune-encbench-") as temp:
        folder = Path(temp)
        clip = make_clip(folder / "bench.mp4", width, height, frames)
        _library(folder / "plain", clip, encrypted=False)
        _library(folder / "encrypted", clip, encrypted=True)
        print(
            f"clip: {width}x{height}, {frames} frames, H.264 GOP 250 with B-frames; "
            f"{samples} samples; the same frames on both libraries, runs alternating (ABBA), "
            "medians"
        )
        with (
            Library.open(folder / "plain", auto_backup=False) as plain,
            Library.open(folder / "encrypted", passphrase=PASSPHRASE, auto_backup=False) as lib,
        ):
            assert lib.encrypted and not plain.encrypted
            results = measure({"plain": plain, "encrypted": lib}, 7, samples)
    _print(results["plain"], results["encrypted"])
    return 0


def _print(plain: dict[str, float | bool], encrypted: dict[str, float | bool]) -> None:
    print(f"{'':28}{'plain':>12}{'encrypted':>12}{'ratio':>9}  (target: within 1.2x)")
    worst = 0.0
    for name, value in plain.items():
        other = encrypted[name]
        if isinstance(value, bool):
            print(f"{name:28}{value!s:>12}{other!s:>12}")
            continue
        assert not isinstance(other, bool)
        # time: encrypted / plain; a rate (fps): plain / encrypted; so > 1 is always slower
        ratio = value / other if "fps" in name else other / value
        worst = max(worst, ratio)
        print(f"{name:28}{value:>12.2f}{other:>12.2f}{ratio:>8.2f}x")
    verdict = "within" if worst <= TARGET_RATIO else "OVER"
    print(f"worst ratio {worst:.2f}x: {verdict} the {TARGET_RATIO}x target")


if __name__ == "__main__":
    sys.exit(main())
