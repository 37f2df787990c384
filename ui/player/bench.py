"""Player benchmark: figures, not pass/fail tests. `python -m ui.player.bench [--quick]`.

On a generated 1080p30 H.264 clip (frame indices drawn in the picture, a white flash and a
1 kHz beep at the start of every second):
- frames dropped during playback at 1x (target < 1%);
- scrub preview latency p95: pointer event to a picture for it or a newer one (< 50 ms);
- holding Right at a 30 Hz key repeat: does the shown frame keep up;
- audio/video offset: the audio clock's position when each flash frame is shown, against
  when its beep is played by the (simulated, when no device) sound device (within a frame,
  no drift); plus the feed's own sample accounting over 5 minutes at 1x and 0.5x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from attune_app.media.synthetic import draw_index_frame
from ui.player.audio_clock import (
    RATE,
    AudioClock,
    AudioFeed,
    QtAudioSink,
    SimulatedAudioSink,
    default_audio_device_available,
)
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController
from ui.player.video_view import VideoViewWidget

FPS = 30
BEEP_HZ, BEEP_S = 1000.0, 0.1


# --- the clip ---------------------------------------------------------------------------


def make_bench_clip(path: Path, seconds: int, size: tuple[int, int] = (1920, 1080)) -> Path:
    """1080p30 H.264 (GOP 2 s, like phones) + AAC; flash and beep at each whole second."""
    if path.exists():
        return path
    width, height = size
    partial = path.with_suffix(".partial.mp4")
    with av.open(str(partial), "w") as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"crf": "26", "g": str(2 * FPS), "preset": "ultrafast"}
        audio = out.add_stream("aac", rate=RATE, layout="stereo")
        small = (width // 4, height // 4)
        for i in range(seconds * FPS):
            frame = _upscale(draw_index_frame(i, *small), width, height)
            if i % FPS == 0:
                frame[int(height * 0.6) :, :] = 255  # the flash
            vf = av.VideoFrame.from_ndarray(frame, format="rgb24")
            vf.pts, vf.time_base = i, Fraction(1, FPS)
            for packet in video.encode(vf):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        _write_beeps(out, audio, seconds)
    partial.replace(path)
    return path


def _upscale(rgb: np.ndarray[Any, Any], width: int, height: int) -> np.ndarray[Any, Any]:
    # Drawing at quarter size and repeating pixels keeps generation fast; the index pattern's
    # big cells survive it, and the encoder still gets a full 1080p picture with motion.
    big = np.repeat(np.repeat(rgb, 4, axis=0), 4, axis=1)
    return np.ascontiguousarray(big[:height, :width])


def _write_beeps(out: Any, stream: Any, seconds: int) -> None:
    block = 1024
    total = seconds * RATE
    for start in range(0, total, block):
        n = min(block, total - start)
        t = (start + np.arange(n)) / RATE
        on = (t % 1.0) < BEEP_S
        tone = np.where(on, 0.5 * np.sin(2 * np.pi * BEEP_HZ * t), 0.0).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.stack([tone, tone]), format="fltp", layout="stereo")
        frame.sample_rate, frame.pts = RATE, start
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)


def beep_onsets(samples: np.ndarray[Any, Any], threshold: float = 0.1) -> list[int]:
    """Sample indices where a beep starts (signal rises after at least 0.5 s of quiet)."""
    level = np.abs(samples)
    loud = np.flatnonzero(level > threshold)
    onsets: list[int] = []
    for index in loud:
        if not onsets or index - onsets[-1] > RATE // 2:
            onsets.append(int(index))
    return onsets


# --- running the event loop ------------------------------------------------------------


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def spin_until(done: Callable[[], bool], timeout_ms: int) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while not done() and time.monotonic() < deadline:
        spin(5)


@dataclass
class Display:
    """Every picture the controller put on screen, with its time."""

    events: list[tuple[float, int, bool]] = field(default_factory=list)  # (t, frame, exact)

    def attach(self, controller: PlayerController, view: VideoViewWidget) -> None:
        def shown(frame: int, rgb: Any, exact: bool) -> None:
            self.events.append((time.monotonic(), frame, exact))
            view.show_frame(frame, rgb)
            view.repaint()  # paint now, so the figure includes the GUI thread's drawing

        controller.frameShown.connect(lambda f, rgb: shown(f, rgb, True))
        controller.previewShown.connect(lambda f, rgb: shown(f, rgb, False))


# --- the measurements ------------------------------------------------------------------


@dataclass
class PlaybackFigures:
    seconds: float
    due: int
    shown: int
    dropped_pct: float
    av_offsets_ms: list[float]
    av_first_ms: float
    av_last_ms: float
    clock: str
    start_ms: float  # Space to the first new frame


class RecordingQtSink(QtAudioSink):
    """The real device, keeping a copy of what was written so beeps can be located."""

    def __init__(self) -> None:
        super().__init__()
        self.pcm: list[bytes] = []

    def write(self, data: bytes) -> int:
        written = super().write(data)
        self.pcm.append(bytes(data[:written]))
        return written


def measure_playback(
    clip: Path, seconds: int, drop_window_s: int, real_device: bool
) -> PlaybackFigures:
    sinks: list[Any] = []

    def sink() -> Any:
        sinks.append(RecordingQtSink() if real_device else SimulatedAudioSink())
        return sinks[-1]

    controller = PlayerController(
        clock_factory=lambda info, video: AudioClock(video, sink_factory=sink)
    )
    view = VideoViewWidget()
    view.resize(1280, 720)
    view.show()
    display = Display()
    clock_at_show: dict[int, float] = {}
    try:
        controller.open(clip)
        spin_until(lambda: controller.shown_frame == 0, 5000)
        display.attach(controller, view)
        controller.frameShown.connect(
            lambda f, _rgb: (
                clock_at_show.setdefault(f, controller.clock.position_s())
                if controller.clock
                else None
            )
        )
        # Someone looks at the first frame a moment before pressing Space; the sound device
        # opened at open() (PulseAudio's null sink here takes ~1.5 s to start consuming).
        spin(2000)
        t_play = time.monotonic()
        controller.play()
        clock_kind = controller.clock.kind if controller.clock else "none"
        spin_until(lambda: controller.shown_frame > 0, 5000)
        start_ms = (time.monotonic() - t_play) * 1000
        content_start = getattr(controller.clock, "content_start_frame", 0)
        spin(seconds * 1000)
        controller.pause()
        pcm = b"".join(sinks[-1].pcm)
    finally:
        controller.shutdown()
        view.close()
    frames = [f for _t, f, _e in display.events]
    window = [f for f in frames if f < drop_window_s * FPS]
    due = (max(window) + 1) if window else 0
    shown = len(set(window))
    samples = np.frombuffer(pcm, "<i2").reshape(-1, 2)[:, 0].astype(np.float32) / 32767
    onsets = beep_onsets(samples)
    offsets = []
    for k, onset in enumerate(onsets):
        flash = k * FPS
        if flash in clock_at_show:
            # Both sides are positions of the same clock: when the flash frame went up, and
            # when the device reached the first sample of its beep.
            offsets.append((clock_at_show[flash] - (onset - content_start) / RATE) * 1000)
    return PlaybackFigures(
        seconds=seconds,
        due=due,
        shown=shown,
        dropped_pct=100 * (due - shown) / due if due else float("nan"),
        av_offsets_ms=offsets,
        av_first_ms=offsets[0] if offsets else float("nan"),
        av_last_ms=offsets[-1] if offsets else float("nan"),
        clock=f"{clock_kind} ({'QAudioSink' if real_device else 'simulated device'})",
        start_ms=start_ms,
    )


def measure_scrub(clip: Path, events: int, step_frames: int) -> list[float]:
    """A fast drag: one pointer event every 16 ms, `step_frames` apart, sweeping both ways."""
    controller = PlayerController(clock_factory=no_audio_clock_factory)
    view = VideoViewWidget()
    view.resize(1280, 720)
    view.show()
    display = Display()
    latencies: list[float] = []
    try:
        controller.open(clip)
        spin_until(lambda: controller.shown_frame == 0, 5000)
        count = controller.video_info.frame_count if controller.video_info else 1
        display.attach(controller, view)
        pointer: list[tuple[float, int]] = []
        frame, direction = 0, 1
        for _ in range(events):
            frame += direction * step_frames
            if not 0 <= frame < count:
                direction = -direction
                frame += 2 * direction * step_frames
            pointer.append((time.monotonic(), frame))
            controller.preview(frame)
            spin(16)
        spin(200)
        latencies = _pointer_latencies(pointer, display.events)
    finally:
        controller.shutdown()
        view.close()
    return latencies


def _pointer_latencies(
    pointer: list[tuple[float, int]], shown: list[tuple[float, int, bool]]
) -> list[float]:
    """For each pointer event: time until a picture for it, or for a later event, went up."""
    latencies: list[float] = []
    satisfied = 0
    for t_shown, frame, _exact in shown:
        matches = [j for j, (t, f) in enumerate(pointer) if f == frame and t <= t_shown]
        if not matches:
            continue
        j = matches[-1]
        while satisfied <= j:
            latencies.append((t_shown - pointer[satisfied][0]) * 1000)
            satisfied += 1
    return latencies


@dataclass
class HoldFigures:
    presses: int
    distinct_shown: int
    max_lag_frames: int
    mean_lag_frames: float
    settle_ms: float


def _hold_row(label: str, hold: HoldFigures) -> tuple[str, str, str, bool]:
    return (
        label,
        "keeps up",
        f"lag mean {hold.mean_lag_frames:.2f}, max {hold.max_lag_frames} frames; "
        f"{hold.distinct_shown}/{hold.presses} shown; settles {hold.settle_ms:.0f} ms",
        hold.max_lag_frames <= 2,
    )


def measure_hold(
    clip: Path,
    presses: int,
    start: int,
    delta: int = 1,
    pause_s: float = 0.0,
    scrub_from: int | None = None,
) -> HoldFigures:
    """Holding Right (delta 1) or Left (-1): a step every 33 ms (a 30 Hz key repeat), `pause_s`
    after the seek to `start` is on screen (a user looks at the frame before pressing). With
    `scrub_from`, the landing is the end of a drag from there to `start` instead of a seek."""
    controller = PlayerController(clock_factory=no_audio_clock_factory)
    view = VideoViewWidget()
    view.resize(1280, 720)
    view.show()
    display = Display()
    lags: list[int] = []
    try:
        controller.open(clip)
        if scrub_from is None:
            controller.seek(start)
        else:
            step = 1 if start >= scrub_from else -1
            for frame in range(scrub_from, start + step, 7 * step):
                controller.preview(frame)
                spin(16)
            controller.preview(start)  # the pointer rests here: the exact frame follows
        spin_until(lambda: controller.shown_frame == start, 5000)
        if pause_s > 0:
            spin(round(pause_s * 1000))
        display.attach(controller, view)
        for _ in range(presses):
            controller.step(delta)
            spin(33)
            lags.append(abs(controller.current_frame - controller.shown_frame))
        t0 = time.monotonic()
        target = controller.current_frame
        spin_until(lambda: controller.shown_frame == target, 5000)
        settle_ms = (time.monotonic() - t0) * 1000
    finally:
        controller.shutdown()
        view.close()
    return HoldFigures(
        presses=presses,
        distinct_shown=len({f for _t, f, _e in display.events}),
        max_lag_frames=max(lags),
        mean_lag_frames=statistics.fmean(lags),
        settle_ms=settle_ms,
    )


def measure_feed_drift(clip: Path, seconds: int, speed: float) -> tuple[float, float]:
    """Run the audio feed as fast as it goes (no device) and compare each beep's position in
    the output, mapped back to media time, with where it is in the clip: (first, last) ms."""
    from attune_app.media import open_video

    with open_video(clip) as video:
        feed = AudioFeed(video, 0.0, speed)
        chunks: list[bytes] = []
        wanted = int(seconds / speed * RATE) * 4
        got = 0
        try:
            while got < wanted:
                data = feed.take(1 << 20)
                if not data:
                    time.sleep(0.002)
                    continue
                chunks.append(data)
                got += len(data)
        finally:
            feed.stop()
    samples = np.frombuffer(b"".join(chunks), "<i2").reshape(-1, 2)[:, 0] / 32767
    onsets = beep_onsets(samples.astype(np.float32))
    errors = [(onset / RATE * speed - k) * 1000 for k, onset in enumerate(onsets)]
    return (errors[0], errors[-1]) if errors else (float("nan"), float("nan"))


# --- report ----------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95)) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (about a minute)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "attune-bench")
    parser.add_argument(
        "--simulated-device",
        action="store_true",
        help="use a simulated sound device even when a real one exists",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    play_s = 12 if quick else 300
    drop_s = 10 if quick else 60
    app = QApplication.instance() or QApplication(sys.argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    clip = make_bench_clip(args.cache / f"bench-1080p30-{play_s + 2}s.mp4", play_s + 2)
    print(f"clip: {clip.name} (made or found in {time.monotonic() - t0:.0f} s)", flush=True)

    real_device = default_audio_device_available() and not args.simulated_device
    playback = measure_playback(clip, play_s, drop_s, real_device)
    scrub = measure_scrub(clip, events=60 if quick else 240, step_frames=7)
    hold = measure_hold(clip, presses=45 if quick else 150, start=31)
    # Backward from the end of a GOP: the engine decodes the GOP once, then steps from cache.
    hold_back = measure_hold(clip, presses=45 if quick else 150, start=359, delta=-1)
    # As a user does it: land on a frame, look, then hold Left (the landing's prefetch helps).
    hold_back_rested = measure_hold(
        clip, presses=45 if quick else 150, start=359, delta=-1, pause_s=0.5
    )
    # Other landings: the end of a scrub, and a seek onto a keyframe (nothing of its GOP
    # before it, so the first step back needs the previous GOP).
    hold_back_scrub = measure_hold(
        clip, presses=45 if quick else 150, start=359, delta=-1, scrub_from=200
    )
    hold_back_keyframe = measure_hold(clip, presses=45 if quick else 150, start=300, delta=-1)
    drift_s = 60 if quick else 300
    feed_1x = measure_feed_drift(clip, min(drift_s, play_s), 1.0)
    feed_half = measure_feed_drift(clip, min(drift_s, play_s) // 2, 0.5)
    del app

    frame_ms = 1000 / FPS
    offsets = playback.av_offsets_ms
    spread = (max(offsets) - min(offsets)) if offsets else float("nan")
    worst_ms = max(offsets, key=abs) if offsets else float("nan")
    rows = [
        (
            f"frames dropped, {drop_s} s at 1x",
            "< 1%",
            f"{playback.dropped_pct:.2f}% ({playback.due - playback.shown} of {playback.due})",
            playback.dropped_pct < 1,
        ),
        (
            "Space to moving picture",
            "< 150 ms",
            f"{playback.start_ms:.0f} ms",
            playback.start_ms < 150,
        ),
        (
            "scrub preview latency p95",
            "< 50 ms",
            f"{p95(scrub):.1f} ms (median {statistics.median(scrub):.1f}, n={len(scrub)})",
            p95(scrub) < 50,
        ),
        _hold_row("hold Right at 30 Hz", hold),
        _hold_row("hold Left at 30 Hz, right after the seek", hold_back),
        _hold_row("hold Left at 30 Hz, 0.5 s after the seek", hold_back_rested),
        _hold_row("hold Left at 30 Hz, right after a scrub", hold_back_scrub),
        _hold_row("hold Left at 30 Hz, right after a seek to a keyframe", hold_back_keyframe),
        (
            f"A/V offset, {playback.clock} clock, {play_s} s",
            f"within {frame_ms:.0f} ms",
            f"first {playback.av_first_ms:+.1f}, last {playback.av_last_ms:+.1f}, "
            f"worst {worst_ms:+.1f} ms (n={len(offsets)})",
            bool(offsets) and max(abs(o) for o in offsets) <= frame_ms,
        ),
        (
            f"A/V drift over {play_s} s",
            "none",
            f"spread {spread:.1f} ms",
            bool(offsets) and spread <= frame_ms,
        ),
        (
            f"audio feed error, {min(drift_s, play_s)} s at 1x",
            "< 1 ms",
            f"first {feed_1x[0]:+.2f}, last {feed_1x[1]:+.2f} ms",
            abs(feed_1x[1] - feed_1x[0]) < 1,
        ),
        (
            "audio feed error at 0.5x (atempo)",
            f"< {frame_ms:.0f} ms",
            f"first {feed_half[0]:+.2f}, last {feed_half[1]:+.2f} ms",
            max(abs(feed_half[0]), abs(feed_half[1])) < frame_ms,
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'figure':<{width}}  {'target':<12}  {'result':<60}  ok")
    for name, target, result, ok in rows:
        print(f"{name:<{width}}  {target:<12}  {result:<60}  {'yes' if ok else 'NO'}")
    print(f"\n(machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
