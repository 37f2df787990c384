"""Fitting the main window to an ordinary laptop screen (1366x768, 1280x720).

Two rules. The window opens no larger than the screen it is on (a window taller than the screen
hides its status bar and the timeline's lower half). And when the window gets narrower, the
picture keeps its room: Qt gives every pixel of a shrinking window to the central widget, so on
a laptop the docks laid out for a large screen kept their width and the picture shrank to a
strip; here the side docks give up width first, in proportion, down to their own minimums.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

# The player's picture needs this width for a 16:9 clip to be 360 px high: half a 720p
# recording's height, about the least at which a baby's gaze and a parent's expression (what a
# practitioner tags) still read clearly on a laptop.
CENTRE_MIN_W = 640
DOCK_SEPARATORS_W = 12  # the two splitter handles beside the central widget


def screen_fitted_size(window: QMainWindow, wanted: QSize) -> QSize:
    """`wanted`, made no larger than the available part of the window's screen."""
    screen = window.screen()
    if screen is None:
        return wanted
    return fitted_size(wanted, screen.availableGeometry().size(), window.minimumSizeHint())


def fitted_size(wanted: QSize, available: QSize, least: QSize) -> QSize:
    """`wanted` bounded by the `available` screen, when that screen holds the window's `least`
    size; a smaller screen (below what Attune supports, or the test platform's 800-pixel one)
    gains nothing from a window squeezed to its minimum, so it gets `wanted`."""
    if least.width() > available.width() or least.height() > available.height():
        return wanted
    return wanted.boundedTo(available)


def default_dock_widths(window_w: int, library_w: int, right_w: int) -> tuple[int, int]:
    """The library's and the right-hand docks' widths for the default layout in a window
    `window_w` wide: as asked when the picture keeps `CENTRE_MIN_W`, else both narrower in
    proportion (Qt then holds each at its own minimum)."""
    room = window_w - CENTRE_MIN_W - DOCK_SEPARATORS_W
    if room >= library_w + right_w:
        return library_w, right_w
    room = max(room, 0)
    library = room * library_w // (library_w + right_w)
    return library, room - library


def keep_picture_room(window: QMainWindow) -> bool:
    """After a resize: if the central widget is narrower than `CENTRE_MIN_W`, take the missing
    width from the visible left and right docks in proportion to their width, none below its
    minimum. True when the docks were resized. GUI thread only."""
    centre = window.centralWidget()
    if centre is None:
        return False
    missing = CENTRE_MIN_W - centre.width()
    docks = _side_docks(window)
    spare = {dock: dock.width() - dock.minimumSizeHint().width() for dock in docks}
    total = sum(max(width, 0) for width in spare.values())
    if missing <= 0 or total <= 0:
        return False
    take = min(missing, total)
    widths = [dock.width() - take * max(spare[dock], 0) // total for dock in docks]
    window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
    return True


def _side_docks(window: QMainWindow) -> list[QDockWidget]:
    """One visible dock per side column (tabbed docks share their column's width)."""
    sides = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
    chosen: dict[Qt.DockWidgetArea, QDockWidget] = {}
    for dock in window.findChildren(QDockWidget):
        area = window.dockWidgetArea(dock)
        if area in sides and dock.isVisible() and not dock.isFloating():
            chosen.setdefault(area, dock)
    return list(chosen.values())
