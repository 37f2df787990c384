"""The parent's screen: the picture, the caption or title card, and large calm controls.

Nothing of the workbench is here: no codes, frame numbers, times, notes or other families;
only what the reel shows and plain words. Works by mouse, touchpad and touch (large targets).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.player.video_view import VideoViewWidget
from ui.review.review_controller import ParentPicture
from ui.review.review_style import PARENT_STYLE, SURROUND

CONTROLS = (
    ("back", "Back"),
    ("again", "Again"),
    ("slower", "Slower"),
    ("play", "Freeze"),
    ("next", "Next"),
)


class ReviewControlsWidget(QWidget):
    """Back, Again, Slower, Play/Freeze, Next: `pressed(name)`."""

    pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 12, 24, 20)
        row.setSpacing(18)
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for name, text in CONTROLS:
            button = QPushButton(text)
            button.setObjectName("PlayButton" if name == "play" else f"{name.title()}Button")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the window
            button.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
            button.clicked.connect(lambda _checked=False, n=name: self.pressed.emit(n))
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)

    def show_state(self, state: str) -> None:
        """Play or Freeze on the middle button; at the end of a moment, Play goes on."""
        play = self.buttons["play"]
        play.setText("Freeze" if state in ("playing", "title") else "Play")


class ParentViewWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ParentView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(PARENT_STYLE)
        self.video = VideoViewWidget(show_readout=False)
        self.video.background = QColor(SURROUND)
        self.title_card = QLabel()
        self.title_card.setObjectName("TitleCard")
        self.title_card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_card.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.video)
        self.stack.addWidget(self.title_card)
        self.caption = QLabel()
        self.caption.setObjectName("Caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.moment = QLabel()
        self.moment.setObjectName("Moment")
        self.moment.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.controls = ReviewControlsWidget()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.stack, 1)
        column.addWidget(self.caption)
        column.addWidget(self.moment)
        column.addWidget(self.controls)

    def show_picture(self, rgb: np.ndarray[Any, Any]) -> None:
        self.video.show_frame(0, rgb)  # the view's readout is off: no frame number shows

    def show_item(self, picture: ParentPicture) -> None:
        if picture.title:
            self.title_card.setText(picture.title)
            self.stack.setCurrentWidget(self.title_card)
        else:
            self.stack.setCurrentWidget(self.video)
        self.caption.setText(picture.caption)
        self.caption.setVisible(bool(picture.caption))
        moment = picture.moment
        self.moment.setText(f"Moment {moment} of {picture.moments}" if moment else "")

    def texts(self) -> list[str]:
        """Every text the parent can see (for checks that nothing clinical shows)."""
        labels = [self.caption.text(), self.moment.text(), self.title_card.text()]
        return labels + [b.text() for b in self.controls.buttons.values()]
