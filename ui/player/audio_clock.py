"""Sound as the master clock: PCM from the media engine, through atempo, into a QAudioSink.

A feed thread decodes and tempo-changes audio in blocks of whole samples (block edges are
integer sample indices, so rounding never accumulates into drift) and queues 16-bit PCM. A
GUI-thread timer pushes it into the sink as room frees up. The media time is the start time
plus the samples the device has consumed, times the speed: the picture follows the ear.
Backward (J, a negative speed) the feed reads the blocks before the start and plays each one
reversed, so rewinding sounds like a tape run back and keeps the picture on the sound's pace.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, QTimer

from ui.player.audio_delay import AudioDelaySettings, output_of
from ui.player.audio_tempo import TempoFilter

RATE, CHANNELS = 48000, 2
_BYTES_PER_FRAME = 2 * CHANNELS  # int16 interleaved
_BLOCK_SAMPLES = 2400  # 50 ms of media per decode block
_SILENCE_BYTES = RATE * _BYTES_PER_FRAME * 20 // 1000  # 20 ms queued between plays


class AudioSinkLike(Protocol):
    """What the clock needs from a device; a QAudioSink adapter or a simulated device."""

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def bytes_free(self) -> int: ...
    def write(self, data: bytes) -> int: ...
    def processed_us(self) -> int: ...
    def buffer_size(self) -> int: ...

    device_key: str  # which output this is, for its audio delay setting


def default_audio_device_available() -> bool:
    from PySide6.QtMultimedia import QMediaDevices

    return not QMediaDevices.defaultAudioOutput().isNull()


class QtAudioSink:
    """Push-mode QAudioSink on the default device. GUI thread only."""

    def __init__(self) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

        fmt = QAudioFormat()
        fmt.setSampleRate(RATE)
        fmt.setChannelCount(CHANNELS)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        device = QMediaDevices.defaultAudioOutput()
        self.device_key = output_of(device).key
        self._sink = QAudioSink(device, fmt)
        self._sink.setBufferSize(RATE * _BYTES_PER_FRAME // 10)  # 100 ms: low latency
        self._io: Any = None

    def start(self) -> None:
        self._io = self._sink.start()

    def stop(self) -> None:
        self._sink.stop()
        self._io = None

    def bytes_free(self) -> int:
        return int(self._sink.bytesFree()) if self._io is not None else 0

    def write(self, data: bytes) -> int:
        return int(self._io.write(data)) if self._io is not None else 0

    def processed_us(self) -> int:
        return int(self._sink.processedUSecs())

    def buffer_size(self) -> int:
        return int(self._sink.bufferSize())


class SimulatedAudioSink:
    """A device that consumes samples in real time in 10 ms periods, for tests and the bench
    on machines without sound (CI, offscreen). `now_s` is injectable."""

    def __init__(
        self,
        now_s: Callable[[], float] = time.monotonic,
        buffer_ms: int = 100,
        period_ms: int = 10,
        device_key: str = "simulated",
    ) -> None:
        self._now_s = now_s
        self.device_key = device_key
        self._buffer_bytes = RATE * _BYTES_PER_FRAME * buffer_ms // 1000
        self._period_frames = RATE * period_ms // 1000
        self._written_frames = 0
        self._consumed_base = 0  # frames consumed before the last underrun
        self._started_s: float | None = None
        self.pcm: list[bytes] = []  # everything written, for the bench's offset check

    def start(self) -> None:
        self._started_s = None  # the device starts pulling at the first write

    def stop(self) -> None:
        self._started_s = None

    def _consumed_frames(self) -> int:
        if self._started_s is None:
            return self._consumed_base
        elapsed = int((self._now_s() - self._started_s) * RATE)
        periods = elapsed // self._period_frames * self._period_frames
        consumed = self._consumed_base + periods
        if consumed >= self._written_frames:  # underrun: the device waits for data
            self._consumed_base, self._started_s = self._written_frames, None
            return self._written_frames
        return consumed

    def bytes_free(self) -> int:
        queued = (self._written_frames - self._consumed_frames()) * _BYTES_PER_FRAME
        return max(0, self._buffer_bytes - queued)

    def write(self, data: bytes) -> int:
        n = min(len(data), self.bytes_free()) // _BYTES_PER_FRAME * _BYTES_PER_FRAME
        if n <= 0:
            return 0
        self._consumed_frames()
        if self._started_s is None:
            self._started_s = self._now_s()
        self._written_frames += n // _BYTES_PER_FRAME
        self.pcm.append(bytes(data[:n]))
        return n

    def processed_us(self) -> int:
        return self._consumed_frames() * 1_000_000 // RATE

    def buffer_size(self) -> int:
        return self._buffer_bytes


class AudioFeed:
    """Decodes and tempo-changes audio on its own thread into a short queue of PCM bytes."""

    def __init__(self, reader: Any, start_s: float, speed: float, max_blocks: int = 6) -> None:
        self._reader = reader
        self._first_sample = round(start_s * RATE)
        self._backward = speed < 0  # J: the sound plays reversed, block by block
        self._tempo = TempoFilter(abs(speed), RATE, CHANNELS)
        self._queue: queue.Queue[bytes] = queue.Queue(max_blocks)
        self._stop = threading.Event()
        self._pending = b""
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="attune-audio-feed", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            block = 0
            while not self._stop.is_set():
                pcm = _to_int16(self._tempo.process(self._block(block)))
                block += 1
                while not self._stop.is_set():
                    try:
                        self._queue.put(pcm, timeout=0.05)
                        break
                    except queue.Full:
                        continue
        except Exception as error:  # reported, and the clock falls back to silence
            self.error = error

    def _block(self, block: int) -> np.ndarray[Any, Any]:
        """The media samples of output block `block`: forward, or backward (J) reversed
        sample by sample; silence before the clip's start, so a backward play runs out."""
        if self._backward:
            s0 = self._first_sample - (block + 1) * _BLOCK_SAMPLES
        else:
            s0 = self._first_sample + block * _BLOCK_SAMPLES
        lead = max(-s0, 0)  # samples before t = 0
        samples = np.zeros((0, CHANNELS), np.float32)
        if lead < _BLOCK_SAMPLES:
            start = s0 + lead
            read = self._reader.audio(start / RATE, (s0 + _BLOCK_SAMPLES) / RATE, RATE, CHANNELS)
            samples = _exact_length(np.asarray(read, np.float32), _BLOCK_SAMPLES - lead)
        block_samples = np.vstack([np.zeros((lead, CHANNELS), np.float32), samples])
        return block_samples[::-1] if self._backward else block_samples

    def take(self, max_bytes: int) -> bytes:
        """Up to `max_bytes` of queued PCM, whole sample frames only; never blocks."""
        while len(self._pending) < max_bytes:
            try:
                self._pending += self._queue.get_nowait()
            except queue.Empty:
                break
        n = min(max_bytes, len(self._pending)) // _BYTES_PER_FRAME * _BYTES_PER_FRAME
        out, self._pending = self._pending[:n], self._pending[n:]
        return out

    def give_back(self, data: bytes) -> None:
        self._pending = data + self._pending

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


class AudioClock(QObject):
    """PlaybackClock whose time is the audio the device has played. GUI thread only.

    The device stream stays open between plays, fed with a little silence: opening a stream
    can take from 0.1 s to well over a second (PulseAudio), and the picture waits for the
    sound, so reopening it at every Space press would make play feel broken. Content is
    appended after whatever silence is queued; the clock counts from its first sample.

    The output's audio delay (`delay_ms_for(device key)`, read at each start and at
    `refresh_delay`) is taken off the device's count: the sound reaches the ear that much
    later, so the picture waits for it.
    """

    kind = "audio"

    def __init__(
        self,
        reader: Any,
        sink_factory: Callable[[], AudioSinkLike] = QtAudioSink,
        pump_interval_ms: int = 5,
        delay_ms_for: Callable[[str], int] | None = None,
    ) -> None:
        super().__init__()
        self._delay_ms_for = delay_ms_for or AudioDelaySettings().delay_ms
        self._delay_s = 0.0
        self._reader = reader  # the engine's Video: its audio() is thread-safe
        self._sink_factory = sink_factory
        self.sink: AudioSinkLike | None = None
        self._feed: AudioFeed | None = None
        self._running = False
        self._start_s = 0.0
        self._speed = 1.0
        self._stopped_at_s = 0.0
        self._written_frames = 0
        self.content_start_frame = 0  # frames written to the device before this play's first
        self._timer = QTimer(self)
        self._timer.setInterval(pump_interval_ms)
        self._timer.timeout.connect(self.pump)

    @property
    def running(self) -> bool:
        return self._running

    def warm_up(self) -> None:
        """Open the device now (silence), so the first play starts promptly."""
        if self.sink is None:
            self.sink = self._sink_factory()
            self.sink.start()
            self._written_frames = 0
        if not self._timer.isActive():
            self._timer.start()

    def start(self, media_s: float, speed: float) -> None:
        if speed == 0:
            raise ValueError("the audio clock needs a speed (negative: backward)")
        self.stop()
        self.warm_up()
        self._start_s, self._speed = media_s, speed
        self.refresh_delay()
        self.content_start_frame = self._written_frames
        self._feed = AudioFeed(self._reader, media_s, speed)
        self._running = True

    def pump(self) -> None:
        """Keep the device fed: this play's sound, or a little silence between plays."""
        if self.sink is None:
            return
        free = self.sink.bytes_free()
        if self._feed is None:
            data = bytes(min(free, _SILENCE_BYTES) // _BYTES_PER_FRAME * _BYTES_PER_FRAME)
            if self.sink.buffer_size() - free >= _SILENCE_BYTES:
                return  # enough silence queued; more would only delay the next play
        else:
            # While playing, never pad with silence: a starved device must stop the clock,
            # so the picture waits for the sound instead of running ahead of it.
            data = self._feed.take(free) if free > 0 else b""
        if not data:
            return
        written = self.sink.write(data)
        self._written_frames += written // _BYTES_PER_FRAME
        if self._feed is not None and written < len(data):
            self._feed.give_back(data[written:])

    @property
    def delay_s(self) -> float:
        return self._delay_s

    def refresh_delay(self) -> None:
        """Read the output's audio delay again (the user changed it)."""
        if self.sink is not None:
            self._delay_s = max(self._delay_ms_for(self.sink.device_key), 0) / 1000

    def position_s(self) -> float:
        if not self._running or self.sink is None:
            return self._stopped_at_s
        self.pump()  # keep the device fed even when the timer is late
        played_frames = self.sink.processed_us() * RATE // 1_000_000 - self.content_start_frame
        heard_s = max(played_frames, 0) / RATE - self._delay_s  # what has reached the ear
        return self._start_s + max(heard_s, 0.0) * self._speed

    def stop(self) -> None:
        """Stop this play; the device stays open (up to 100 ms of queued sound plays out)."""
        if self._running:
            self._stopped_at_s = self.position_s()
        self._running = False
        if self._feed is not None:
            self._feed.stop()
            self._feed = None

    def close(self) -> None:
        self.stop()
        self._timer.stop()
        if self.sink is not None:
            self.sink.stop()
            self.sink = None


def _exact_length(samples: np.ndarray[Any, Any], n: int) -> np.ndarray[Any, Any]:
    samples = samples.reshape(-1, CHANNELS) if samples.ndim == 2 else samples[:, None]
    if samples.shape[1] != CHANNELS:
        samples = np.repeat(samples[:, :1], CHANNELS, axis=1)
    if samples.shape[0] >= n:
        return samples[:n]
    return np.vstack([samples, np.zeros((n - samples.shape[0], CHANNELS), np.float32)])


def _to_int16(samples: np.ndarray[Any, Any]) -> bytes:
    pcm: bytes = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    return pcm
