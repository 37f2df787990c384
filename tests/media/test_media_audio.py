"""Audio comes out on the video's timeline: t = 0 is frame 0, silence where there is none."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from attune_app.media import open_video
from tests.corpus import AV_OFFSET_S, make_clip
from tests.media.conftest import BEEPS


def _onsets_s(samples: NDArray[np.float32], rate: int, start_s: float = 0.0) -> list[float]:
    """Start times of loud stretches (more than 20 ms apart)."""
    loud = np.flatnonzero(np.abs(samples[:, 0]) > 0.1)
    starts = [loud[0]] if loud.size else []
    starts += [b for a, b in itertools.pairwise(loud) if b - a > 0.02 * rate]
    return [start_s + s / rate for s in starts]


def test_beeps_start_at_their_frames(beep_clip: Path) -> None:
    with open_video(beep_clip) as video:
        samples = video.audio(0.0, video.duration_s)
        assert samples.dtype == np.float32
        assert samples.shape == (round(video.duration_s * 48000), 2)
        onsets = _onsets_s(samples, 48000)
        assert onsets == pytest.approx([video.frame_time_s(f) for f in BEEPS.beeps_at], abs=0.002)
        assert [video.frame_at_time(t) for t in onsets] == list(BEEPS.beeps_at)


def test_a_window_is_aligned_and_resampled(beep_clip: Path) -> None:
    with open_video(beep_clip) as video:
        start_s = video.frame_time_s(38)
        window = video.audio(start_s, start_s + 0.4, rate=16000, channels=1)
        assert window.shape == (6400, 1)
        assert _onsets_s(window, 16000, start_s) == pytest.approx([1.6], abs=0.002)
        assert not video.audio(1.0, 1.5).any()  # between beeps
        assert not video.audio(3.5, 4.0).any()  # after the end: zero-padded


def test_audio_before_and_after_video(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.getbasetemp() / "media-corpus"
    with open_video(make_clip("audio_before_video", folder).path) as video:
        early = video.audio(-AV_OFFSET_S, 0.0, channels=1)
        assert np.abs(early).max() > 0.05  # the sound that plays before the first frame
        assert not video.audio(-2.0, -AV_OFFSET_S - 0.05).any()
    with open_video(make_clip("audio_after_video", folder).path) as video:
        assert not video.audio(0.0, AV_OFFSET_S - 0.05).any()
        assert np.abs(video.audio(AV_OFFSET_S + 0.05, 1.0)).max() > 0.05


def test_no_audio_is_silence(h264_clip: Path) -> None:
    with open_video(h264_clip) as video:
        assert not video.has_audio
        assert video.audio(0.0, 1.0).shape == (48000, 2)
        assert not video.audio(0.0, 1.0).any()
