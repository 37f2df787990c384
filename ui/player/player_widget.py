"""The video view and transport bar together, and the wiring between player and timeline,
so every window connects them the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.player.player_controller import PlayerController
from ui.player.transport_bar import TransportBarWidget
from ui.player.video_view import VideoViewWidget
from ui.timeline.timeline_widget import TimelineWidget


class PlayerWidget(QWidget):
    def __init__(self, controller: PlayerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.view = VideoViewWidget()
        self.transport = TransportBarWidget(controller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.transport)
        controller.frameShown.connect(self.view.show_frame)
        controller.previewShown.connect(self.view.show_preview)
        controller.videoClosed.connect(self.view.clear)


def bind_timeline(controller: PlayerController, timeline: TimelineWidget) -> None:
    """Scrubbing previews at once and seeks exactly on release; the playhead follows the
    frame on screen; the loop range is drawn. Tag edits stay with the window (undo)."""

    def scrub(frame: int) -> None:
        controller.userMoved.emit()
        controller.preview(frame)

    def seek(frame: int) -> None:
        controller.userMoved.emit()
        controller.seek(frame)

    timeline.scrubPreview.connect(scrub)
    timeline.seekRequested.connect(seek)
    controller.frameShown.connect(lambda frame, _rgb: timeline.set_playhead(frame))

    def on_opened() -> None:
        info = controller.video_info
        if info is not None:
            timeline.set_video(info.frame_count, info.fps, controller.thumbnail)

    controller.videoOpened.connect(on_opened)
    if controller.video_info is not None:
        on_opened()
