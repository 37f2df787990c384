"""A panel that scrolls up and down inside its dock instead of making the window taller.

A dock's minimum height is its panel's; with a few docks stacked on one side those minimums
added up to more than a laptop's 768-pixel screen. Inside this area a panel asks only for a few
lines of height and scrolls when its dock is shorter, while it keeps its full minimum width
(plus the scroll bar), so nothing is ever clipped sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# Enough for a title and a row of buttons: what a dock shrunk to its least still shows.
MIN_VISIBLE_H = 96


class VerticalScrollAreaWidget(QScrollArea):
    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{panel.objectName() or type(panel).__name__}Scroll")
        # Sized here, not by QScrollArea's widgetResizable: for a panel with wrapping labels
        # that lays it out at its preferred height for the width, so a list never shrank and
        # the panel scrolled even in a dock tall enough for all of it at its minimum.
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(panel)
        panel.installEventFilter(self)
        self._fit_panel()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The panel's own minimum changed (a row shown, longer text): the dock must hear of it.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self._fit_panel()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_panel()

    def _fit_panel(self) -> None:
        """As wide as the view, as tall as the view or the panel's minimum, whichever is more
        (as a dock lays out its widget, with a scroll bar when the dock is the shorter)."""
        panel = self.widget()
        if panel is None:
            return
        wanted = panel.minimumSizeHint().expandedTo(panel.minimumSize())
        view = self.viewport().size()
        width = max(view.width(), wanted.width())
        if self._least_height(panel, width) > view.height() and self.verticalScrollBar().isHidden():
            width = max(width - self._bar_w(), wanted.width())  # the bar about to show
        panel.resize(width, max(view.height(), self._least_height(panel, width)))

    @staticmethod
    def _least_height(panel: QWidget, width: int) -> int:
        """The panel's least height at `width`: more than its minimum when rows wrap there (a
        form's fields under their labels), so nothing at the bottom is ever cut off."""
        least = panel.minimumSizeHint().expandedTo(panel.minimumSize()).height()
        layout = panel.layout()
        if layout is not None and layout.hasHeightForWidth():
            least = max(least, layout.minimumHeightForWidth(width))
        return least

    def _bar_w(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def minimumSizeHint(self) -> QSize:
        panel = self.widget()
        if panel is None:
            return super().minimumSizeHint()
        wanted = panel.minimumSizeHint().expandedTo(panel.minimumSize())
        return QSize(wanted.width() + self._bar_w(), min(wanted.height(), MIN_VISIBLE_H))

    def sizeHint(self) -> QSize:
        panel = self.widget()
        if panel is None:
            return super().sizeHint()
        wanted = panel.sizeHint().expandedTo(panel.minimumSizeHint())
        return QSize(wanted.width() + self._bar_w(), wanted.height())
