"""Render screenshots of the main window on the demo library into screenshots/ for the README.

    .venv/bin/python scripts/screenshots.py [--out screenshots]

Runs offscreen by default (no display needed) and works in a temporary folder, so the user's
own library and settings are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1440, 900)


def _wait(app: object, done: Callable[[], bool], timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()  # type: ignore[attr-defined]
    return done()


def _settle(app: object, seconds: float = 0.3) -> None:
    _wait(app, lambda: False, seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    options = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="attune-shots-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(work / name.lower())
    sys.path.insert(0, str(ROOT))

    from attune_app.services.demo import ensure_demo_library
    from attune_app.store.library import Library
    from ui.app import build_window, make_application

    app = make_application(["attune-screenshots"])
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with Library.open(ensure_demo_library(work / "demo-library")) as library:
        window = build_window(library, demo=True)
        window.resize(*SIZE)
        window.show()
        _wait(app, lambda: window.video.current_frame >= 0)
        shoot_main_window(app, window, out)
        shoot_timeline_zoomed(app, window, out)
        shoot_reel(app, window, out)
        shoot_tag_mapping(app, window, out)
        window.close()
        _settle(app)
        shoot_preparing(app, out)
        _settle(app)
    return 0


def shoot_main_window(app: object, window: object, out: Path) -> None:
    """The working view: a tag selected, a new tag half made in the editor."""
    w = window  # MainWindow
    tags = w.tag_list.model.tags()  # type: ignore[attr-defined]
    if len(tags) > 1:
        w.tag_list.select_tag(tags[1].id)  # type: ignore[attr-defined]
        _wait(app, lambda: w.video.current_frame == tags[1].in_frame)  # type: ignore[attr-defined]
    frame = w.player.current_frame  # type: ignore[attr-defined]
    w.player.seek(frame + 10)  # type: ignore[attr-defined]
    _wait(app, lambda: w.video.current_frame == frame + 10)  # type: ignore[attr-defined]
    w.tagging.mark_cue()  # type: ignore[attr-defined]
    w.tagging.apply_code(1)  # type: ignore[attr-defined]
    _settle(app)
    _save(w, out / "main-window.png")
    w.tagging.discard()  # type: ignore[attr-defined]


def shoot_timeline_zoomed(app: object, window: object, out: Path) -> None:
    """The timeline zoomed in on one tag: its whole label, the cue and response marks."""
    w = window
    tags = w.tag_list.model.tags()  # type: ignore[attr-defined]
    if len(tags) > 2:
        w.tag_list.select_tag(tags[2].id)  # type: ignore[attr-defined]
        _wait(app, lambda: w.video.current_frame == tags[2].in_frame)  # type: ignore[attr-defined]
        w.timeline.zoom_to_frames(tags[2].in_frame, tags[2].out_frame)  # type: ignore[attr-defined]
    _settle(app, 0.6)  # thumbnails of the zoomed view
    _save(w, out / "timeline-zoomed.png")
    w.timeline.zoom_fit()  # type: ignore[attr-defined]


def shoot_preparing(app: object, out: Path) -> None:
    """The first-run window, centred on a plain 1440x900 backdrop as on a desktop."""
    from PySide6.QtGui import QColor, QPainter, QPixmap

    from ui.widgets.preparing_dialog import PreparingDialog

    dialog = PreparingDialog(
        "Preparing the demo library…",
        "Attune is making a short practice clip of a fictional family, with a few tagged "
        "moments and a review reel. This happens only once and takes about half a minute.",
    )
    dialog.set_fraction(0.4)
    dialog.adjustSize()
    dialog.show()
    _settle(app)
    shot = dialog.grab()
    canvas = QPixmap(*SIZE)
    canvas.fill(QColor("#d9d6d0"))
    painter = QPainter(canvas)
    painter.drawPixmap((SIZE[0] - shot.width()) // 2, (SIZE[1] - shot.height()) // 2, shot)
    painter.end()
    dialog.finish()
    path = out / "preparing-demo.png"
    if not canvas.save(str(path)):
        raise SystemExit(f"Could not write {path}")
    print(f"wrote {path} ({canvas.width()}x{canvas.height()})")


def shoot_reel(app: object, window: object, out: Path) -> None:
    w = window
    w.reel_dock.raise_()  # type: ignore[attr-defined]
    if w.reels.panel.items.count():  # type: ignore[attr-defined]
        w.reels.panel.select_row(0)  # type: ignore[attr-defined]
    _settle(app)
    _save(w, out / "reel.png")


def shoot_tag_mapping(app: object, window: object, out: Path) -> None:
    """File › Import tags… on an ELAN file: the mapping of tiers and values to scheme codes."""
    from attune_app.interchange.codebook import CodeBook
    from ui.interchange.tag_file_reader import read_layers
    from ui.interchange.tag_mapping_dialog import TagMappingDialog

    sample = ROOT / "tests" / "data" / "eaf" / "elan_3_0_several_tiers.eaf"
    layers = read_layers(sample)
    codebook = CodeBook.of(window.library.library)  # type: ignore[attr-defined]
    dialog = TagMappingDialog(sample.name, layers.layers, codebook, window)  # type: ignore[arg-type]
    dialog.set_code("Infant cue", "smile", "smiles")
    dialog.set_code("Infant cue", "reach", "reaches")
    dialog.set_target("Parent phases", "note")
    dialog.tiers.setCurrentCell(1, 0)  # Infant cue: its values and their codes
    dialog.show()
    _settle(app)
    _save(dialog, out / "import-tags-mapping.png")
    dialog.close()


def _save(window: object, path: Path) -> None:
    pixmap = window.grab()  # type: ignore[attr-defined]
    if not pixmap.save(str(path)):
        raise SystemExit(f"Could not write {path}")
    print(f"wrote {path} ({pixmap.width()}x{pixmap.height()})")


if __name__ == "__main__":
    raise SystemExit(main())
