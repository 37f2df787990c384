"""The View menu's own commands: timeline zoom, and the frame number drawn on the video."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ui.player.video_view import VideoViewWidget
from ui.timeline.timeline_widget import TimelineWidget


class ViewActions(QObject):
    """Window-wide shortcuts: they work wherever the focus is, as the other menus' do."""

    def __init__(self, window: QWidget, timeline: TimelineWidget, video: VideoViewWidget) -> None:
        super().__init__(window)
        self._window = window
        self.zoom_in = self._action("Zoom &in on timeline", ["Ctrl+=", "Ctrl++"], timeline.zoom_in)
        self.zoom_out = self._action("Zoom &out on timeline", ["Ctrl+-"], timeline.zoom_out)
        self.zoom_fit = self._action("&Fit whole clip in timeline", ["Ctrl+0"], timeline.zoom_fit)
        # Off by default: in front of a parent a frame counter looks like a developer tool,
        # and the transport bar already shows the time and frame.
        self.frame_number = self._action("Show frame &number on video", [], lambda: None)
        self.frame_number.setCheckable(True)
        self.frame_number.setChecked(False)
        self.frame_number.toggled.connect(lambda on: video.set_show_readout(on))
        video.set_show_readout(False)

    def _action(self, text: str, keys: list[str], slot: object) -> QAction:
        action = QAction(text, self._window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def zoom_actions(self) -> list[QAction]:
        return [self.zoom_in, self.zoom_out, self.zoom_fit]
