"""The tag list of the open clip with filters by code and author and full-text search."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.models import Tag
from ui.tagging.tag_list_model import COLUMNS, HIDDEN_BY_DEFAULT, TagListModel

# Short columns fit their text; the others share what is left, so every column stays in view.
_FIT_COLUMNS = ("Start", "Length", "Latency")
TagLoader = Callable[[str | None, int | None, str | None], Sequence[Tag]]


class TagListWidget(QWidget):
    """Filters above a table of tags. Reloads from the store through `loader`."""

    tagSelected = Signal(object)  # Tag | None
    tagActivated = Signal(object)  # Tag (double-click: edit it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TagListModel(self)
        self._loader: TagLoader | None = None
        self._fps = 25.0
        self.count_label = QLabel("")
        self.count_label.setObjectName("Muted")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search notes and codes…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search tags")
        self.code_combo = QComboBox()
        self.code_combo.setAccessibleName("Filter by code")
        self.author_combo = QComboBox()
        self.author_combo.setAccessibleName("Filter by author")
        self.table = QTableView()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(44)
        for column, name in enumerate(COLUMNS):
            fit = name in _FIT_COLUMNS
            mode = (
                QHeaderView.ResizeMode.ResizeToContents if fit else QHeaderView.ResizeMode.Stretch
            )
            header.setSectionResizeMode(column, mode)
            self.table.setColumnHidden(column, name in HIDDEN_BY_DEFAULT)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        for combo in (self.code_combo, self.author_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.code_combo.addItem("All codes", None)
        self.author_combo.addItem("Everyone", None)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(self.code_combo, 1)
        filters.addWidget(self.author_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self.reload)
        self.code_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.author_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._emit_selected())
        self.table.doubleClicked.connect(self._activate)

    # -- loading ---------------------------------------------------------------------------------
    def set_source(self, loader: TagLoader | None, fps: float) -> None:
        """Show the tags `loader(code, author_id, text)` returns; None shows nothing."""
        self._loader = loader
        self._fps = fps
        self.reload()

    def set_filter_choices(
        self, codes: Sequence[tuple[str, str]], authors: Sequence[tuple[int, str]]
    ) -> None:
        """(code, label) and (author id, name) pairs for the filter boxes."""
        _refill(self.code_combo, "All codes", codes)
        _refill(self.author_combo, "Everyone", authors)

    def reload(self) -> None:
        selected = self.selected_tag_ids()
        text = self.search_edit.text().strip() or None
        code = self.code_combo.currentData()
        author = self.author_combo.currentData()
        tags = self._loader(code, author, text) if self._loader else []
        self.model.set_tags(tags, self._fps)
        filtered = text is not None or code is not None or author is not None
        noun = "tag" if len(tags) == 1 else "tags"
        self.count_label.setText(f"{len(tags)} {noun}{' (filtered)' if filtered else ''}")
        self.select_tags(selected)

    # -- selection -------------------------------------------------------------------------------
    def selected_tags(self) -> list[Tag]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [t for t in (self.model.tag_at(r) for r in rows) if t is not None]

    def selected_tag_ids(self) -> list[int]:
        return [t.id for t in self.selected_tags()]

    def current_tag(self) -> Tag | None:
        tags = self.selected_tags()
        return tags[0] if tags else None

    def select_tags(self, tag_ids: Sequence[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for tag_id in tag_ids:
            row = self.model.row_of(tag_id)
            if row >= 0:
                index = self.model.index(row, 0)
                selection.select(index, flags)
                self.table.scrollTo(index)

    def select_tag(self, tag_id: int) -> None:
        self.select_tags([tag_id])
        row = self.model.row_of(tag_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _emit_selected(self) -> None:
        self.tagSelected.emit(self.current_tag())

    def _activate(self) -> None:
        tag = self.current_tag()
        if tag is not None:
            self.tagActivated.emit(tag)

    def shutdown(self) -> None:
        self._search_timer.stop()


def _refill(combo: QComboBox, everything: str, choices: Sequence[tuple[object, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for value, label in choices:
        combo.addItem(label, value)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
