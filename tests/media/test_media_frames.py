"""Thumbnails, the playback generator, the saved index, times, the cache and threads."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attune_app.media import FrameIndex, Video, open_video
from attune_app.media.frame_cache import FrameCache
from attune_app.media.synthetic import read_frame_index


def _keyframe_at_or_before(video: Video, i: int) -> int:
    return max(k for k in video.keyframes if k <= i)


def test_fast_thumbnails_show_the_keyframe(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        for i in (149, 3, 77, 0, 78, 119):
            preview = video.preview(i, 96)
            assert preview.rgb.shape == (72, 96, 3)
            assert preview.rgb.dtype == np.uint8
            assert read_frame_index(preview.rgb) == preview.frame
            assert preview.frame == _keyframe_at_or_before(video, i)
            assert preview.exact == (preview.frame == i)
            assert video.preview_frame(i, 96) == preview.frame
            assert read_frame_index(video.thumbnail(i, 96)) == preview.frame
        assert video._thumbnails.keyframe_decodes == 2  # frame 0 was cached by open_video
        assert video._thumbnails.keyframe_fallbacks == 0


def test_exact_thumbnails_show_their_frame(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        for i in (149, 3, 77, 0, 78):
            thumb = video.thumbnail(i, 96, exact=True)
            assert thumb.shape == (72, 96, 3)
            assert read_frame_index(thumb) == i
            assert video.preview(i, 96).exact  # now decoded: the fast one is exact too


def test_thumbnails_of_cached_frames_are_exact(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        assert video.preview_frame(77, 160) == 60
        video.read(77)
        assert video.preview_frame(77, 160) == 77
        preview = video.preview(77, 160)
        assert preview.exact
        assert read_frame_index(preview.rgb) == 77
        nearby = video.preview(80, 160)  # the nearest decoded frame before it in its GOP
        assert (nearby.frame, read_frame_index(nearby.rgb)) == (77, 77)
        assert video._thumbnails.keyframe_decodes == 0


def test_frames_generator_plays_in_order(h264_clip: Path) -> None:
    with open_video(h264_clip, cache_bytes=0) as video:
        seen = [(i, read_frame_index(frame)) for i, frame in video.frames(55, 130)]
        assert seen == [(i, i) for i in range(55, 130)]
        assert [i for i, _ in video.frames(145)] == list(range(145, 150))


def test_saved_index_round_trips_and_skips_demuxing(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        saved = video.frame_index.to_json()
        keyframes = video.keyframes
    loaded = FrameIndex.from_json(saved)
    assert loaded == FrameIndex.from_json(loaded.to_json())
    with open_video(h264_clip, frame_index=loaded) as video:
        assert video.frame_index is loaded
        assert video.keyframes == keyframes
        assert read_frame_index(video.read(101)) == 101


def test_a_stale_saved_index_is_rebuilt(h264_clip: Path, beep_clip: Path) -> None:
    with open_video(beep_clip) as video:
        other = video.frame_index
    with open_video(h264_clip, frame_index=other) as video:
        assert video.frame_count == 150


def test_an_index_from_another_version_is_refused() -> None:
    with pytest.raises(ValueError, match="version"):
        FrameIndex.from_json('{"version": 99}')


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_frame_time_frame_round_trip(vfr_clip: Path, data: st.DataObject) -> None:
    with open_video(vfr_clip) as video:
        i = data.draw(st.integers(0, video.frame_count - 1))
        t_s = video.frame_time_s(i)
        assert video.frame_at_time(t_s) == i
        if i + 1 < video.frame_count:
            later = data.draw(st.floats(0.0, 0.999))
            between = t_s + later * (video.frame_time_s(i + 1) - t_s)
            assert video.frame_at_time(between) == i
        assert video.frame_at_time(-5.0) == 0
        assert video.frame_at_time(1e6) == video.frame_count - 1


def test_cache_is_bounded_in_bytes() -> None:
    cache = FrameCache(max_bytes=3 * 100)
    for key in range(5):
        cache.put(key, np.zeros(100, dtype=np.uint8))
    assert len(cache) == 3
    assert cache.size_bytes == 300
    assert cache.get(0) is None
    assert cache.get(4) is not None
    frame = cache.get(4)
    assert frame is not None
    assert not frame.flags.writeable


def test_cache_reservation_lowers_the_bound_for_a_while() -> None:
    cache = FrameCache(max_bytes=4 * 100)
    for key in range(4):
        cache.put(key, np.zeros(100, dtype=np.uint8))
    cache.touch([1, 0])  # 2 and 3 are now the least recently used
    with cache.reserved(200):
        assert cache.size_bytes == 200
        assert 2 not in cache and 3 not in cache
        cache.put(9, np.zeros(100, dtype=np.uint8))
        assert cache.size_bytes == 200
    cache.put(10, np.zeros(100, dtype=np.uint8))
    assert cache.size_bytes == 300
    found = cache.first_of([7, 10, 9])
    assert found is not None and found[0] == 10


def test_backward_steps_stay_within_the_cache(h264_clip: Path) -> None:
    frame_bytes = 320 * 240 * 3
    with open_video(h264_clip, cache_bytes=20 * frame_bytes) as video:
        for i in range(149, 99, -1):
            assert read_frame_index(video.read(i)) == i
        assert video._cache.size_bytes <= 20 * frame_bytes


def test_thumbnail_decoders_count_against_the_cache_bound_while_open(h264_clip: Path) -> None:
    """Their own decoders' buffers are reserved from the frame cache, as the prefetch's are."""
    frame_bytes = 320 * 240 * 3
    bound = 30 * frame_bytes
    with open_video(h264_clip, cache_bytes=bound) as video:
        for i in range(30):
            video.read(i)
        assert video._cache.reserved_bytes == 0
        assert read_frame_index(video.thumbnail(100, 80)) == 60  # the keyframe decoder opens
        with_keyframes = video._cache.reserved_bytes
        assert read_frame_index(video.thumbnail(101, 80, exact=True)) == 101  # the exact one
        with_both = video._cache.reserved_bytes
        assert 0 < with_keyframes < with_both < bound // 2
        assert video._cache.size_bytes + with_both <= bound  # cached frames made room
        for i in range(102, 150, 5):  # the decoders are reused: nothing more is reserved
            assert read_frame_index(video.thumbnail(i, 80, exact=True)) == i
            video.thumbnail(i, 80)
        assert video._cache.reserved_bytes == with_both
    assert video._cache.reserved_bytes == 0  # closed: their decoders are gone


def test_reads_and_thumbnails_from_two_threads(h264_clip: Path) -> None:
    errors: list[str] = []

    def check(kind: str, frames: list[int]) -> None:
        for i in frames:
            if kind == "read":
                shown, picture = i, video.read(i)
            elif kind == "exact":
                shown, picture = i, video.thumbnail(i, 80, exact=True)
            else:
                preview = video.preview(i, 80)
                shown, picture = preview.frame, preview.rgb
                if not _keyframe_at_or_before(video, i) <= shown <= i:
                    errors.append(f"preview {i} shows {shown}")
            if read_frame_index(picture) != shown:
                errors.append(f"{kind} {i}")

    with open_video(h264_clip, cache_bytes=4 * 2**20) as video:
        workers = [
            threading.Thread(target=check, args=("read", list(range(0, 150, 7)))),
            threading.Thread(target=check, args=("exact", list(range(149, 0, -11)))),
            threading.Thread(target=check, args=("preview", list(range(1, 150, 5)))),
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert errors == []
