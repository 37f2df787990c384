"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call and to True/False
on every signal emit; after a few thousand calls the interpreter aborts. pyproject.toml excludes
it; this test fails loudly if such a build is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    toggled = Signal(bool)


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("frame")
    assert sys.getrefcount(None) - before > -50


def test_signal_emits_keep_booleans_alive(qtbot: QtBot) -> None:
    emitter = _Emitter()
    seen = [0]

    def count(_value: bool) -> None:
        seen[0] += 1

    emitter.toggled.connect(count)
    before = sys.getrefcount(True)
    for _ in range(500):
        emitter.toggled.emit(True)
    assert seen[0] == 500
    assert sys.getrefcount(True) - before > -50
