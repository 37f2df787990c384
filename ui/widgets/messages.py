"""Error and information boxes that never block the event loop (the app stays responsive)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

_OPEN_BOXES: list[QMessageBox] = []


def show_error(parent: QWidget | None, title: str, text: str, what_to_do: str = "") -> QMessageBox:
    """A window-modal error box: what happened (naming the file) and what to do about it."""
    return _show(parent, QMessageBox.Icon.Warning, title, text, what_to_do)


def show_info(parent: QWidget | None, title: str, text: str, details: str = "") -> QMessageBox:
    return _show(parent, QMessageBox.Icon.Information, title, text, details)


def open_boxes() -> list[QMessageBox]:
    """The boxes still on screen (tests read their text). A box whose parent window was
    deleted before the box was closed is gone with it, and forgotten then (`_gone`)."""
    return [box for box in _OPEN_BOXES if box.isVisible()]


def _show(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, informative: str
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if informative:
        box.setInformativeText(informative)
    box.setObjectName("AttuneMessage")
    _OPEN_BOXES.append(box)
    box.finished.connect(lambda _result: _forget(box))
    box.destroyed.connect(lambda _object=None: _gone(box))
    box.open()
    return box


def _forget(box: QMessageBox) -> None:
    if box in _OPEN_BOXES:
        _OPEN_BOXES.remove(box)
    box.deleteLater()


def _gone(box: QMessageBox) -> None:
    """Deleted (with its parent window, say): drop the wrapper, never touch the C++ object."""
    _OPEN_BOXES[:] = [b for b in _OPEN_BOXES if b is not box]
