from __future__ import annotations

import pytest

from attune_app.domain.models import Clip
from attune_app.services import act_as, add_tag
from attune_app.services.blind_coding import is_blind, set_blind, visible_tags
from attune_app.store.audit import entries_for
from attune_app.store.library import Library


def test_a_blind_coder_sees_only_their_own_tags(library: Library, clip: Clip) -> None:
    ann = act_as(library, "Ann")
    first = add_tag(library, clip.id, in_frame=10, out_frame=20, cue_code="smiles", note="toy")
    bea = act_as(library, "Bea")
    assert set_blind(library, clip.id, True) is True
    assert set_blind(library, clip.id, True) is False  # already blind
    assert visible_tags(library, clip.id) == []
    own = add_tag(library, clip.id, in_frame=12, out_frame=22, cue_code="smiles", note="toy")
    assert visible_tags(library, clip.id) == [own]
    assert visible_tags(library, clip.id, author_id=ann.id) == []  # no peeking by filter
    assert visible_tags(library, clip.id, text="toy") == [own]
    assert visible_tags(library, clip.id, code="smiles") == [own]
    act_as(library, "Ann")  # blindness is per person: Ann still sees everything
    assert not is_blind(library, clip.id)
    assert visible_tags(library, clip.id) == [first, own]
    assert is_blind(library, clip.id, bea.id)
    act_as(library, "Bea")
    set_blind(library, clip.id, False)
    assert visible_tags(library, clip.id) == [first, own]
    actions = [e.action for e in entries_for(library.db, "clip", clip.id)]
    assert actions[-2:] == ["start_blind_coding", "end_blind_coding"]


def test_blind_needs_a_known_clip(library: Library) -> None:
    with pytest.raises(Exception, match="no clip with id 99"):
        set_blind(library, 99, True)


def test_blind_coding_persists_across_opening(library: Library, clip: Clip) -> None:
    act_as(library, "Bea")
    set_blind(library, clip.id, True)
    path = library.path
    library.close()
    with Library.open(path, auto_backup=False) as again:
        act_as(again, "Bea")
        assert is_blind(again, clip.id)
