"""One session under review: its clips, its state and history, its comment threads, and the
Sign off / Return buttons. Shows what it is given; the controller does the writing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.models import Clip
from attune_app.domain.supervision import (
    STATE_WORDS,
    CommentThread,
    ReviewStateChange,
    ThreadComment,
)

CLIP_ROLE = Qt.ItemDataRole.UserRole
COMMENT_ROLE = Qt.ItemDataRole.UserRole + 1


class SessionReviewWidget(QWidget):
    """GUI thread only."""

    clipChosen = Signal(int)  # clip id
    commentChosen = Signal(int)  # comment id (jump to its frame)
    commentRequested = Signal(str)  # new thread text, at the player's frame
    replyRequested = Signal(int, str)  # comment id, text
    resolveRequested = Signal(int)  # comment id (toggles)
    signOffRequested = Signal()
    returnRequested = Signal(str)  # reason
    reportRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Choose a session")
        self.title.setObjectName("SessionReviewTitle")
        self.title.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setObjectName("SessionReviewState")
        self.clips = QListWidget()
        self.clips.setMaximumHeight(48)
        self.clips.setToolTip("Click a clip to open it in the player")
        self.history = QListWidget()
        self.threads = QTreeWidget()
        # One column: where and who on a line, the comment wrapped beneath it (three columns
        # left the words themselves a few letters in a laptop's narrow dock); all in the tooltip.
        self.threads.setColumnCount(1)
        self.threads.setHeaderHidden(True)
        self.threads.setWordWrap(True)
        self.comment_edit = QLineEdit()
        self.comment_edit.setPlaceholderText("New comment at the frame shown…")
        self.comment_button = QPushButton("Comment")
        self.reply_button = QPushButton("Reply")
        self.resolve_button = QPushButton("Resolve")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Reason for returning it (required)")
        self.sign_off_button = QPushButton("Sign off")
        self.return_button = QPushButton("Return")
        self.report_button = QPushButton("Report…")
        self.report_button.setToolTip("Write this session's report as PDF or HTML")
        self._layout()
        self._connect()
        self.set_session(None)

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.state_label)
        layout.addWidget(self.clips)
        comments = QWidget()
        threads = QVBoxLayout(comments)
        threads.setContentsMargins(2, 2, 2, 2)
        threads.addWidget(self.threads, 1)
        threads.addWidget(self.comment_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.resolve_button, self.reply_button, self.comment_button):
            row.addWidget(button)
        threads.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(comments, "Comments")
        self.tabs.addTab(self.history, "Review history")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.reason_edit)
        decision = QHBoxLayout()
        decision.addWidget(self.report_button)
        decision.addStretch(1)
        decision.addWidget(self.return_button)
        decision.addWidget(self.sign_off_button)
        layout.addLayout(decision)

    def _connect(self) -> None:
        self.clips.itemClicked.connect(lambda item: self.clipChosen.emit(item.data(CLIP_ROLE)))
        self.threads.itemClicked.connect(
            lambda item, _col: self.commentChosen.emit(item.data(0, COMMENT_ROLE))
        )
        self.threads.currentItemChanged.connect(lambda *_: self._update_thread_buttons())
        self.comment_button.clicked.connect(self._on_comment)
        self.comment_edit.returnPressed.connect(self._on_comment)
        self.reply_button.clicked.connect(self._on_reply)
        self.resolve_button.clicked.connect(self._on_resolve)
        self.sign_off_button.clicked.connect(self.signOffRequested)
        self.report_button.clicked.connect(self.reportRequested)
        self.return_button.clicked.connect(
            lambda: self.returnRequested.emit(self.reason_edit.text())
        )
        self.reason_edit.textChanged.connect(lambda _t: self._update_decision())

    # -- showing ----------------------------------------------------------------------------------
    def set_session(self, title: str | None, state: str = "") -> None:
        self.title.setText(title or "Choose a session in the list")
        self.state_label.setText(f"State: {STATE_WORDS[state]}" if state else "")
        self._state = state
        self._may_decide = False
        self._may_comment = False
        if title is None:
            self.clips.clear()
            self.history.clear()
            self.threads.clear()
        self._update_decision()
        self._update_thread_buttons()

    def set_permissions(self, *, may_decide: bool, may_comment: bool) -> None:
        self._may_decide, self._may_comment = may_decide, may_comment
        self._update_decision()
        self._update_thread_buttons()

    def set_clips(self, clips: list[Clip], describe: Callable[[Clip], str]) -> None:
        self.clips.clear()
        for clip in clips:
            item = QListWidgetItem(describe(clip))
            item.setData(CLIP_ROLE, clip.id)
            self.clips.addItem(item)

    def set_history(
        self, changes: list[ReviewStateChange], name: Callable[[int | None], str]
    ) -> None:
        self.history.clear()
        self.tabs.setTabText(1, f"Review history ({len(changes)})")
        for change in changes:
            reason = f": {change.reason}" if change.reason else ""
            when = change.at[:16].replace("T", " ")
            self.history.addItem(
                f"{when}  {STATE_WORDS[change.state]} by {name(change.person_id)}{reason}"
            )

    def set_threads(
        self,
        threads: list[CommentThread],
        where: Callable[[ThreadComment], str],
        name: Callable[[int | None], str],
    ) -> None:
        selected = self.current_comment_id()
        self.threads.clear()
        still_open = sum(not t.resolved for t in threads)
        self.tabs.setTabText(0, f"Comments ({len(threads)}, {still_open} open)")
        for thread in threads:
            top = self._item(thread.root, where, name)
            if thread.resolved:
                top.setText(0, f"✓ {top.text(0)}")
                top.setForeground(0, Qt.GlobalColor.darkGray)
            self.threads.addTopLevelItem(top)
            for answer in thread.replies:
                top.addChild(self._item(answer, where, name))
            top.setExpanded(True)
        if selected is not None:
            self.select_comment(selected)
        self._update_thread_buttons()

    def _item(
        self,
        comment: ThreadComment,
        where: Callable[[ThreadComment], str],
        name: Callable[[int | None], str],
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([f"{where(comment)} · {name(comment.author_id)}\n{comment.text}"])
        item.setData(0, COMMENT_ROLE, comment.id)
        item.setToolTip(0, comment.text)
        return item

    def current_comment_id(self) -> int | None:
        item = self.threads.currentItem()
        return None if item is None else int(item.data(0, COMMENT_ROLE))

    def select_comment(self, comment_id: int) -> None:
        for number in range(self.threads.topLevelItemCount()):
            top = self.threads.topLevelItem(number)
            for item in [top, *(top.child(k) for k in range(top.childCount()))]:
                if item.data(0, COMMENT_ROLE) == comment_id:
                    self.threads.setCurrentItem(item)
                    return

    # -- asking -----------------------------------------------------------------------------------
    def _on_comment(self) -> None:
        text = self.comment_edit.text().strip()
        if text:
            self.commentRequested.emit(text)

    def _on_reply(self) -> None:
        text, comment_id = self.comment_edit.text().strip(), self.current_comment_id()
        if text and comment_id is not None:
            self.replyRequested.emit(comment_id, text)

    def _on_resolve(self) -> None:
        comment_id = self.current_comment_id()
        if comment_id is not None:
            self.resolveRequested.emit(comment_id)

    def clear_entry(self) -> None:
        self.comment_edit.clear()
        self.reason_edit.clear()

    def _update_decision(self) -> None:
        open_state = getattr(self, "_state", "") not in ("", "signed_off")
        may = getattr(self, "_may_decide", False) and open_state
        self.sign_off_button.setEnabled(may and self._state == "awaiting_review")
        self.return_button.setEnabled(may and bool(self.reason_edit.text().strip()))
        self.reason_edit.setEnabled(may)
        self.report_button.setEnabled(bool(getattr(self, "_state", "")))

    def _update_thread_buttons(self) -> None:
        may = getattr(self, "_may_comment", False)
        chosen = self.current_comment_id() is not None
        self.comment_edit.setEnabled(may)
        self.comment_button.setEnabled(may)
        self.reply_button.setEnabled(may and chosen)
        self.resolve_button.setEnabled(may and chosen)
