"""Stateful property: any sequence of tag edits, undone in reverse, gives back the start state."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from attune_app.domain.models import Tag
from attune_app.services import add_tag, delete_tag, list_tags, restore_tag, update_tag
from attune_app.services.people import ensure_local_person
from attune_app.store.audit import verify_chain
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip

frames = st.integers(0, 99)


class TagUndo(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.library = Library.open(Path(self.folder.name) / "lib", create=True, auto_backup=False)
        ensure_local_person(self.library)
        self.clip = add_fake_clip(self.library, frame_count=100)
        self.undo: list[Callable[[], object]] = []
        self.history: list[list[Tag]] = []

    def _snapshot(self) -> list[Tag]:
        return list_tags(self.library, self.clip.id)

    def _did(self, before: list[Tag], undo: Callable[[], object]) -> None:
        self.history.append(before)
        self.undo.append(undo)

    @rule(a=frames, b=frames, note=st.text(max_size=12))
    def add(self, a: int, b: int, note: str) -> None:
        before = self._snapshot()
        tag = add_tag(
            self.library, self.clip.id, in_frame=min(a, b), out_frame=max(a, b), note=note
        )
        self._did(before, lambda: delete_tag(self.library, tag.id))

    @precondition(lambda self: bool(self._snapshot()))
    @rule(data=st.data(), out=frames, note=st.text(max_size=12))
    def edit(self, data: st.DataObject, out: int, note: str) -> None:
        before = self._snapshot()
        tag = data.draw(st.sampled_from(before))
        change = update_tag(self.library, tag.id, out_frame=max(out, tag.in_frame), note=note)
        old = change.before
        self._did(
            before, lambda: update_tag(self.library, old.id, out_frame=old.out_frame, note=old.note)
        )

    @precondition(lambda self: bool(self._snapshot()))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        before = self._snapshot()
        tag = delete_tag(self.library, data.draw(st.sampled_from(before)).id)
        self._did(before, lambda: restore_tag(self.library, tag))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        self.undo.pop()()
        expected = self.history.pop()
        assert [_core(t) for t in self._snapshot()] == [_core(t) for t in expected]

    @invariant()
    def chain_holds(self) -> None:
        assert verify_chain(self.library.db) == []

    def teardown(self) -> None:
        self.library.close()
        self.folder.cleanup()


def _core(tag: Tag) -> tuple[object, ...]:
    """A tag without its updated time (an undo is itself a change, so that time moves on)."""
    return (tag.id, tag.in_frame, tag.out_frame, tag.note, tag.cue_code, tag.created_at)


TestTagUndo = TagUndo.TestCase
TestTagUndo.settings = settings(max_examples=15, stateful_step_count=12, deadline=None)
