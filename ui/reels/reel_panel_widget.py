"""The reel panel: choose a reel, see its items in order, move or remove them, play it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reel_combo = QComboBox()
        self.reel_combo.setAccessibleName("Reel")
        self.purpose_label = QLabel("")
        self.purpose_label.setObjectName("PurposeBadge")
        self.purpose_label.setToolTip("What this reel is for (set when the reel was made)")
        self._purposes: dict[int, str] = {}
        self.new_button = QPushButton("New…")
        self.new_button.setToolTip("Make a new reel (Ctrl+Shift+N)")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete this reel (its tags stay)")
        self.items = QListWidget()
        self.items.setAccessibleName("Reel items in playing order")
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.up_button = QPushButton("↑ Up")
        self.up_button.setToolTip("Play this moment earlier (Ctrl+Up)")
        self.down_button = QPushButton("↓ Down")
        self.down_button.setToolTip("Play this moment later (Ctrl+Down)")
        self.remove_button = QPushButton("Remove")
        self.play_button = QPushButton("▶ Play reel")
        self.play_button.setObjectName("PrimaryButton")
        self.empty_hint = QLabel("Select tags in the list and press A to add them here.")
        self.empty_hint.setObjectName("Muted")
        self.empty_hint.setWordWrap(True)
        self.removals_label = QLabel("")  # what consent withdrawal took out, and why
        self.removals_label.setObjectName("Muted")
        self.removals_label.setWordWrap(True)
        self.removals_label.setVisible(False)
        self._build()
        self._update_buttons()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.reel_combo, 1)
        for button in (self.new_button, self.rename_button, self.delete_button):
            top.addWidget(button)
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.play_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        # Its own row: beside the name it would widen the dock and squeeze the library.
        purpose_row = QHBoxLayout()
        purpose_row.addWidget(QLabel("For:"))
        purpose_row.addWidget(self.purpose_label)
        purpose_row.addStretch(1)
        layout.addLayout(purpose_row)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.removals_label)
        layout.addLayout(buttons)
        self.reel_combo.currentIndexChanged.connect(self._on_reel_changed)
        self.new_button.clicked.connect(self.newReelRequested)
        self.rename_button.clicked.connect(self.renameRequested)
        self.delete_button.clicked.connect(self.deleteRequested)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.remove_button.clicked.connect(self._remove)
        self.play_button.clicked.connect(self.playRequested)
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
