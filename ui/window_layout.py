"""Saving the main window's size, place and dock layout at close, restoring it at start.

The dock layout is saved with `LAYOUT_VERSION`; bump it whenever the docks change (one added,
renamed or moved to another default area), so an old layout is ignored rather than applied to
docks it does not describe. A missing, old or unreadable layout leaves the default layout.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

LAYOUT_VERSION = 2  # 2: the reel editor's Moment dock
STATE_KEY = "main_window/state"
GEOMETRY_KEY = "main_window/geometry"
VERSION_KEY = "main_window/layout_version"


def save_layout(window: QMainWindow, settings: QSettings | None = None) -> None:
    store = settings or QSettings()
    store.setValue(GEOMETRY_KEY, window.saveGeometry())
    store.setValue(STATE_KEY, window.saveState(LAYOUT_VERSION))
    store.setValue(VERSION_KEY, LAYOUT_VERSION)
    store.sync()


def restore_layout(window: QMainWindow, settings: QSettings | None = None) -> bool:
    """Apply the saved layout; False (and nothing applied) when there is none usable."""
    store = settings or QSettings()
    state, geometry = _bytes(store.value(STATE_KEY)), _bytes(store.value(GEOMETRY_KEY))
    if state is None or _int(store.value(VERSION_KEY)) != LAYOUT_VERSION:
        return False
    if not window.restoreState(state, LAYOUT_VERSION):
        return False
    if geometry is not None:
        window.restoreGeometry(geometry)
    return True


def forget_layout(settings: QSettings | None = None) -> None:
    store = settings or QSettings()
    for key in (STATE_KEY, GEOMETRY_KEY, VERSION_KEY):
        store.remove(key)


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes) and value:
        return QByteArray(value)
    return None


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return None


def hide_stale_tab_bars(window: QMainWindow) -> int:
    """Hide the tab bars Qt leaves on screen when two groups of tabbed docks share a side (Tag
    with Moment over Tags with Reel and Exports): a copy of a group's bar stays where the group
    first was, drawn over the tag editor, and no relayout moves it. A bar in use lies along the
    dock of its current tab; returns how many were hidden."""
    window.layout().activate()
    docks = {d.windowTitle(): d for d in window.findChildren(QDockWidget)}
    hidden = 0
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisible() or bar.count() == 0:
            continue
        dock = docks.get(bar.tabText(bar.currentIndex()))
        if dock is None or dock.isFloating() or not dock.isVisible():
            continue
        place = dock.geometry()
        if bar.geometry().x() != place.x() or bar.geometry().width() != place.width():
            bar.hide()
            hidden += 1
    return hidden
