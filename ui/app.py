"""The desktop app's entry point (`attune`, `attune gui --demo`), found by the core's CLI."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs
from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from attune_app.resources import resource_path
from attune_app.services import people
from attune_app.store.damage import DamagedLibraryError, restore_damaged
from attune_app.store.keys import LockedLibraryError
from attune_app.store.library import Library, default_library_path
from ui.library.damaged_library_dialog import DamagedLibraryDialog
from ui.library.demo_library_controller import DemoBuilder, DemoLibraryController
from ui.library.library_controller import LibraryController
from ui.main_window import MainWindow
from ui.widgets.messages import show_error
from ui.widgets.preparing_dialog import PreparingDialog
from ui.window_fit import screen_fitted_size

STYLE_PATH = resource_path("styles", "attune.qss")
ICON_PATH = resource_path("icons", "attune.svg")
DEFAULT_SIZE = (1440, 900)


def demo_library_path() -> Path:
    return platformdirs.user_data_path("Attune", appauthor=False) / "demo-library"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named and styled (GUI thread)."""
    QCoreApplication.setOrganizationName("Attune")
    QCoreApplication.setApplicationName("Attune")
    QApplication.setDesktopFileName("attune")  # matches packaging/linux/attune.desktop
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or ["attune"])
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.5))
    app.setFont(font)
    if STYLE_PATH.is_file():
        app.setStyleSheet(STYLE_PATH.read_text(encoding="utf-8"))
    if ICON_PATH.is_file():
        app.setWindowIcon(QIcon(str(ICON_PATH)))
    return app


def quit_soon_if_smoke_test(app: QApplication) -> bool:
    """With ATTUNE_SMOKE_TEST=1 (packaging checks), quit once the event loop has run a moment."""
    if os.environ.get("ATTUNE_SMOKE_TEST") != "1":
        return False

    def done() -> None:
        print("attune: smoke test: window shown, event loop running", file=sys.stderr)
        app.quit()

    QTimer.singleShot(500, done)
    return True


class DemoLibraryFailedError(Exception):
    """The demo library could not be made; the message says why."""


def prepare_demo_library(path: Path, builder: DemoBuilder | None = None) -> Path:
    """The demo library, made on a worker thread behind a small progress window on first use.

    GUI thread; runs a local event loop until the worker is done. Raises
    `DemoLibraryFailedError` when it could not be made.
    """
    from attune_app.services.demo import demo_library_exists

    if builder is None and demo_library_exists(path):
        return path
    dialog = PreparingDialog(
        "Preparing the demo library…",
        "Attune is making a short practice clip of a fictional family, with a few tagged "
        "moments and a review reel. This happens only once and takes about half a minute.",
    )
    controller = DemoLibraryController(path, builder) if builder else DemoLibraryController(path)
    outcome: list[object] = []
    loop = QEventLoop()
    controller.progressed.connect(dialog.set_fraction)
    controller.succeeded.connect(lambda made: (outcome.append(Path(made)), loop.quit()))
    controller.failed.connect(lambda text: (outcome.append(text), loop.quit()))
    dialog.show()
    controller.start()
    loop.exec()
    controller.join()
    dialog.finish()
    dialog.deleteLater()
    result = outcome[0] if outcome else "the demo library was not made"
    if isinstance(result, Path):
        return result
    raise DemoLibraryFailedError(str(result))


def open_library(library_arg: str | None, demo: bool) -> Library:
    """Open (and on first use make) the library the user asked for."""
    if demo:
        return Library.open(prepare_demo_library(demo_library_path()))
    if library_arg:
        return Library.open(Path(library_arg))
    return Library.open(default_library_path(), create=True)


def offer_restore(damaged: DamagedLibraryError) -> Library | None:
    """Ask which good backup to put in place of a damaged library file; the library opened from
    it, or None when the user quits (nothing changed) or it cannot open either."""
    dialog = DamagedLibraryDialog(damaged)
    chosen = dialog.chosen_backup() if dialog.exec() == QDialog.DialogCode.Accepted else None
    if chosen is None:
        return None
    try:
        restore_damaged(damaged.folder, chosen, damaged.data_key)
        return Library.open(damaged.folder, data_key=damaged.data_key)
    except Exception as error:  # the backup cannot be used either: say so and stop
        QMessageBox.critical(None, "Attune could not restore the backup", str(error))
        return None


def build_window(library: Library, *, demo: bool = False) -> MainWindow:
    people.ensure_local_person(library)
    window = MainWindow(LibraryController(library))
    window.resize(screen_fitted_size(window, QSize(*DEFAULT_SIZE)))  # a laptop: its screen
    window.restore_saved_layout()
    for notice in library.notices:
        window.statusBar().showMessage(notice, 10000)
    if demo:
        window.open_first_clip()
    window.safeguarding.start()
    return window


def install_error_hook(window: MainWindow) -> None:
    """An unexpected error becomes a dialog; the app stays up and the library stays open."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, error, tb)
        show_error(
            window,
            "Something went wrong",
            f"Attune hit an unexpected problem: {error}",
            "Your saved tags are safe. If this keeps happening, note what you did and tell "
            "your administrator.",
        )

    sys.excepthook = hook


def main(args: Any) -> int:
    """Run the app until its window closes; returns the exit code."""
    app = make_application(sys.argv[:1])
    demo = bool(getattr(args, "demo", False))
    try:
        library = open_library(getattr(args, "library", None), demo)
    except DemoLibraryFailedError as error:
        QMessageBox.critical(
            None,
            "The demo library could not be made",
            f"Attune could not prepare its demo library: {error}\n\nYour own library is not "
            "affected. Check there is free disk space, then try again.",
        )
        return 1
    except LockedLibraryError as locked:  # an encrypted library: ask for its passphrase
        from ui.safeguarding.unlock_dialog import open_with_passphrase

        try:
            unlocked = open_with_passphrase(locked)
        except DamagedLibraryError as damaged:  # unlocked, but its file is damaged
            unlocked = offer_restore(damaged)
        if unlocked is None:
            return 1
        library = unlocked
    except DamagedLibraryError as damaged:
        restored = offer_restore(damaged)
        if restored is None:
            return 1
        library = restored
    except Exception as error:  # e.g. the library is open in another Attune, or too new
        QMessageBox.critical(None, "Attune could not open the library", str(error))
        return 1
    previous_hook = sys.excepthook
    try:
        window = build_window(library, demo=demo)
        install_error_hook(window)
        window.show()
        QTimer.singleShot(0, window.raise_)
        quit_soon_if_smoke_test(app)
        return int(app.exec())
    finally:
        sys.excepthook = previous_hook
        library.close()
