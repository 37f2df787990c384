"""Stateful property: any sequence of reel edits (items, fields, title cards, moves, removals,
muting, deleting the reel), undone and redone in any order, gives exactly the store state that
each step of the undo stack stood for."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from PySide6.QtWidgets import QApplication

from attune_app.services.people import ensure_local_person
from attune_app.services.reels import create_reel, list_reel_items, list_reels
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip
from ui.library.library_controller import LibraryController, StoreCommand
from ui.reels.reel_commands import MoveReelItemCommand, RemoveReelItemCommand
from ui.reels.reel_edit_commands import (
    AddRangeToReelCommand,
    AddTitleCardCommand,
    DeleteReelCommand,
    EditReelItemCommand,
    SetMuteBelowSpeedCommand,
)

frames = st.integers(0, 99)
EDITS = st.one_of(
    st.fixed_dictionaries({"caption": st.sampled_from(["", "You waited", "Look at her"])}),
    st.fixed_dictionaries({"speed": st.sampled_from([0.25, 0.5, 0.75, 1.0])}),
    st.fixed_dictionaries({"hold_ms": st.sampled_from([0, 500, 2000])}),
    st.fixed_dictionaries({"hold_at": st.sampled_from(["start", "end"])}),
    st.fixed_dictionaries({"muted": st.booleans()}),
    st.fixed_dictionaries({"prompt": st.sampled_from(["", "What do you notice?"])}),
)


class ReelUndo(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        QApplication.instance() or QApplication([])
        self.folder = tempfile.TemporaryDirectory()
        self.library = Library.open(Path(self.folder.name) / "lib", create=True, auto_backup=False)
        ensure_local_person(self.library)
        self.clip = add_fake_clip(self.library, frame_count=100)
        self.reel_id = create_reel(self.library, "Moments", "parent_review").id
        self.controller = LibraryController(self.library)
        self.stack = self.controller.undo_stack
        self.states = [self._snapshot()]

    def _snapshot(self) -> Any:
        reels = list_reels(self.library)
        return reels, {r.id: list_reel_items(self.library, r.id) for r in reels}

    def _items(self) -> list[Any]:
        return list_reel_items(self.library, self.reel_id)

    def _reel_exists(self) -> bool:
        return any(r.id == self.reel_id for r in list_reels(self.library))

    def _push(self, command: StoreCommand) -> None:
        self.controller.push(command)
        self.states = [*self.states[: self.stack.index()], self._snapshot()]

    @precondition(lambda self: self._reel_exists())
    @rule(a=frames, b=frames, at=st.integers(0, 6))
    def add_range(self, a: int, b: int, at: int) -> None:
        low, high = min(a, b), max(a, b)
        self._push(AddRangeToReelCommand(self.controller, self.reel_id, 1, low, high, at))

    @precondition(lambda self: self._reel_exists())
    @rule(at=st.integers(0, 6), seconds=st.sampled_from([1.0, 2.5]))
    def add_title(self, at: int, seconds: float) -> None:
        self._push(AddTitleCardCommand(self.controller, self.reel_id, "Hello", seconds, at))

    @precondition(lambda self: self._reel_exists() and any(not i.is_title for i in self._items()))
    @rule(data=st.data(), changes=EDITS)
    def edit(self, data: st.DataObject, changes: dict[str, Any]) -> None:
        item = data.draw(st.sampled_from([i for i in self._items() if not i.is_title]))
        if all(getattr(item, k) == v for k, v in changes.items()):
            return  # the editor sends no change that changes nothing
        self._push(EditReelItemCommand(self.controller, item, **changes))

    @precondition(lambda self: self._reel_exists() and bool(self._items()))
    @rule(data=st.data(), to=st.integers(0, 6))
    def move(self, data: st.DataObject, to: int) -> None:
        item = data.draw(st.sampled_from(self._items()))
        self._push(MoveReelItemCommand(self.controller, item, to))

    @precondition(lambda self: self._reel_exists() and bool(self._items()))
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        item = data.draw(st.sampled_from(self._items()))
        self._push(RemoveReelItemCommand(self.controller, item))

    @precondition(lambda self: self._reel_exists())
    @rule(speed=st.sampled_from([0.0, 0.5, 0.75, 1.0]))
    def mute_below(self, speed: float) -> None:
        reel = next(r for r in list_reels(self.library) if r.id == self.reel_id)
        if reel.mute_below_speed != speed:
            self._push(SetMuteBelowSpeedCommand(self.controller, reel, speed))

    @precondition(lambda self: self._reel_exists())
    @rule()
    def delete_reel(self) -> None:
        self._push(DeleteReelCommand(self.controller, self.reel_id))

    @precondition(lambda self: self.stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.stack.undo()

    @precondition(lambda self: self.stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.stack.redo()

    @invariant()
    def store_matches_the_stack(self) -> None:
        assert self._snapshot() == self.states[self.stack.index()]

    def teardown(self) -> None:
        self.controller.deleteLater()
        self.library.close()
        self.folder.cleanup()


ReelUndo.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_reel_edits_undo_and_redo_exactly = pytest.mark.slow(ReelUndo.TestCase)
