"""The idle lock: after some minutes without use the window hides every picture and asks the
person to confirm it is still them before going on.

On a library without encryption there is no passphrase to ask for, so the confirmation is the
person's own name as the library knows them (their display name or computer login), typed
again: it stops a passer-by glancing at a family's films on an unattended laptop, not a
determined attacker (encryption at rest is for that). Locks, unlocks and failed unlocks are
audited, never with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

DEFAULT_IDLE_MINUTES = 10
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockOverlayWidget(QWidget):
    """Covers the whole window while it is locked: no picture shows through."""

    unlockRequested = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("LockOverlay")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name_edit = QLineEdit()
        self.name_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.name_edit.setPlaceholderText("Your name")
        self.name_edit.setAccessibleName("Type your name to continue")
        self.name_edit.setMaximumWidth(320)
        self.continue_button = QPushButton("Continue")
        self.continue_button.setObjectName("PrimaryButton")
        self.error = QLabel("")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.message, self.name_edit, self.continue_button, self.error):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.continue_button.clicked.connect(self._submit)
        self.name_edit.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        self.unlockRequested.emit(self.name_edit.text())


class IdleLockController(QObject):
    """GUI thread only. `confirm(text)` says whether the typed words unlock; `audit(action)`
    records 'idle_lock', 'unlock' or 'unlock_failed'."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        *,
        confirm: Callable[[str], bool],
        audit: Callable[[str], None],
        on_lock: Callable[[], None] = lambda: None,
        idle_ms: int = DEFAULT_IDLE_MINUTES * 60_000,
        who: str = "",
        passphrase: bool = False,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._confirm = confirm
        self._audit = audit
        self._on_lock = on_lock
        self.idle_ms = idle_ms
        self.overlay = LockOverlayWidget(window)
        self.overlay.hide()
        self._passphrase = passphrase  # an encrypted library: its passphrase unlocks
        wanted = "the library's passphrase" if passphrase else "your name"
        self.overlay.message.setText(
            f"Attune is locked after {_minutes(idle_ms)} without use, so no family's pictures "
            f"show. To go on, type {wanted}{f' ({who})' if who and not passphrase else ''}."
        )
        if passphrase:
            self.overlay.name_edit.setPlaceholderText("Passphrase")
            self.overlay.name_edit.setAccessibleName("Type the library's passphrase to continue")
        self.overlay.unlockRequested.connect(self.try_unlock)
        self._hidden: list[QWidget] = []
        self.timer = QTimer(self)
        self.timer.setObjectName("IdleLockTimer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)

    @property
    def is_locked(self) -> bool:
        return self.overlay.isVisible()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start(self.idle_ms)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.is_locked and event.type() == QEvent.Type.Shortcut:
            return True  # no shortcut plays, steps or opens anything behind the lock
        if event.type() == QEvent.Type.Resize and watched is self._window:
            self.overlay.setGeometry(self._window.rect())
        elif event.type() in _ACTIVITY and not self.is_locked and self.timer.isActive():
            self.timer.start(self.idle_ms)  # any use of the app starts the count again
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        self._on_lock()
        window = self._window
        self._hidden = [
            w
            for w in [window.centralWidget(), *window.findChildren(QDockWidget)]
            if w is not None and w.isVisible()
        ]
        for widget in self._hidden:
            widget.hide()
        window.menuBar().setEnabled(False)
        self.overlay.setGeometry(window.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.name_edit.clear()
        self.overlay.error.clear()
        self.overlay.name_edit.setFocus()
        self._audit("idle_lock")
        self.locked.emit()

    def try_unlock(self, typed: str) -> bool:
        if not self.is_locked:
            return True
        if not self._confirm(typed):
            self._audit("unlock_failed")
            self.overlay.name_edit.clear()
            self.overlay.error.setText(
                "That passphrase does not unlock this library."
                if self._passphrase
                else "That is not the name this library knows you by."
            )
            return False
        self._audit("unlock")
        self.overlay.hide()
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self._window.menuBar().setEnabled(True)
        self.timer.start(self.idle_ms)
        self.unlocked.emit()
        return True


def _minutes(ms: int) -> str:
    minutes = ms / 60_000
    if minutes >= 1:
        return f"{minutes:g} minute{'s' if minutes != 1 else ''}"
    return f"{ms / 1000:g} seconds"
