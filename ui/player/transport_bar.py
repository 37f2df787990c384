"""Big, calm playback controls and the time readout, bound to a PlayerController."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from attune_app.domain.timecode import format_seconds
from ui.player.player_controller import SPEEDS, PlayerController

_BUTTON_HEIGHT = 44  # big enough to hit calmly with a touchpad, in front of a parent


def speed_label(speed: float) -> str:
    return f"{speed:g}×"


class TransportBarWidget(QWidget):
    """Buttons never take keyboard focus, so Space and the arrows stay with the window's
    Playback actions instead of pressing whichever button was clicked last."""

    def __init__(self, controller: PlayerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        user = controller.by_user  # moves stop a playing reel; Play/Pause only pauses it
        self.start_button = self._button("|◀", "Go to start (Home)", user(controller.go_start))
        self.back_button = self._button(
            "◀ 1", "One frame back (Left)", user(lambda: controller.step(-1))
        )
        self.play_button = self._button("▶ Play", "Play or pause (Space)", controller.toggle_play)
        self.play_button.setMinimumWidth(110)
        self.forward_button = self._button(
            "1 ▶", "One frame forward (Right)", user(lambda: controller.step(1))
        )
        self.end_button = self._button("▶|", "Go to end (End)", user(controller.go_end))
        for button in (
            self.start_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
        ):
            layout.addWidget(button)
        layout.addSpacing(12)
        self.speed_combo = QComboBox()
        self.speed_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed_combo.setToolTip("Playback speed (sound keeps its pitch)")
        self.speed_combo.setMinimumHeight(_BUTTON_HEIGHT)
        for speed in SPEEDS:
            self.speed_combo.addItem(speed_label(speed), speed)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_combo.activated.connect(self._on_speed_chosen)
        layout.addWidget(self.speed_combo)
        layout.addStretch(1)
        self.timecode_label = QLabel("0:00.000")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(max(self.font().pointSizeF() * 1.3, 11.0))
        self.timecode_label.setFont(mono)
        self.timecode_label.setToolTip("Time of the frame on screen (h:mm:ss.mmm)")
        self.frame_label = QLabel("frame – / –")
        self.frame_label.setToolTip("Frame number on screen, counted from 0, / frames in the clip")
        self.frame_label.setObjectName("Muted")
        # One above the other: side by side they made the player, and so the window, wider
        # than a 1280-pixel laptop screen.
        readout = QVBoxLayout()
        readout.setSpacing(0)
        readout.addWidget(self.timecode_label, 0, Qt.AlignmentFlag.AlignRight)
        readout.addWidget(self.frame_label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(readout)
        controller.frameShown.connect(self._on_frame)
        controller.previewShown.connect(self._on_frame)
        controller.playingChanged.connect(self._on_playing)
        controller.speedChanged.connect(self._on_speed)
        controller.videoOpened.connect(lambda: self.setEnabled(True))
        controller.videoClosed.connect(self._on_closed)
        self.setEnabled(controller.video_info is not None)

    def _button(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(_BUTTON_HEIGHT + 8, _BUTTON_HEIGHT)
        font = button.font()
        font.setPointSizeF(max(font.pointSizeF() * 1.2, 11.0))
        button.setFont(font)
        button.clicked.connect(slot)
        return button

    def _on_frame(self, frame: int, _rgb: object = None) -> None:
        info = self._controller.video_info
        if info is None:
            return
        self.timecode_label.setText(format_seconds(info.time_of(frame)))
        self.frame_label.setText(f"frame {frame} / {info.frame_count}")

    def _on_playing(self, playing: bool) -> None:
        self.play_button.setText("❚❚ Pause" if playing else "▶ Play")

    def _on_speed(self, speed: float) -> None:
        index = self.speed_combo.findData(speed)
        if index < 0:
            self.speed_combo.addItem(speed_label(speed), speed)
            index = self.speed_combo.count() - 1
        self.speed_combo.setCurrentIndex(index)

    def _on_speed_chosen(self, index: int) -> None:
        self._controller.set_speed(float(self.speed_combo.itemData(index)))

    def _on_closed(self) -> None:
        self.timecode_label.setText("0:00.000")
        self.frame_label.setText("frame – / –")
        self.setEnabled(False)
