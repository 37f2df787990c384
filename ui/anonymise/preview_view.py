"""The review dialog's "Play as it will be exported" view: the reel rendered by the export's
own renderer into memory (never to a disk), played in the app's player with its sound, and
the frames to look at first mapped to where the reel shows them. A change made after the
render marks the preview stale in plain words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.reel_timeline import TimelineEntry
from attune_app.domain.timecode import format_seconds
from attune_app.export.reel_preview import ReelPreview, prepare_preview
from ui.anonymise.preview_worker import PreviewWorker
from ui.player.player_controller import PlayerController
from ui.player.player_widget import PlayerWidget
from ui.widgets.messages import show_error

STALE = "Changed since this preview — render again to see and hear the reel as it is now."
NOT_YET = (
    "Render the reel exactly as the export will make it (faces covered, sound muted, holds, "
    "speeds and captions) and play it here with its sound. It stays in memory: nothing is "
    "saved."
)
MakePlayer = Callable[[QObject], PlayerController]


@dataclass(frozen=True)
class LookHere:
    """A run of source frames the trainer should check first."""

    clip_id: int
    first_frame: int
    last_frame: int
    why: str


class PreviewPlayWidget(QWidget):
    """GUI thread only. `library_of()` gives the open library; `current_key()` what the reel's
    anonymisation and timeline are now (to tell a stale preview)."""

    def __init__(
        self,
        library_of: Callable[[], object],
        reel_id: int,
        current_key: Callable[[], tuple[str, tuple[TimelineEntry, ...]]],
        make_player: MakePlayer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._library_of, self.reel_id, self._current_key = library_of, reel_id, current_key
        self.preview: ReelPreview | None = None
        self.rendering = False  # from the click until `finished` arrives here
        self._look: list[LookHere] = []
        self._unscanned = 0  # frames of the reel the face detector has not looked at
        self.worker = PreviewWorker(self)
        self.player = (make_player or (lambda owner: PlayerController(owner)))(self)
        self._build()
        self.worker.progressed.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.player.frameShown.connect(lambda frame, _rgb: self._show_where(frame))
        self.player.errorOccurred.connect(lambda message: self._say(message, warn=True))

    def _build(self) -> None:
        self.render_button = QPushButton("Render preview")
        self.render_button.setToolTip("Make the reel as the export will, in memory only")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat("%p%")
        self.status = QLabel(NOT_YET)
        self.status.setWordWrap(True)
        self.status.setObjectName("PreviewStatus")
        self.player_widget = PlayerWidget(self.player)
        self.where = QLabel()
        self.look_first = QListWidget()
        self.look_first.setAccessibleName("Frames to look at first, where the reel shows them")
        self.look_first.setMaximumHeight(110)
        self.look_first.itemActivated.connect(self._jump)
        self.look_first.itemClicked.connect(self._jump)
        self.render_button.clicked.connect(self.render)
        self.cancel_button.clicked.connect(self.worker.cancel)
        row = QHBoxLayout()
        row.addWidget(self.render_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.player_widget, 1)
        layout.addWidget(self.where)
        layout.addWidget(QLabel("Look here first, in the reel as exported:"))
        layout.addWidget(self.look_first)

    # -- rendering --------------------------------------------------------------------------
    @property
    def is_stale(self) -> bool:
        return self.preview is not None and self._key_of(self.preview) != self._current_key()

    @staticmethod
    def _key_of(preview: ReelPreview) -> tuple[str, tuple[TimelineEntry, ...]]:
        return preview.fingerprint, preview.timeline.entries

    def render(self) -> None:
        if self.rendering:
            return
        try:
            prepared = prepare_preview(self._library_of(), self.reel_id)  # type: ignore[arg-type]
        except Exception as error:
            show_error(self, "Preview", str(error))
            return
        self.player.pause()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.render_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._say("Rendering the reel as the export will make it… (in memory only)")
        self.rendering = True
        self.worker.start(prepared)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _finished(self, outcome: object) -> None:
        self.rendering = False
        self.render_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if isinstance(outcome, ReelPreview):
            self._adopt(outcome)
            return
        self.progress.setValue(0)
        if outcome == "cancelled":
            kept = " The preview below is the earlier one." if self.preview else ""
            self._say("Cancelled; nothing was kept." + kept)
        else:
            self._say(str(outcome), warn=True)
            show_error(self, "Preview", str(outcome))

    def _adopt(self, preview: ReelPreview) -> None:
        self.preview = preview
        self.render_button.setText("Render again")
        self.player.open_in_background(preview.source, self._opened)
        self.refresh()
        self._fill_look()

    def _opened(self, error: Exception | None) -> None:
        if error is not None:
            self._say(f"The preview could not be played: {error}", warn=True)

    def _say(self, text: str, *, warn: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #a34700; font-weight: bold;" if warn else "")

    def refresh(self) -> None:
        """Say whether the preview still shows the reel as it is now (after any edit)."""
        if self.rendering:
            return
        if self.preview is None:
            self._say(NOT_YET)
            return
        if self.is_stale:
            self._say(STALE, warn=True)
            return
        plan = self.preview.plan
        self._say(
            f"As it will be exported: {plan.frame_count} frames, "
            f"{format_seconds(plan.duration_s, with_ms=False)}, "
            f"{plan.width}×{plan.height}, with its sound (held in memory, "
            f"{len(self.preview.data) / 1e6:.1f} MB; nothing saved)."
        )

    # -- looking ----------------------------------------------------------------------------
    def set_look_here(self, runs: list[LookHere], unscanned: int = 0) -> None:
        self._look, self._unscanned = runs, unscanned
        self._fill_look()

    def _fill_look(self) -> None:
        self.look_first.clear()
        if self.preview is None:
            return
        if not self._look:
            nothing = QListWidgetItem(
                f"Nothing flagged yet: faces have not been looked for on {self._unscanned} "
                "frame(s). Press Find faces."
                if self._unscanned
                else "Nothing flagged: no frame where the face detector missed or was unsure."
            )
            nothing.setFlags(Qt.ItemFlag.NoItemFlags)
            self.look_first.addItem(nothing)
            return
        fps = float(self.preview.plan.fps)
        for run in self._look:
            frames = range(run.first_frame, run.last_frame + 1)
            at = self.preview.first_showing(run.clip_id, frames)
            if at is None:
                continue  # not in the reel as exported (e.g. between two moments)
            entry = QListWidgetItem(
                f"{format_seconds(at / fps)} · reel frame {at}: clip {run.clip_id}, "
                f"frames {run.first_frame}-{run.last_frame}: {run.why}"
            )
            entry.setData(Qt.ItemDataRole.UserRole, at)
            self.look_first.addItem(entry)

    def _jump(self, entry: QListWidgetItem) -> None:
        if entry.data(Qt.ItemDataRole.UserRole) is None:
            return
        self.player.pause()
        self.player.seek(int(entry.data(Qt.ItemDataRole.UserRole)))

    def _show_where(self, frame: int) -> None:
        if self.preview is None:
            return
        shown = self.preview.source_of(frame)
        what = "a title card" if shown is None else f"clip {shown[0]}, frame {shown[1]}"
        self.where.setText(f"This frame of the reel shows {what}.")

    # -- keys and closing -------------------------------------------------------------------
    def step(self, delta: int) -> None:
        if self.player.video_info is not None:
            self.player.step(delta)

    def toggle_play(self) -> None:
        if self.player.video_info is not None:
            self.player.toggle_play()

    def shutdown(self) -> None:
        """Stop the render and the player (the dialog is closing)."""
        self.worker.shutdown()
        self.player.shutdown()
        self.preview = None
