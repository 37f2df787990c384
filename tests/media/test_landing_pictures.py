"""A seek keeps the pictures it decoded on its way, so the first steps back are not a decode."""

from __future__ import annotations

from pathlib import Path

from attune_app.media import open_video
from attune_app.media.synthetic import read_frame_index

FRAME_BYTES = 320 * 240 * 3


def test_the_first_steps_back_after_a_seek_reuse_what_the_seek_decoded(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        video.read(30)
        video.read(149)  # a jump: decodes 120..149 (keyframes every 60 frames)
        seeks = video._decoder.seeks
        for i in range(148, 119, -1):
            assert read_frame_index(video.read(i)) == i
        assert video._decoder.seeks == seeks  # no decode from the keyframe again


def test_a_landing_mid_gop_keeps_only_what_is_before_it(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        video.read(100)  # keyframe 60
        assert 99 in video._landing and 60 in video._landing
        assert 100 not in video._landing and 59 not in video._landing


def test_the_prefetch_converts_the_kept_pictures_nearest_first(h264_clip: Path) -> None:
    with open_video(h264_clip, cache_bytes=24 * FRAME_BYTES) as video:
        video.read(149)
        assert video.prefetch_before(149, should_stop=lambda: True) == 0
        assert 148 not in video._cache
        kept = [i for i in range(120, 149) if i in video._landing]
        assert kept and kept[-1] == 148 and kept[0] > 120  # bounded by the cache's share
        video.prefetch_before(149)
        assert all(i in video._cache for i in kept)
        seeks = video._decoder.seeks
        for i in reversed(kept):
            assert read_frame_index(video.read(i)) == i
        assert video._decoder.seeks == seeks
        assert video._cache.size_bytes + video._cache._reserved <= 24 * FRAME_BYTES


def test_playing_on_or_jumping_away_lets_the_landing_go(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        video.read(100)
        for i in range(101, 110):  # played on: the decoder continues, nothing new is kept
            video.read(i)
        assert 99 not in video._landing
        video.read(50)  # a jump back: keeps 0..49
        assert 49 in video._landing
        video.read(51)  # a step forward from the landing still keeps it
        assert 49 in video._landing
        assert read_frame_index(video.read(49)) == 49


def test_a_step_back_from_a_keyframe_converts_only_the_frame_it_shows(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        video.read(60)  # a keyframe: nothing of its GOP before it
        seeks = video._decoder.seeks
        assert read_frame_index(video.read(59)) == 59  # decodes the previous GOP once...
        assert 30 not in video._cache and 30 in video._landing  # ...converting only 59
        for i in range(58, -1, -1):
            assert read_frame_index(video.read(i)) == i
        assert video._decoder.seeks == seeks + 1


def test_kept_pictures_count_against_the_cache_bound_for_good(h264_clip: Path) -> None:
    """The decoder's frame pool keeps what it once lent out: reserved, never given back."""
    bound = 30 * FRAME_BYTES
    with open_video(h264_clip, cache_bytes=bound) as video:
        video.read(149)
        reserved = video._cache.reserved_bytes
        assert 0 < reserved <= bound // 8
        for i in range(148, 100, -1):
            video.read(i)
            video.prefetch_before(i)
            assert video._cache.size_bytes + video._cache.reserved_bytes <= bound
        assert video._cache.reserved_bytes == reserved
    assert video._cache.reserved_bytes == 0  # closed: the decoder and its pool are gone


def test_the_prefetch_decodes_below_the_kept_pictures_first(h264_clip: Path) -> None:
    with open_video(h264_clip, cache_bytes=60 * FRAME_BYTES) as video:
        video.read(149)
        kept = [i for i in range(120, 149) if i in video._landing]
        # 1/8 of the bound: at most 15 pictures of half a frame each (less their padding)
        assert 8 <= len(kept) <= 15 and kept == list(range(kept[0], 149))
        video.read(148)
        seeks = video._decoder.seeks
        video.prefetch_before(148)
        assert all(i in video._cache for i in range(120, 148))  # the chunk, then the pictures
        for i in range(147, 110, -1):
            assert read_frame_index(video.read(i)) == i
        assert video._decoder.seeks == seeks + 1  # only the GOP before 120, on demand
