"""The anonymised preview: the export's own renderer into memory. The same frames, holds and
covered boxes as a real export of the reel; nothing written anywhere; a cancel keeps nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

from attune_app import services
from attune_app.cli import main
from attune_app.export.reel_preview import PREVIEW_SETTINGS, prepare_preview, render_preview
from attune_app.export.renderer import ExportCancelled, render_reel
from attune_app.media import open_video
from attune_app.store import keys
from attune_app.store.library import Library
from attune_app.store.media_crypto import EncryptedSource
from tests.export.reel_media import BOX, audio_of, make_training_reel, shown_indices


@pytest.fixture
def training_reel(library: Library, tmp_path: Path) -> tuple[int, int]:
    return make_training_reel(library, tmp_path)


def _files(*folders: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_preview_is_the_export_in_memory(
    library: Library,
    training_reel: tuple[int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clip_id, reel_id = training_reel
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    before = _files(tmp_path, Path(library.path).parent)
    seen: list[tuple[int, int]] = []

    prepared = prepare_preview(library, reel_id)
    preview = render_preview(prepared, progress=lambda done, total: seen.append((done, total)))

    assert _files(tmp_path, Path(library.path).parent) == before  # nothing on any disk
    assert os.listdir(private_tmp) == []
    total = preview.plan.frame_count
    assert seen[-1] == (total, total)
    exported = tmp_path / "export" / "reel.mp4"
    exported.parent.mkdir()
    request = prepared.request
    render_reel(
        request.timeline, prepared.media, exported, PREVIEW_SETTINGS, redaction=request.redaction
    )
    in_memory = shown_indices(preview.source)  # type: ignore[arg-type]
    assert in_memory == shown_indices(exported)
    title = [None] * 10  # 0.4 s at 25 fps
    held = [13] * 5  # 0.2 s
    slow = [f for f in range(20, 26) for _ in (0, 1)]  # half speed
    assert in_memory == title + list(range(4, 14)) + held + slow
    assert [preview.source_of(i) for i in range(total)] == [
        None if f is None else (clip_id, f) for f in in_memory
    ]
    assert preview.shows(clip_id, 13) == 19 and preview.shows(clip_id, 21) == 27
    assert preview.shows(clip_id, 17) is None  # between the two moments: not in the reel
    assert preview.first_showing(clip_id, range(16, 22)) == 25
    with open_video(preview.source) as video:
        assert video.frame_count == total
        for i in range(10, 25):  # the first moment and its hold: the box is one solid colour
            patch = video.read(i)[BOX.y0 + 8 : BOX.y1 - 8, BOX.x0 + 8 : BOX.x1 - 8].astype(int)
            assert np.ptp(patch, axis=(0, 1)).max() <= 12
        assert np.ptp(video.read(30)[BOX.y0 + 8 : BOX.y1 - 8, BOX.x0 + 8 : BOX.x1 - 8]) > 40
    sound, _rate = audio_of(preview.source)  # type: ignore[arg-type]
    reference, _rate = audio_of(exported)
    assert sound.shape == reference.shape
    assert np.abs(sound - reference).max() < 0.05  # the same sound, the mute included


def test_a_cancelled_preview_keeps_nothing(
    library: Library, training_reel: tuple[int, int], tmp_path: Path
) -> None:
    _clip_id, reel_id = training_reel
    before = _files(tmp_path)
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        render_preview(
            prepare_preview(library, reel_id),
            progress=lambda done, _total: seen.append(done),
            should_cancel=lambda: len(seen) >= 5,
        )
    assert 5 <= len(seen) < 20
    assert _files(tmp_path) == before


def test_an_encrypted_librarys_preview_leaves_no_plain_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(keys.DEFAULT_KDF, "memory_kib", 1024)  # a cheap key derivation
    monkeypatch.setitem(keys.DEFAULT_KDF, "iterations", 1)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "correct horse battery")
    folder = tmp_path / "encrypted"
    with Library.open(folder, create=True, auto_backup=False) as library:
        services.ensure_local_person(library)
        (tmp_path / "sources").mkdir()
        clip_id, reel_id = make_training_reel(library, tmp_path / "sources")
    assert main(["library", "encrypt", "--library", str(folder)]) == 0, capsys.readouterr().err
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    with Library.open(folder, auto_backup=False) as library:
        clip = services.get_clip(library, clip_id)
        assert isinstance(library.media_source(clip), EncryptedSource)  # read as the app does
        before = _files(tmp_path)
        preview = render_preview(prepare_preview(library, reel_id))
        assert _files(tmp_path) == before  # the library, its folder and the temp dir alike
    assert os.listdir(private_tmp) == []
    assert shown_indices(preview.source)[10:14] == [4, 5, 6, 7]  # type: ignore[arg-type]
