"""Exact reads of a plain H.264 clip with B-frames: random order, forward, backward."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from attune_app.media import open_video
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
