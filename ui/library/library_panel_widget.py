"""The library panel: the family tree, an import button, drop-to-import and import progress."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.library.library_tree_model import (
    CLIP,
    FAMILY,
    ID_ROLE,
    KIND_ROLE,
    SESSION,
    FamilyNode,
    LibraryTreeModel,
)


class LibraryPanelWidget(QWidget):
    """Shows the library; says which clip to open and which files to import."""

    clipActivated = Signal(int)  # clip id
    importRequested = Signal(list, object)  # file paths, family id or None
    importCancelRequested = Signal()
    consentRequested = Signal(int)  # family id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.model = LibraryTreeModel(self)
        self.tree = QTreeView()
        self.import_button = QPushButton("Import clips…")
        self.drop_hint = QLabel("or drop videos here")
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setObjectName("Muted")
        self.progress_label = QLabel("")
        self.progress_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton("Cancel import")
        self.consent_button = QPushButton("Consent…")
        self.consent_button.setToolTip("Record, renew or withdraw the selected family's consent")
        self._build()
        self.show_import_progress(None)

    def _build(self) -> None:
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)  # consent is read in full
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName("Library: families, sessions and clips")
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        self.import_button.clicked.connect(lambda: self.importRequested.emit([], self.family_id()))
        self.cancel_button.clicked.connect(self.importCancelRequested)
        # the hint under the buttons: beside them (with Consent…) it widened the dock so that
        # the window no longer fitted a laptop's screen
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.consent_button)
        self.consent_button.clicked.connect(self._ask_consent)
        progress = QHBoxLayout()
        progress.addWidget(self.progress, 1)
        progress.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.drop_hint)
        layout.addWidget(self.progress_label)
        layout.addLayout(progress)

    # -- contents ------------------------------------------------------------------------------
    def set_families(self, families: Sequence[FamilyNode], clip_id: int | None = None) -> None:
        self.model.set_families(families)
        self.tree.expandToDepth(1)
        if clip_id is not None:
            self.select(CLIP, clip_id)

    def select(self, kind: str, item_id: int) -> None:
        item = self.model.find(kind, item_id)
        if item is not None:
            index = item.index()
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def family_id(self) -> int | None:
        """The family of the selected row, to import into."""
        index = self.tree.currentIndex().siblingAtColumn(0)
        while index.isValid():
            if index.data(KIND_ROLE) == FAMILY:
                return int(index.data(ID_ROLE))
            index = index.parent()
        return None

    def session_id(self) -> int | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        while index.isValid():
            if index.data(KIND_ROLE) == SESSION:
                return int(index.data(ID_ROLE))
            index = index.parent()
        return None

    def _ask_consent(self) -> None:
        family_id = self.family_id()
        if family_id is not None:
            self.consentRequested.emit(family_id)

    def _on_activated(self, index: QModelIndex) -> None:
        index = index.siblingAtColumn(0)
        if index.data(KIND_ROLE) == CLIP:
            self.clipActivated.emit(int(index.data(ID_ROLE)))

    # -- import progress -----------------------------------------------------------------------
    def show_import_progress(self, percent: int | None, text: str = "") -> None:
        """Show the running import's progress, or hide the bar when `percent` is None."""
        running = percent is not None
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.progress_label.setVisible(running or bool(text))
        self.progress_label.setText(text)
        self.import_button.setEnabled(not running)
        if percent is not None:
            self.progress.setValue(percent)

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.importRequested.emit(paths, self.family_id())
