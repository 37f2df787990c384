from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from attune_app.media import FrameIndex
from attune_app.services import (
    ImportFailedError,
    clip_frame_index_json,
    import_clip,
    list_clips,
    list_families,
    list_sessions,
)
from attune_app.store.audit import entries_for
from attune_app.store.library import Library
from tests.services.video_files import write_test_clip


def _media_files(library: Library) -> list[str]:
    return sorted(p.name for p in library.media_dir.iterdir())


def test_import_copies_by_hash_and_stores_facts(library: Library, tmp_path: Path) -> None:
    source = write_test_clip(tmp_path / "Smith family visit.mp4", frames=30)
    fractions: list[float] = []
    clip = import_clip(
        library, source, family_ref="F-7", session_date="2026-02-03", progress=fractions.append
    )
    assert fractions and fractions[-1] == 1.0
    assert (clip.frame_count, clip.width, clip.height) == (30, 160, 96)
    assert clip.fps == pytest.approx(25.0) and clip.original_name == source.name
    assert _media_files(library) == [f"{clip.media_hash}.mp4"]  # no family name on disk
    assert library.media_path(clip).read_bytes() == source.read_bytes()
    if sys.platform != "win32":
        assert stat.S_IMODE(library.media_path(clip).stat().st_mode) == 0o600
    index_json = clip_frame_index_json(library, clip.id)
    assert index_json is not None and FrameIndex.from_json(index_json).frame_count == 30
    [family] = list_families(library)
    [session] = list_sessions(library, family.id)
    assert (family.ref, session.date, session.kind) == ("F-7", "2026-02-03", "filming")
    assert list_clips(library, session.id) == [clip]
    assert [e.action for e in entries_for(library.db, "clip", clip.id)] == ["import_clip"]


def test_same_content_is_not_imported_twice(library: Library, tmp_path: Path) -> None:
    source = write_test_clip(tmp_path / "a.mp4")
    first = import_clip(library, source, family_ref="F-1")
    copy = tmp_path / "renamed.mp4"
    copy.write_bytes(source.read_bytes())
    second = import_clip(library, copy, family_ref="F-1")
    assert second.already_imported and second.id == first.id
    assert len(_media_files(library)) == 1


def test_a_broken_file_leaves_nothing_and_names_the_file(library: Library, tmp_path: Path) -> None:
    broken = tmp_path / "not a video.mp4"
    broken.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(ImportFailedError, match=r"not a video\.mp4") as caught:
        import_clip(library, broken, family_ref="F-2")
    assert "Nothing was imported" in str(caught.value)
    assert _media_files(library) == []
    assert library.db.execute("SELECT count(*) FROM clips").fetchone()[0] == 0
    assert list_families(library) == []


def test_missing_and_cancelled_imports_leave_nothing(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ImportFailedError, match="no such file"):
        import_clip(library, tmp_path / "gone.mp4", family_ref="F-3")
    source = write_test_clip(tmp_path / "b.mp4")
    with pytest.raises(ImportFailedError, match="cancelled"):
        import_clip(library, source, family_ref="F-3", is_cancelled=lambda: True)
    assert _media_files(library) == []
    assert library.db.execute("SELECT count(*) FROM clips").fetchone()[0] == 0


def test_a_failed_commit_removes_the_renamed_file(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_test_clip(tmp_path / "c.mp4")

    def fail(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("attune_app.services.importing.fsync_dir", fail)
    with pytest.raises(ImportFailedError, match=r"c\.mp4"):
        import_clip(library, source, family_ref="F-4")
    assert _media_files(library) == []
    assert library.db.execute("SELECT count(*) FROM clips").fetchone()[0] == 0


def test_a_failed_commit_never_removes_media_it_did_not_put_there(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_test_clip(tmp_path / "d.mp4")
    first = import_clip(library, source, family_ref="F-5")
    media = library.media_path(first)
    library.db.execute("DELETE FROM clips")  # the row gone (e.g. restored backup), file kept
    library.db.conn.commit()

    def fail(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("attune_app.services.importing.records.insert", fail)
    with pytest.raises(ImportFailedError, match=r"d\.mp4"):
        import_clip(library, source, family_ref="F-5")
    assert media.is_file()
