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
