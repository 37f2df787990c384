"""The Supervision dock and its View menu entries: the review list, the session under review
(its clips open in the player, read-only unless it is the viewer's own; a clip opened from the
library panel is the workbench again, where a supervisor's second coding happens), comment
threads, sign-off and return, the audit trail viewer and who is working.

Comments, sign-offs and returns are acts on the record (audited, each one transaction), not
edits: they are not on the undo stack, as a sign-off cannot be taken back by Ctrl+Z."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
)

from attune_app.commands.common import USER_ENV
from attune_app.domain.models import Clip, Session, Tag
from attune_app.domain.supervision import ThreadComment
from attune_app.domain.timecode import format_seconds
from attune_app.reports.report_data import session_report_data
from attune_app.reports.session_report import check_report_target, record_report
from attune_app.services import clips as clip_service
from attune_app.services.comments import (
    comment_on_session,
    comment_on_tag,
    get_comment,
    mark_seen,
    new_comments,
    reply,
    set_resolved,
    threads,
)
from attune_app.services.people import act_as, list_people
from attune_app.services.permissions import actor, allowed, require
from attune_app.services.supervision import (
    current_state,
    return_session,
    review_queue,
    sign_off,
    state_history,
)
from attune_app.store import records
from attune_app.store.errors import LibraryError
from attune_app.store.library import Library
from ui.library.library_panel_widget import LibraryPanelWidget
from ui.supervision.audit_trail_dialog import AuditTrailDialog
from ui.supervision.read_only_lock import ReadOnlyLock
from ui.supervision.report_job import ReportJob
from ui.supervision.review_list_widget import ReviewListWidget
from ui.supervision.session_review_widget import SessionReviewWidget
from ui.widgets.messages import show_error
from ui.widgets.vertical_scroll_area import VerticalScrollAreaWidget
from ui.window_fit import keep_picture_room
from ui.window_parts import WindowParts


class SupervisionSection(QObject):
    """Given the window's parts; `host`, the Qt main window its dock joins (beside `beside`,
    the library's dock, on first use); `view_menu` for its entries; the library `panel` (a
    clip opened there is the workbench again); the workbench's read-only `lock`; and
    `current_tag()` of the tag list. The window puts `who_label` on its status bar.
    GUI thread only."""

    def __init__(
        self,
        parts: WindowParts,
        *,
        host: QMainWindow,
        beside: QDockWidget,
        view_menu: QMenu,
        panel: LibraryPanelWidget,
        lock: ReadOnlyLock,
        current_tag: Callable[[], Tag | None],
    ) -> None:
        super().__init__(parts.parent)
        self._parts = parts
        self._parent = parts.parent
        self._host = host
        self._beside = beside
        self._panel = panel
        self._current_tag = current_tag
        self.session: Session | None = None
        self.list = ReviewListWidget()
        self.review = SessionReviewWidget()
        splitter = QSplitter(Qt.Orientation.Vertical)
        # Each half scrolls: together they needed 670 pixels of height, more than a laptop has.
        splitter.addWidget(VerticalScrollAreaWidget(self.list))
        splitter.addWidget(VerticalScrollAreaWidget(self.review))
        self.dock = QDockWidget("Supervision", host)
        self.dock.setObjectName("SupervisionDock")
        self.dock.setWidget(splitter)
        self._splitter = splitter
        host.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()  # shown, beside the library as a tab, from the Supervision menu
        self._placed = False
        self.lock = lock
        self.audit_dialog: AuditTrailDialog | None = None
        self.report_job = ReportJob(self)
        self.who_label = QLabel()
        self._build_menu(view_menu)
        self._connect()
        name = os.environ.get(USER_ENV)
        if name:
            self._act_as(name)
        self.refresh()

    @property
    def library(self) -> Library:
        return self._parts.library.library

    # -- menu -------------------------------------------------------------------------------------
    def _build_menu(self, menu: QMenu) -> None:
        self.show_action = QAction("&Supervision", self._parent)
        self.show_action.setShortcut("Ctrl+Shift+R")  # Ctrl+Shift+S saves a still
        self.show_action.triggered.connect(self.show)
        self.audit_action = QAction("&Audit trail…", self._parent)
        self.audit_action.triggered.connect(self.show_audit_trail)
        self.who_action = QAction("&Who is working…", self._parent)
        self.who_action.triggered.connect(self.choose_person)
        self.menu = menu
        self.menu.addSeparator()
        self.menu.addActions([self.show_action, self.audit_action, self.who_action])

    def _connect(self) -> None:
        self.list.filtersChanged.connect(self.refresh)
        self.list.sessionChosen.connect(self.open_session)
        self.review.clipChosen.connect(self.open_clip)
        self.review.commentChosen.connect(self.jump_to_comment)
        self.review.commentRequested.connect(self.add_comment)
        self.review.replyRequested.connect(self.add_reply)
        self.review.resolveRequested.connect(self.toggle_resolved)
        self.review.signOffRequested.connect(self.sign_off)
        self.review.returnRequested.connect(self.return_session)
        self.review.reportRequested.connect(self.ask_report)
        self.report_job.finished.connect(self._on_report_written)
        # the library panel is the workbench: coding there (a second coding too) stays open
        self._panel.clipActivated.connect(lambda _id: self.lock.set_locked(False))

    def show(self) -> None:
        if not self._placed and not self.dock.isFloating():
            # placed on first use, after the window's saved layout was restored (tabifying
            # before that leaves a ghost tab bar behind)
            self._host.tabifyDockWidget(self._beside, self.dock)
            self._placed = True
        self.dock.show()
        self.dock.raise_()
        self._host.resizeDocks([self.dock], [470], Qt.Orientation.Horizontal)
        layout = self._host.layout()
        if layout is not None:
            layout.activate()
        keep_picture_room(self._host)  # on a laptop, narrower: the picture keeps its room
        # Each half its minimum and a few rows more (Qt scales them to the dock): with fixed
        # sizes, a laptop's short dock left the session list only its header.
        room = 100
        halves = (self.list, self.review)
        self._splitter.setSizes([half.minimumSizeHint().height() + room for half in halves])
        self.refresh()

    # -- who is working ---------------------------------------------------------------------------
    def choose_person(self) -> None:
        people = list_people(self.library)
        names = [f"{p.display_name} ({p.profile})" for p in people]
        current = next((i for i, p in enumerate(people) if p.id == self.library.actor), 0)
        choice, ok = QInputDialog.getItem(
            self._parent, "Who is working", "Person", names, current, False
        )
        if ok and choice:
            self._act_as(people[names.index(choice)].display_name)

    def _act_as(self, name: str) -> None:
        if not self._guard(lambda: act_as(self.library, name)):
            return
        self.session = None  # someone else now: they open the session themselves
        self.review.set_session(None)
        self.lock.set_locked(False)
        self.refresh()

    def _update_who(self) -> None:
        try:
            person = actor(self.library)
        except LibraryError:
            self.who_label.setText("Nobody is working")
            return
        waiting = sum(n.count for n in new_comments(self.library))
        news = f"  ·  {waiting} new comments" if waiting else ""
        self.who_label.setText(f"Working as {person.display_name} ({person.profile}){news}")

    # -- the list ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.list.set_people(list_people(self.library))
        self.list.show_rows(review_queue(self.library, self.list.current_filter()))
        self._update_who()

    def open_session(self, session_id: int, *, open_clip: bool = True) -> None:
        self.session = records.get(self.library.db, "sessions", session_id, records.session)
        family = records.get(self.library.db, "families", self.session.family_id, records.family)
        state = current_state(self.library, session_id)
        who = self._name(self.session.practitioner_id)
        title = f"{family.ref} · cycle {self.session.cycle} · {self.session.date} · {who}"
        self.review.set_session(title, state)
        clips = clip_service.list_clips(self.library, session_id)
        self.review.set_clips(clips, _describe_clip)
        self._show_details()
        if self._is_author():
            self._guard(lambda: mark_seen(self.library, session_id))
            self._update_who()
        if open_clip and clips:
            self.open_clip(clips[0].id)

    def _show_details(self) -> None:
        if self.session is None:
            return
        session = self.session
        self.review.set_history(state_history(self.library, session.id), self._name)
        self.review.set_threads(threads(self.library, session.id), _where, self._name)
        self.review.set_permissions(
            may_decide=allowed(self.library, "sign_off", session),
            may_comment=allowed(self.library, "comment", session),
        )

    def _is_author(self) -> bool:
        return self.session is not None and self.session.practitioner_id == self.library.actor

    def _name(self, person_id: int | None) -> str:
        names = {p.id: p.display_name for p in list_people(self.library)}
        return names.get(person_id or -1, "someone")

    # -- player -----------------------------------------------------------------------------------
    def open_clip(self, clip_id: int, frame: int | None = None) -> None:
        self._lock_for_clip(clip_id)

        def then(ok: bool) -> None:
            if ok and frame is not None:
                self._parts.player.seek(frame)

        self._parts.open_clip(clip_id, then)

    def _lock_for_clip(self, clip_id: int) -> None:
        clip = clip_service.get_clip(self.library, clip_id)
        session = records.get(self.library.db, "sessions", clip.session_id, records.session)
        locked = session.practitioner_id != self.library.actor
        self.lock.set_locked(locked)
        if locked:
            self._parts.show_message(
                f"Read-only: {self._name(session.practitioner_id)}'s session, under review. "
                "Open the clip from the Library to code it yourself.",
                10_000,
            )

    def jump_to_comment(self, comment_id: int) -> None:
        comment = get_comment(self.library, comment_id)
        if comment.clip_id is not None:
            self.open_clip(comment.clip_id, comment.frame)

    # -- acts -------------------------------------------------------------------------------------
    def add_comment(self, text: str) -> None:
        session, clip = self.session, self._parts.current_clip()
        if session is None:
            return
        if clip is None or clip.session_id != session.id:
            done = self._guard(lambda: comment_on_session(self.library, session.id, text))
        else:
            frame = max(self._parts.player.current_frame, 0)
            tag = self._current_tag()
            if tag is not None and tag.clip_id == clip.id:
                done = self._guard(lambda: comment_on_tag(self.library, tag.id, text, frame=frame))
            else:
                done = self._guard(
                    lambda: comment_on_session(
                        self.library, session.id, text, clip_id=clip.id, frame=frame
                    )
                )
        self._after_act(done)

    def add_reply(self, comment_id: int, text: str) -> None:
        self._after_act(self._guard(lambda: reply(self.library, comment_id, text)))

    def toggle_resolved(self, comment_id: int) -> None:
        comment = get_comment(self.library, comment_id)
        root = get_comment(self.library, comment.parent_id) if comment.parent_id else comment
        resolved = root.resolved_at is None
        self._after_act(self._guard(lambda: set_resolved(self.library, root.id, resolved)))

    def sign_off(self) -> None:
        session = self.session
        if session is not None:
            self._after_act(self._guard(lambda: sign_off(self.library, session.id)))

    def return_session(self, reason: str) -> None:
        session = self.session
        if session is not None:
            self._after_act(self._guard(lambda: return_session(self.library, session.id, reason)))

    def _after_act(self, done: bool) -> None:
        if not done or self.session is None:
            return
        self.review.clear_entry()
        session_id = self.session.id
        self.refresh()
        self.list.select_session(session_id)
        self.open_session(session_id, open_clip=False)

    def _guard(self, act: object) -> bool:
        assert callable(act)
        try:
            act()
        except LibraryError as error:
            show_error(self._parent, "Not saved", str(error))
            return False
        return True

    # -- audit ------------------------------------------------------------------------------------
    def show_audit_trail(self) -> None:
        if not allowed(self.library, "view_audit"):
            show_error(
                self._parent,
                "The audit trail is for supervisors and admins",
                "Choose who is working (View > Who is working…).",
            )
            return
        self.audit_dialog = AuditTrailDialog(self.library, self._parent)
        self.audit_dialog.open()

    # -- reports --------------------------------------------------------------------------------
    def ask_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._parent, "Session report", "session-report.pdf", "PDF (*.pdf);;HTML (*.html)"
        )
        if path:
            self.write_report(Path(path))

    def write_report(self, target: Path) -> None:
        """Gather here, render and write on a worker, audit when it is written."""
        session = self.session
        if session is None or self.report_job.is_running:
            return
        try:
            require(self.library, "make_report")
            check_report_target(target)
            data = session_report_data(self.library, session.id)
        except LibraryError as error:
            show_error(self._parent, "No report written", str(error))
            return
        self._parts.show_message("Writing the report…", 0)
        self.report_job.start(data, target)

    def _on_report_written(self, error: str) -> None:
        job = self.report_job
        if error or job.data is None or job.target is None:
            show_error(self._parent, "The report was not written", error, "Choose another folder.")
            return
        record_report(self.library, job.data, job.target)
        self._parts.show_message(f"Report written: {job.target.name}", 8000)

    def shutdown(self) -> None:
        self.report_job.shutdown()
        if self.audit_dialog is not None:
            self.audit_dialog.job.shutdown()


def _describe_clip(clip: Clip) -> str:
    return f"{clip.original_name}  ({format_seconds(clip.duration_s, with_ms=False)})"


def _where(comment: ThreadComment) -> str:
    frame = "" if comment.frame is None else f"frame {comment.frame}"
    if comment.tag_id is not None:
        return f"tag {comment.tag_id} · {frame}" if frame else f"tag {comment.tag_id}"
    return frame or "session"
