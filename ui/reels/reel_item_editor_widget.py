"""Shapes the chosen reel item: trim, speed, freeze-frame hold, caption, question, sound; or a
title card's words and seconds.

The widget only says what the user changed (`changeRequested(dict)` of item fields) or wants
(`currentFrameWanted(field)`); the controller turns that into undoable commands and calls
`show_item` again with what the store now holds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.models import Clip, ReelItem
from attune_app.domain.reel_timeline import DEFAULT_STILL_HOLD_S, SPEEDS
from attune_app.domain.timecode import format_seconds
from attune_app.services.reels import MAX_CAPTION_CHARS, MAX_HOLD_S, MAX_TITLE_S
from ui.reels.trim_bar_widget import TrimBarWidget

# Two side by side fit the right-hand column of a 1280-pixel laptop screen.
PREVIEW_W, PREVIEW_H = 144, 81
SPEED_WORDS = {1.0: "1x (normal)", 0.75: "0.75x", 0.5: "0.5x (half speed)", 0.25: "0.25x (slow)"}
HOLD_PLACE_WORDS = {"end": "after the moving part", "start": "before the moving part"}


def _spin(maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, max(0, maximum))
    spin.setKeyboardTracking(False)  # one change on Enter or an arrow, not one per digit
    return spin


def _seconds(maximum: float, step: float = 0.5) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, maximum)
    spin.setDecimals(1)
    spin.setSingleStep(step)
    spin.setSuffix(" s")
    spin.setKeyboardTracking(False)
    return spin


class ReelItemEditorWidget(QWidget):
    changeRequested = Signal(dict)  # item field -> new value
    currentFrameWanted = Signal(str)  # "in_frame", "out_frame" or "hold_frame"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: ReelItem | None = None
        self.clip: Clip | None = None
        self.heading = QLabel("")
        self.heading.setObjectName("SectionHeading")
        self.heading.setWordWrap(True)  # these labels' text changes: unwrapped, it widened
        self.pages = QStackedWidget()
        self.empty_page = QLabel(
            "Choose a moment in the list above to trim it, slow it down, "
            "freeze a frame or give it a caption."
        )
        self.empty_page.setObjectName("Muted")
        self.empty_page.setWordWrap(True)
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._build_clip_widgets()
        self._build_title_widgets()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self._clip_page())
        self.pages.addWidget(self._title_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages)
        self._connect()
        self.show_item(None, None, 0.0, 0.5)

    # -- building --------------------------------------------------------------------------------
    def _build_clip_widgets(self) -> None:
        self.trim_bar = TrimBarWidget()
        self.span_label = QLabel("")
        self.span_label.setObjectName("Muted")
        self.span_label.setWordWrap(True)  # the dock past a laptop screen's right edge
        self.first_preview = self._preview_label("First frame")
        self.last_preview = self._preview_label("Last frame")
        self.in_spin = _spin(0)
        self.in_spin.setAccessibleName("First frame of the moment")
        self.out_spin = _spin(0)
        self.out_spin.setAccessibleName("Last frame of the moment")
        self.in_here = QPushButton("Start here")  # short: the dock is narrow beside supervision
        self.in_here.setToolTip("Start the moment at the frame shown in the player")
        self.out_here = QPushButton("End here")
        self.out_here.setToolTip("End the moment at the frame shown in the player")
        self.speed_combo = QComboBox()
        self.speed_combo.setAccessibleName("Speed")
        for speed in sorted(SPEEDS, reverse=True):
            self.speed_combo.addItem(SPEED_WORDS[speed], speed)
        self.muted_check = QCheckBox("No sound for this moment")
        self.silent_note = QLabel("")
        self.silent_note.setObjectName("Muted")
        self.silent_note.setWordWrap(True)
        self.hold_check = QCheckBox("Freeze a frame")
        self.hold_check.setToolTip("Hold one frame still for a few seconds: time to look")
        self.hold_seconds = _seconds(MAX_HOLD_S)
        self.hold_seconds.setMinimum(0.5)
        self.hold_seconds.setAccessibleName("Seconds to hold the frame")
        self.hold_frame_spin = _spin(0)
        self.hold_frame_spin.setAccessibleName("Frame to hold")
        self.hold_here = QPushButton("Use player frame")
        self.hold_here.setToolTip("Hold the frame shown in the player")
        self.hold_place = QComboBox()
        self.hold_place.setAccessibleName("When the frame is held")
        for place, words in HOLD_PLACE_WORDS.items():
            self.hold_place.addItem(words, place)
        self.caption_edit = QLineEdit()
        self.caption_edit.setMaxLength(MAX_CAPTION_CHARS)
        self.caption_edit.setPlaceholderText("Plain words the parent sees, e.g. “You waited”")
        self.caption_edit.setAccessibleName("Caption (the parent sees it)")
        self.prompt_edit = QLineEdit()
        self.prompt_edit.setPlaceholderText("e.g. “What do you notice here?”")
        self.prompt_edit.setAccessibleName("Your question for the parent (only you see it)")

    def _preview_label(self, words: str) -> QLabel:
        label = QLabel(words)
        label.setFixedSize(PREVIEW_W, PREVIEW_H)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("FramePreview")
        label.setStyleSheet("QLabel#FramePreview { background: #20262b; color: #9aa5ab; }")
        return label

    def _clip_page(self) -> QWidget:
        page = QWidget()
        previews = QGridLayout()
        previews.addWidget(self.first_preview, 0, 0)
        previews.addWidget(self.last_preview, 0, 1)
        previews.setColumnStretch(2, 1)
        trims = QFormLayout()
        for spin, button, words in (
            (self.in_spin, self.in_here, "First frame"),
            (self.out_spin, self.out_here, "Last frame"),
        ):
            row = QHBoxLayout()
            row.addWidget(spin, 1)
            row.addWidget(button)
            trims.addRow(words, row)
        hold_row = QHBoxLayout()
        hold_row.addWidget(self.hold_check)
        hold_row.addWidget(self.hold_seconds)
        hold_row.addStretch(1)
        hold_frame_row = QHBoxLayout()
        hold_frame_row.addWidget(self.hold_frame_spin, 1)
        hold_frame_row.addWidget(self.hold_here)
        sound_row = QVBoxLayout()
        sound_row.addWidget(self.muted_check)
        sound_row.addWidget(self.silent_note)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow dock: field below
        form.addRow("Speed", self.speed_combo)
        form.addRow("Sound", sound_row)
        form.addRow("Freeze", hold_row)
        form.addRow("Frame held", hold_frame_row)
        form.addRow("Held", self.hold_place)
        words = QFormLayout()
        words.addRow("Caption", self.caption_edit)
        words.addRow("Your question", self.prompt_edit)
        self.question_hint = QLabel("Only you see the question; the parent sees the caption.")
        self.question_hint.setObjectName("Muted")
        self.question_hint.setWordWrap(True)
        words.addRow("", self.question_hint)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(words)  # first: the words are what a practitioner edits most
        trim_hint = QLabel("Trim: drag a handle, or click it and press Left/Right for one frame")
        trim_hint.setObjectName("Muted")
        trim_hint.setWordWrap(True)
        layout.addWidget(trim_hint)
        layout.addWidget(self.trim_bar)
        layout.addLayout(previews)
        layout.addWidget(self.span_label)
        layout.addLayout(trims)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _build_title_widgets(self) -> None:
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(MAX_CAPTION_CHARS)
        self.title_edit.setAccessibleName("Words on the title card")
        self.title_seconds = _seconds(MAX_TITLE_S)
        self.title_seconds.setMinimum(0.5)
        self.title_seconds.setAccessibleName("Seconds the title card shows")

    def _title_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Words", self.title_edit)
        form.addRow("Shows for", self.title_seconds)
        hint = QLabel("Plain words on a calm background, between moments.")
        hint.setObjectName("Muted")
        hint.setWordWrap(True)  # unwrapped it widened the Moment dock past its dock
        form.addRow("", hint)
        return page

    def _connect(self) -> None:
        ask = self.changeRequested.emit
        self.trim_bar.trimDragged.connect(lambda i, o: ask({"in_frame": i, "out_frame": o}))
        self.in_spin.valueChanged.connect(lambda v: ask({"in_frame": v}))
        self.out_spin.valueChanged.connect(lambda v: ask({"out_frame": v}))
        self.in_here.clicked.connect(lambda: self.currentFrameWanted.emit("in_frame"))
        self.out_here.clicked.connect(lambda: self.currentFrameWanted.emit("out_frame"))
        self.hold_here.clicked.connect(lambda: self.currentFrameWanted.emit("hold_frame"))
        self.speed_combo.activated.connect(
            lambda _i: ask({"speed": float(self.speed_combo.currentData())})
        )
        self.muted_check.clicked.connect(lambda on: ask({"muted": bool(on)}))
        self.hold_check.clicked.connect(self._on_hold_toggled)
        self.hold_seconds.valueChanged.connect(lambda s: ask({"hold_ms": round(s * 1000)}))
        self.hold_frame_spin.valueChanged.connect(lambda f: ask({"hold_frame": f}))
        self.hold_place.activated.connect(
            lambda _i: ask({"hold_at": str(self.hold_place.currentData())})
        )
        self.caption_edit.textEdited.connect(lambda text: ask({"caption": text}))
        self.prompt_edit.textEdited.connect(lambda text: ask({"prompt": text}))
        self.title_edit.textEdited.connect(self._on_title_edited)
        self.title_seconds.valueChanged.connect(lambda s: ask({"title_ms": round(s * 1000)}))

    def _on_hold_toggled(self, on: bool) -> None:
        seconds = self.hold_seconds.value() if on else 0.0
        self.changeRequested.emit({"hold_ms": round(max(seconds, 0.5) * 1000) if on else 0})

    def _on_title_edited(self, text: str) -> None:
        if text.strip():  # a title card needs words: wait for some
            self.changeRequested.emit({"title_text": text})

    # -- showing ---------------------------------------------------------------------------------
    def show_item(
        self,
        item: ReelItem | None,
        clip: Clip | None,
        duration_s: float,
        mute_below_speed: float,
        number: int = 0,
    ) -> None:
        """Show what the store holds for `item` (None: nothing chosen), without echoing it
        back as changes."""
        self.item, self.clip = item, clip
        if item is None:
            self.heading.setText("")
            self.pages.setCurrentIndex(0)
            return
        kind = "Title card" if item.is_title else ("Still" if item.is_still else "Moment")
        self.heading.setText(f"{kind} {number} of the reel  ·  plays {duration_s:.1f} s")
        if item.is_title or clip is None:
            self.pages.setCurrentIndex(2)
            self._show_title(item)
        else:
            self.pages.setCurrentIndex(1)
            self._show_clip_item(item, clip, mute_below_speed)

    def _show_title(self, item: ReelItem) -> None:
        _set_text(self.title_edit, item.title_text)
        _set_value(self.title_seconds, item.title_ms / 1000)

    def _show_clip_item(self, item: ReelItem, clip: Clip, mute_below_speed: float) -> None:
        last = max(0, clip.frame_count - 1)
        self.trim_bar.set_range(item.in_frame, item.out_frame, clip.frame_count)
        _set_range(self.in_spin, 0, item.out_frame, item.in_frame)
        _set_range(self.out_spin, item.in_frame, last, item.out_frame)
        index = self.speed_combo.findData(item.speed)
        if index < 0:  # a speed set from a script (e.g. 0.6x): show it as it is
            self.speed_combo.addItem(f"{item.speed:g}x", item.speed)
            index = self.speed_combo.count() - 1
        self.speed_combo.setCurrentIndex(index)
        _set_checked(self.muted_check, item.muted)
        by_rule = not item.muted and item.speed < mute_below_speed - 1e-9
        self.silent_note.setText(
            f"(silent anyway: slower than {mute_below_speed:g}x)" if by_rule else ""
        )
        self.silent_note.setVisible(by_rule)
        held = item.hold_ms > 0
        _set_checked(self.hold_check, held or item.is_still)
        self.hold_check.setEnabled(not item.is_still)  # a still is a held frame
        seconds = item.hold_ms / 1000 if held else DEFAULT_STILL_HOLD_S if item.is_still else 2.0
        _set_value(self.hold_seconds, seconds)
        self.hold_seconds.setEnabled(held or item.is_still)
        default_frame = item.in_frame if item.hold_at == "start" else item.out_frame
        frame = item.hold_frame if item.hold_frame is not None else default_frame
        _set_range(self.hold_frame_spin, item.in_frame, item.out_frame, frame)
        self.hold_place.setCurrentIndex(max(0, self.hold_place.findData(item.hold_at)))
        for widget in (self.hold_frame_spin, self.hold_here, self.hold_place):
            widget.setEnabled(held and not item.is_still)
        for widget in (self.speed_combo, self.muted_check):
            widget.setEnabled(not item.is_still)
        _set_text(self.caption_edit, item.caption)
        _set_text(self.prompt_edit, item.prompt)
        fps = clip.fps or 25.0
        start, end = item.in_frame / fps, (item.out_frame + 1) / fps
        self.span_label.setText(
            f"From {format_seconds(start)} to {format_seconds(end)} in the clip "
            f"({end - start:.1f} s of video)"
        )
        self.first_preview.setText(f"frame {item.in_frame}")
        self.last_preview.setText(f"frame {item.out_frame}")

    def set_previews(self, first: QImage | None, last: QImage | None) -> None:
        for label, image in ((self.first_preview, first), (self.last_preview, last)):
            if image is not None:
                label.setPixmap(
                    QPixmap.fromImage(image).scaled(
                        PREVIEW_W,
                        PREVIEW_H,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:  # never move the cursor of someone typing
        edit.setText(text)


def _set_value(spin: QDoubleSpinBox, value: float) -> None:
    spin.blockSignals(True)
    spin.setValue(value)
    spin.blockSignals(False)


def _set_range(spin: QSpinBox, low: int, high: int, value: int) -> None:
    spin.blockSignals(True)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.blockSignals(False)


def _set_checked(check: QCheckBox, on: bool) -> None:
    check.blockSignals(True)
    check.setChecked(on)
    check.blockSignals(False)
