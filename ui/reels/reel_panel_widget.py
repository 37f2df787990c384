"""The reel panel: choose a reel, see its items in order (drag to reorder), move or remove
them, add ranges and title cards, see the running time, play it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.models import Reel, ReelItem

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
# Short, beside the reel's name: who the reel is shown to.
PURPOSE_BADGES = {
    "parent_review": "Parent review",
    "supervision": "Supervision",
    "training": "Training",
}


# The reel's "mute below" choice: items slower than this play silent.
MUTE_BELOW_CHOICES = (
    (0.0, "never: keep the sound at every speed"),
    (0.5, "below half speed (0.5x)"),
    (0.75, "below 0.75x"),
    (1.0, "whenever slowed down"),
)


class ReelItemListWidget(QListWidget):
    """The items in playing order; a drag asks for a move instead of moving rows itself, so
    the order shown is always the order stored."""

    dropRequested = Signal(int, int)  # from row, to row (0-based, in the new order)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole line is in its tooltip
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def dropEvent(self, event: QDropEvent) -> None:
        source = self.currentRow()
        target = self.drop_row(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if source >= 0 and target != source:
            self.dropRequested.emit(source, target)

    def drop_row(self, point: QPoint) -> int:
        """The row a dragged item lands on when dropped at `point` (in the viewport): above
        the row under the point when in its upper half, below it when in its lower half."""
        row = self.indexAt(point).row()
        if row < 0:
            return self.count() - 1
        rect = self.visualItemRect(self.item(row))
        before = row + 1 if point.y() > rect.center().y() else row
        return before - 1 if self.currentRow() < before else before


class ReelPanelWidget(QWidget):
    """Buttons here only say what the user asked for; the main window runs the commands."""

    reelChosen = Signal(int)  # reel id, 0 when none
    newReelRequested = Signal()
    renameRequested = Signal()
    deleteRequested = Signal()
    moveRequested = Signal(object, int)  # ReelItem, new position
    removeRequested = Signal(object)  # ReelItem
    playRequested = Signal()
    itemActivated = Signal(object)  # ReelItem
    addRangeRequested = Signal()
    addTitleRequested = Signal()
    muteBelowChosen = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reel_combo = QComboBox()
        self.reel_combo.setAccessibleName("Reel")
        _narrow(self.reel_combo)
        self.purpose_label = QLabel("")
        self.purpose_label.setObjectName("PurposeBadge")
        self.purpose_label.setToolTip("What this reel is for (set when the reel was made)")
        self._purposes: dict[int, str] = {}
        self.new_button = QPushButton("New…")
        self.new_button.setToolTip("Make a new reel (Ctrl+Shift+N)")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete this reel (its tags stay)")
        self.items = ReelItemListWidget()
        self.items.setAccessibleName("Reel items in playing order")
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.up_button = QPushButton("↑")
        self.up_button.setAccessibleName("Move up")
        self.up_button.setToolTip("Play this moment earlier (Ctrl+Up)")
        self.down_button = QPushButton("↓")
        self.down_button.setAccessibleName("Move down")
        self.down_button.setToolTip("Play this moment later (Ctrl+Down)")
        self.remove_button = QPushButton("Remove")
        self.add_range_button = QPushButton("+ Range")
        self.add_range_button.setToolTip(
            "Add the player's in..out range (I and O), or the frame shown, to the reel (Shift+A)"
        )
        self.add_title_button = QPushButton("+ Title card")
        self.add_title_button.setToolTip("Add words on a calm background after this moment")
        self.running_label = QLabel("")
        self.running_label.setObjectName("RunningTime")
        self.running_label.setAccessibleName("Running time of the reel")
        self.mute_combo = QComboBox()
        self.mute_combo.setAccessibleName("Slow moments play silent")
        _narrow(self.mute_combo)
        for speed, words in MUTE_BELOW_CHOICES:
            self.mute_combo.addItem(words, speed)
        self.play_button = QPushButton("▶ Play reel")
        self.play_button.setObjectName("PrimaryButton")
        self.empty_hint = QLabel(
            "Select tags in the list and press A to add them here, or mark in and out in the "
            "player (I, O) and press Shift+A."
        )
        self.empty_hint.setObjectName("Muted")
        self.empty_hint.setWordWrap(True)
        self.removals_label = QLabel("")  # what consent withdrawal took out, and why
        self.removals_label.setObjectName("Muted")
        self.removals_label.setWordWrap(True)
        self.removals_label.setVisible(False)
        self._build()
        self._update_buttons()

    def _build(self) -> None:
        # Rows no wider than the tag editor's: the right-hand docks share one column, and a
        # wide reel row made the window wider than a 1280-pixel laptop screen.
        managing = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.delete_button):
            managing.addWidget(button)
        managing.addStretch(1)
        # Its own row: beside the name it would widen the dock and squeeze the library.
        purpose_row = QHBoxLayout()
        purpose_row.addWidget(QLabel("For:"))
        purpose_row.addWidget(self.purpose_label)
        purpose_row.addStretch(1)
        order = QGridLayout()  # beside the list, as in any ordered list's editor
        order.addWidget(self.up_button, 0, 0)
        order.addWidget(self.down_button, 0, 1)
        order.addWidget(self.remove_button, 1, 0, 1, 2)
        order.setRowStretch(2, 1)
        listing = QHBoxLayout()
        listing.addWidget(self.items, 1)
        listing.addLayout(order)
        adding = QHBoxLayout()
        for button in (self.add_range_button, self.add_title_button):
            adding.addWidget(button)
        adding.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.running_label)
        buttons.addStretch(1)
        buttons.addWidget(self.play_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reel_combo)
        layout.addLayout(managing)
        layout.addLayout(purpose_row)
        layout.addLayout(listing, 1)
        layout.addWidget(self.empty_hint)
        layout.addLayout(adding)
        layout.addWidget(self.removals_label)
        layout.addLayout(buttons)
        sound = QFormLayout()  # beside its words when the dock is wide, below them if not
        sound.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        sound.setContentsMargins(0, 0, 0, 0)
        sound.addRow("Slow moments play silent:", self.mute_combo)
        layout.addLayout(sound)

        self.reel_combo.currentIndexChanged.connect(self._on_reel_changed)
        self.new_button.clicked.connect(self.newReelRequested)
        self.rename_button.clicked.connect(self.renameRequested)
        self.delete_button.clicked.connect(self.deleteRequested)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.remove_button.clicked.connect(self._remove)
        self.play_button.clicked.connect(self.playRequested)
        self.add_range_button.clicked.connect(self.addRangeRequested)
        self.add_title_button.clicked.connect(self.addTitleRequested)
        self.mute_combo.activated.connect(
            lambda _i: self.muteBelowChosen.emit(float(self.mute_combo.currentData()))
        )
        self.items.dropRequested.connect(self._on_drop)
        self.items.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.items.itemDoubleClicked.connect(lambda it: self.itemActivated.emit(it.data(ITEM_ROLE)))

    def set_reels(self, reels: Sequence[Reel], current_id: int | None) -> None:
        self.reel_combo.blockSignals(True)
        self.reel_combo.clear()
        for reel in reels:
            self.reel_combo.addItem(reel.name, reel.id)
        index = self.reel_combo.findData(current_id) if current_id else 0
        self.reel_combo.setCurrentIndex(max(index, 0) if reels else -1)
        self.reel_combo.blockSignals(False)
        self._purposes = {reel.id: reel.purpose for reel in reels}
        self._show_purpose()
        self.rename_button.setEnabled(bool(reels))
        self.delete_button.setEnabled(bool(reels))

    def _on_reel_changed(self, _index: int) -> None:
        self._show_purpose()
        self.reelChosen.emit(self.reel_id() or 0)

    def _show_purpose(self) -> None:
        reel_id = self.reel_id()
        purpose = self._purposes.get(reel_id) if reel_id is not None else None
        self.purpose_label.setText(PURPOSE_BADGES.get(purpose, purpose) if purpose else "")
        self.purpose_label.setVisible(bool(purpose))

    def purpose_text(self) -> str:
        return self.purpose_label.text()

    def reel_id(self) -> int | None:
        data = self.reel_combo.currentData()
        return int(data) if data is not None else None

    def set_items(self, items: Sequence[ReelItem], describe: Callable[[ReelItem], str]) -> None:
        current = self.current_item()
        self.items.clear()
        for number, item in enumerate(items, start=1):
            row = QListWidgetItem(f"{number}.  {describe(item)}")
            row.setToolTip(row.text())
            row.setData(ITEM_ROLE, item)
            self.items.addItem(row)
            if current is not None and item.id == current.id:
                self.items.setCurrentItem(row)
        self.empty_hint.setVisible(not items)
        self._update_buttons()

    def set_removals(self, text: str) -> None:
        self.removals_label.setText(text)
        self.removals_label.setVisible(bool(text))

    def reel_items(self) -> list[ReelItem]:
        return [self.items.item(r).data(ITEM_ROLE) for r in range(self.items.count())]

    def current_item(self) -> ReelItem | None:
        row = self.items.currentItem()
        return None if row is None else row.data(ITEM_ROLE)

    def select_row(self, row: int) -> None:
        self.items.setCurrentRow(row)

    def _move(self, step: int) -> None:
        row = self.items.currentRow()
        target = row + step
        item = self.current_item()
        if item is None or not 0 <= target < self.items.count():
            return
        self.moveRequested.emit(item, target)  # positions are 0-based, in playing order

    def _on_drop(self, source: int, target: int) -> None:
        item = self.items.item(source).data(ITEM_ROLE)
        self.moveRequested.emit(item, target)

    def set_running_time(self, text: str) -> None:
        self.running_label.setText(text)

    def set_mute_below(self, speed: float) -> None:
        index = self.mute_combo.findData(speed)
        if index < 0:
            self.mute_combo.addItem(f"below {speed:g}x", speed)
            index = self.mute_combo.count() - 1
        self.mute_combo.setCurrentIndex(index)

    def _remove(self) -> None:
        item = self.current_item()
        if item is not None:
            self.removeRequested.emit(item)

    def _update_buttons(self) -> None:
        row = self.items.currentRow()
        count = self.items.count()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.remove_button.setEnabled(row >= 0)
        self.play_button.setEnabled(count > 0)
        has_reel = self.reel_combo.count() > 0
        self.add_title_button.setEnabled(has_reel)
        self.mute_combo.setEnabled(has_reel)


def _narrow(combo: QComboBox) -> None:
    """A combo as narrow as a few letters: sized to its longest entry it widened the dock,
    and with the other docks the window grew wider than a laptop's screen."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
