"""The two windows of review mode: the parent's (full screen, with the practitioner's strip
beside the picture when there is one screen) and the presenter's (on the laptop)."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from ui.player.video_view import VideoViewWidget
from ui.review.parent_view import ParentViewWidget, ReviewControlsWidget
from ui.review.presenter_panel import PresenterPanelWidget
from ui.review.review_controller import ParentPicture
from ui.review.review_style import CARD, PRESENTER_CONTROLS_STYLE, SURROUND, TEXT

STRIP_W = 380


class ParentWindow(QWidget):
    """The parent's view, and (one screen) the practitioner's strip to its right."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("ReviewParentWindow")
        self.setWindowTitle("Review")
        self.view = ParentViewWidget()
        self.strip = QWidget()
        self.strip.setObjectName("PractitionerStrip")
        self.strip.setFixedWidth(STRIP_W)
        QVBoxLayout(self.strip).setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.view, 1)
        row.addWidget(self.strip)
        self.strip.hide()
        self.strip.installEventFilter(self)
        self.on_close: Any = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # One screen with the strip beside the picture: the controls laptop-sized, as in the
        # presenter view; at their TV size the row and the strip were 1570 px wide and pushed
        # Next and the strip off a laptop's screen.
        if watched is self.strip and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            shared = event.type() == QEvent.Type.Show
            self.view.controls.setStyleSheet(PRESENTER_CONTROLS_STYLE if shared else "")
        return super().eventFilter(watched, event)

    def hold_panel(self, panel: PresenterPanelWidget) -> None:
        if panel.parentWidget() is self.strip:
            return
        layout = self.strip.layout()
        assert layout is not None
        layout.addWidget(panel)
        panel.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.on_close is not None and self.on_close():
            event.ignore()  # the review asks for its summary first
            return
        super().closeEvent(event)


class PresenterWindow(QWidget):
    """The laptop: the same picture and controls, and the practitioner's panel."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("ReviewPresenterWindow")
        self.setWindowTitle("Review: presenter view")
        self.video = VideoViewWidget(show_readout=False)
        self.video.background = QColor(SURROUND)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet(f"background: {SURROUND}; color: {TEXT}; font-size: 20px;")
        # A title card shows here as the parent sees it, not the last moment's picture.
        self.title_card = QLabel()
        self.title_card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_card.setWordWrap(True)
        self.title_card.setStyleSheet(
            f"background: {CARD}; color: {TEXT}; font-size: 32px; padding: 24px;"
        )
        self.picture = QStackedWidget()
        self.picture.addWidget(self.video)
        self.picture.addWidget(self.title_card)
        self.controls = ReviewControlsWidget()
        self.controls.setStyleSheet(PRESENTER_CONTROLS_STYLE)
        left = QWidget()
        left.setStyleSheet(f"background: {SURROUND};")
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.picture, 1)
        column.addWidget(self.caption)
        column.addWidget(self.controls)
        self.panel_area = QWidget()
        self.panel_area.setFixedWidth(STRIP_W + 60)
        QVBoxLayout(self.panel_area).setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(left, 1)
        row.addWidget(self.panel_area)
        self.on_close: Any = None

    def hold_panel(self, panel: PresenterPanelWidget) -> None:
        if panel.parentWidget() is self.panel_area:
            return
        layout = self.panel_area.layout()
        assert layout is not None
        layout.addWidget(panel)
        panel.show()

    def show_picture(self, rgb: np.ndarray[Any, Any]) -> None:
        self.video.show_frame(0, rgb)

    def show_item(self, picture: ParentPicture) -> None:
        where = f"Moment {picture.moment} of {picture.moments}" if picture.moment else "Title card"
        words = picture.title or picture.caption
        self.caption.setText(f"{where}  ·  {words}" if words else where)
        self.title_card.setText(picture.title)
        self.picture.setCurrentWidget(self.title_card if picture.title else self.video)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.on_close is not None and self.on_close():
            event.ignore()
            return
        super().closeEvent(event)
