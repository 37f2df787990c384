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
LAPTOP_SIZE = (1366, 768)  # the commonest laptop screen


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
    for name in ("LOGNAME", "USER"):  # the computer account the app works as, not the builder's
        os.environ[name] = "alex"
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
        # The default layout for SIZE, as Attune opens on a screen that size, whatever screen
        # build_window saw (it fits the window to a laptop's screen).
        window.reset_layout()
        window.show()
        _wait(app, lambda: window.video.current_frame >= 0)
        shoot_main_window(app, window, out)
        shoot_laptop(app, window, out)
        shoot_timeline_zoomed(app, window, out)
        shoot_reel(app, window, out)
        shoot_reel_editor(app, window, out)
        shoot_export(app, window, out, work)
        shoot_agreement(app, window, out)
        shoot_supervision(app, window, out)
        shoot_tag_mapping(app, window, out)
        window.close()
        _settle(app)
        shoot_review(app, library, out)
        _settle(app)
        shoot_anonymise(app, library, out)
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


def shoot_laptop(app: object, window: object, out: Path) -> None:
    """The working view on a 1366x768 laptop screen, laid out as Attune opens there: a tag
    selected and a new one half made, as in main-window.png. The big screen's layout after."""
    w = window
    w.resize(*LAPTOP_SIZE)  # type: ignore[attr-defined]
    _settle(app)
    w.reset_layout()  # type: ignore[attr-defined]
    tags = w.tag_list.model.tags()  # type: ignore[attr-defined]
    if len(tags) > 1:
        w.tag_list.select_tag(tags[1].id)  # type: ignore[attr-defined]
        _wait(app, lambda: w.video.current_frame == tags[1].in_frame)  # type: ignore[attr-defined]
    w.tagging.mark_cue()  # type: ignore[attr-defined]
    w.tagging.apply_code(1)  # type: ignore[attr-defined]
    _settle(app)
    _save(w, out / "laptop-1366x768.png")
    w.tagging.discard()  # type: ignore[attr-defined]
    w.resize(*SIZE)  # type: ignore[attr-defined]
    _settle(app)
    w.reset_layout()  # type: ignore[attr-defined]
    _settle(app)


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


def shoot_review(app: object, library: object, out: Path) -> None:
    """Review mode on two screens: the parent's view (the TV) and the presenter view (the
    laptop), at the end of the first moment, the parent's words being written down."""
    from PySide6.QtCore import QObject, QRect, Signal

    from attune_app.services.reels import list_reels
    from ui.player.playback_clock import no_audio_clock_factory
    from ui.player.player_controller import PlayerController
    from ui.review.review_mode import ReviewMode
    from ui.review.screens import ScreenSlot

    class TwoScreens(QObject):
        changed = Signal()

        def slots(self) -> list[ScreenSlot]:
            return [ScreenSlot("laptop", QRect(0, 0, *SIZE)), ScreenSlot("tv", QRect(0, 0, *SIZE))]

    reel = next(r for r in list_reels(library) if r.name == "Shared review")  # type: ignore[arg-type]
    mode = ReviewMode(
        library,  # type: ignore[arg-type]
        reel.id,
        screens=TwoScreens(),
        make_player=lambda owner: PlayerController(owner, clock_factory=no_audio_clock_factory),
        full_screen=False,
    )
    mode.start()
    playback = mode.controller.playback
    _wait(app, lambda: playback.index == 1 and playback.has_ended_item, 30.0)
    mode.panel.words.setPlainText("She was looking right at me, and I looked back.")
    for window in (mode.parent_window, mode.presenter_window):
        window.resize(*SIZE)
    _settle(app, 0.6)
    _save(mode.parent_window, out / "review-parent-view.png")
    _save(mode.presenter_window, out / "review-presenter-view.png")
    mode.close()
    _settle(app)


def shoot_reel_editor(app: object, window: object, out: Path) -> None:
    """The reel editor on a moment: trim handles, first and last frame, speed, hold, caption."""
    w = window
    panel = w.reels.panel  # type: ignore[attr-defined]
    w.reel_dock.raise_()  # type: ignore[attr-defined]
    items = panel.reel_items()
    row = next((i for i, item in enumerate(items) if not item.is_title), None)
    if row is None:
        return
    panel.select_row(row)
    w.moment_dock.raise_()  # type: ignore[attr-defined]
    editing = w.reels.editing  # type: ignore[attr-defined]
    if not items[row].caption:  # show a shaped moment even on a plain demo reel
        editing.change_current({"caption": "You waited, and she looked back at you"})
        editing.change_current({"prompt": "What do you notice here?"})
        editing.change_current({"speed": 0.5, "hold_ms": 2000})
    editor = w.reels.editor  # type: ignore[attr-defined]
    _wait(
        app,
        lambda: (
            editor.first_preview.pixmap() is not None and not editor.first_preview.pixmap().isNull()
        ),
    )  # type: ignore[attr-defined]
    _settle(app, 0.5)
    _save(w, out / "reel-editor.png")


def shoot_export(app: object, window: object, out: Path, work: Path) -> None:
    """The Exports panel with a finished and a running job, and the Export dialog over it."""
    from PySide6.QtGui import QPainter

    from attune_app.export.output_plan import ExportSettings

    w = window
    reel_id = w.reels.panel.reel_id()  # type: ignore[attr-defined]
    if reel_id is None:
        return
    folder = work / "exports"
    folder.mkdir()
    runner = w.exports.runner  # type: ignore[attr-defined]
    draft = ExportSettings(quality="draft", captions="burn")
    first = w.exports.start(reel_id, folder / "Moments-to-share.mp4", draft)  # type: ignore[attr-defined]
    _wait(app, lambda: runner.jobs[first].state == "done", 120)
    second = w.exports.start(reel_id, folder / "Moments-high.mp4", ExportSettings("high"))  # type: ignore[attr-defined]
    _wait(app, lambda: runner.jobs[second].fraction > 0.3, 120)
    dialog = w.exports.ask()  # type: ignore[attr-defined]
    dialog.adjustSize()
    _settle(app)
    shot, over = w.grab(), dialog.grab()  # type: ignore[attr-defined]
    painter = QPainter(shot)
    painter.drawPixmap(
        (shot.width() - over.width()) // 3, (shot.height() - over.height()) // 2, over
    )
    painter.end()
    dialog.reject()
    runner.cancel(second)
    _wait(app, lambda: not runner.is_busy, 60)
    path = out / "export.png"
    if not shot.save(str(path)):
        raise SystemExit(f"Could not write {path}")
    print(f"wrote {path} ({shot.width()}x{shot.height()})")


def shoot_agreement(app: object, window: object, out: Path) -> None:
    """A supervisor's second coding of the demo clip compared with the practitioner's: the
    figures and the comparison timeline. The second coding is made here, in the temporary copy:
    the demo's tags a few frames off, one cue coded differently, one moment missed."""
    from attune_app.services import act_as, add_tag

    w = window
    library = w.library.library  # type: ignore[attr-defined]
    tags = w.tag_list.model.tags()  # type: ignore[attr-defined]
    first = library.actor
    act_as(library, "Supervisor (demo)", "supervisor")
    shifts = (3, -6, 5, 9, -4, 2)
    for number, tag in enumerate(tags[:-1]):
        shift = shifts[number % len(shifts)]
        cue = tag.cue_code if number != 1 else tags[0].cue_code
        add_tag(
            library,
            tag.clip_id,
            in_frame=tag.in_frame,
            out_frame=tag.out_frame,
            cue_frame=None if tag.cue_frame is None else max(tag.cue_frame + shift, 0),
            cue_code=cue,
            response_frame=tag.response_frame,
            response_code=tag.response_code,
            principle_codes=tag.principle_codes,
        )
    library.actor = first
    dialog = w.agreement.open_agreement()  # type: ignore[attr-defined]
    dialog.resize(1100, 720)
    dialog.compute()
    _wait(app, lambda: dialog.report is not None)
    dialog.timeline.fit_width(dialog.scroll.viewport().width())
    _settle(app)
    pixmap = dialog.grab()
    path = out / "agreement.png"
    if not pixmap.save(str(path)):
        raise SystemExit(f"Could not write {path}")
    print(f"wrote {path} ({pixmap.width()}x{pixmap.height()})")
    dialog.close()


def shoot_supervision(app: object, window: object, out: Path) -> None:
    """A supervisor's view of the demo session: the list with counts, a comment thread at a
    frame with the practitioner's reply, and the Sign off / Return controls."""
    from attune_app.services import comments
    from attune_app.services.people import act_as
    from attune_app.services.permissions import register_person
    from attune_app.store import records

    w = window
    library = w.library.library  # type: ignore[attr-defined]
    register_person(library, "Sam Okafor", "supervisor")
    act_as(library, "Sam Okafor")
    section = w.supervision  # type: ignore[attr-defined]
    section.show()
    session_id = section.list.model.rows[0].session_id
    section.open_session(session_id)
    _wait(app, lambda: w.video.current_frame >= 0)  # type: ignore[attr-defined]
    clip_id = w.clip.id  # type: ignore[attr-defined]
    first = comments.comment_on_session(
        library,
        session_id,
        "Lovely pause here: you waited for her turn.",
        clip_id=clip_id,
        frame=48,
    )
    session = records.get(library.db, "sessions", session_id, records.session)
    author = records.get(library.db, "people", session.practitioner_id, records.person)
    act_as(library, author.display_name)
    comments.reply(library, first.id, "Yes, she looked back at me straight after.")
    act_as(library, "Sam Okafor")
    comments.comment_on_session(
        library,
        session_id,
        "Could the response frame be two frames earlier?",
        clip_id=clip_id,
        frame=112,
    )
    section.open_session(session_id, open_clip=False)
    section.jump_to_comment(first.id)
    _wait(app, lambda: w.video.current_frame == 48)  # type: ignore[attr-defined]
    section.review.reason_edit.setText("")
    _settle(app)
    _save(w, out / "supervision.png")


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


def shoot_anonymise(app: object, library: object, out: Path) -> None:
    """The trainer's review of a training reel: a hand-drawn box picked on the frame (its
    handles), and the reel played as it will be exported, rendered into memory."""
    from PySide6.QtCore import Qt

    from attune_app.export.preview_bench import demo_training_reel
    from ui.anonymise.review_dialog import AnonymiseReviewDialog
    from ui.library.library_controller import LibraryController
    from ui.player.playback_clock import no_audio_clock_factory
    from ui.player.player_controller import PlayerController

    reel_id = demo_training_reel(library)  # type: ignore[arg-type]
    dialog = AnonymiseReviewDialog(
        LibraryController(library),  # type: ignore[arg-type]
        reel_id,
        make_player=lambda owner: PlayerController(owner, clock_factory=no_audio_clock_factory),
    )
    dialog.resize(*SIZE)
    dialog.show()
    dialog.slider.setValue(12)
    _wait(app, lambda: dialog.shown is not None and bool(dialog.view._boxes))
    for row in range(dialog.covers.count()):
        if dialog.covers.item(row).data(Qt.ItemDataRole.UserRole)[0] == "box":
            dialog.covers.setCurrentRow(row)  # the baby's box: picked, its handles shown
            break
    _settle(app, 0.5)
    _save(dialog, out / "anonymise-review-box.png")
    dialog.tabs.setCurrentWidget(dialog.preview_view)
    dialog.preview_view.render()
    _wait(app, lambda: not dialog.preview_view.rendering, 300.0)
    player = dialog.preview_view.player
    _wait(app, lambda: player.video_info is not None)
    player.seek(round(float(dialog.preview_view.preview.plan.fps) * 5))  # type: ignore[union-attr]
    _wait(app, lambda: player.shown_frame > 0)
    _settle(app, 0.5)
    _save(dialog, out / "anonymise-preview.png")
    dialog.reject()


def _save(window: object, path: Path) -> None:
    pixmap = window.grab()  # type: ignore[attr-defined]
    if not pixmap.save(str(path)):
        raise SystemExit(f"Could not write {path}")
    print(f"wrote {path} ({pixmap.width()}x{pixmap.height()})")


if __name__ == "__main__":
    raise SystemExit(main())
