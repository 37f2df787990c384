"""File › Save still…: the player's frame as a PNG at full resolution, with or without the
caption of the reel moment it belongs to.

Decoding the full-size frame and writing the PNG run on a worker thread (the library stays on
the GUI thread: the clip is looked up before and the export audited after). Call only from the
GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from attune_app.domain.models import Clip, ReelItem
from attune_app.export.stills import audit_still, check_frame, open_clip_file, still_picture
from attune_app.export.stills import write_png as write_png_file
from attune_app.services.clips import clip_frame_index_json
from attune_app.store.errors import LibraryError
from attune_app.store.library import Library
from ui.player.result_inbox import ResultInbox
from ui.widgets.messages import show_error


@dataclass(frozen=True)
class StillJob:
    clip_id: int
    frame: int
    media: Path
    saved_index_json: str | None
    caption: str
    target: Path


def write_still(job: StillJob) -> None:
    """Worker thread: decode the frame and write the PNG (no Qt, no library)."""
    with open_clip_file(job.media, job.saved_index_json) as video:
        write_png_file(still_picture(video, job.frame, job.caption), job.target)


class StillSaver(QObject):
    saved = Signal(str)  # the file written
    failed = Signal(str)  # a message for the user

    def __init__(
        self,
        library: Callable[[], Library],
        current_clip: Callable[[], Clip | None],
        current_frame: Callable[[], int],
        current_item: Callable[[], ReelItem | None],
        parent_widget: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._clip = current_clip
        self._frame = current_frame
        self._item = current_item
        self._parent_widget = parent_widget
        self._threads: list[threading.Thread] = []
        self._inbox = ResultInbox(self._finished, parent=self)
        self.failed.connect(
            lambda text: show_error(
                parent_widget, "The still was not saved", text, "Choose another folder."
            )
        )

    def caption_here(self) -> str:
        """The caption of the chosen reel moment when the player's frame lies in it."""
        item, clip = self._item(), self._clip()
        if item is None or clip is None or item.clip_id != clip.id:
            return ""
        return item.caption if item.in_frame <= self._frame() <= item.out_frame else ""

    def ask(self, *, with_caption: bool) -> None:
        clip = self._clip()
        if clip is None:
            self.failed.emit("Open a clip first: a still is a frame of the clip in the player.")
            return
        if with_caption and not self.caption_here():
            self.failed.emit(
                "This frame has no caption to put on it: choose the reel moment it belongs to "
                "(one with a caption) and show a frame inside that moment."
            )
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        suggested = Path(folder or Path.home()) / f"still-frame-{self._frame()}.png"
        path, _filter = QFileDialog.getSaveFileName(
            self._parent_widget, "Save still", str(suggested), "PNG picture (*.png)"
        )
        if path:
            self.save(Path(path), with_caption=with_caption)

    def save(self, target: Path, *, with_caption: bool) -> bool:
        """Start writing the player's frame to `target`; `saved` or `failed` says how it went."""
        clip = self._clip()
        if clip is None:
            return False
        if target.suffix.lower() != ".png":
            target = target.with_name(target.name + ".png")
        frame = self._frame()
        library = self._library()
        try:
            check_frame(clip, frame)
        except LibraryError as error:
            self.failed.emit(str(error))
            return False
        caption = self.caption_here() if with_caption else ""
        job = StillJob(
            clip.id,
            frame,
            library.media_source(clip),
            clip_frame_index_json(library, clip.id),
            caption,
            target,
        )
        thread = threading.Thread(target=self._run, args=(job,), name="attune-still")
        self._threads.append(thread)
        thread.start()
        return True

    def _run(self, job: StillJob) -> None:
        try:
            write_still(job)
        except Exception as error:  # reported to the user on the GUI thread
            self._inbox.post((job, f"{job.target}: {error}"))
        else:
            self._inbox.post((job, None))

    def _finished(self, result: tuple[StillJob, str | None]) -> None:
        job, problem = result
        self._threads = [t for t in self._threads if t.is_alive()]
        if problem is not None:
            self.failed.emit(problem)
            return
        audit_still(self._library(), job.clip_id, job.frame, with_caption=bool(job.caption))
        self.saved.emit(str(job.target))

    def shutdown(self) -> None:
        for thread in self._threads:
            thread.join(10)
        self._threads = []
        self._inbox.close()
