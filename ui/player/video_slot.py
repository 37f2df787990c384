"""The player's open video: opening one (here, or in the background where the newest open
wins), its sound clock, and closing both. Public methods are for the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from ui.player.playback_clock import ClockFactory, PlaybackClock
from ui.player.video_info import VideoInfo
from ui.player.video_loading import close_video, load_video, start_sound_clock
from ui.player.video_opener import Loaded, OpenOutcome, VideoOpener

# Called when an opened video (with its sound clock, None: none) is about to become current.
Adopt = Callable[[Any, VideoInfo, PlaybackClock | None], None]


class VideoSlot(QObject):
    """Holds the engine's `Video` the player shows and the clock its sound plays on."""

    busyChanged = Signal(bool)  # a video is being opened in the background

    def __init__(
        self,
        adopt: Adopt,
        opener: Callable[[Path], Any] | None,
        clock_factory: ClockFactory,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._adopt = adopt
        self._opener = opener
        self._clock_factory = clock_factory
        self.video: Any = None  # the engine's Video, None while none is open
        self.clock: PlaybackClock | None = None  # its sound clock
        self._video_opener = VideoOpener(self._load, synchronous=synchronous, parent=self)
        self._video_opener.busyChanged.connect(self.busyChanged)

    @property
    def busy(self) -> bool:
        return self._video_opener.busy

    def open(self, path: str | Path) -> None:
        """Open here, on the GUI thread (raises MediaError); an open in the background is
        cancelled."""
        self._video_opener.cancel()
        self._start(*self._load(Path(path)))

    def open_in_background(
        self,
        path: Any,
        done: Callable[[Exception | None], None],
        frame_index_json: str | None = None,
    ) -> None:
        """Open off the GUI thread, then adopt it and call `done(None)`, or `done(error)`
        when it cannot be opened or adopted (the current video stays). The newest open wins:
        one overtaken by another is dropped (closed unused) and its `done` is never called.
        `frame_index_json` is the clip's saved frame index: the engine then skips demuxing
        the whole file (it rebuilds an index that no longer fits the file; an unreadable one
        is ignored). An injected `opener` is called with the path only."""

        def loaded(outcome: OpenOutcome) -> None:
            if isinstance(outcome, Exception):
                done(outcome)
                return
            try:
                self._start(*outcome)
            except Exception as error:  # e.g. the sound device: told, not swallowed
                done(error)
                return
            done(None)

        # an encrypted library's clip is a MediaSource (decrypted in place), not a path
        target = Path(path) if isinstance(path, str) else path
        self._video_opener.open(target, loaded, frame_index_json)

    def hold(self, video: Any, clock: PlaybackClock | None) -> None:
        """`video` (with its sound clock) is the current one now."""
        self.video, self.clock = video, clock

    def close(self) -> None:
        """Close the current video and its clock."""
        if self.video is not None:
            close_video(self.video, self.clock)
        self.video, self.clock = None, None

    def shutdown(self) -> None:
        """Stop the opening thread (a video it opened meanwhile is closed unused)."""
        self._video_opener.shutdown()

    def thumbnail(self, frame: int, max_width: int, exact: bool = False) -> np.ndarray[Any, Any]:
        video = self.video
        if video is None:
            raise RuntimeError("no video is open")
        if exact:  # only asked for when wanted: injected test videos take no `exact`
            exact_rgb: np.ndarray[Any, Any] = video.thumbnail(frame, max_width, exact=True)
            return exact_rgb
        result: np.ndarray[Any, Any] = video.thumbnail(frame, max_width)
        return result

    def _load(self, path: Path, frame_index_json: str | None = None) -> Loaded:
        """Any thread: open the engine's video and copy out what the GUI thread needs."""
        return load_video(path, self._opener, frame_index_json)

    def _start(self, video: Any, info: VideoInfo) -> None:
        """Make an opened video current; on failure it is closed and the current one stays."""
        self._adopt(video, info, start_sound_clock(self._clock_factory, info, video))
