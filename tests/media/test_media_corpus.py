"""Acceptance: on every awkward clip of the corpus, frame i is what FFmpeg's decode shows."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from corpus import CORPUS_KINDS, CorpusClip, make_clip, reference_indices

from attune_app.media import open_video
from attune_app.media.synthetic import read_frame_index, rotate_to_storage


@pytest.fixture(scope="session")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "media-corpus"


@pytest.fixture(params=CORPUS_KINDS)
def corpus_clip(request: pytest.FixtureRequest, corpus_folder: Path) -> CorpusClip:
    return make_clip(request.param, corpus_folder)


def test_frames_match_ffmpeg(corpus_clip: CorpusClip) -> None:
    reference = reference_indices(corpus_clip.path)
    with open_video(corpus_clip.path, cache_bytes=4 * 2**20) as video:
        assert video.frame_count == len(reference)
        assert video.rotation == corpus_clip.rotation
        assert video.size == corpus_clip.display_size
        assert video.has_audio == corpus_clip.has_audio

        def shown(i: int) -> int | None:
            return read_frame_index(rotate_to_storage(video.read(i), video.rotation))

        order = list(range(video.frame_count))
        random.Random(corpus_clip.kind).shuffle(order)
        assert [shown(i) for i in order] == [reference[i] for i in order]
    with open_video(corpus_clip.path, cache_bytes=4 * 2**20) as video:
        backward = list(range(video.frame_count - 1, -1, -1))
        assert [shown(i) for i in backward] == [reference[i] for i in backward]


def test_thumbnails_match_ffmpeg(corpus_clip: CorpusClip) -> None:
    """Fast previews show a frame of the GOP at or before i; exact ones show i; both turned."""
    reference = reference_indices(corpus_clip.path)
    with open_video(corpus_clip.path, cache_bytes=4 * 2**20) as video:
        width, height = video.size
        frames = sorted({0, video.frame_count - 1, *range(7, video.frame_count, 23)})
        for i in frames:
            preview = video.preview(i, 96)
            keyframe = video.frame_index.seek_point_for(i).first_frame  # hidden ones too
            assert keyframe <= preview.frame <= i
            assert preview.rgb.shape[1] == 96
            assert abs(preview.rgb.shape[0] - 96 * height / width) < 1  # display orientation
            shown = read_frame_index(rotate_to_storage(preview.rgb, video.rotation))
            assert shown == reference[preview.frame]
        for i in reversed(frames):
            thumb = video.thumbnail(i, 96, exact=True)
            assert read_frame_index(rotate_to_storage(thumb, video.rotation)) == reference[i]
