"""The demo clip: about a minute of two animated figures, a parent and a baby, with sound.

No real people: shapes drawn with OpenCV, voices made of tones. The scripted moments in
`DEMO_MOMENTS` are what the demo library tags, so a new user sees cue, response and latency
line up with what is on screen and in the sound.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
from numpy.typing import NDArray

FPS = 25
WIDTH, HEIGHT = 960, 540
DURATION_S = 60
SAMPLE_RATE = 48_000

Frame = NDArray[np.uint8]


@dataclass(frozen=True)
class DemoMoment:
    """One scripted attuned moment: the baby's cue and the parent's answer, in seconds."""

    cue_s: float
    cue: str  # infant cue code
    response_s: float
    response: str  # parent response code
    note: str
    baby_says: str = ""
    parent_says: str = ""


DEMO_MOMENTS: tuple[DemoMoment, ...] = (
    DemoMoment(4.0, "looks_at_parent", 4.6, "looks_back", "Baby looks up; mum meets her eyes."),
    DemoMoment(10.0, "smiles", 10.5, "smiles", "Baby smiles; mum smiles and nods straight back."),
    DemoMoment(
        17.0,
        "vocalises",
        17.8,
        "imitates",
        "Baby coos; mum copies the sound.",
        "ah-goo!",
        "ah-goo!",
    ),
    DemoMoment(25.0, "reaches", 26.0, "names", "Baby reaches; mum names the toy.", "", "The duck!"),
    DemoMoment(33.0, "looks_away", 33.4, "waits", "Baby turns away; mum waits and gives space."),
    DemoMoment(
        42.0, "fusses", 43.0, "soothes", "Baby fusses; mum soothes with a gentle touch.", "eh-eh"
    ),
    DemoMoment(
        50.0, "smiles", 50.6, "imitates", "Baby smiles and squeals; mum mirrors.", "eee!", "eee!"
    ),
)

_SKIN_BABY = (250, 214, 186)
_SKIN_PARENT = (214, 160, 122)
_WALL = (236, 228, 214)
_FLOOR = (201, 182, 158)


def write_demo_clip(
    path: Path,
    duration_s: int = DURATION_S,
    progress: Callable[[float], None] | None = None,
) -> Path:
    """Write the demo clip (H.264 + AAC in MP4) to `path`, replacing any file there.

    Written to a temporary name and renamed when complete, so a cut-off run leaves no clip.
    `progress` (optional) is called with the fraction done, about once a second of video.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.mp4")
    audio = demo_soundtrack()[: duration_s * SAMPLE_RATE]
    with av.open(str(partial), "w") as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.options = {"crf": "23", "preset": "veryfast", "g": str(2 * FPS)}
        sound = out.add_stream("aac", rate=SAMPLE_RATE)
        sound.layout = "mono"
        total = FPS * duration_s
        for index in range(total):
            picture = av.VideoFrame.from_ndarray(draw_demo_frame(index), format="rgb24")
            out.mux(video.encode(picture))
            if progress is not None and index % FPS == 0:
                progress(index / total)
        out.mux(video.encode(None))
        _mux_audio(out, sound, audio)
    partial.replace(path)
    if progress is not None:
        progress(1.0)
    return path


def draw_demo_frame(index: int) -> Frame:
    t_s = index / FPS
    frame = np.empty((HEIGHT, WIDTH, 3), dtype=np.uint8)
    frame[:] = _WALL
    frame[int(HEIGHT * 0.72) :] = _FLOOR
    _draw_toy(frame, t_s)
    _draw_baby(frame, t_s)
    _draw_parent(frame, t_s)
    for moment in DEMO_MOMENTS:
        if moment.baby_says and 0 <= t_s - moment.cue_s < 1.2:
            _bubble(frame, (250, 150), moment.baby_says)
        if moment.parent_says and 0 <= t_s - moment.response_s < 1.4:
            _bubble(frame, (640, 90), moment.parent_says)
    label = "Demo clip - fictional, generated"
    cv2.putText(
        frame, label, (16, HEIGHT - 16), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (90, 80, 70), 1, cv2.LINE_AA
    )
    return frame


def demo_soundtrack() -> NDArray[np.float32]:
    """Mono PCM: a soft room tone, the baby's coos and the parent's answers."""
    n = SAMPLE_RATE * DURATION_S
    rng = np.random.default_rng(7)
    track = (rng.standard_normal(n) * 0.004).astype(np.float32)
    for moment in DEMO_MOMENTS:
        if moment.baby_says:
            _add_voice(track, moment.cue_s, 0.7, 520.0, 760.0)
        if moment.parent_says:
            _add_voice(track, moment.response_s, 0.8, 240.0, 330.0)
    return np.clip(track, -1.0, 1.0)


def _add_voice(
    track: NDArray[np.float32], start_s: float, length_s: float, f0: float, f1: float
) -> None:
    start = int(start_s * SAMPLE_RATE)
    n = int(length_s * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    pitch = f0 + (f1 - f0) * np.sin(np.pi * t / length_s)
    phase = 2 * np.pi * np.cumsum(pitch) / SAMPLE_RATE
    envelope = np.sin(np.pi * t / length_s) ** 2
    voice = 0.25 * envelope * (np.sin(phase) + 0.3 * np.sin(2 * phase))
    track[start : start + n] += voice[: len(track) - start].astype(np.float32)


def _mux_audio(
    out: av.container.OutputContainer, stream: av.audio.stream.AudioStream, pcm: NDArray[np.float32]
) -> None:
    chunk = 1024
    for start in range(0, len(pcm), chunk):
        samples = pcm[start : start + chunk].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(samples, format="flt", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = start
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def _active(t_s: float, start_s: float, length_s: float) -> float:
    """0..1..0 over an event: a quick rise (so the cue frame shows it), a hold, an eased fall."""
    x = t_s - start_s
    if not 0 <= x <= length_s:
        return 0.0
    rise, fall = 0.16, min(0.6, length_s / 2)
    if x < rise:
        return x / rise
    if x > length_s - fall:
        return math.sin(math.pi / 2 * (length_s - x) / fall) ** 2
    return 1.0


def _moment_level(t_s: float, cue: str, *, parent: bool, length_s: float = 2.5) -> float:
    level = 0.0
    for m in DEMO_MOMENTS:
        start = m.response_s if parent else m.cue_s
        code = m.response if parent else m.cue
        if code == cue:
            level = max(level, _active(t_s, start, length_s))
    return level


def _draw_baby(frame: Frame, t_s: float) -> None:
    bounce = int(4 * math.sin(t_s * 2.2))
    cx, cy = 300, 330 + bounce
    cv2.ellipse(frame, (cx, cy + 110), (120, 40), 0, 0, 360, (120, 150, 190), -1, cv2.LINE_AA)
    cv2.ellipse(frame, (cx, cy + 80), (70, 60), 0, 0, 360, (250, 236, 160), -1, cv2.LINE_AA)
    turn = _moment_level(t_s, "looks_away", parent=False, length_s=3.5)
    reach = _moment_level(t_s, "reaches", parent=False, length_s=2.5)
    arm_end = (int(cx - 60 - 110 * reach), int(cy + 70 - 50 * reach))
    cv2.line(frame, (cx - 50, cy + 60), arm_end, _SKIN_BABY, 18, cv2.LINE_AA)
    cv2.line(frame, (cx + 50, cy + 60), (cx + 85, cy + 95), _SKIN_BABY, 18, cv2.LINE_AA)
    head = (cx - int(25 * turn), cy)
    cv2.circle(frame, head, 58, _SKIN_BABY, -1, cv2.LINE_AA)
    look = _baby_gaze(t_s, turn)
    for dx in (-20, 20):
        eye = (head[0] + dx, head[1] - 8)
        cv2.circle(frame, eye, 9, (255, 255, 255), -1, cv2.LINE_AA)
        cv2.circle(frame, (eye[0] + look[0], eye[1] + look[1]), 5, (50, 40, 40), -1, cv2.LINE_AA)
    smile = max(_moment_level(t_s, "smiles", parent=False), 0.0)
    fuss = _moment_level(t_s, "fusses", parent=False, length_s=2.0)
    _mouth(frame, (head[0], head[1] + 25), smile - fuss, open_=_voice_open(t_s, parent=False))


def _baby_gaze(t_s: float, turn: float) -> tuple[int, int]:
    at_parent = max(
        _moment_level(t_s, "looks_at_parent", parent=False, length_s=5.0),
        _moment_level(t_s, "smiles", parent=False, length_s=3.0),
    )
    if turn > 0.2:
        return (-6, 1)
    return (int(-5 + 11 * at_parent), int(2 - 4 * at_parent))


def _draw_parent(frame: Frame, t_s: float) -> None:
    lean = _moment_level(t_s, "soothes", parent=True, length_s=3.0)
    cx, cy = 640 - int(40 * lean), 230
    cv2.ellipse(
        frame, (cx + 10, cy + 230), (110, 170), 0, 180, 360, (110, 140, 120), -1, cv2.LINE_AA
    )
    hand = (int(cx - 90 - 170 * lean), int(cy + 170 + 60 * lean))
    cv2.line(frame, (cx - 60, cy + 110), hand, (110, 140, 120), 28, cv2.LINE_AA)
    cv2.circle(frame, hand, 18, _SKIN_PARENT, -1, cv2.LINE_AA)
    nod = int(6 * _moment_level(t_s, "smiles", parent=True, length_s=1.2))
    head = (cx, cy + nod)
    cv2.circle(frame, (head[0] + 8, head[1] - 12), 82, (70, 50, 40), -1, cv2.LINE_AA)
    cv2.circle(frame, head, 74, _SKIN_PARENT, -1, cv2.LINE_AA)
    looking = max(
        _moment_level(t_s, "looks_back", parent=True, length_s=5.0),
        _moment_level(t_s, "smiles", parent=True, length_s=3.0),
    )
    waiting = _moment_level(t_s, "waits", parent=True, length_s=3.2)
    gaze = (int(-4 - 4 * looking + 3 * waiting), int(3 * looking))
    for dx in (-26, 26):
        eye = (head[0] + dx, head[1] - 10)
        cv2.circle(frame, eye, 11, (255, 255, 255), -1, cv2.LINE_AA)
        cv2.circle(frame, (eye[0] + gaze[0], eye[1] + gaze[1]), 6, (40, 30, 30), -1, cv2.LINE_AA)
    warmth = max(_moment_level(t_s, "smiles", parent=True), 0.35 * looking)
    _mouth(frame, (head[0], head[1] + 35), 0.2 + warmth, open_=_voice_open(t_s, parent=True))


def _voice_open(t_s: float, *, parent: bool) -> float:
    for m in DEMO_MOMENTS:
        says = m.parent_says if parent else m.baby_says
        start = m.response_s if parent else m.cue_s
        if says and 0 <= t_s - start < 0.8:
            return abs(math.sin((t_s - start) * 12))
    return 0.0


def _mouth(frame: Frame, centre: tuple[int, int], smile: float, open_: float) -> None:
    width = 22
    if open_ > 0.1:
        cv2.ellipse(
            frame, centre, (12, int(4 + 10 * open_)), 0, 0, 360, (120, 40, 50), -1, cv2.LINE_AA
        )
        return
    curve = int(12 * smile)
    start, end = (0, 180) if curve >= 0 else (180, 360)
    axes = (width, max(abs(curve), 2))
    cv2.ellipse(frame, centre, axes, 0, start, end, (120, 40, 50), 4, cv2.LINE_AA)


def _draw_toy(frame: Frame, t_s: float) -> None:
    bob = int(3 * math.sin(t_s * 1.3))
    body = (110, 420 + bob)
    cv2.ellipse(frame, body, (42, 28), 0, 0, 360, (250, 210, 60), -1, cv2.LINE_AA)
    cv2.circle(frame, (body[0] + 30, body[1] - 30), 20, (250, 210, 60), -1, cv2.LINE_AA)
    beak = np.array(
        [[body[0] + 48, body[1] - 34], [body[0] + 66, body[1] - 28], [body[0] + 48, body[1] - 24]],
        dtype=np.int32,
    )
    cv2.fillPoly(frame, [beak], (240, 140, 40), cv2.LINE_AA)
    cv2.circle(frame, (body[0] + 36, body[1] - 34), 3, (30, 30, 30), -1, cv2.LINE_AA)


def _bubble(frame: Frame, anchor: tuple[int, int], text: str) -> None:
    font, scale, thick = cv2.FONT_HERSHEY_SIMPLEX, 1.0, 2
    (w, h), _ = cv2.getTextSize(text, font, scale, thick)
    x, y = anchor
    cv2.rectangle(
        frame, (x - 14, y - h - 16), (x + w + 14, y + 14), (255, 255, 255), -1, cv2.LINE_AA
    )
    cv2.rectangle(
        frame, (x - 14, y - h - 16), (x + w + 14, y + 14), (150, 140, 130), 2, cv2.LINE_AA
    )
    cv2.putText(frame, text, (x, y), font, scale, (60, 50, 50), thick, cv2.LINE_AA)
