from __future__ import annotations

from attune_app.domain.timecode import format_latency, format_seconds


def test_format_seconds() -> None:
    assert format_seconds(0) == "0:00.000"
    assert format_seconds(61.5) == "1:01.500"
    assert format_seconds(3723.004) == "1:02:03.004"
    assert format_seconds(-1.25) == "-0:01.250"
    assert format_seconds(59.9996, with_ms=False) == "1:00"


def test_format_latency() -> None:
    assert format_latency(25, 30.0) == "0.83 s (25 frames)"
    assert format_latency(1, 25.0) == "0.04 s (1 frame)"
