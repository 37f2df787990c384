"""Work the review dialog keeps off the GUI thread: face detection (the detector only; the
GUI thread saves each batch, so the library keeps one owner) and decoding the frame on show
(the newest request wins). Results come back through queued signals."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from attune_app.anonymise.detection import DetectionCancelledError, DetectionPlan, scan
from attune_app.anonymise.detectors import make_detector
from attune_app.media.video import Video


class DetectionWorker(QObject):
    progressed = Signal(int, int)  # frames done, frames to do
    batchFound = Signal(int, object)  # clip id, [(frame, [Detection])]
    finished = Signal(str)  # "" when done, else why it stopped

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, plan: DetectionPlan, detector_name: str) -> None:
        self._cancel.clear()
        self._thread = threading.Thread(
            target=self._run, args=(plan, detector_name), name="face-detection", daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self) -> None:
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(30)
            self._thread = None

    def _run(self, plan: DetectionPlan, detector_name: str) -> None:
        try:
            detector = make_detector(detector_name)
            for clip_id, batch in scan(plan, detector, self.progressed.emit, self._cancel.is_set):
                self.batchFound.emit(clip_id, batch)
        except DetectionCancelledError:
            self.finished.emit("cancelled")
            return
        except Exception as error:  # shown to the trainer
            self.finished.emit(f"Face detection failed: {error}")
            return
        self.finished.emit("")


class FrameWorker(QObject):
    """Decodes one frame at a time for the dialog; a newer request replaces a waiting one."""

    frameReady = Signal(int, int, object)  # clip id, frame, RGB array (a private copy)
    soundReady = Signal(int, float, float, object)  # clip id, start_s, end_s, peaks 0..1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._videos: dict[int, Video] = {}
        self._wanted: tuple[int, int] | None = None
        self._sound_wanted: tuple[int, float, float] | None = None
        self._wake = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="review-frames", daemon=True)
        self._thread.start()

    def add_video(self, clip_id: int, video: Video) -> None:
        with self._wake:
            self._videos[clip_id] = video

    def request(self, clip_id: int, frame: int) -> None:
        with self._wake:
            self._wanted = (clip_id, frame)
            self._wake.notify()

    def request_sound(self, clip_id: int, start_s: float, end_s: float) -> None:
        with self._wake:
            self._sound_wanted = (clip_id, start_s, end_s)
            self._wake.notify()

    def shutdown(self) -> None:
        with self._wake:
            self._stop = True
            self._wake.notify()
        self._thread.join(10)
        for video in self._videos.values():
            video.close()
        self._videos.clear()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._wanted is None and self._sound_wanted is None and not self._stop:
                    self._wake.wait()
                if self._stop:
                    return
                if self._wanted is None:
                    assert self._sound_wanted is not None
                    sound, self._sound_wanted = self._sound_wanted, None
                    video = self._videos.get(sound[0])
                    if video is not None:
                        self._send_sound(video, *sound)
                    continue
                (clip_id, frame), self._wanted = self._wanted, None
                video = self._videos.get(clip_id)
            if video is None:
                continue
            try:
                image: Any = np.array(video.read(frame))
            except Exception:  # a damaged frame: show nothing rather than stop the worker
                continue
            self.frameReady.emit(clip_id, frame, image)

    def _send_sound(self, video: Video, clip_id: int, start_s: float, end_s: float) -> None:
        try:
            samples = video.audio(start_s, end_s, rate=8000, channels=1)[:, 0]
        except Exception:
            return
        bins = 400
        if samples.size == 0:
            peaks = np.zeros(0, dtype=np.float32)
        else:
            edges = np.linspace(0, samples.size, bins + 1).astype(int)
            peaks = np.array(
                [
                    np.abs(samples[a:b]).max() if b > a else 0.0
                    for a, b in itertools.pairwise(edges)
                ],
                dtype=np.float32,
            )
            peaks /= max(float(peaks.max()), 1e-6)
        self.soundReady.emit(clip_id, start_s, end_s, peaks)
