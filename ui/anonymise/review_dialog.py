"""The review screen of a training reel: every frame the reel shows, as it will be exported
(faces covered, sound muted), the frames to look at first, boxes drawn by hand, keep visible,
mute ranges over the waveform, and the trainer's Confirm."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from attune_app.anonymise import anon_store
from attune_app.anonymise.confirmation import confirm, confirmation_problem
from attune_app.anonymise.detection import (
    DetectionPlan,
    finish_detection,
    plan_detection,
    save_batch,
    unscanned_frames,
)
from attune_app.anonymise.detectors import detector_version
from attune_app.anonymise.fill import FILLS
from attune_app.anonymise.model import SOUNDS, ItemRange, ManualBox
from attune_app.anonymise.reel_redaction import ReelRedaction, clip_times, redaction_for
from attune_app.anonymise.tracking import INTERPOLATED
from attune_app.media.frame_index import FrameIndex
from attune_app.media.video import open_video
from attune_app.services.clips import clip_frame_index_json, get_clip
from attune_app.services.reels import get_reel, reel_timeline
from ui.anonymise.anonymise_undo import (
    AddBoxCommand,
    AddMuteCommand,
    DeleteMuteCommand,
    KeepVisibleCommand,
    MuteItemCommand,
    NudgeBoxCommand,
    SetBoxKeyCommand,
    SettingCommand,
)
from ui.anonymise.frame_view_widget import FrameViewWidget
from ui.anonymise.preview_view import LookHere, MakePlayer, PreviewPlayWidget
from ui.anonymise.review_workers import DetectionWorker, FrameWorker
from ui.anonymise.waveform_widget import WaveformWidget
from ui.library.library_controller import LibraryController
from ui.widgets.messages import show_error

VOICE_WARNING = (
    "A voice can still be recognised unless it is muted. Muffled sound keeps the tone and "
    "loses most words; mute every name, street or school said aloud."
)


BOX_HINT = (
    "Faces and boxes (tick: keep visible). Drag on the frame to draw a box; click a box to "
    "pick it, drag it to move, drag a handle to resize; arrows nudge it (Shift: 10 px)."
)


@dataclass(frozen=True)
class Position:
    item_index: int
    clip_id: int
    frame: int


class AnonymiseReviewDialog(QDialog):
    """Call only from the GUI thread."""

    def __init__(
        self,
        controller: LibraryController,
        reel_id: int,
        parent: QWidget | None = None,
        *,
        make_player: MakePlayer | None = None,
    ):
        super().__init__(parent)
        self.controller, self.reel_id = controller, reel_id
        self._make_player = make_player
        self.setWindowTitle(f"Review anonymisation: {get_reel(controller.library, reel_id).name}")
        self.resize(1100, 720)
        self.detection = DetectionWorker(self)
        self.frames = FrameWorker(self)
        self._plan: DetectionPlan | None = None
        self.shown: tuple[int, int] | None = None  # (clip, frame) on screen
        self._opened: set[int] = set()
        self._times: dict[int, tuple[list[float], float]] = {}
        self._build()
        self._connect()
        self.reload()

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.view = FrameViewWidget()
        self.where = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Frame of the reel")
        self.prev_button, self.next_button = QPushButton("◀ Frame"), QPushButton("Frame ▶")
        self.waveform = WaveformWidget()
        self.look_first = QListWidget()
        self.look_first.setAccessibleName("Frames to look at first")
        self.covers = QListWidget()
        self.covers.setAccessibleName("Faces and boxes (tick to keep visible)")
        self.whole_item = QCheckBox("New box covers the whole item")
        self.fill = QComboBox()
        for name in FILLS:
            self.fill.addItem({"pixelate": "Strong pixelation", "solid": "Solid block"}[name], name)
        self.sound = QComboBox()
        for name in SOUNDS:
            self.sound.addItem(
                {"plain": "Sound as recorded", "muffled": "Muffled voice"}[name], name
            )
        self.mute_item = QCheckBox("Mute this whole item")
        self.mute_from, self.mute_to = QDoubleSpinBox(), QDoubleSpinBox()
        for spin in (self.mute_from, self.mute_to):
            spin.setDecimals(2)
            spin.setSuffix(" s")
            spin.setMaximum(24 * 3600)
        self.add_mute = QPushButton("Mute range")
        self.mutes = QListWidget()
        self.mutes.setAccessibleName("Mute ranges")
        self.remove_mute = QPushButton("Remove mute range")
        self.detect_button, self.cancel_button = QPushButton("Find faces"), QPushButton("Cancel")
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.confirm_button = QPushButton("Confirm: I have reviewed every frame")
        warning = QLabel(VOICE_WARNING)
        warning.setWordWrap(True)

        steps = QHBoxLayout()
        steps.addWidget(self.prev_button)
        steps.addWidget(self.slider, 1)
        steps.addWidget(self.next_button)
        edit_page = QWidget()
        left = QVBoxLayout(edit_page)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.view, 1)
        left.addWidget(self.where)
        left.addLayout(steps)
        left.addWidget(self.waveform)
        mute_row = QHBoxLayout()
        for w in (QLabel("from"), self.mute_from, QLabel("to"), self.mute_to, self.add_mute):
            mute_row.addWidget(w)
        left.addLayout(mute_row)
        left.addWidget(warning)
        right = QVBoxLayout()
        detect_row = QHBoxLayout()
        for w in (self.detect_button, self.progress, self.cancel_button):
            detect_row.addWidget(w)
        right.addLayout(detect_row)
        right.addWidget(QLabel("Look here first (the detector missed or was unsure):"))
        right.addWidget(self.look_first, 2)
        box_hint = QLabel(BOX_HINT)
        box_hint.setWordWrap(True)
        right.addWidget(box_hint)
        right.addWidget(self.covers, 2)
        right.addWidget(self.whole_item)
        for label, combo in (("Faces:", self.fill), ("Sound:", self.sound)):
            row = QHBoxLayout()
            row.addWidget(QLabel(label))
            row.addWidget(combo, 1)
            right.addLayout(row)
        right.addWidget(self.mute_item)
        right.addWidget(self.mutes, 1)
        right.addWidget(self.remove_mute)
        right.addWidget(self.status)
        right.addWidget(self.confirm_button)
        self.preview_view = PreviewPlayWidget(
            lambda: self.library, self.reel_id, self._preview_key, self._make_player
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(edit_page, "Edit frame by frame")
        self.tabs.addTab(self.preview_view, "Play as it will be exported")
        layout = QHBoxLayout(self)
        layout.addWidget(self.tabs, 3)
        layout.addLayout(right, 2)

    def _connect(self) -> None:
        self.slider.valueChanged.connect(lambda _v: self.show_position())
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        QShortcut(QKeySequence("Left"), self, lambda: self.step(-1))
        QShortcut(QKeySequence("Right"), self, lambda: self.step(1))
        # only while playing: elsewhere Space ticks boxes and presses buttons as usual
        self._space_key = QShortcut(QKeySequence("Space"), self, self._space)
        self._space_key.setEnabled(False)
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        self.look_first.itemActivated.connect(self._jump)
        self.look_first.itemClicked.connect(self._jump)
        self.covers.itemChanged.connect(self._keep_changed)
        self.view.boxDrawn.connect(self.draw_box)
        self.view.boxSelected.connect(self._box_picked)
        self.view.boxEdited.connect(self.edit_box)
        self.view.boxNudged.connect(self.nudge_box)
        self.covers.currentItemChanged.connect(self._cover_chosen)
        self.fill.activated.connect(lambda _i: self._setting("fill", self.fill.currentData()))
        self.sound.activated.connect(lambda _i: self._setting("sound", self.sound.currentData()))
        self.mute_item.clicked.connect(self._mute_item)
        self.add_mute.clicked.connect(self._add_mute)
        self.remove_mute.clicked.connect(self._remove_mute)
        self.detect_button.clicked.connect(self.start_detection)
        self.cancel_button.clicked.connect(self.detection.cancel)
        self.detection.progressed.connect(self._progress)
        self.detection.batchFound.connect(self._save_batch)
        self.detection.finished.connect(self._detection_finished)
        self.frames.frameReady.connect(self._frame_ready)
        self.frames.soundReady.connect(self._sound_ready)
        self.confirm_button.clicked.connect(self.confirm)
        self.controller.reelsChanged.connect(self._reel_changed)

    # -- state ------------------------------------------------------------------------------
    @property
    def library(self):  # type: ignore[no-untyped-def]
        return self.controller.library

    def reload(self) -> None:
        """Read the reel's anonymisation again and show it."""
        self.redaction: ReelRedaction = redaction_for(self.library, self.reel_id)
        state = self.redaction.state
        self.items: tuple[ItemRange, ...] = state.items
        self.positions = [
            Position(i, r.clip_id, f)
            for i, r in enumerate(self.items)
            for f in range(r.first_frame, r.last_frame + 1)
        ]
        for clip_id in {r.clip_id for r in self.items} - self._opened:
            self._open(clip_id)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(len(self.positions) - 1, 0))
        self.slider.blockSignals(False)
        self.fill.setCurrentIndex(self.fill.findData(state.settings.fill))
        self.sound.setCurrentIndex(self.sound.findData(state.settings.sound))
        self._fill_lists()
        self._update_status()
        self.show_position()
        self.preview_view.refresh()

    def _preview_key(self):  # type: ignore[no-untyped-def]
        """What a preview must have been made of to still be the reel as it is now."""
        return self.redaction.fingerprint(), reel_timeline(self.library, self.reel_id).entries

    @property
    def playing_view(self) -> bool:
        return self.tabs.currentWidget() is self.preview_view

    def _open(self, clip_id: int) -> None:
        clip = get_clip(self.library, clip_id)
        text = clip_frame_index_json(self.library, clip_id)
        index = FrameIndex.from_json(text) if text is not None else None
        self.frames.add_video(clip_id, open_video(self.library.media_source(clip), index))
        self._times[clip_id] = clip_times(self.library, clip_id)
        self._opened.add(clip_id)

    def _fill_lists(self) -> None:
        state = self.redaction.state
        self.look_first.clear()
        runs_to_check: list[LookHere] = []
        for track in state.tracks:
            runs: list[list[int]] = []
            for f in track.frames:
                if f.unsure:
                    if runs and runs[-1][-1] == f.frame - 1:
                        runs[-1].append(f.frame)
                    else:
                        runs.append([f.frame])
            for run in runs:
                missed = any(track.frames[f - track.first_frame].kind == INTERPOLATED for f in run)
                why = "missed, filled by tracking" if missed else "unsure"
                runs_to_check.append(LookHere(track.clip_id, run[0], run[-1], why))
                entry = QListWidgetItem(f"clip {track.clip_id}, frames {run[0]}-{run[-1]}: {why}")
                entry.setData(Qt.ItemDataRole.UserRole, (track.clip_id, run[0]))
                self.look_first.addItem(entry)
        unscanned = unscanned_frames(
            self.library, self.reel_id, detector_version(state.settings.detector)
        )
        self.preview_view.set_look_here(runs_to_check, unscanned)
        self.covers.blockSignals(True)
        self.covers.clear()
        for track in state.tracks:
            self._cover_entry(
                f"Face track {track.id}: clip {track.clip_id}, frames "
                f"{track.first_frame}-{track.last_frame}",
                ("track", track.id),
                track.keep_visible,
            )
        for box in state.boxes:
            span = "whole item" if box.reel_item_id else f"{len(box.keys)} keyframe(s)"
            self._cover_entry(
                f"Box {box.id}: clip {box.clip_id}, {span}", ("box", box.id), box.keep_visible
            )
        self._select_cover(self.view.selected)
        self.covers.blockSignals(False)
        self.mutes.clear()
        for mute in state.mutes:
            entry = QListWidgetItem(f"clip {mute.clip_id}: {mute.start_s:.2f}-{mute.end_s:.2f} s")
            entry.setData(Qt.ItemDataRole.UserRole, mute)
            self.mutes.addItem(entry)

    def _cover_entry(self, text: str, key: tuple[str, int], keep: bool) -> None:
        entry = QListWidgetItem(text)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
        entry.setData(Qt.ItemDataRole.UserRole, key)
        self.covers.addItem(entry)

    def _update_status(self) -> None:
        problem = confirmation_problem(self.library, self.reel_id)
        self.status.setText(problem or "Confirmed: this reel may be exported for training.")
        self.confirm_button.setEnabled(problem is not None and not self.detection.is_running)

    # -- showing ----------------------------------------------------------------------------
    def current(self) -> Position | None:
        return self.positions[self.slider.value()] if self.positions else None

    def step(self, delta: int) -> None:
        if self.playing_view:
            self.preview_view.step(delta)
            return
        self.slider.setValue(min(max(self.slider.value() + delta, 0), self.slider.maximum()))

    def _tab_changed(self) -> None:
        self._space_key.setEnabled(self.playing_view)
        if not self.playing_view:
            self.preview_view.player.pause()  # no sound from a view not on show

    def _space(self) -> None:
        if self.playing_view:
            self.preview_view.toggle_play()

    def show_position(self) -> None:
        at = self.current()
        if at is None:
            self.where.setText("This reel shows no clip.")
            return
        item = self.items[at.item_index]
        self.where.setText(
            f"Item {at.item_index + 1} of {len(self.items)} · clip {at.clip_id} · frame {at.frame}"
        )
        self.mute_item.setChecked(item.muted)
        self.frames.request(at.clip_id, at.frame)
        times, end_s = self._times[at.clip_id]
        start_s = times[item.first_frame]
        stop_s = times[item.last_frame + 1] if item.last_frame + 1 < len(times) else end_s
        self.frames.request_sound(at.clip_id, start_s, stop_s)
        now_s = times[at.frame]
        if not self.add_mute.hasFocus():
            self.mute_from.setValue(now_s)
            self.mute_to.setValue(min(now_s + 1.0, stop_s))
        self.waveform.set_marks(self.redaction.muted_ranges_s(at.clip_id), now_s)

    def _frame_ready(self, clip_id: int, frame: int, image: np.ndarray) -> None:  # type: ignore[type-arg]
        at = self.current()
        if at is None or (at.clip_id, at.frame) != (clip_id, frame):
            return
        outlines = [(r, False) for r in self.redaction.rects_at(clip_id, frame)]
        outlines += [(b.rect_at(frame), True) for b in self._kept_boxes(clip_id, frame)]  # type: ignore[misc]
        boxes = {
            b.id: rect
            for b in self.redaction.state.boxes
            if b.clip_id == clip_id and (rect := b.rect_at(frame)) is not None
        }
        self.view.show_frame(self.redaction.cover(clip_id, frame, image), outlines, boxes)
        self.shown = (clip_id, frame)

    def _kept_boxes(self, clip_id: int, frame: int) -> list[ManualBox]:
        return [
            b
            for b in self.redaction.state.boxes
            if b.clip_id == clip_id and b.keep_visible and b.rect_at(frame) is not None
        ]

    def _sound_ready(self, clip_id: int, start_s: float, end_s: float, peaks: np.ndarray) -> None:  # type: ignore[type-arg]
        self.waveform.set_sound(peaks, start_s, end_s)

    def _jump(self, entry: QListWidgetItem) -> None:
        clip_id, frame = entry.data(Qt.ItemDataRole.UserRole)
        for i, p in enumerate(self.positions):
            if (p.clip_id, p.frame) == (clip_id, frame):
                self.slider.setValue(i)
                return

    # -- edits ------------------------------------------------------------------------------
    def _push(self, command) -> None:  # type: ignore[no-untyped-def]
        try:
            self.controller.push(command)
        except Exception as error:
            show_error(self, "Could not change the anonymisation", str(error))

    def _reel_changed(self, reel_id: int) -> None:
        if reel_id in (0, self.reel_id):
            self.reload()

    def draw_box(self, rect) -> None:  # type: ignore[no-untyped-def]
        at = self.current()
        if at is None:
            return
        item_id = self.items[at.item_index].item_id if self.whole_item.isChecked() else None
        self._push(
            AddBoxCommand(self.controller, self.reel_id, at.clip_id, at.frame, rect, item_id)
        )

    def _box(self, box_id: int) -> ManualBox | None:
        return next((b for b in self.redaction.state.boxes if b.id == box_id), None)

    def edit_box(self, box_id: int, rect) -> None:  # type: ignore[no-untyped-def]
        """A finished drag on the frame: one undo step, a keyframe on this frame."""
        box, at = self._box(box_id), self.current()
        if box is None or at is None or box.clip_id != at.clip_id:
            return
        old = box.rect_at(at.frame)
        resized = old is None or (old.width, old.height) != (rect.width, rect.height)
        text = "Resize face box" if resized else "Move face box"
        self._push(SetBoxKeyCommand(self.controller, box, at.frame, rect, text))

    def nudge_box(self, box_id: int, rect) -> None:  # type: ignore[no-untyped-def]
        box, at = self._box(box_id), self.current()
        if box is not None and at is not None and box.clip_id == at.clip_id:
            self._push(NudgeBoxCommand(self.controller, box, at.frame, rect))

    def _box_picked(self, box_id: int | None) -> None:
        self.covers.blockSignals(True)
        self._select_cover(box_id)
        self.covers.blockSignals(False)

    def _select_cover(self, box_id: int | None) -> None:
        for row in range(self.covers.count()):
            if self.covers.item(row).data(Qt.ItemDataRole.UserRole) == ("box", box_id):
                self.covers.setCurrentRow(row)
                return
        self.covers.setCurrentRow(-1)

    def _cover_chosen(self, entry: QListWidgetItem | None, _previous: object) -> None:
        key = entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None
        box_id = key[1] if key is not None and key[0] == "box" else None
        self.view.set_selected(box_id)  # focus stays in the list: its arrows still walk it

    def _keep_changed(self, entry: QListWidgetItem) -> None:
        kind, record_id = entry.data(Qt.ItemDataRole.UserRole)
        keep = entry.checkState() == Qt.CheckState.Checked
        self._push(KeepVisibleCommand(self.controller, self.reel_id, kind, record_id, keep))

    def _setting(self, name: str, value: str) -> None:
        self._push(SettingCommand(self.controller, self.reel_id, name, value))

    def _mute_item(self, checked: bool) -> None:
        at = self.current()
        if at is not None:
            item_id = self.items[at.item_index].item_id
            self._push(MuteItemCommand(self.controller, self.reel_id, item_id, checked))

    def _add_mute(self) -> None:
        at = self.current()
        if at is not None:
            self._push(
                AddMuteCommand(
                    self.controller,
                    self.reel_id,
                    at.clip_id,
                    self.mute_from.value(),
                    self.mute_to.value(),
                )
            )

    def _remove_mute(self) -> None:
        entry = self.mutes.currentItem()
        if entry is not None:
            self._push(DeleteMuteCommand(self.controller, entry.data(Qt.ItemDataRole.UserRole)))

    def confirm(self) -> None:
        try:
            confirm(self.library, self.reel_id)
        except Exception as error:
            show_error(self, "Not confirmed", str(error))
        self._update_status()

    # -- detection --------------------------------------------------------------------------
    def start_detection(self) -> None:
        if self.detection.is_running:
            return
        name = anon_store.settings(self.library.db, self.reel_id).detector
        self._plan = plan_detection(self.library, self.reel_id, detector_version(name))
        self.progress.setRange(0, max(self._plan.count, 1))
        self.progress.setValue(0)
        self.detect_button.setEnabled(False)
        self.confirm_button.setEnabled(False)
        self.detection.start(self._plan, name)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)

    def _save_batch(self, clip_id: int, batch: list) -> None:  # type: ignore[type-arg]
        if self._plan is not None:
            save_batch(self.library, self._plan, clip_id, batch)

    def _detection_finished(self, problem: str) -> None:
        self.detect_button.setEnabled(True)
        plan, self._plan = self._plan, None
        if problem == "" and plan is not None:
            finish_detection(self.library, plan)
            self.reload()
        elif problem != "cancelled":
            show_error(self, "Face detection", problem)
        self._update_status()

    def done(self, result: int) -> None:
        self.detection.shutdown()
        self.frames.shutdown()
        self.preview_view.shutdown()
        super().done(result)
