"""The number-key legend: two columns when every entry fits whole, else one column that
wraps, so a long code ("Developing attuned interactions") is never cut off."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

_SPACING_PX = 16


class KeyLegendWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(_SPACING_PX)
        self._grid.setVerticalSpacing(2)
        self.labels: list[QLabel] = []
        self._columns = 0
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_texts(self, texts: Sequence[str]) -> None:
        if [label.text() for label in self.labels] == list(texts):
            return
        for label in self.labels:
            self._grid.removeWidget(label)
            label.hide()  # at once: deleteLater alone leaves it painted until the next loop
            label.setParent(None)
            label.deleteLater()
        self.labels = []
        for text in texts:
            label = QLabel(text)
            label.setObjectName("KeyLegend")
            label.setWordWrap(True)
            # Wrapping labels must not ask the dock for their one-line width.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.labels.append(label)
        self._columns = 0
        self._arrange()

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels]

    @property
    def columns(self) -> int:
        return self._columns

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        columns = self._columns_that_fit(self.width())
        if columns == self._columns:
            return
        self._columns = columns
        for label in self.labels:
            self._grid.removeWidget(label)
        rows = math.ceil(len(self.labels) / columns) if self.labels else 0
        for slot, label in enumerate(self.labels):  # down the first column, then the next
            self._grid.addWidget(label, slot % rows, slot // rows)
        for column in range(2):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def _columns_that_fit(self, width: int) -> int:
        if not self.labels:
            return 1
        widest = max(label.fontMetrics().horizontalAdvance(label.text()) for label in self.labels)
        return 2 if 2 * (widest + 4) + _SPACING_PX <= width else 1
