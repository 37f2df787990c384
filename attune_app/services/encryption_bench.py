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

from attune_app.media.bench import _fresh, _index_of, _steps, make_clip
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


def measure(library: Library, seed: int, samples: int) -> dict[str, float | bool]:
    rng = random.Random(seed)
    results: dict[str, float | bool] = {}
    opens = []
    for _ in range(3):
        start = time.perf_counter()
        video = _open(library)
        opens.append(time.perf_counter() - start)
        video.close()
    results["open (ms)"] = statistics.median(opens) * 1000
    with _open(library) as video:
        n = video.frame_count
        exact = True
        seeks = []
        for target in [rng.randrange(n) for _ in range(samples)]:
            _fresh(video)
            start = time.perf_counter()
            frame = video.read(target)
            seeks.append(time.perf_counter() - start)
            exact &= _index_of(frame) == target
        results["random seek, mean (ms)"] = statistics.mean(seeks) * 1000
        results["random seek, p95 (ms)"] = sorted(seeks)[int(0.95 * (len(seeks) - 1))] * 1000
        forward, backward, steps_exact = _steps(video, rng, samples)
        results["step forward, mean (ms)"] = statistics.mean(forward) * 1000
        results["step backward, mean (ms)"] = statistics.mean(backward) * 1000
        _fresh(video)
        count = min(n, 250)
        start = time.perf_counter()
        for i, frame in video.frames(0, count):
            if i % 25 == 0:
                exact &= _index_of(frame) == i
        results["playback decode (fps)"] = count / (time.perf_counter() - start)
        results["exact"] = exact and steps_exact
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
            f"{samples} samples; the same random choices on both libraries"
        )
        with Library.open(folder / "plain", auto_backup=False) as plain:
            plain_results = measure(plain, 7, samples)
        with Library.open(folder / "encrypted", passphrase=PASSPHRASE, auto_backup=False) as lib:
            encrypted_results = measure(lib, 7, samples)
            assert lib.encrypted
    _print(plain_results, encrypted_results)
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
