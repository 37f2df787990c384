"""The review's brain: plays the reel's timeline with auto-pause, keeps the review session, and
hands each view what it may show (the parent's view: picture, title, caption; the presenter's
view: also the prompt, the practitioner's note, earlier words and the box for the parent's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from attune_app.domain.reel_timeline import FreezeStep, MotionStep, ReelTimeline, TitleStep
from attune_app.domain.review_session import ReviewSession, ReviewSummary, SaidBefore
from attune_app.services import reels as reel_service
from attune_app.services import review_sessions
from attune_app.services import tags as tag_service
from attune_app.store.errors import NotFoundError
from attune_app.store.library import Library
from ui.reels.timeline_playback_controller import TimelinePlaybackController
from ui.review.clip_players import ClipPlayerPool, PlayerFactory
from ui.review.frame_preloader import FramePreloader

_SAVE_AFTER_MS = 400  # the parent's words are written this soon after the last key


@dataclass(frozen=True)
class ParentPicture:
    """What the parent's screen shows now: a title card or a caption under the picture."""

    title: str = ""
    caption: str = ""
    moment: int = 0  # 1-based moment number (title cards are not moments)
    moments: int = 0


@dataclass(frozen=True)
class PresenterNotes:
    """For the practitioner only: never on the parent's screen."""

    prompt: str
    note: str
    said_here_before: tuple[SaidBefore, ...]
    said_before: tuple[SaidBefore, ...]
    words: str
    can_write: bool


class ReviewController(QObject):
    """GUI thread only."""

    pictureShown = Signal(object)  # RGB ndarray for every view
    parentChanged = Signal(object)  # ParentPicture
    presenterChanged = Signal(object)  # PresenterNotes
    stateChanged = Signal(str)  # "playing" | "frozen" | "ended" | "title"
    wordsSaved = Signal(int)  # reel item id
    finished = Signal(object)  # ReviewSummary, once the practitioner ends the review

    def __init__(
        self,
        library: Library,
        reel_id: int,
        parent: QObject | None = None,
        *,
        make_player: PlayerFactory | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.reel_id = reel_id
        self.timeline: ReelTimeline = reel_service.reel_timeline(library, reel_id)
        self.review: ReviewSession | None = None
        self.pool = ClipPlayerPool(library, self, make_player=make_player)
        self.preloader = FramePreloader(self._decode, self, synchronous=synchronous)
        self.playback = TimelinePlaybackController(
            self.pool.player, self.pool.open_clip, self, auto_pause=True
        )
        self._said_before: tuple[SaidBefore, ...] = ()
        self._pending_words: tuple[int, str] | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(_SAVE_AFTER_MS)
        self._save_timer.timeout.connect(self.flush_words)
        self._moments = [e for e in self.timeline.entries if not e.item.is_title]
        self.preload_hits = self.preload_misses = 0  # for the benchmark and tests
        self._connect()

    def _connect(self) -> None:
        self.pool.frameShown.connect(self._on_frame)
        self.pool.rangeFinished.connect(lambda _clip: self.playback.on_range_finished())
        p = self.playback
        p.itemStarted.connect(self._on_item_started)
        p.stepStarted.connect(self._on_step)
        p.upcoming.connect(self._preload)
        p.itemEnded.connect(lambda _i: self.stateChanged.emit("ended"))
        p.pausedChanged.connect(lambda frozen: self.stateChanged.emit("frozen" if frozen else ""))

    # -- starting and ending -----------------------------------------------------------------
    def start(self, present: tuple[str, ...] = review_sessions.DEFAULT_PRESENT) -> None:
        """Start or continue the family's review session and show the first item."""
        self.review = review_sessions.start_review(self.library, self.reel_id, present=present)
        self._said_before = tuple(review_sessions.said_before(self.library, self.review.id))
        self.pool.open_all(self.timeline.clip_ids)
        self.playback.play(self.timeline)
        for clip_id, frame in self._first_pictures()[1:]:
            self._preload(clip_id, frame)  # every moment's first picture, in reel order

    def _first_pictures(self) -> list[tuple[int, int]]:
        firsts = []
        for entry in self.timeline.entries:
            step = entry.steps[0]
            if isinstance(step, FreezeStep):
                firsts.append((step.clip_id, step.frame))
            elif isinstance(step, MotionStep):
                firsts.append((step.clip_id, step.in_frame))
        return firsts

    def set_present(self, present: tuple[str, ...]) -> None:
        if self.review is not None:
            self.review = review_sessions.start_review(
                self.library, self.reel_id, present=present, on=_date_of(self.review)
            )

    def summary(self) -> ReviewSummary:
        self.flush_words()
        assert self.review is not None
        return review_sessions.review_summary(
            self.library, self.review.id, moments_shown=len(self._moments)
        )

    def end(self) -> ReviewSummary:
        """The practitioner confirmed the summary: the review session is ended."""
        self.flush_words()
        assert self.review is not None
        summary = review_sessions.end_review(
            self.library, self.review.id, moments_shown=len(self._moments)
        )
        self.finished.emit(summary)
        return summary

    def shutdown(self) -> None:
        self.flush_words()
        self._save_timer.stop()
        self.playback.stop()
        self.preloader.shutdown()
        self.pool.shutdown()

    # -- the controls --------------------------------------------------------------------------
    def play_or_freeze(self) -> None:
        self.playback.toggle_pause()

    def again(self) -> None:
        self.playback.again()

    def slower(self) -> None:
        self.playback.slower()

    def next(self) -> None:
        """The next item; on the last one this stays put (ending is the practitioner's)."""
        if self.playback.index + 1 < len(self.timeline.entries):
            self.playback.next()

    def back(self) -> None:
        self.playback.back()

    @property
    def at_last_item(self) -> bool:
        return self.playback.index == len(self.timeline.entries) - 1

    # -- the parent's words ----------------------------------------------------------------------
    def write_words(self, text: str) -> None:
        """The box changed: stored very soon (and at once when the item changes or ends)."""
        item = self._current_item()
        if item is None or item.is_title:
            return
        self._pending_words = (item.id, text)
        self._save_timer.start()

    def flush_words(self) -> None:
        self._save_timer.stop()
        pending, self._pending_words = self._pending_words, None
        if pending is None or self.review is None:
            return
        review_sessions.save_parent_words(self.library, self.review.id, *pending)
        self.wordsSaved.emit(pending[0])

    # -- following the playback --------------------------------------------------------------------
    def _on_item_started(self, index: int) -> None:
        self.flush_words()
        entry = self.timeline.entries[index]
        moment = next((n for n, e in enumerate(self._moments, 1) if e is entry), 0)
        title = entry.item.title_text if entry.item.is_title else ""
        self.parentChanged.emit(ParentPicture(title, entry.caption, moment, len(self._moments)))
        self.presenterChanged.emit(self._notes(index))
        first = entry.steps[0]
        if isinstance(first, FreezeStep | MotionStep):
            frame = first.frame if isinstance(first, FreezeStep) else first.in_frame
            rgb = self.preloader.take(first.clip_id, frame)
            if rgb is None:
                self.preload_misses += 1
            else:
                self.preload_hits += 1
                self.pictureShown.emit(rgb)  # at once; the player's own frame follows

    def _preload(self, clip_id: int, frame: int) -> None:
        """Once the clip's player is open (all open at the start, in the background)."""
        if self.pool.is_ready(clip_id):
            self.preloader.preload(clip_id, frame)
        else:
            self.pool.open_clip(
                clip_id, lambda ok: self.preloader.preload(clip_id, frame) if ok else None
            )

    def _on_step(self, step: object) -> None:
        self.stateChanged.emit("title" if isinstance(step, TitleStep) else "playing")

    def _on_frame(self, clip_id: int, _frame: int, rgb: np.ndarray[Any, Any]) -> None:
        step = self.playback.current_step
        if isinstance(step, FreezeStep | MotionStep) and step.clip_id == clip_id:
            self.pictureShown.emit(rgb)

    def _current_item(self) -> Any:
        index = self.playback.index
        return self.timeline.entries[index].item if index >= 0 else None

    def _notes(self, index: int) -> PresenterNotes:
        item = self.timeline.entries[index].item
        here = tuple(s for s in self._said_before if s.reel_item_id == item.id)
        words = ""
        if self.review is not None and not item.is_title:
            words = review_sessions.parent_words(self.library, self.review.id, item.id)
        return PresenterNotes(
            item.prompt,
            self._tag_note(item.source_tag_id),
            here,
            self._said_before,
            words,
            not item.is_title,
        )

    def _tag_note(self, tag_id: int | None) -> str:
        if tag_id is None:
            return ""
        try:
            return tag_service.get_tag(self.library, tag_id).note
        except NotFoundError:
            return ""

    def _decode(self, clip_id: int, frame: int) -> np.ndarray[Any, Any]:
        """Worker thread: the engine's thumbnail decoder is thread-safe."""
        player = self.pool.player(clip_id)
        info = player.video_info
        width = info.size[0] if info is not None else 1920
        return player.thumbnail(frame, width, exact=True)


def _date_of(review: ReviewSession) -> Any:
    from datetime import date

    return date.fromisoformat(review.session.date)
