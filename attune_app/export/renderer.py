"""`render_reel`: a reel's timeline to one MP4 (and a caption sidecar on request).

Three threads overlap: one decodes and draws the pictures (FFmpeg's decoder threads inside),
one cuts, stretches and AAC-encodes the sound a step ahead, and the calling thread feeds x264
(which has threads of its own) and muxes. The file is written beside the target and renamed
only when complete: a cancel, a full disk or a damaged source leaves nothing.
`render_reel_into` writes the same MP4 (less `+faststart`) into a file object instead, e.g.
memory for a preview that must never touch a disk.
"""

from __future__ import annotations

import errno
import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import av

from attune_app.domain.reel_timeline import FreezeStep, MotionStep, ReelTimeline
from attune_app.export.audio_pipeline import AudioPipeline
from attune_app.export.colour import output_matrix
from attune_app.export.mp4_writer import Mp4Writer
from attune_app.export.output_plan import ExportSettings, OutputPlan, PlannedStep, plan_output
from attune_app.export.redaction import Redaction
from attune_app.export.sources import ClipMedia, ExportError, SourceClip, opened_sources
from attune_app.export.subtitles import subtitles_text
from attune_app.export.video_pipeline import Drawing, VideoPipeline
from attune_app.store.files import atomic_output, atomic_write_text

Progress = Callable[[int, int], None]  # (output frames written, total)
_QUEUE_FRAMES = 12
_DONE = object()


class ExportCancelled(ExportError):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class RenderResult:
    path: Path
    sidecar: Path | None
    plan: OutputPlan


def render_reel(
    timeline: ReelTimeline,
    media: Mapping[int, ClipMedia],
    target: Path,
    settings: ExportSettings,
    *,
    redaction: Redaction | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> RenderResult:
    """Write the reel to `target` (an .mp4). Raises `ExportError` (nothing left behind)."""
    target = Path(target)
    _check_folder(target.parent)
    cancelled = should_cancel or (lambda: False)
    with opened_sources(timeline.clip_ids, media) as sources:
        plan = _plan(timeline, sources, settings)
        sidecar = target.with_suffix(f".{settings.captions}")
        try:
            with atomic_output(target) as temp:
                _encode(plan, sources, temp, settings, redaction, progress, cancelled)
            if settings.captions in ("srt", "vtt"):
                atomic_write_text(sidecar, subtitles_text(plan, settings.captions))
        except OSError as error:
            raise _disk_error(target.parent, error) from None
    return RenderResult(target, sidecar if settings.captions in ("srt", "vtt") else None, plan)


def render_reel_into(
    timeline: ReelTimeline,
    media: Mapping[int, ClipMedia],
    out: BinaryIO,
    settings: ExportSettings,
    *,
    redaction: Redaction | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> OutputPlan:
    """Write the reel as `render_reel` does into `out` (seekable, writable; no caption sidecar,
    no `+faststart`: FFmpeg can only move the index of a named file). Returns the plan. On
    `ExportError` whatever reached `out` is incomplete: the caller throws it away."""
    cancelled = should_cancel or (lambda: False)
    with opened_sources(timeline.clip_ids, media) as sources:
        plan = _plan(timeline, sources, settings)
        try:
            _encode(plan, sources, out, settings, redaction, progress, cancelled)
        except OSError as error:
            why = error.strerror or error
            raise ExportError(f"The reel could not be rendered: {why}") from None
    return plan


def _plan(
    timeline: ReelTimeline, sources: Mapping[int, SourceClip], settings: ExportSettings
) -> OutputPlan:
    try:
        return plan_output(timeline, {k: s.facts for k, s in sources.items()}, settings)
    except ValueError as error:
        raise ExportError(str(error)) from None


def _encode(
    plan: OutputPlan,
    sources: Mapping[int, SourceClip],
    temp: Path | BinaryIO,
    settings: ExportSettings,
    redaction: Redaction | None,
    progress: Progress | None,
    cancelled: Callable[[], bool],
) -> None:
    stop = threading.Event()
    drawing = Drawing(burn_captions=settings.captions == "burn", watermark=settings.watermark)
    matrix = output_matrix(
        sources[step.clip_id].matrix
        for step in (p.step for p in plan.steps)
        if isinstance(step, MotionStep | FreezeStep)
    )
    pictures = VideoPipeline(
        plan, sources, drawing, redaction, should_stop=stop.is_set, matrix=matrix
    )
    sound = AudioPipeline(plan, sources, redaction)
    try:
        writer = Mp4Writer(temp, plan, settings.quality, matrix)
    except (av.error.FFmpegError, OSError) as error:
        sound.close()
        raise _as_os_error(error) from None
    audio_tail: list[Any] | None = None
    with ThreadPoolExecutor(1, thread_name_prefix="export-sound") as sound_worker:
        feed = _Feed(_numbered(plan, pictures.frames()), stop)
        try:
            audio_tail = _mux(plan, feed, writer, sound, sound_worker, progress, cancelled)
        except (av.error.FFmpegError, OSError) as error:
            raise _as_os_error(error) from None
        finally:
            stop.set()
            feed.close()
            ok = audio_tail is not None
            sound_worker.submit(_nothing).result()  # its pending steps use the AAC encoder
            try:
                writer.close(ok=ok, audio_tail=audio_tail)
            except (av.error.FFmpegError, OSError) as error:
                if ok:
                    raise _as_os_error(error) from None
            sound_worker.submit(sound.close).result()


def _mux(
    plan: OutputPlan,
    feed: _Feed,
    writer: Mp4Writer,
    sound: AudioPipeline,
    sound_worker: ThreadPoolExecutor,
    progress: Progress | None,
    cancelled: Callable[[], bool],
) -> list[Any]:
    """Encode and mux everything; returns the sound's last packets (for `writer.close`)."""
    steps = plan.steps
    ahead: dict[int, Future[list[Any]]] = {}

    def encoded_sound(planned: PlannedStep) -> list[Any]:  # on the sound worker, in order
        return writer.audio_packets(sound.step_samples(planned))

    def sound_for(k: int) -> list[Any]:
        for j in range(k, min(k + 2, len(steps))):  # keep the sound a step ahead
            if j not in ahead:
                ahead[j] = sound_worker.submit(encoded_sound, steps[j])
        return ahead.pop(k).result()

    written, current = 0, -1
    for step_no, frame, repeat in feed:
        if cancelled():
            raise ExportCancelled("The export was cancelled; nothing was written.")
        while current < step_no:
            current += 1
            writer.mux(sound_for(current))
        writer.write_video(frame, repeat)
        written += repeat
        if progress is not None:
            progress(written, plan.frame_count)
    if written != plan.frame_count:
        raise ExportError(f"The export made {written} of {plan.frame_count} frames; nothing kept.")
    while current < len(steps) - 1:
        current += 1
        writer.mux(sound_for(current))
    return sound_worker.submit(writer.final_audio_packets).result()


def _nothing() -> None:
    return None


def _numbered(
    plan: OutputPlan, frames: Iterator[tuple[Any, int]]
) -> Iterator[tuple[int, Any, int]]:
    """Which step each output picture belongs to (by the plan's frame counts)."""
    step_no, left = 0, plan.steps[0].frame_count
    for frame, repeat in frames:
        while left <= 0 and step_no + 1 < len(plan.steps):
            step_no += 1
            left = plan.steps[step_no].frame_count
        yield step_no, frame, repeat
        left -= repeat


class _Feed:
    """Runs an iterator on its own thread, handing items over through a bounded queue."""

    def __init__(self, items: Iterator[Any], stop: threading.Event) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(_QUEUE_FRAMES)
        self._stop = stop
        self._items = items
        self._thread = threading.Thread(target=self._run, name="export-pictures", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for item in self._items:
                if not self._put(item):
                    return
            self._put(_DONE)
        except BaseException as error:  # handed to the encoding thread, raised there
            self._put(error)

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[Any]:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist; choose another place to save.")


def _as_os_error(error: BaseException) -> OSError:
    if isinstance(error, OSError):
        return error
    code = getattr(error, "errno", None)
    return OSError(code or errno.EIO, str(error))


def _disk_error(folder: Path, error: OSError) -> ExportError:
    if error.errno == errno.ENOSPC:
        why = "is full"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "cannot be written to"
    else:
        why = f"could not be written to ({error.strerror or error})"
    return ExportError(
        f"The folder {folder} {why}; nothing was saved. Free some space or choose another folder."
    )
