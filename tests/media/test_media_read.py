"""Exact reads of a plain H.264 clip with B-frames: random order, forward, backward."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from attune_app.media import open_video
from attune_app.media.request_queue import RequestWorker, Staleness
from attune_app.media.synthetic import read_frame_index


def test_facts(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        assert video.frame_count == 150
        assert video.fps == pytest.approx(25.0)
        assert video.duration_s == pytest.approx(6.0)
        assert video.size == (320, 240)
        assert video.rotation == 0
        assert video.codec_name == "h264"
        assert not video.has_audio
        assert video.keyframes[0] == 0
        assert video.keyframes == sorted(video.keyframes)
        assert video.frame_time_s(0) == 0.0
        assert video.frame_time_s(25) == pytest.approx(1.0)


def test_random_order_reads_are_exact(h264_clip: Path) -> None:
    order = list(range(150))
    random.Random(7).shuffle(order)
    with open_video(h264_clip, cache_bytes=8 * 2**20) as video:
        for i in order:
            assert read_frame_index(video.read(i)) == i


def test_forward_steps_reuse_the_decoder(h264_clip: Path) -> None:
    with open_video(h264_clip, cache_bytes=0) as video:
        video.read(10)
        seeks = video._decoder.seeks
        for i in range(11, 150):
            assert read_frame_index(video.read(i)) == i
        assert video._decoder.seeks == seeks


def test_backward_steps_decode_each_segment_once(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        video.read(149)
        seeks = video._decoder.seeks
        for i in range(148, -1, -1):
            assert read_frame_index(video.read(i)) == i
        # one decode per GOP (keyframes every 60 frames), not one per step
        assert video._decoder.seeks - seeks <= len(video.keyframes)


def test_prefetch_keeps_a_backward_run_in_the_cache(h264_clip: Path) -> None:
    frame_bytes = 320 * 240 * 3
    with open_video(h264_clip, cache_bytes=30 * frame_bytes) as video:
        video.read(149)
        video.read(148)  # the one backward step that decodes in the foreground
        seeks = video._decoder.seeks
        for i in range(147, -1, -1):
            video.prefetch_before(i + 1)  # what the UI's worker does after each step
            assert i in video._cache
            assert read_frame_index(video.read(i)) == i
            assert video._cache.size_bytes <= 30 * frame_bytes
        assert video._decoder.seeks == seeks  # every step after the first was a cache hit
        assert video.prefetch_before(0) == 0


def test_prefetch_is_bounded_and_cancellable(h264_clip: Path) -> None:
    frame_bytes = 320 * 240 * 3
    with open_video(h264_clip, cache_bytes=30 * frame_bytes) as video:
        video.read(100)
        assert video.prefetch_before(100, should_stop=lambda: True) == 0
        added = video.prefetch_before(100)
        assert 0 < added <= 30 - 1 - 2
        assert all(i in video._cache for i in range(100 - added, 101))
        assert video.prefetch_before(100) == 0  # enough is cached before 100 already
        video._cache.clear()
        assert video.prefetch_before(50) > 0  # from a frame that is no longer cached
        assert read_frame_index(video.read(49)) == 49


def test_backward_run_with_a_background_prefetch(h264_clip: Path) -> None:
    frame_bytes = 320 * 240 * 3
    with open_video(h264_clip, cache_bytes=40 * frame_bytes) as video:

        def prefetch(i: int, staleness: Staleness) -> None:
            video.prefetch_before(i)  # each step is a newer request: not a reason to stop

        errors: list[BaseException] = []
        worker = RequestWorker[int](prefetch, on_error=errors.append)
        try:
            for i in range(149, -1, -1):
                assert read_frame_index(video.read(i)) == i
                worker.submit(i)
                if i == 75:
                    video._cache.clear()  # a queued request may now find nothing cached
        finally:
            worker.shutdown()
        assert errors == []


@pytest.mark.parametrize("cache_bytes", [0, 64 * 2**20])
def test_returned_frames_are_read_only_whatever_the_cache_size(
    h264_clip: Path, cache_bytes: int
) -> None:
    """The cache takes ownership of what it is given (no copy): a caller that writes to a
    frame fails at once instead of changing what others see, even when it was too big to keep."""
    with open_video(h264_clip, cache_bytes=cache_bytes) as video:
        for i in (100, 99, 3):
            frame = video.read(i)
            assert not frame.flags.writeable
            with pytest.raises(ValueError, match="read-only"):
                frame[0, 0, 0] = 1
        assert not video.thumbnail(50, 80).flags.writeable
