"""Shows the player and timeline on a clip in a plain window, for trying and screenshots:
`python -m ui.player.demo [clip]` (no clip: the built-in demo clip, with its scripted moments
as tags). Wired exactly as the main window is meant to wire them."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow, QVBoxLayout, QWidget

from ui.player.player_actions import player_actions
from ui.player.player_controller import PlayerController
from ui.player.player_widget import PlayerWidget, bind_timeline
from ui.timeline.timeline_widget import TimelineWidget


@dataclass(frozen=True)
class DemoTag:
    id: int
    in_frame: int
    out_frame: int
    cue_frame: int | None
    response_frame: int | None
    label: str


def demo_tags(fps: float) -> list[DemoTag]:
    from attune_app.media.demo_clip import DEMO_MOMENTS

    tags = []
    for i, moment in enumerate(DEMO_MOMENTS, start=1):
        cue, response = round(moment.cue_s * fps), round(moment.response_s * fps)
        label = f"{moment.cue} → {moment.response}"
        tags.append(DemoTag(i, cue - round(fps), response + round(2 * fps), cue, response, label))
    return tags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("clip", nargs="?", type=Path)
    parser.add_argument("--seek", type=int, default=0, help="frame to show first")
    parser.add_argument("--zoom", type=int, default=0, help="zoom-in steps on the timeline")
    parser.add_argument("--tags", action="store_true", help="show the demo clip's moments")
    parser.add_argument("--play", action="store_true", help="start playing")
    parser.add_argument("--size", default="1100x760", help="window size, logical pixels")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv)
    clip = args.clip
    tags: list[DemoTag] = []
    if clip is None:
        from attune_app.media.demo_clip import write_demo_clip

        clip = write_demo_clip(Path(tempfile.mkdtemp()) / "demo.mp4", duration_s=30)
    window = QMainWindow()
    window.setWindowTitle("Attune player")
    controller = PlayerController(window)
    player = PlayerWidget(controller)
    timeline = TimelineWidget()
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.addWidget(player, 1)
    layout.addWidget(timeline)
    window.setCentralWidget(central)
    menu = window.menuBar().addMenu("&Playback")
    menu.addActions(player_actions(controller, window))
    bind_timeline(controller, timeline)
    controller.open(clip)
    info = controller.video_info
    assert info is not None
    if args.clip is None or args.tags:
        tags = [t for t in demo_tags(info.fps) if t.out_frame < info.frame_count]
        timeline.set_tags(tags)
        if tags:
            timeline.set_selected_tag(tags[0].id)
            controller.set_loop(tags[0].in_frame, tags[0].out_frame)
            timeline.set_in_out(tags[0].in_frame, tags[0].out_frame)
    for _ in range(args.zoom):
        timeline.zoom_in()
    controller.seek(args.seek)
    app.aboutToQuit.connect(controller.shutdown)
    app.aboutToQuit.connect(timeline.shutdown)
    width, height = (int(n) for n in args.size.split("x"))
    window.resize(width, height)
    window.show()
    if args.play:
        controller.play()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
