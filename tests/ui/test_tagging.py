"""The tagging controller and its undo steps, against a real temporary library."""

from __future__ import annotations

import pytest

from attune_app.domain.models import Clip
from attune_app.services import tags as tag_service
from attune_app.store.library import Library
from ui.library.library_controller import LibraryController
from ui.tagging.tag_commands import DragTagEdgeCommand
from ui.tagging.tag_draft import PRINCIPLE, TagDraft
from ui.tagging.tagging_controller import CodeChoice, TaggingController

CODES = [
    CodeChoice("looks_at_parent", "Looks at parent", "cue"),
    CodeChoice("smiles", "Smiles", "cue"),
    CodeChoice("looks_back", "Looks back", "response"),
    CodeChoice("smiles_back", "Smiles back", "response"),
    CodeChoice("being_attentive", "Being attentive", "principle"),
    CodeChoice("guiding", "Guiding", "principle"),
]


class Playhead:
    def __init__(self) -> None:
        self.frame = 0

    def __call__(self) -> int:
        return self.frame


@pytest.fixture
def playhead() -> Playhead:
    return Playhead()


@pytest.fixture
def tagging(
    library_controller: LibraryController, clip: Clip, playhead: Playhead
) -> TaggingController:
    controller = TaggingController(library_controller, playhead)
    controller.set_codes(CODES)
    controller.set_clip(clip.id, clip.fps)
    return controller


def test_draft_extent_rules() -> None:
    assert TagDraft().extent(7) == (7, 7)  # nothing marked: a still at the playhead
    assert TagDraft(cue_frame=10, response_frame=22).extent(40) == (10, 22)
    assert TagDraft(in_frame=5).extent(30) == (5, 30)
    assert TagDraft(in_frame=5, out_frame=9).extent(30) == (5, 9)
    assert TagDraft(in_frame=20).with_out(10) == TagDraft(out_frame=10)  # out before in drops in


def test_draft_codes_replace_or_toggle() -> None:
    draft = TagDraft().with_code("smiles", "cue").with_code("looks_back", "response")
    draft = draft.with_code("guiding", PRINCIPLE).with_code("being_attentive", PRINCIPLE)
    assert (draft.cue_code, draft.response_code) == ("smiles", "looks_back")
    assert draft.with_code("guiding", PRINCIPLE).principle_codes == ("being_attentive",)


def test_keys_make_a_tag_with_latency(
    tagging: TaggingController, playhead: Playhead, library: Library, clip: Clip
) -> None:
    playhead.frame = 10
    tagging.set_in()
    playhead.frame = 12
    tagging.mark_cue()
    tagging.apply_code(1)  # after C the number keys are cue codes: 2 = Smiles
    playhead.frame = 20
    tagging.mark_response()
    tagging.apply_code(0)  # after R they are response codes: 1 = Looks back
    tagging.set_code_role(PRINCIPLE)
    tagging.apply_code(1)
    tagging.set_note("Mum answers the smile")
    playhead.frame = 30
    tagging.set_out()
    assert tagging.draft.latency_frames == 8
    tag_id = tagging.save()

    [tag] = tag_service.list_tags(library, clip.id)
    assert tag.id == tag_id
    assert (tag.in_frame, tag.out_frame, tag.cue_frame, tag.response_frame) == (10, 30, 12, 20)
    assert (tag.cue_code, tag.response_code, tag.principle_codes) == (
        "smiles",
        "looks_back",
        ("guiding",),
    )
    assert tag.note == "Mum answers the smile"
    assert tagging.draft.is_empty


def test_undo_and_redo_write_through(
    tagging: TaggingController,
    playhead: Playhead,
    library_controller: LibraryController,
    library: Library,
    clip: Clip,
) -> None:
    stack = library_controller.undo_stack
    playhead.frame = 5
    tagging.mark_cue()
    playhead.frame = 9
    tagging.mark_response()
    tag_id = tagging.save()
    assert tag_id is not None
    tagging.edit_tag(tag_service.get_tag(library, tag_id))
    tagging.set_note("edited")
    tagging.save()
    assert tag_service.get_tag(library, tag_id).note == "edited"

    stack.undo()
    assert tag_service.get_tag(library, tag_id).note == ""
    stack.undo()
    assert tag_service.list_tags(library, clip.id) == []
    stack.redo()
    assert tag_service.get_tag(library, tag_id).cue_frame == 5
    stack.redo()
    assert tag_service.get_tag(library, tag_id).note == "edited"


def test_edge_drags_merge_into_one_undo_step(
    tagging: TaggingController,
    playhead: Playhead,
    library_controller: LibraryController,
    library: Library,
) -> None:
    playhead.frame = 10
    tagging.set_in()
    playhead.frame = 20
    tagging.set_out()
    tag_id = tagging.save()
    assert tag_id is not None
    stack = library_controller.undo_stack
    depth = stack.count()
    for frame in (21, 23, 26):
        library_controller.push(DragTagEdgeCommand(library_controller, tag_id, "out", frame, 1))
        assert tag_service.get_tag(library, tag_id).out_frame == frame  # written at once
    assert stack.count() == depth + 1
    library_controller.push(DragTagEdgeCommand(library_controller, tag_id, "out", 28, 2))
    assert stack.count() == depth + 2  # a new drag is a new step
    stack.undo()
    assert tag_service.get_tag(library, tag_id).out_frame == 26
    stack.undo()
    assert tag_service.get_tag(library, tag_id).out_frame == 20


def test_refused_change_leaves_no_undo_step(
    tagging: TaggingController, playhead: Playhead, library_controller: LibraryController
) -> None:
    playhead.frame = 10
    tagging.set_in()
    tag_id = tagging.save()
    assert tag_id is not None
    depth = library_controller.undo_stack.count()
    with pytest.raises(Exception, match="frame"):
        library_controller.push(DragTagEdgeCommand(library_controller, tag_id, "out", 99_999, 3))
    assert library_controller.undo_stack.count() == depth


def test_nothing_marked_says_so(tagging: TaggingController) -> None:
    messages: list[str] = []
    tagging.message.connect(messages.append)
    assert tagging.save() is None
    assert "Nothing to save" in messages[-1]
