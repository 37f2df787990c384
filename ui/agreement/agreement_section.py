"""The clip's blind-coding and agreement actions (Tag menu) for one window. GUI thread only.

"Code this clip blind" hides the other coders' tags from the tag list and the timeline while
the person working codes this clip; the choice is kept in the library per clip and person.
"Agreement between coders…" is refused while they code it blind: the figures and the
comparison timeline would show them the other codings.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from attune_app.domain.models import Clip
from attune_app.services.blind_coding import is_blind, set_blind
from attune_app.store.errors import LibraryError
from ui.agreement.agreement_dialog import AgreementDialog
from ui.widgets.messages import show_error
from ui.window_parts import WindowParts


class AgreementSection(QObject):
    """Given the window's parts: the library, the player (a chosen pair seeks it), the
    tagging controller's code labels, the status line and a parent for the dialog."""

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.parent)
        self._parts = parts
        self._parent = parts.parent
        self._clip: Clip | None = None
        self.dialog: AgreementDialog | None = None
        self.blind_action = QAction("Code this clip &blind", parts.parent)
        self.blind_action.setCheckable(True)
        self.blind_action.setStatusTip("Hide the other coders' tags on this clip while you code it")
        self.blind_action.toggled.connect(self._on_blind_toggled)
        self.agreement_action = QAction("&Agreement between coders…", parts.parent)
        self.agreement_action.setStatusTip("Compare the coders of this clip: kappa, alpha, pairs")
        self.agreement_action.triggered.connect(lambda _checked=False: self.open_agreement())
        self._enable()

    def actions(self) -> list[QAction]:
        return [self.blind_action, self.agreement_action]

    def show_clip(self, clip: Clip) -> None:
        self._clip = clip
        self.blind_action.blockSignals(True)
        self.blind_action.setChecked(is_blind(self._parts.library.library, clip.id))
        self.blind_action.blockSignals(False)
        self._enable()

    def _enable(self) -> None:
        self.blind_action.setEnabled(self._clip is not None)
        self.agreement_action.setEnabled(self._clip is not None)

    def _on_blind_toggled(self, blind: bool) -> None:
        if self._clip is None:
            return
        library = self._parts.library
        try:
            set_blind(library.library, self._clip.id, blind)
        except LibraryError as error:
            self.blind_action.blockSignals(True)
            self.blind_action.setChecked(not blind)
            self.blind_action.blockSignals(False)
            show_error(self._parent, "Blind coding not changed", str(error))
            return
        library.tagsChanged.emit(self._clip.id)  # the list and the timeline reload what is visible
        text = (
            "Coding blind: only your own tags on this clip are shown."
            if blind
            else "Blind coding ended: every coder's tags on this clip are shown."
        )
        self._parts.show_message(text, 6000)

    def open_agreement(self) -> AgreementDialog | None:
        if self._clip is None:
            return None
        if self.blind_action.isChecked():
            self._parts.show_message(
                "You are coding this clip blind: end blind coding (Tag menu) to compare.", 6000
            )
            return None
        if self.dialog is not None:
            self.dialog.close()
        parts = self._parts
        self.dialog = AgreementDialog(
            parts.library.library, self._clip, parts.tagging.label_of, parts.parent
        )
        self.dialog.frameChosen.connect(parts.player.seek)
        self.dialog.open()
        return self.dialog

    def shutdown(self) -> None:
        if self.dialog is not None:
            self.dialog.shutdown()
