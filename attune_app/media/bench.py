"""The media engine's benchmark: `python -m attune_app.media.bench [--quick]`.

Generates H.264 clips (long GOP, B-frames) whose frames carry their index, then prints, side
by side for 720p and 1080p: decode speed, random-seek latency against a plain decode from the
keyframe, forward and backward stepping, thumbnails, exactness, and OpenCV's
`CAP_PROP_POS_FRAMES` seeking on the same clips. Also the open time of a 30-minute clip and
the peak memory. Clips go to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
from numpy.typing import NDArray

from attune_app.media.frame_index import FrameIndex
from attune_app.media.request_queue import RequestWorker, Staleness
from attune_app.media.synthetic import draw_index_frame, read_frame_index
from attune_app.media.video import DEFAULT_CACHE_BYTES, Video, open_video

GOP = 250
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}
Row = tuple[str, dict[str, str]]


def make_clip(path: Path, width: int, height: int, frames: int) -> Path:
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "superfast", "g": str(GOP), "keyint_min": str(GOP)}
        stream.options |= {"bf": "3", "crf": "28", "sc_threshold": "0"}
        for i in range(frames):
            picture = draw_index_frame(i, width, height)
            out.mux(stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        out.mux(stream.encode(None))
    return path


def make_long_clip(short: Path, path: Path, minutes: float) -> Path:
    """A long clip by stream-copying a short one in a loop (cheap to generate)."""
    with av.open(str(short)) as source:
        seconds = float(source.duration or 0) / av.time_base
    loops = max(int(minutes * 60 / seconds) - 1, 0)
    cmd = ["ffmpeg", "-v", "error", "-y", "-stream_loop", str(loops), "-i", str(short)]
    subprocess.run([*cmd, "-c", "copy", str(path)], check=True)
    return path


def _index_of(frame: NDArray[np.uint8]) -> int | None:
    """The drawn index, read from every 4th pixel (quick, and the cells are large)."""
    return read_frame_index(np.ascontiguousarray(frame[::4, ::4]))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _fresh(video: Video) -> None:
    """Forget decoded frames and the decoder position, so the next read seeks."""
    video.cancel_prefetch(wait=True)
    video._cache.clear()
    video._thumbnails.clear()
    video._decoder.reset()
    video._landing.clear()


class KeyframeDecode:
    """The baseline: decode packets from the keyframe to the target, no seek, no cache."""

    def __init__(self, path: Path, video: Video) -> None:
        self._index = video.frame_index
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            self._packets = [p for p in container.demux(stream) if p.size]
            self._codec: Any = av.CodecContext.create(stream.codec_context.name, "r")
            self._codec.extradata = stream.codec_context.extradata
        self._codec.thread_type, self._codec.thread_count = "AUTO", 2

    def frame(self, target: int) -> Any:
        point = self._index.seek_point_for(target)
        self._codec.flush_buffers()
        want = self._index.pts[target]
        for packet in [*self._packets[point.decode_pos :], None]:
            for frame in self._codec.decode(packet):
                if frame.pts == want:
                    return frame.to_ndarray(format="rgb24")
        raise RuntimeError(f"frame {target} not decoded")


def bench_clip(path: Path, samples: int, rng: random.Random) -> dict[str, str]:
    results: dict[str, str] = {}
    with open_video(path, cache_bytes=DEFAULT_CACHE_BYTES) as video:
        n = video.frame_count
        results["frames"] = str(n)
        _fresh(video)
        seconds, shown = _timed(lambda: [_index_of(f) for _, f in video.frames(0, n)])
        results["sequential decode (read, RGB)"] = f"{n / seconds:.0f} fps"
        exact = shown == list(range(n))
        targets = [rng.randrange(n) for _ in range(samples)]
        seek_s, base_s, ratios = [], [], []
        baseline = KeyframeDecode(path, video)
        for t in targets:
            _fresh(video)
            took, frame = _timed(partial(video.read, t))
            exact &= _index_of(frame) == t
            base, _ = _timed(partial(baseline.frame, t))
            seek_s.append(took)
            base_s.append(base)
            ratios.append(took / base)
        results["random seek p50 / p95"] = f"{_ms(_p(seek_s, 0.5))} / {_ms(_p(seek_s, 0.95))}"
        results["decode from keyframe p50"] = _ms(_p(base_s, 0.5))
        results["seek / keyframe-decode p50"] = f"{statistics.median(ratios):.2f}x"
        forward, backward, ok = _steps(video, rng, samples)
        exact &= ok
        results["forward step p50"] = _ms(_p(forward, 0.5))
        results["backward step p50 (30 in a row)"] = _ms(_p(backward, 0.5))
        ratio = statistics.mean(backward) / statistics.mean(forward)
        results["backward / forward (mean)"] = f"{ratio:.2f}x"
        results["backward through a GOP (mean)"] = _gop_backward(video, statistics.mean(forward))
        backward_ratios, ok = _backward_ratios(
            video, rng, max(samples // 5, 4), statistics.mean(forward)
        )
        results |= backward_ratios
        exact &= ok
        for exact_mode in (False, True):
            name = "exact" if exact_mode else "fast"
            figures, ok = _thumbnails(video, targets, exact_mode)
            results[f"thumbnail 160px {name} p50 / p95"] = figures
            exact &= ok
        results["exact frames"] = "100%" if exact else "NOT EXACT"
        results["OpenCV seek p50 / exact"] = _opencv(path, targets)
    return results


def _steps(video: Video, rng: random.Random, runs: int) -> tuple[list[float], list[float], bool]:
    forward: list[float] = []
    backward: list[float] = []
    exact = True
    n = video.frame_count
    for _ in range(max(runs // 10, 1)):
        _fresh(video)
        start = rng.randrange(0, n - 31)
        video.read(start)
        for i in range(start + 1, start + 31):
            took, frame = _timed(partial(video.read, i))
            forward.append(took)
            exact &= _index_of(frame) == i
        _fresh(video)
        start = rng.randrange(31, n)
        video.read(start)
        for i in range(start - 1, start - 31, -1):
            took, frame = _timed(partial(video.read, i))
            backward.append(took)
            exact &= _index_of(frame) == i
    return forward, backward, exact


# (prefetch, pause between steps, label): the UI's worker calls prefetch_before after each
# backward step. 40 ms is a held arrow key's auto-repeat (25 steps a second); 16 ms is one
# step per refresh of a 60 Hz display, the fastest a user can see steps.
_BACKWARD_MODES = [
    (False, 0.0, "no prefetch"),
    (True, 0.016, "prefetch, 60 steps/s"),
    (True, 0.04, "prefetch, 25 steps/s"),
]


def _backward_ratios(
    video: Video, rng: random.Random, runs: int, forward_mean_s: float
) -> tuple[dict[str, str], bool]:
    """Mean backward step / mean forward step for cold runs of 30 and 60 steps, and the
    slowest step after each run's first (the first always decodes from the keyframe)."""
    results: dict[str, str] = {}
    exact = True
    for steps in (30, 60):
        seed = rng.randrange(2**32)  # the same start frames for every mode
        for prefetch, pace_s, label in _BACKWARD_MODES:
            starts = random.Random(seed)
            took, ok = _backward_runs(video, starts, runs, steps, prefetch, pace_s)
            exact &= ok
            ratio = statistics.mean(took) / forward_mean_s
            later = [t for n, t in enumerate(took) if n % steps]  # all but each first step
            worst = f"{ratio:.2f}x, max {_ms(max(later))}"
            results[f"back/fwd {steps} cold steps, {label}"] = worst
    return results, exact


def _backward_runs(
    video: Video, rng: random.Random, runs: int, steps: int, prefetch: bool, pace_s: float
) -> tuple[list[float], bool]:
    """Read times of `runs` cold backward runs of `steps` steps (prefetch on a worker)."""
    took: list[float] = []
    exact = True

    def handle(i: int, _staleness: Staleness) -> None:
        video.prefetch_before(i)  # each step is a newer request: no reason to stop a chunk

    worker = RequestWorker[int](handle)
    try:
        for _ in range(runs):
            _fresh(video)
            start = rng.randrange(steps + 1, video.frame_count)
            video.read(start)
            for i in range(start - 1, start - steps - 1, -1):
                seconds, frame = _timed(partial(video.read, i))
                took.append(seconds)
                exact &= _index_of(frame) == i
                if prefetch:
                    worker.submit(i)
                time.sleep(pace_s)
            video.cancel_prefetch()
    finally:
        worker.shutdown()
    return took, exact


def _gop_backward(video: Video, forward_mean_s: float) -> str:
    """Step back from the end of the first GOP to its keyframe: the amortised cost."""
    _fresh(video)
    last = min(video.keyframes[1] if len(video.keyframes) > 1 else GOP, video.frame_count) - 1
    video.read(last)
    start = time.perf_counter()
    for i in range(last - 1, -1, -1):
        video.read(i)
    mean_s = (time.perf_counter() - start) / last
    return f"{_ms(mean_s)} ({mean_s / forward_mean_s:.2f}x fwd)"


def _thumbnails(video: Video, targets: list[int], exact: bool) -> tuple[str, bool]:
    """Cold thumbnails (nothing decoded): a fast one shows the GOP's keyframe, checked."""
    times, ok = [], True
    for t in targets:
        _fresh(video)
        took, preview = _timed(partial(video.preview, t, 160, exact))
        times.append(took)
        want = t if exact else video.frame_index.seek_point_for(t).first_frame
        ok &= read_frame_index(preview.rgb) == preview.frame == want
    return f"{_ms(_p(times, 0.5))} / {_ms(_p(times, 0.95))}", ok


def _opencv(path: Path, targets: list[int]) -> str:
    capture = cv2.VideoCapture(str(path))
    times, hits = [], 0
    try:
        for t in targets:
            start = time.perf_counter()
            capture.set(cv2.CAP_PROP_POS_FRAMES, t)
            ok, bgr = capture.read()
            times.append(time.perf_counter() - start)
            if ok and _index_of(np.asarray(bgr[:, :, ::-1], dtype=np.uint8)) == t:
                hits += 1
    finally:
        capture.release()
    return f"{_ms(_p(times, 0.5))} / {100 * hits / len(targets):.0f}%"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc (VmRSS now, VmHWM peak; Linux only).

    VmHWM, unlike getrusage's ru_maxrss, is not inherited from the parent across exec.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _memory_probe(path: Path) -> None:
    """In a fresh process: fill the default cache, step backwards with prefetch, make
    thumbnails both ways, print RSS figures (MB)."""
    baseline = _status_mb("VmRSS")
    with open_video(path) as video:
        for _ in video.frames(0, video.frame_count):
            pass
        for start in (video.frame_count - 1, video.frame_count // 2):
            for i in range(start, start - 30, -1):
                video.read(i)
                video.prefetch_before(i)  # its own decoder too, and more frames to convert
        for i in range(0, video.frame_count, 7):  # thumbnails on their own decoders
            video.thumbnail(i, 160)
            video.thumbnail(i, 160, exact=True)
        cached = video._cache.size_bytes / 2**20
    print(f"{baseline:.0f} {_status_mb('VmHWM'):.0f} {cached:.0f}")


def _memory(path: Path) -> str:
    """Peak RSS of a fresh process that fills the default cache at 1080p."""
    cmd = [sys.executable, "-m", "attune_app.media.bench", "--memory-probe", str(path)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split()
    baseline, peak, cached = (float(x) for x in out[-3:])
    bound = DEFAULT_CACHE_BYTES / 2**20
    return (
        f"peak RSS {peak:.0f} MB = {baseline:.0f} MB at start + {peak - baseline:.0f} MB "
        f"with the cache full ({cached:.0f} of {bound:.0f} MiB; target <= {bound + 150:.0f})"
    )


def _print_table(rows: list[Row], columns: list[str]) -> None:
    width = max(len(name) for name, _ in rows) + 2
    print(f"{'':{width}}" + "".join(f"{c:>22}" for c in columns))
    for name, values in rows:
        print(f"{name:{width}}" + "".join(f"{values.get(c, ''):>22}" for c in columns))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attune_app.media.bench")
    parser.add_argument("--quick", action="store_true", help="shorter clips, fewer samples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-probe", metavar="CLIP", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_probe:
        _memory_probe(Path(args.memory_probe))
        return 0
    frames, samples, minutes = (300, 20, 30.0) if args.quick else (750, 60, 30.0)
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="attune-bench-"))
    try:
        return _run(folder, frames, samples, minutes, rng)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, frames: int, samples: int, minutes: float, rng: random.Random) -> int:
    print(f"Generating clips in {folder} (H.264, GOP {GOP}, 3 B-frames, {frames} frames)…")
    clips = {
        name: make_clip(folder / f"{name}.mp4", w, h, frames) for name, (w, h) in SIZES.items()
    }
    long_clip = make_long_clip(clips["720p"], folder / "long720p.mp4", minutes)
    table: dict[str, dict[str, str]] = {}
    for name, path in clips.items():
        for metric, value in bench_clip(path, samples, rng).items():
            table.setdefault(metric, {})[name] = value
    open_s, video = _timed(lambda: open_video(long_clip))
    with video:
        long_facts = f"{open_s:.2f} s ({video.frame_count} frames, {video.duration_s / 60:.1f} min)"
        saved = video.frame_index.to_json()
    # What the app does for a library clip: reuse the index saved at import.
    reopen_s, again = _timed(lambda: open_video(long_clip, frame_index=FrameIndex.from_json(saved)))
    again.close()
    _print_table(list(table.items()), list(SIZES))
    print(f"\nopen a {minutes:.0f}-minute 720p clip: {long_facts}")
    print(f"  the same with its saved frame index: {reopen_s:.2f} s")
    print(f"memory at 1080p, fresh process: {_memory(clips['1080p'])}")
    print(f"peak RSS of this whole benchmark run: {_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
